"""Every scene of the explainer, composed from the chapter modules, which list their own.

>>> from derived_transformer.scenes.catalog import CHAPTERS, find_scene
>>> [chapter.title for chapter in CHAPTERS][:2]
['Intro', 'CNNs for text']
>>> find_scene("one-hot").__name__
'OneHotWords'
"""

from __future__ import annotations

from types import ModuleType

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.scenes import (
    ch0_intro,
    ch1_cnn,
    ch2_pairwise,
    ch3_attention,
    ch4_optimisations,
    demo,
)
from derived_transformer.scenes.base import Chapter, DerivedScene

CHAPTER_MODULES: tuple[ModuleType, ...] = (
    ch0_intro,
    ch1_cnn,
    ch2_pairwise,
    ch3_attention,
    ch4_optimisations,
)
"""The chapter modules in the explainer's order; each declares ``CHAPTER`` and ``SCENES``."""

CHAPTERS: tuple[Chapter, ...] = tuple(module.CHAPTER for module in CHAPTER_MODULES)

VIDEO_SCENES: tuple[type[DerivedScene], ...] = tuple(
    scene for module in CHAPTER_MODULES for scene in module.SCENES
)
"""Every scene of the explainer, in order."""

EXTRA_SCENES: tuple[type[DerivedScene], ...] = (demo.ComponentsDemo,)
"""Scenes that render on their own but are not part of the explainer."""

ALL_SCENES: tuple[type[DerivedScene], ...] = VIDEO_SCENES + EXTRA_SCENES

GALLERY: tuple[type[DerivedScene], ...] = tuple(
    scene for scene in VIDEO_SCENES if scene.__dict__.get("in_gallery", False)
)
"""One scene per chapter whose last frame stands for the chapter in the README's gallery."""


class UnknownSceneError(DerivedTransformerError):
    """A scene name that is not in the catalogue."""


class UnknownChapterError(DerivedTransformerError):
    """A chapter number the explainer does not have."""


def find_scene(name: str) -> type[DerivedScene]:
    """The scene whose short name (or class name) is ``name``."""
    for scene in ALL_SCENES:
        if name in (scene.short_name, scene.__name__):
            return scene
    raise UnknownSceneError(
        f"unknown scene '{name}'; the scenes are: "
        f"{', '.join(s.short_name for s in ALL_SCENES)} (see --list)"
    )


def find_chapter(number: int) -> Chapter:
    for chapter in CHAPTERS:
        if chapter.number == number:
            return chapter
    raise UnknownChapterError(
        f"unknown chapter {number}; the chapters are: "
        + ", ".join(f"{c.number} ({c.title})" for c in CHAPTERS)
    )


def chapter_scenes(chapter: Chapter) -> tuple[type[DerivedScene], ...]:
    """The scenes of ``chapter``, in order."""
    return tuple(scene for scene in VIDEO_SCENES if scene.chapter == chapter)
