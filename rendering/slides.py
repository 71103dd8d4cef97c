"""A scene as a presentation: one slide per beat with manim-slides, converted to HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
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


def render_slides(
    scene_class: type[DerivedScene], settings: RenderSettings, media: Path, **attributes: Any
) -> tuple[Path, DerivedScene]:
    """Render the scene in ``media`` with a slide boundary at every beat and convert the
    slides to HTML: returns the folder ``media/slides`` (``<scene>.html`` with its
    ``<scene>_assets`` folder, and manim-slides' own ``<Class>.json`` and ``files/<Class>``
    for ``manim-slides present``, its paths relative, so the folder can move) and the scene.
    ``attributes``: see :func:`rendering.scene_render.configured`."""
    name = scene_class.short_name or scene_class.__name__
    folder = media / "slides"
    mp4 = RenderSettings(settings.quality, "mp4", settings.sentence, settings.captions)
    rendered = render_scene(
        scene_class, mp4, media, mixins=(compatible_slide_base(),),
        scene_arguments={"output_folder": folder}, **attributes,
    )  # fmt: skip
    html = folder / f"{name}.html"
    result = subprocess.run(
        [sys.executable, "-m", "manim_slides", "convert", "--folder", str(folder),
         "--to", "html", scene_class.__name__, str(html)],
        capture_output=True, text=True, check=False, errors="replace",
    )  # fmt: skip
    if result.returncode != 0 or not html.exists():
        last = (result.stderr or result.stdout).strip().splitlines()[-1:]
        raise SlidesError(f"manim-slides could not convert '{name}': {last}")
    project = folder / f"{scene_class.__name__}.json"
    data = json.loads(project.read_text(encoding="utf-8"))
    for slide in data.get("slides", []):
        for key in ("file", "rev_file"):
            if slide.get(key):  # relative to the folder holding slides/, as manim-slides reads
                slide[key] = str(Path("slides") / Path(slide[key]).relative_to(folder))
    project.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return folder, rendered.scene


def slide_parts(scene_class: type[DerivedScene]) -> list[str]:
    """The files and folders of a scene's slides, the HTML last (the file a reader opens)."""
    name = scene_class.short_name or scene_class.__name__
    cls = scene_class.__name__
    return [f"{name}_assets", f"files/{cls}", f"{cls}.json", f"{name}.html"]


def slides_problem(folder: Path, scene_class: type[DerivedScene]) -> str | None:
    """What is missing from a folder of slides made by :func:`render_slides`, or ``None``."""
    for part in slide_parts(scene_class):
        if not (folder / part).exists():
            return f"its slides lack {part}"
    return None


def publish_slides(made: Path, scene_class: type[DerivedScene], final: Path) -> Path:
    """Copy the slides in ``made`` into ``final`` (every part copied beside its target, then
    swapped into place); returns the HTML's path. Hold the output lock of the HTML."""
    for part in slide_parts(scene_class):
        target = final / part
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = target.with_name(f".{target.name}.new")
        remove_path(copy)
        if (made / part).is_dir():
            shutil.copytree(made / part, copy)
        else:
            shutil.copyfile(made / part, copy)
        replace_path(copy, target)
    return final / slide_parts(scene_class)[-1]


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def replace_path(source: Path, target: Path) -> None:
    """Move the file or folder ``source`` to ``target``, replacing what was there (a folder
    is swapped by two renames, so ``target`` is never half-written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir() and target.exists():
        retired = target.with_name(f".{target.name}.old")
        remove_path(retired)
        os.replace(target, retired)
        os.replace(source, target)
        remove_path(retired)
    else:
        os.replace(source, target)
