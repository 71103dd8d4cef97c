"""0.1: Derive, don't describe; 0.2: The road map (scene ``intro``).

``manim -ql scenes/ch0_intro/intro.py Intro``
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from derived_transformer.model import data
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import answer_said, question, verdict
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import (
    CHAPTER_END_HOLD,
    Beat,
    DerivedScene,
    chapter_road_map,
)
from derived_transformer.scenes.ch0_intro.shared import CHAPTER
from derived_transformer.scenes.components import ProbabilityBars, RoadMap, TokenRow
from derived_transformer.scenes.components.roadmap import FILL_OPACITY, STAGES
from derived_transformer.scenes.components.stop_pictures import STOP_PICTURES
from derived_transformer.scenes.text import flat_text, wrapped
from derived_transformer.scenes.theme import current_theme


@dataclass(frozen=True)
class TaskExample:
    """A sentence of the training set shown on the task card, and the line said while it
    appears (``{answer}`` is filled with the answer the sentence is labelled with)."""

    sentence: str
    line: str


def training_example(sentence: str) -> data.Example:
    """The training set's example for ``sentence`` (its label included); an error if the
    sentence is not one the models were trained on."""
    for example in data.training_set():
        if example.text == sentence:
            return example
    raise ValueError(f"“{sentence}” is not in the training set")


class Intro(DerivedScene):
    """The hook first: the trained transformer answering the question about the sentence,
    live, under the title, with where the numbers come from as a footer; then why derive it,
    the task card (real training examples with their answers) and the road map of the
    derivation, as every chapter opens it.

    ``task_examples``: the training sentences on the task card, one per family of the
    corpus, each with its line. ``road_notes``: the note under each stop of the road map;
    ``road_lines``: the line spoken while each stop is shown (one per stop)."""

    short_name = "intro"
    closing_hold = CHAPTER_END_HOLD
    in_gallery = True
    chapter = CHAPTER
    model_name = "transformer"
    beats = (
        Beat("0.1", "Derive, don't describe"),
        Beat("0.2", "The road map"),
    )
    task_examples: tuple[TaskExample, ...] = (
        TaskExample(
            "the storm beside the dinosaur was roaring",
            "When a sentence ends with “was roaring”, what is roaring? Here, the {answer}.",
        ),
        TaskExample(
            "the tiger said that the pig chased its tail",
            "When it ends with “its tail”, whose tail? The {answer}'s.",
        ),
        TaskExample(
            "the lion walked and the bear walked and the second was roaring",
            "And “the second”: the second of two things named. Here, the {answer}.",
        ),
    )
    card_width: float = 10.2
    """The widest a sentence of the task card may be (the longest sets the common size)."""
    arc_height: float = 0.4
    """How high above its row an answer word rises on its way to the answer's place."""
    sentence_rise: float = 1.9
    """How far above the frame's middle the teaser's sentence stands."""
    teaser_bar_width: float = 3.6
    """The length of probability 1 on the chart of the transformer's answer."""
    teaser_chart_zoom: float = 1.25
    """How much larger than a chart's usual size the transformer's answer is drawn."""
    answer_hold: float = 1.2
    """The pause on the transformer's answer before the narration moves on."""
    road_height: float = 5.4
    """The height of the road's boxes while the road is told (they hold each stop's
    picture and note)."""
    road_width: float = 13.2
    """The width of the road while it is told: nearly the whole frame."""
    picture_height: float = 2.2
    """The height of the slot each stop's picture is drawn in."""
    road_shrink: float = 0.8
    """How long the large road takes to shrink into the one every chapter opens with."""
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
        self.teaser()
        self.derive_not_describe()
        self.task_card()
        self.road_map()

    # -- 0.1 -------------------------------------------------------------------------
    def teaser(self) -> None:
        """The title, the sentence, the question and the footer on screen from the first
        second; the trained transformer's answer grows while the question is asked."""
        theme = current_theme()
        self.beat("0.1")
        t = self.trace
        title = flat_text(
            "Transformer Neural Networks, derived from scratch", theme.sizes.heading, bold=True
        ).to_edge(UP, buff=theme.layout.heading_buff)
        sentence = TokenRow(t.tokens, size=theme.sizes.heading).move_to(UP * self.sentence_rise)
        asked = flat_text(question(t.tokens), theme.sizes.body, theme.muted)
        asked.next_to(sentence, DOWN, buff=theme.gaps.medium)
        scope = flat_text(
            "every number drawn from a model comes from small models trained for this video; "
            "illustrations are labelled",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=theme.layout.margin + theme.gaps.tight)
        words, probabilities = answer_options(t)
        chart = ProbabilityBars(
            words,
            probabilities,
            value_texts=[percent(p) for p in probabilities],
            bar_width=self.teaser_bar_width,
            color=theme.transformer,
            title="the transformer's answer",
        )
        chart.scale(self.teaser_chart_zoom).next_to(asked, DOWN, buff=theme.gaps.wide)
        judged = flat_text(verdict(t), theme.sizes.label, theme.muted).next_to(
            chart, DOWN, buff=theme.gaps.small
        )
        lit = [k for k, w in enumerate(t.tokens) if w == t.answer]
        with self.voiceover(Line(f"A small transformer is asked: {question(t.tokens)}")) as clip:
            opening = min(0.4, 0.5 / clip.duration)
            self.play_during(
                clip, FadeIn(title), FadeIn(sentence), FadeIn(asked), FadeIn(scope), end=opening
            )
            self.play_during(clip, chart.animate_grow(), start=0.4, end=0.85)
        with self.voiceover(Line(answer_said(t))) as clip:
            lighting = [sentence.animate_highlight(lit, theme.highlight)] if lit else []
            self.play_during(clip, *lighting, FadeIn(judged), start=0.1, end=0.4)
        self.wait(self.answer_hold)
        self.title_text, self.scope = title, scope
        self.teaser_parts = VGroup(sentence, asked, chart, judged)

    def derive_not_describe(self) -> None:
        """Why this explainer derives the transformer rather than describing it: the demo
        gives way to the road of design decisions, lit at the network built for images it
        starts from."""
        theme = current_theme()
        road = chapter_road_map()
        with self.voiceover(
            Line(
                "Chatbots owe their abilities to this design, the transformer. This video "
                "derives it, one design decision at a time, from a network built for images."
            )
        ) as clip:
            derives = clip.at("derives it")
            self.play_during(
                clip,
                Indicate(self.title_text, color=theme.highlight, scale_factor=1.05),
                end=min(0.3, derives),
            )
            self.play_during(
                clip,
                FadeOut(self.teaser_parts),
                FadeIn(road, shift=UP * 0.2),
                start=derives,
                end=clip.at("from a network"),
            )
            self.play_during(clip, road.animate_focus(0), start=clip.at("from a network"), end=0.95)
        self.intro_road = road

    def task_card(self) -> None:
        """The task, then each training example with its answer, then where they come from."""
        theme = current_theme()
        examples = [training_example(e.sentence) for e in self.task_examples]
        heading = flat_text("The task", theme.sizes.heading, bold=True)
        heading.to_edge(UP, buff=theme.layout.heading_buff)
        ask = flat_text(
            "each sentence asks: who or what is its last word about?",
            theme.sizes.body,
            theme.text,
        ).next_to(heading, DOWN, buff=theme.gaps.medium)
        footer = flat_text(
            f"real examples from the {len(data.training_set()):,} training sentences, "
            "labelled by the rules a person would apply",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=theme.layout.margin + theme.gaps.tight)
        rows = self.card_rows(examples)
        # the rows stand in the middle of the room between the question and the footer
        rows.set_y((ask.get_bottom()[1] + footer.get_top()[1]) / 2)
        with self.voiceover(
            Line(
                "Every model in this video learns one task: each sentence asks who or what "
                "its last word is about."
            )
        ) as clip:
            leaving = (self.title_text, self.intro_road, self.scope)
            self.play_during(clip, *(FadeOut(m) for m in leaving), end=0.3)
            self.play_during(clip, FadeIn(heading), FadeIn(ask, shift=DOWN * 0.1), start=0.35)
        for example, shown, row in zip(self.task_examples, examples, rows, strict=True):
            self.card_example(example, shown, row)
        with self.voiceover(
            Line(
                f"Real examples from the {len(data.training_set()):,} training sentences, "
                "answered by a person's rules."
            )
        ) as clip:
            self.play_during(clip, FadeIn(footer), start=0.1, end=0.4)
        self.card = VGroup(heading, ask, rows, footer)

    def card_rows(self, examples: list[data.Example]) -> VGroup:
        """One row per example: its words (the last underlined), an arrow, its answer; all
        at the size that fits the longest in ``card_width``."""
        theme = current_theme()
        sentences = [
            TokenRow(e.words, size=theme.sizes.heading, buff=theme.gaps.tight, max_width=99)
            for e in examples
        ]
        fit = min(1.0, self.card_width / max(s.width for s in sentences))
        rows = VGroup()
        for example, words in zip(examples, sentences, strict=True):
            words.scale(fit)
            asked = words.word_label(len(example.words) - 1)
            mark = Underline(asked, buff=theme.gaps.hair, stroke_width=2, color=theme.muted)
            arrow = flat_text("→", theme.sizes.heading, theme.muted).scale(fit)
            answer = flat_text(example.answer, theme.sizes.heading, theme.highlight, bold=True)
            rows.add(VGroup(VGroup(words, mark), arrow, answer.scale(fit)))
        rows.arrange(DOWN, buff=theme.gaps.wide, aligned_edge=LEFT)
        for row in rows:
            words, arrow, answer = row
            arrow.next_to(words, RIGHT, buff=theme.gaps.medium).set_y(words[0].get_y())
            answer.next_to(arrow, RIGHT, buff=theme.gaps.small)
            answer.align_to(words[0], DOWN)
        return rows.set_x(0)

    def card_example(self, example: TaskExample, shown: data.Example, row: VGroup) -> None:
        """A training sentence appears and its answer word arcs to the answer's place."""
        theme = current_theme()
        (words, mark), arrow, answer = row
        index = shown.answer_index
        source = words.word_label(index)
        # the copy arcs over the row to the answer's place, clear of the row above
        arc = min(1.2, 8 * self.arc_height / abs(answer.get_x() - source.get_x()))
        with self.voiceover(Line(example.line.format(answer=shown.answer))) as clip:
            self.play_during(clip, FadeIn(words, shift=RIGHT * 0.2), FadeIn(mark), end=0.35)
            self.play_during(
                clip,
                words.animate_highlight([index], theme.highlight),
                FadeIn(arrow),
                # the word travels whole and turns into the bold answer (a letter-by-letter
                # morph between the two weights garbles the glyphs on the way)
                FadeTransform(source.copy(), answer, path_arc=arc),
                start=0.55,
                end=0.9,
            )

    # -- 0.2 -------------------------------------------------------------------------
    def road_map(self) -> None:
        """The road drawn large, each stop with a picture of what it does and its note, lit
        in turn as the voice names it; at the end it shrinks to the road map every chapter
        opens with, its last stop lit."""
        theme = current_theme()
        self.beat("0.2")
        heading = flat_text("The road", theme.sizes.heading, bold=True)
        heading.to_edge(UP, buff=theme.layout.heading_buff)
        road = RoadMap(
            width=self.road_width,
            height=self.road_height,
            contents=[self.stop_content(k) for k in range(len(self.road_notes))],
            title_size=theme.sizes.body,
        )
        road.next_to(heading, DOWN, buff=theme.gaps.medium)
        with self.voiceover(
            Line("To build a network that answers it, we take a road with four stops.")
        ) as clip:
            self.play_during(clip, FadeOut(self.card), end=0.25)
            self.play_during(
                clip,
                FadeIn(heading),
                LaggedStart(*(FadeIn(b, shift=RIGHT * 0.2) for b in road.boxes), lag_ratio=0.3),
                FadeIn(road.arrows),
                start=0.3,
            )
        for k, line in enumerate(self.road_lines):
            with self.voiceover(line) as clip:
                self.play_during(clip, road.animate_focus(k), end=min(0.4, 1.2 / clip.duration))
        self.road = self.road_as_chapters_open_it(road, heading)

    def stop_content(self, k: int) -> VGroup:
        """Stop ``k``'s picture over its note, in the stop's colour (pictures of what each
        stage does, drawn, not values); every picture in a slot of one size, so that the
        notes of all stops stand at one height."""
        theme = current_theme()
        color = theme.model_color(STAGES[k][1])
        picture = STOP_PICTURES[k](color)
        width = self.road_width / len(self.road_notes) - 0.6 - 2 * theme.gaps.small
        slot = Rectangle(width=width, height=self.picture_height, stroke_opacity=0)
        picture.scale(min(width / picture.width, self.picture_height / picture.height, 1.4))
        picture.move_to(slot)
        note = wrapped(self.road_notes[k], theme.sizes.label, theme.text, width)
        note.arrange(DOWN, buff=theme.gaps.tight)
        note.next_to(slot, DOWN, buff=theme.gaps.medium)
        return VGroup(slot, picture, note)

    def road_as_chapters_open_it(self, road: RoadMap, heading: VMobject) -> RoadMap:
        """The large road shrinks into the road map every chapter opens with (its last stop
        lit), so the next chapter opens on the same picture."""
        small = chapter_road_map()
        for k in range(len(small.boxes) - 1):
            small.box(k).frame.set_stroke(opacity=0.3).set_fill(opacity=FILL_OPACITY * 0.3)
            small.box(k)[1].set_opacity(0.3)
        self.play(
            *(
                ReplacementTransform(VGroup(big.frame, big[1]), VGroup(s.frame, s[1]))
                for big, s in zip(road.boxes, small.boxes, strict=True)
            ),
            ReplacementTransform(road.arrows, small.arrows),
            *(FadeOut(big.content) for big in road.boxes),
            FadeOut(heading),
            run_time=self.road_shrink,
        )
        self.remove(*small.get_family())
        self.add(small)
        return small
