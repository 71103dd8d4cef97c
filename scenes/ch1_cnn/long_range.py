"""1.5: Long-range dependencies (scene ``long-range``).

``manim -ql scenes/ch1_cnn/long_range.py LongRangeDependencies``
"""

from __future__ import annotations

import numpy as np
from manim import *
from manim import Line as Segment

from derived_transformer.model import Trace
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.task import answer_said, verdict
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.order_examples import OrderPair, order_examples
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    ConvPyramid,
    Legend,
    ProbabilityBars,
    TokenRow,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


def covering(windows: np.ndarray, position: int) -> list[int]:
    """The outputs of one layer whose window covers word ``position``."""
    return [p for p, (start, end) in enumerate(windows) if start <= position <= end]


def reach_color(window: tuple[int, int], first: int, second: int) -> str:
    """The colour of an output whose window (first and last word) is ``window``: whether it
    reaches the word at ``first``, at ``second``, both or neither."""
    theme = current_theme()
    start, end = window
    holds = (start <= first <= end, start <= second <= end)
    return {
        (True, True): theme.reach_both,
        (True, False): theme.reach_first,
        (False, True): theme.reach_second,
    }.get(holds, theme.muted)


class LongRangeDependencies(DerivedScene):
    """1.5: in the dog sentence, *dog* and *tail* meet only in the top layer, live: the
    pyramid is the trained CNN's real layer count and windows (each output coloured by the
    words its window reaches, with a legend); the layer where they meet is computed from
    them. Then a narrower CNN on two live examples picked by a rule
    (:mod:`~derived_transformer.scenes.ch1_cnn.order_examples`): it answers right where one
    of its windows holds both deciding words, and gives a sentence and its twin the same
    answer, wrong on one, where none does; a box slides over the words it sees at once. Its
    answers and the contrasting model's are their own, judged by the labeller; the accuracies
    are the measured evidence (``measurements().evidence.long_range``)."""

    short_name = "long-range"
    closing_hold = CHAPTER_END_HOLD
    in_gallery = True
    chapter = CHAPTER
    model_name = "cnn"
    extra_models = ("cnn2", "attention")
    sentence = "the dog spun around so fast that it caught its tail"
    fixed_example = "the dog/tail sentence of the video and examples picked from the models"
    beats = (Beat("1.5", "Long-range dependencies"),)
    first_word: str = "dog"
    second_word: str = "tail"
    far_reaches: range = range(6, 9)
    """The reaches (words a CNN must see at once) the evidence is averaged over."""
    narrow_model: str = "cnn2"
    narrow_name: str = "2-layer CNN"
    """The CNN of the live examples, and its name beside its answers."""
    contrast_model: str = "attention"
    contrast_name: str = "self-attention"
    """The model whose answers on the far example stand beside the CNN's."""
    longest_example: int = 18
    """The longest sentence, in words, the live examples may have (one row across the frame)."""
    word_spacing: float = 0.1
    """The room added between the words of an example's row (beside Pango's own space)."""
    near_y: float = 1.9
    far_y: float = 0.0
    twin_y: float = -1.75
    """Where the rows of the live examples stand once all three are shown."""
    cone_gap: float = 0.32
    """The height between the layers drawn above the words one output sees."""
    near_zoom: float = 1.3
    near_drop: float = 0.3
    """How much larger, and how far below the frame's middle, the near example stands while
    it is alone."""
    compared: tuple[tuple[str, str], ...] = (
        ("cnn2", "CNN, 2 layers: sees 5 words"),
        ("cnn", "CNN, 5 layers: sees 11 words"),
        ("attention", "self-attention (chapter 3)"),
    )
    """The models whose measured accuracy is shown, and their names on the chart."""
    evidence_bar_width: float = 4.5
    evidence_bar_height: float = 0.5
    evidence_drop: float = 0.2
    """How far below the frame's middle the measured chart stands."""

    def construct(self) -> None:
        self.show_sentence()
        self.grow_receptive_fields()
        self.near_example()
        self.far_example()
        self.evidence()

    def show_sentence(self) -> None:
        theme = current_theme()
        self.beat("1.5")
        self.heading("Long-range dependencies")
        t = self.trace
        # the layer labels stand inside the pyramid, clear of the frame's edge
        self.pyramid = ConvPyramid(
            t.tokens,
            t.windows,
            layer_gap=0.92,
            color=theme.outline,
            labels_beside=True,
            label_size=theme.sizes.small,
        )
        self.pyramid.set_x(0).to_edge(DOWN, buff=theme.layout.margin + theme.gaps.medium)
        # the words start mid-frame and settle at the pyramid's foot once it grows
        self.lift = UP * (0.3 - self.pyramid.word_labels.get_y())
        self.pyramid.word_labels.shift(self.lift)
        self.a, self.b = t.tokens.index(self.first_word), t.tokens.index(self.second_word)
        dog, tail = self.pyramid.word_label(self.a), self.pyramid.word_label(self.b)
        link = CurvedArrow(
            tail.get_top() + UP * 0.1,
            dog.get_top() + UP * 0.1,
            angle=TAU / 8,
            color=theme.muted,
            stroke_width=2,
            tip_length=0.15,
        )
        with self.voiceover(
            Line(
                f"In this sentence, “{self.second_word}” belongs to “{self.first_word}”, "
                f"{counted(self.b - self.a, 'word')} further on."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.pyramid.word_labels), end=0.3)
            self.play_during(
                clip,
                dog.animate.set_color(theme.reach_first),
                tail.animate.set_color(theme.reach_second),
                Create(link),
                start=0.4,
            )
        self.link = link

    def meeting_layer(self) -> int:
        """The first layer with an output whose window covers both words (from the trace)."""
        for k, windows in enumerate(self.trace.windows, start=1):
            if set(covering(windows, self.a)) & set(covering(windows, self.b)):
                return k
        raise ValueError("the two words never meet")

    def reach_colours(self, k: int) -> list[Animation]:
        """Layer ``k`` appears, each output coloured by the words its window reaches."""
        windows = self.trace.windows[k - 1]
        animations = [
            FadeIn(VGroup(*(self.pyramid.edges_into(k, p) for p in range(len(windows))))),
            FadeIn(self.pyramid.layer_labels[k - 1]),
        ]
        for p, (start, end) in enumerate(windows):
            color = reach_color((start, end), self.a, self.b)
            node = self.pyramid.node(k, p).set_color(color)
            if color == current_theme().reach_both:
                node.scale(1.7)
            animations.append(GrowFromCenter(node))
        return animations

    def grow_receptive_fields(self) -> None:
        self.meets_at = self.meeting_layer()
        self.legend = self.reach_legend()
        self.first_layers()
        self.meeting()
        self.wait(1.0)  # a hold on where they meet

    def reach_legend(self) -> Legend:
        theme = current_theme()
        legend = Legend(
            [
                (theme.reach_first, f"reaches “{self.first_word}”"),
                (theme.reach_second, f"reaches “{self.second_word}”"),
                (theme.reach_both, "reaches both"),
                (theme.muted, "neither"),
            ],
            direction="row",
        )
        return legend.next_to(self.current_heading, DOWN, buff=theme.gaps.small)

    def first_layers(self) -> None:
        """The words settle at the pyramid's foot, and the layers below the one where the two
        words meet appear, one after another."""
        with self.voiceover(
            Line(
                "Layer by layer, each word's information spreads, mixed on the way with the "
                "less related words around it."
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.link),
                FadeIn(self.legend),
                self.pyramid.word_labels.animate.shift(-self.lift),
                end=0.15,
            )
            below = range(1, self.meets_at)
            share = 0.8 / max(1, len(below))
            for k, layer in enumerate(below):
                self.play_during(
                    clip,
                    *self.reach_colours(layer),
                    start=0.17 + k * share,
                    end=0.17 + (k + 1) * share,
                )

    def meeting(self) -> None:
        """The layer where the two words meet, and any above it."""
        layers = len(self.trace.windows)
        with self.voiceover(
            Line(f"Their information meets only at layer {self.meets_at} of {layers}: the top.")
        ) as clip:
            for layer in range(self.meets_at, layers + 1):
                self.play_during(clip, *self.reach_colours(layer), start=0.05, end=0.4)

    def narrow_trace(self, sentence: str) -> Trace:
        return self.trace_of(sentence, self.narrow_model)

    def example_rows(self) -> list[TokenRow]:
        """The near sentence, the far one and its twin, one row each at one common size (the
        longest fits the frame), each animal in its own reach colour wherever it stands."""
        theme = current_theme()
        rows = []
        for pair, twin, y in (
            (self.near, False, self.near_y),
            (self.far, False, self.far_y),
            (self.far, True, self.twin_y),
        ):
            row = TokenRow(
                pair.twin if twin else pair.words,
                size=theme.sizes.label,
                buff=self.word_spacing,
                max_width=config.frame_width * 2,
            )
            first, second = (theme.reach_first, theme.reach_second)[:: -1 if twin else 1]
            row.word_label(pair.animals[0]).set_color(first)
            row.word_label(pair.animals[1]).set_color(second)
            rows.append(row.set_y(y))
        widest = max(row.width for row in rows)
        shrink = min(1.0, theme.layout.safe_width / widest)
        for row in rows:  # one size, their left edges aligned
            row.scale(shrink).set_x(-widest * shrink / 2, LEFT)
        return rows

    def window(self, row: TokenRow, start: int, pair: OrderPair) -> VGroup:
        """What one top output of the narrow CNN sees, on ``row`` from word ``start``: a box
        round its words, and above them the outputs of every layer inside it (the narrow
        CNN's windows, from its trace of the row), each coloured by the animals of ``pair``
        its window reaches; the top output is named."""
        theme = current_theme()
        end = start + self.field - 1
        words = [row.word_label(k) for k in range(start, end + 1)]
        box = Rectangle(
            width=VGroup(*words).width + 2 * theme.gaps.hair,
            height=row.height + 2 * theme.gaps.hair,
            color=theme.cnn,
            stroke_width=3,
        ).move_to([VGroup(*words).get_x(), row.get_y(), 0])
        below = [((k, k), np.array([w.get_x(), box.get_top()[1], 0])) for k, w in enumerate(words)]
        nodes, edges = VGroup(), VGroup()
        layers = self.narrow_trace(" ".join(row.labels)).windows
        for layer, windows in enumerate(layers, start=1):
            inside = [(s - start, e - start) for s, e in windows if start <= s and e <= end]
            level = []
            for first, last in inside:
                xs = [point[0] for (s, e), point in below if first <= s and e <= last]
                center = np.array([np.mean(xs), box.get_top()[1] + self.cone_gap * layer, 0])
                color = reach_color((first + start, last + start), *pair.animals)
                nodes.add(Dot(center, radius=0.06, color=color))
                edges.add(
                    *(
                        Segment(point, center, stroke_width=1.2, color=theme.outline, buff=0.06)
                        for (s, e), point in below
                        if first <= s and e <= last
                    )
                )
                level.append(((first, last), center))
            below = level
        name = flat_text(f"one output sees {self.field} words", theme.sizes.small, theme.cnn)
        name.next_to(nodes[-1], RIGHT, buff=theme.gaps.small)
        return VGroup(box, edges, nodes, name)

    def answer_line(self, t: Trace, name: str, color: str) -> VMobject:
        """A model's answer on a sentence, judged by the labeller."""
        return flat_text(f"{name} says {verdict(t)}", current_theme().sizes.small, color)

    def near_example(self) -> None:
        """A narrow CNN on a sentence whose two animals fit in one of its windows: one
        window holds both, and it answers right. The sentence stands large in the middle
        until the far example joins it."""
        theme = current_theme()
        self.near, self.far = order_examples(
            self.narrow_model, self.contrast_model, self.longest_example
        )
        near_trace = self.narrow_trace(self.near.sentence)
        self.field = near_trace.receptive_field
        layers = len(near_trace.windows)
        row, *self.far_rows = self.example_rows()
        answer = self.answer_line(near_trace, self.narrow_name, theme.cnn)
        answer.next_to(row, DOWN, buff=theme.gaps.small).align_to(row, LEFT)
        # alone, the example stands larger in the middle: everything drawn on it is built in
        # its later place and moved by the same zoom
        self.near_group = VGroup(row, answer)
        placed = row.copy()
        self.near_place = self.near_group.get_center()
        self.zoom = min(self.near_zoom, theme.layout.safe_width / row.width)
        self.near_group.scale(self.zoom).move_to(DOWN * self.near_drop)

        def zoomed(window: VGroup) -> VGroup:
            return window.scale(self.zoom, about_point=self.near_place).shift(
                DOWN * self.near_drop - self.near_place
            )

        self.box = zoomed(self.window(placed, 0, self.near))
        holds_both = zoomed(self.window(placed, self.near.animals[1] - self.field + 1, self.near))
        with self.voiceover(
            Line(
                f"Now a smaller CNN, of {layers} layers, on sentences where only the animals' "
                f"order decides: each of its outputs sees {self.field} words."
            )
        ) as clip:
            leaving = (self.pyramid, self.legend)
            self.play_during(clip, *(FadeOut(m) for m in leaving), end=0.2)
            self.play_during(clip, FadeIn(row), start=0.25, end=0.5)
            self.play_during(clip, Create(self.box[0]), FadeIn(self.box[1:]), start=0.75)
        with self.voiceover(
            Line(
                f"Here the two animals stand {counted(self.near.apart, 'word')} apart, "
                "and one window holds both."
            )
        ) as clip:
            self.play_during(clip, Transform(self.box, holds_both), start=0.45, end=0.8)
        with self.voiceover(Line(answer_said(near_trace, probability=False))) as clip:
            self.play_during(clip, FadeIn(answer, shift=UP * theme.gaps.hair), start=0.3)
        self.wait(1.0)  # a hold on the answer
        self.near_row, self.near_answer = row, answer

    def far_example(self) -> None:
        """The same CNN on a sentence whose animals stand farther apart than its field: no
        window holds both, it gives the sentence and its twin the same answer, wrong on the
        first (the rule of :mod:`order_examples` picks them so); the contrasting model
        answers both right."""
        theme = current_theme()
        far, rows = self.far, self.far_rows
        tag = flat_text("its twin: the two animals swapped", theme.sizes.small, theme.muted)
        tag.next_to(rows[1], UP, buff=theme.gaps.small).align_to(rows[1], LEFT)
        traces = [self.narrow_trace(far.sentence), self.narrow_trace(far.twin_sentence)]
        contrast = [
            self.trace_of(s, self.contrast_model) for s in (far.sentence, far.twin_sentence)
        ]
        answers, contrasts = [], []
        for row, t, c in zip(rows, traces, contrast, strict=True):
            answer = self.answer_line(t, self.narrow_name, theme.cnn)
            answers.append(answer.next_to(row, DOWN, buff=theme.gaps.small).align_to(row, LEFT))
            other = self.answer_line(c, self.contrast_name, theme.model_color(self.contrast_model))
            contrasts.append(other.next_to(row, DOWN, buff=theme.gaps.small).align_to(row, RIGHT))
        note = flat_text(
            f"max-pooled: each number's largest value over all {self.field}-word windows; "
            "the twins have the same windows",
            theme.sizes.small,
            theme.muted,
        )
        to_safe_edge(note, DOWN, theme.gaps.tight)
        first, last = far.animals
        slides = range(max(0, first - self.field + 1), min(last, len(far.words) - self.field) + 1)
        with self.voiceover(
            Line(
                f"Here they stand {counted(far.apart, 'word')} apart: no window of "
                f"{self.field} holds both."
            )
        ) as clip:
            self.play_during(
                clip,
                self.near_group.animate.scale(1 / self.zoom).move_to(self.near_place),
                FadeIn(rows[0]),
                Transform(self.box, self.window(rows[0], slides[0], far)),
                end=0.25,
            )
            steps = [Transform(self.box, self.window(rows[0], k, far)) for k in slides[1:]]
            self.play_during(clip, Succession(*steps), start=0.3, end=0.95)
        self.wait(0.8)  # a hold on the last window, one animal in it
        with self.voiceover(
            Line(
                "Swap the two animals, and the CNN sees the very same windows; it pools them "
                "with no order, so it cannot tell the twins apart."
            )
        ) as clip:
            self.play_during(clip, FadeIn(rows[1]), FadeIn(tag), end=0.35)
            self.play_during(clip, FadeIn(note), start=0.5)
        with self.voiceover(
            Line(f"It answers “{traces[0].answer}” both times: wrong here, right on the twin.")
        ) as clip:
            rising = (FadeIn(a, shift=UP * theme.gaps.hair) for a in answers)
            self.play_during(clip, *rising, start=0.2, end=0.6)
        self.wait(1.0)  # a hold on the wrong answer
        with self.voiceover(Line("Self-attention, from chapter three, gets both right.")) as clip:
            rising = (FadeIn(c, shift=UP * theme.gaps.hair) for c in contrasts)
            self.play_during(clip, *rising, start=0.3, end=0.7)
        self.wait(1.0)  # a hold on the contrast
        self.answers, self.contrasts = answers, contrasts

    def evidence(self) -> None:
        """The measured accuracies on far-apart words, revealed a model at a time."""
        long_range = measurements().evidence.long_range
        models = [m for m, _ in self.compared]
        values = [long_range.accuracy_over(m, self.far_reaches) for m in models]
        chart = self.evidence_chart(values)
        chance = self.chance_line(chart)
        low, high = self.far_reaches.start, self.far_reaches.stop - 1
        title, source = self.evidence_notes(chart)
        frame, *bars = chart.animate_reveal([[k] for k in range(len(values))])
        narrow = values[models.index(self.narrow_model)]
        field = long_range.receptive_fields[self.narrow_model]
        with self.voiceover(
            Line(
                f"Where only a window of {low} to {high} words holds both deciding words, a CNN "
                f"that sees {field} words at once is right {narrow:.0%} of the time: a coin toss."
            )
        ) as clip:
            leaving = [m for m in self.mobjects if m is not self.current_heading]
            self.play_during(clip, *(FadeOut(m) for m in leaving), end=0.2)
            self.play_during(clip, FadeIn(title), FadeIn(source), frame, start=0.22, end=0.4)
            self.play_during(clip, bars[0], Create(chance[0]), FadeIn(chance[1]), start=0.55)
        self.wait(1.0)  # a hold on the coin toss
        wide, attention = values[1], values[2]
        wide_field = long_range.receptive_fields[models[1]]
        covered = f", whose {wide_field} words cover them," if high <= wide_field else ""
        with self.voiceover(
            Line(
                f"The five-layer CNN{covered} manages {wide:.0%}; self-attention, {attention:.0%}."
            )
        ) as clip:
            for bar, (start, end) in zip(bars[1:], ((0.05, 0.45), (0.55, 0.95)), strict=True):
                self.play_during(clip, bar, start=start, end=end)
        settle(self, chart)
        self.wait(0.6)
        with self.voiceover(
            Line(
                "A CNN relates distant words only once enough layers reach both: the layers "
                "needed grow with the distance, and beyond its field it cannot relate them at "
                "all. The next stop relates any two words at once."
            )
        ) as clip:
            self.play_during(
                clip, Indicate(chart.bar(0), color=current_theme().highlight), start=0.1, end=0.5
            )

    def evidence_chart(self, values: list[float]) -> ProbabilityBars:
        """Each compared model's accuracy, in its own colour, a little below the middle."""
        theme = current_theme()
        chart = ProbabilityBars(
            [name for _, name in self.compared],
            values,
            bar_width=self.evidence_bar_width,
            bar_height=self.evidence_bar_height,
            colors=[theme.model_color(m) for m, _ in self.compared],
            value_texts=[f"{v:.0%}" for v in values],
        )
        return chart.move_to(DOWN * self.evidence_drop)

    def chance_line(self, chart: ProbabilityBars) -> VGroup:
        """A dashed line at 50% across the chart's tracks, and its note below."""
        theme = current_theme()
        tracks = chart.tracks
        x = tracks[0].get_left()[0] + 0.5 * tracks[0].width
        overhang = theme.gaps.tight + theme.gaps.hair
        line = DashedLine(
            [x, tracks.get_top()[1] + overhang, 0],
            [x, tracks.get_bottom()[1] - overhang, 0],
            color=theme.muted,
        )
        note = flat_text("coin toss: 50%", theme.sizes.small, theme.muted)
        return VGroup(line, note.next_to(line, DOWN, buff=theme.gaps.hair))

    def evidence_notes(self, chart: ProbabilityBars) -> tuple[VMobject, VMobject]:
        """The chart's title above it, and where the measurement comes from at the foot."""
        theme = current_theme()
        long_range = measurements().evidence.long_range
        low, high = self.far_reaches.start, self.far_reaches.stop - 1
        title = flat_text(
            f"right answers on held-out sentences that need a window of {low} to {high} words",
            theme.sizes.label,
        ).next_to(chart, UP, buff=theme.gaps.large)
        source = flat_text(
            "measured: sentences with two animals where only their order decides, "
            f"{long_range.reach_counts[low]} per window size",
            theme.sizes.small,
            theme.muted,
        )
        return title, to_safe_edge(source, DOWN, theme.gaps.tight)
