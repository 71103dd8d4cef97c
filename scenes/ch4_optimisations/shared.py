"""What the scenes of chapter 4 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

from manim import *

from derived_transformer.model import model_config
from derived_transformer.scenes.base import Chapter, DerivedScene
from derived_transformer.scenes.components import (
    TokenRow,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme

CHAPTER = Chapter(4, "Optimisations")


def table(
    rows: list[list[str]], colors: list[str] | None = None, size: float | None = None
) -> VGroup:
    """Rows of texts in aligned columns (first column left-aligned, the rest right)."""
    theme = current_theme()
    size = size or theme.sizes.label
    cells = [
        [flat_text(text, size, (colors or [theme.text] * len(rows))[r]) for text in row]
        for r, row in enumerate(rows)
    ]
    widths = [max(cells[r][c].width for r in range(len(rows))) for c in range(len(rows[0]))]
    out = VGroup()
    y = 0.0
    for row in cells:
        x = 0.0
        line = VGroup()
        for c, cell in enumerate(row):
            if c == 0:
                cell.move_to([x, y, 0], aligned_edge=LEFT)
            else:
                cell.move_to([x + widths[c], y, 0], aligned_edge=RIGHT)
            x += widths[c] + 0.6
            line.add(cell)
        out.add(line)
        y -= size / 48 * 0.95
    return out.center()


def count(value: int) -> str:
    return f"{value:,}"


def rounded_words(value: int) -> str:
    """A large count as the voice should say it: "2.6 million", "393 thousand"."""
    if value >= 10**9:
        return f"{value / 10**9:.2g} billion"
    if value >= 10**6:
        return f"{value / 10**6:.2g} million"
    if value >= 10**4:
        return f"{value / 10**3:.0f} thousand"
    return f"{value:,}"


def short_count(value: int) -> str:
    """A large count for a table: 2.56M, 393k."""
    for unit, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return str(value)


def wrapped(text: str, size: float, color: str, width: float) -> VGroup:
    """``text`` in centred lines no wider than ``width``."""
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and flat_text(trial, size).width > width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return VGroup(*(flat_text(line, size, color) for line in lines)).arrange(DOWN, buff=0.08)


class CostScene(DerivedScene):
    """Shared by the scenes that count operations: the trained models' configs, and the
    sentence shown as a row of words under the heading."""

    chapter = CHAPTER
    model_name = "transformer"

    @property
    def configs(self):
        return model_config("attention"), model_config("transformer")

    def sentence_row(self) -> TokenRow:
        theme = current_theme()
        row = TokenRow(self.trace.tokens, size=theme.sizes.label, color=theme.muted)
        return row.next_to(self.current_heading, DOWN, buff=0.25)


"""The chapter's scenes, in the order the explainer shows them."""
