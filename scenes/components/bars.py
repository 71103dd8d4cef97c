"""A bar chart of the top predictions with their probabilities."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    Animation,
    AnimationGroup,
    FadeIn,
    GrowFromEdge,
    LaggedStart,
    Rectangle,
    Transform,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.components.vectors import swap_in
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import current_theme


class ProbabilityBars(VGroup):
    """Words on the left, bars whose length is the probability, the number on the right.

    A faint track behind each bar shows the length of probability 1 (``bar_width``).
    ``value_texts`` replaces the printed numbers (e.g. for a measure whose bar is clipped
    to [0, 1] but whose value is not).

    Data: ``labels`` (the words), ``values`` (the probabilities). Parts: ``bars`` /
    ``bar(k)``, ``word_labels`` / ``word_label(k)``, ``value_labels`` / ``value_label(k)``,
    ``tracks``, ``title``.
    ``drawn_value(k)`` reads the probability back from the drawn bar. ``colors`` gives each
    bar its own colour (e.g. each model's), instead of one ``color``.
    Animations: ``animate_grow()``, ``animate_reveal(steps)`` (the same, in stages to play
    one by one, e.g. a bar per spoken line), ``animate_values(new_values)`` (each bar
    stretches or shrinks in place and its number cross-fades), ``animate_title(text)``.

    >>> from derived_transformer.scenes.components import ProbabilityBars
    >>> chart = ProbabilityBars(["lion", "fire"], [0.9, 0.1])
    >>> round(chart.drawn_value(0), 3)
    0.9
    """

    def __init__(
        self,
        labels: Sequence[str],
        values: Sequence[float] | np.ndarray,
        *,
        bar_width: float = 3.5,
        bar_height: float = 0.34,
        color: str | None = None,
        digits: int = 2,
        title: str | None = None,
        value_texts: Sequence[str] | None = None,
        colors: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        values = np.asarray(values, dtype=float)
        if colors is not None and len(colors) != len(values):
            raise ValueError("one colour per bar")
        if len(labels) != len(values):
            raise ValueError("one value per label")
        if np.any(values < 0) or np.any(values > 1 + 1e-6):
            raise ValueError("values must lie in [0, 1]")
        self.bar_width = bar_width
        self.digits = digits
        self.labels = tuple(labels)
        self.values = values.copy()
        color = color or theme.positive
        self.word_labels = VGroup()
        self.tracks = VGroup()
        self.bars = VGroup()
        self.value_labels = VGroup()
        for k, (word, p) in enumerate(zip(labels, values, strict=True)):
            y = -k * bar_height * 1.45
            text = flat_text(word, theme.sizes.label)
            text.move_to([-0.15, y, 0], aligned_edge=RIGHT)
            track = Rectangle(width=bar_width, height=bar_height, stroke_width=0)
            track.set_fill(theme.zero, 1).move_to([0, y, 0], aligned_edge=LEFT)
            bar = Rectangle(
                width=max(bar_width * p, 1e-4), height=bar_height, stroke_width=0
            ).set_fill(colors[k] if colors is not None else color, 1)
            bar.move_to([0, y, 0], aligned_edge=LEFT)
            self.tracks.add(track)
            printed = value_texts[k] if value_texts is not None else format_value(p, digits)
            value = flat_text(printed, theme.sizes.small, mono=True)
            value.move_to([bar_width + 0.15, y, 0], aligned_edge=LEFT)
            self.word_labels.add(text)
            self.bars.add(bar)
            self.value_labels.add(value)
        self.retired = VGroup()  # replaced texts, faded out, kept so no group is split
        self.add(self.word_labels, self.tracks, self.bars, self.value_labels, self.retired)
        self.title = None
        if title:
            self.title = flat_text(title, theme.sizes.label, theme.muted)
            self.title.next_to(self.bars, direction=[0, 1, 0], buff=0.25)
            self.title.set_x(self.get_center()[0])
            self.add(self.title)

    def bar(self, k: int) -> Rectangle:
        return self.bars[k]

    def word_label(self, k: int) -> VMobject:
        return self.word_labels[k]

    def value_label(self, k: int) -> VMobject:
        return self.value_labels[k]

    def drawn_value(self, k: int) -> float:
        """The probability the drawn bar stands for: its length over its track's (the length
        of probability 1), so it reads right at any scale."""
        return float(self.bars[k].width / self.tracks[k].width)

    def animate_values(
        self, new_values: Sequence[float] | np.ndarray, value_texts: Sequence[str] | None = None
    ) -> Animation:
        """Each bar stretches or shrinks to its new value from its left end, where it stands,
        and its printed number cross-fades to the new one (``value_texts`` replaces them)."""
        new = np.asarray(new_values, dtype=float)
        if new.shape != self.values.shape:
            raise ValueError(f"expected {len(self.values)} values, got {len(new)}")
        if np.any(new < 0) or np.any(new > 1 + 1e-6):
            raise ValueError("values must lie in [0, 1]")
        animations: list[Animation] = []
        for k, value in enumerate(new):
            bar, track = self.bars[k], self.tracks[k]
            target = bar.copy().stretch_to_fit_width(max(track.width * value, 1e-4))
            target.align_to(track, LEFT)
            animations.append(Transform(bar, target))
            old = self.value_labels[k]
            printed = (
                value_texts[k] if value_texts is not None else format_value(value, self.digits)
            )
            if printed != old.text:
                fresh = flat_text(printed, current_theme().sizes.small, mono=True)
                animations += swap_in(
                    self.value_labels, old, fresh.move_to(old, LEFT), self.retired
                )
        self.values = new.copy()
        return AnimationGroup(*animations, group=self)

    def animate_title(self, text: str) -> Animation:
        """The title cross-fades to ``text``, centred where it stood.

        >>> chart = ProbabilityBars(["fire"], [0.1], title="score")
        >>> _ = chart.animate_title("relative importance")
        >>> chart.title.text
        'relative importance'
        """
        if self.title is None:
            raise ValueError("this chart has no title to change")
        theme = current_theme()
        fresh = flat_text(text, theme.sizes.label, theme.muted).move_to(self.title)
        old, self.title = self.title, fresh
        return AnimationGroup(*swap_in(self, old, fresh, self.retired), group=self)

    def animate_grow(self) -> Animation:
        """Title, words and tracks fade in, then each bar grows from the left."""
        return LaggedStart(
            *([FadeIn(self.title)] if self.title is not None else []),
            FadeIn(self.word_labels),
            FadeIn(self.tracks),
            *(GrowFromEdge(b, LEFT) for b in self.bars),
            FadeIn(self.value_labels),
            lag_ratio=0.15,
        )

    def animate_reveal(
        self, steps: Sequence[Sequence[int]] | None = None, *, lag_ratio: float = 0.2
    ) -> list[Animation]:
        """The chart brought on screen in stages, for a measurement revealed row by row.

        Returns ``[frame, *bar_steps]``: ``frame`` fades in the title (if any), the words and
        the tracks; then one animation per entry of ``steps`` (lists of bar indices; default:
        every bar in one step), in which those bars grow from their left ends one after
        another (``lag_ratio`` apart), each with its printed value fading in. Build them once
        the chart stands where it will be drawn, and play them in order, each with what goes
        along with it (``scene.play_during(clip, frame, FadeIn(note), end=0.4)``). The parts
        come on stage one by one, as introducers bring them: once all have played,
        ``settle(scene, chart)`` (``derived_transformer.scenes.moves``) puts the chart there
        as one whole.

        >>> chart = ProbabilityBars(["CNN", "attention", "transformer"], [0.5, 0.9, 0.95])
        >>> frame, first, rest = chart.animate_reveal([[0], [1, 2]])
        >>> len(chart.animate_reveal())
        2
        """
        steps = [list(range(len(self.bars)))] if steps is None else [list(s) for s in steps]
        shown = sorted(k for step in steps for k in step)
        if shown != sorted(set(shown)) or not set(shown) <= set(range(len(self.bars))):
            raise ValueError(f"steps must name bars of 0..{len(self.bars) - 1} at most once each")
        frame = AnimationGroup(
            *([FadeIn(self.title)] if self.title is not None else []),
            FadeIn(self.word_labels),
            FadeIn(self.tracks),
        )
        return [
            frame,
            *(
                LaggedStart(
                    *(
                        AnimationGroup(
                            GrowFromEdge(self.bars[k], LEFT), FadeIn(self.value_labels[k])
                        )
                        for k in step
                    ),
                    lag_ratio=lag_ratio,
                )
                for step in steps
            ),
        ]
