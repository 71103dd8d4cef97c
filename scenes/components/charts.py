"""A line chart of values in [0, 1] (accuracies) against a few positions along x."""

from __future__ import annotations

from collections.abc import Sequence

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
    VGroup,
)

from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class LineChart(VGroup):
    """One line of dots per series over labelled x positions, y from 0 to 1 (drawn as 0% to
    100%), a legend on the right. Missing values (NaN) leave a gap.

    ``values[s, k]`` is series ``s`` at x position ``k``. ``mark_between(k, text)`` draws a
    dashed vertical line between positions ``k`` and ``k + 1`` (or at ``k`` when ``k`` is a
    whole position) with a note; ``level(y, text)`` a dashed horizontal line.

    Data: ``values``, ``labels``. Parts: ``lines`` / ``line(s)``, ``dots`` / ``dot(s, k)``,
    ``axes``, ``tick_labels``, ``legend``, ``marks``. ``drawn_value(s, k)`` reads a value back
    from its dot's height. Animations: ``animate_draw()``.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import LineChart
    >>> chart = LineChart(["3", "4"], ["CNN"], np.array([[0.5, 0.9]]), ["#9b7ede"])
    >>> round(chart.drawn_value(0, 1), 3)
    0.9
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
            self.tick_labels.add(tick.next_to([0, y * height, 0], LEFT, buff=0.12))
        for k, text in enumerate(labels):
            tick = flat_text(text, theme.sizes.small, theme.muted)
            self.tick_labels.add(tick.next_to([self.x_at(k), 0, 0], DOWN, buff=0.12))
        self.x_title = None
        if x_title:
            self.x_title = flat_text(x_title, theme.sizes.small, theme.muted)
            self.x_title.next_to(self.tick_labels[3:], DOWN, buff=0.15).set_x(width / 2)
        self.lines, self.dots = VGroup(), VGroup()
        self._dots: dict[tuple[int, int], Dot] = {}
        dashed = dashed or [False] * len(series)
        for s_index, color in enumerate(colors):
            points = [
                np.array([self.x_at(k), v * height, 0]) for k, v in enumerate(values[s_index])
            ]
            line = VGroup()
            for a, b, va, vb in zip(
                points[:-1], points[1:], values[s_index, :-1], values[s_index, 1:], strict=True
            ):
                if np.isnan(va) or np.isnan(vb):
                    continue
                kind = DashedLine if dashed[s_index] else Line
                line.add(kind(a, b, color=color, stroke_width=3))
            dots = VGroup()
            for k, (point, v) in enumerate(zip(points, values[s_index], strict=True)):
                if np.isnan(v):
                    continue
                dot = Dot(point, radius=0.06, color=color)
                dots.add(dot)
                self._dots[(s_index, k)] = dot
            self.lines.add(line)
            self.dots.add(dots)
        self.legend = VGroup()
        for s_index, name in enumerate(series):
            kind = DashedLine if dashed[s_index] else Line
            swatch = kind(LEFT * 0.22, RIGHT * 0.22, color=colors[s_index], stroke_width=4)
            entry = VGroup(swatch, flat_text(name, theme.sizes.small).next_to(swatch, RIGHT, 0.12))
            self.legend.add(entry)
        self.legend.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        self.legend.next_to(self.axes, RIGHT, buff=1.1).align_to(self.axes, UP)
        self.marks = VGroup()
        self.add(self.grid_lines, self.axes, self.tick_labels, self.lines, self.dots, self.legend)
        if self.x_title is not None:
            self.add(self.x_title)
        self.add(self.marks)

    def x_at(self, position: float) -> float:
        """The x coordinate (before the chart is moved) of a position, fractional allowed."""
        return position * self._step

    @property
    def origin(self) -> np.ndarray:
        """Where (x position 0, value 0) is drawn now."""
        return self.axes[0].get_start()

    def line(self, s_index: int) -> VGroup:
        return self.lines[s_index]

    def dot(self, s_index: int, k: int) -> Dot:
        return self._dots[(s_index, k)]

    def drawn_value(self, s_index: int, k: int) -> float:
        """The value a dot stands for: its height above the x axis over the axis' height."""
        axis = self.axes[1]
        return float((self.dot(s_index, k).get_y() - axis.get_bottom()[1]) / axis.height)

    def mark_between(self, position: float, text: str, color: str) -> VGroup:
        """A dashed vertical line at ``position`` (e.g. 2.5: between the third and fourth
        positions) with ``text`` above it; added to ``marks`` and returned."""
        theme = current_theme()
        axis = self.axes[1]
        x = self.origin[0] + position / max(len(self.labels) - 1, 1) * self.axes[0].width
        bottom, top = axis.get_bottom()[1], axis.get_top()[1]
        rule = DashedLine([x, bottom, 0], [x, top + 0.1, 0], color=color, stroke_width=2)
        note = flat_text(text, theme.sizes.tiny, color).next_to(rule, UP, buff=0.08)
        mark = VGroup(rule, note)
        self.marks.add(mark)
        return mark

    def level(self, value: float, text: str, color: str | None = None) -> VGroup:
        """A dashed horizontal line at ``value`` with ``text`` at its right end."""
        theme = current_theme()
        color = color or theme.muted
        left, right = self.axes[0].get_start()[0], self.axes[0].get_end()[0]
        y = self.origin[1] + value * self.axes[1].height
        rule = DashedLine([left, y, 0], [right, y, 0], color=color, stroke_width=1.5)
        note = flat_text(text, theme.sizes.tiny, color).next_to(rule, RIGHT, buff=theme.gaps.small)
        mark = VGroup(rule, note)
        self.marks.add(mark)
        return mark

    def animate_draw(self) -> Animation:
        """Each series drawn left to right, one after another."""
        return LaggedStart(
            *(
                LaggedStart(Create(line), FadeIn(dots), lag_ratio=0.3)
                for line, dots in zip(self.lines, self.dots, strict=True)
            ),
            lag_ratio=0.35,
        )
