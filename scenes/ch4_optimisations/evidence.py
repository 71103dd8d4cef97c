"""4.9: The evidence (scene ``evidence``).

``manim -ql scenes/ch4_optimisations/evidence.py Evidence``
"""

from __future__ import annotations

import itertools
from typing import ClassVar

import numpy as np
from manim import *

from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER, HOLD, reveal_time
from derived_transformer.scenes.components import (
    LineChart,
    ProbabilityBars,
)
from derived_transformer.scenes.layout import within_safe_width
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class Evidence(DerivedScene):
    """4.9: the evidence measured in the training run (beyond the video), from
    ``measurements().evidence``: accuracy against reach for CNNs of 2 to 5 layers (each
    one's receptive field marked) and the attention models; both sentences of order-only
    pairs right, by model. (The cost against sentence length is 4.1's plot.)

    ``cnn_steps``: each CNN's line style (lightness and dashes).

    ``long_range_models``: the models charted against reach; ``word_order_models``: the
    models of the order-only chart."""

    short_name = "evidence"
    chapter = CHAPTER
    beats = (Beat("4.9", "The evidence"),)
    fixed_example = "the held-out test sets of the training run"
    long_range_models: tuple[str, ...] = ("cnn2", "cnn3", "cnn4", "cnn", "attention", "transformer")
    word_order_models: tuple[str, ...] = (
        "pairwise",
        "pairwise_positions",
        "attention",
        "transformer",
    )

    def construct(self) -> None:
        measured = measurements()
        self.evidence = measured.evidence
        self.titles = {n: m.title for n, m in measured.models.items()}
        self.beat("4.9")
        self.heading("The evidence")
        self.long_range()
        self.word_order()

    cnn_steps: ClassVar[dict[str, tuple[float, bool]]] = {
        "cnn2": (0.0, False),
        "cnn3": (0.3, True),
        "cnn4": (0.55, False),
        "cnn": (0.85, True),
    }
    """Each CNN's line: how far its purple is lightened towards white, and whether dashed,
    so that four lines of one family stay apart (the legend shows both)."""

    def cnn_color(self, name: str) -> str:
        theme = current_theme()
        lightness, _ = self.cnn_steps[name]
        return interpolate_color(ManimColor(theme.cnn), ManimColor("#ffffff"), lightness).to_hex()

    def model_color(self, name: str) -> str:
        """A model's colour here: the self-attention accent for the attention models (never
        the diverging map's negative end), the CNNs by depth, others their own."""
        theme = current_theme()
        if name in self.cnn_steps:
            return self.cnn_color(name)
        if name.startswith("attention"):
            return theme.attention
        return theme.model_color(name)

    def long_range(self) -> None:
        """Accuracy against reach: the chart, each CNN beyond its field, then within it."""
        data = self.evidence.long_range
        reaches = sorted(data.reach_counts)
        values = np.array(
            [
                [data.by_model[m][r].accuracy if r in data.by_model[m] else np.nan for r in reaches]
                for m in self.long_range_models
            ]
        )
        self.long_range_chart = self.reach_chart(reaches, values)
        self.far_apart_words()
        self.beyond_the_field(reaches, values)
        self.within_the_field(reaches, values)

    def reach_chart(self, reaches: list[int], values: np.ndarray) -> LineChart:
        """One line per model of accuracy against reach, each CNN's field marked."""
        fields = self.evidence.long_range.receptive_fields
        dashed = [self.cnn_steps.get(m, (0.0, False))[1] for m in self.long_range_models]
        names = [
            f"{self.titles[m]} (field {fields[m]})" if m in fields else self.titles[m]
            for m in self.long_range_models
        ]
        chart = LineChart(
            [str(r) for r in reaches],
            names,
            values,
            [self.model_color(m) for m in self.long_range_models],
            width=6.0,
            height=3.6,
            x_title="reach: the window, in words, that tells the twins apart",
            dashed=dashed,
        )
        chart.move_to(DOWN * 0.2)
        first = reaches[0]
        for m in self.long_range_models:
            field = fields.get(m)
            if field is not None and first <= field < reaches[-1]:
                chart.mark_between(field - first + 0.5, f"{field}-word field", self.cnn_color(m))
        self.chance = chart.level(0.5, "chance")
        return chart

    def far_apart_words(self) -> None:
        """The chart's frame: axes, ticks, then the legend entry by entry, no lines yet."""
        chart = self.long_range_chart
        line = Line(
            "The evidence. First, far-apart words: each test sentence has a twin with the other "
            "answer, and only a window as wide as its reach tells the two apart."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(chart.grid_lines),
                FadeIn(chart.axes),
                FadeIn(chart.tick_labels),
                FadeIn(chart.x_title),
                run_time=1.5,
            )
            self.play(
                LaggedStart(*(FadeIn(e, shift=LEFT * 0.3) for e in chart.legend), lag_ratio=0.5),
                run_time=reveal_time(clip, 1.5),
            )

    def beyond_the_field(self, reaches: list[int], values: np.ndarray) -> None:
        """The lines drawn: the CNNs fall to chance past their fields."""
        fields = self.evidence.long_range.receptive_fields
        beyond = {
            m: [values[s, k] for k, r in enumerate(reaches) if r > fields[m]]
            for s, m in enumerate(self.long_range_models)
            if m in fields
        }
        short = min(beyond, key=lambda m: fields[m])
        lo, hi = min(beyond[short]), max(beyond[short])
        line = Line(
            f"A CNN cannot see past its field: the 2-layer CNN, covering {fields[short]} words, "
            f"falls to chance beyond it, {percent(lo, 0)} to {percent(hi, 0)}."
            if short == "cnn2"
            else f"A CNN cannot see past its field: beyond it, {percent(lo, 0)} to "
            f"{percent(hi, 0)}, chance."
        )
        chart = self.long_range_chart
        with self.voiceover(line) as clip:
            self.play(chart.animate_draw(), FadeIn(chart.marks), run_time=reveal_time(clip))
            self.add(chart)

    def within_the_field(self, reaches: list[int], values: np.ndarray) -> None:
        """The summary under the chart: the CNNs weak even within their fields, attention
        high at every reach."""
        theme = current_theme()
        data = self.evidence.long_range
        fields = data.receptive_fields
        within = [
            values[s, k]
            for s, m in enumerate(self.long_range_models)
            if m in fields
            for k, r in enumerate(reaches)
            if r <= fields[m]
        ]
        attention = [values[s] for s, m in enumerate(self.long_range_models) if m not in fields]
        low, high = float(np.nanmin(attention)), float(np.nanmax(attention))
        summary = VGroup(
            flat_text(
                f"CNNs within their fields: {percent(min(within), 0)}–{percent(max(within), 0)}"
                f"  ·  attention, every reach: {percent(low, 0)}–{percent(high, 0)}",
                theme.sizes.small,
                theme.text,
            ),
            flat_text(
                f"each point: {min(data.reach_counts.values())} test sentences",
                theme.sizes.tiny,
                theme.muted,
            ),
        ).arrange(DOWN, buff=theme.gaps.hair)
        summary.next_to(self.long_range_chart, DOWN, buff=theme.gaps.small)
        line = Line(
            f"Within their fields, the CNNs manage only {percent(min(within), 0)} to "
            f"{percent(max(within), 0)}; both attention models stay between {percent(low, 0)} "
            f"and {percent(high, 0)} at every reach."
        )
        cnns = [chart_line for chart_line, m in self.charted_lines() if m in fields]
        attentions = [chart_line for chart_line, m in self.charted_lines() if m not in fields]
        with self.voiceover(line) as clip:
            both = clip.at("both attention")
            self.play_during(
                clip,
                FadeIn(summary[0], shift=UP * 0.1),
                LaggedStart(*(self.flash(c) for c in cnns), lag_ratio=0.4),
                end=both,
            )
            self.play_during(
                clip,
                FadeIn(summary[1]),
                LaggedStart(*(self.flash(a) for a in attentions), lag_ratio=0.4),
                start=both,
                end=1 - HOLD / clip.duration,
            )
        self.long_range_summary = summary

    def charted_lines(self) -> list[tuple[VGroup, str]]:
        """Each line of the reach chart with the model it stands for."""
        return list(zip(self.long_range_chart.lines, self.long_range_models, strict=True))

    @staticmethod
    def flash(chart_line: VGroup) -> Animation:
        """A line lit along its length, left to right, in its own colour."""
        return ShowPassingFlash(chart_line.copy().set_stroke(width=8), time_width=0.5, run_time=1.0)

    def word_order(self) -> None:
        """Order-only pairs: the chart's rows, then each model's bar, then attention's."""
        theme = current_theme()
        data = self.evidence.word_order
        models = data.by_model
        chart = ProbabilityBars(
            [self.titles[m] for m in self.word_order_models],
            [models[m].pairs_both_right for m in self.word_order_models],
            colors=[self.model_color(m) for m in self.word_order_models],
            bar_width=4.0,
            digits=3,
            title="order-only pairs: both sentences right",
        )
        chart.move_to(DOWN * 0.2)
        example = flat_text(f"e.g. {' / '.join(data.examples[0])}", theme.sizes.small, theme.muted)
        example.next_to(chart, DOWN, buff=theme.gaps.large)
        within_safe_width(example)
        self.word_order_chart = chart
        line = Line(
            f"Word order: {data.pairs:,} pairs of sentences that differ only by two swapped words."
        )
        frame, pairwise, attention = chart.animate_reveal([[0, 1], [2, 3]])
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(frame, run_time=1.0)
            self.play_during(
                clip,
                FadeIn(example, shift=UP * 0.2),
                start=clip.at("differ"),
                end=1 - HOLD / clip.duration,
            )
        self.both_right(pairwise, attention)

    def both_right(self, pairwise: Animation, attention: Animation) -> None:
        """The bars grow: without positions, the same answer to both; with attention, both
        right."""
        theme = current_theme()
        chart = self.word_order_chart
        models = self.evidence.word_order.by_model
        free, positions, attention_model, transformer = (models[m] for m in self.word_order_models)
        line = Line(
            "Without positions, the pairwise model gives both the same answer "
            f"{percent(free.pairs_same_answer, 0)} of the time; with positions, it gets both "
            f"right {percent(positions.pairs_both_right)}."
        )
        with self.voiceover(line) as clip:
            self.play(pairwise, run_time=min(1.5, clip.duration))
            turns = [clip.at("Without"), clip.at("with positions"), 1 - HOLD / clip.duration]
            for k, (start, end) in enumerate(itertools.pairwise(turns)):
                row = VGroup(chart.word_label(k), chart.value_label(k))
                self.play_during(
                    clip,
                    Indicate(row, scale_factor=1.15, color=theme.text),
                    start=max(start, (self.time - clip.start) / clip.duration),
                    end=end,
                )
        line = Line(
            f"Attention gets both right {percent(attention_model.pairs_both_right, 0)} of the "
            f"time, the transformer {percent(transformer.pairs_both_right, 0)}."
        )
        with self.voiceover(line) as clip:
            self.play(attention, run_time=reveal_time(clip))
            settle(self, chart)
