"""4.7: The transformer (scene ``transformer``).

``manim -ql scenes/ch4_optimisations/transformer.py TheTransformer``
"""

from __future__ import annotations

import itertools

from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.task import verdict
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import Beat, Clip
from derived_transformer.scenes.ch4_optimisations.shared import HOLD, CostScene, reveal_time
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

    ``steps``: the layer's parts, each with the words of :attr:`said` that name it;
    ``omitted``: what the textbook transformer adds that this one leaves out."""

    short_name = "transformer"
    beats = (Beat("4.7", "The transformer"),)
    said: tuple[Line, ...] = (
        Line(
            "Put together: each word enters as its one-hot vector, no position attached; each "
            "head scores the pairs with a bilinear form plus a learned score for how far apart "
            "the two words stand, the same at every length, normalised down each column;"
        ),
        Line(
            "takes the weighted sum of A xᵢ; the heads are joined and B xⱼ added once; then "
            "one network runs on each word. This model stacks two such layers.",
            spoken="takes the weighted sum of eh x i; the heads are joined and B x j added once; "
            "then one network runs on each word. This model stacks two such layers.",
        ),
    )
    steps: tuple[tuple[str, str], ...] = (
        ("words: one-hot word, no position attached", "each word enters"),
        ("per head: scores xᵢᵀ W xⱼ + offset score, normalised per column", "head scores"),
        ("per head: weighted sum of the A xᵢ", "takes the weighted"),
        ("concatenate the heads, add B xⱼ once", "the heads are joined"),
        ("one network on each of the n vectors", "then one network"),
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
        layers = len(self.trace.layer_importances)
        self.stacked = flat_text(
            f"× {layers} layers in this model", theme.sizes.label, theme.transformer
        )
        self.stacked.next_to(self.boxes, DOWN, buff=theme.gaps.medium)
        self.stacked.align_to(self.boxes, LEFT)
        with self.voiceover(self.said[0]) as clip:
            self.play(FadeIn(self.row), FadeIn(outline), run_time=0.8)
            self.light_steps(clip, arrows, end=1 - HOLD / clip.duration)
        with self.voiceover(self.said[1]) as clip:
            stacks = clip.at("This model")
            self.light_steps(clip, arrows, end=stacks)
            self.play_during(
                clip,
                FadeIn(self.stacked, shift=UP * 0.2),
                start=stacks,
                end=1 - HOLD / clip.duration,
            )

    def light_steps(self, clip: Clip, arrows: list[Arrow], end: float) -> None:
        """Light each step named in ``clip``'s line as its words are spoken, the last one
        until the fraction ``end`` of the line."""
        named = [
            (k, words) for k, (_, words) in enumerate(self.steps) if words in clip.line.written
        ]
        starts = [clip.at(words) for _, words in named]
        for (k, _), start, stop in zip(named, starts, [*starts[1:], end], strict=True):
            box = self.boxes[k]
            animations = [FadeIn(box[1], shift=DOWN * 0.1), box[0].animate.set_stroke(opacity=1)]
            if k:
                animations.append(arrows[k - 1].animate.set_stroke(opacity=1).set_fill(opacity=1))
            self.play_during(clip, *animations, start=start, end=stop)

    def the_answer(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            *answer_options(t),
            bar_width=1.6,
            color=theme.transformer,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.next_to(self.boxes, RIGHT, buff=theme.gaps.wide).align_to(self.boxes, UP)
        judged = flat_text(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, DOWN, buff=theme.gaps.small)
        self.chart = chart
        with self.voiceover(Line(f"On this sentence, it answers {verdict(t)}.")) as clip:
            self.play(chart.animate_grow(), FadeIn(judged), run_time=reveal_time(clip))
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
            "Transformers in use add an output projection, a scale on the scores, residual "
            "connections, layer normalisation and sub-word tokens."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(i, shift=RIGHT * 0.2) for i in items), lag_ratio=0.6),
                run_time=reveal_time(clip),
            )
