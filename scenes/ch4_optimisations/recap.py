"""4.10: The road, looked back on (scene ``recap``).

``manim -ql scenes/ch4_optimisations/recap.py Recap``
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from derived_transformer.model import MAX_WORDS
from derived_transformer.model.costs import compared_layers
from derived_transformer.model.metrics import measurements
from derived_transformer.model.timings import LayerTiming, layer_timings
from derived_transformer.narration import Line
from derived_transformer.narration.numbers import short_count
from derived_transformer.narration.spoken import percent, percent_span
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import (
    CHAPTER,
    HOLD,
    reveal_time,
    sentences,
    speed,
)
from derived_transformer.scenes.components import (
    RoadMap,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import flat_text, wrapped
from derived_transformer.scenes.theme import current_theme


@dataclass(frozen=True)
class RecapFigures:
    """The measured figures the recap states, one per stop of the road."""

    cnn_field: int
    cnn_beyond: tuple[float, float]
    cnn_within: tuple[float, float]
    order_free: float
    order_positions: float
    attention: float
    attention_wordings: float
    transformer: float
    transformer_wordings: float
    cost_n: int
    cost_attention: int
    cost_transformer: int
    timing: LayerTiming


class Recap(DerivedScene):
    """4.10: the road map once more, each stop with the flaw it fixed (or the one it found)
    and the figure that shows it: the training metrics, the counted multiply-adds
    (``model.costs``) and the measured wall time (``model.timings``)."""

    short_name = "recap"
    closing_hold = CHAPTER_END_HOLD
    chapter = CHAPTER
    beats = (Beat("4.10", "The road, looked back on"),)
    fixed_example = "the training run's metrics"

    def construct(self) -> None:
        self.figures = self.measured()
        self.the_road()
        self.closing()

    def measured(self) -> RecapFigures:
        measured = measurements()
        models, evidence = measured.models, measured.evidence
        long_range, order = evidence.long_range, evidence.word_order.by_model
        fields = long_range.receptive_fields
        field = fields["cnn2"]
        beyond = [v.accuracy for r, v in long_range.by_model["cnn2"].items() if r > field]
        within = [
            v.accuracy
            for m, field_m in fields.items()
            for r, v in long_range.by_model[m].items()
            if r <= field_m
        ]
        _, attention, transformer = compared_layers()
        timings = layer_timings()
        return RecapFigures(
            cnn_field=field,
            cnn_beyond=(min(beyond), max(beyond)),
            cnn_within=(min(within), max(within)),
            order_free=order["pairwise"].sentence_pairs.accuracy,
            order_positions=order["pairwise_positions"].sentence_pairs.accuracy,
            attention=models["attention"].new_sentences.overall.accuracy,
            attention_wordings=models["attention"].new_structures.overall.accuracy,
            transformer=models["transformer"].new_sentences.overall.accuracy,
            transformer_wordings=models["transformer"].new_structures.overall.accuracy,
            cost_n=MAX_WORDS,
            cost_attention=attention.at(MAX_WORDS),
            cost_transformer=transformer.at(MAX_WORDS),
            timing=timings.at(max(timings.batches), MAX_WORDS),
        )

    def notes(self) -> list[tuple[str, str]]:
        """Each stop's note: what it fixed or found, and the figure that shows it."""
        f = self.figures
        lo, hi = f.cnn_beyond
        weak_lo, weak_hi = f.cnn_within
        return [
            (
                "windows of 3 words",
                f"2 layers: {percent_span(lo, hi, 0)} past its {f.cnn_field}-word "
                f"field; {percent_span(weak_lo, weak_hi, 0)} within",
            ),
            (
                "fixed distance: every pair meets",
                f"order lost: {percent(f.order_free, 1)} of swapped sentences right; "
                f"{percent(f.order_positions, 1)} with positions",
            ),
            (
                "fixed the n² growth: weighted column sums",
                f"{percent(f.attention, 1)} of new sentences, "
                f"{percent(f.attention_wordings, 1)} of new structures",
            ),
            self.transformer_stop(),
        ]

    def transformer_stop(self) -> tuple[str, str]:
        """The last stop of :meth:`notes`: the transformer's cost, time and accuracy."""
        f = self.figures
        counted = (
            f"{short_count(f.cost_transformer)} multiply-adds vs "
            f"{short_count(f.cost_attention)} at {f.cost_n} words"
        )
        return (
            "the big network n times, not n²: linear pairs, bilinear scores",
            f"{counted}; {speed(f.timing)} on {sentences(f.timing)}; "
            f"{percent(f.transformer, 1)} right",
        )

    def line(self) -> Line:
        """The road said stop by stop, each stop named by the words :attr:`stop_words` lists."""
        f = self.figures
        return Line(
            "Looking back: the CNN, where far-apart words meet too late; pairwise convolutions, "
            f"which lose word order and grow as n²; self-attention, {percent(f.attention, 1)} "
            "right; and the transformer, "
            f"{percent(f.transformer, 1)}, with its big network run once per word.",
            spoken="Looking back: the CNN, where far-apart words meet too late; pairwise "
            "convolutions, which lose word order and grow as n squared; self-attention, "
            f"{percent(f.attention, 1)} right; and the transformer, "
            f"{percent(f.transformer, 1)}, with its big network run once per word.",
        )

    stop_words: tuple[str, ...] = ("the CNN", "pairwise", "self-attention", "the transformer")
    """The words of :meth:`line` at which each stop of the road is lit."""

    def the_road(self) -> None:
        """The road, then each stop lit with its note as the line names it."""
        theme = current_theme()
        self.beat("4.10")
        self.heading("The road, looked back on")
        self.road = RoadMap().move_to(UP * 1.9)
        self.stop_notes = VGroup()
        width = self.road.box(0).width + 0.45
        for k, (fixed, figure) in enumerate(self.notes()):
            box = self.road.box(k)
            note = VGroup(
                wrapped(fixed, theme.sizes.label, theme.text, width),
                wrapped(figure, theme.sizes.label, theme.highlight, width),
            ).arrange(DOWN, buff=theme.gaps.medium)
            note.next_to(box, DOWN, buff=theme.gaps.medium).set_x(box.get_x())
            self.stop_notes.add(note)
        with self.voiceover(self.line()) as clip:
            self.play(FadeIn(self.road), run_time=0.8)
            starts = [clip.at(words) for words in self.stop_words]
            ends = [*starts[1:], 1 - HOLD / clip.duration]
            for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
                self.play_during(
                    clip,
                    self.road.animate_focus(k),
                    FadeIn(self.stop_notes[k], shift=UP * 0.2),
                    start=start,
                    end=end,
                )

    def closing(self) -> None:
        line = Line("That is the transformer, derived.")
        theme = current_theme()
        note = flat_text(
            "every figure: measured or counted on the models built for this video",
            theme.sizes.small,
            theme.muted,
        )
        to_safe_edge(note, DOWN, theme.gaps.small)
        with self.voiceover(line) as clip:
            self.play(FadeIn(note, shift=UP * 0.2), run_time=1.0)
            self.play(
                *(
                    box.frame.animate.set_stroke(opacity=1).set_fill(opacity=0.12)
                    for box in self.road.boxes
                ),
                *(box[1].animate.set_opacity(1) for box in self.road.boxes),
                run_time=reveal_time(clip, 1.0),
            )
