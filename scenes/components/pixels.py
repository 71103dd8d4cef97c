"""A picture drawn as a grid of coloured squares (for the image beats of chapter 1)."""

from __future__ import annotations

import numpy as np
from manim import Square, SurroundingRectangle, VGroup

from derived_transformer.scenes.theme import current_theme


def rgb_hex(rgb: np.ndarray) -> str:
    r, g, b = (int(np.clip(np.rint(c * 255), 0, 255)) for c in rgb)
    return f"#{r:02x}{g:02x}{b:02x}"


def smooth_picture(size: int = 12, seed: int = 0) -> np.ndarray:
    """A deterministic picture whose neighbouring pixels have similar colours:
    ``(size, size, 3)`` RGB in ``[0, 1]``, a sum of soft coloured blobs.

    >>> smooth_picture(4).shape
    (4, 4, 3)
    """
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / (size - 1)
    image = np.zeros((size, size, 3)) + 0.15
    for _ in range(5):
        cy, cx = rng.uniform(0, 1, 2)
        width = rng.uniform(0.15, 0.35)
        colour = rng.uniform(0.2, 1.0, 3)
        blob = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2))
        image += blob[..., None] * colour * 0.8
    return np.clip(image, 0, 1)


def noise_picture(size: int = 12, seed: int = 0) -> np.ndarray:
    """A deterministic picture of unrelated pixels (uniform noise).

    >>> bool((noise_picture(4) == noise_picture(4)).all())
    True
    """
    return np.random.default_rng(seed).uniform(0.1, 0.95, (size, size, 3))


class PixelGrid(VGroup):
    """``values``, an ``(h, w, 3)`` RGB array in ``[0, 1]``, as squares; ``pixel(r, c)`` gives
    one.

    >>> from derived_transformer.scenes.components import PixelGrid
    >>> float(PixelGrid(smooth_picture(4)).pixel(0, 0).get_fill_opacity())
    1.0
    """

    def __init__(self, values: np.ndarray, pixel_size: float = 0.25) -> None:
        super().__init__()
        values = np.asarray(values, dtype=float)
        if values.ndim != 3 or values.shape[2] != 3:
            raise ValueError("a picture is an (h, w, 3) array")
        self.rows, self.cols = values.shape[:2]
        self.values = values
        for r in range(self.rows):
            for c in range(self.cols):
                square = Square(side_length=pixel_size, stroke_width=0)
                square.set_fill(rgb_hex(values[r, c]), opacity=1)
                square.move_to([c * pixel_size, -r * pixel_size, 0])
                self.add(square)
        self.center()

    def pixel(self, r: int, c: int) -> Square:
        return self[r * self.cols + c]

    def patch(self, r: int, c: int, size: int = 3) -> VGroup:
        return VGroup(*(self.pixel(r + i, c + j) for i in range(size) for j in range(size)))

    def outline_patch(self, r: int, c: int, size: int = 3) -> SurroundingRectangle:
        return SurroundingRectangle(
            self.patch(r, c, size), color=current_theme().highlight, buff=0.02, stroke_width=3
        )


SHAPES = ("disc", "ring", "cross", "square", "diagonal", "triangle")
SHAPE_COLOURS = (
    (0.95, 0.45, 0.3),
    (0.35, 0.7, 0.95),
    (0.5, 0.85, 0.45),
    (0.95, 0.8, 0.3),
    (0.75, 0.5, 0.95),
    (0.95, 0.55, 0.75),
)


def shape_picture(kind: str, size: int = 10) -> np.ndarray:
    """A simple deterministic picture: a coloured shape on a dark ground, ``(size, size, 3)``.

    >>> shape_picture("disc", 6).shape
    (6, 6, 3)
    """
    y, x = np.mgrid[0:size, 0:size] / (size - 1) * 2 - 1
    masks = {
        "disc": x**2 + y**2 < 0.45,
        "ring": np.abs(np.sqrt(x**2 + y**2) - 0.65) < 0.18,
        "cross": (np.abs(x) < 0.2) | (np.abs(y) < 0.2),
        "square": (np.abs(x) < 0.6) & (np.abs(y) < 0.6) & ~((np.abs(x) < 0.3) & (np.abs(y) < 0.3)),
        "diagonal": np.abs(x - y) < 0.3,
        "triangle": (y > -0.6) & (np.abs(x) < (y + 0.6) * 0.6),
    }
    if kind not in masks:
        raise ValueError(f"unknown shape {kind!r}; shapes: {', '.join(SHAPES)}")
    colour = np.array(SHAPE_COLOURS[SHAPES.index(kind)])
    image = np.full((size, size, 3), 0.08)
    image[masks[kind]] = colour
    return image
