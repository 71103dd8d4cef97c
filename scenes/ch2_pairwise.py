"""Chapter 2, pairwise convolutions: one network on every pair of words, and its two flaws.
Narrated: each animation runs while its line is spoken.

``manim -ql scenes/ch2_pairwise.py PairwiseLayer`` (and the other scenes below).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from manim import *

from derived_transformer.model import Trace, read_metrics
from derived_transformer.model import label as label_sentence
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, Chapter, Clip, DerivedScene
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    PairGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    illustration_note,
    square_field,
)
from derived_transformer.scenes.moves import copy_into
from derived_transformer.scenes.task import answer_said, question, verdict
from derived_transformer.scenes.text import counted, label
from derived_transformer.scenes.theme import color_scale, current_theme

CHAPTER = Chapter(2, "Pairwise convolutions")


@dataclass(frozen=True)
class RelatedPair:
    """Two words of a sentence the explainer points at (positions ``i`` < ``j``), and how
    to speak of them: ``answer`` when the labeller says the last word is about word ``i``,
    else the first and the last word (no claim that they are related)."""

    i: int
    j: int
    answer: bool

    def described(self, tokens: tuple[str, ...]) -> str:
        a, b = tokens[self.i], tokens[self.j]
        if self.answer:
            return f"“{a}” and “{b}”"
        return f"the first and the last word, “{a}” and “{b}”"


def related_pair(t: Trace) -> RelatedPair:
    """The last word and the word it is about, by the labeller's rules (a person's answer,
    never the model's); the first and the last word when no rule names another word."""
    last = t.n - 1
    labelled = label_sentence(t.sentence)
    if labelled.answer is not None and labelled.index < last:
        return RelatedPair(labelled.index, last, True)
    return RelatedPair(0, last, False)


def settle(scene: DerivedScene, vector: VectorColumn) -> None:
    """A vector whose cells were animated on their own becomes whole again."""
    scene.remove(vector.cells)
    scene.add(vector)


class PairwiseLayer(DerivedScene):
    """2.1: one network applied to every pair of words, live: the position-free pairwise
    model's real pair vectors, one drawn in full (``shown_components``, with numbers) and
    every pair in the grid (``grid_components``), all on one colour scale with its key."""

    short_name = "pairwise"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.1", "A network on every pair"),)
    shown_components: int = 8
    grid_components: int = 1
    """Components of each pair vector drawn in the grid (the first ones; the grid's caption
    names them): one per pair keeps the cells large."""

    def construct(self) -> None:
        self.road()
        self.one_pair()
        self.the_whole_grid()
        self.distance_no_longer_matters()

    def road(self) -> None:
        self.beat("2.1")
        self.road_map = self.open_chapter(
            Line("The second stop: a network that looks at every pair of words, near or far.")
        )

    def one_pair(self) -> None:
        theme = current_theme()
        t = self.trace
        self.pair = related_pair(t)
        shown = list(range(min(self.shown_components, t.pair_vectors.shape[-1])))
        self.value_scale = color_scale(t.pair_vectors[..., shown])
        row = TokenRow(t.tokens, size=theme.sizes.heading)
        glyph = NetworkGlyph(color=theme.pairwise, caption="one network", width=2.0, height=1.6)
        glyph.move_to(DOWN * 0.6)
        with self.voiceover(
            Line(
                "The key idea: replace the convolutional layer with a pairwise one, which "
                "applies one network to every pair of words."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.2)
            self.heading("A pairwise convolutional layer")
            row.next_to(self.current_heading, DOWN, buff=0.5)
            self.play_during(clip, FadeIn(row), FadeIn(glyph), start=0.25, end=0.55)
        i, j = self.pair.i, self.pair.j
        words = VGroup(row.word_label(i).copy(), row.word_label(j).copy())
        stacked = VGroup(*(w.copy() for w in words)).arrange(DOWN, buff=0.3)
        stacked.next_to(glyph, LEFT, buff=1.8)
        vector = VectorColumn(
            t.pair_vectors[i, j],
            max_cells=self.shown_components,
            show_numbers=True,
            value_scale=self.value_scale,
            cell_size=0.34,
        )
        vector.next_to(glyph, RIGHT, buff=1.6)
        pair_name = label(f"pair ({t.tokens[i]}, {t.tokens[j]})", theme.sizes.small, theme.muted)
        pair_name.next_to(vector, UP, buff=0.2)
        key = ColorKey(self.value_scale, title="pair vector value", width=2.0)
        key.next_to(vector, DOWN, buff=0.45)
        with self.voiceover(
            Line(
                f"Take {self.pair.described(t.tokens)}: both one-hot vectors go in together, "
                "and out comes one vector for the pair."
            )
        ) as clip:
            self.play_during(
                clip,
                row.animate_highlight([i, j], theme.highlight),
                Transform(words, stacked),
                FadeIn(key),
                start=0.35,
                end=0.55,
            )
            self.play_during(
                clip, glyph.animate_forward(words, vector), FadeIn(pair_name), start=0.57, end=0.92
            )
        self.row, self.glyph, self.words = row, glyph, words
        self.vector, self.pair_name, self.key = vector, pair_name, key

    def the_whole_grid(self) -> None:
        t = self.trace
        grid = PairGrid(
            t.pair_vectors,
            t.tokens,
            max_cells=self.grid_components,
            max_width=9.0,
            max_height=5.3,
            value_scale=self.value_scale,
            max_cell=0.5,
            row_pitch=1.3,
        )
        grid.next_to(self.current_heading, DOWN, buff=0.3)
        # the key stands beside the grid, the two centred together
        key_width = self.key.width
        grid.set_x(-(key_width + 0.5) / 2)
        i, j = self.pair.i, self.pair.j
        with self.voiceover(
            Line(
                "Every pair gets its own vector, each word paired with itself included: with "
                "n words, n × n of them.",
                spoken="Every pair gets its own vector, each word paired with itself "
                "included: with n words, n times n of them.",
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.row),
                FadeOut(self.glyph),
                FadeOut(self.words),
                FadeOut(self.pair_name),
                FadeOut(self.vector.number_labels),
                FadeOut(self.vector.index_labels),
                FadeOut(self.vector.ellipses),
                self.key.animate.next_to(grid.entries, RIGHT, buff=0.5),
                end=0.2,
            )
            # the pair's first component drops into its place; the rest are not drawn
            self.play_during(
                clip,
                ReplacementTransform(self.vector.cells[0], grid.cell(i, j).cells[0]),
                FadeOut(self.vector.cells[1:]),
                FadeIn(grid.row_labels),
                FadeIn(grid.col_labels),
                start=0.22,
                end=0.42,
            )
            others = [
                FadeIn(grid.cell(r, c)) for r in range(t.n) for c in range(t.n) if (r, c) != (i, j)
            ]
            self.play_during(
                clip, LaggedStart(*others, lag_ratio=0.01), FadeIn(grid.caption), start=0.45
            )
        self.remove(*grid.get_family())
        self.add(grid)
        self.grid = grid

    def distance_no_longer_matters(self) -> None:
        t = self.trace
        grid = self.grid
        diagonal = VGroup(*(grid.outline_entry(k, k, current_theme().muted) for k in range(t.n)))
        with self.voiceover(
            Line(
                "Pair (i, j) sits in row i, column j; the diagonal holds each word paired "
                "with itself.",
                spoken="The pair of word i and word j sits in row i, column j; the diagonal "
                "holds each word paired with itself.",
            )
        ) as clip:
            self.play_during(clip, Create(diagonal), start=0.5, end=0.85)
        i, j = self.pair.i, self.pair.j
        outline = grid.outline_entry(i, j)
        with self.voiceover(
            Line(
                f"Now distance no longer matters: {self.pair.described(t.tokens)} are "
                f"{counted(j - i, 'word')} apart, yet they meet in a single network run."
            )
        ) as clip:
            self.play_during(clip, FadeOut(diagonal), end=0.2)
            self.play_during(
                clip,
                Create(outline),
                grid.row_labels[i].animate.set_color(current_theme().highlight),
                grid.col_labels[j].animate.set_color(current_theme().highlight),
                start=0.3,
                end=0.6,
            )


class PairsOfPairs(DerivedScene):
    """2.2: a second pairwise layer combines pairs of pair vectors (groups of 4 words),
    live: the two-layer model's real pair vectors, all n^4 of its second-layer vectors
    (``quad_components`` of each, on one scale with their average), their average and its
    answer."""

    short_name = "pairs-of-pairs"
    chapter = CHAPTER
    model_name = "pairwise2"
    sentence = "the fat cat"
    fixed_example = "a 3-word phrase: the two-layer model (n^4 vectors) is trained on phrases"
    beats = (Beat("2.2", "Pairs of pairs"),)
    pair_components: int = 4
    quad_components: int = 1
    mean_components: int = 6
    example_pairs: tuple[tuple[int, int], tuple[int, int]] = ((0, 1), (1, 2))
    """The two pair vectors the scene sends through the second layer: (the, fat), (fat, cat)."""

    def construct(self) -> None:
        self.first_layer()
        self.one_pair_of_pairs()
        self.every_pair_of_pairs()
        self.average_and_predict()

    def names(self) -> list[str]:
        t = self.trace
        return [f"{t.tokens[a // t.n]}·{t.tokens[a % t.n]}" for a in range(t.n * t.n)]

    def first_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        self.beat("2.2")
        self.heading("Pairs of pair vectors")
        grid = PairGrid(
            t.pair_vectors,
            t.tokens,
            max_cells=self.pair_components,
            max_width=3.6,
            max_height=2.6,
        )
        grid.move_to([0, 0.6, 0]).scale(1.4)
        key = ColorKey(grid.value_scale, title="pair vector value", width=2.0)
        key.next_to(grid, DOWN, buff=0.35)
        note = label(
            "the two-layer pairwise model, trained on phrases; it also reads each word's "
            "position (the fix comes later)",
            theme.sizes.tiny,
            theme.muted,
        ).to_edge(DOWN, buff=0.3)
        with self.voiceover(
            Line(
                f"Repeat the idea. A first pairwise layer turned {t.n} words into "
                f"{t.n**2} pair vectors; a second one takes every pair of those."
            )
        ) as clip:
            self.play_during(clip, FadeIn(grid), FadeIn(key), FadeIn(note), start=0.1, end=0.45)
        self.grid, self.grid_key, self.note = grid, key, note

    def one_pair_of_pairs(self) -> None:
        theme = current_theme()
        t = self.trace
        (a, b), (c, d) = self.example_pairs
        first, second = a * t.n + b, c * t.n + d
        self.quad_scale = color_scale(
            np.concatenate([t.quad_vectors[..., : self.quad_components].ravel(), t.mean.ravel()])
        )
        glyph = NetworkGlyph(color=theme.pairwise, caption="second network", width=1.5)
        glyph.move_to([-0.2, 0.6, 0])
        output = VectorColumn(
            t.quad_vectors[first, second],
            max_cells=self.mean_components,
            show_numbers=True,
            value_scale=self.quad_scale,
            cell_size=0.3,
        )
        output.move_to([2.4, 0.6, 0])
        names = self.names()
        title = label(f"({names[first]}, {names[second]})", theme.sizes.small, theme.muted)
        title.next_to(output, UP, buff=0.2)
        covers = label(
            f"covers: {' '.join(t.tokens[k] for k in (a, b, c, d))}", theme.sizes.small
        ).next_to(output, DOWN, buff=0.3)
        key = ColorKey(self.quad_scale, title="second-layer value", width=2.0)
        key.next_to(output, RIGHT, buff=0.6)
        left = VGroup(self.grid, self.grid_key).copy()
        left[0].scale(1 / 1.4)
        left[1].next_to(left[0], DOWN, buff=0.35)
        left.move_to([-4.4, 0.6, 0])
        words = [t.tokens[k] for k in (a, b, c, d)]
        with self.voiceover(
            Line(
                f"Pair “{names[first]}” with “{names[second]}”: one vector that can "
                "combine up to four words.",
                spoken=f"Pair the vector of {words[0]} and {words[1]} with the vector of "
                f"{words[2]} and {words[3]}: one vector that can combine up to four words.",
            )
        ) as clip:
            self.play_during(
                clip,
                self.grid.animate.scale(1 / 1.4).move_to(left[0]),
                self.grid_key.animate.move_to(left[1]),
                start=0.0,
                end=0.15,
            )
            sources = VGroup(self.grid.outline_entry(a, b), self.grid.outline_entry(c, d))
            inputs = VGroup(self.grid.cell(a, b).copy(), self.grid.cell(c, d).copy())
            self.play_during(clip, FadeIn(glyph), FadeIn(key), Create(sources), start=0.16, end=0.3)
            self.play_during(
                clip, self.feed_network(glyph, inputs, output), FadeIn(title), start=0.32, end=0.8
            )
            self.play_during(clip, FadeIn(covers), start=0.82)
        self.glyph, self.inputs, self.output = glyph, inputs, output
        self.output_parts = VGroup(title, covers, sources)
        self.quad_key = key
        self.first_index, self.second_index = first, second

    @staticmethod
    def feed_network(glyph: NetworkGlyph, inputs: VGroup, output: VectorColumn) -> Animation:
        """The two copied pair vectors arc over the grid to the network's input, stacked,
        sink into it and vanish (consumed); a pulse runs through; the output slides out to
        where it was placed."""
        destination = output.get_center().copy()
        output.next_to(glyph.frame, RIGHT, buff=0.05).set_opacity(0)
        stacked = inputs.copy().arrange(DOWN, buff=0.2)
        stacked.next_to(glyph.frame, LEFT, buff=0.15)
        pulse = glyph.edges.copy().set_stroke(current_theme().highlight, width=2.5, opacity=1)
        return Succession(
            Transform(inputs, stacked, path_arc=-0.9, run_time=1.0),
            inputs.animate(run_time=0.6).scale(0.4).move_to(glyph.nodes[0]).set_opacity(0),
            ShowPassingFlash(pulse, time_width=0.6, run_time=0.7),
            output.animate(run_time=0.8).set_opacity(1).move_to(destination),
        )

    def every_pair_of_pairs(self) -> None:
        theme = current_theme()
        t = self.trace
        quads = PairGrid(
            t.quad_vectors,
            self.names(),
            max_cells=self.quad_components,
            max_width=6.4,
            max_height=5.2,
            subject="vector",
            value_scale=self.quad_scale,
            max_cell=0.5,
            row_pitch=1.3,
        )
        quads.move_to([2.6, -0.3, 0])
        total = t.quad_vectors.shape[0] * t.quad_vectors.shape[1]
        count = label(
            f"{t.n} words → {t.n**2} pair vectors → {total} vectors",
            theme.sizes.small,
            theme.pairwise,
        )
        count.next_to(self.grid_key, DOWN, buff=0.5).set_x(self.grid.get_x())
        first, second = self.first_index, self.second_index
        with self.voiceover(
            Line(f"{t.n**2} pair vectors make {total} such pairs, and {total} new vectors.")
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.glyph),
                FadeOut(self.inputs),
                FadeOut(self.output_parts),
                FadeOut(self.output.number_labels),
                FadeOut(self.output.index_labels),
                FadeOut(self.output.ellipses),
                self.quad_key.animate.next_to(quads, UP, buff=0.3).align_to(quads, RIGHT),
                end=0.2,
            )
            self.play_during(
                clip,
                ReplacementTransform(self.output.cells, quads.cell(first, second).cells),
                FadeIn(quads.row_labels),
                FadeIn(quads.col_labels),
                start=0.22,
                end=0.4,
            )
            rest = [
                FadeIn(quads.cell(r, c))
                for r in range(quads.n)
                for c in range(quads.n)
                if (r, c) != (first, second)
            ]
            self.play_during(
                clip,
                LaggedStart(*rest, lag_ratio=0.01),
                FadeIn(quads.caption),
                FadeIn(count),
                start=0.42,
            )
        self.remove(*quads.get_family())
        self.add(quads)
        third = label(f"a third layer: {t.n**8:,} vectors", theme.sizes.small, theme.muted).next_to(
            count, DOWN, buff=0.3
        )
        with self.voiceover(
            Line("A third layer would combine groups of eight words, and so on.")
        ) as clip:
            self.play_during(clip, FadeIn(third, shift=DOWN * 0.1), start=0.2, end=0.55)
        self.quads, self.quad_count, self.third_layer = quads, count, third

    def average_and_predict(self) -> None:
        theme = current_theme()
        t = self.trace
        mean = VectorColumn(
            t.mean,
            max_cells=self.mean_components,
            show_numbers=True,
            value_scale=self.quad_scale,
            cell_size=0.3,
        )
        mean.move_to([-5.2, 0.6, 0])
        caption = label(f"average of all {t.n**4}", theme.sizes.small, theme.muted)
        caption.next_to(mean, UP, buff=0.2)
        mean_key = ColorKey(self.quad_scale, title="average value", width=1.5)
        mean_key.move_to([-2.8, mean.cells.get_y(), 0])
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.3,
            color=theme.pairwise,
            title=question(t.tokens),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        chart.scale(0.9).move_to([-3.4, -2.0, 0])
        judged = label(verdict(t), theme.sizes.small).next_to(chart, DOWN, buff=0.2)
        with self.voiceover(
            Line(
                "At the end, all of them are averaged into one vector, and a small network "
                f"answers: {question(t.tokens)}"
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.grid),
                FadeOut(self.grid_key),
                FadeOut(self.quad_count),
                FadeOut(self.third_layer),
                end=0.15,
            )
            everything = SurroundingRectangle(self.quads.entries, color=theme.highlight, buff=0.08)
            self.play_during(clip, Create(everything), start=0.17, end=0.27)
            # the outline of all 81 shrinks onto the average: no copies cross the grid
            target = SurroundingRectangle(mean.cells, color=theme.highlight, buff=0.08)
            self.play_during(
                clip,
                Transform(everything, target),
                FadeIn(mean.cells, rate_func=squish_rate_func(smooth, 0.5, 1.0)),
                FadeIn(caption),
                start=0.29,
                end=0.5,
            )
            settle(self, mean)
            self.play_during(
                clip,
                FadeIn(mean.number_labels),
                FadeIn(mean.index_labels),
                FadeIn(mean.ellipses),
                FadeIn(mean_key),
                FadeOut(everything),
                start=0.52,
                end=0.65,
            )
            self.play_during(clip, chart.animate_grow(), start=0.67)
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * 0.1), start=0.5)
        self.mean, self.chart, self.mean_key = mean, chart, mean_key


class PermutationView(DerivedScene):
    """2.3: a pairwise layer is an ordinary convolution, two words wide, run on every
    ordering of the words and averaged, plus each word paired with itself. The orderings
    and their count are computed from the sentence (n! of them)."""

    short_name = "permutations"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.3", "Every permutation"),)
    shown_orderings: int = 5

    def construct(self) -> None:
        self.orderings()
        self.related_words_meet()
        self.every_pair_meets()
        self.each_word_with_itself()

    def orderings(self) -> None:
        theme = current_theme()
        self.beat("2.3")
        self.heading("Every ordering of the words")
        t = self.trace
        self.pair = related_pair(t)
        self.i, self.j = self.pair.i, self.pair.j
        chosen = self.pick_orderings(t.n)
        rows = VGroup()
        for order in chosen:
            row = TokenRow([t.tokens[k] for k in order], size=theme.sizes.body, buff=0.3)
            row.order = order
            rows.add(row)
        rows.arrange(DOWN, buff=0.55).next_to(self.current_heading, DOWN, buff=0.55)
        orderings = math.factorial(t.n)
        count = label(
            f"{counted(t.n, 'word')}: {counted(orderings, 'ordering')}",
            theme.sizes.label,
            theme.pairwise,
        ).to_edge(DOWN, buff=0.5)
        with self.voiceover(
            Line(
                "Another way to see a pairwise layer: run an ordinary convolution, two words "
                "wide, on every ordering of the words, and average."
            )
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(r, shift=DOWN * 0.1) for r in rows), lag_ratio=0.25),
                start=0.3,
                end=0.85,
            )
            self.play_during(clip, FadeIn(count), start=0.87)
        self.rows, self.count = rows, count

    def pick_orderings(self, n: int) -> list[tuple[int, ...]]:
        """The sentence's own order, a few reorderings in which the two related words are
        apart (as many as exist, up to ``shown_orderings - 2``), and one where they are
        neighbours; deterministic, and finite for any length."""
        own = tuple(range(n))
        rest = [k for k in range(n) if k not in (self.i, self.j)]
        together = (*rest[: len(rest) // 2], self.i, self.j, *rest[len(rest) // 2 :])
        rng = np.random.default_rng(0)
        if n <= 6:  # few enough to list them all, in a fixed shuffled order
            every = list(itertools.permutations(range(n)))
            candidates = [every[k] for k in rng.permutation(len(every))]
        else:
            candidates = [tuple(int(k) for k in rng.permutation(n)) for _ in range(200)]
        chosen = [own]
        for order in candidates:
            if len(chosen) >= self.shown_orderings - 1:
                break
            apart = abs(order.index(self.i) - order.index(self.j)) > 1
            if apart and order not in chosen and order != together:
                chosen.append(order)
        if together not in chosen:
            chosen.append(together)
        return chosen

    def related_words_meet(self) -> None:
        theme = current_theme()
        t = self.trace
        last = next(r for r in self.rows if abs(r.order.index(self.i) - r.order.index(self.j)) == 1)
        a, b = last.order.index(self.i), last.order.index(self.j)
        frame = SurroundingRectangle(
            VGroup(last.word_label(a), last.word_label(b)), color=theme.highlight, buff=0.1
        )
        with self.voiceover(
            Line(
                f"Somewhere there is an order in which {self.pair.described(t.tokens)} sit "
                "side by side, and one window sees them together."
            )
        ) as clip:
            self.play_during(
                clip,
                *(
                    row.animate_highlight(
                        [row.order.index(self.i), row.order.index(self.j)], theme.highlight
                    )
                    for row in self.rows
                ),
                start=0.3,
                end=0.6,
            )
            self.play_during(clip, Create(frame), start=0.65, end=0.9)
        self.frame = frame

    def every_pair_meets(self) -> None:
        theme = current_theme()
        row = self.rows[0]
        windows = [
            SurroundingRectangle(
                VGroup(row.word_label(k), row.word_label(k + 1)), color=theme.pairwise, buff=0.08
            )
            for k in range(len(row.word_labels) - 1)
        ]
        window = windows[0].copy()
        with self.voiceover(
            Line(
                "Averaged over every ordering, each pair of different words meets in a window "
                "equally often."
            )
        ) as clip:
            self.play_during(clip, Create(window), start=0.1, end=0.25)
            if len(windows) > 1:  # two words have one window only
                self.play_during(
                    clip,
                    Succession(*(Transform(window, w) for w in windows[1:])),
                    start=0.27,
                    end=0.95,
                )
        self.window = window

    def each_word_with_itself(self) -> None:
        theme = current_theme()
        t = self.trace
        word = t.tokens[self.j]
        twice = TokenRow([word, word], size=theme.sizes.body, buff=0.3)
        frame = SurroundingRectangle(twice, color=theme.pairwise, buff=0.08)
        caption = label(f"the diagonal pair ({word}, {word})", theme.sizes.label, theme.muted)
        group = VGroup(VGroup(twice, frame), caption).arrange(RIGHT, buff=0.4)
        group.next_to(self.count, UP, buff=0.35)
        with self.voiceover(
            Line(
                "A pairwise layer also pairs each word with itself, which no ordering puts "
                "side by side: as if each word were written twice."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.window), end=0.15)
            self.play_during(clip, FadeIn(twice), start=0.55, end=0.75)
            self.play_during(clip, Create(frame), FadeIn(caption), start=0.77, end=0.95)
        n = t.n
        pairs = label(
            f"the pairwise layer: {n} × {n} = {n * n} pairs", theme.sizes.label, theme.pairwise
        ).next_to(self.count, DOWN, buff=0.2)
        with self.voiceover(
            Line(
                f"Instead of {math.factorial(n):,} orderings, the pairwise layer gets there with "
                f"just {n * n} pairs."
            )
        ) as clip:
            self.play_during(
                clip,
                self.count.animate.shift(UP * 0.25),
                group.animate.shift(UP * 0.25),
                start=0.1,
                end=0.3,
            )
            self.play_during(
                clip, FadeIn(pairs.shift(UP * 0.25), shift=UP * 0.1), start=0.35, end=0.6
            )
        self.diagonal = group
        self.pair_count = pairs


def phrase_panel(
    t: Trace,
    x: float,
    color: str,
    grid_scale: float,
    mean_scale: float,
    mean_cells: int,
    mean_shown: tuple[int, ...] | None = None,
    components: int = 2,
) -> VGroup:
    """One phrase: its words, its pair grid (the first ``components`` of each pair
    vector), the average of its pair vectors and the answer with its verdict, stacked in a
    column centred at ``x``; both phrases share one grid scale and one average scale."""
    theme = current_theme()
    words = TokenRow(t.tokens, size=theme.sizes.heading).move_to([x, 2.5, 0])
    grid = PairGrid(
        t.pair_vectors,
        t.tokens,
        max_cells=components,
        max_width=3.6,
        max_height=2.5,
        show_caption=False,
        value_scale=grid_scale,
        max_cell=0.42,
        row_pitch=1.5,
    ).move_to([x - 0.9, 0.8, 0])
    mean = VectorColumn(
        t.mean,
        max_cells=mean_cells,
        shown=mean_shown,
        show_numbers=True,
        cell_size=0.26,
        value_scale=mean_scale,
    )
    mean.move_to([x + 2.15, 0.7, 0])
    mean_title = label("average", theme.sizes.small, theme.muted).next_to(mean, UP, 0.15)
    chart = ProbabilityBars(
        t.top_words[:2],
        t.top_probabilities[:2],
        bar_width=1.6,
        color=color,
        value_texts=[percent(float(p)) for p in t.top_probabilities[:2]],
    )
    chart.move_to([x, -1.35, 0])
    judged = label(verdict(t), theme.sizes.small).next_to(chart, DOWN, buff=0.2)
    panel = VGroup(words, grid, mean, mean_title, chart, judged)
    panel.words, panel.grid, panel.mean, panel.mean_title = words, grid, mean, mean_title
    panel.chart, panel.judged = chart, judged
    return panel


def both_verdicts(a: Trace, b: Trace) -> str:
    """What the model answers for two phrases, said once when it is the same word."""
    if a.answer != b.answer:
        return f"It answers “{a.answer}” and “{b.answer}”."
    word = a.answer
    if word not in a.tokens and word not in b.tokens:
        return f"For both it answers “{word}”: not even a word of either phrase."
    right = [t.sentence for t in (a, b) if t.correct]
    wrong = [t.sentence for t in (a, b) if t.correct is False]
    if right and wrong:
        return f"For both it answers “{word}”: right for “{right[0]}”, wrong for “{wrong[0]}”."
    return f"For both it answers “{word}”."


class OrderIsLost(DerivedScene):
    """2.4: "the fat cat" and "the cat fat" through the position-free model, live: two
    traces computed apart; the pairs of one move to their places in the other, and the
    averages and answers come out equal (one scale for both grids, one for both
    averages, each with its key)."""

    short_name = "order-lost"
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    other_sentence: str = "the cat fat"
    fixed_example = "the pair of phrases “the fat cat” / “the cat fat”"
    beats = (Beat("2.4", "Flaw one: order is lost"),)
    mean_cells: int = 5
    grid_components: int = 2
    """How many components of each pair vector the grids draw (the key says which): few,
    so that the cells are large."""
    model_tag: str = "the one-layer pairwise model, without positions"
    """The model named on screen, under both phrases."""

    def construct(self) -> None:
        self.both_phrases()
        self.same_pairs()
        self.same_numbers()

    def build_panels(self) -> None:
        color = current_theme().model_color(self.model_name)
        a, b = self.trace, self.trace_of(self.other_sentence)
        shown = list(range(self.grid_components))
        grid_scale = color_scale(np.stack([a.pair_vectors, b.pair_vectors])[..., shown])
        mean_scale = color_scale(np.stack([a.mean, b.mean]))
        means = self.mean_shown(a, b)
        self.left, self.right = (
            phrase_panel(
                t, x, color, grid_scale, mean_scale, self.mean_cells, means, self.grid_components
            )
            for t, x in ((a, -3.6), (b, 3.6))
        )
        theme = current_theme()
        size = a.pair_vectors.shape[-1]
        self.grid_key = ColorKey(
            grid_scale,
            title=f"pair vector value (components 0–{len(shown) - 1} of {size})",
            width=2.2,
        )
        self.grid_key.move_to([-2.4, -3.1, 0])
        self.mean_key = ColorKey(mean_scale, title="average value", width=2.2)
        self.mean_key.move_to([2.4, -3.1, 0])
        self.model_note = label(self.model_tag, theme.sizes.tiny, theme.muted)
        self.model_note.to_edge(DOWN, buff=0.2)

    def mean_shown(self, a: Trace, b: Trace) -> tuple[int, ...] | None:
        """Which components of the averages to draw: the first ones, and the last."""
        return None

    def both_phrases(self) -> None:
        self.beat("2.4")
        self.heading("Flaw one: order is lost")
        self.build_panels()
        with self.voiceover(
            Line(
                f"Flaw one: order is lost. “{self.sentence}” and “{self.other_sentence}” "
                "mean different things, but they have the same words, so the same pairs."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.left.words), FadeIn(self.right.words), end=0.35)
            self.play_during(
                clip,
                FadeIn(self.left.grid),
                FadeIn(self.grid_key),
                FadeIn(self.model_note),
                start=0.4,
                end=0.7,
            )

    def same_pairs(self) -> None:
        """Each pair vector of the first phrase moves to where the same two words sit in
        the second phrase's grid."""
        a, b = self.trace, self.trace_of(self.other_sentence)
        where = {word: k for k, word in enumerate(b.tokens)}
        moves = []
        for i in range(a.n):
            for j in range(a.n):
                target = self.right.grid.cell(where[a.tokens[i]], where[a.tokens[j]])
                moves.append(copy_into(self.left.grid.cell(i, j).cells, target.cells))
        with self.voiceover(
            Line("Without positions, the second phrase's pairs are the same vectors, moved.")
        ) as clip:
            self.play_during(
                clip,
                FadeIn(self.right.grid.row_labels),
                FadeIn(self.right.grid.col_labels),
                start=0.1,
                end=0.3,
            )
            self.play_during(clip, LaggedStart(*moves, lag_ratio=0.05), start=0.35, end=0.95)
        self.remove(*self.right.grid.get_family())
        self.add(self.right.grid)

    def show_outputs(self, clip: Clip, start: float = 0.0) -> None:
        """Both phrases' averages, their pair vectors flowing into them, within the line's
        fractions from ``start`` on."""

        def at(fraction: float) -> float:
            return start + fraction * (1 - start)

        spans = (((0.0, 0.3), (0.32, 0.45)), ((0.5, 0.8), (0.82, 1.0)))
        for panel, (flow_span, number_span) in zip((self.left, self.right), spans, strict=True):
            n = panel.grid.n
            flow = copy_into(
                VGroup(*(panel.grid.cell(i, j).cells for i in range(n) for j in range(n))),
                panel.mean.cells,
            )
            extra = [FadeIn(self.mean_key)] if panel is self.left else []
            self.play_during(
                clip,
                flow,
                FadeIn(panel.mean_title),
                *extra,
                start=at(flow_span[0]),
                end=at(flow_span[1]),
            )
            settle(self, panel.mean)
            self.play_during(
                clip,
                FadeIn(panel.mean.number_labels),
                FadeIn(panel.mean.index_labels),
                FadeIn(panel.mean.ellipses),
                start=at(number_span[0]),
                end=at(number_span[1]),
            )

    def same_numbers(self) -> None:
        a, b = self.trace, self.trace_of(self.other_sentence)
        difference = float(np.max(np.abs(a.mean - b.mean)))
        same = "the same, number for number" if difference < 1e-6 else "different"
        with self.voiceover(Line(f"So their averages are {same}, and so is the answer.")) as clip:
            self.show_outputs(clip, 0.1)
        with self.voiceover(Line(both_verdicts(a, b))) as clip:
            self.play_during(
                clip,
                self.left.chart.animate_grow(),
                self.right.chart.animate_grow(),
                start=0.1,
                end=0.6,
            )
            self.play_during(clip, FadeIn(self.left.judged), FadeIn(self.right.judged), start=0.65)


class PositionsAttached(OrderIsLost):
    """2.5: a one-hot position attached to each word (counted back from the last word, as
    the model reads it); the same two phrases now give different pair vectors and
    averages, live: the model with positions, its real outputs and answers; the measured
    share of order-only pairs it gets both right, against the attention models'."""

    short_name = "positions"
    in_gallery = True
    model_name = "pairwise_positions"
    beats = (Beat("2.5", "Fix: attach positions"),)
    shown_word: str = "cat"
    """The word whose input vector is drawn in both phrases."""
    model_tag: str = "the one-layer pairwise model, with positions"
    other_reading: str = "“fat” is the noun: the fat of a cat"
    """Why a person answers the last word of ``other_sentence``: said and shown whenever
    that phrase is judged against the labeller's answer, whatever the model answers."""
    compared: tuple[tuple[str, str], ...] = (
        ("pairwise_positions", "this model"),
        ("attention", "self-attention (chapter 3)"),
        ("transformer", "transformer (chapter 4)"),
    )

    def construct(self) -> None:
        self.input_vectors()
        self.both_phrases()
        self.show_differences()
        self.measured()

    def input_vector(self, t: Trace, x: float) -> VGroup:
        theme = current_theme()
        k = t.tokens.index(self.shown_word)
        word_id = int(t.ids[k])
        shown = tuple(range(max(word_id - 1, 0), min(word_id + 2, t.one_hot.shape[1])))
        word = VectorColumn(t.one_hot[k], shown=shown, cell_size=0.4, value_scale=1.0)
        positions = VectorColumn(
            t.positions[k], max_cells=6, cell_size=0.4, show_indices=True, value_scale=1.0
        )
        parts = VGroup(word, positions).arrange(RIGHT, buff=0.9, aligned_edge=UP)
        word_title = label(f"word {word_id}", theme.sizes.small, theme.muted)
        word_title.next_to(word, UP, buff=0.2)
        position_title = label(
            f"position {int(t.position_index[k])}", theme.sizes.small, theme.highlight
        ).next_to(positions, UP, buff=0.2)
        joined = SurroundingRectangle(
            VGroup(parts, word_title, position_title), color=theme.outline, buff=0.15
        )
        joined_title = label(
            f"one input: {t.one_hot.shape[1]} word entries, then "
            f"{t.positions.shape[1]} position entries",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(joined, DOWN, buff=0.15)
        phrase = TokenRow(t.tokens, size=theme.sizes.heading)
        phrase.word_label(k).set_color(theme.highlight)
        group = VGroup(phrase, VGroup(parts, word_title, position_title, joined, joined_title))
        group.arrange(DOWN, buff=0.45).move_to([x, -0.1, 0])
        group.position_title = position_title
        group.positions = positions
        return group

    def input_vectors(self) -> None:
        theme = current_theme()
        self.beat("2.5")
        self.heading("Fix: attach positions")
        a, b = self.trace, self.trace_of(self.other_sentence)
        left, right = self.input_vector(a, -3.4), self.input_vector(b, 3.4)
        left_place = left.get_center().copy()
        left.set_x(0)
        key = ColorKey(1.0, title="entry of a one-hot vector", key_range="one-sided")
        key.to_corner(DR, buff=0.5)
        with self.voiceover(
            Line(
                "The fix: attach to each word a second one-hot vector, for its position in "
                "the sentence."
            )
        ) as clip:
            self.play_during(clip, FadeIn(left), FadeIn(key), start=0.3, end=0.65)
        with self.voiceover(
            Line(
                "Positions count back from the last word, the one the question is about: "
                f"“{self.shown_word}” is at position "
                f"{int(a.position_index[a.tokens.index(self.shown_word)])} in one phrase and "
                f"{int(b.position_index[b.tokens.index(self.shown_word)])} in the other."
            )
        ) as clip:
            self.play_during(clip, left.animate.move_to(left_place), start=0.3, end=0.5)
            self.play_during(clip, FadeIn(right), start=0.52, end=0.75)
            self.play_during(
                clip,
                Indicate(left.position_title, color=theme.highlight),
                Indicate(right.position_title, color=theme.highlight),
                start=0.78,
            )
        cutoff = a.positions.shape[1]
        note = illustration_note("real models count tens of thousands of positions")
        note.to_edge(DOWN, buff=0.3)
        with self.voiceover(
            Line(
                "In practice the count goes up to tens of thousands of positions; our models "
                f"count up to {cutoff}."
            )
        ) as clip:
            self.play_during(clip, FadeIn(note), start=0.1, end=0.4)
        self.inputs = VGroup(left, right, key, note)

    def both_phrases(self) -> None:
        self.build_panels()
        with self.voiceover(
            Line(
                f"Now “{self.sentence}” and “{self.other_sentence}” are different inputs, "
                "and give different pair vectors."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.inputs), end=0.2)
            self.play_during(
                clip,
                FadeIn(self.left.words),
                FadeIn(self.right.words),
                FadeIn(self.left.grid),
                FadeIn(self.right.grid),
                FadeIn(self.grid_key),
                FadeIn(self.model_note),
                start=0.25,
                end=0.7,
            )

    def mean_shown(self, a: Trace, b: Trace) -> tuple[int, ...] | None:
        """The components in which the two averages differ most, in index order."""
        difference = np.abs(a.mean - b.mean)
        return tuple(sorted(int(k) for k in np.argsort(-difference)[: self.mean_cells]))

    def show_differences(self) -> None:
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        difference = np.abs(a.mean - b.mean)
        largest = float(difference.max())
        self.largest_difference = largest
        spread = float(np.abs(np.concatenate([a.mean, b.mean])).max())
        note = label(
            f"averages: the {self.mean_cells} components differing most (by at most {largest:.2f})",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.left.judged, DOWN, buff=0.15)
        how = "only a little" if largest < 0.25 * spread else "clearly"
        with self.voiceover(
            Line(f"Their averages differ now, but {how}: no number by more than {largest:.2f}.")
        ) as clip:
            self.show_outputs(clip, 0.05)
        said = both_verdicts(a, b)
        # the reading is the labeller's, so it is given whatever the model answers
        labelled_last = b.expected is not None and b.expected == b.tokens[-1]
        if labelled_last and b.sentence == self.other_sentence and self.other_reading:
            said += f" In “{b.sentence}”, {self.other_reading}."
            reading = label(f"({self.other_reading})", theme.sizes.tiny, theme.muted)
            reading.next_to(self.right.judged, DOWN, buff=0.12)
            self.right.add(reading)
        else:
            reading = VGroup()
        if a.answer == b.answer:
            said += " Averaging all the pairs washes out most of what the positions say."
        self.difference_note, self.reading = note, reading
        with self.voiceover(Line(said)) as clip:
            self.play_during(
                clip,
                self.left.chart.animate_grow(),
                self.right.chart.animate_grow(),
                start=0.05,
                end=0.4,
            )
            self.play_during(
                clip,
                FadeIn(self.left.judged),
                FadeIn(self.right.judged),
                FadeIn(reading),
                FadeIn(note),
                start=0.45,
                end=0.7,
            )
        self.wait(0.6)

    def measured(self) -> None:
        theme = current_theme()
        order = read_metrics()["evidence"]["word_order"]
        values = [order["models"][m]["pairs_both_right"] for m, _ in self.compared]
        self.measured_values = dict(zip((m for m, _ in self.compared), values, strict=True))
        chart = ProbabilityBars(
            [name for _, name in self.compared],
            values,
            bar_width=4.5,
            bar_height=0.5,
            value_texts=[percent(v) for v in values],
        )
        for k, (model_name, _) in enumerate(self.compared):
            chart.bar(k).set_fill(theme.model_color(model_name), 1)
        chart.move_to(DOWN * 0.2)
        title = label(
            f"both right, on {order['pairs']:,} held-out pairs that differ only in word order",
            theme.sizes.label,
        ).next_to(chart, UP, buff=0.6)
        example = order["examples"][0].split(" / ")
        source = label(
            f"e.g. “{example[0]}” / “{example[1]}”", theme.sizes.tiny, theme.muted
        ).to_edge(DOWN, buff=0.45)
        mine, attention, transformer = values
        with self.voiceover(
            Line(
                f"Measured on {order['pairs']:,} pairs of held-out sentences that differ only "
                f"in word order, it gets both right in {percent(mine)} of them."
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.left),
                FadeOut(self.right),
                FadeOut(self.grid_key),
                FadeOut(self.mean_key),
                FadeOut(self.model_note),
                FadeOut(self.difference_note),
                end=0.2,
            )
            self.play_during(
                clip,
                FadeIn(title),
                FadeIn(source),
                FadeIn(chart.word_labels),
                FadeIn(chart.tracks),
                start=0.22,
                end=0.45,
            )
            self.play_during(
                clip,
                GrowFromEdge(chart.bar(0), LEFT),
                FadeIn(chart.value_label(0)),
                start=0.6,
            )
        with self.voiceover(
            Line(
                f"Self-attention, which weighs the pairs instead of averaging them, gets "
                f"{percent(attention)}; the transformer, {percent(transformer)}."
            )
        ) as clip:
            for k, (start, end) in enumerate(((0.15, 0.5), (0.6, 0.95)), start=1):
                self.play_during(
                    clip,
                    GrowFromEdge(chart.bar(k), LEFT),
                    FadeIn(chart.value_label(k)),
                    start=start,
                    end=end,
                )
        self.measured_chart = chart


def word_row(count: int, color: str, pitch: float = 0.26) -> VMobject:
    """``count`` small squares in one row, as one path (the words of a sentence, drawn
    like :func:`square_field` draws its blocks)."""
    template = Square(pitch * 0.78).points
    offsets = np.array([[k * pitch, 0.0, 0.0] for k in range(count)])
    row = VMobject(stroke_width=0).set_fill(color, 1)
    row.points = (template[None, :, :] + offsets[:, None, :]).reshape(-1, 3)
    return row.center()


class GrowthProblem(DerivedScene):
    """2.6: the vector count squares with every layer, live: the counts for the sentence on
    screen, the pair vector size of the trained model and the measured cost of one layer;
    the passage of ``passage_words`` words is a hypothetical, labelled as such."""

    short_name = "growth"
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    beats = (Beat("2.6", "Flaw two: size"),)
    passage_words: int = 1000
    passage_components: int = 1000
    cost_length: int = 24
    """The sentence length at which the measured cost of one layer is quoted."""

    def construct(self) -> None:
        self.squares_with_every_layer()
        self.a_long_passage()
        self.measured_cost()
        self.shrink_back()

    def squares_with_every_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        n = t.n
        self.beat("2.6")
        self.heading("Flaw two: size")
        groups = VGroup()
        for count, what in ((n, "word"), (n**2, "pair vector"), (n**4, "vector")):
            dots = (
                word_row(count, theme.pairwise)
                if what == "word"
                else square_field(count, theme.pairwise, max_side=3.4)
            )
            caption = label(counted(count, what), theme.sizes.body)
            groups.add(VGroup(dots, caption.next_to(dots, DOWN, buff=0.3)))
        groups.arrange(RIGHT, buff=1.3, aligned_edge=DOWN).move_to(DOWN * 0.1)
        arrows = VGroup(
            *(
                Arrow(a[0].get_right(), b[0].get_left(), buff=0.25, color=theme.muted)
                for a, b in itertools.pairwise(groups)
            )
        )
        with self.voiceover(
            Line(
                f"Flaw two: size. {counted(n, 'word')} make {counted(n**2, 'pair vector')} "
                f"after one layer, and {n**4:,} after two."
            )
        ) as clip:
            self.play_during(clip, FadeIn(groups[0]), start=0.2, end=0.35)
            self.play_during(
                clip,
                GrowArrow(arrows[0]),
                copy_into(groups[0][0], groups[1][0]),
                FadeIn(groups[1][1]),
                start=0.4,
                end=0.6,
            )
            self.play_during(
                clip,
                GrowArrow(arrows[1]),
                copy_into(groups[1][0], groups[2][0]),
                FadeIn(groups[2][1]),
                start=0.7,
                end=0.95,
            )
        squares = VGroup(
            *(
                label(f"{a}² = {b}", theme.sizes.label, theme.highlight).next_to(arrow, UP, 0.15)
                for arrow, (a, b) in zip(arrows, ((n, n**2), (n**2, n**4)), strict=True)
            )
        )
        with self.voiceover(
            Line("The count squares with every layer.")
        ) as clip:  # fmt: skip
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(x, shift=UP * 0.1) for x in squares), lag_ratio=0.4),
                start=0.2,
            )
        self.groups = VGroup(groups, arrows, squares)

    def a_long_passage(self) -> None:
        theme = current_theme()
        words, size = self.passage_words, self.passage_components
        one, two = words**2, words**4
        terabytes = two * size * 4 / 1e12
        dim = self.trace.pair_vectors.shape[-1]
        lines = VGroup(
            label(f"a passage of {words:,} words", theme.sizes.body),
            label(f"one layer: {one:,} vectors", theme.sizes.body, theme.pairwise),
            label(f"two layers: {two:,} vectors", theme.sizes.body, theme.pairwise),
            label(
                f"× {size:,} numbers × 4 bytes = {terabytes:,.0f} terabytes",
                theme.sizes.body,
                theme.negative,
            ),
        ).arrange(DOWN, buff=0.4, aligned_edge=LEFT)
        lines.move_to(UP * 0.2)
        note = illustration_note(
            f"a hypothetical passage, with vectors of {size:,} numbers"
        ).next_to(lines, DOWN, buff=0.5)
        ours = VGroup(*(Square(0.26, stroke_width=0) for _ in range(dim)))
        ours.set_fill(theme.pairwise, 1).arrange(RIGHT, buff=0.06)
        ours.scale_to_fit_width(min(ours.width, 11.0)).move_to(UP * 0.6)
        ours_label = label(f"one of our pair vectors: {dim} numbers", theme.sizes.body).next_to(
            ours, UP, buff=0.35
        )
        theirs = label(
            f"a large model's: hundreds or thousands ({size:,} is {size // dim} times as many)",
            theme.sizes.body,
            theme.negative,
        ).next_to(ours, DOWN, buff=0.6)
        with self.voiceover(
            Line(
                f"And every vector is long: ours have {dim} numbers, large models hundreds "
                "or thousands."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.groups), end=0.15)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(q) for q in ours), lag_ratio=0.05),
                FadeIn(ours_label),
                start=0.17,
                end=0.6,
            )
            self.play_during(clip, FadeIn(theirs, shift=UP * 0.1), start=0.65, end=0.9)
        self.long_vectors = VGroup(ours, ours_label, theirs)
        with self.voiceover(
            Line(
                f"For a passage of {words:,} words, that is {one:,} vectors after one layer, "
                "and a million million after two: thousands of terabytes.",
                spoken=f"For a passage of {words:,} words, that is a million vectors after "
                "one layer, and a million million after two: thousands of terabytes.",
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.long_vectors), end=0.1)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(x, shift=RIGHT * 0.2) for x in lines), lag_ratio=0.4),
                FadeIn(note),
                start=0.12,
                end=0.9,
            )
        self.passage = VGroup(lines, note)

    def measured_cost(self) -> None:
        theme = current_theme()
        cost = read_metrics()["evidence"]["cost"]
        row = next(r for r in cost["rows"] if r["n"] == self.cost_length)
        ours = self.trace.pair_vectors.shape[-1]
        pairwise, pairs_of_pairs = (
            row["pairwise"]["multiply_adds"],
            row["pairs_of_pairs"]["multiply_adds"],
        )
        chart = VGroup(
            label(
                f"measured, one test layer on {self.cost_length} words "
                f"(its vectors: {cost['width']} numbers, not our {ours}):",
                theme.sizes.body,
            ),
            label(f"pairwise: {pairwise:,} multiply-adds", theme.sizes.body, theme.pairwise),
            label(
                f"pairs of pairs: {pairs_of_pairs:,} multiply-adds",
                theme.sizes.body,
                theme.negative,
            ),
        ).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        chart.move_to(UP * 0.2)
        millions, billions = pairwise / 1e6, pairs_of_pairs / 1e9
        with self.voiceover(
            Line(
                f"Even our small layers show it: on {self.cost_length} words, one pairwise "
                f"layer takes {millions:.2f} million multiply-adds, a layer on pairs of pairs "
                f"{billions:.2f} billion."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.passage), end=0.15)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(x, shift=RIGHT * 0.2) for x in chart), lag_ratio=0.5),
                start=0.2,
                end=0.9,
            )
        self.cost_lines = chart
        self.cost_values = (pairwise, pairs_of_pairs)

    def shrink_back(self) -> None:
        """The n x n pair vectors collapse, column by column, into n vectors: where
        chapter 3 begins."""
        theme = current_theme()
        n = self.trace.n
        pitch = min(0.8, 4.0 / n)
        side = pitch * 0.8
        grid = VGroup(
            *(
                Square(side, stroke_width=0)
                .set_fill(theme.pairwise, 1)
                .move_to([c * pitch, -r * pitch, 0])
                for r in range(n)
                for c in range(n)
            )
        ).move_to(UP * 0.6)
        row = VGroup(
            *(
                Square(side, stroke_width=0)
                .set_fill(theme.attention, 1)
                .move_to([grid[c].get_x(), grid.get_bottom()[1] - 1.0, 0])
                for c in range(n)
            )
        )
        left = label(f"{n} × {n} pair vectors", theme.sizes.label).next_to(grid, LEFT, buff=0.5)
        right = label(f"{n} vectors", theme.sizes.label, theme.attention).next_to(
            row, LEFT, buff=0.5
        )
        with self.voiceover(
            Line(
                "So before the next layer, the n × n pair vectors must shrink back to n. That "
                "is where self-attention begins.",
                spoken="So before the next layer, the n times n pair vectors must shrink back "
                "to n. That is where self-attention begins.",
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.cost_lines), end=0.12)
            self.play_during(clip, FadeIn(grid), FadeIn(left), start=0.14, end=0.35)
            columns = [
                copy_into(VGroup(*(grid[r * n + c] for r in range(n))), row[c]) for c in range(n)
            ]
            self.play_during(clip, *columns, FadeIn(right), start=0.4, end=0.85)
        self.collapsed = row


SCENES: tuple[type[DerivedScene], ...] = (
    PairwiseLayer,
    PairsOfPairs,
    PermutationView,
    OrderIsLost,
    PositionsAttached,
    GrowthProblem,
)
"""The chapter's scenes, in the order the explainer shows them."""
