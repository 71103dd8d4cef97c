"""Contact sheets: the frames at the end of every beat (and of every subtitle within a beat),
tiled into one PNG, for reviewing a scene at a glance."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.theme import FONT_DIR

TILE_WIDTH = 854
CAPTION_HEIGHT = 30


def tile_frames(frames: Sequence[tuple[str, np.ndarray]], path: Path, columns: int = 3) -> None:
    """Write the ``(title, RGBA frame)`` pairs as a grid of 480p tiles with titles."""
    if not frames:
        raise ValueError("no beat frames to tile: the scene has no beats")
    images = []
    for _, frame in frames:
        image = Image.fromarray(np.asarray(frame)[..., :3].astype(np.uint8))
        height = round(image.height * TILE_WIDTH / image.width)
        images.append(image.resize((TILE_WIDTH, height), Image.Resampling.LANCZOS))
    columns = min(columns, len(images))
    rows = math.ceil(len(images) / columns)
    tile_h = images[0].height + CAPTION_HEIGHT
    sheet = Image.new(
        "RGB",
        (columns * TILE_WIDTH + (columns - 1) * 6, rows * tile_h + (rows - 1) * 6),
        (60, 60, 60),
    )
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 18)
    draw = ImageDraw.Draw(sheet)
    for n, ((title, _), image) in enumerate(zip(frames, images, strict=True)):
        x, y = (n % columns) * (TILE_WIDTH + 6), (n // columns) * (tile_h + 6)
        draw.rectangle([x, y, x + TILE_WIDTH, y + CAPTION_HEIGHT], fill=(30, 30, 30))
        if len(title) > 88:
            title = title[:86] + "…"
        draw.text((x + 8, y + 5), title, font=font, fill=(230, 230, 230))
        sheet.paste(image, (x, y + CAPTION_HEIGHT))
    sheet.save(path, format="PNG")


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
