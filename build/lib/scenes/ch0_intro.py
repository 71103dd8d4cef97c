"""Chapter 0, intro: why derive the transformer, and the road from a CNN to it.

``manim -ql scenes/ch0_intro.py Intro``
"""

from __future__ import annotations

from manim import *

from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import ProbabilityBars, RoadMap, TokenRow
from scenes.text import label
from scenes.theme import current_theme

CHAPTER = Chapter(0, "Intro")


class Intro(DerivedScene):
    """Title, a live teaser (the trained transformer answering a question about the
    sentence), and the road map of the derivation."""

    short_name = "intro"
    in_gallery = True
    chapter = CHAPTER
    model_name = "transformer"
    beats = (
        Beat("0.1", "Derive, don't describe"),
        Beat("0.2", "The road map"),
    )
    road_notes: tuple[str, ...] = (
        "one network on every window of 3 words",
        "one network on every pair of words",
        "scores decide which pairs count",
        "the same idea, made cheap",
    )

    def construct(self) -> None:
        self.title_and_teaser()
        self.road_map()

    def title_and_teaser(self) -> None:
        theme = current_theme()
        self.beat(
            "0.1", "Chatbots owe their abilities to one neural network design: the transformer."
        )
        title = label("Transformer Neural Networks", theme.sizes.title * 1.2, bold=True)
        subtitle = label("derived from scratch", theme.sizes.heading, theme.muted)
        VGroup(title, subtitle).arrange(DOWN, buff=0.25).move_to(UP * 0.4)
        self.play(FadeIn(title, shift=UP * 0.2), run_time=1.2)
        self.play(FadeIn(subtitle), run_time=0.8)
        self.say(
            "Most explainers describe it. This one derives it, one design decision "
            "at a time, starting from a network for images."
        )
        self.play(VGroup(title, subtitle).animate.scale(0.7).to_edge(UP, buff=0.4))
        t = self.trace
        sentence = TokenRow(t.tokens).move_to(UP * 0.9)
        question = label(f"what is “{t.tokens[-1]}” about?", theme.sizes.label, theme.muted)
        question.next_to(sentence, DOWN, buff=0.35)
        self.play(FadeIn(sentence), FadeIn(question))
        chart = ProbabilityBars(
            t.top_words[:3], t.top_probabilities[:3], bar_width=3.0, color=theme.transformer
        )
        chart.next_to(question, DOWN, buff=0.5)
        self.say(
            "Every number you will see comes from small models trained for this "
            "video. Here, the transformer answers a question about a sentence."
        )
        self.play(chart.animate_grow(), run_time=1.5)
        self.chart = chart
        self.wait(1)

    def road_map(self) -> None:
        theme = current_theme()
        self.beat(
            "0.2",
            "The road: a network for text built like one for images, then "
            "pairwise convolutions, then self-attention, then the "
            "optimisations that make it the transformer.",
        )
        self.clear_stage()
        self.heading("The road")
        road = RoadMap().move_to(UP * 0.3)
        self.play(
            LaggedStart(*(FadeIn(b, shift=RIGHT * 0.2) for b in road.boxes), lag_ratio=0.3),
            FadeIn(road.arrows),
            run_time=2,
        )
        note = None
        for k, text in enumerate(self.road_notes):
            fresh = label(text, theme.sizes.label, theme.text)
            fresh.next_to(road.box(k), DOWN, buff=0.45)
            fresh.set_x(road.box(k).get_x())
            fresh.shift_onto_screen(buff=0.3)
            animations = [road.animate_focus(k), FadeIn(fresh, shift=UP * 0.1)]
            if note is not None:
                animations.append(FadeOut(note))
            self.play(*animations, run_time=0.9)
            self.wait(1.4)
            note = fresh
        self.say("At every step, the question is the same: what would you change, and why?")
        self.play(FadeOut(note), road.animate_focus(0))
        self.wait(1)


SCENES: tuple[type[DerivedScene], ...] = (Intro,)
"""The chapter's scenes, in the order the explainer shows them."""
