"""Vectors as columns of value-coloured cells, and one-hot vectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    BackgroundRectangle,
    Square,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color

Orientation = Literal["vertical", "horizontal"]


def default_shown(size: int, max_cells: int) -> tuple[int, ...]:
    """Which components a partial view shows: the first ``max_cells - 1`` and the last."""
    if size <= max_cells:
        return tuple(range(size))
    return (*range(max_cells - 1), size - 1)


def value_cell(value: float, scale: float, side: float) -> Square:
    theme = current_theme()
    cell = Square(side_length=side, stroke_width=1, stroke_color=theme.background)
    cell.set_fill(value_to_color(value, scale), opacity=1)
    return cell


def swap_text(slot: VGroup, fresh: VMobject, retired: VGroup) -> list[Animation]:
    """Cross-fade the text held in ``slot`` to ``fresh`` without splitting the component
    (:func:`swap_in` for a slot that holds one text)."""
    return swap_in(slot, slot[0], fresh, retired)


def swap_in(holder: VGroup, old: VMobject, fresh: VMobject, retired: VGroup) -> list[Animation]:
    """Cross-fade ``old``, a part of ``holder``, to ``fresh``, which takes its place there:
    one text fades out as the other fades in, never a morph of one text's glyphs into
    another's.

    Manim's ``FadeIn``/``FadeOut`` add and remove mobjects at the scene's top level, which
    breaks a component apart; opacity animations keep everything inside it. The old text
    moves to ``retired`` (invisible).

    >>> from derived_transformer.scenes.text import flat_text
    >>> old, retired = flat_text("10", 20), VGroup()
    >>> holder = VGroup(old)
    >>> _ = swap_in(holder, old, flat_text("0.1", 20), retired)
    >>> holder[0].text, retired[0].text
    ('0.1', '10')
    """
    holder.submobjects[holder.submobjects.index(old)] = fresh
    retired.add(old)
    fresh.set_opacity(0)
    return [old.animate.set_opacity(0), fresh.animate.set_opacity(1)]


class VectorColumn(VGroup):
    """A vector drawn as a column (or, ``orientation="horizontal"``, a row) of cells
    coloured by value on one colour scale (``value_scale``: the magnitude drawn at full
    colour; default: the vector's largest).

    Vectors too long to draw show ``max_cells`` components (the first ones and the last)
    with an ellipsis, and label each drawn cell with its component index, so the viewer
    knows which part is shown. ``shown`` picks the components explicitly. ``compact`` draws
    the shown cells side by side with no ellipsis (the caller then says which are shown).
    ``index_size``: the font size of the index labels (default ``theme.sizes.tiny``).

    Data: ``values``, ``value_scale``, ``shown_indices``, ``numbered_indices``.
    Parts: ``cells`` / ``cell(k)``, ``number_labels`` / ``number_label(k)``,
    ``index_labels``, ``ellipses``, and ``annotations`` (those three: everything drawn
    around the cells). Animations: ``animate_values(new_values)``.

    >>> from derived_transformer.scenes.components import VectorColumn
    >>> column = VectorColumn([0.5, -1.0, 0.0], show_numbers=True)
    >>> column.number_label(1).text
    '−1.00'
    """

    def __init__(
        self,
        values: Sequence[float] | np.ndarray,
        *,
        shown: Sequence[int] | None = None,
        max_cells: int = 8,
        show_numbers: bool = False,
        show_indices: bool | None = None,
        digits: int = 2,
        value_scale: float | None = None,
        cell_size: float | None = None,
        orientation: Orientation = "vertical",
        number_size: float | None = None,
        compact: bool = False,
        index_size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        index_size = theme.sizes.tiny if index_size is None else index_size
        self.values = np.asarray(values, dtype=float).ravel().copy()
        if orientation not in ("vertical", "horizontal"):
            raise ValueError(f"orientation must be 'vertical' or 'horizontal', not {orientation!r}")
        self.orientation = orientation
        self.value_scale = value_scale if value_scale is not None else color_scale(self.values)
        self.digits = digits
        self.cell_size = cell_size or theme.sizes.cell
        self.shown_indices = tuple(
            shown if shown is not None else default_shown(len(self.values), max_cells)
        )
        if not self.shown_indices or not all(0 <= k < len(self.values) for k in self.shown_indices):
            raise ValueError("shown components must be valid indices of the vector")
        self.partial = len(self.shown_indices) < len(self.values)
        self.number_size = number_size or theme.sizes.small
        vertical = orientation == "vertical"
        step = DOWN if vertical else RIGHT
        side = LEFT if vertical else UP
        far = RIGHT if vertical else DOWN
        pitch = self.cell_size * 1.0

        self.cells = VGroup()
        self.number_labels = VGroup()
        self.index_labels = VGroup()
        self.ellipses = VGroup()
        self._cell_of: dict[int, Square] = {}
        self._number_slot: dict[int, VGroup] = {}
        slot = 0
        previous = -1
        show_indices = self.partial if show_indices is None else show_indices
        for k in self.shown_indices:
            if k != previous + 1 and not compact:
                self.ellipses.add(self._ellipsis(slot * pitch * step))
                slot += 1
            center = slot * pitch * step
            cell = value_cell(self.values[k], self.value_scale, self.cell_size).move_to(center)
            self.cells.add(cell)
            self._cell_of[k] = cell
            if show_numbers:
                holder = VGroup(self._number(k, cell, far))
                self._number_slot[k] = holder
                self.number_labels.add(holder)
            if show_indices:
                index = flat_text(str(k), index_size, theme.muted)
                index.next_to(cell, side, buff=0.06)
                self.index_labels.add(index)
            previous = k
            slot += 1
        if previous != len(self.values) - 1 and not compact:
            self.ellipses.add(self._ellipsis(slot * pitch * step))
        self.retired = VGroup()  # replaced numbers, faded out, kept so no group is split
        self.add(self.cells, self.ellipses, self.number_labels, self.index_labels, self.retired)
        self.center()

    def _ellipsis(self, center: np.ndarray) -> VMobject:
        theme = current_theme()
        dots = flat_text(
            "⋮" if self.orientation == "vertical" else "⋯", theme.sizes.label, theme.muted
        )
        if dots.height > self.cell_size:
            dots.scale_to_fit_height(self.cell_size * 0.9)
        return dots.move_to(center)

    def _number(self, k: int, cell: Square, far: np.ndarray) -> VMobject:
        text = flat_text(format_value(self.values[k], self.digits), self.number_size, mono=True)
        return text.next_to(cell, far, buff=0.08)

    # -- accessors -------------------------------------------------------------------
    @property
    def annotations(self) -> VGroup:
        """The numbers, indices and ellipses drawn around the cells, to bring in or take
        away together (the cells stay).

        >>> len(VectorColumn([0.5, -1.0, 0.0], show_numbers=True).annotations)
        3
        """
        return VGroup(self.number_labels, self.index_labels, self.ellipses)

    def cell(self, k: int) -> Square:
        try:
            return self._cell_of[k]
        except KeyError:
            raise KeyError(f"component {k} is not drawn (shown: {self.shown_indices})") from None

    @property
    def numbered_indices(self) -> tuple[int, ...]:
        """The components drawn with their number beside them."""
        return tuple(k for k in self.shown_indices if k in self._number_slot)

    def number_label(self, k: int) -> VMobject:
        """The number drawn beside component ``k``."""
        try:
            return self._number_slot[k][0]
        except KeyError:
            raise KeyError(
                f"component {k} has no number drawn (numbered: {self.numbered_indices})"
            ) from None

    # -- animations ------------------------------------------------------------------
    def animate_values(
        self, new_values: Sequence[float] | np.ndarray, value_scale: float | None = None
    ) -> Animation:
        """Recolour (and renumber) only the drawn cells whose value changes."""
        new = np.asarray(new_values, dtype=float).ravel()
        if new.shape != self.values.shape:
            raise ValueError(f"expected {self.values.shape[0]} values, got {new.shape[0]}")
        if value_scale is not None:
            self.value_scale = value_scale
        animations: list[Animation] = []
        for k in self.shown_indices:
            old_color = self.cell(k).get_fill_color().to_hex().lower()
            new_color = value_to_color(new[k], self.value_scale)
            if new_color != old_color:
                animations.append(self.cell(k).animate.set_fill(new_color, opacity=1))
            if k in self._number_slot:
                old_text = self.number_label(k)
                text = format_value(new[k], self.digits)
                if text != old_text.text:
                    fresh = flat_text(text, self.number_size, mono=True).move_to(old_text, LEFT)
                    animations += swap_text(self._number_slot[k], fresh, self.retired)
        self.values = new.copy()
        return AnimationGroup(*animations, group=self)


class OneHotVector(VectorColumn):
    """A word's one-hot vector: a single lit cell at the word's index.

    The vocabulary is long, so a window of cells around the index is drawn, each labelled
    with its index (the lit one in the highlight colour).

    >>> from derived_transformer.scenes.components import OneHotVector
    >>> v = OneHotVector(index=23, size=57)
    >>> v.lit_cell is v.cell(23)
    True
    """

    def __init__(
        self, index: int, size: int, *, window: int = 5, cell_size: float | None = None
    ) -> None:
        if not 0 <= index < size:
            raise ValueError(f"index {index} outside a vocabulary of {size}")
        half = window // 2
        start = min(max(index - half, 0), max(size - window, 0))
        shown = tuple(range(start, min(start + window, size)))
        values = np.zeros(size)
        values[index] = 1.0
        super().__init__(
            values, shown=shown, show_indices=True, value_scale=1.0, cell_size=cell_size
        )
        self.index = index
        theme = current_theme()
        position = self.shown_indices.index(index)
        self.index_labels[position].set_color(theme.highlight)

    @property
    def lit_cell(self) -> Square:
        return self.cell(self.index)


class OneHotStrip(VGroup):
    """A one-hot vector drawn whole: one tall strip for all ``size`` entries, index 0 at the
    top, the single 1 as a bar at its real height, and its index beside it. Strips of
    different words side by side show the 1 at different heights.

    Data: ``values`` (the one-hot vector), ``value_scale`` (1), ``index``. Parts: ``frame``
    (the strip of zeros), ``lit_cell`` (the bar of the 1), ``index_label`` (on
    ``index_patch``, a patch of the background).

    >>> from derived_transformer.scenes.components import OneHotStrip
    >>> strip = OneHotStrip(index=0, size=100, height=2.0)
    >>> round(float(strip.lit_cell.get_top()[1] - strip.frame.get_top()[1]), 3)
    0.0
    """

    def __init__(
        self,
        index: int,
        size: int,
        *,
        height: float = 3.0,
        width: float = 0.3,
        min_bar: float = 0.05,
        label_size: float | None = None,
    ) -> None:
        super().__init__()
        if not 0 <= index < size:
            raise ValueError(f"index {index} outside a vocabulary of {size}")
        theme = current_theme()
        self.values = np.zeros(size)
        self.values[index] = 1.0
        self.value_scale = 1.0
        self.index = index
        zeros = Square(side_length=1.0, stroke_width=1, stroke_color=theme.outline)
        zeros.stretch_to_fit_width(width).stretch_to_fit_height(height)
        self.frame = zeros.set_fill(value_to_color(0.0, 1.0), opacity=1)
        entry = height / size
        bar = Square(side_length=1.0, stroke_width=0).set_fill(value_to_color(1.0, 1.0), 1)
        bar.stretch_to_fit_width(width).stretch_to_fit_height(max(entry, min_bar))
        top = self.frame.get_top()[1]
        middle = top - (index + 0.5) * entry
        # a bar taller than its entry stays inside the strip
        half = bar.height / 2
        bar.set_y(min(max(middle, self.frame.get_bottom()[1] + half), top - half))
        self.lit_cell = bar
        self.index_label = flat_text(
            str(index), label_size or theme.sizes.small, theme.highlight
        ).next_to(bar, RIGHT, buff=theme.gaps.tight)
        # strips stand close together: the label is drawn over a neighbouring strip, on a
        # patch of the background
        self.index_patch = BackgroundRectangle(
            self.index_label, color=theme.background, fill_opacity=0.9, buff=theme.gaps.hair / 2
        )
        self.index_patch.set_z_index(1)
        self.index_label.set_z_index(2)
        self.add(self.frame, self.lit_cell, self.index_patch, self.index_label)

    def lit_height(self) -> float:
        """Where the bar of the 1 stands, as a share of the strip from its top (0: index 0,
        1: the last index), read back from the drawing."""
        top, bottom = self.frame.get_top()[1], self.frame.get_bottom()[1]
        return float((top - self.lit_cell.get_y()) / (top - bottom))
