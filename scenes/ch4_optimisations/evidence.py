"""4.9: The evidence (scene ``evidence``).

``manim -ql scenes/ch4_optimisations/evidence.py Evidence``
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from manim import *

from derived_transformer.model import MAX_WORDS
from derived_transformer.model.costs import compared_layers
from derived_transformer.model.metrics import measurements
from derived_transformer.model.timings import layer_timings
from derived_transformer.narration import Line
from derived_transformer.narration.numbers import rounded_words
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import (
    CHAPTER,
    cost_plot,
    timing_line,
    timing_note,
)
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
    pairs right, by model; and the cost of one layer against sentence length (counted by
    ``model.costs``), with its measured wall time (``model.timings``).

    ``topics_shown``: the three tests named at the start, each with what it measures;
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
    topics_shown: tuple[tuple[str, str], ...] = (
        ("far-apart words", "twin sentences told apart only by a word far back"),
        ("word order", "sentences that differ only by two swapped words"),
        ("cost", "one layer's multiply-adds and wall time against sentence length"),
    )

    def construct(self) -> None:
        measured = measurements()
        self.evidence = measured.evidence
        self.titles = {n: m.title for n, m in measured.models.items()}
        self.introduce()
        self.long_range()
        self.word_order()
        self.cost()

    def introduce(self) -> None:
        self.beat("4.9")
        self.heading("The evidence")
        theme = current_theme()
        topics = VGroup(
            *(
                VGroup(
                    flat_text(name, theme.sizes.heading, theme.text),
                    flat_text(what, theme.sizes.label, theme.muted),
                ).arrange(DOWN, buff=theme.gaps.tight)
                for name, what in self.topics_shown
            )
        ).arrange(DOWN, buff=theme.gaps.large)
        topics.move_to(DOWN * 0.3)
        line = Line(
            "Last, the evidence. Every model of the road was trained the same way and tested on "
            "sentences it never saw: on far-apart words, on word order, and on cost."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(t, shift=UP * 0.1) for t in topics), lag_ratio=0.5),
                run_time=min(3.0, clip.duration),
            )
        self.topics = topics

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
        """The chart's frame: axes, ticks and legend, no lines yet."""
        chart = self.long_range_chart
        line = Line(
            "First, far-apart words. Each test sentence has a twin with the other answer, and "
            "only a window of a certain width, its reach, can tell the two apart."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.topics), run_time=0.4)
            self.play(
                FadeIn(chart.grid_lines),
                FadeIn(chart.axes),
                FadeIn(chart.tick_labels),
                FadeIn(chart.x_title),
                FadeIn(chart.legend),
                run_time=min(2.0, clip.duration - 0.4),
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
            f"A CNN cannot see past its field: the 2-layer CNN, which covers {fields[short]} "
            f"words, falls to between {percent(lo, 0)} and {percent(hi, 0)} beyond it. That is "
            "chance."
            if short == "cnn2"
            else f"A CNN cannot see past its field: beyond it, {percent(lo, 0)} to "
            f"{percent(hi, 0)}, chance."
        )
        chart = self.long_range_chart
        with self.voiceover(line) as clip:
            self.play(chart.animate_draw(), FadeIn(chart.marks), run_time=clip.duration)
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
            "Yet the CNNs are weak at every reach in this task: within their fields, they "
            f"manage only {percent(min(within), 0)} to {percent(max(within), 0)}. Both "
            f"attention models stay between {percent(low, 0)} and {percent(high, 0)} at every "
            f"reach. No sentence built reaches past {reaches[-1]} words, so the deeper CNNs "
            "are never out of range: their field is not the whole story."
        )
        with self.voiceover(line) as clip:
            self.play(
                Indicate(self.chance, color=theme.text),
                FadeIn(summary, shift=UP * 0.1),
                run_time=min(1.2, clip.duration),
            )
        self.long_range_summary = summary

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
            f"Word order: {data.pairs:,} pairs of sentences that differ only by two swapped "
            "words, and so have different answers."
        )
        frame, bars = chart.animate_reveal()
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(FadeIn(example), frame, run_time=min(1.5, clip.duration - 0.5))
        self.both_right(bars)

    def both_right(self, bars: Animation) -> None:
        """The bars grow: without positions, the same answer to both; with attention, both
        right."""
        theme = current_theme()
        chart = self.word_order_chart
        models = self.evidence.word_order.by_model
        free, positions, attention, transformer = (models[m] for m in self.word_order_models)
        line = Line(
            "Without positions, the pairwise model gives both sentences the same answer "
            f"{percent(free.pairs_same_answer, 0)} of the time, so it gets both right "
            f"{percent(free.pairs_both_right, 0)}. With positions, "
            f"{percent(positions.pairs_both_right)}: "
            "it barely uses them."
        )
        with self.voiceover(line) as clip:
            self.play(bars, run_time=min(2.5, clip.duration))
            settle(self, chart)
        line = Line(
            f"Attention gets both right {percent(attention.pairs_both_right, 0)} of the time, "
            f"the transformer {percent(transformer.pairs_both_right, 0)}."
        )
        with self.voiceover(line) as clip:
            self.play(Indicate(chart.bar(3), color=theme.text), run_time=min(1.5, clip.duration))

    def cost(self) -> None:
        """The cost plot again, said at the longest sentence; then the measured wall times."""
        theme = current_theme()
        self.cost_plot = cost_plot()
        self.cost_plot.next_to(self.current_heading, DOWN, buff=theme.gaps.large).set_x(0)
        pairs_of_pairs, attention, transformer = compared_layers()
        n = MAX_WORDS
        line = Line(
            f"Cost. At {n} words, our longest sentences, a layer on pairs of pairs takes "
            f"{rounded_words(pairs_of_pairs.at(n))} multiply-adds, {attention.name} "
            f"{rounded_words(attention.at(n))}, the {transformer.name} "
            f"{rounded_words(transformer.at(n))}."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(self.cost_plot.animate_axes(), run_time=0.5)
            self.play(self.cost_plot.animate_draw(), run_time=min(2.0, clip.duration - 1.0))
            self.play(
                Create(self.cost_plot.mark_x(n, f"{n} words", theme.highlight)),
                run_time=min(0.6, max(clip.duration - 3.0, 0.1)),
            )
        self.cost_in_time()

    def cost_in_time(self) -> None:
        """The measured wall times, won and lost, in place of the plot."""
        theme = current_theme()
        timings = layer_timings()
        self.timing_note = timing_note(timings, theme.layout.safe_width)
        self.timing_note.move_to(UP * 0.3)
        with self.voiceover(timing_line(timings)) as clip:
            self.play(FadeOut(self.cost_plot), run_time=0.5)
            self.play(
                FadeIn(self.timing_note[0]),
                LaggedStart(*(FadeIn(r) for r in self.timing_note[1]), lag_ratio=0.3),
                FadeIn(self.timing_note[2]),
                run_time=min(2.0, max(clip.duration - 0.5, 0.1)),
            )
