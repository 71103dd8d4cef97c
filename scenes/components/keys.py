"""Colour keys: what a colour stands for, and over which range.

Every picture that colours cells by value shows a key beside it, so a viewer can read a
colour back as a number: the diverging key runs from ``-value_scale`` (fully ``negative``)
through 0 to ``+value_scale`` (fully ``positive``); the one-sided key from 0 to
``value_scale`` (importances, probabilities, one-hot entries).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Rectangle, VGroup, VMobject

from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import current_theme, value_to_color

KeyRange = Literal["diverging", "one-sided"]


class ColorKey(VGroup):
    """A strip of the colours of a value scale, its ends and middle labelled, and a title
    saying what the colours stand for (``note_size``: the font size of the labels and the
    title, default ``theme.sizes.tiny``).

    Data: ``value_scale``, ``key_range``, ``values`` (the value drawn at the middle of each
    strip segment). Parts: ``segments`` / ``segment(k)``, ``tick_labels``, ``title``.

    >>> from derived_transformer.scenes.components import ColorKey
    >>> key = ColorKey(2.5, title="pair vector component")
    >>> [t.text for t in key.tick_labels]
    ['−2.5', '0', '2.5']
    """

    def __init__(
        self,
        value_scale: float,
        *,
        title: str,
        key_range: KeyRange = "diverging",
        width: float = 2.4,
        height: float = 0.16,
        segments: int = 24,
        digits: int | None = None,
        orientation: Literal["horizontal", "vertical"] = "horizontal",
        note_size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        note_size = theme.sizes.tiny if note_size is None else note_size
        if value_scale <= 0:
            raise ValueError("a colour key needs a positive value scale")
        if key_range not in ("diverging", "one-sided"):
            raise ValueError(f"key_range must be 'diverging' or 'one-sided', not {key_range!r}")
        self.value_scale = float(value_scale)
        self.key_range = key_range
        low = -self.value_scale if key_range == "diverging" else 0.0
        edges = np.linspace(low, self.value_scale, segments + 1)
        self.values = (edges[:-1] + edges[1:]) / 2
        # the ends are drawn at full colour: the first and last segments show the ends
        self.values[0], self.values[-1] = low, self.value_scale
        step = width / segments
        self.segments = VGroup()
        for k, value in enumerate(self.values):
            piece = Rectangle(width=step * 1.02, height=height, stroke_width=0)
            piece.set_fill(value_to_color(value, self.value_scale), opacity=1)
            piece.move_to([k * step, 0, 0])
            self.segments.add(piece)
        self.segments.center()
        if digits is None:
            digits = 0 if self.value_scale >= 10 else 1 if self.value_scale >= 1 else 2
        ticks = (
            [low, 0.0, self.value_scale] if key_range == "diverging" else [0.0, self.value_scale]
        )
        self.tick_labels = VGroup()
        for value in ticks:
            text = "0" if value == 0 else format_value(value, digits)
            tick = flat_text(text, note_size, theme.muted)
            fraction = (value - low) / (self.value_scale - low)
            x = self.segments.get_left()[0] + fraction * width
            tick.next_to([x, self.segments.get_bottom()[1], 0], DOWN, buff=0.06)
            self.tick_labels.add(tick)
        self.title = flat_text(title, note_size, theme.muted)
        self.title.next_to(self.segments, UP, buff=0.08)
        self.add(self.segments, self.tick_labels, self.title)
        if orientation == "vertical":
            self.rotate(np.pi / 2)
            for text in (*self.tick_labels, self.title):
                text.rotate(-np.pi / 2)
            self.title.next_to(self.segments, UP, buff=0.1)
            for tick, value in zip(self.tick_labels, ticks, strict=True):
                fraction = (value - low) / (self.value_scale - low)
                y = self.segments.get_bottom()[1] + fraction * width
                tick.next_to([self.segments.get_right()[0], y, 0], RIGHT, buff=0.08)
            # the top tick stands out above the strip: the title clears it
            clearance = self.tick_labels[-1].get_top()[1] + 0.06 - self.title.get_bottom()[1]
            if clearance > 0:
                self.title.shift(UP * clearance)
        elif orientation != "horizontal":
            raise ValueError("orientation must be 'horizontal' or 'vertical'")

    def segment(self, k: int) -> VMobject:
        return self.segments[k]

    def place_beside(
        self, picture: VMobject, side: np.ndarray = RIGHT, buff: float = 0.35
    ) -> ColorKey:
        """Put the key beside ``picture`` (default: to its right), aligned with its top."""
        self.next_to(picture, side, buff=buff)
        if side is RIGHT or side is LEFT:
            self.align_to(picture, UP)
        return self
