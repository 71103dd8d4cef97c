"""A scene as a presentation: one slide per beat with manim-slides, converted to HTML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from rendering.scene_render import render_scene
from rendering.settings import RenderSettings
from scenes.base import DerivedScene


class SlidesError(DerivedTransformerError):
    """manim-slides is missing or could not convert the slides."""


def compatible_slide_base() -> type:
    """manim-slides' ``Slide`` without the two settings it writes that Manim 0.22 no longer
    accepts: ``write_to_movie`` (movies are written whenever the format is a video) and an
    infinite ``max_files_cached`` (-1 means unlimited now)."""
    try:
        from manim_slides import Slide
        from manim_slides.slide.base import BaseSlide
    except ImportError:
        raise SlidesError("slides need manim-slides: pip install -e '.[slides]'") from None

    class CompatibleSlide(Slide):
        def __init__(self, *scene_args: Any, **kwargs: Any) -> None:
            BaseSlide.__init__(self, *scene_args, **kwargs)

        def render(self, *render_args: Any, **kwargs: Any) -> None:
            from manim import Scene, config

            limit = config["max_files_cached"]
            config["max_files_cached"] = -1  # the slides reuse the partial movie files
            try:
                Scene.render(self, *render_args, **kwargs)
            finally:
                config["max_files_cached"] = limit
            self._save_slides(
                use_cache=not config["disable_caching"],
                flush_cache=False,
                skip_reversing=self.skip_reversing,
            )

    return CompatibleSlide


def render_slides(scene_class: type[DerivedScene], settings: RenderSettings, out: Path) -> Path:
    """Render the scene with a slide boundary at every beat into ``out/slides`` and convert
    the slides to ``out/slides/<scene>.html``."""
    folder = out / "slides"
    mp4 = RenderSettings(settings.quality, "mp4", settings.sentence, settings.captions)
    render_scene(
        scene_class,
        mp4,
        out,
        mixins=(compatible_slide_base(),),
        scene_arguments={"output_folder": folder},
    )
    target = folder / f"{scene_class.short_name or scene_class.__name__}.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "manim_slides",
            "convert",
            "--folder",
            str(folder),
            "--to",
            "html",
            scene_class.__name__,
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not target.exists():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:]
        raise SlidesError(f"manim-slides could not convert '{scene_class.short_name}': {last}")
    return target
