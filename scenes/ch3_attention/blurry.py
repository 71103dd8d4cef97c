"""3.2: Summing loses information (scene ``blurry``).

``manim -ql scenes/ch3_attention/blurry.py BlurryMess``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import AttentionTrace, links
from derived_transformer.narration import Line
from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import (
    CHAPTER,
    HOLD,
    column_caption,
    column_pairs,
    focus_row,
    length,
    pair_name,
    pair_vector_scale,
)
from derived_transformer.scenes.components import (
    SHAPES,
    ColorKey,
    PixelGrid,
    ProbabilityBars,
    VectorColumn,
    shape_picture,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


def deciding_row(t: AttentionTrace) -> tuple[int, str]:
    """The row of the pair that matters in the last word's column, and why it is that row:
    the labeller's answer when it is another word of the sentence, else the row the trained
    model weighs most."""
    target = links(t.sentence).targets[-1]
    if target is not None and target != t.n - 1:
        return target, "decides the answer"
    return focus_row(t, t.n - 1), "is the one the trained model weighs most"


class BlurryMess(DerivedScene):
    """3.2: summing loses information: the average of pictures is a blur (generated
    pictures, an illustration), and, live, the lengths of the pair that matters and of the
    other pairs added up, in the last word's column of the attention model.

    ``shown_components``: how many components of each pair vector are drawn.

    ``shapes``: the generated pictures averaged into a blur."""

    short_name = "blurry"
    min_words = 2
    chapter = CHAPTER
    beats = (Beat("3.2", "Summing loses information"),)
    shapes: tuple[str, ...] = SHAPES
    shown_components: int = 12

    def construct(self) -> None:
        self.pictures()
        self.average()
        self.a_column_of_vectors()
        self.the_pair_that_matters()
        self.lengths()

    def pictures(self) -> None:
        theme = current_theme()
        self.beat("3.2")
        self.heading("Summing loses information")
        images = [shape_picture(kind) for kind in self.shapes]
        self.images = images
        self.pictures_shown = VGroup(*(PixelGrid(image, pixel_size=0.16) for image in images))
        self.pictures_shown.arrange(RIGHT, buff=theme.gaps.medium).move_to(UP * 1.3)
        note = flat_text("generated pictures: an illustration", theme.sizes.small, theme.muted)
        note.next_to(self.pictures_shown, UP, buff=theme.gaps.small)
        with self.voiceover(Line("But adding things up loses information.")) as clip:
            self.play(
                LaggedStart(*(FadeIn(p) for p in self.pictures_shown), lag_ratio=0.15),
                FadeIn(note),
                run_time=clip.duration,
            )

    def average(self) -> None:
        theme = current_theme()
        average = PixelGrid(np.mean(self.images, axis=0), pixel_size=0.24).move_to(DOWN * 1.6)
        caption = flat_text("their average", theme.sizes.small, theme.muted)
        caption.next_to(average, RIGHT, buff=theme.gaps.small)
        line = Line(f"Average these {len(self.images)} pictures, and you get a blur.")
        with self.voiceover(line) as clip:
            self.play(
                *(ReplacementTransform(p.copy(), average) for p in self.pictures_shown),
                run_time=clip.duration * 0.75,
            )
            self.play(FadeIn(caption), run_time=clip.duration * 0.25)
        self.wait(HOLD)

    def a_column_of_vectors(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        d = t.pair_vectors.shape[-1]
        shown = tuple(range(min(self.shown_components, d)))
        self.scale = pair_vector_scale(self)
        self.rows, self.row_words = column_pairs(t, j, shown, self.scale, theme.sizes.cell)
        self.rows.move_to(LEFT * 2.6 + DOWN * 0.35)
        for words, row in zip(self.row_words, self.rows, strict=True):
            words.next_to(row, LEFT, buff=theme.gaps.small)
        caption = column_caption(t, j, shown).next_to(self.rows, DOWN, buff=theme.gaps.tight)
        self.key = ColorKey(self.scale, title="pair vector component", width=2.0)
        self.key.next_to(caption, DOWN, buff=theme.gaps.small)
        line = Line(f"The same happens to vectors, like the column of {word_at(t.tokens, j)}.")
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.rows),
                FadeIn(self.row_words),
                FadeIn(caption),
                FadeIn(self.key),
                run_time=clip.duration - 0.5,
            )

    def the_pair_that_matters(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.focus, why = deciding_row(t)
        i = self.focus
        self.outline = SurroundingRectangle(
            VGroup(self.rows[i], self.row_words[i]), color=theme.highlight, buff=theme.gaps.hair
        )
        line = Line(f"The pair {pair_name(t.tokens[i], t.tokens[j])} {why}.")
        with self.voiceover(line) as clip:
            self.play(
                Create(self.outline),
                self.row_words[i].animate.set_color(theme.highlight),
                run_time=min(1.2, clip.duration),
            )

    def lengths(self) -> None:
        theme = current_theme()
        t = self.trace
        i, j = self.focus, t.n - 1
        rest = t.column_sums[j] - t.pair_vectors[i, j]
        self.pair_length, self.rest_length = length(t.pair_vectors[i, j]), length(rest)
        longest = max(self.pair_length, self.rest_length)
        others = t.n - 1
        self.chart = ProbabilityBars(
            [pair_name(short_word_at(t.tokens, i), t.tokens[j]), f"the other {others}, added"],
            [self.pair_length / longest, self.rest_length / longest],
            value_texts=[f"{self.pair_length:.1f}", f"{self.rest_length:.1f}"],
            colors=[theme.highlight, theme.muted],
            bar_width=2.6,
            title="length of the vector",
        )
        self.chart.move_to(RIGHT * 3.6 + UP * 0.3)
        others = [self.rows[r] for r in range(t.n) if r != i]
        ratio = self.rest_length / self.pair_length
        verdict = "it is drowned out" if ratio > 1 else "with more words, they would drown it out"
        line = Line(
            f"Its vector has length {self.pair_length:.1f}; the other {len(others)} pairs, "
            f"added up, {self.rest_length:.1f}: {verdict}."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.chart.title),
                FadeIn(self.chart.word_labels),
                FadeIn(self.chart.tracks),
                run_time=0.4,
            )
            # four plays after the first, each rounded up to whole frames: 0.4 s to spare,
            # and the verdict's last fifth of the line
            moving = clip.duration * 0.8 - 0.8
            self.into_bar([self.rows[i]], 0, moving * 0.4)
            self.into_bar(others, 1, moving * 0.6)
            settle(self, self.chart)
            self.play_during(
                clip, Indicate(self.chart.bar(1), color=theme.text, scale_factor=1.05), start=0.8
            )
        self.wait(HOLD)

    def into_bar(self, pieces: list[VectorColumn], k: int, run_time: float) -> None:
        """Copies of ``pieces`` travel under the chart (clear of its labels), gather below
        bar ``k`` and rise into it; the bar and its number then stay drawn."""
        bar, track = self.chart.bar(k), self.chart.tracks[k]
        # docked below the bar's track and no wider than it, so the rise into the bar never
        # brushes the labels to its left
        below = self.chart.get_bottom()[1] - current_theme().gaps.wide
        dock = np.array([track.get_center()[0], below, 0.0])
        copies = [piece.copy() for piece in pieces]
        ghost = bar.copy()
        self.play(
            LaggedStart(
                *(
                    c.animate(path_arc=0.7)
                    .scale(min(0.6, 0.8 * track.width / c.width))
                    .move_to(dock)
                    for c in copies
                ),
                lag_ratio=0.1,
            ),
            run_time=run_time * 0.6,
        )
        # only the last copy's cells rise (its other parts would be stretched into outlines)
        rising = copies[-1].cells
        self.remove(copies[-1])
        self.add(rising)
        self.play(
            ReplacementTransform(rising, ghost),
            *(FadeOut(c) for c in copies[:-1]),
            FadeIn(self.chart.value_label(k)),
            run_time=run_time * 0.4,
        )
        self.remove(ghost)
        self.add(bar)
