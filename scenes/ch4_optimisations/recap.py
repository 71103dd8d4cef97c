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
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER, sentences, speed
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
    chapter = CHAPTER
    beats = (Beat("4.10", "The road, looked back on"),)
    fixed_example = "the training run's metrics"

    def construct(self) -> None:
        self.figures = self.measured()
        self.the_road()
        self.each_stop()
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
            order_free=order["pairwise"].pairs_both_right,
            order_positions=order["pairwise_positions"].pairs_both_right,
            attention=models["attention"].new_sentences.overall.accuracy,
            attention_wordings=models["attention"].new_structures.overall.accuracy,
            transformer=models["transformer"].new_sentences.overall.accuracy,
            transformer_wordings=models["transformer"].new_structures.overall.accuracy,
            cost_n=MAX_WORDS,
            cost_attention=attention.at(MAX_WORDS),
            cost_transformer=transformer.at(MAX_WORDS),
            timing=timings.at(max(timings.batches), MAX_WORDS),
        )

    def notes(self) -> list[tuple[str, str, Line]]:
        f = self.figures
        lo, hi = f.cnn_beyond
        weak_lo, weak_hi = f.cnn_within
        return [
            (
                "windows of 3 words",
                f"2 layers: {percent(lo, 0)}–{percent(hi, 0)} past its {f.cnn_field}-word "
                f"field; {percent(weak_lo, 0)}–{percent(weak_hi, 0)} within",
                Line(
                    "The CNN looks at a few neighbouring words at a time. Its flaw: far-apart "
                    "words meet too late. Here the CNNs were weak at every reach, and at chance "
                    "past their field."
                ),
            ),
            (
                "fixed distance: every pair meets",
                f"order lost: {percent(f.order_free, 1)} of swapped pairs right; "
                f"{percent(f.order_positions, 1)} with positions",
                Line(
                    "The pairwise convolution fixed distance: every pair of words meets. Its "
                    "flaws: word order is lost, and the pairs multiply, n² at every layer."
                ),
            ),
            (
                "fixed the n² growth: weighted column sums",
                f"{percent(f.attention, 1)} of new sentences, "
                f"{percent(f.attention_wordings, 1)} of new structures",
                Line(
                    "Self-attention fixed the growth: each column of pairs becomes one vector "
                    "again, a sum weighted by scores, so it does not blur. It answers "
                    f"{percent(f.attention, 1)} of new sentences right."
                ),
            ),
            self.transformer_stop(),
        ]

    def transformer_stop(self) -> tuple[str, str, Line]:
        """The last stop of :meth:`notes`: the transformer's cost, time and accuracy."""
        f = self.figures
        more = f.cost_transformer > f.cost_attention
        counted = (
            f"{short_count(f.cost_transformer)} multiply-adds vs "
            f"{short_count(f.cost_attention)} at {f.cost_n} words"
        )
        timed = f"{speed(f.timing)} on {sentences(f.timing)}"
        said = (
            "it needs more multiply-adds than pairwise self-attention, "
            if more
            else "it needs fewer multiply-adds than pairwise self-attention, "
        )
        joiner = "yet" if f.timing.transformer_wins == more else "and"
        return (
            "the big network n times, not n²: linear pairs, bilinear scores",
            f"{counted}; {timed}; {percent(f.transformer, 1)} right",
            Line(
                "The transformer runs its big network once per word, with linear pair vectors "
                f"and bilinear scores. As our code counts them, {said}{joiner} it runs "
                f"{timed}. It answers {percent(f.transformer, 1)} of new sentences right."
            ),
        )

    def the_road(self) -> None:
        self.beat("4.10")
        self.heading("The road, looked back on")
        self.road = RoadMap().move_to(UP * 1.9)
        with self.voiceover(Line("Looking back along the road:")) as clip:
            self.play(FadeIn(self.road), run_time=min(1.5, clip.duration))

    def each_stop(self) -> None:
        theme = current_theme()
        self.stop_notes = VGroup()
        width = self.road.box(0).width + 0.45
        for k, (fixed, figure, line) in enumerate(self.notes()):
            box = self.road.box(k)
            note = VGroup(
                wrapped(fixed, theme.sizes.label, theme.text, width),
                wrapped(figure, theme.sizes.label, theme.highlight, width),
            ).arrange(DOWN, buff=theme.gaps.medium)
            note.next_to(box, DOWN, buff=theme.gaps.medium).set_x(box.get_x())
            self.stop_notes.add(note)
            with self.voiceover(line) as clip:
                self.play(
                    self.road.animate_focus(k),
                    FadeIn(note, shift=UP * 0.1),
                    run_time=min(1.5, clip.duration),
                )

    def closing(self) -> None:
        line = Line(
            "Each step fixed the flaw of the one before, and every number on the way came from "
            "the models themselves. That is the transformer, derived."
        )
        theme = current_theme()
        note = flat_text(
            "every figure: measured or counted on the models built for this video",
            theme.sizes.small,
            theme.muted,
        )
        to_safe_edge(note, DOWN, theme.gaps.small)
        with self.voiceover(line) as clip:
            self.play(self.road.animate_focus(3), FadeIn(note), run_time=min(1.0, clip.duration))
            self.play(
                *(
                    box.frame.animate.set_stroke(opacity=1).set_fill(opacity=0.12)
                    for box in self.road.boxes
                ),
                *(box[1].animate.set_opacity(1) for box in self.road.boxes),
                run_time=min(1.0, max(clip.duration - 1.0, 0.1)),
            )
