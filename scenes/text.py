"""Texts built once and copied.

Building a Manim ``Text`` costs ~8 ms and copying one ~3 ms (it keeps its SVG structure);
a :class:`Label` holds the same glyph outlines as one path and copies in ~0.03 ms, which
matters because every animation copies what it animates.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from manim import Text, VMobject

from scenes.theme import current_theme, register_fonts


class Label(VMobject):
    """Text drawn by Pango, flattened into one path. ``text`` holds the string."""

    def __init__(self, text: Text) -> None:
        super().__init__()
        glyphs = text.family_members_with_points()
        self.text = text.original_text
        self.font = text.font
        if glyphs:
            self.points = np.concatenate([g.points for g in glyphs])
            self.match_style(glyphs[0])


@lru_cache(maxsize=4096)
def _built(text: str, size: float, color: str, font: str, weight: str) -> Label:
    return Label(Text(text, font_size=size, color=color, font=font, weight=weight))


def label(
    text: str,
    size: float | None = None,
    color: str | None = None,
    *,
    mono: bool = False,
    bold: bool = False,
) -> Label:
    """A new :class:`Label` in the theme's font (a copy of a cached one)."""
    theme = current_theme()
    register_fonts(theme.font_files)
    font = theme.mono_font if mono else theme.font
    built = _built(
        text,
        theme.sizes.label if size is None else size,
        color or theme.text,
        font,
        "BOLD" if bold else "NORMAL",
    )
    return built.copy()


def format_value(value: float, digits: int = 2) -> str:
    """How a model value is written on screen (a minus sign, fixed decimals)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


def parse_value(text: str) -> float:
    """The inverse of :func:`format_value`."""
    return float(text.replace("\u2212", "-"))
