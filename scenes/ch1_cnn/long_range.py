"""1.5: Long-range dependencies (scene ``long-range``).

``manim -ql scenes/ch1_cnn/long_range.py LongRangeDependencies``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import answer_said, question, verdict
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    ConvPyramid,
    Legend,
    ProbabilityBars,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


def covering(windows: np.ndarray, position: int) -> list[int]:
    """The outputs of one layer whose window covers word ``position``."""
    return [p for p, (start, end) in enumerate(windows) if start <= position <= end]


class LongRangeDependencies(DerivedScene):
    """1.5: in the dog sentence, *dog* and *tail* meet only in the top layer, live: the
    pyramid is the trained CNN's real layer count and windows (each output coloured by the
    words its window reaches, with a legend); the layer where they meet is computed from
    them; the prediction is the CNN's own, judged by the labeller; the accuracies are the
    measured evidence (``measurements().evidence.long_range``)."""

    short_name = "long-range"
    closing_hold = CHAPTER_END_HOLD
    in_gallery = True
    chapter = CHAPTER
    model_name = "cnn"
    sentence = "the dog spun around so fast that it caught its tail"
    fixed_example = "the dog/tail sentence of the video"
    beats = (Beat("1.5", "Long-range dependencies"),)
    first_word: str = "dog"
    second_word: str = "tail"
    far_reaches: range = range(6, 9)
    """The reaches (words a CNN must see at once) the evidence is averaged over."""
    narrow_model: str = "cnn2"
    shrunk: float = 0.76
    """The pyramid's scale once the CNN's answer stands beside it."""
    compared: tuple[tuple[str, str], ...] = (
        ("cnn2", "CNN, 2 layers: sees 5 words"),
        ("cnn", "CNN, 5 layers: sees 11 words"),
        ("attention", "self-attention (chapter 3)"),
    )
    """The models whose measured accuracy is shown, and their names on the chart."""
    chart_rise: float = 1.0
    """How far above the shrunk pyramid's middle the CNN's answer stands."""
    evidence_bar_width: float = 4.5
    evidence_bar_height: float = 0.5
    evidence_drop: float = 0.2
    """How far below the frame's middle the measured chart stands."""

    def construct(self) -> None:
        self.show_sentence()
        self.grow_receptive_fields()
        self.prediction()
        self.evidence()

    def show_sentence(self) -> None:
        theme = current_theme()
        self.beat("1.5")
        self.heading("Long-range dependencies")
        t = self.trace
        # the layer labels stand inside the pyramid, clear of the frame's edge, sized for
        # its later, smaller scale
        self.pyramid = ConvPyramid(
            t.tokens,
            t.windows,
            layer_gap=0.92,
            color=theme.outline,
            label_size=theme.sizes.tiny / self.shrunk,
            labels_beside=True,
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
        theme = current_theme()
        windows = self.trace.windows[k - 1]
        with_a, with_b = set(covering(windows, self.a)), set(covering(windows, self.b))
        animations = [
            FadeIn(VGroup(*(self.pyramid.edges_into(k, p) for p in range(len(windows))))),
            FadeIn(self.pyramid.layer_labels[k - 1]),
        ]
        for p in range(len(windows)):
            node = self.pyramid.node(k, p)
            if p in with_a and p in with_b:
                node.set_color(theme.reach_both).scale(1.7)
            elif p in with_a:
                node.set_color(theme.reach_first)
            elif p in with_b:
                node.set_color(theme.reach_second)
            else:
                node.set_color(theme.muted)
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

    def prediction(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            *answer_options(t),
            bar_width=1.8,
            color=theme.cnn,
            title=question(t.tokens),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        judged = flat_text(verdict(t), theme.sizes.small, theme.muted)
        bottom = self.pyramid.get_bottom()[1]
        with self.voiceover(Line(f"The trained CNN is asked: {question(t.tokens)}")) as clip:
            self.play_during(
                clip,
                self.pyramid.animate.scale(self.shrunk)
                .to_edge(LEFT, buff=theme.layout.margin + theme.gaps.small)
                .set_y(bottom, DOWN),
                start=0.1,
                end=0.35,
            )
            # in the room the shrunk pyramid leaves on the right, a little above its middle
            to_safe_edge(chart, RIGHT, theme.gaps.medium)
            chart.set_y(self.pyramid.get_y() + self.chart_rise)
            judged.next_to(chart, DOWN, buff=theme.gaps.small)
            self.play_during(clip, chart.animate_grow(), start=0.4)
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * theme.gaps.hair), start=0.4)
        self.wait(0.5)
        self.chart, self.judged = chart, judged

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
                f"Where the deciding words lie {low - 1} to {high - 1} apart, a CNN that sees "
                f"{field} words at once is right {narrow:.0%} of the time: a coin toss."
            )
        ) as clip:
            leaving = (self.pyramid, self.legend, self.chart, self.judged)
            self.play_during(clip, *(FadeOut(m) for m in leaving), end=0.2)
            self.play_during(clip, FadeIn(title), FadeIn(source), frame, start=0.22, end=0.4)
            self.play_during(clip, bars[0], Create(chance[0]), FadeIn(chance[1]), start=0.55)
        wide, attention = values[1], values[2]
        with self.voiceover(
            Line(
                f"The five-layer CNN manages {wide:.0%}; self-attention, from chapter three, "
                f"{attention:.0%}."
            )
        ) as clip:
            for bar, (start, end) in zip(bars[1:], ((0.05, 0.45), (0.55, 0.95)), strict=True):
                self.play_during(clip, bar, start=start, end=end)
        settle(self, chart)
        self.wait(0.6)
        with self.voiceover(
            Line("A CNN relates distant words late, and poorly. The next stop fixes that.")
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
        note = flat_text("coin toss: 50%", theme.sizes.tiny, theme.muted)
        return VGroup(line, note.next_to(line, DOWN, buff=theme.gaps.hair))

    def evidence_notes(self, chart: ProbabilityBars) -> tuple[VMobject, VMobject]:
        """The chart's title above it, and where the measurement comes from at the foot."""
        theme = current_theme()
        long_range = measurements().evidence.long_range
        low, high = self.far_reaches.start, self.far_reaches.stop - 1
        title = flat_text(
            f"right answers on held-out sentences whose deciding words lie {low - 1} to "
            f"{high - 1} words apart",
            theme.sizes.label,
        ).next_to(chart, UP, buff=theme.gaps.large)
        source = flat_text(
            "measured: sentences with two animals where only their order decides, "
            f"{long_range.reach_counts[low]} per distance",
            theme.sizes.tiny,
            theme.muted,
        )
        return title, to_safe_edge(source, DOWN, theme.gaps.tight)
