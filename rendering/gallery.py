"""The README's gallery: the last frame of one scene per chapter, as PNG."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from derived_transformer.files import atomic_write
from derived_transformer.rendering.outputs import output_lock
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes.catalog import GALLERY


def render_gallery(settings: RenderSettings, folder: Path) -> list[Path]:
    """``folder/chapter-<n>-<scene>.png`` for every scene of :data:`scenes.catalog.GALLERY`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix=".gallery.", dir=folder) as work:
        for scene_class in GALLERY:
            rendered = render_scene(scene_class, settings, Path(work), still=True)
            number = scene_class.chapter.number if scene_class.chapter else 0
            target = folder / f"chapter-{number}-{scene_class.short_name}.png"
            with output_lock(target):
                atomic_write(target, lambda tmp, p=rendered.path: shutil.copyfile(p, tmp))
            written.append(target)
    return written
