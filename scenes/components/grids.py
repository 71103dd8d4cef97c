"""The n x n pictures: a grid of pair vectors, a heatmap of scores or importances, and one
attention head's grid, the vectors each row word sends drawn beside it.

Both are drawn from vector cells, never images, so Manim's cache never serves a stale
picture. Convention: entry ``(i, j)`` is in row ``i``, column ``j``; column ``j`` holds the
pairs that contain word ``j``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    FadeIn,
    LaggedStart,
    ReplacementTransform,
    Square,
    SurroundingRectangle,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.components.sums import vector_strip
from derived_transformer.scenes.components.vectors import VectorColumn, swap_text, value_cell
from derived_transformer.scenes.text import flat_text, flat_text_row, format_value
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color


def _labels(words: Sequence[str], size: float, max_width: float) -> list[VMobject]:
    out = []
    for w in words:
        text = flat_text(w, size)
        if text.width > max_width:
            text.scale_to_fit_width(max_width)
        out.append(text)
    return out


class _Grid(VGroup):
    """Shared row/column access and labels."""

    def _place_labels(
        self,
        row_words: Sequence[str],
        col_words: Sequence[str],
        pitch_x: float,
        pitch_y: float,
        size: float,
    ) -> None:
        self.row_labels = VGroup(*_labels(row_words, size, 1.6))
        # Column labels share a baseline; when any is wider than its column, they are all
        # turned upright (read bottom to top), each centred on its column.
        natural = flat_text_row(col_words, size)
        upright = any(t.width > pitch_x * 0.95 for t in natural)
        self.col_labels = VGroup(*natural)
        for i, text in enumerate(self.row_labels):
            text.next_to(self.entry(i, 0), LEFT, buff=0.15)
        top = self.entry(0, 0).get_top()[1] + 0.1
        if upright:
            for j, text in enumerate(self.col_labels):
                if text.height > pitch_x * 0.95:
                    text.scale_to_fit_height(pitch_x * 0.95)
                text.rotate(PI / 2)
                text.move_to([self.entry(0, j).get_x(), 0, 0]).align_to([0, top, 0], DOWN)
        else:
            lowest = min(t.get_bottom()[1] for t in self.col_labels)
            self.col_labels.shift(UP * (top - lowest))
            for j, text in enumerate(self.col_labels):
                text.set_x(self.entry(0, j).get_x())
        self.add(self.row_labels, self.col_labels)

    def entry(self, i: int, j: int) -> VMobject:
        return self.entries[i * self.n + j]

    def row(self, i: int) -> VGroup:
        return VGroup(*(self.entry(i, j) for j in range(self.n)))

    def column(self, j: int) -> VGroup:
        return VGroup(*(self.entry(i, j) for i in range(self.n)))

    def outline_column(self, j: int, color: str | None = None) -> SurroundingRectangle:
        """A frame around column ``j`` (add or ``Create`` it)."""
        return SurroundingRectangle(
            self.column(j), color=color or current_theme().highlight, buff=0.05
        )

    def outline_entry(self, i: int, j: int, color: str | None = None) -> SurroundingRectangle:
        return SurroundingRectangle(
            self.entry(i, j), color=color or current_theme().highlight, buff=0.04
        )


def components_named(shown: Sequence[int], size: int) -> str:
    """Which components of a vector of ``size`` are drawn, in a few words.

    >>> components_named((0, 1, 2, 3), 16), components_named((5, 17), 32)
    ('components 0–3 of 16', 'components 5, 17 of 32')
    """
    shown = tuple(shown)
    if len(shown) == size and shown == tuple(range(size)):
        return f"all {size} components"
    if len(shown) == 1:
        return f"component {shown[0]} of {size}"
    if shown == tuple(range(shown[0], shown[-1] + 1)):
        return f"components {shown[0]}–{shown[-1]} of {size}"
    return f"components {', '.join(map(str, shown))} of {size}"


class PairGrid(_Grid):
    """An n x n grid of pair vectors, each a row of value-coloured cells.

    Only ``max_cells`` components of each pair vector fit (the first ones, or those named by
    ``shown``); which ones is stated by the ``caption`` below the grid. One colour scale for
    the whole grid. ``max_cell_size``: the largest cell side; ``row_pitch``: the distance
    between rows, in cell sides; ``caption_size``: the caption's font size (default
    ``theme.sizes.tiny``).

    Data: ``values`` (the ``(n, n, d)`` array), ``labels`` (the words, along both sides),
    ``value_scale``, ``shown_indices``.
    Parts: ``cell(i, j)`` (a :class:`VectorColumn`), ``row(i)``, ``column(j)``,
    ``row_labels``, ``col_labels``, ``caption``. Animations: ``animate_fill(i, j, source)``.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import PairGrid
    >>> grid = PairGrid(np.ones((3, 3, 16)), ["the", "fat", "cat"])
    >>> grid.cell(0, 2).shown_indices
    (0, 1, 2, 3)
    """

    def __init__(
        self,
        values: np.ndarray,
        labels: Sequence[str],
        *,
        max_cells: int = 4,
        shown: Sequence[int] | None = None,
        max_width: float = 11.0,
        max_height: float = 5.6,
        value_scale: float | None = None,
        show_caption: bool = True,
        subject: str = "pair vector",
        max_cell_size: float = 0.3,
        row_pitch: float = 1.7,
        caption_size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        values = np.asarray(values, dtype=float)
        if values.ndim != 3 or values.shape[0] != values.shape[1]:
            raise ValueError("pair vectors must be an (n, n, d) array")
        self.n, _, self.vector_dim = values.shape
        if len(labels) != self.n:
            raise ValueError(f"{len(labels)} labels for a {self.n} x {self.n} grid")
        self.values = values
        self.labels = tuple(labels)
        self.shown_indices = tuple(
            shown if shown is not None else range(min(max_cells, self.vector_dim))
        )
        if not self.shown_indices or not all(0 <= k < self.vector_dim for k in self.shown_indices):
            raise ValueError("shown components must be valid indices of the pair vectors")
        self.value_scale = (
            value_scale
            if value_scale is not None
            else color_scale(values[..., list(self.shown_indices)])
        )
        k = len(self.shown_indices)
        cell = min(
            max_cell_size, max_width / (self.n * (k + 1.0)), max_height / (self.n * row_pitch)
        )
        pitch_x, pitch_y = cell * (k + 1.0), cell * row_pitch
        self.entries = VGroup()
        for i in range(self.n):
            for j in range(self.n):
                strip = VectorColumn(
                    values[i, j],
                    shown=self.shown_indices,
                    show_indices=False,
                    value_scale=self.value_scale,
                    cell_size=cell,
                    orientation="horizontal",
                    compact=True,
                )
                strip.move_to([j * pitch_x, -i * pitch_y, 0])
                self.entries.add(strip)
        self.add(self.entries)
        self._place_labels(labels, labels, pitch_x, pitch_y, min(theme.sizes.label, 60 * cell + 4))
        self.caption = None
        if show_caption:
            text = f"each {subject}: {components_named(self.shown_indices, self.vector_dim)}"
            size = theme.sizes.tiny if caption_size is None else caption_size
            self.caption = flat_text(text, size, theme.muted)
            self.caption.next_to(self.entries, DOWN, buff=0.2)
            self.add(self.caption)
        self.center()

    def cell(self, i: int, j: int) -> VectorColumn:
        return self.entry(i, j)

    def animate_fill(
        self, i: int, j: int, source: VMobject, *, lag_ratio: float = 0.01
    ) -> tuple[Animation, Animation]:
        """The grid filled from one pair vector drawn elsewhere, in two animations to play
        one after the other: ``source`` (cells drawn elsewhere, e.g. a network's output)
        turns into the cells of pair ``(i, j)`` as the row and column labels fade in; then
        every other pair fades in, one after another (``lag_ratio`` apart), and the caption.
        The parts come on stage one by one: ``settle(scene, grid)`` afterwards.

        >>> import numpy as np
        >>> grid = PairGrid(np.ones((2, 2, 4)), ["fat", "cat"])
        >>> arrive, rest = grid.animate_fill(0, 1, grid.cell(0, 1).cells.copy())
        """
        arrive = AnimationGroup(
            ReplacementTransform(source, self.cell(i, j).cells),
            FadeIn(self.row_labels),
            FadeIn(self.col_labels),
        )
        others = [
            FadeIn(self.cell(r, c))
            for r in range(self.n)
            for c in range(self.n)
            if (r, c) != (i, j)
        ]
        caption = [FadeIn(self.caption)] if self.caption is not None else []
        return arrive, AnimationGroup(LaggedStart(*others, lag_ratio=lag_ratio), *caption)


class Heatmap(_Grid):
    """An n x n heatmap of scores or importances, cells coloured by value on one colour
    scale, with optional numbers inside.

    Data: ``values`` (the matrix), ``labels`` (of the rows, and of the columns unless
    ``column_labels`` are given), ``value_scale``, ``digits``. ``label_size``: the labels'
    font size (by default the theme's ``label`` size for cells wider than 0.5, else
    ``small``).
    Parts: ``cell(i, j)``, ``number_label(i, j)``, ``number_labels``, ``row(i)``,
    ``column(j)``, ``row_labels``, ``col_labels``.
    Animations: ``animate_values(new_values)`` changes only the cells whose value changes.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import Heatmap
    >>> heat = Heatmap(np.array([[0.9, 0.2], [0.1, 0.8]]), ["fire", "roaring"])
    >>> heat.number_label(0, 1).text
    '0.20'
    """

    def __init__(
        self,
        values: np.ndarray,
        labels: Sequence[str],
        column_labels: Sequence[str] | None = None,
        *,
        show_numbers: bool = True,
        digits: int = 2,
        value_scale: float | None = None,
        max_width: float = 8.0,
        max_height: float = 5.6,
        cell_size: float | None = None,
        label_size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        values = np.asarray(values, dtype=float)
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise ValueError("a heatmap needs a square matrix")
        self.n = values.shape[0]
        column_labels = labels if column_labels is None else column_labels
        if len(labels) != self.n or len(column_labels) != self.n:
            raise ValueError("one label per row and per column")
        self.labels = tuple(labels)
        self.column_labels = tuple(column_labels)
        self.values = values.copy()
        self.digits = digits
        self.value_scale = value_scale if value_scale is not None else color_scale(values)
        self.cell_size = cell_size or min(0.75, max_width / self.n, max_height / self.n)
        self.entries = VGroup()
        self._number_slots: dict[tuple[int, int], VGroup] = {}
        self.number_labels = VGroup()
        for i in range(self.n):
            for j in range(self.n):
                square = value_cell(values[i, j], self.value_scale, self.cell_size)
                square.move_to([j * self.cell_size, -i * self.cell_size, 0])
                self.entries.add(square)
                if show_numbers:
                    slot = VGroup(self._number_text(values[i, j], square))
                    self._number_slots[(i, j)] = slot
                    self.number_labels.add(slot)
        self.retired = VGroup()
        self.add(self.entries, self.number_labels, self.retired)
        self._place_labels(
            labels,
            column_labels,
            self.cell_size,
            self.cell_size,
            label_size or (theme.sizes.label if self.cell_size > 0.5 else theme.sizes.small),
        )
        self.center()

    def _number_text(self, value: float, square: Square) -> VMobject:
        theme = current_theme()
        text = flat_text(format_value(value, self.digits), theme.sizes.small, mono=True)
        if text.width > self.cell_size * 0.86:
            text.scale_to_fit_width(self.cell_size * 0.86)
        return text.move_to(square)

    def cell(self, i: int, j: int) -> Square:
        return self.entry(i, j)

    @property
    def numbered(self) -> bool:
        """Whether every cell has its number drawn inside."""
        return bool(self._number_slots)

    def number_label(self, i: int, j: int) -> VMobject:
        return self._number_slots[(i, j)][0]

    def animate_values(
        self, new_values: np.ndarray, *, value_scale: float | None = None, digits: int | None = None
    ) -> Animation:
        """Recolour and renumber the cells whose value (as drawn) changes."""
        new_values = np.asarray(new_values, dtype=float)
        if new_values.shape != self.values.shape:
            raise ValueError(f"expected a {self.values.shape} matrix, got {new_values.shape}")
        if value_scale is not None:
            self.value_scale = value_scale
        if digits is not None:
            self.digits = digits
        animations: list[Animation] = []
        for i in range(self.n):
            for j in range(self.n):
                square = self.cell(i, j)
                color = value_to_color(new_values[i, j], self.value_scale)
                if color != square.get_fill_color().to_hex().lower():
                    animations.append(square.animate.set_fill(color, opacity=1))
                slot = self._number_slots.get((i, j))
                if slot is not None and slot[0].text != format_value(new_values[i, j], self.digits):
                    animations += swap_text(
                        slot, self._number_text(new_values[i, j], square), self.retired
                    )
        self.values = new_values.copy()
        return AnimationGroup(*animations, group=self)


class LayerGrid(VGroup):
    """The pair grid of one attention head: the words down the side (row ``i``, the word
    weighed) and along the top (column ``j``), beside each row word the vectors it sends
    into the layer as thin strips (one kind per entry of ``row_vectors``, the first nearest
    the grid, each kind named above its strips), and an ``n x n`` heatmap of ``values``
    (scores or importances), its cells drawn one by one by the scene.

    Data: ``values`` (the heatmap's matrix, as given), ``labels`` (the words),
    ``shown_indices`` (the components each strip draws), ``vector_scale``.
    Parts: ``heat`` (a :class:`Heatmap` without numbers), ``strips`` (one ``VGroup`` per
    kind, a strip per row), ``strip_labels``, ``outlines`` (the empty cells, to draw before
    the cells). ``numbers_beside(values)``: texts beside the last column, one per row.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import LayerGrid
    >>> grid = LayerGrid(np.zeros((2, 2)), ["fat", "cat"], [np.ones((2, 8))], ["A x"],
    ...                  shown=(0, 1, 2, 3), vector_scale=1.0, cell=0.4)
    >>> len(grid.strips[0]), grid.strips[0][1].shown_indices
    (2, (0, 1, 2, 3))
    >>> [t.text for t in grid.numbers_beside(np.array([0.25, -1.0]))]
    ['0.25', '−1.00']
    """

    def __init__(
        self,
        values: np.ndarray,
        labels: Sequence[str],
        row_vectors: Sequence[np.ndarray],
        row_names: Sequence[str],
        *,
        shown: Sequence[int],
        vector_scale: float,
        cell: float,
        value_scale: float | None = None,
        name_colors: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.values = np.asarray(values, dtype=float)
        self.labels = tuple(labels)
        self.shown_indices = tuple(shown)
        self.vector_scale = vector_scale
        self.heat = Heatmap(
            self.values, list(labels), show_numbers=False, value_scale=value_scale, cell_size=cell
        )
        strip_cell = min(theme.sizes.cell, cell * 0.75)
        self.strips = VGroup()
        self.strip_labels = VGroup()
        right = self.heat.entries.get_left()[0] - theme.gaps.small
        colors = name_colors or [theme.transformer] * len(row_names)
        for vectors, name, color in zip(row_vectors, row_names, colors, strict=True):
            kind = VGroup(
                *(
                    vector_strip(
                        vectors[i],
                        shown=self.shown_indices,
                        value_scale=vector_scale,
                        cell_size=strip_cell,
                    ).move_to([0, self.heat.cell(i, 0).get_y(), 0], aligned_edge=LEFT)
                    for i in range(self.heat.n)
                )
            )
            kind.shift(RIGHT * (right - kind.get_right()[0]))
            label = flat_text(name, theme.sizes.small, color)
            # right-aligned over its strips, so a long name reaches away from the column words
            label.next_to(kind, UP, buff=theme.gaps.tight).align_to(kind, RIGHT)
            self.strips.add(kind)
            self.strip_labels.add(label)
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
        self.add(self.outlines, self.heat, self.strips, self.strip_labels)

    @property
    def n(self) -> int:
        return self.heat.n

    def numbers_beside(self, values: np.ndarray, digits: int = 2) -> VGroup:
        """``values`` (one per row) written beside the grid's last column, row by row (new
        texts, for the scene to bring in)."""
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
