"""The pair grid of chapter 3, drawn for one head of a transformer layer: shared by the
transformer layer (4.7) and query, key and value (4.8).

Row ``i`` is the word being weighed, column ``j`` the word whose column it is; beside each
row word stand the vectors it sends into the layer (thin strips), and the cells hold the
head's scores, then its importances. The column followed, the last word's, is the grid's
rightmost, so its numbers stand beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Square, VGroup

from derived_transformer.scenes.components import Heatmap, vector_strip
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import current_theme


def clearest_head(importances: np.ndarray, column: int) -> int:
    """The head whose ``column`` puts the largest importance on one word (``importances``:
    ``(H, n, n)``, one pattern per head).

    >>> import numpy as np
    >>> patterns = np.full((2, 2, 2), 0.5)
    >>> patterns[1, :, 1] = [0.9, 0.1]
    >>> clearest_head(patterns, 1)
    1
    """
    return int(np.argmax(importances[:, :, column].max(axis=1)))


def offset_words(offset: int) -> str:
    """How far apart, and in which order, two words stand, said plainly (``offset``: the row
    word's place minus the column word's).

    >>> offset_words(-4), offset_words(1), offset_words(0)
    ('4 words before', '1 word after', 'the same word')
    """
    if offset == 0:
        return "the same word"
    count = abs(offset)
    return f"{count} word{'' if count == 1 else 's'} {'before' if offset < 0 else 'after'}"


class LayerGrid(VGroup):
    """One head's grid: the words down the side and along the top, the strips each row word
    sends (one kind per entry of ``row_vectors``, the first nearest the grid, each kind's
    name above its strips), and an ``n x n`` heatmap of ``scores``.

    Data: ``shown`` (the components each strip draws), ``vector_scale``.
    Parts: ``heat`` (a :class:`Heatmap`), ``strips`` (one ``VGroup`` per kind, a strip per
    row), ``strip_names``, ``outlines`` (the empty cells, drawn before the scores).

    >>> import numpy as np
    >>> grid = LayerGrid(["fat", "cat"], np.zeros((2, 2)), [np.ones((2, 8))], ["A x"],
    ...                  shown=(0, 1, 2, 3), vector_scale=1.0, cell=0.4)
    >>> len(grid.strips[0]), grid.strips[0][1].shown_indices
    (2, (0, 1, 2, 3))
    """

    def __init__(
        self,
        words: Sequence[str],
        scores: np.ndarray,
        row_vectors: Sequence[np.ndarray],
        names: Sequence[str],
        *,
        shown: Sequence[int],
        vector_scale: float,
        cell: float,
        score_scale: float | None = None,
        name_colors: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.shown = tuple(shown)
        self.vector_scale = vector_scale
        self.heat = Heatmap(
            scores, list(words), show_numbers=False, value_scale=score_scale, cell_size=cell
        )
        strip_cell = min(theme.sizes.cell, cell * 0.75)
        self.strips = VGroup()
        self.strip_names = VGroup()
        right = self.heat.entries.get_left()[0] - theme.gaps.small
        colors = name_colors or [theme.transformer] * len(names)
        for vectors, name, color in zip(row_vectors, names, colors, strict=True):
            kind = VGroup(
                *(
                    vector_strip(
                        vectors[i], shown=self.shown, value_scale=vector_scale, cell_size=strip_cell
                    ).move_to([0, self.heat.cell(i, 0).get_y(), 0], aligned_edge=LEFT)
                    for i in range(self.heat.n)
                )
            )
            kind.shift(RIGHT * (right - kind.get_right()[0]))
            label = flat_text(name, theme.sizes.small, color)
            label.next_to(kind, UP, buff=theme.gaps.tight)
            self.strips.add(kind)
            self.strip_names.add(label)
            right = kind.get_left()[0] - theme.gaps.small
        labels = self.heat.row_labels
        labels.shift(RIGHT * (right - labels.get_right()[0]))
        for label in labels:
            label.align_to([right, 0, 0], RIGHT)
        self.outlines = VGroup(
            *(
                Square(side_length=cell, stroke_width=1, stroke_color=theme.muted).move_to(c)
                for c in self.heat.entries
            )
        )
        self.add(self.outlines, self.heat, self.strips, self.strip_names)

    @property
    def n(self) -> int:
        return self.heat.n

    def column_numbers(self, values: np.ndarray, digits: int = 2) -> VGroup:
        """``values`` (one per row) written beside the grid's last column, row by row."""
        theme = current_theme()
        x = self.heat.entries.get_right()[0] + theme.gaps.tight
        return VGroup(
            *(
                flat_text(format_value(float(v), digits), theme.sizes.small, mono=True).move_to(
                    [x, self.heat.cell(i, self.n - 1).get_y(), 0], aligned_edge=LEFT
                )
                for i, v in enumerate(values)
            )
        )

    def below_column(self, mobject, column: int, gap: float | None = None):
        """``mobject`` placed under the grid, its right edge at ``column``'s right edge."""
        theme = current_theme()
        mobject.next_to(self.heat.entries, DOWN, buff=gap or theme.gaps.medium)
        return mobject.align_to(self.heat.cell(0, column), RIGHT)
