"""Chapter 3, self-attention: from n^2 pair vectors back to n, by importance-weighted sums.
Narrated: each animation runs while its line is spoken.

``manim -ql scenes/ch3_attention.py TwoNetworks`` (and the other scenes below).
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import AttentionTrace, links, read_metrics
from derived_transformer.model.labels import word_classes
from derived_transformer.model.report import read_ablations
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, Chapter, DerivedScene
from derived_transformer.scenes.components import (
    SHAPES,
    ColorKey,
    Heatmap,
    NetworkGlyph,
    PairGrid,
    PixelGrid,
    ProbabilityBars,
    SoftmaxColumn,
    TokenRow,
    VectorColumn,
    shape_picture,
)
from derived_transformer.scenes.task import verdict
from derived_transformer.scenes.text import counted, format_value, label
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color
from derived_transformer.scenes.words import RELATIONS, short_word_at, word_at

CHAPTER = Chapter(3, "Self-attention")
TREE = "there was a tree on fire and it was roaring"
LION = "there was a lion on fire and it was roaring"


def focus_row(t: AttentionTrace, column: int) -> int:
    """The row the trained model gives the largest relative importance in ``column``."""
    return int(np.argmax(t.importances[:, column]))


def deciding_row(t: AttentionTrace) -> tuple[int, str]:
    """The row of the pair that matters in the last word's column, and why it is that row:
    the labeller's answer when it is another word of the sentence, else the row the trained
    model weighs most."""
    target = links(t.sentence).targets[-1]
    if target is not None and target != t.n - 1:
        return target, "decides the answer"
    return focus_row(t, t.n - 1), "is the one the trained model weighs most"


SCALE_COMPONENTS = 12
"""Pair vectors are drawn from their first components only (at most this many): the one
colour scale of the chapter's pair vectors covers these."""


def pair_vector_scale(scene: DerivedScene) -> float:
    """One colour scale for every pair vector of the chapter: the largest magnitude among the
    first ``SCALE_COMPONENTS`` components of every pair vector of the tree and lion sentences
    and of the scene's own sentence, so one pair keeps one colour from scene to scene."""
    sentences = dict.fromkeys((TREE, LION, scene.sentence))
    vectors = [scene.trace_of(s).pair_vectors[..., :SCALE_COMPONENTS] for s in sentences]
    return color_scale(np.concatenate([v.reshape(-1) for v in vectors]))


def positional_labels(tokens: list[str]) -> list[str]:
    """Axis labels: each word, with its position where it repeats (“was (2)”)."""
    return [short_word_at(tokens, i) for i in range(len(tokens))]


def length(vector: np.ndarray) -> float:
    """A vector's length (Euclidean norm)."""
    return float(np.linalg.norm(vector))


def pair_name(first: str, second: str) -> str:
    return f"({first}, {second})"


def strips(
    vectors: np.ndarray, shown: tuple[int, ...], value_scale: float, cell_size: float
) -> VGroup:
    """One horizontal strip of cells per vector (the components ``shown``), stacked, on one
    colour scale."""
    group = VGroup(
        *(
            VectorColumn(
                v,
                shown=shown,
                show_indices=False,
                compact=True,
                orientation="horizontal",
                value_scale=value_scale,
                cell_size=cell_size,
            )
            for v in vectors
        )
    )
    return group.arrange(DOWN, buff=cell_size * 0.45)


def slide_into(
    pieces: list[VectorColumn], total: VectorColumn
) -> tuple[Animation, Animation, list[VectorColumn]]:
    """Vectors added into ``total`` (drawn with the same components): copies of ``pieces``
    slide straight onto ``total``'s place one after another (the first animation), then merge
    into it, the last copy recolouring in place cell by cell while the others fade under it
    (the second). Returns both animations and the copies."""
    copies = [piece.copy() for piece in pieces]
    slide = LaggedStart(*(c.animate.move_to(total) for c in copies), lag_ratio=0.12)
    merge = AnimationGroup(
        ReplacementTransform(copies[-1], total),
        *(FadeOut(c) for c in copies[:-1]),
    )
    return slide, merge, copies


def column_to_importances(heat: Heatmap, importances: np.ndarray, j: int) -> Animation:
    """Column ``j`` of a score heatmap recoloured in place to its relative importances (on the
    one-sided scale 0 to 1); the caller sets the heatmap's ``values`` and ``value_scale``
    once every column has turned."""
    return AnimationGroup(
        *(
            heat.cell(i, j).animate.set_fill(value_to_color(importances[i, j], 1.0), opacity=1)
            for i in range(heat.n)
        )
    )


def adopt(scene: Scene, whole: Mobject) -> None:
    """Put ``whole`` on stage in place of its parts that animations brought in one by one
    (Manim adds an animation's target at the top level)."""
    scene.add(whole)


class ColumnSums(DerivedScene):
    """3.1: reduce the n^2 pair vectors to n by summing down each column, live: the
    attention model's real pair vectors and their real column sums. The column of a word
    holds that word paired with every word (second in the pair); its row holds the same
    words in the other order.

    ``shown_components``: how many components of each pair vector the grid draws."""

    short_name = "column-sums"
    min_words = 2
    chapter = CHAPTER
    beats = (Beat("3.1", "Sum down each column"),)
    shown_components: int = 3

    def construct(self) -> None:
        self.the_road()
        self.the_grid()
        self.the_aim()
        self.one_column()
        self.sum_one_column()
        self.sum_every_column()

    def the_road(self) -> None:
        self.beat("3.1")
        self.open_chapter(
            Line(
                "Chapter 3: self-attention. The pairwise layer let every pair of words meet, "
                "but it makes a great many vectors."
            )
        )

    def the_grid(self) -> None:
        t = self.trace
        line = Line(
            f"For these {counted(t.n, 'word')}, one pairwise layer makes {t.n**2} pair "
            "vectors: one row and one column per word."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5)
            self.heading("From n² vectors back to n")
            self.grid = PairGrid(
                t.pair_vectors,
                positional_labels(t.tokens),
                max_cells=self.shown_components,
                max_width=10.4,
                max_height=4.7,
                value_scale=pair_vector_scale(self),
            )
            self.grid.next_to(self.current_heading, DOWN, buff=0.3).shift(LEFT * 0.6)
            self.key = ColorKey(
                self.grid.value_scale,
                title="pair vectors",
                orientation="vertical",
                width=1.5,
            ).place_beside(self.grid.entries, buff=0.5)
            self.play(FadeIn(self.grid), FadeIn(self.key), run_time=clip.duration - 0.5)

    def the_aim(self) -> None:
        theme = current_theme()
        t = self.trace
        aim = label(f"{t.n**2} pair vectors  →  {t.n} vectors", theme.sizes.label, theme.attention)
        aim.next_to(self.grid, DOWN, buff=0.45)
        line = Line(
            f"A second pairwise layer on top would make {t.n**4:,}. The aim: shrink the grid "
            "back to one vector per word before the next layer."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(aim, shift=UP * 0.1), run_time=min(1.5, clip.duration))
        self.aim = aim

    def one_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.column_outline = self.grid.outline_column(j)
        column_line = Line(
            f"Each column belongs to one word. The column of {word_at(t.tokens, j)} holds that "
            "word paired with every word of the sentence, itself included."
        )
        with self.voiceover(column_line) as clip:
            self.play(
                Create(self.column_outline),
                self.grid.col_labels[j].animate.set_color(theme.highlight),
                FadeOut(self.aim),
                run_time=min(1.5, clip.duration),
            )
        row_outline = SurroundingRectangle(self.grid.row(j), color=theme.outline, buff=0.05)
        row_line = Line(
            "Its row holds the same words the other way round: the first word of a pair picks "
            "the row, the second the column."
        )
        with self.voiceover(row_line) as clip:
            self.play(Create(row_outline), run_time=min(1.2, clip.duration))
        self.row_outline = row_outline

    def sum_vector(self, j: int) -> VectorColumn:
        t = self.trace
        strip = VectorColumn(
            t.column_sums[j],
            shown=self.grid.shown_indices,
            show_indices=False,
            orientation="horizontal",
            compact=True,
            value_scale=self.sum_scale,
            cell_size=self.grid.cell(0, j).cell_size,
        )
        return strip.next_to(self.grid.cell(t.n - 1, j), DOWN, buff=0.55)

    def slide_down(self, j: int, total: VectorColumn) -> tuple[Animation, Animation, list]:
        """Copies of column ``j``'s pair vectors slide straight down onto its sum, one after
        another (the first animation); then they merge into the sum, recolouring in place
        (the second). Returns both and the copies (to remove afterwards)."""
        return slide_into([self.grid.cell(i, j) for i in range(self.trace.n)], total)

    def sum_one_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        shown = list(self.grid.shown_indices)
        self.sum_scale = color_scale(t.column_sums[:, shown])
        total = self.sum_vector(j)
        self.sums = {j: total}
        self.sum_label = label("column sums", theme.sizes.small, theme.muted)
        self.sum_label.next_to(total, DOWN, buff=0.15).set_x(self.grid.entries.get_x())
        self.sum_key = ColorKey(
            self.sum_scale, title="column sums", width=1.5, digits=1, orientation="vertical"
        )
        self.sum_key.set_x(self.key.get_x()).align_to(self.sum_label, DOWN)
        if self.sum_key.get_top()[1] > self.key.get_bottom()[1] - 0.2:  # a short grid
            self.sum_key.next_to(self.key, DOWN, buff=0.3)
        slide, merge, _ = self.slide_down(j, total)
        with self.voiceover(Line("The simplest way to shrink it: add up each column.")) as clip:
            self.play(FadeOut(self.row_outline), run_time=0.4)
            self.play(slide, run_time=(clip.duration - 0.4) * 0.55)
            self.play(
                merge,
                FadeIn(self.sum_key),
                FadeIn(self.sum_label),
                FadeOut(self.column_outline),
                self.grid.col_labels[j].animate.set_color(theme.text),
                run_time=(clip.duration - 0.4) * 0.45,
            )

    def sum_every_column(self) -> None:
        t = self.trace
        slides, merges = [], []
        for j in range(t.n - 1):
            total = self.sum_vector(j)
            slide, merge, _ = self.slide_down(j, total)
            slides.append(slide)
            merges.append(merge)
            self.sums[j] = total
        line = Line(f"Every column gives one vector: {t.n} vectors again, one per word.")
        with self.voiceover(line) as clip:
            self.play(LaggedStart(*slides, lag_ratio=0.08), run_time=clip.duration * 0.6)
            self.play(*merges, run_time=clip.duration * 0.4)
        closing = Line(
            "The next layer reads these vectors as the first layer read the words, so no layer "
            "ever holds more than n² pair vectors."
        )
        with self.voiceover(closing):
            pass


class BlurryMess(DerivedScene):
    """3.2: summing loses information: the average of pictures is a blur (generated
    pictures, an illustration), and, live, the lengths of the pair that matters and of the
    other pairs added up, in the last word's column of the attention model.

    ``shown_components``: how many components of each pair vector are drawn."""

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
        self.drowned()

    def pictures(self) -> None:
        theme = current_theme()
        self.beat("3.2")
        self.heading("Summing loses information")
        images = [shape_picture(kind) for kind in self.shapes]
        self.images = images
        self.pictures_shown = VGroup(*(PixelGrid(image, pixel_size=0.16) for image in images))
        self.pictures_shown.arrange(RIGHT, buff=0.4).move_to(UP * 1.3)
        note = label("generated pictures: an illustration", theme.sizes.small, theme.muted)
        note.next_to(self.pictures_shown, UP, buff=0.3)
        with self.voiceover(Line("But adding things up loses information.")) as clip:
            self.play(
                LaggedStart(*(FadeIn(p) for p in self.pictures_shown), lag_ratio=0.15),
                FadeIn(note),
                run_time=clip.duration,
            )

    def average(self) -> None:
        theme = current_theme()
        average = PixelGrid(np.mean(self.images, axis=0), pixel_size=0.24).move_to(DOWN * 1.6)
        caption = label("their average", theme.sizes.small, theme.muted)
        caption.next_to(average, RIGHT, buff=0.3)
        line = Line(
            f"Average these {len(self.images)} pictures, and you get a blur: no single shape "
            "can be made out."
        )
        with self.voiceover(line) as clip:
            self.play(
                *(ReplacementTransform(p.copy(), average) for p in self.pictures_shown),
                run_time=clip.duration * 0.75,
            )
            self.play(FadeIn(caption), run_time=clip.duration * 0.25)

    def a_column_of_vectors(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        d = t.pair_vectors.shape[-1]
        shown = tuple(range(min(self.shown_components, d)))
        self.scale = pair_vector_scale(self)
        self.rows = strips(t.pair_vectors[:, j], shown, self.scale, cell_size=0.3)
        self.rows.move_to(LEFT * 2.6 + DOWN * 0.35)
        self.row_words = VGroup(
            *(
                label(
                    pair_name(short_word_at(t.tokens, i), t.tokens[j]), theme.sizes.small
                ).next_to(self.rows[i], LEFT, buff=0.25)
                for i in range(t.n)
            )
        )
        caption = label(
            f"pair vectors of column “{t.tokens[j]}”: components 0–{len(shown) - 1} of {d}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.rows, DOWN, buff=0.2)
        self.key = ColorKey(self.scale, title="pair vector component", width=2.0)
        self.key.next_to(caption, DOWN, buff=0.25)
        self.shown = shown
        line = Line(
            f"The same happens to vectors. Here is the column of {word_at(t.tokens, j)}: "
            f"its {t.n} pair vectors, the first {len(shown)} of their {d} numbers."
        )
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
            VGroup(self.rows[i], self.row_words[i]), color=theme.highlight, buff=0.06
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
        line = Line(
            f"Its vector has length {self.pair_length:.1f}. The other {len(others)} pairs, added "
            f"up, make a vector of length {self.rest_length:.1f}."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.chart.title),
                FadeIn(self.chart.word_labels),
                FadeIn(self.chart.tracks),
                run_time=0.4,
            )
            # four plays after the first, each rounded up to whole frames: 0.4 s to spare
            moving = clip.duration - 0.8
            self.into_bar([self.rows[i]], 0, moving * 0.4)
            self.into_bar(others, 1, moving * 0.6)
            adopt(self, self.chart)

    def into_bar(self, pieces: list[VectorColumn], k: int, run_time: float) -> None:
        """Copies of ``pieces`` travel under the chart (clear of its labels), gather below
        bar ``k`` and rise into it; the bar and its number then stay drawn."""
        bar, track = self.chart.bar(k), self.chart.tracks[k]
        # docked below the bar's track and no wider than it, so the rise into the bar never
        # brushes the labels to its left
        dock = np.array([track.get_center()[0], self.chart.get_bottom()[1] - 0.8, 0.0])
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

    def drowned(self) -> None:
        theme = current_theme()
        ratio = self.rest_length / self.pair_length
        verdict_line = Line(
            f"In a plain sum, the pairs that do not matter make a vector {ratio:.1f} times as "
            "long as the one that does: it is drowned out."
            if ratio > 1
            else f"In a plain sum, the other pairs make a vector {ratio:.1f} times as long: "
            "with more words, they would drown it out."
        )
        with self.voiceover(verdict_line) as clip:
            self.play(
                Indicate(self.chart.bar(1), color=theme.text, scale_factor=1.05),
                run_time=min(1.0, clip.duration),
            )


class OneLargeVector(DerivedScene):
    """3.3: information survives a sum only if one vector is large and the rest near zero
    (generated pictures, an illustration): each picture dims to its weight in place, then
    they slide into their sum."""

    short_name = "one-large"
    chapter = CHAPTER
    beats = (Beat("3.3", "One large, the rest near zero"),)
    fixed_example = "an illustration: generated pictures"
    weights: tuple[float, ...] = (1.0, 0.04, 0.04, 0.04, 0.04, 0.04)

    def construct(self) -> None:
        self.pictures()
        self.weigh()
        self.add_them_up()
        self.so_a_network()

    def pictures(self) -> None:
        theme = current_theme()
        self.beat("3.3")
        self.heading("One large, the rest near zero")
        self.images = [shape_picture(kind) for kind in SHAPES]
        self.shown = VGroup(*(PixelGrid(image, pixel_size=0.16) for image in self.images))
        self.shown.arrange(RIGHT, buff=0.4).move_to(UP * 1.3)
        note = label("generated pictures: an illustration", theme.sizes.small, theme.muted)
        note.next_to(self.shown, UP, buff=0.3)
        line = Line(
            "A sum keeps its information in one case: when one of the things added is large "
            "and the others are close to zero."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.shown), FadeIn(note), run_time=min(1.5, clip.duration))

    def weigh(self) -> None:
        theme = current_theme()
        weights = VGroup(
            *(
                label(f"× {w:g}", theme.sizes.label, theme.highlight).next_to(p, DOWN, buff=0.2)
                for p, w in zip(self.shown, self.weights, strict=True)
            )
        )
        dimmed = [
            PixelGrid(image * w, pixel_size=0.16).move_to(p)
            for image, w, p in zip(self.images, self.weights, self.shown, strict=True)
        ]
        small = min(self.weights)
        line = Line(f"Multiply the first picture by 1, and every other one by {small:g}.")
        with self.voiceover(line) as clip:
            self.play(FadeIn(weights), run_time=clip.duration * 0.3)
            self.play(
                *(Transform(p, d) for p, d in zip(self.shown, dimmed, strict=True)),
                run_time=clip.duration * 0.7,
            )
        self.weight_labels = weights

    def add_them_up(self) -> None:
        theme = current_theme()
        weighted = [image * w for image, w in zip(self.images, self.weights, strict=True)]
        total = PixelGrid(np.clip(np.sum(weighted, axis=0), 0, 1), pixel_size=0.24)
        total.move_to(DOWN * 1.7)
        caption = label("their sum", theme.sizes.small, theme.muted)
        caption.next_to(total, RIGHT, buff=0.3)
        line = Line("Add them up, and the first picture comes through, still clear.")
        with self.voiceover(line) as clip:
            self.play(
                *(ReplacementTransform(p.copy(), total) for p in self.shown),
                run_time=clip.duration * 0.75,
            )
            self.play(FadeIn(caption), run_time=clip.duration * 0.25)

    def so_a_network(self) -> None:
        line = Line(
            "So a network could learn to make the important pair's vector large, and all the "
            "others small..."
        )
        with self.voiceover(line):
            pass


class ContextMatters(DerivedScene):
    """3.4: importance depends on context. Arrows from "roaring" to its answer in the tree
    and lion sentences; what a plain sum would need (the same pair large in one, small in
    the other: an illustration); and, live, the attention model's vector for (fire, roaring)
    in each sentence: equal, because the network sees the same pair."""

    short_name = "context"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.4", "Importance depends on context"),)
    pair_words: tuple[str, str] = ("fire", "roaring")
    shown: int = 8

    def construct(self) -> None:
        self.two_sentences()
        self.the_answers()
        self.what_a_sum_would_need()
        self.same_pair_same_vector()

    def two_sentences(self) -> None:
        self.beat("3.4")
        self.heading("Importance depends on context")
        a, b = self.trace, self.trace_of(self.other_sentence)
        self.rows = VGroup(TokenRow(a.tokens), TokenRow(b.tokens))
        self.rows.arrange(DOWN, buff=1.05).move_to(UP * 1.35)
        line = Line("...except that which pair is important depends on the context.")
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.rows), run_time=min(1.5, clip.duration))

    def arrow(self, row: TokenRow, start: int, end: int, rise: float = 0.5) -> CurvedArrow:
        """An arrow arching ``rise`` above the row from word ``start`` to word ``end``."""
        theme = current_theme()
        a = row.word_label(start).get_top() + UP * 0.08
        b = row.word_label(end).get_top() + UP * 0.08
        chord = float(np.linalg.norm(b - a))
        return CurvedArrow(
            a,
            b,
            angle=4 * np.arctan(2 * rise / chord),
            color=theme.highlight,
            stroke_width=3,
            tip_length=0.18,
        )

    def the_answers(self) -> None:
        theme = current_theme()
        texts = {
            TREE: "In the first sentence, a tree cannot roar: what is roaring is the fire.",
            LION: "Change one word, and in the second, what is roaring is the lion.",
        }
        self.arrows = VGroup()
        for row, t in zip(self.rows, (self.trace, self.trace_of(self.other_sentence)), strict=True):
            answer = t.tokens.index(t.expected)
            arrow = self.arrow(row, t.n - 1, answer)
            self.arrows.add(arrow)
            line = Line(texts.get(t.sentence, f"In “{t.sentence}”, the answer is “{t.expected}”."))
            with self.voiceover(line) as clip:
                self.play(
                    Create(arrow),
                    row.animate_highlight([answer, t.n - 1], theme.highlight),
                    run_time=min(1.5, clip.duration),
                )

    def what_a_sum_would_need(self) -> None:
        theme = current_theme()
        first, second = self.pair_words
        need = ProbabilityBars(
            ["tree sentence", "lion sentence"],
            [0.9, 0.04],
            value_texts=["large", "near 0"],
            colors=[theme.highlight, theme.highlight],
            bar_width=2.4,
            title=f"size {pair_name(first, second)} would need",
        )
        note = label("what a plain sum would need: an illustration", theme.sizes.tiny, theme.muted)
        note.next_to(need, DOWN, buff=0.2)
        self.need = VGroup(need, note).move_to(DOWN * 1.7)
        line = Line(
            f"For a plain sum to keep the answer, the pair {pair_name(first, second)} would "
            "have to be large in the first sentence, and close to zero in the second."
        )
        with self.voiceover(line) as clip:
            self.play(need.animate_grow(), FadeIn(note), run_time=clip.duration)

    def same_pair_same_vector(self) -> None:
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        first, second = self.pair_words
        pairs = [t.pair_vectors[t.tokens.index(first), t.tokens.index(second)] for t in (a, b)]
        self.equal = bool(np.array_equal(pairs[0], pairs[1]))
        scale = pair_vector_scale(self)
        vectors = VGroup(
            *(
                VectorColumn(
                    v,
                    shown=tuple(range(self.shown)),
                    show_numbers=True,
                    cell_size=0.3,
                    value_scale=scale,
                )
                for v in pairs
            )
        )
        vectors.arrange(RIGHT, buff=3.0).move_to(DOWN * 1.75)
        sign = label("=" if self.equal else "≠", theme.sizes.title).move_to(vectors)
        titles = VGroup(
            *(
                label(
                    f"{pair_name(first, second)}, {name} sentence", theme.sizes.small, theme.muted
                ).next_to(v, UP, buff=0.15)
                for v, name in zip(vectors, ("tree", "lion"), strict=True)
            )
        )
        # the pair's two words underlined in both sentences: the vectors below are theirs
        self.pair_marks = VGroup(
            *(
                Underline(
                    row.word_label(row_tokens.index(word)),
                    buff=0.07,
                    color=theme.text,
                    stroke_width=2,
                )
                for row, row_tokens in zip(self.rows, (a.tokens, b.tokens), strict=True)
                for word in (first, second)
            )
        )
        self.key = ColorKey(scale, title="pair vector component", width=2.0)
        self.key.to_edge(RIGHT, buff=0.5).align_to(vectors, DOWN)
        self.vectors = vectors
        d = len(pairs[0])
        line = Line(
            "But the network that makes pair vectors sees only the two words of the pair, and "
            "where they stand: the same in both sentences."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.need), run_time=0.5)
            self.play(
                Create(self.pair_marks),
                FadeIn(vectors),
                FadeIn(titles),
                FadeIn(self.key),
                run_time=clip.duration - 0.5,
            )
        same = "the very same" if self.equal else "almost the same"
        closing = Line(
            f"So {pair_name(first, second)} gets {same} {d} numbers in both. No network can "
            "make it large in one sentence and small in the other."
        )
        with self.voiceover(closing) as clip:
            self.play(FadeIn(sign, scale=1.3), run_time=min(1.0, clip.duration))


class ScoresCompared(DerivedScene):
    """3.5: give every pair a score and compare scores within a column: a worked example
    with made-up scores (10 and 90), shown as bars that shrink in place to the relative
    importances, then fade by importance as each column's output is written out; the
    trained model's own scores follow in 3.6."""

    short_name = "scores"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the worked example of the tree and lion sentences"
    beats = (Beat("3.5", "Scores, compared within a column"),)
    fire_score: float = 10.0
    lion_score: float = 90.0
    tree_score: float = 0.0
    score_track: float = 100.0

    def construct(self) -> None:
        self.the_fix()
        self.scores()
        self.totals()
        self.divide()
        self.multiply_and_add()

    def the_fix(self) -> None:
        theme = current_theme()
        self.beat("3.5")
        self.heading("Scores, compared within a column")
        note = label("a worked example: made-up scores", theme.sizes.small, theme.muted)
        note.next_to(self.current_heading, DOWN, buff=0.2)
        line = Line(
            "The fix: give every pair a score as well, a single number, and compare the "
            "scores only within a column."
        )
        self.idea = VGroup(
            VGroup(
                label(pair_name("fire", "roaring"), theme.sizes.heading, theme.highlight),
                label("→", theme.sizes.heading, theme.muted),
                label("pair vector", theme.sizes.heading, theme.text),
                label("+", theme.sizes.heading, theme.muted),
                label("score: one number", theme.sizes.heading, theme.attention),
            ).arrange(RIGHT, buff=0.3),
            label("scores are compared only within a column", theme.sizes.label, theme.muted),
        ).arrange(DOWN, buff=0.5)
        self.idea.move_to(DOWN * 0.2)
        with self.voiceover(line) as clip:
            self.play(FadeIn(note), run_time=min(1.0, clip.duration))
            self.play(
                LaggedStart(
                    *(FadeIn(p) for p in self.idea[0]), FadeIn(self.idea[1]), lag_ratio=0.3
                ),
                run_time=min(2.0, max(clip.duration - 1.0, 0.1)),
            )

    def panel(self, title: str, pairs: list[tuple[str, float]]) -> VGroup:
        theme = current_theme()
        chart = ProbabilityBars(
            [p for p, _ in pairs],
            [s / self.score_track for _, s in pairs],
            value_texts=[f"{s:g}" for _, s in pairs],
            color=theme.attention,
            bar_width=3.0,
            bar_height=0.42,
            title="score",
        )
        for k, (pair, _) in enumerate(pairs):
            if pair == pair_name("fire", "roaring"):
                chart.word_label(k).set_color(theme.highlight)
        heading = label(title, theme.sizes.label, theme.attention)
        heading.next_to(chart, UP, buff=0.35)
        return VGroup(heading, chart)

    def scores(self) -> None:
        fire, lion, tree = self.fire_score, self.lion_score, self.tree_score
        self.panels = VGroup(
            self.panel(
                "column “roaring”, tree sentence",
                [(pair_name("tree", "roaring"), tree), (pair_name("fire", "roaring"), fire)],
            ),
            self.panel(
                "column “roaring”, lion sentence",
                [(pair_name("lion", "roaring"), lion), (pair_name("fire", "roaring"), fire)],
            ),
        )
        self.panels.arrange(RIGHT, buff=1.2, aligned_edge=UP).move_to(UP * 0.6)
        if self.panels.width > current_theme().layout.safe_width:
            self.panels.scale_to_fit_width(current_theme().layout.safe_width)
        tree_chart, lion_chart = (p[1] for p in self.panels)
        line = Line(
            f"A pair's score depends only on the pair: (fire, roaring) scores {fire:g} in both "
            "sentences."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.idea),
                FadeIn(self.panels[0][0]),
                FadeIn(self.panels[1][0]),
                run_time=0.5,
            )
            self.play(tree_chart.animate_grow(), run_time=(clip.duration - 0.5) / 2)
            self.play(
                FadeIn(lion_chart.title),
                FadeIn(lion_chart.word_labels),
                FadeIn(lion_chart.tracks),
                GrowFromEdge(lion_chart.bar(1), LEFT),
                FadeIn(lion_chart.value_label(1)),
                run_time=(clip.duration - 0.5) / 2,
            )
        line = Line(f"But in the lion sentence, (lion, roaring) scores {lion:g}.")
        with self.voiceover(line) as clip:
            self.play(
                GrowFromEdge(lion_chart.bar(0), LEFT),
                FadeIn(lion_chart.value_label(0)),
                run_time=min(1.5, clip.duration),
            )
            for panel in self.panels:
                adopt(self, panel)

    def totals(self) -> None:
        theme = current_theme()
        sums = (self.tree_score + self.fire_score, self.lion_score + self.fire_score)
        self.total_labels = VGroup(
            *(
                label(f"column total {total:g}", theme.sizes.label, theme.highlight).next_to(
                    panel, DOWN, buff=0.4
                )
                for panel, total in zip(self.panels, sums, strict=True)
            )
        )
        line = Line("Add up each column's scores...")
        with self.voiceover(line) as clip:
            self.play(
                *(
                    ReplacementTransform(panel[1].value_labels.copy(), total)
                    for panel, total in zip(self.panels, self.total_labels, strict=True)
                ),
                run_time=min(1.5, clip.duration),
            )
        self.sums = sums

    def divide(self) -> None:
        fire = self.fire_score
        tree_total, lion_total = self.sums
        importances = (
            [self.tree_score / tree_total, fire / tree_total],
            [self.lion_score / lion_total, fire / lion_total],
        )
        self.importances = importances
        line = Line(
            f"...and divide every score by its column's total. Now (fire, roaring) has a "
            f"relative importance of {fire / tree_total:g} in the first sentence, and "
            f"{fire / lion_total:g} in the second."
        )
        theme = current_theme()
        with self.voiceover(line) as clip:
            animations = []
            for panel, values, total in zip(
                self.panels, importances, self.total_labels, strict=True
            ):
                chart = panel[1]
                fresh = label("relative importance", theme.sizes.label, theme.muted)
                fresh.move_to(chart.title)
                animations += [
                    chart.animate_values(values, value_texts=[f"{v:g}" for v in values]),
                    Transform(chart.title, fresh),
                    Indicate(total, color=theme.highlight, scale_factor=1.1),
                ]
            self.play(*animations, run_time=min(2.5, clip.duration))

    def multiply_and_add(self) -> None:
        theme = current_theme()
        formula = label(
            "column output = Σ  relative importance × pair vector", theme.sizes.body, theme.text
        ).to_edge(DOWN, buff=0.6)
        outputs = VGroup()
        fades = []
        for panel, values, total in zip(
            self.panels, self.importances, self.total_labels, strict=True
        ):
            chart = panel[1]
            terms = [f"{v:g} × {chart.word_label(k).text}" for k, v in enumerate(values) if v > 0]
            outputs.add(
                label("output = " + " + ".join(terms), theme.sizes.small, theme.text).next_to(
                    total, DOWN, buff=0.3
                )
            )
            for k, v in enumerate(values):
                opacity = max(float(v), 0.15)
                fades += [
                    chart.bar(k).animate.set_opacity(opacity),
                    chart.word_label(k).animate.set_opacity(opacity),
                    chart.value_label(k).animate.set_opacity(opacity),
                ]
        self.outputs = outputs
        line = Line(
            "Then multiply each pair vector by its relative importance, and add them up: the "
            "pair that matters survives the sum, the others fade.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(formula, shift=UP * 0.1), run_time=min(1.2, clip.duration / 2))
            self.play(
                *fades,
                FadeIn(outputs, shift=DOWN * 0.1),
                run_time=min(1.5, max(clip.duration / 2 - 0.1, 0.1)),
            )
        closing = Line(
            "A pair's importance now depends on the other pairs of its column: the context decides."
        )
        with self.voiceover(closing):
            pass
        self.formula = formula


class TwoNetworks(DerivedScene):
    """3.6: a layer has two networks (pair to vector, pair to score); live: the trained
    model's scores in the column of the last word, exponentiated and divided by their total
    in place; both sentences' score grids turned into importances; and the weighted sum, the
    pair vectors dimming by their importance and sliding into the column's output.

    ``shown_components``: how many components of each pair vector are drawn."""

    short_name = "two-networks"
    in_gallery = True
    chapter = CHAPTER
    sentence = LION
    other_sentence: str = TREE
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.6", "Two networks: vectors and scores"),)
    shown_components: int = 12

    def construct(self) -> None:
        self.two_networks()
        self.scores_of_a_column()
        self.exponentiate()
        self.normalise()
        self.both_sentences()
        self.weigh_the_pairs()
        self.add_them_up()

    # -- two networks ---------------------------------------------------------------------
    def two_networks(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = t.tokens.index("fire") if "fire" in t.tokens else 0
        self.beat("3.6")
        self.heading("Two networks per layer")
        with self.voiceover(Line("So each layer now has two networks.")) as clip:
            self.rep = NetworkGlyph(
                color=theme.attention, caption="pair → vector", width=2.2, height=1.5
            )
            self.scorer = NetworkGlyph(
                layers=(3, 4, 1),
                color=theme.attention,
                caption="pair → score",
                width=2.2,
                height=1.5,
            )
            VGroup(self.rep, self.scorer).arrange(DOWN, buff=0.9).move_to(LEFT * 0.8 + DOWN * 0.3)
            self.play(FadeIn(self.rep), FadeIn(self.scorer), run_time=min(1.2, clip.duration))
        pair = pair_name(t.tokens[i], t.tokens[j])
        inputs = VGroup(
            *(
                label(pair, theme.sizes.body).next_to(g, LEFT, buff=1.4)
                for g in (self.rep, self.scorer)
            )
        )
        scale = pair_vector_scale(self)
        vector = VectorColumn(
            t.pair_vectors[i, j],
            shown=tuple(range(8)),
            cell_size=0.36,
            orientation="horizontal",
            value_scale=scale,
        )
        vector.next_to(self.rep, RIGHT, buff=0.9)
        score = label(format_value(float(t.scores[i, j]), 2), theme.sizes.title, theme.attention)
        score.next_to(self.scorer, RIGHT, buff=0.9)
        key = ColorKey(scale, title="pair vector component", width=2.4).next_to(
            vector, UP, buff=0.45
        )
        line = Line(
            f"One maps a pair, like {pair}, to its vector, as before. The other maps the same "
            "pair to a single number: its score."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(inputs), FadeIn(key), run_time=0.5)
            self.play(
                self.rep.animate_forward(inputs[0], vector),
                self.scorer.animate_forward(inputs[1], score),
                run_time=clip.duration - 0.5,
            )
        self.pair_score = float(t.scores[i, j])

    # -- softmax of one column ------------------------------------------------------------
    def scores_of_a_column(self) -> None:
        t = self.trace
        j = t.n - 1
        exps = t.exp_scores[:, j]
        self.column = SoftmaxColumn(
            t.scores[:, j],
            exps,
            t.importances[:, j],
            [short_word_at(t.tokens, i) for i in range(t.n)],
            total=float(exps.sum()),
            cell_size=0.4,
        )
        self.column.next_to(self.current_heading, DOWN, buff=0.95).set_x(-2.2)
        self.title = label(
            f"column “{t.tokens[j]}”, lion sentence: score",
            current_theme().sizes.label,
            current_theme().attention,
        ).next_to(self.column, UP, buff=0.2)
        self.title.set_x(self.column.get_x())
        self.key = self.stage_key()
        line = Line(
            f"Here are the trained model's scores in the column of “{t.tokens[j]}”, for the "
            "lion sentence."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.column),
                FadeIn(self.key),
                FadeIn(self.title),
                run_time=clip.duration - 0.5,
            )

    def stage_key(self) -> ColorKey:
        titles = {
            "score": "score",
            "exp": "exp(score)",
            "importance": "relative importance",
        }
        stage = self.column.stage
        key = ColorKey(
            self.column.value_scale,
            title=titles[stage],
            key_range="diverging" if stage == "score" else "one-sided",
            digits=3 if stage == "exp" else None,
            width=3.0,
        )
        return key.move_to([2.6, 1.6, 0])

    def retitle(self, text: str) -> Animation:
        theme = current_theme()
        fresh = label(text, theme.sizes.label, theme.attention).move_to(self.title)
        return Transform(self.title, fresh)

    def exponentiate(self) -> None:
        t = self.trace
        column = t.scores[:, -1]
        sign = (
            "Here every one is negative"
            if (column < 0).all()
            else "Some are negative"
            if (column < 0).any()
            else "They could be negative"
        )
        problem = Line(
            f"Scores can be any number. {sign}, and a column's scores could add up to zero: "
            "dividing by that total would fail."
        )
        with self.voiceover(problem):
            pass
        line = Line(
            "So first, each score is exponentiated. e to the power of a score is always "
            "positive: the largest scores stay clear, very negative ones shrink to almost nothing."
        )
        top = int(np.argmax(t.importances[:, -1]))
        self.example = label(
            f"exp({format_value(float(t.scores[top, -1]), 1)}) = "
            f"{format_value(float(t.exp_scores[top, -1]), 3)}",
            current_theme().sizes.body,
        ).move_to([2.6, 0.2, 0])
        with self.voiceover(line) as clip:
            animation = self.column.animate_exponentiate()
            key = self.stage_key()
            self.play(
                animation,
                ReplacementTransform(self.key, key),
                self.retitle(f"column “{t.tokens[-1]}”, lion sentence: exp(score)"),
                FadeIn(self.example),
                run_time=min(2.5, clip.duration),
            )
            self.key = key

    def normalise(self) -> None:
        t = self.trace
        j = t.n - 1
        total = self.column.total
        line = Line(f"Then the column's exponentials are added up: {format_value(total, 3)}...")
        with self.voiceover(line) as clip:
            self.play(self.column.animate_total(), run_time=min(2.0, clip.duration))
        line = Line(
            "...and each one is divided by that total. These are the relative importances: "
            "they add up to 1."
        )
        top = int(np.argmax(t.importances[:, j]))
        example = label(
            f"{format_value(float(t.exp_scores[top, j]), 3)} ÷ {format_value(total, 3)} = "
            f"{format_value(float(t.importances[top, j]))}",
            current_theme().sizes.body,
        ).move_to(self.example)
        with self.voiceover(line) as clip:
            animation = self.column.animate_divide()
            key = self.stage_key()
            self.play(
                animation,
                Transform(self.example, example),
                ReplacementTransform(self.key, key),
                self.retitle(f"column “{t.tokens[j]}”, lion sentence: relative importance"),
                run_time=min(3.0, clip.duration),
            )
            self.key = key
        order = np.argsort(-t.importances[:, j])
        top, second = int(order[0]), int(order[1])
        line = Line(
            f"{word_at(t.tokens, top).capitalize()} gets {t.importances[top, j]:.2f}, "
            f"{word_at(t.tokens, second)} {t.importances[second, j]:.2f}: the column of "
            f"“{t.tokens[j]}” looks at {word_at(t.tokens, top)}."
        )
        with self.voiceover(line) as clip:
            self.play(
                Create(
                    SurroundingRectangle(
                        VGroup(self.column.cell(top), self.column.number_label(top)),
                        color=current_theme().highlight,
                        buff=0.06,
                    )
                ),
                run_time=min(1.0, clip.duration),
            )

    # -- both sentences -------------------------------------------------------------------
    def both_sentences(self) -> None:
        theme = current_theme()
        traces = {"tree": self.trace_of(self.other_sentence), "lion": self.trace}
        score_scale = max(float(np.abs(t.scores).max()) for t in traces.values())
        self.heatmaps: dict[str, VGroup] = {}
        group = VGroup()
        for name, t in traces.items():
            heat = Heatmap(
                t.scores,
                positional_labels(t.tokens),
                show_numbers=False,
                value_scale=score_scale,
                max_width=4.4,
                max_height=4.4,
            )
            title = label(f"{name} sentence", theme.sizes.label, theme.attention)
            title.next_to(heat, UP, buff=0.15)
            box = VGroup(heat, title)
            self.heatmaps[name] = box
            group.add(box)
        group.arrange(RIGHT, buff=0.8).next_to(self.current_heading, DOWN, buff=0.3)
        group.shift(LEFT * 0.9)
        key = ColorKey(score_scale, title="score", width=1.8, orientation="vertical")
        key.next_to(group, RIGHT, buff=0.5)
        line = Line("The same happens in every column, in both sentences: first the scores...")
        with self.voiceover(line) as clip:
            self.play(
                *self.leaving(),
                FadeIn(group),
                FadeIn(key),
                run_time=min(1.5, clip.duration),
            )
        importance_key = ColorKey(
            1.0,
            title="relative importance",
            key_range="one-sided",
            width=1.8,
            orientation="vertical",
        ).move_to(key)
        line = Line("...then, column by column, exponentiated and divided by their total.")
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(
                    *(
                        AnimationGroup(
                            *(
                                column_to_importances(box[0], traces[name].importances, j)
                                for name, box in self.heatmaps.items()
                            )
                        )
                        for j in range(max(t.n for t in traces.values()))
                    ),
                    lag_ratio=0.35,
                ),
                ReplacementTransform(key, importance_key),
                run_time=min(3.0, clip.duration),
            )
            for name, box in self.heatmaps.items():
                box[0].values = traces[name].importances.copy()
                box[0].value_scale = 1.0
        self.key = importance_key
        tree, lion = traces["tree"], traces["lion"]
        marks = []
        for name, box in self.heatmaps.items():
            t = traces[name]
            box.focus = focus_row(t, t.n - 1)
            marks.append(Create(box[0].outline_entry(box.focus, t.n - 1)))
        tree_focus, lion_focus = self.heatmaps["tree"].focus, self.heatmaps["lion"].focus
        line = Line(
            f"In the column of “roaring”, the tree sentence gives “{tree.tokens[tree_focus]}” "
            f"{tree.importances[tree_focus, -1]:.2f}; the lion sentence gives "
            f"“{lion.tokens[lion_focus]}” {lion.importances[lion_focus, -1]:.2f}."
        )
        with self.voiceover(line) as clip:
            self.play(*marks, run_time=min(1.2, clip.duration))
        fire_tree, fire_lion = tree.tokens.index("fire"), lion.tokens.index("fire")
        same = np.isclose(tree.scores[fire_tree, -1], lion.scores[fire_lion, -1])
        line = Line(
            f"The pair (fire, roaring) {'has the same score' if same else 'has a score'}, "
            f"{format_value(float(tree.scores[fire_tree, -1]), 1)}, in both; its importance is "
            f"{tree.importances[fire_tree, -1]:.2f} in one and "
            f"{lion.importances[fire_lion, -1]:.2f} in the other. The context decided."
        )
        notes = VGroup()
        boxes = []
        for name, t, row in (("tree", tree, fire_tree), ("lion", lion, fire_lion)):
            heat = self.heatmaps[name][0]
            boxes.append(heat.outline_entry(row, t.n - 1, color=theme.text))
            note = label(
                f"(fire, roaring): score {format_value(float(t.scores[row, -1]), 1)}, "
                f"importance {t.importances[row, -1]:.2f}",
                theme.sizes.small,
                theme.text,
            ).next_to(heat, DOWN, buff=0.2)
            notes.add(note.set_x(heat.entries.get_x()))
        self.fire_notes = notes
        with self.voiceover(line) as clip:
            self.play(
                *(Create(b) for b in boxes),
                FadeIn(notes, shift=UP * 0.1),
                run_time=min(1.2, clip.duration),
            )
        self.fire_scores = (float(tree.scores[fire_tree, -1]), float(lion.scores[fire_lion, -1]))

    def leaving(self) -> list[Animation]:
        """Fade-outs of everything on stage but the heading and the subtitle, to play with the
        next picture's fade-in (a cross-fade, never an empty frame)."""
        kept = {id(self.current_heading), id(getattr(self, "_caption", None))}
        return [FadeOut(m) for m in self.mobjects if id(m) not in kept]

    # -- the weighted sum -----------------------------------------------------------------
    def weigh_the_pairs(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        d = t.pair_vectors.shape[-1]
        shown = tuple(range(min(self.shown_components, d)))
        self.scale = pair_vector_scale(self)
        self.rows = strips(t.pair_vectors[:, j], shown, self.scale, cell_size=0.3)
        self.rows.move_to(UP * 0.35)
        self.weights = VGroup(
            *(
                label(
                    f"{format_value(float(t.importances[i, j]))} ×",
                    theme.sizes.small,
                    theme.highlight,
                ).next_to(self.rows[i], LEFT, buff=0.2)
                for i in range(t.n)
            )
        )
        self.row_words = VGroup(
            *(
                label(
                    pair_name(short_word_at(t.tokens, i), t.tokens[j]), theme.sizes.small
                ).next_to(self.weights[i], LEFT, buff=0.2)
                for i in range(t.n)
            )
        )
        caption = label(
            f"pair vectors of column “{t.tokens[j]}”, lion sentence: components 0–"
            f"{len(shown) - 1} of {d}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.rows, UP, buff=0.2)
        self.key_vectors = ColorKey(self.scale, title="pair vector component", width=2.0)
        self.key_vectors.to_edge(RIGHT, buff=0.6).align_to(self.rows, UP)
        self.shown = shown
        line = Line(
            "Last, the weighted sum. Here are the column's pair vectors, with their importances."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.rows),
                FadeIn(self.row_words),
                FadeIn(self.weights),
                FadeIn(caption),
                FadeIn(self.key_vectors),
                run_time=clip.duration - 0.5,
            )
        self.weighted = t.importances[:, j, None] * t.pair_vectors[:, j]
        line = Line(
            "Each vector is multiplied by its importance: the pairs that matter keep their "
            "colour, the others fade to nothing."
        )
        with self.voiceover(line) as clip:
            self.play(
                *(row.animate_values(w) for row, w in zip(self.rows, self.weighted, strict=True)),
                run_time=min(2.5, clip.duration),
            )

    def add_them_up(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.output = VectorColumn(
            t.weighted_sums[j],
            shown=self.shown,
            show_indices=False,
            compact=True,
            orientation="horizontal",
            value_scale=self.scale,
            cell_size=0.3,
        ).next_to(self.rows, DOWN, buff=0.7)
        caption = label(
            f"the output of column “{t.tokens[j]}”", theme.sizes.small, theme.attention
        ).next_to(self.output, LEFT, buff=0.3)
        slide, merge, _ = slide_into(list(self.rows), self.output)
        line = Line("Added up, they make the column's output.")
        with self.voiceover(line) as clip:
            self.play(slide, run_time=min(1.6, clip.duration * 0.55))
            self.play(merge, FadeIn(caption), run_time=min(1.0, clip.duration * 0.4))
        i = focus_row(t, j)
        weighted_rest = self.weighted.sum(axis=0) - self.weighted[i]
        self.kept = (length(self.weighted[i]), length(weighted_rest))
        line = Line(
            f"Now the pair ({t.tokens[i]}, {t.tokens[j]}) counts: its weighted vector has length "
            f"{self.kept[0]:.1f}, all the others together {self.kept[1]:.1f}."
        )
        longest = max(self.kept)
        self.kept_chart = ProbabilityBars(
            [pair_name(short_word_at(t.tokens, i), t.tokens[j]), f"the other {t.n - 1}, added"],
            [self.kept[0] / longest, self.kept[1] / longest],
            value_texts=[f"{v:.1f}" for v in self.kept],
            colors=[theme.highlight, theme.muted],
            bar_width=1.6,
            bar_height=0.3,
            title="length, weighted",
        )
        self.kept_chart.next_to(self.key_vectors, DOWN, buff=0.6).to_edge(RIGHT, buff=0.4)
        outline = SurroundingRectangle(
            VGroup(self.rows[i], self.row_words[i]), color=theme.highlight, buff=0.05
        )
        with self.voiceover(line) as clip:
            self.play(
                Create(outline),
                self.kept_chart.animate_grow(),
                run_time=min(1.5, clip.duration),
            )


class SelfAttentionLayer(DerivedScene):
    """3.7: the self-attention layer, live for any sentence: the first layer's importances
    with each column's own structure (a few columns named, the labeller's word beside the
    model's pick), the measured hit rates on held-out sentences, the control model trained
    on the last word only (with the measured share of columns looking at one word), the
    answer with its verdict, and what the second layer bought (both accuracies on screen).

    ``named_columns``: how many columns are named."""

    short_name = "attention-layer"
    min_words = 3
    chapter = CHAPTER
    extra_models = ("attention_last",)
    control_model: str = "attention_last"
    beats = (Beat("3.7", "The self-attention layer"),)
    named_columns: int = 3
    kinds_shown: tuple[tuple[str, str], ...] = (
        ("determiner", "a, the → its noun"),
        ("adjective", "describing word → its noun"),
        ("verb", "verb → its subject"),
        ("it", "“it” → what it refers to"),
        ("its", "“its” → its owner"),
    )

    def construct(self) -> None:
        self.the_layer()
        self.each_column_its_own()
        self.measured()
        self.the_control()
        self.the_answer()
        self.two_layers()

    def the_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        self.beat("3.7")
        self.heading("A self-attention layer")
        self.heat = Heatmap(
            t.importances,
            positional_labels(t.tokens),
            show_numbers=False,
            value_scale=1.0,
            max_width=4.7,
            max_height=4.7,
        )
        self.heat.next_to(self.current_heading, DOWN, buff=0.3).to_edge(LEFT, buff=0.6)
        self.key = ColorKey(
            1.0,
            title="relative importance",
            key_range="one-sided",
            width=2.0,
        ).next_to(self.heat, DOWN, buff=0.25)
        self.key.align_to(self.heat.entries, LEFT)
        caption = VGroup(
            label("first layer:", theme.sizes.tiny, theme.muted),
            label("each column sums to 1", theme.sizes.tiny, theme.muted),
        ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
        caption.next_to(self.key, RIGHT, buff=0.3).align_to(self.key, DOWN)
        self.caption = caption
        line = Line(
            "This whole operation is a self-attention layer: the model itself decides which "
            "pairs to pay attention to."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.heat),
                FadeIn(self.key),
                FadeIn(caption),
                run_time=min(2.0, clip.duration),
            )
        line = Line(
            "This model was trained to answer a question for every word, so each column has "
            "a pattern of its own."
        )
        with self.voiceover(line):
            pass

    def chosen_columns(self) -> list[tuple[int, int, str]]:
        """Up to ``named_columns`` columns (before the last word) whose question points to
        another word: ``(column, target row, kind)``, one of each kind first."""
        t = self.trace
        parse = links(t.sentence)
        kinds = word_classes(t.tokens)
        candidates = [
            (j, parse.targets[j], kinds[j])
            for j in range(t.n - 1)
            if kinds[j] is not None and parse.targets[j] is not None and parse.targets[j] != j
        ]
        chosen: list[tuple[int, int, str]] = []
        for j, target, kind in candidates:
            if kind not in {k for _, _, k in chosen}:
                chosen.append((j, target, kind))
        for item in candidates:
            if item not in chosen:
                chosen.append(item)
        return sorted(chosen[: self.named_columns])

    def each_column_its_own(self) -> None:
        theme = current_theme()
        t = self.trace
        self.findings = VGroup()
        self.named: list[tuple[int, int, int]] = []
        panel_top = self.heat.get_top()[1]
        x = self.heat.get_right()[0] + 0.8
        for j, target, kind in self.chosen_columns():
            pick = focus_row(t, j)
            self.named.append((j, pick, target))
            relation = RELATIONS[kind]
            agrees = pick == target
            text = f"{short_word_at(t.tokens, j)} → {short_word_at(t.tokens, pick)}"
            note = f"{relation}" if agrees else f"{relation} is {short_word_at(t.tokens, target)}"
            row = VGroup(
                label(text, theme.sizes.label, theme.text),
                label(f"({note})", theme.sizes.small, theme.muted if agrees else theme.negative),
            ).arrange(RIGHT, buff=0.25)
            row.move_to([x, panel_top - 0.3 - 0.55 * len(self.findings), 0], aligned_edge=LEFT)
            self.findings.add(row)
            if agrees:
                spoken = (
                    f"The column of {word_at(t.tokens, j)} looks hardest at "
                    f"{word_at(t.tokens, pick)}: {relation}."
                )
            else:
                spoken = (
                    f"The column of {word_at(t.tokens, j)} looks hardest at "
                    f"{word_at(t.tokens, pick)}, though {relation} is "
                    f"{word_at(t.tokens, target)}."
                )
            with self.voiceover(Line(spoken)) as clip:
                self.play(
                    Create(self.heat.outline_entry(pick, j)),
                    FadeIn(row, shift=RIGHT * 0.1),
                    run_time=min(1.2, clip.duration),
                )

    def measured(self) -> None:
        theme = current_theme()
        hits = read_metrics()["models"][self.model_name]["per_word_attention"]["layer 1"]
        kinds = [(k, text) for k, text in self.kinds_shown if k in hits]
        self.rates = {k: hits[k]["heads"] for k, _ in kinds}
        chart = ProbabilityBars(
            [text for _, text in kinds],
            [self.rates[k] for k, _ in kinds],
            color=theme.attention,
            bar_width=2.0,
            bar_height=0.3,
            digits=2,
            title="new sentences: is the pick the right word?",
        )
        chart.next_to(self.findings, DOWN, buff=0.6).align_to(self.findings, LEFT)
        clear = self.caption.get_right()[0] + 0.3  # a short sentence's small grid
        if chart.get_bottom()[1] < self.caption.get_top()[1] and chart.get_left()[0] < clear:
            chart.shift(RIGHT * (clear - chart.get_left()[0]))
        if chart.get_right()[0] > 6.9:
            chart.shift(LEFT * (chart.get_right()[0] - 6.9))
        self.hit_chart = chart
        rate = {k: percent(v, 0) for k, v in self.rates.items()}
        parts = [
            f"{rate[k]} of {name}"
            for k, name in (
                ("determiner", "determiners"),
                ("verb", "verbs"),
                ("it", "the word “it”"),
            )
            if k in rate
        ]
        line = Line(
            "Over sentences it never saw, its first layer looks hardest at the right word for "
            + ", ".join(parts[:-1])
            + f" and {parts[-1]}."
        )
        with self.voiceover(line) as clip:
            self.play(chart.animate_grow(), run_time=min(2.5, clip.duration))

    def the_control(self) -> None:
        theme = current_theme()
        control = self.trace_of(self.sentence, self.control_model)
        metrics = read_metrics()["models"]
        shares = {
            name: metrics[name]["per_word_attention"]["layer 1"]["same_row_share"]
            for name in (self.model_name, self.control_model)
        }
        self.shares = shares
        heat = Heatmap(
            control.importances,
            positional_labels(control.tokens),
            show_numbers=False,
            value_scale=1.0,
            max_width=3.0,
            max_height=3.0,
        )
        title = label("control: trained on the last word only", theme.sizes.label, theme.attention)
        self.share_note = VGroup(
            label("columns looking hardest", theme.sizes.tiny, theme.muted),
            label("at one shared word:", theme.sizes.tiny, theme.muted),
            label(f"control: {percent(shares[self.control_model], 0)}", theme.sizes.small),
            label(f"model at left: {percent(shares[self.model_name], 0)}", theme.sizes.small),
        ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        body = VGroup(heat, self.share_note).arrange(RIGHT, buff=0.3, aligned_edge=DOWN)
        group = VGroup(title, body).arrange(DOWN, buff=0.15)
        group.move_to(self.hit_chart).align_to(self.hit_chart, UP)
        if group.get_right()[0] > 6.6:
            group.shift(LEFT * (group.get_right()[0] - 6.6))
        self.control_heat = heat
        line = Line(
            "A control model, trained only on the last word's question, has no reason to "
            f"look around: {percent(shares[self.control_model], 0)} of its columns look "
            f"hardest at one and the same word, against {percent(shares[self.model_name], 0)} "
            "here."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.hit_chart), run_time=0.5)
            self.play(FadeIn(group), run_time=min(1.5, clip.duration - 0.5))
        self.control_group = group

    def the_answer(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.8,
            color=theme.attention,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.move_to(self.control_group).align_to(self.control_group, UP)
        judged = label(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, DOWN, buff=0.35)
        self.chart, self.judged = chart, judged
        line = Line(f"After its second layer, the model answers {verdict(t)}.")
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.control_group), run_time=0.5)
            self.play(chart.animate_grow(), FadeIn(judged), run_time=min(2.0, clip.duration - 0.5))

    def two_layers(self) -> None:
        metrics = read_metrics()["models"][self.model_name]
        ablations = read_ablations() or {}
        one = ablations.get("variants", {}).get(f"{self.model_name}_one_layer")
        if one is not None:
            line = Line(
                "It stacks two such layers, the second reading the first one's outputs. "
                f"With one layer, the same training reached {percent(one['new_sentences']['overall']['accuracy'])} "  # noqa: E501
                f"of new sentences instead of {percent(metrics['new_sentences']['overall']['accuracy'])}."  # noqa: E501
            )
            one_rate = percent(one["new_sentences"]["overall"]["accuracy"])
            two_rate = percent(metrics["new_sentences"]["overall"]["accuracy"])
            self.layers_note = label(
                f"new sentences right: one layer {one_rate}, two layers {two_rate}",
                current_theme().sizes.small,
                current_theme().text,
            ).next_to(self.judged, DOWN, buff=0.35)
            with self.voiceover(line) as clip:
                self.wait(clip.duration * 0.45)
                self.play(FadeIn(self.layers_note), run_time=min(1.0, clip.duration * 0.5))
        with self.voiceover(Line("Everything after this is about making the same layer cheap.")):
            pass


SCENES: tuple[type[DerivedScene], ...] = (
    ColumnSums,
    BlurryMess,
    OneLargeVector,
    ContextMatters,
    ScoresCompared,
    TwoNetworks,
    SelfAttentionLayer,
)
"""The chapter's scenes, in the order the explainer shows them."""
