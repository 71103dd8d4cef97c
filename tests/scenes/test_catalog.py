"""Every scene of the catalogue builds, with the layout checked after every animation, and
the catalogue is composed from the chapters' own lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from derived_transformer.scenes import catalog
from derived_transformer.scenes.base import DerivedScene
from tests.support.harness import build_scene
from tests.support.scene_checks import check_builds_cleanly

OTHER_SENTENCE = "the lion saw that the fire was roaring"
LONGEST = "the dog spun around so fast that it caught its tail"
SENTENCE_DRIVEN = [s for s in catalog.ALL_SCENES if not s.fixed_example]
NOT_YET_SHOWING_THE_SENTENCE: set[str] = set()
"""Scenes that take a sentence but draw neither its words nor its length yet."""


def showing_the_sentence(scene: type[DerivedScene]) -> object:
    if scene.short_name in NOT_YET_SHOWING_THE_SENTENCE:
        reason = "takes --sentence but does not show it yet"
        return pytest.param(scene, marks=pytest.mark.xfail(strict=True, reason=reason))
    return scene


def ids(scene: type[DerivedScene]) -> str:
    return scene.short_name


def test_the_catalogue_is_the_chapters_lists_in_order() -> None:
    assert [c.number for c in catalog.CHAPTERS] == list(range(len(catalog.CHAPTERS)))
    for module in catalog.CHAPTER_MODULES:
        assert all(scene.chapter == module.CHAPTER for scene in module.SCENES)
    names = [s.short_name for s in catalog.ALL_SCENES]
    assert len(set(names)) == len(names) and all(names)
    assert [s.chapter.number for s in catalog.GALLERY] == [c.number for c in catalog.CHAPTERS]


@pytest.mark.parametrize("scene_class", catalog.EXTRA_SCENES, ids=ids)
def test_extra_scene_builds_with_a_clean_layout(
    scene_class: type[DerivedScene], media_dir: Path
) -> None:
    check_builds_cleanly(scene_class, media_dir)  # the chapters' scenes: in their test files


@pytest.mark.render
@pytest.mark.parametrize("scene_class", [showing_the_sentence(s) for s in SENTENCE_DRIVEN], ids=ids)
def test_scene_follows_another_sentence(scene_class: type[DerivedScene], media_dir: Path) -> None:
    scene = build_scene(scene_class, media_dir, sentence=OTHER_SENTENCE)
    drawn = " ".join(sorted(scene.seen_texts))
    words = OTHER_SENTENCE.split()
    missing = [w for w in words if not re.search(rf"\b{w}\b", drawn)]
    length_shown = re.search(rf"\b{len(words)} words\b", drawn) is not None
    assert not missing or length_shown, f"words of the sentence never drawn: {missing}"


@pytest.mark.render
@pytest.mark.parametrize("scene_class", SENTENCE_DRIVEN, ids=ids)
def test_scene_stays_in_frame_for_the_longest_sentence(
    scene_class: type[DerivedScene], media_dir: Path
) -> None:
    build_scene(scene_class, media_dir, sentence=LONGEST)


def test_captions_on_screen_sit_below_the_picture(media_dir: Path) -> None:
    from derived_transformer.scenes.ch3_attention import OneLargeVector

    scene = build_scene(OneLargeVector, media_dir, captions_on_screen=True)
    caption = scene.caption_shown
    (lines,) = caption.submobjects
    assert caption.showing == scene.cues[-1].text == " ".join(line.text for line in lines)
    assert len(lines) <= 2
    picture_bottom = min(m.get_bottom()[1] for m in scene.mobjects if m is not caption)
    assert caption.get_top()[1] < picture_bottom
