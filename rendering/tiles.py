"""Frames tiled into one picture with their titles: the picture of a contact sheet
(``tile_frames(scene.caption_frames, Path("sheet.png"))``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

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
