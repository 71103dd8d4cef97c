"""Texts built once and copied.

Building a Manim ``Text`` costs ~8 ms and copying one ~3 ms (it keeps its SVG structure);
a :class:`FlatText` holds the same glyph outlines as one path and copies in ~0.03 ms, which
matters because every animation copies what it animates.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from manim import DOWN, Text, VGroup, VMobject

from derived_transformer.scenes.theme import current_theme, register_fonts


class FlatText(VMobject):
    """Text drawn by Pango, flattened into one path. ``text`` holds the string."""

    def __init__(self, glyphs: Sequence[VMobject], text: str, font: str) -> None:
        super().__init__()
        self.text = text
        self.font = font
        if glyphs:
            self.points = np.concatenate([g.points for g in glyphs])
            self.match_style(glyphs[0])

    @classmethod
    def from_text(cls, text: Text) -> FlatText:
        return cls(text.family_members_with_points(), text.original_text, text.font)


@lru_cache(maxsize=4096)
def _built(text: str, size: float, color: str, font: str, weight: str) -> FlatText:
    return FlatText.from_text(Text(text, font_size=size, color=color, font=font, weight=weight))


def flat_text(
    text: str,
    size: float | None = None,
    color: str | None = None,
    *,
    mono: bool = False,
    bold: bool = False,
) -> FlatText:
    """A new :class:`FlatText` in the theme's font (a copy of a cached one)."""
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


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun in the right number: ``counted(1, "word")`` is "1 word",
    ``counted(3, "word")`` is "3 words", with thousands separated.

    >>> counted(1, "word"), counted(1200, "vector")
    ('1 word', '1,200 vectors')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def format_value(value: float, digits: int = 2) -> str:
    """How a model value is written on screen (a minus sign, fixed decimals)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", "\u2212")


def parse_value(text: str) -> float:
    """The inverse of :func:`format_value`."""
    return float(text.replace("\u2212", "-"))


@lru_cache(maxsize=256)
def _built_row(words: tuple[str, ...], size: float, color: str, font: str) -> tuple[FlatText, ...]:
    sentence = Text(" ".join(words), font_size=size, color=color, font=font, disable_ligatures=True)
    glyphs = sentence.submobjects
    letters = sum(len(w) for w in words)
    # One glyph per character; spaces count too when ligatures are disabled.
    space = {letters: 0, letters + len(words) - 1: 1}.get(len(glyphs))
    if space is None:
        raise ValueError(f"Pango drew {len(glyphs)} glyphs for {words!r}")
    labels, start = [], 0
    for word in words:
        labels.append(FlatText(glyphs[start : start + len(word)], word, font))
        start += len(word) + space
    return tuple(labels)


def flat_text_row(
    words: Sequence[str], size: float | None = None, color: str | None = None
) -> list[FlatText]:
    """One :class:`FlatText` per word, set as one line of text: a shared baseline and Pango's
    own spacing. The labels keep their positions relative to each other."""
    theme = current_theme()
    register_fonts(theme.font_files)
    built = _built_row(
        tuple(words), theme.sizes.label if size is None else size, color or theme.text, theme.font
    )
    return [b.copy() for b in built]


def wrapped(text: str, size: float, color: str, width: float) -> VGroup:
    """``text`` in centred lines no wider than ``width`` (a word longer than ``width`` keeps
    a line of its own), the lines ``theme.gaps.hair`` apart.

    >>> lines = wrapped("one layer costs more at every length", 22, "#ffffff", 3.0)
    >>> len(lines) > 1 and all(line.width <= 3.0 for line in lines)
    True
    >>> " ".join(line.text for line in lines)
    'one layer costs more at every length'
    """
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and flat_text(trial, size).width > width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    gap = current_theme().gaps.hair
    return VGroup(*(flat_text(line, size, color) for line in lines)).arrange(DOWN, buff=gap)
