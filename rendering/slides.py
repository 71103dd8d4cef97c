"""A scene as a presentation: one slide per beat with manim-slides, converted to HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.outputs import output_lock
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes.base import DerivedScene


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
    """Render the scene with a slide boundary at every beat and convert the slides to
    ``out/slides/<scene>.html`` (with its ``<scene>_assets`` folder, and manim-slides' own
    ``<Class>.json`` and ``files/<Class>`` for ``manim-slides present``). Everything is made
    in a work folder and moved into place only when complete."""
    name = scene_class.short_name or scene_class.__name__
    final = out / "slides"
    mp4 = RenderSettings(settings.quality, "mp4", settings.sentence, settings.captions)
    with tempfile.TemporaryDirectory(prefix=".slides.", dir=out) as work:
        folder = Path(work) / "slides"
        render_scene(
            scene_class, mp4, Path(work), mixins=(compatible_slide_base(),),
            scene_arguments={"output_folder": folder},
        )  # fmt: skip
        html = folder / f"{name}.html"
        result = subprocess.run(
            [sys.executable, "-m", "manim_slides", "convert", "--folder", str(folder),
             "--to", "html", scene_class.__name__, str(html)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode != 0 or not html.exists():
            last = (result.stderr or result.stdout).strip().splitlines()[-1:]
            raise SlidesError(f"manim-slides could not convert '{name}': {last}")
        final.mkdir(parents=True, exist_ok=True)
        project = folder / f"{scene_class.__name__}.json"  # its paths point into the work folder
        project.write_text(project.read_text().replace(str(folder), str(final.resolve())))
        with output_lock(final / html.name):
            for part in (f"{name}_assets", f"files/{scene_class.__name__}", project.name,
                         html.name):  # fmt: skip
                replace_path(folder / part, final / part)
    return final / html.name


def replace_path(source: Path, target: Path) -> None:
    """Move the file or folder ``source`` to ``target``, replacing what was there (a folder
    is swapped by two renames, so ``target`` is never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and target.exists():
        retired = target.with_name(f".{target.name}.old")
        shutil.rmtree(retired, ignore_errors=True)
        os.replace(target, retired)
        os.replace(source, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(source, target)
