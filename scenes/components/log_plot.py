"""Lines of points on log-log axes: counts that span many powers of ten against a length."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Literal

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    LaggedStart,
    Line,
    Square,
    Triangle,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme

Marker = Literal["circle", "square", "triangle"]
MARKERS: tuple[Marker, ...] = ("circle", "square", "triangle")


def marker_shape(marker: Marker, color: str, size: float = 0.16) -> VMobject:
    """A filled marker ``size`` across: a dot, a square or a triangle."""
    if marker == "circle":
        return Dot(radius=size / 2, color=color)
    if marker == "square":
        return Square(side_length=size * 0.9, color=color, stroke_width=0).set_fill(color, 1)
    if marker == "triangle":
        return Triangle(color=color, stroke_width=0).set_fill(color, 1).scale_to_fit_width(size)
    raise ValueError(f"marker must be one of {MARKERS}, not {marker!r}")


def power_of_ten_label(power: int) -> str:
    """A tick label for ``10**power`` in words a viewer reads at once.

    >>> power_of_ten_label(4), power_of_ten_label(6), power_of_ten_label(9)
    ('10 thousand', '1 million', '1 billion')
    """
    if power < 4:
        return f"{10**power:,}"
    unit, size = next(
        (u, k) for u, k in (("billion", 9), ("million", 6), ("thousand", 3)) if power >= k
    )
    return f"{10 ** (power - size)} {unit}"


class LogLogPlot(VGroup):
    """One line of points per series, x and y both on logarithmic scales: x ticks at the
    given ``labels`` positions (``xs``), y ticks at every power of ten the values span. Each
    line ends in a label in its colour, led by its marker (the plot's key); labels that would
    touch are moved apart.

    ``values[s, k]`` is series ``s`` at ``xs[k]``. Parts: ``axes``, ``tick_labels``,
    ``x_title``, ``y_title``, ``lines`` / ``line(s)``, ``markers`` / ``marker(s, k)``,
    ``end_labels`` / ``end_label(s)``, ``marks``. ``drawn_value(s, k)`` reads a value back
    from its marker's height; ``mark_x(x, text)`` draws a dashed vertical line at ``x``.
    Animations: ``animate_axes()``, then ``animate_draw()``.

    >>> import numpy as np
    >>> plot = LogLogPlot([2, 4, 8], ["a", "b"], np.array([[10, 100, 1000], [20, 80, 320]]),
    ...                   ["#ffffff", "#ff0000"], ["circle", "square"], x_title="words",
    ...                   y_title="count")
    >>> round(plot.drawn_value(0, 1)), round(plot.drawn_value(1, 2))
    (100, 320)
    """

    def __init__(
        self,
        xs: Sequence[float],
        series: Sequence[str],
        values: np.ndarray,
        colors: Sequence[str],
        markers: Sequence[Marker],
        *,
        x_title: str,
        y_title: str,
        width: float = 6.5,
        height: float = 4.0,
    ) -> None:
        super().__init__()
        theme = current_theme()
        values = np.asarray(values, dtype=float)
        if values.shape != (len(series), len(xs)):
            raise ValueError("values must be (series, x positions)")
        if len(colors) != len(series) or len(markers) != len(series):
            raise ValueError("one colour and one marker per series")
        if (values <= 0).any() or min(xs) <= 0:
            raise ValueError("a logarithmic plot needs positive values")
        self.xs, self.values = tuple(xs), values.copy()
        self.width_, self.height_ = width, height
        self._x_range = (math.log10(min(xs)), math.log10(max(xs)))
        self._low = math.floor(math.log10(values.min()))
        self._high = math.ceil(math.log10(values.max()))
        self.axes = VGroup(
            Line([0, 0, 0], [width, 0, 0], color=theme.muted, stroke_width=2),
            Line([0, 0, 0], [0, height, 0], color=theme.muted, stroke_width=2),
        )
        self.grid_lines, self.tick_labels = VGroup(), VGroup()
        for power in range(self._low, self._high + 1):
            y = self.y_at(10.0**power)
            self.grid_lines.add(Line([0, y, 0], [width, y, 0], color=theme.zero, stroke_width=1))
            label = flat_text(power_of_ten_label(power), theme.sizes.tiny, theme.muted)
            self.tick_labels.add(label.next_to([0, y, 0], LEFT, buff=0.12))
        for x in xs:
            label = flat_text(f"{x:g}", theme.sizes.small, theme.muted)
            self.tick_labels.add(label.next_to([self.x_at(x), 0, 0], DOWN, buff=0.12))
        self.x_title = flat_text(x_title, theme.sizes.small, theme.muted)
        self.x_title.next_to(self.tick_labels, DOWN, buff=0.1).set_x(width / 2)
        self.y_title = flat_text(y_title, theme.sizes.small, theme.muted)
        self.y_title.next_to([0, height, 0], UP, buff=0.2).align_to(self.tick_labels, LEFT)
        self.lines, self.markers = VGroup(), VGroup()
        for row, color, marker in zip(values, colors, markers, strict=True):
            points = [
                np.array([self.x_at(x), self.y_at(v), 0]) for x, v in zip(xs, row, strict=True)
            ]
            self.lines.add(
                VGroup(*(Line(a, b, color=color, stroke_width=3) for a, b in pairwise(points)))
            )
            self.markers.add(VGroup(*(marker_shape(marker, color).move_to(p) for p in points)))
        self.end_labels = self._labels_at_ends(series, colors, markers)
        self.marks = VGroup()
        self.add(
            self.grid_lines,
            self.axes,
            self.tick_labels,
            self.x_title,
            self.y_title,
            self.lines,
            self.markers,
            self.end_labels,
            self.marks,
        )

    def _labels_at_ends(
        self, series: Sequence[str], colors: Sequence[str], markers: Sequence[Marker]
    ) -> VGroup:
        """Each series' marker and name right of its last point, moved apart vertically
        where two would touch (the order of the last values kept)."""
        theme = current_theme()
        labels = [
            VGroup(
                marker_shape(marker, color),
                flat_text(name, theme.sizes.small, color),
            ).arrange(RIGHT, buff=0.1)
            for name, color, marker in zip(series, colors, markers, strict=True)
        ]
        ends = [float(self.y_at(v)) for v in self.values[:, -1]]
        order = sorted(range(len(labels)), key=lambda s: ends[s])
        placed: list[float] = []
        for s in order:
            y = ends[s]
            if placed:
                lowest = placed[-1] + (labels[order[len(placed) - 1]].height + labels[s].height) / 2
                y = max(y, lowest + 0.06)
            placed.append(y)
            labels[s].move_to([self.width_ + 0.25, y, 0], aligned_edge=LEFT)
            labels[s].set_y(y)
        return VGroup(*labels)

    def x_at(self, x: float) -> float:
        """The x coordinate (before the plot is moved) of a length ``x``."""
        low, high = self._x_range
        return (math.log10(x) - low) / (high - low) * self.width_

    def y_at(self, value: float) -> float:
        """The y coordinate (before the plot is moved) of a value."""
        return (math.log10(value) - self._low) / (self._high - self._low) * self.height_

    @property
    def origin(self) -> np.ndarray:
        """Where the lowest x and the lowest power of ten are drawn now."""
        return self.axes[0].get_start()

    def line(self, s_index: int) -> VGroup:
        return self.lines[s_index]

    def marker(self, s_index: int, k: int) -> VMobject:
        return self.markers[s_index][k]

    def end_label(self, s_index: int) -> VGroup:
        return self.end_labels[s_index]

    def drawn_value(self, s_index: int, k: int) -> float:
        """The value a marker stands for, read from its height above the x axis."""
        axis = self.axes[1]
        share = (self.marker(s_index, k).get_y() - axis.get_bottom()[1]) / axis.height
        return float(10 ** (self._low + share * (self._high - self._low)))

    def mark_x(self, x: float, text: str, color: str) -> VGroup:
        """A dashed vertical line at length ``x`` with ``text`` above it; added to ``marks``
        and returned."""
        theme = current_theme()
        axis = self.axes[1]
        at = self.origin[0] + self.x_at(x) / self.width_ * self.axes[0].width
        bottom, top = axis.get_bottom()[1], axis.get_top()[1]
        rule = DashedLine([at, bottom, 0], [at, top, 0], color=color, stroke_width=2)
        note = flat_text(text, theme.sizes.tiny, color).next_to(rule, UP, buff=0.08)
        self._clear_of_title(note)
        mark = VGroup(rule, note)
        self.marks.add(mark)
        return mark

    def _clear_of_title(self, note: VMobject) -> None:
        """Moves ``note`` right of the y axis's title where the two would overlap (a mark
        near the left end of the axis)."""
        title = self.y_title
        overlap_y = abs(note.get_y() - title.get_y()) < (note.height + title.height) / 2
        clearance = title.get_right()[0] + current_theme().gaps.tight - note.get_left()[0]
        if overlap_y and clearance > 0:
            note.shift(RIGHT * clearance)

    def animate_axes(self) -> Animation:
        """The axes, their grid, ticks and titles fading in (before the lines are drawn)."""
        return FadeIn(
            VGroup(self.grid_lines, self.axes, self.tick_labels, self.x_title, self.y_title)
        )

    def animate_draw(self) -> Animation:
        """Each series drawn left to right, then its end label, one series after another."""
        return LaggedStart(
            *(
                LaggedStart(Create(line), FadeIn(markers), FadeIn(label), lag_ratio=0.3)
                for line, markers, label in zip(
                    self.lines, self.markers, self.end_labels, strict=True
                )
            ),
            lag_ratio=0.35,
        )
