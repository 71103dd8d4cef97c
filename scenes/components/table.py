"""Rows of texts in aligned columns: a table of counts or names, no grid lines.

>>> from derived_transformer.scenes.components import TextTable
>>> table = TextTable([["n", "pairwise"], ["8", "1,024"], ["16", "4,096"]])
>>> [cell.text for cell in table.row(2)], table.cell(1, 1).text
(['16', '4,096'], '1,024')
>>> bool(table.cell(1, 1).get_right()[0] == table.cell(2, 1).get_right()[0])  # right-aligned
True
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import LEFT, RIGHT, VGroup

from derived_transformer.scenes.text import FlatText, flat_text
from derived_transformer.scenes.theme import current_theme

LINE_HEIGHT = 0.95
"""The distance between rows, in lines of the text's size (one line is ``size / 48``)."""


class TextTable(VGroup):
    """Rows of texts in aligned columns: the first column left-aligned, the others
    right-aligned, the columns ``theme.gaps.large`` apart; centred on the origin.

    Data: ``rows`` (the texts, row by row), ``colors`` (one per row, the theme's text colour
    by default), ``size`` (the font size, the theme's label size by default). Parts: the
    submobjects are the rows, ``row(r)``; ``cell(r, c)`` is one text."""

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        colors: Sequence[str] | None = None,
        size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.size = size or theme.sizes.label
        row_colors = list(colors) if colors is not None else [theme.text] * len(rows)
        cells = [
            [flat_text(text, self.size, row_colors[r]) for text in row]
            for r, row in enumerate(rows)
        ]
        widths = [max(row[c].width for row in cells) for c in range(len(rows[0]))]
        for r, row in enumerate(cells):
            y = -r * self.size / 48 * LINE_HEIGHT
            x = 0.0
            for c, cell in enumerate(row):
                if c == 0:
                    cell.move_to([x, y, 0], aligned_edge=LEFT)
                else:
                    cell.move_to([x + widths[c], y, 0], aligned_edge=RIGHT)
                x += widths[c] + theme.gaps.large
            self.add(VGroup(*row))
        self.center()

    def row(self, r: int) -> VGroup:
        """The texts of row ``r`` (the first is row 0)."""
        return self.submobjects[r]

    def cell(self, r: int, c: int) -> FlatText:
        """The text in row ``r``, column ``c``."""
        return self.submobjects[r][c]
