"""Building scenes without writing video, with the layout checked after every ``play``.

Scenes are built through the project's one render function as a still (as Manim's ``-s``
does): every animation jumps to its end and only the last frame is drawn, so the state after
each ``play`` is the animation's end state, which is what the layout check needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes.base import DerivedScene
from tests.support.layout_check import TEXT_TYPES, LayoutError, key_problems, layout_problems


class LayoutChecked:
    """Mixin: run the layout check after every ``play``, keep the strings of every text on
    screen after any ``play`` in ``seen_texts``, and the colour scales shown without a key
    in ``unkeyed``."""

    def play(self, *args: Any, **kwargs: Any) -> None:
        super().play(*args, **kwargs)  # type: ignore[misc]
        if not hasattr(self, "seen_texts"):
            self.seen_texts: set[str] = set()
            self.unkeyed: set[str] = set()
        self.unkeyed.update(key_problems(self))  # type: ignore[arg-type]
        self.seen_texts.update(
            m.text
            for root in self.mobjects
            for m in root.get_family()  # type: ignore[attr-defined]
            if isinstance(m, TEXT_TYPES)
        )
        problems = layout_problems(self)  # type: ignore[arg-type]
        if problems:
            plays = self.renderer.num_plays  # type: ignore[attr-defined]
            raise LayoutError(
                f"{type(self).__name__}, after animation {plays}: " + "; ".join(problems[:6])
            )


_BUILT: dict[tuple[Any, ...], DerivedScene] = {}


def build_scene(
    scene_class: type[DerivedScene],
    media_dir: str | Path,
    *,
    check_layout: bool = True,
    fresh: bool = False,
    **attributes: Any,
) -> DerivedScene:
    """Construct ``scene_class`` (with ``attributes`` overriding its class attributes),
    jumping animations to their ends, and return the finished scene, with the frames at the
    end of every beat and cue captured (``beat_frames``, ``caption_frames``).

    Tests only read a built scene, so a scene built once with the same class and attributes
    is returned again instead of being built a second time, unless ``fresh`` (a test that
    reads the files the build writes into ``media_dir``)."""
    attributes.setdefault("capture_beat_frames", True)
    attributes = {k: v for k, v in attributes.items() if getattr(scene_class, k, None) != v}
    key = (scene_class, check_layout, tuple(sorted(attributes.items())))
    if fresh or key not in _BUILT:
        mixins = (LayoutChecked,) if check_layout else ()
        rendered = render_scene(
            scene_class, RenderSettings(), Path(media_dir), still=True, mixins=mixins, **attributes
        )
        _BUILT[key] = rendered.scene
    return _BUILT[key]
