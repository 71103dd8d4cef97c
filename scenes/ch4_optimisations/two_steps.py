"""4.4: The layer in two steps (scene ``two-steps``).

``manim -ql scenes/ch4_optimisations/two_steps.py LayerInTwoSteps``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model.costs import big_network_runs
from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import HOLD, CostScene, reveal_time
from derived_transformer.scenes.components import (
    square_field,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class LayerInTwoSteps(CostScene):
    """4.4: the layer as two steps, and the big network's runs for the sentence on screen:
    n^2 squares that become n."""

    short_name = "two-steps"
    beats = (Beat("4.4", "The layer in two steps"),)

    def construct(self) -> None:
        self.two_steps()
        self.runs()

    def two_steps(self) -> None:
        theme = current_theme()
        self.beat("4.4")
        self.heading("The layer in two steps")
        self.row = self.sentence_row()
        texts = (
            "self-attention: linear representations, bilinear scores",
            "one network on each of the n vectors",
        )
        self.steps = VGroup(
            *(
                VGroup(
                    flat_text(str(k + 1), theme.sizes.title, theme.transformer),
                    flat_text(text, theme.sizes.body, theme.transformer),
                ).arrange(RIGHT, buff=theme.gaps.medium)
                for k, text in enumerate(texts)
            )
        )
        self.steps.arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.medium).move_to(UP * 1.3)
        line = Line(
            "A layer is now two steps: self-attention, with linear representations and bilinear "
            "scores; then one network on each of the n vectors."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.row), run_time=0.6)
            first, second = self.steps
            then = clip.at("then one")
            self.play_during(
                clip,
                FadeIn(first[0], scale=1.2),
                FadeIn(first[1], shift=RIGHT * 0.3),
                start=clip.at("self-attention"),
                end=then,
            )
            self.play_during(
                clip,
                FadeIn(second[0], scale=1.2),
                FadeIn(second[1], shift=RIGHT * 0.3),
                start=then,
                end=1 - HOLD / clip.duration,
            )

    def runs(self) -> None:
        theme = current_theme()
        n = self.trace.n
        before, after = big_network_runs(n)
        self.fields = VGroup()
        for value, text, color in (
            (before, "runs before: n²", theme.attention),
            (after, "runs now: n", theme.transformer),
        ):
            field = square_field(value, color, max_side=2.4)
            caption = flat_text(f"{text} = {value}", theme.sizes.label)
            self.fields.add(VGroup(field, caption.next_to(field, DOWN, buff=theme.gaps.small)))
        # a quarter of the safe width between the two counts
        apart = theme.layout.safe_width / 4
        self.fields.arrange(RIGHT, buff=apart, aligned_edge=DOWN).move_to(DOWN * 1.6)
        line = Line(
            "So the big network runs n times, not n².",
            spoken="So the big network runs n times, not n squared.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.fields[0]), run_time=clip.duration * 0.3)
            after = self.fields[1][0].copy()
            self.play(
                ReplacementTransform(self.fields[0][0].copy(), after),
                FadeIn(self.fields[1][1]),
                run_time=reveal_time(clip, clip.duration * 0.3),
            )
            self.remove(after)
            self.add(self.fields)
