"""4.9: The evidence (scene ``evidence``).

``manim -ql scenes/ch4_optimisations/evidence.py Evidence``
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import numpy as np
from manim import *

from derived_transformer.model.metrics import measurements
from derived_transformer.model.vocab import MAX_WORDS
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent, percent_span
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER, HOLD, listed
from derived_transformer.scenes.components import (
    LineChart,
)
from derived_transformer.scenes.layout import within_safe_width
from derived_transformer.scenes.text import flat_text, flat_text_row
from derived_transformer.scenes.theme import current_theme


def chance_from(scores: Mapping[int, float], margin: float = 0.1) -> int | None:
    """The first reach from which every score is within ``margin`` of 50%: where a line
    settles at chance (``None`` if its last score is not).

    >>> chance_from({5: 0.99, 6: 0.7, 7: 0.55, 8: 0.45})
    7
    >>> chance_from({5: 0.99, 6: 0.9}) is None
    True
    """
    reaches = sorted(scores)
    settled = None
    for r in reversed(reaches):
        if abs(scores[r] - 0.5) > margin:
            break
        settled = r
    return settled


class Evidence(DerivedScene):
    """4.9: the evidence measured in the training run (beyond the video), from
    ``measurements().evidence``: accuracy against reach for CNNs of 2 to 5 layers and the
    attention models, each line drawn in turn and named at its end, each CNN's field marked
    as it is named. (Word order is measured in 2.5, the cost against sentence length on
    4.1's plot.)

    ``cnn_styles``: each CNN's colour (its purple moved towards blue, pink or white: hues
    apart at a glance) and its filled marker; ``other_markers``: the attention models'
    markers, hollow and of two sizes, so that where they and a CNN meet at 100% all three
    show, nested, at the values plotted; ``short_names``: the names at the lines' ends.

    ``long_range_models``: the models charted against reach (drawn in this order, the last
    on top)."""

    short_name = "evidence"
    chapter = CHAPTER
    beats = (Beat("4.9", "The evidence"),)
    fixed_example = "the held-out test sets of the training run"
    long_range_models: tuple[str, ...] = ("cnn2", "cnn3", "cnn4", "cnn", "transformer", "attention")
    cnn_styles: ClassVar[dict[str, tuple[str, float, str]]] = {
        "cnn2": ("positive", 0.9, "circle"),
        "cnn3": ("cnn", 0.0, "square"),
        "cnn4": ("#c040ff", 0.7, "triangle"),
        "cnn": ("#ffffff", 0.78, "diamond"),
    }
    """Each CNN: the colour its purple is moved towards (a theme colour's name or a hex), how
    far, and its marker."""
    other_markers: ClassVar[dict[str, str]] = {"attention": "ring", "transformer": "box"}
    short_names: ClassVar[dict[str, str]] = {
        "attention": "self-attention",
        "transformer": "transformer",
    }
    chart_width = 9.6
    chart_height = 3.9
    note_height = 0.3
    """Where, as a value, the note on the sentences only the CNNs read sits (below every
    line there)."""

    def construct(self) -> None:
        measured = measurements()
        self.evidence = measured.evidence
        self.titles = {n: m.title for n, m in measured.models.items()}
        self.beat("4.9")
        self.heading("The evidence")
        self.long_range()

    def cnn_color(self, name: str) -> str:
        theme = current_theme()
        towards, share, _ = self.cnn_styles[name]
        target = getattr(theme, towards, towards)
        color = interpolate_color(ManimColor(theme.cnn), ManimColor(target), share)
        return color.to_hex().lower()

    def model_color(self, name: str) -> str:
        """A model's colour here: the self-attention accent for the attention models (never
        the diverging map's negative end), the CNNs by depth, others their own."""
        theme = current_theme()
        if name in self.cnn_styles:
            return self.cnn_color(name)
        if name.startswith("attention"):
            return theme.attention
        return theme.model_color(name)

    def model_marker(self, name: str) -> str:
        return self.cnn_styles[name][2] if name in self.cnn_styles else self.other_markers[name]

    def end_name(self, name: str) -> str:
        """A line's name at its end: ``2-layer CNN`` (the layers from its field), or the
        model's short name."""
        fields = self.evidence.long_range.receptive_fields
        if name in fields:
            return f"{(fields[name] - 1) // 2}-layer CNN"
        return self.short_names[name]

    def long_range(self) -> None:
        """Accuracy against reach: the chart's frame, each CNN with its field, then the
        attention models."""
        data = self.evidence.long_range
        reaches = sorted(data.reach_counts)
        values = np.array(
            [
                [data.by_model[m][r].accuracy if r in data.by_model[m] else np.nan for r in reaches]
                for m in self.long_range_models
            ]
        )
        self.reaches = reaches
        self.long_range_chart = self.reach_chart(reaches, values)
        self.far_apart_words()
        self.cnn_lines([m for m in self.long_range_models if m in data.receptive_fields])
        self.attention_lines()

    def reach_chart(self, reaches: list[int], values: np.ndarray) -> LineChart:
        """One line per model of accuracy against reach, its marker its own, its name at its
        end; each CNN's field marked in its colour; chance under its line at the left, where
        every line is above it; the reaches only the CNNs read noted below their lines."""
        theme = current_theme()
        data = self.evidence.long_range
        chart = LineChart(
            [str(r) for r in reaches],
            [self.end_name(m) for m in self.long_range_models],
            values,
            [self.model_color(m) for m in self.long_range_models],
            width=self.chart_width,
            height=self.chart_height,
            x_title="reach: the window, in words, that tells the twins apart",
            dashed=[m.startswith("attention") for m in self.long_range_models],
            markers=[self.model_marker(m) for m in self.long_range_models],
            # the names of the lines that end early (the models that read up to 24 words)
            # past the widest field, where every CNN line is down at chance far below them
            names_after=max(data.receptive_fields.values()) - reaches[0] + 0.5,
        )
        chart.move_to(DOWN * 0.25).to_edge(LEFT, buff=theme.layout.margin + theme.gaps.large)
        first = reaches[0]
        self.field_marks = {
            m: chart.mark(data.receptive_fields[m] - first, f"field {data.receptive_fields[m]}",
                          self.cnn_color(m), up_to=0.8)
            for m in self.long_range_models
            if m in data.receptive_fields
        }  # fmt: skip
        self.chance = chart.level(0.5, "chance 50%")
        read = [max(data.by_model[m]) for m in self.long_range_models if m not in self.cnn_styles]
        last_read = min(read)
        self.cnns_only = flat_text(
            f"from reach {last_read + 1}: over {MAX_WORDS} words, CNNs only",
            theme.sizes.tiny,
            theme.muted,
        )
        # right of the widest field's mark, so that no mark crosses it
        widest = max(data.receptive_fields.values())
        self.cnns_only.move_to(chart.point_at((widest + 0.5 + reaches[-1]) / 2 - first, 0))
        self.cnns_only.set_y(chart.point_at(0, self.note_height)[1])
        self.last_read = last_read
        return chart

    def twins(self) -> VGroup:
        """The measured example of reach 5, a sentence over its twin, above the chart, one row
        of words each; the two animals (the words that differ) in the colours of a
        window's two ends."""
        theme = current_theme()
        first, second = (sentence.split() for sentence in self.evidence.long_range.example)
        differ = [k for k, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        rows = VGroup()
        for words in (first, second):
            row = VGroup(*flat_text_row(words, theme.sizes.small, theme.muted))
            for k, color in zip(differ, (theme.reach_first, theme.reach_second), strict=True):
                row[k].set_color(color)
            rows.add(row)
        rows.arrange(DOWN, buff=theme.gaps.tight, aligned_edge=LEFT)
        return rows.next_to(self.long_range_chart.axes, UP, buff=theme.gaps.large)

    def far_apart_words(self) -> None:
        """The chart's frame: axes, ticks and chance, no lines yet; a sentence and its twin
        above it."""
        chart = self.long_range_chart
        self.example = self.twins()
        line = Line(
            "The evidence. First, far-apart words: each test sentence has a twin with the other "
            "answer, and only a window as wide as its reach tells the two apart."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(chart.grid_lines),
                FadeIn(chart.axes),
                FadeIn(chart.tick_labels),
                FadeIn(chart.x_title),
                run_time=1.5,
            )
            self.play_during(
                clip, FadeIn(self.example[0], shift=DOWN * 0.1),
                start=clip.at("each test"), end=clip.at("a twin"),
            )  # fmt: skip
            self.play_during(
                clip, FadeIn(self.example[1], shift=DOWN * 0.1), end=clip.at("and only")
            )
            self.play_during(
                clip, Create(self.chance[0]), FadeIn(self.chance[1]), start=clip.at("and only"),
                end=1 - HOLD / clip.duration,
            )  # fmt: skip

    def cnn_lines(self, names: list[str]) -> None:
        """The CNNs in one line, each field marked and each line drawn in turn as the line
        goes; what the lines show, said for all of them at once: each one's field, its best
        score inside it and the reach from which it stays at chance."""
        data = self.evidence.long_range
        fields = [data.receptive_fields[name] for name in names]
        bests, falls = [], []
        for name, field in zip(names, fields, strict=True):
            scores = {r: s.accuracy for r, s in data.by_model[name].items()}
            bests.append(percent(max(v for r, v in scores.items() if r <= field), 0))
            settled = chance_from(scores)
            falls.append("never" if settled is None else str(settled))
        line = Line(
            f"The CNNs, fields of {listed([str(f) for f in fields])} words: their best inside "
            f"them, {listed(bests)}; at chance from reach {listed(falls)}."
        )
        chart = self.long_range_chart
        with self.voiceover(line) as clip:
            start, end = clip.at("fields"), 1 - HOLD / clip.duration
            step = (end - start) / len(names)
            for k, name in enumerate(names):
                mark = self.field_marks[name]
                self.play_during(
                    clip,
                    Create(mark[0]),
                    FadeIn(mark[1]),
                    chart.animate_line(self.long_range_models.index(name)),
                    start=start + k * step,
                    end=start + (k + 1) * step,
                )

    def attention_lines(self) -> None:
        """The attention models drawn together, high at every reach they read; the summary
        under the chart."""
        theme = current_theme()
        data = self.evidence.long_range
        fields = data.receptive_fields
        others = [m for m in self.long_range_models if m not in fields]
        scores = [s.accuracy for m in others for s in data.by_model[m].values()]
        low, high = min(scores), max(scores)
        within = [
            s.accuracy
            for m, field in fields.items()
            for r, s in data.by_model[m].items()
            if r <= field
        ]
        summary = VGroup(
            flat_text(
                f"CNNs within their fields: {percent_span(min(within), max(within), 0)}"
                f"  ·  attention, every reach up to {self.last_read}: "
                f"{percent_span(low, high, 1)}",
                theme.sizes.small,
                theme.text,
            ),
            flat_text(
                f"each point: {min(data.reach_counts.values())} test sentences, "
                "half of them the twins of the others",
                theme.sizes.tiny,
                theme.muted,
            ),
        ).arrange(DOWN, buff=theme.gaps.hair)
        summary.next_to(self.long_range_chart.x_title, DOWN, buff=theme.gaps.small)
        within_safe_width(summary)
        spoken = percent_span(low, high, 1).replace("–", " to ")
        line = Line(
            f"Self-attention and the transformer: {spoken} at "
            f"every reach up to {self.last_read}; beyond, the sentences outgrow the {MAX_WORDS} "
            "words they were trained on."
        )
        chart = self.long_range_chart
        drawn = [chart.animate_line(self.long_range_models.index(m)) for m in others]
        with self.voiceover(line) as clip:
            longer = clip.at("beyond")
            self.play_during(clip, LaggedStart(*drawn, lag_ratio=0.5), end=longer)
            self.play_during(
                clip, FadeIn(self.cnns_only), FadeIn(summary, shift=UP * 0.1),
                start=longer, end=1 - HOLD / clip.duration,
            )  # fmt: skip
        self.long_range_summary = summary
