"""Chapter 0, intro: why derive the transformer, and the road from a CNN to it. Narrated:
each animation runs while its line is spoken.

``manim -ql scenes/ch0_intro.py Intro``
"""

from __future__ import annotations

from manim import *

from narration import Line
from narration.spoken import percent
from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import ProbabilityBars, RoadMap, TokenRow
from scenes.text import label
from scenes.theme import current_theme

CHAPTER = Chapter(0, "Intro")


class Intro(DerivedScene):
    """Title, a live teaser (the trained transformer answering a question about the
    sentence), and the road map of the derivation.

    ``road_notes``: the note under each stop of the road map; ``road_lines``: the line
    spoken while each stop is shown (one per stop)."""

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
    road_lines: tuple[Line, ...] = (
        Line("First, a network for text built like one for images: it looks at 3 words at a time."),
        Line("Then a pairwise convolution, which looks at every pair of words, near or far."),
        Line("Then self-attention: scores decide which of those pairs count."),
        Line("Last, the optimisations that make the same idea cheap. That is the transformer."),
    )

    def construct(self) -> None:
        self.title()
        self.teaser()
        self.road_map()
        self.the_question()

    def title(self) -> None:
        theme = current_theme()
        self.beat("0.1")
        title = label("Transformer Neural Networks", theme.sizes.title * 1.2, bold=True)
        subtitle = label("derived from scratch", theme.sizes.heading, theme.muted)
        VGroup(title, subtitle).arrange(DOWN, buff=0.25).move_to(UP * 0.4)
        with self.voiceover(
            Line("Chatbots owe their abilities to one neural network design: the transformer.")
        ) as clip:
            self.play(FadeIn(title, shift=UP * 0.2), run_time=clip.duration)
        with self.voiceover(
            Line(
                "Most explainers describe it. This one derives it, one design decision at a "
                "time, starting from a network built for images."
            )
        ) as clip:
            self.play(FadeIn(subtitle), run_time=clip.duration)
        self.title_group = VGroup(title, subtitle)

    def teaser(self) -> None:
        theme = current_theme()
        t = self.trace
        sentence = TokenRow(t.tokens).move_to(UP * 0.9)
        question = label(f"what is “{t.tokens[-1]}” about?", theme.sizes.label, theme.muted)
        question.next_to(sentence, DOWN, buff=0.35)
        with self.voiceover(
            Line("Every number you will see comes from small models trained for this video.")
        ) as clip:
            self.play(
                self.title_group.animate.scale(0.7).to_edge(UP, buff=0.4),
                FadeIn(sentence),
                run_time=clip.duration,
            )
        with self.voiceover(
            Line(f"Here, the trained transformer reads a sentence: what is “{t.tokens[-1]}” about?")
        ) as clip:
            self.play(FadeIn(question), run_time=clip.duration)
        chart = ProbabilityBars(
            t.top_words[:3], t.top_probabilities[:3], bar_width=3.0, color=theme.transformer
        )
        chart.next_to(question, DOWN, buff=0.5)
        answer = Line(f"It answers “{t.top_words[0]}”, with {percent(t.top_probabilities[0])}.")
        with self.voiceover(answer) as clip:
            self.play(chart.animate_grow(), run_time=clip.duration)
        self.chart = chart

    def road_map(self) -> None:
        theme = current_theme()
        self.beat("0.2")
        road = RoadMap().move_to(UP * 0.3)
        with self.voiceover(Line("To get there, we take a road with four stops.")) as clip:
            self.clear_stage(run_time=clip.duration * 0.3)
            self.heading("The road")
            self.play(
                LaggedStart(*(FadeIn(b, shift=RIGHT * 0.2) for b in road.boxes), lag_ratio=0.3),
                FadeIn(road.arrows),
                run_time=clip.duration * 0.7,
            )
        note = None
        for k, (text, line) in enumerate(zip(self.road_notes, self.road_lines, strict=True)):
            fresh = label(text, theme.sizes.label, theme.text)
            fresh.next_to(road.box(k), DOWN, buff=0.45)
            fresh.set_x(road.box(k).get_x())
            fresh.shift_onto_screen(buff=0.3)
            animations = [road.animate_focus(k), FadeIn(fresh, shift=UP * 0.1)]
            if note is not None:
                animations.append(FadeOut(note))
            with self.voiceover(line) as clip:
                self.play(*animations, run_time=min(1.2, clip.duration))
            note = fresh
        self.road, self.note = road, note

    def the_question(self) -> None:
        with self.voiceover(
            Line("At every step, the question is the same: what would you change, and why?")
        ) as clip:
            self.play(FadeOut(self.note), self.road.animate_focus(0), run_time=clip.duration)


SCENES: tuple[type[DerivedScene], ...] = (Intro,)
"""The chapter's scenes, in the order the explainer shows them."""
