"""4.3: Scores: a small network or a bilinear form (scene ``scoring``).

``manim -ql scenes/ch4_optimisations/scoring.py ScoringChoices``
"""

from __future__ import annotations

from dataclasses import replace

from manim import *

from derived_transformer.model.costs import scoring_cost
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import HOLD, CostScene, reveal_time
from derived_transformer.scenes.components import (
    NetworkGlyph,
    ProbabilityBars,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


class ScoringChoices(CostScene):
    """4.3: scoring by a small network or a bilinear form, live: the two trained variants'
    held-out accuracy (from the training metrics: here they differ) and their multiply-adds
    for the sentence, counted as on the cost plot (``model.costs``)."""

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
            "Scores must stay non-linear, since they decide what enters the sum; but for one "
            "number, a very small network will do."
        )
        bilinear = flat_text("xᵢ · W xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            bilinear, color=theme.transformer, buff=theme.gaps.small, corner_radius=0.12
        )
        caption = flat_text("bilinear form", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=theme.gaps.hair)
        self.bilinear = VGroup(frame, bilinear, caption)
        # a quarter of the safe width between the two ways of scoring
        apart = theme.layout.safe_width / 4
        VGroup(self.glyph, self.bilinear).arrange(RIGHT, buff=apart).move_to(UP * 0.9)
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.row), run_time=0.6)
            self.play_during(
                clip,
                LaggedStart(
                    Create(self.glyph.frame),
                    FadeIn(self.glyph.nodes, lag_ratio=0.2),
                    Create(self.glyph.edges, lag_ratio=0.05),
                    FadeIn(self.glyph.caption, shift=UP * 0.2),
                    lag_ratio=0.5,
                ),
                start=clip.at("since they"),
                end=1 - HOLD / clip.duration,
            )

    def small_enough(self) -> None:
        theme = current_theme()
        line = Line(
            "Or a bilinear form: one word's vector, times a matrix W, times the other's; "
            "multiplying the two words is its non-linearity."
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                FadeIn(self.bilinear[1], shift=LEFT * 0.4),
                Create(self.bilinear[0]),
                end=clip.at("multiplying"),
            )
            self.play_during(
                clip,
                FadeIn(self.bilinear[2], shift=UP * 0.2),
                Indicate(self.bilinear[1], color=theme.highlight),
                start=clip.at("multiplying"),
                end=1 - HOLD / clip.duration,
            )

    def compare(self) -> None:
        """The two trained variants' accuracy, then their cost for this sentence."""
        models = measurements().models
        small, bilinear = (
            models[name].new_structures.overall.accuracy
            for name in ("transformer_network", "transformer")
        )
        held = models["transformer"].new_structures.overall.count
        rows, cheaper = self.cost_rows()
        self.chart = self.accuracy_chart(small, bilinear, held)
        with self.voiceover(cheaper) as clip:
            self.play(rows.animate_grow(), run_time=reveal_time(clip))

    def accuracy_chart(self, small: float, bilinear: float, held: int) -> ProbabilityBars:
        """Each variant's accuracy on ``held`` new structures, said as same or different (the
        chart placed, and grown while the line is spoken)."""
        theme = current_theme()
        chart = ProbabilityBars(
            ["small network", "bilinear form"],
            [small, bilinear],
            bar_width=2.6,
            color=theme.transformer,
            title=f"right on {held:,} untrained structures",
            value_texts=[percent(small), percent(bilinear)],
        )
        chart.move_to(DOWN * 1.8 + LEFT * 3.2).align_to(self.counts, UP)
        # each bar grows as its figure is said (bar 0: the small network, 1: the bilinear form)
        if abs(small - bilinear) < 0.02:
            text = (
                f"Tested on {held:,} sentences built in ways never trained, they perform "
                "about the same: "
                f"{percent(small)} and {percent(bilinear)}."
            )
            said = [(0, percent(small)), (1, f"and {percent(bilinear)}")]
        else:
            names = ("small network", "bilinear form")
            better = 1 if bilinear > small else 0
            text = (
                f"Here they did not perform the same. Trained the same way and tested on "
                f"{held:,} sentences built in ways never trained, the {names[better]} got "
                f"{percent(max(small, bilinear))} right, the {names[1 - better]} "
                f"{percent(min(small, bilinear))}."
            )
            said = [(better, f"the {names[better]}"), (1 - better, f"the {names[1 - better]}")]
        frame, *bars = chart.animate_reveal([[k] for k, _ in said])
        with self.voiceover(Line(text)) as clip:
            starts = [clip.at(words) for _, words in said]
            self.play_during(clip, frame, end=min(starts[0], 0.15))
            if "tested on" in text:  # what was measured, pointed at as it is said
                tested = clip.at("tested on")
                self.play_during(
                    clip, Indicate(chart.title, color=current_theme().highlight),
                    start=tested, end=min(starts[0], tested + 0.2),
                )  # fmt: skip
            for k, bar in enumerate(bars):
                end = starts[k + 1] if k + 1 < len(starts) else 1 - HOLD / clip.duration
                self.play_during(clip, bar, start=starts[k], end=min(end, starts[k] + 0.25))
        settle(self, chart)
        self.wait(HOLD)  # a hold on the two accuracies
        return chart

    def cost_rows(self) -> tuple[ProbabilityBars, Line]:
        """Multiply-adds of each way of scoring this sentence as bars on one scale, titled,
        where they go beside the accuracy chart (``self.counts``); and the line that says
        which is cheaper."""
        theme = current_theme()
        n = self.trace.n
        transformer = self.configs[1]
        network = scoring_cost(replace(transformer, scoring="network")).at(n)
        bilinear = scoring_cost(replace(transformer, scoring="bilinear")).at(n)
        larger = max(network, bilinear)
        # the two counts as bars on one scale: the track is the larger count
        self.counts = ProbabilityBars(
            ["small network", "bilinear form"],
            [network / larger, bilinear / larger],
            bar_width=2.6,
            color=theme.transformer,
            title=f"multiply-adds to score these {counted(n, 'word')}",
            value_texts=[f"{network:,}", f"{bilinear:,}"],
        )
        self.counts.move_to(DOWN * 1.8 + RIGHT * 3.4)
        if bilinear < network:
            verdict = f"the bilinear form needs {network / bilinear:.1f} times fewer"
        else:
            verdict = f"the small network needs {bilinear / network:.1f} times fewer"
        line = Line(f"Counted, {verdict} multiply-adds.")
        return self.counts, line
