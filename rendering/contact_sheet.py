"""Contact sheets: the frames at the end of every beat (and of every subtitle within a beat),
tiled into one PNG, for reviewing a scene at a glance."""

from __future__ import annotations

import tempfile
from pathlib import Path

from derived_transformer.files import atomic_write
from derived_transformer.rendering.outputs import output_lock
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.tiles import tile_frames
from derived_transformer.scenes.base import DerivedScene


def render_contact_sheet(
    scene_class: type[DerivedScene], settings: RenderSettings, out: Path
) -> Path:
    """Build the scene (animations jump to their ends) keeping the frame at the end of every
    subtitle, and write them tiled to ``out/contact_sheets/<scene>.png``."""
    with tempfile.TemporaryDirectory(prefix=".contact-sheet.", dir=out) as work:
        rendered = render_scene(
            scene_class, settings, Path(work), still=True, capture_beat_frames=True
        )
    target = out / "contact_sheets" / f"{scene_class.short_name or scene_class.__name__}.png"
    with output_lock(target):
        atomic_write(target, lambda tmp: tile_frames(rendered.scene.caption_frames, tmp))
    return target
