"""Building scenes without writing video, with the layout checked after every ``play``.

>>> from scenes.demo import ComponentsDemo
>>> scene = build_scene(ComponentsDemo, media_dir="/tmp/media")  # doctest: +SKIP

Scenes are built as Manim's ``-s`` does: every animation jumps to its end and only the
last frame is drawn, so the state after each ``play`` is the animation's end state, which is
what the layout check needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from manim import Scene, tempconfig

from scenes.layout import LayoutError, layout_problems


class LayoutChecked:
    """Mixin: run the layout check after every ``play`` (and ``wait``)."""

    def play(self, *args: Any, **kwargs: Any) -> None:
        super().play(*args, **kwargs)  # type: ignore[misc]
        problems = layout_problems(self)  # type: ignore[arg-type]
        if problems:
            plays = self.renderer.num_plays  # type: ignore[attr-defined]
            raise LayoutError(
                f"{type(self).__name__}, after animation {plays}: " + "; ".join(problems[:6])
            )


def build_scene(
    scene_class: type[Scene],
    media_dir: str | Path,
    *,
    check_layout: bool = True,
    **attributes: Any,
) -> Scene:
    """Construct ``scene_class`` (with ``attributes`` overriding its class attributes),
    jumping animations to their ends, and return the finished scene."""
    bases = (LayoutChecked, scene_class) if check_layout else (scene_class,)
    cls = type(scene_class.__name__, bases, dict(attributes))
    settings = {
        "format": "png",
        "media_dir": str(media_dir),
        "quality": "low_quality",
        "verbosity": "WARNING",
        "progress_bar": "none",
        "disable_caching": True,
    }
    with tempconfig(settings):
        scene = cls()
        scene.render()
    return scene
