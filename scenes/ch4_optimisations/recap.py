"""4.10: The road, looked back on (scene ``recap``).

``manim -ql scenes/ch4_optimisations/recap.py Recap``
"""

from __future__ import annotations

from dataclasses import dataclass

from manim import *

from derived_transformer.model import MAX_WORDS
from derived_transformer.model.costs import compared_layers
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent, percent_span
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import (
    CHAPTER,
    HOLD,
    reveal_time,
)
from derived_transformer.scenes.components import RoadMap
from derived_transformer.scenes.components.roadmap import STAGES
from derived_transformer.scenes.components.stop_pictures import STOP_PICTURES
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import flat_text, wrapped
from derived_transformer.scenes.theme import current_theme


@dataclass(frozen=True)
class RecapFigures:
    """The measured figures the recap states and says."""

    cnn_field: int
    cnn_beyond: tuple[float, float]
    attention: float
    transformer: float
    cost_n: int
    cost_attention: int
    cost_transformer: int


class Recap(DerivedScene):
    """4.10: the road map once more, each stop with the flaw it fixed (or the one it found)
    and the figure that shows it, said as it is lit: the training metrics and the counted
    multiply-adds (``model.costs``)."""

    short_name = "recap"
    closing_hold = CHAPTER_END_HOLD
    chapter = CHAPTER
    beats = (Beat("4.10", "The road, looked back on"),)
    fixed_example = "the training run's metrics"
    road_height: float = 2.4
    """The height of the road's boxes, each with a picture of its stop."""

    def construct(self) -> None:
        self.figures = self.measured()
        self.the_road()
        self.closing()

    def measured(self) -> RecapFigures:
        measured = measurements()
        models, long_range = measured.models, measured.evidence.long_range
        field = long_range.receptive_fields["cnn2"]
        beyond = [v.accuracy for r, v in long_range.by_model["cnn2"].items() if r > field]
        _, attention, transformer = compared_layers()
        return RecapFigures(
            cnn_field=field,
            cnn_beyond=(min(beyond), max(beyond)),
            attention=models["attention"].new_structures.overall.accuracy,
            transformer=models["transformer"].new_structures.overall.accuracy,
            cost_n=MAX_WORDS,
            cost_attention=attention.at(MAX_WORDS),
            cost_transformer=transformer.at(MAX_WORDS),
        )

    def notes(self) -> list[tuple[str, str]]:
        """Each stop's note: what it fixed or found, and the figure that shows it, each
        figure one that :meth:`line` says."""
        f = self.figures
        lo, hi = f.cnn_beyond
        return [
            (
                "windows of 3 words",
                f"2 layers: {percent_span(lo, hi, 0)} right past its {f.cnn_field}-word field",
            ),
            ("fixed distance: every pair meets", "but word order is lost, and n² vectors grow"),
            (
                "fixed the n² growth: weighted column sums",
                f"{percent(f.attention, 1)} right on structures never trained",
            ),
            (
                "the big network n times, not n²: linear pairs, bilinear scores",
                f"{self.fewer} times fewer multiply-adds at {f.cost_n} words; "
                f"{percent(f.transformer, 1)} right",
            ),
        ]

    @property
    def fewer(self) -> str:
        """How many times fewer multiply-adds the transformer layer needs than pairwise
        self-attention, at :attr:`RecapFigures.cost_n` words."""
        f = self.figures
        return f"{f.cost_attention / f.cost_transformer:.0f}"

    def line(self) -> Line:
        """The road said stop by stop, each stop named by the words :attr:`stop_words` lists,
        every figure of the notes said."""
        f = self.figures
        lo, hi = f.cnn_beyond
        cnn = f"the CNN, {percent_span(lo, hi, 0)} right past its field"
        rest = (
            f"self-attention, {percent(f.attention, 1)} right on structures never trained; the "
            f"transformer, {percent(f.transformer, 1)}, with {self.fewer} times fewer "
            f"multiply-adds at {f.cost_n} words."
        )
        return Line(
            f"Looking back: {cnn}; pairwise convolutions, which lose word order and grow as n²; "
            + rest,
            spoken=f"Looking back: {cnn}; pairwise convolutions, which lose word order and grow "
            "as n squared; " + rest,
        )

    stop_words: tuple[str, ...] = ("the CNN", "pairwise", "self-attention", "the transformer")
    """The words of :meth:`line` at which each stop of the road is lit."""

    def the_road(self) -> None:
        """The road, then each stop lit with its note as the line names it."""
        theme = current_theme()
        self.beat("4.10")
        self.heading("The road, looked back on")
        self.road = RoadMap(
            height=self.road_height,
            contents=[
                picture(theme.model_color(model))
                for picture, (_, model) in zip(STOP_PICTURES, STAGES, strict=True)
            ],
        )
        self.road.next_to(self.current_heading, DOWN, buff=theme.gaps.medium)
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
            self.play(self.road.animate_all_lit(), run_time=reveal_time(clip, 1.0))
