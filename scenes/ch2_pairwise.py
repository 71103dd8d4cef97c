"""Chapter 2, pairwise convolutions: one network on every pair of words, and its two flaws.

``manim -ql scenes/ch2_pairwise.py PairwiseLayer`` (and the other scenes below).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from manim import *

from model import PairwiseTrace, Trace
from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import (
    NetworkGlyph,
    PairGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    square_field,
)
from scenes.text import counted, label
from scenes.theme import current_theme

CHAPTER = Chapter(2, "Pairwise convolutions")


def deciding_pair(t: Trace) -> tuple[int, int]:
    """The pair (row, column) the explainer points at: the model's answer (when it is a word
    of the sentence) with the last word, the word the question is about."""
    last = t.n - 1
    if t.answer in t.tokens[:-1]:
        return t.tokens.index(t.answer), last
    return 0, last


class PairwiseLayer(DerivedScene):
    """2.1: one network applied to every pair of words, live: the position-free pairwise
    model's real pair vectors in the grid."""

    short_name = "pairwise"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.1", "A network on every pair"),)
    shown_components: int = 8

    def construct(self) -> None:
        self.one_pair_at_a_time()
        self.the_whole_grid()
        self.distance_no_longer_matters()

    def one_pair_at_a_time(self) -> None:
        theme = current_theme()
        self.beat(
            "2.1",
            "The key idea: replace the convolutional layer with a pairwise one, "
            "which applies the network to every pair of words.",
        )
        self.heading("A pairwise convolutional layer")
        t = self.trace
        row = TokenRow(t.tokens).next_to(self.current_heading, DOWN, buff=0.5)
        glyph = NetworkGlyph(color=theme.pairwise, caption="one network").shift(DOWN * 0.6)
        self.play(FadeIn(row), FadeIn(glyph))
        i, j = deciding_pair(t)
        for a, b in ((i, j), (0, 1)):
            words = VGroup(row.word_label(a).copy(), row.word_label(b).copy())
            target = VGroup(*(w.copy() for w in words)).arrange(DOWN, buff=0.25)
            target.next_to(glyph, LEFT, buff=1.6)
            vector = VectorColumn(
                t.pair_vectors[a, b],
                max_cells=self.shown_components,
                show_numbers=True,
                cell_size=0.26,
            )
            vector.next_to(glyph, RIGHT, buff=1.2)
            pair_name = label(
                f"pair ({t.tokens[a]}, {t.tokens[b]})", theme.sizes.small, theme.muted
            ).next_to(vector, UP, buff=0.2)
            self.play(Transform(words, target))
            self.play(glyph.animate_forward(words, vector), FadeIn(pair_name))
            self.wait(1.2)
            self.play(FadeOut(words), FadeOut(vector), FadeOut(pair_name))
        self.row = row

    def the_whole_grid(self) -> None:
        self.say(
            "Every pair gets its own vector: with n words, n × n of them. Pair (i, j) "
            "sits in row i, column j."
        )
        self.clear_stage(keep=(self.current_heading,))
        t = self.trace
        grid = PairGrid(t.pair_vectors, t.tokens, max_height=5.4, max_width=11.5)
        grid.next_to(self.current_heading, DOWN, buff=0.35)
        self.play(FadeIn(grid.row_labels), FadeIn(grid.col_labels))
        self.play(
            LaggedStart(*(FadeIn(grid.row(i)) for i in range(t.n)), lag_ratio=0.25), run_time=2.5
        )
        self.play(FadeIn(grid.caption))
        self.grid = grid

    def distance_no_longer_matters(self) -> None:
        t = self.trace
        i, j = deciding_pair(t)
        self.say(
            f"Now distance no longer matters: ({t.tokens[i]}, {t.tokens[j]}) are "
            f"{counted(j - i, 'word')} apart, yet they meet in a single network run."
        )
        self.play(Create(self.grid.outline_entry(i, j)))
        self.wait(1.5)


class PairsOfPairs(DerivedScene):
    """2.2: a second pairwise layer combines pairs of pair vectors (groups of 4 words),
    live: the two-layer model's real pair vectors and all n^4 of its second-layer vectors,
    their average, and its prediction."""

    short_name = "pairs-of-pairs"
    chapter = CHAPTER
    model_name = "pairwise2"
    sentence = "the fat cat"
    fixed_example = "a 3-word phrase: the two-layer model (n^4 vectors) is trained on phrases"
    beats = (Beat("2.2", "Pairs of pairs"),)

    def construct(self) -> None:
        self.first_layer()
        self.second_layer()
        self.average_and_predict()

    def first_layer(self) -> None:
        theme = current_theme()
        self.beat(
            "2.2",
            "Repeat the operation: a second pairwise layer combines every pair of "
            "pair vectors, so each of its outputs covers up to 4 words.",
        )
        self.heading("Pairs of pair vectors")
        t = self.trace
        grid = PairGrid(t.pair_vectors, t.tokens, max_width=3.2, max_height=2.4)
        grid.to_edge(LEFT, buff=0.6).shift(UP * 0.6)
        count = label(
            f"{t.n} words → {t.pair_vectors.shape[0] * t.pair_vectors.shape[1]} pair vectors",
            theme.sizes.small,
            theme.pairwise,
        )
        count.next_to(grid, DOWN, buff=0.35)
        self.play(FadeIn(grid), FadeIn(count))
        self.first, self.first_count = grid, count

    def second_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        names = [f"{t.tokens[a // t.n]}·{t.tokens[a % t.n]}" for a in range(t.n * t.n)]
        quads = PairGrid(t.quad_vectors, names, max_width=6.6, max_height=4.6, subject="vector")
        quads.to_edge(RIGHT, buff=0.4).shift(DOWN * 0.15)
        total = t.quad_vectors.shape[0] * t.quad_vectors.shape[1]
        count = label(
            f"{t.quad_vectors.shape[0]} pair vectors → {total} vectors",
            theme.sizes.small,
            theme.pairwise,
        )
        count.next_to(self.first_count, DOWN, buff=0.3).align_to(self.first_count, LEFT)
        arrow = Arrow(self.first.get_right(), quads.get_left(), buff=0.2, color=theme.muted)
        self.play(GrowArrow(arrow))
        self.play(FadeIn(quads, lag_ratio=0.01), FadeIn(count), run_time=2)
        self.say(
            f"{t.n} words gave {t.n**2} vectors after one layer and {total} after two; "
            "a third layer would combine groups of 8 words."
        )
        self.quads, self.quad_count, self.arrow = quads, count, arrow

    def average_and_predict(self) -> None:
        theme = current_theme()
        t = self.trace
        self.say("At the end, average all of them into one vector and predict from it.")
        self.play(FadeOut(self.first), FadeOut(self.arrow))
        mean = VectorColumn(t.mean, max_cells=6, show_numbers=True, cell_size=0.26)
        mean.to_edge(LEFT, buff=1.2).shift(UP * 0.9)
        caption = label("average", theme.sizes.small, theme.muted).next_to(mean, UP, 0.2)
        self.play(
            ReplacementTransform(self.quads.entries.copy(), mean.cells),
            FadeIn(mean.number_labels),
            FadeIn(mean.index_labels),
            FadeIn(mean.ellipses),
            FadeIn(caption),
            run_time=1.5,
        )
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.5,
            color=theme.pairwise,
            title="what does it name?",
        )
        chart.scale(0.8).next_to(mean, RIGHT, buff=0.6)
        self.play(chart.animate_grow())
        self.mean, self.chart = mean, chart
        self.wait(1.5)


class PermutationView(DerivedScene):
    """2.3: a pairwise layer is an ordinary CNN run on every ordering of the words and
    averaged. The orderings are computed from the sentence (n! of them)."""

    short_name = "permutations"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.3", "Every permutation"),)
    shown_orderings: int = 5

    def construct(self) -> None:
        self.orderings()
        self.related_words_meet()

    def orderings(self) -> None:
        theme = current_theme()
        self.beat(
            "2.3",
            "Another way to see it: run an ordinary CNN on every ordering of "
            "the words, and average.",
        )
        self.heading("Every ordering of the words")
        t = self.trace
        self.i, self.j = deciding_pair(t)
        chosen = self.pick_orderings(t.n)
        rows = VGroup()
        for order in chosen:
            row = TokenRow([t.tokens[k] for k in order], size=theme.sizes.label, buff=0.35)
            row.order = order
            rows.add(row)
        rows.arrange(DOWN, buff=0.45).next_to(self.current_heading, DOWN, buff=0.6)
        count = label(
            f"{counted(t.n, 'word')}: {counted(math.factorial(t.n), 'ordering')}",
            theme.sizes.label,
            theme.pairwise,
        ).to_edge(DOWN, buff=0.6)
        self.play(
            LaggedStart(*(FadeIn(r, shift=DOWN * 0.1) for r in rows), lag_ratio=0.2),
            FadeIn(count),
            run_time=2,
        )
        self.rows = rows

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
        self.say(
            f"Somewhere there is an order in which related words sit side by side, like "
            f"“{t.tokens[self.i]}” and “{t.tokens[self.j]}”, and one window sees them."
        )
        last = next(r for r in self.rows if abs(r.order.index(self.i) - r.order.index(self.j)) == 1)
        a, b = last.order.index(self.i), last.order.index(self.j)
        frame = SurroundingRectangle(
            VGroup(last.word_label(a), last.word_label(b)), color=theme.highlight, buff=0.1
        )
        self.play(
            *(
                row.animate_highlight(
                    [row.order.index(self.i), row.order.index(self.j)], theme.highlight
                )
                for row in self.rows
            )
        )
        self.play(Create(frame))
        self.wait(1.5)


def phrase_panel(t: PairwiseTrace, x: float, color: str) -> VGroup:
    """One phrase: its words, its pair grid, the average of its pair vectors and the
    prediction, stacked in a column centred at ``x``."""
    theme = current_theme()
    words = TokenRow(t.tokens, size=theme.sizes.body).move_to([x, 2.55, 0])
    grid = PairGrid(
        t.pair_vectors, t.tokens, max_width=3.6, max_height=2.2, show_caption=False
    ).move_to([x - 1.0, 0.75, 0])
    mean = VectorColumn(t.mean, max_cells=5, show_numbers=True, cell_size=0.24)
    mean.move_to([x + 2.2, 0.75, 0])
    mean_title = label("average", theme.sizes.small, theme.muted).next_to(mean, UP, 0.15)
    chart = ProbabilityBars(t.top_words[:2], t.top_probabilities[:2], bar_width=1.6, color=color)
    chart.scale(0.85).move_to([x, -1.9, 0])
    panel = VGroup(words, grid, mean, mean_title, chart)
    panel.words, panel.grid, panel.mean, panel.chart = words, grid, mean, chart
    return panel


class OrderIsLost(DerivedScene):
    """2.4: "the fat cat" and "the cat fat" through the position-free model, live: two
    traces computed apart, whose averages and predictions come out equal."""

    short_name = "order-lost"
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    other_sentence: str = "the cat fat"
    fixed_example = "the pair of phrases “the fat cat” / “the cat fat”"
    beats = (Beat("2.4", "Flaw one: order is lost"),)

    def construct(self) -> None:
        self.both_phrases()
        self.same_numbers()

    def both_phrases(self) -> None:
        self.beat(
            "2.4",
            f"Flaw one: order is lost. “{self.sentence}” and "
            f"“{self.other_sentence}” have the same words, so the same pairs.",
        )
        self.heading("Flaw one: order is lost")
        self.show_panels()
        self.wait(1)

    def show_panels(self) -> None:
        """Both phrases side by side: their words and pair grids."""
        color = current_theme().model_color(self.model_name)
        self.left = phrase_panel(self.trace, -3.5, color)
        self.right = phrase_panel(self.trace_of(self.other_sentence), 3.5, color)
        for panel in (self.left, self.right):
            self.play(FadeIn(panel.words), FadeIn(panel.grid))

    def show_outputs(self) -> None:
        """Both phrases' averages and predictions."""
        for panel in (self.left, self.right):
            self.play(FadeIn(panel.mean), FadeIn(panel[3]), panel.chart.animate_grow())
        self.wait(2)

    def same_numbers(self) -> None:
        a, b = self.trace, self.trace_of(self.other_sentence)
        difference = float(np.max(np.abs(a.probabilities - b.probabilities)))
        verdict = "identical" if difference < 1e-6 else "different"
        self.say(
            f"The average of the pair vectors is the same, so the prediction is "
            f"{verdict}: the model cannot tell the two apart."
        )
        self.show_outputs()


class PositionsAttached(OrderIsLost):
    """2.5: a one-hot position attached to each word; the same two phrases now differ,
    live: the model with positions, its real outputs."""

    short_name = "positions"
    in_gallery = True
    model_name = "pairwise_positions"
    beats = (Beat("2.5", "Fix: attach positions"),)

    def construct(self) -> None:
        self.input_vector()
        self.both_phrases()
        self.same_numbers()

    def input_vector(self) -> None:
        theme = current_theme()
        t = self.trace
        self.beat(
            "2.5",
            "Fix: attach to each word a one-hot encoding of its position, up to "
            "a cut-off; in practice tens of thousands.",
        )
        self.heading("Fix: attach positions")
        k = t.n - 1
        words = VectorColumn(
            t.one_hot[k], shown=(int(t.ids[k]) - 1, int(t.ids[k]), int(t.ids[k]) + 1), cell_size=0.3
        )
        positions = VectorColumn(t.positions[k], cell_size=0.3, show_indices=True)
        VGroup(words, positions).arrange(RIGHT, buff=1.6).move_to(DOWN * 0.2)
        titles = VGroup(
            label(f"“{t.tokens[k]}”: word {int(t.ids[k])}", theme.sizes.small, theme.muted),
            label(f"position {k} of {t.positions.shape[1]}", theme.sizes.small, theme.muted),
        )
        for title, vector in zip(titles, (words, positions), strict=True):
            title.next_to(vector, UP, buff=0.25)
        plus = label("⊕", theme.sizes.heading).move_to(VGroup(words, positions))
        self.play(FadeIn(words), FadeIn(positions), FadeIn(titles), FadeIn(plus))
        self.wait(2)

    def both_phrases(self) -> None:
        self.say(f"Now “{self.sentence}” and “{self.other_sentence}” are different inputs.")
        self.clear_stage(keep=(self.current_heading,))
        self.show_panels()

    def same_numbers(self) -> None:
        a, b = self.trace, self.trace_of(self.other_sentence)
        if a.answer != b.answer:
            verdict = f"and so do the answers: “{a.answer}” and “{b.answer}”."
        else:
            wrong = next(t for t in (a, b) if not t.correct) if not (a.correct and b.correct) else a
            verdict = (
                f"but this small averaging model still answers “{a.answer}” for both, wrong "
                f"for “{wrong.sentence}”: the input can now tell them apart, the model does not."
            )
        self.say(f"Their averages differ, {verdict}")
        self.show_outputs()


class GrowthProblem(DerivedScene):
    """2.6: the vector count squares with every layer, live: the counts for the sentence on
    screen and the pair vector size of the trained model."""

    short_name = "growth"
    chapter = CHAPTER
    model_name = "pairwise"
    sentence = "the fat cat"
    beats = (Beat("2.6", "Flaw two: size"),)
    passage_words: int = 1000
    passage_components: int = 1000

    def construct(self) -> None:
        self.squares_with_every_layer()
        self.a_real_passage()

    def squares_with_every_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        n = t.n
        self.beat(
            "2.6",
            f"Flaw two: size. {counted(n, 'word')} give{'s' if n == 1 else ''} "
            f"{counted(n**2, 'vector')} after one layer and {n**4:,} after two: the count "
            "squares with every layer.",
        )
        self.heading("Flaw two: size")
        groups = VGroup()
        for count, what in ((n, "word"), (n**2, "pair vector"), (n**4, "vector")):
            dots = square_field(count, theme.pairwise)
            caption = label(counted(count, what), theme.sizes.label)
            groups.add(VGroup(dots, caption.next_to(dots, DOWN, buff=0.3)))
        groups.arrange(RIGHT, buff=1.2, aligned_edge=DOWN).move_to(UP * 0.2)
        for k, group in enumerate(groups):
            self.play(FadeIn(group, lag_ratio=0.01), run_time=1.0 + 0.4 * k)
        self.groups = groups
        self.wait(1)

    def a_real_passage(self) -> None:
        theme = current_theme()
        words, size = self.passage_words, self.passage_components
        one, two = words**2, words**4
        terabytes = two * size * 4 / 1e12
        dim = self.trace.pair_vectors.shape[-1]
        self.say(
            f"Our model's vectors have {dim} components; real ones have hundreds or "
            f"thousands. For a passage of {words:,} words that is {one:,} vectors after "
            f"one layer and {two:.0e} after two."
        )
        self.play(FadeOut(self.groups))
        lines = (
            VGroup(
                label(f"a passage of {words:,} words", theme.sizes.body),
                label(f"one layer: {one:,} vectors", theme.sizes.body, theme.pairwise),
                label(f"two layers: {two:,} vectors", theme.sizes.body, theme.pairwise),
                label(
                    f"× {size:,} numbers × 4 bytes = {terabytes:,.0f} terabytes",
                    theme.sizes.body,
                    theme.negative,
                ),
            )
            .arrange(DOWN, buff=0.4, aligned_edge=LEFT)
            .move_to(DOWN * 0.2)
        )
        self.play(
            LaggedStart(*(FadeIn(line, shift=RIGHT * 0.2) for line in lines), lag_ratio=0.5),
            run_time=3,
        )
        self.say("We need to shrink the n² pair vectors back to n before the next layer.")
        self.wait(1)


SCENES: tuple[type[DerivedScene], ...] = (
    PairwiseLayer,
    PairsOfPairs,
    PermutationView,
    OrderIsLost,
    PositionsAttached,
    GrowthProblem,
)
"""The chapter's scenes, in the order the explainer shows them."""
