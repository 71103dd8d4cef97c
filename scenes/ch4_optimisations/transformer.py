"""4.7: The transformer (scene ``transformer``).

``manim -ql scenes/ch4_optimisations/transformer.py TheTransformer``
"""

from __future__ import annotations

import itertools

from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.task import verdict
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import CostScene
from derived_transformer.scenes.components import (
    ProbabilityBars,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class TheTransformer(CostScene):
    """4.7: the complete transformer layer, step by step, the trained transformer's answer
    on the sentence with its verdict, and what this model leaves out (the own-word term
    stands where the residual connection around attention goes: 4.8).

    ``steps``: the layer's parts, each with the line that names it; ``omitted``: what the
    textbook transformer adds that this one leaves out."""

    short_name = "transformer"
    beats = (Beat("4.7", "The transformer"),)
    steps: tuple[tuple[str, Line], ...] = (
        (
            "words: one-hot word ⊕ one-hot position",
            Line("Each word enters as its one-hot vector, with its position counted from the end."),
        ),
        (
            "per head: scores xᵢᵀ W xⱼ, exponentiated, normalised per column",
            Line(
                "Each head scores the pairs with a bilinear form, then exponentiates and "
                "normalises them down each column."
            ),
        ),
        (
            "per head: weighted sum of the values A xᵢ",
            Line(
                "It takes the weighted sum of the values, A xᵢ.",
                spoken="It takes the weighted sum of the values, eh x i.",
            ),
        ),
        (
            "concatenate the heads, add B xⱼ once",
            Line(
                "The heads are joined, and B xⱼ is added once.",
                spoken="The heads are joined, and B x j is added once.",
            ),
        ),
        (
            "one network on each of the n vectors",
            Line("Then one network runs on each word. This model stacks two such layers."),
        ),
    )
    omitted: tuple[str, ...] = (
        "an output projection after the heads",
        "the 1/√d scale of the scores",
        "residual connections around the network",
        "layer normalisation",
        "sub-word tokens (here: whole words)",
    )

    def construct(self) -> None:
        self.the_layer()
        self.the_answer()
        self.left_out()

    def the_layer(self) -> None:
        theme = current_theme()
        self.beat("4.7")
        self.heading("The transformer layer")
        self.row = self.sentence_row()
        self.boxes = VGroup()
        for text, _ in self.steps:
            words = flat_text(text, theme.sizes.small)
            frame = SurroundingRectangle(
                words, color=theme.transformer, buff=theme.gaps.tight, corner_radius=0.08
            )
            self.boxes.add(VGroup(frame, words))
        self.boxes.arrange(DOWN, buff=theme.gaps.medium).next_to(
            self.row, DOWN, buff=theme.gaps.medium
        )
        to_safe_edge(self.boxes, LEFT, theme.gaps.medium)
        arrows = [
            Arrow(
                a.get_bottom(),
                b.get_top(),
                buff=theme.gaps.hair,
                stroke_width=2,
                color=theme.muted,
                max_tip_length_to_length_ratio=0.4,
            )
            for a, b in itertools.pairwise(self.boxes)
        ]
        # The layer's outline first (its steps' frames and arrows, dim), then each step
        # lights up as it is named.
        outline = VGroup(*(box[0] for box in self.boxes), *arrows)
        outline.set_stroke(opacity=0.3)
        for arrow in arrows:
            arrow.set_fill(opacity=0.3)
        with self.voiceover(Line("Put together, this is the transformer.")) as clip:
            self.play(FadeIn(self.row), FadeIn(outline), run_time=min(1.2, clip.duration))
        for k, (box, (_, line)) in enumerate(zip(self.boxes, self.steps, strict=True)):
            with self.voiceover(line) as clip:
                animations = [
                    FadeIn(box[1], shift=DOWN * 0.1),
                    box[0].animate.set_stroke(opacity=1),
                ]
                if k:
                    animations.append(
                        arrows[k - 1].animate.set_stroke(opacity=1).set_fill(opacity=1)
                    )
                self.play(*animations, run_time=min(1.2, clip.duration))

    def the_answer(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.6,
            color=theme.transformer,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.next_to(self.boxes, RIGHT, buff=theme.gaps.wide).align_to(self.boxes, UP)
        judged = flat_text(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, DOWN, buff=theme.gaps.small)
        self.chart = chart
        with self.voiceover(Line(f"On this sentence, it answers {verdict(t)}.")) as clip:
            self.play(chart.animate_grow(), FadeIn(judged), run_time=min(2.0, clip.duration))
        self.judged = judged

    def left_out(self) -> None:
        theme = current_theme()
        heading = flat_text("left out here", theme.sizes.small, theme.muted)
        items = VGroup(
            heading,
            *(flat_text(f"· {text}", theme.sizes.small, theme.muted) for text in self.omitted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.hair)
        items.next_to(self.judged, DOWN, buff=theme.gaps.medium).align_to(self.chart, LEFT)
        within_safe_frame(items)
        line = Line(
            "Transformers in use add what this small one leaves out: an output projection after "
            "the heads, a 1/√d scale on the scores, residual connections around the network, "
            "layer normalisation, and sub-word tokens.",
            spoken="Transformers in use add what this small one leaves out: an output projection "
            "after the heads, a scale of one over the square root of d on the scores, residual "
            "connections around the network, layer normalisation, and sub-word tokens.",
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(i) for i in items), lag_ratio=0.3),
                run_time=min(3.0, clip.duration),
            )
        line = Line(
            "And the residual connection around attention? The own-word term B xⱼ stands in its "
            "place, as the next step shows.",
            spoken="And the residual connection around attention? The own-word term, B x j, "
            "stands in its place, as the next step shows.",
        )
        with self.voiceover(line) as clip:
            self.play(
                Indicate(self.boxes[3], color=theme.highlight), run_time=min(1.5, clip.duration)
            )
