"""A line chart of values in [0, 1] (accuracies) against positions along x, each line told
apart by its colour and the shape of its markers, and named at its end."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Circle,
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

MARKERS = ("circle", "square", "triangle", "diamond", "ring", "box")
"""The marker shapes: filled ``circle``, ``square``, ``triangle`` and ``diamond``; hollow
``ring`` and ``box``, larger, so that markers on the same point nest and all show: a filled
one inside the ring, the ring inside the box."""
MARKER_SIZE = 0.13


def marker(kind: str, color: str, size: float = MARKER_SIZE) -> VMobject:
    """One marker of ``kind`` (one of :data:`MARKERS`), about ``size`` wide (the hollow ones
    larger: the ring twice, the box nearly three times), centred on the origin.

    >>> round(float(marker("diamond", "#ffffff").width), 2), marker("ring", "#ffffff").fill_opacity
    (0.14, 0.0)
    """
    if kind == "circle":
        shape: VMobject = Dot(radius=size / 2, color=color)
    elif kind == "square":
        shape = Square(size * 0.85, color=color, fill_opacity=1.0, stroke_width=0)
    elif kind == "triangle":
        shape = Triangle(color=color, fill_opacity=1.0, stroke_width=0)
    elif kind == "diamond":
        shape = Square(1.0, color=color, fill_opacity=1.0, stroke_width=0).rotate(np.pi / 4)
    elif kind == "ring":
        shape = Circle(radius=size, color=color, stroke_width=2.5)
    elif kind == "box":
        shape = Square(size * 2.8, color=color, stroke_width=2.5)
    else:
        raise ValueError(f"marker {kind!r} is not one of {', '.join(MARKERS)}")
    if kind in ("triangle", "diamond"):
        shape.scale_to_fit_width(size * 1.1)
    return shape.move_to([0, 0, 0])


class LineChart(VGroup):
    """One line of markers per series over labelled x positions, y from 0 to 1 (drawn as 0% to
    100%), each line named at its last value. Missing values (NaN) leave a gap.

    ``values[s, k]`` is series ``s`` at x position ``k``; ``markers[s]`` its marker shape
    (:data:`MARKERS`), ``dashed[s]`` whether its line is dashed. The names at the lines' ends
    are spread apart where lines end close together (in the order of the series, the first
    on top), each joined to its line's end by a thin leader; ``names_after`` keeps every name
    right of that x position (for lines that end early, over others still running).
    ``mark(k, text, color)`` draws a dashed vertical line at position ``k`` with a note at its
    foot inside the chart;
    ``level(y, text)`` a dashed horizontal line with a note under its left end.

    Data: ``values``, ``labels``. Parts: ``lines`` / ``line(s)``, ``dots`` / ``dot(s, k)``
    (the markers), ``axes``, ``grid_lines``, ``tick_labels``, ``x_title``, ``end_labels``
    (each a marker, a name and a leader), ``marks``. ``drawn_value(s, k)`` reads a value back
    from its marker's height. Animations: ``animate_draw()``, ``animate_line(s)``.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import LineChart
    >>> chart = LineChart(["3", "4"], ["CNN"], np.array([[0.5, 0.9]]), ["#9b7ede"])
    >>> round(chart.drawn_value(0, 1), 3), chart.end_labels[0][1].text
    (0.9, 'CNN')
    """

    def __init__(
        self,
        labels: Sequence[str],
        series: Sequence[str],
        values: np.ndarray,
        colors: Sequence[str],
        *,
        width: float = 6.0,
        height: float = 3.6,
        x_title: str | None = None,
        dashed: Sequence[bool] | None = None,
        markers: Sequence[str] | None = None,
        names_after: float = 0.0,
    ) -> None:
        super().__init__()
        theme = current_theme()
        values = np.asarray(values, dtype=float)
        if values.shape != (len(series), len(labels)):
            raise ValueError("values must be (series, x positions)")
        if len(colors) != len(series):
            raise ValueError("one colour per series")
        self.values = values.copy()
        self.labels = tuple(labels)
        self.width_, self.height_ = width, height
        self._step = width / max(len(labels) - 1, 1)
        self.axes = VGroup(
            Line([0, 0, 0], [width, 0, 0], color=theme.muted, stroke_width=2),
            Line([0, 0, 0], [0, height, 0], color=theme.muted, stroke_width=2),
        )
        self.grid_lines = VGroup(
            *(
                Line([0, y * height, 0], [width, y * height, 0], color=theme.zero, stroke_width=1)
                for y in (0.25, 0.5, 0.75, 1.0)
            )
        )
        self.tick_labels = VGroup()
        for y in (0.0, 0.5, 1.0):
            tick = flat_text(f"{y:.0%}", theme.sizes.tiny, theme.muted)
            self.tick_labels.add(tick.next_to([0, y * height, 0], LEFT, buff=theme.gaps.small))
        for k, text in enumerate(labels):
            tick = flat_text(text, theme.sizes.small, theme.muted)
            self.tick_labels.add(tick.next_to([self.x_at(k), 0, 0], DOWN, buff=0.12))
        self.x_title = None
        if x_title:
            self.x_title = flat_text(x_title, theme.sizes.small, theme.muted)
            self.x_title.next_to(self.tick_labels[3:], DOWN, buff=0.15).set_x(width / 2)
        dashed = dashed or [False] * len(series)
        markers = markers or ["circle"] * len(series)
        self.lines, self.dots = VGroup(), VGroup()
        self._dots: dict[tuple[int, int], VMobject] = {}
        for s_index, color in enumerate(colors):
            self.lines.add(self._line(values[s_index], color, dashed[s_index]))
            dots = VGroup()
            for k, v in enumerate(values[s_index]):
                if not np.isnan(v):
                    dot = marker(markers[s_index], color).move_to(self._point(k, v))
                    dots.add(dot)
                    self._dots[(s_index, k)] = dot
            self.dots.add(dots)
        self.end_labels = self._end_labels(series, colors, markers, names_after)
        self.marks = VGroup()
        self.add(self.grid_lines, self.axes, self.tick_labels, self.lines, self.dots)
        self.add(self.end_labels)
        if self.x_title is not None:
            self.add(self.x_title)
        self.add(self.marks)

    def _point(self, k: int, value: float) -> np.ndarray:
        return np.array([self.x_at(k), value * self.height_, 0])

    def _line(self, values: np.ndarray, color: str, dashed: bool) -> VGroup:
        """The segments between consecutive values, none across a missing one."""
        line = VGroup()
        kind = DashedLine if dashed else Line
        for k, (a, b) in enumerate(itertools.pairwise(values)):
            if not (np.isnan(a) or np.isnan(b)):
                line.add(
                    kind(self._point(k, a), self._point(k + 1, b), color=color, stroke_width=3)
                )
        return line

    def _end_labels(
        self,
        series: Sequence[str],
        colors: Sequence[str],
        markers: Sequence[str],
        names_after: float,
    ) -> VGroup:
        """Each series' marker and name right of its last value (and of x position
        ``names_after``), spread apart (in the order of those values) so that no two overlap,
        each with a leader from the line's end."""
        theme = current_theme()
        entries, ends = [], []
        for s_index, name in enumerate(series):
            last = max(k for k, v in enumerate(self.values[s_index]) if not np.isnan(v))
            ends.append(self._point(last, self.values[s_index, last]))
            swatch = marker(markers[s_index], colors[s_index])
            text = flat_text(name, theme.sizes.small, colors[s_index])
            entries.append(VGroup(swatch, text.next_to(swatch, RIGHT, buff=theme.gaps.hair)))
        pitch = max(e.height for e in entries) + theme.gaps.hair
        ys = spread([end[1] for end in ends], pitch)
        # the swatches (each as wide as its line's markers) centred in one column, clear of
        # the widest marker at the lines' ends
        clear = max(e[0].width for e in entries) + theme.gaps.small
        labels = VGroup()
        for entry, end, y, color in zip(entries, ends, ys, colors, strict=True):
            column = max(end[0], self.x_at(names_after)) + clear
            entry.shift([column - entry[0].get_center()[0], 0, 0])
            entry.shift([0, y - entry[0].get_center()[1], 0])
            start = end + RIGHT * (entry[0].width / 2 + theme.gaps.hair)
            leader = Line(start, entry[0].get_left() + LEFT * 0.05, stroke_width=1)
            labels.add(VGroup(*entry, leader.set_stroke(color, opacity=0.6)))
        return labels

    def x_at(self, position: float) -> float:
        """The x coordinate (before the chart is moved) of a position, fractional allowed."""
        return position * self._step

    @property
    def origin(self) -> np.ndarray:
        """Where (x position 0, value 0) is drawn now."""
        return self.axes[0].get_start()

    def line(self, s_index: int) -> VGroup:
        return self.lines[s_index]

    def dot(self, s_index: int, k: int) -> VMobject:
        return self._dots[(s_index, k)]

    def drawn_value(self, s_index: int, k: int) -> float:
        """The value a marker stands for: its centre's height above the x axis over the
        axis' height."""
        axis = self.axes[1]
        return float((self.dot(s_index, k).get_y() - axis.get_bottom()[1]) / axis.height)

    def point_at(self, position: float, value: float) -> np.ndarray:
        """Where (x position, value) is drawn now; both may be fractional."""
        x = self.origin[0] + position / max(len(self.labels) - 1, 1) * self.axes[0].width
        return np.array([x, self.origin[1] + value * self.axes[1].height, 0])

    def mark(self, position: float, text: str, color: str, up_to: float = 1.0) -> VGroup:
        """A dashed vertical line at ``position`` from the x axis up to the value ``up_to``,
        with ``text`` at its foot, inside the chart, right of the line; added to ``marks``
        and returned."""
        theme = current_theme()
        foot, top = self.point_at(position, 0.0), self.point_at(position, up_to)
        rule = DashedLine(foot, top, color=color, stroke_width=2)
        note = flat_text(text, theme.sizes.tiny, color)
        note.next_to(foot, UP + RIGHT, buff=theme.gaps.hair)
        mark = VGroup(rule, note)
        self.marks.add(mark)
        return mark

    def level(self, value: float, text: str, color: str | None = None) -> VGroup:
        """A dashed horizontal line at ``value`` with ``text`` under its left end."""
        theme = current_theme()
        color = color or theme.muted
        left, right = self.point_at(0, value), self.point_at(len(self.labels) - 1, value)
        rule = DashedLine(left, right, color=color, stroke_width=1.5)
        note = flat_text(text, theme.sizes.tiny, color)
        note.next_to(left, DOWN + RIGHT, buff=theme.gaps.hair)
        mark = VGroup(rule, note)
        self.marks.add(mark)
        return mark

    def animate_line(self, s_index: int) -> Animation:
        """One series drawn left to right, its markers after it, then its name."""
        return LaggedStart(
            Create(self.lines[s_index]),
            FadeIn(self.dots[s_index]),
            FadeIn(self.end_labels[s_index], shift=LEFT * 0.2),
            lag_ratio=0.35,
        )

    def animate_draw(self) -> Animation:
        """Each series drawn left to right, one after another."""
        return LaggedStart(*(self.animate_line(s) for s in range(len(self.lines))), lag_ratio=0.35)


def spread(ys: Sequence[float], pitch: float) -> list[float]:
    """Heights near ``ys`` at least ``pitch`` apart, each group of crowded ones centred on
    their mean and set in the given order, the first on top (so names crowded at the end of
    a chart read in the order of its series).

    >>> spread([0.0, 0.1, 2.0], 0.5)
    [0.3, -0.2, 2.0]
    """
    order = sorted(range(len(ys)), key=lambda k: (ys[k], k))
    groups: list[list[int]] = []
    for k in order:
        groups.append([k])
        while len(groups) > 1 and _bottom(groups[-1], ys, pitch) < _top(groups[-2], ys, pitch):
            groups[-1] = groups.pop(-2) + groups[-1]
    out = [0.0] * len(ys)
    for group in groups:
        bottom = _bottom(group, ys, pitch)
        for n, k in enumerate(sorted(group, reverse=True)):
            out[k] = round(bottom + n * pitch, 9)
    return out


def _bottom(group: list[int], ys: Sequence[float], pitch: float) -> float:
    """Where a group's lowest member goes: the group centred on its members' mean."""
    return sum(ys[k] for k in group) / len(group) - (len(group) - 1) * pitch / 2


def _top(group: list[int], ys: Sequence[float], pitch: float) -> float:
    """Just above a group's highest member: where the next group may start."""
    return _bottom(group, ys, pitch) + len(group) * pitch
