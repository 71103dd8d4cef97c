"""4.4: The layer in two steps (scene ``two-steps``).

``manim -ql scenes/ch4_optimisations/two_steps.py LayerInTwoSteps``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model.costs import big_network_runs
from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import CostScene
from derived_transformer.scenes.components import (
    square_field,
)
from derived_transformer.scenes.text import counted, flat_text
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
        with self.voiceover(Line("A layer is now two steps.")) as clip:
            self.play(
                FadeIn(self.row),
                *(FadeIn(step[0], scale=1.2) for step in self.steps),
                run_time=min(1.0, clip.duration),
            )
        line = Line(
            "First, self-attention, with linear representations and bilinear scores. Then, one "
            "network on each of the n vectors."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.steps[0][1], shift=RIGHT * 0.1), run_time=clip.duration / 2)
            self.play(FadeIn(self.steps[1][1], shift=RIGHT * 0.1), run_time=clip.duration / 2)

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
            f"For these {counted(n, 'word')}, the big network now runs {counted(after, 'time')}, "
            f"where it ran {counted(before, 'time')}, once per pair."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.fields[0]), run_time=clip.duration * 0.3)
            after = self.fields[1][0].copy()
            self.play(
                ReplacementTransform(self.fields[0][0].copy(), after),
                FadeIn(self.fields[1][1]),
                run_time=clip.duration * 0.7,
            )
            self.remove(after)
            self.add(self.fields)
