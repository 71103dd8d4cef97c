"""4.3: Scores: a small network or a bilinear form (scene ``scoring``).

``manim -ql scenes/ch4_optimisations/scoring.py ScoringChoices``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model.costs import scoring_cost
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import CostScene, count, table
from derived_transformer.scenes.components import (
    NetworkGlyph,
    ProbabilityBars,
)
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


class ScoringChoices(CostScene):
    """4.3: scoring by a small network or a bilinear form, live: the two trained variants'
    held-out accuracy (from the training metrics: here they differ) and their operation
    counts for the sentence."""

    short_name = "scoring"
    beats = (Beat("4.3", "Scores: a small network or a bilinear form"),)

    def construct(self) -> None:
        self.non_linearity_before()
        self.small_enough()
        self.compare()

    def non_linearity_before(self) -> None:
        theme = current_theme()
        self.beat("4.3")
        self.heading("Scores: a small network or a bilinear form")
        self.row = self.sentence_row()
        self.glyph = NetworkGlyph(
            layers=(4, 3, 1),
            color=theme.transformer,
            caption="small network",
            width=2.0,
            height=1.4,
        )
        line = Line(
            "The scores are another matter: they decide what goes into the sum, so their "
            "non-linearity has to come before it."
        )
        bilinear = flat_text("xᵢᵀ W xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            bilinear, color=theme.transformer, buff=0.3, corner_radius=0.12
        )
        caption = flat_text("bilinear form", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=0.1)
        self.bilinear = VGroup(frame, bilinear, caption)
        VGroup(self.glyph, self.bilinear).arrange(RIGHT, buff=3.0).move_to(UP * 0.9)
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.row), FadeIn(self.glyph), run_time=min(1.5, clip.duration))

    def small_enough(self) -> None:
        line = Line(
            "But a score is one number, so a very small network will do; or a bilinear form: "
            "the first word's vector, times a matrix W, times the second's."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.bilinear, shift=LEFT * 0.2), run_time=min(1.5, clip.duration))

    def compare(self) -> None:
        theme = current_theme()
        models = measurements().models
        self.accuracy = {
            name: models[name].new_wordings.overall.accuracy
            for name in ("transformer_network", "transformer")
        }
        held = models["transformer"].new_wordings.overall.count
        n = self.trace.n
        counts = scoring_cost(n, self.configs[1])
        small, bilinear_accuracy = (
            self.accuracy["transformer_network"],
            self.accuracy["transformer"],
        )
        chart = ProbabilityBars(
            ["small network", "bilinear form"],
            [small, bilinear_accuracy],
            bar_width=2.6,
            color=theme.transformer,
            title=f"right on {held:,} new wordings",
        )
        rows = table(
            [
                ["small network, on every pair", count(counts.network_every_pair)],
                ["small network, first layer per word", count(counts.network_per_word)],
                ["bilinear form", count(counts.bilinear)],
            ],
            [theme.text, theme.text, theme.text],
            theme.sizes.label,
        )
        rows_title = flat_text(
            f"multiply-adds to score these {counted(n, 'word')}", theme.sizes.label, theme.muted
        ).next_to(rows, UP, buff=0.3)
        rows = VGroup(rows_title, rows)
        rows.move_to(DOWN * 1.8 + RIGHT * 3.4)
        chart.move_to(DOWN * 1.8 + LEFT * 3.2).align_to(rows, UP)
        if abs(small - bilinear_accuracy) < 0.02:
            text = (
                f"Trained the same way and tested on {held:,} new wordings, they perform about "
                f"the same: {percent(small)} and {percent(bilinear_accuracy)}."
            )
        else:
            better, worse = (
                ("bilinear form", "small network")
                if bilinear_accuracy > small
                else ("small network", "bilinear form")
            )
            text = (
                f"Here they did not perform the same. Trained the same way and tested on "
                f"{held:,} new wordings, the {better} got {percent(max(small, bilinear_accuracy))} "
                f"right, the {worse} {percent(min(small, bilinear_accuracy))}."
            )
        with self.voiceover(Line(text)) as clip:
            self.play(chart.animate_grow(), run_time=min(2.5, clip.duration))
        line = Line(
            f"Is it cheaper? Against the network run on every pair, "
            f"{counts.network_every_pair / counts.bilinear:.1f} times. But the network's first "
            f"layer can run once per word, as our code runs it, and then it needs "
            f"{counts.network_per_word / counts.bilinear:.1f} times the bilinear form's "
            f"multiply-adds for these {counted(n, 'word')}."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(rows), run_time=min(1.5, clip.duration))
        self.chart, self.counts = chart, rows[1]
