"""The one function that renders a scene to a file.

Every way of rendering (a scene, a chapter, the whole explainer, stills, contact sheets,
slides, the gallery, the tests' scene harness) goes through :func:`render_scene`: the
settings become Manim's configuration in one place (:func:`rendering.settings.manim_config`)
and the scene class is configured for the run in one place (:func:`configured`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.narration import Timing, use_timing
from derived_transformer.rendering.settings import RenderSettings, manim_config
from derived_transformer.rendering.speech import project_timing
from derived_transformer.scenes.base import DerivedScene


class SentenceNotTakenError(DerivedTransformerError):
    """A sentence given to a scene that keeps its own example."""


@dataclass(frozen=True)
class RenderedScene:
    """A finished render: the file Manim wrote and the scene object (its cues, duration,
    captured frames)."""

    path: Path
    scene: DerivedScene

    @property
    def duration(self) -> float:
        return float(self.scene.renderer.time)


def check_sentence_applies(scene_class: type[DerivedScene], settings: RenderSettings) -> None:
    if settings.sentence is not None and scene_class.fixed_example:
        raise SentenceNotTakenError(
            f"scene '{scene_class.short_name}' keeps its fixed example "
            f"({scene_class.fixed_example}); render it without --sentence"
        )


def configured(
    scene_class: type[DerivedScene],
    settings: RenderSettings,
    mixins: tuple[type, ...] = (),
    **attributes: Any,
) -> type[DerivedScene]:
    """``scene_class`` with this run's sentence and caption setting, ``mixins`` placed before
    it and ``attributes`` overriding its class attributes (the class itself when nothing
    changes)."""
    if settings.sentence is not None and not scene_class.fixed_example:
        attributes.setdefault("sentence", settings.sentence)
    if settings.captions:
        attributes.setdefault("captions_on_screen", True)
    if not attributes and not mixins:
        return scene_class
    return type(scene_class.__name__, (*mixins, scene_class), dict(attributes))


def render_scene(
    scene_class: type[DerivedScene],
    settings: RenderSettings,
    media_dir: Path,
    *,
    still: bool = False,
    preview: bool = False,
    mixins: tuple[type, ...] = (),
    scene_arguments: dict[str, Any] | None = None,
    timing: Timing | None = None,
    **attributes: Any,
) -> RenderedScene:
    """Render ``scene_class`` configured for ``settings`` into ``media_dir``.

    ``still``: only the last frame, as PNG (every animation jumps to its end).
    ``mixins``, ``attributes``: see :func:`configured`; ``scene_arguments``: passed to the
    scene's constructor. ``timing``: how long each narrated line lasts (default: the
    project's, :func:`rendering.speech.project_timing`); it never depends on whether the
    audio is made, so silent and narrated renders have the same frames.
    """
    from manim import tempconfig

    check_sentence_applies(scene_class, settings)
    cls = configured(scene_class, settings, mixins, **attributes)
    config = manim_config(
        settings, media_dir, still=still, output_file=scene_class.__name__, preview=preview
    )
    with tempconfig(config), use_timing(timing or project_timing()):
        scene = cls(**(scene_arguments or {}))
        scene.render(preview=preview)
        path = Path(scene.renderer.file_writer.output_plan.primary_artifact)
    return RenderedScene(path, scene)
