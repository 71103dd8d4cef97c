"""Contact sheets: the frames at the end of every beat (and of every subtitle within a beat),
tiled into one PNG, for reviewing a scene at a glance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.tiles import tile_frames
from derived_transformer.scenes.base import DerivedScene


def render_sheet(
    scene_class: type[DerivedScene], settings: RenderSettings, media: Path, **attributes: Any
) -> tuple[Path, DerivedScene]:
    """Build the scene in ``media`` (animations jump to their ends) keeping the frame at the
    end of every subtitle, and tile them into ``media/sheet.png``; returns it and the scene.
    ``attributes``: see :func:`rendering.scene_render.configured`."""
    rendered = render_scene(
        scene_class, settings, media, still=True, capture_beat_frames=True, **attributes
    )
    sheet = media / "sheet.png"
    tile_frames(rendered.scene.caption_frames, sheet)
    return sheet, rendered.scene
