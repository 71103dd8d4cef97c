"""3.5: Scores, compared within a column (scene ``scores``).

``manim -ql scenes/ch3_attention/scores.py ScoresCompared``
"""

from __future__ import annotations

from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import CHAPTER, HOLD, LION, TREE, pair_name
from derived_transformer.scenes.components import (
    ProbabilityBars,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_width
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class ScoresCompared(DerivedScene):
    """3.5: give every pair a score and compare scores within a column: a worked example
    with made-up scores (10 and 90), shown as bars that shrink in place to the relative
    importances, then fade by importance as each column's output is written out; the
    trained model's own scores follow in 3.6.

    ``other_sentence``: the second sentence of the example; ``fire_score``, ``lion_score``,
    ``tree_score``: the made-up scores of (fire, roaring), (lion, roaring) and (tree,
    roaring); ``score_track``: the score a full bar stands for."""

    short_name = "scores"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the worked example of the tree and lion sentences"
    beats = (Beat("3.5", "Scores, compared within a column"),)
    fire_score: float = 10.0
    lion_score: float = 90.0
    tree_score: float = 0.0
    score_track: float = 100.0

    def construct(self) -> None:
        self.the_fix()
        self.scores()
        self.totals()
        self.divide()
        self.multiply_and_add()

    def the_fix(self) -> None:
        theme = current_theme()
        self.beat("3.5")
        self.heading("Scores, compared within a column")
        note = flat_text("a worked example: made-up scores", theme.sizes.small, theme.muted)
        note.next_to(self.current_heading, DOWN, buff=theme.gaps.tight)
        line = Line(
            "The fix: give every pair a score as well, a single number, and compare the "
            "scores only within a column."
        )
        self.idea = VGroup(
            VGroup(
                flat_text(pair_name("fire", "roaring"), theme.sizes.heading, theme.highlight),
                flat_text("→", theme.sizes.heading, theme.muted),
                flat_text("pair vector", theme.sizes.heading, theme.text),
                flat_text("+", theme.sizes.heading, theme.muted),
                flat_text("score: one number", theme.sizes.heading, theme.attention),
            ).arrange(RIGHT, buff=theme.gaps.small),
            flat_text("scores are compared only within a column", theme.sizes.label, theme.muted),
        ).arrange(DOWN, buff=theme.gaps.large)
        self.idea.move_to(DOWN * 0.2)
        with self.voiceover(line) as clip:
            self.play(FadeIn(note), run_time=min(1.0, clip.duration))
            self.play(
                LaggedStart(
                    *(FadeIn(p) for p in self.idea[0]), FadeIn(self.idea[1]), lag_ratio=0.3
                ),
                run_time=min(2.0, max(clip.duration - 1.0, 0.1)),
            )

    def panel(self, title: str, pairs: list[tuple[str, float]]) -> VGroup:
        theme = current_theme()
        chart = ProbabilityBars(
            [p for p, _ in pairs],
            [s / self.score_track for _, s in pairs],
            value_texts=[f"{s:g}" for _, s in pairs],
            color=theme.attention,
            bar_width=3.0,
            bar_height=0.42,
            title="score",
        )
        for k, (pair, _) in enumerate(pairs):
            if pair == pair_name("fire", "roaring"):
                chart.word_label(k).set_color(theme.highlight)
        heading = flat_text(title, theme.sizes.label, theme.attention)
        heading.next_to(chart, UP, buff=theme.gaps.medium)
        return VGroup(heading, chart)

    def scores(self) -> None:
        fire, lion, tree = self.fire_score, self.lion_score, self.tree_score
        self.panels = VGroup(
            self.panel(
                "column “roaring”, tree sentence",
                [(pair_name("tree", "roaring"), tree), (pair_name("fire", "roaring"), fire)],
            ),
            self.panel(
                "column “roaring”, lion sentence",
                [(pair_name("lion", "roaring"), lion), (pair_name("fire", "roaring"), fire)],
            ),
        )
        theme = current_theme()
        self.panels.arrange(RIGHT, buff=theme.gaps.wide, aligned_edge=UP).move_to(UP * 0.6)
        within_safe_width(self.panels)
        tree_chart, lion_chart = (p[1] for p in self.panels)
        line = Line(
            f"A pair's score depends only on the pair: (fire, roaring) scores {fire:g} in both "
            "sentences."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.idea),
                FadeIn(self.panels[0][0]),
                FadeIn(self.panels[1][0]),
                run_time=0.5,
            )
            self.play(tree_chart.animate_grow(), run_time=(clip.duration - 0.5) / 2)
            self.play_during(  # the rest of the line (the plays before end on whole frames)
                clip,
                FadeIn(lion_chart.title),
                FadeIn(lion_chart.word_labels),
                FadeIn(lion_chart.tracks),
                GrowFromEdge(lion_chart.bar(1), LEFT),
                FadeIn(lion_chart.value_label(1)),
            )
        line = Line(f"But in the lion sentence, (lion, roaring) scores {lion:g}.")
        with self.voiceover(line) as clip:
            self.play(
                GrowFromEdge(lion_chart.bar(0), LEFT),
                FadeIn(lion_chart.value_label(0)),
                run_time=min(1.5, clip.duration),
            )
            for panel in self.panels:
                settle(self, panel)

    def totals(self) -> None:
        theme = current_theme()
        sums = (self.tree_score + self.fire_score, self.lion_score + self.fire_score)
        self.total_labels = VGroup(
            *(
                flat_text(f"column total {total:g}", theme.sizes.label, theme.highlight).next_to(
                    panel, DOWN, buff=theme.gaps.medium
                )
                for panel, total in zip(self.panels, sums, strict=True)
            )
        )
        # copies of each column's scores drop into its total, which fades in: numbers never
        # morph into other text
        drops = [
            FadeOut(label.copy(), target_position=total.get_center(), scale=0.6)
            for panel, total in zip(self.panels, self.total_labels, strict=True)
            for label in panel[1].value_labels
        ]
        line = Line("Add up each column's scores...")
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*drops, lag_ratio=0.1),
                FadeIn(self.total_labels, shift=DOWN * 0.1),
                run_time=min(1.5, clip.duration),
            )
        self.sums = sums

    def divide(self) -> None:
        fire = self.fire_score
        tree_total, lion_total = self.sums
        importances = (
            [self.tree_score / tree_total, fire / tree_total],
            [self.lion_score / lion_total, fire / lion_total],
        )
        self.importances = importances
        line = Line(
            f"...and divide each score by it: (fire, roaring) now has a relative importance of "
            f"{fire / tree_total:g} in the first sentence, {fire / lion_total:g} in the second. "
            "The context decides."
        )
        theme = current_theme()
        with self.voiceover(line) as clip:
            animations = []
            for panel, values, total in zip(
                self.panels, importances, self.total_labels, strict=True
            ):
                chart = panel[1]
                animations += [
                    chart.animate_values(values, value_texts=[f"{v:g}" for v in values]),
                    chart.animate_title("relative importance"),
                    Indicate(total, color=theme.highlight, scale_factor=1.1),
                ]
            self.play(*animations, run_time=min(2.5, clip.duration))
        self.wait(HOLD)

    def multiply_and_add(self) -> None:
        theme = current_theme()
        formula = flat_text(
            "column output = Σ  relative importance × pair vector", theme.sizes.body, theme.text
        )
        to_safe_edge(formula, DOWN, theme.gaps.small)
        outputs = VGroup()
        fades = []
        for panel, values, total in zip(
            self.panels, self.importances, self.total_labels, strict=True
        ):
            chart = panel[1]
            terms = [f"{v:g} × {chart.word_label(k).text}" for k, v in enumerate(values) if v > 0]
            outputs.add(
                flat_text("output = " + " + ".join(terms), theme.sizes.small, theme.text).next_to(
                    total, DOWN, buff=theme.gaps.small
                )
            )
            for k, v in enumerate(values):
                opacity = max(float(v), 0.15)
                fades += [
                    chart.bar(k).animate.set_opacity(opacity),
                    chart.word_label(k).animate.set_opacity(opacity),
                    chart.value_label(k).animate.set_opacity(opacity),
                ]
        line = Line(
            "Then multiply each pair vector by its importance and add them up: the pair that "
            "matters survives, the others fade.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(formula, shift=UP * 0.1), run_time=min(1.2, clip.duration / 2))
            self.play(
                *fades,
                FadeIn(outputs, shift=DOWN * 0.1),
                run_time=min(1.5, max(clip.duration / 2 - 0.1, 0.1)),
            )
        self.wait(HOLD)
