"""Chapter 3, self-attention: from n^2 pair vectors back to n, by importance-weighted sums.

``manim -ql scenes/ch3_attention.py TwoNetworks`` (and the other scenes below).
"""

from __future__ import annotations

import numpy as np
from manim import *

from model import AttentionTrace
from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import (
    SHAPES,
    Heatmap,
    NetworkGlyph,
    PairGrid,
    PixelGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    shape_picture,
)
from scenes.text import format_value, label, label_row
from scenes.theme import current_theme

CHAPTER = Chapter(3, "Self-attention")
TREE = "there was a tree on fire and it was roaring"
LION = "there was a lion on fire and it was roaring"


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def focus_row(t: AttentionTrace, column: int) -> int:
    """The row the trained model gives the largest relative importance in ``column``."""
    return int(np.argmax(t.importances[:, column]))


class ColumnSums(DerivedScene):
    """3.1: reduce the n^2 pair vectors to n by summing down each column, live: the
    attention model's real pair vectors and their real column sums."""

    short_name = "column-sums"
    min_words = 2
    chapter = CHAPTER
    beats = (Beat("3.1", "Sum down each column"),)

    def construct(self) -> None:
        self.the_aim()
        self.sum_one_column()
        self.sum_every_column()

    def the_aim(self) -> None:
        self.beat(
            "3.1",
            "The aim: shrink the n² pair vectors back to n before the next layer, "
            "so no layer ever holds more than n².",
        )
        self.heading("From n² vectors back to n")
        t = self.trace
        self.grid = PairGrid(t.pair_vectors, t.tokens, max_height=4.3, max_width=11)
        self.grid.next_to(self.current_heading, DOWN, buff=0.3)
        self.play(FadeIn(self.grid))

    def sum_vector(self, j: int) -> VectorColumn:
        t = self.trace
        strip = VectorColumn(
            t.column_sums[j],
            shown=self.grid.shown_indices,
            show_indices=False,
            orientation="horizontal",
            compact=True,
            cell_size=self.grid.cell(0, j).cell_size,
        )
        return strip.next_to(self.grid.cell(t.n - 1, j), DOWN, buff=0.45)

    def sum_one_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.say(
            f"The simplest way: add up each column. Column “{t.tokens[j]}” holds every "
            f"pair that contains “{t.tokens[j]}”."
        )
        outline = self.grid.outline_column(j)
        self.play(Create(outline))
        total = self.sum_vector(j)
        self.play(ReplacementTransform(self.grid.column(j).copy(), total), run_time=1.5)
        self.sums = {j: total}
        self.sum_label = label("column sums", theme.sizes.small, theme.muted)
        self.sum_label.next_to(total, DOWN, buff=0.15).set_x(self.grid.entries.get_x())
        self.play(FadeOut(outline), FadeIn(self.sum_label))

    def sum_every_column(self) -> None:
        t = self.trace
        self.say(f"Every column gives one vector: {t.n} vectors again, one per word.")
        copies, totals = [], []
        for j in range(t.n - 1):
            total = self.sum_vector(j)
            copies.append(self.grid.column(j).copy())
            totals.append(total)
            self.sums[j] = total
        self.play(
            *(ReplacementTransform(c, s) for c, s in zip(copies, totals, strict=True)), run_time=1.5
        )
        self.say(
            "The next layer then works on these n vectors exactly as the first worked on "
            "the words: never more than n² pair vectors at a time."
        )
        self.wait(1)


class BlurryMess(DerivedScene):
    """3.2: summing loses information: the average of pictures is a blur (generated
    pictures), and, live, how little of the deciding pair's vector survives the plain
    column sum of the attention model."""

    short_name = "blurry"
    min_words = 2
    chapter = CHAPTER
    beats = (Beat("3.2", "Summing loses information"),)
    shapes: tuple[str, ...] = SHAPES

    def construct(self) -> None:
        self.average_of_pictures()
        self.the_same_on_real_vectors()

    def average_of_pictures(self) -> None:
        theme = current_theme()
        self.beat(
            "3.2", "But summing loses information: the average of many pictures is a blurry mess."
        )
        self.heading("Summing loses information")
        images = [shape_picture(kind) for kind in self.shapes]
        pictures = VGroup(*(PixelGrid(image, pixel_size=0.14) for image in images))
        pictures.arrange(RIGHT, buff=0.35).move_to(UP * 1.2)
        average = PixelGrid(np.mean(images, axis=0), pixel_size=0.22).move_to(DOWN * 1.6)
        caption = label("their average", theme.sizes.small, theme.muted)
        caption.next_to(average, DOWN, buff=0.2)
        self.play(LaggedStart(*(FadeIn(p) for p in pictures), lag_ratio=0.15))
        self.play(*(ReplacementTransform(p.copy(), average) for p in pictures), run_time=1.5)
        self.play(FadeIn(caption))
        self.wait(1)

    def the_same_on_real_vectors(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = focus_row(t, j)
        pair, total = t.pair_vectors[i, j], t.column_sums[j]
        self.share = float(pair @ total / (total @ total))
        self.cosines = np.array([cosine(t.pair_vectors[r, j], total) for r in range(t.n)])
        others = np.delete(self.cosines, i)
        self.say(
            f"The same happens to vectors. In column “{t.tokens[j]}”, the pair "
            f"({t.tokens[i]}, {t.tokens[j]}) makes up only {self.share:.0%} of the sum, "
            f"which looks like the other, unimportant pairs."
        )
        self.clear_stage(keep=(self.current_heading,))
        chart = ProbabilityBars(
            [f"({w}, {t.tokens[j]})" for w in t.tokens],
            np.clip(self.cosines, 0, 1),
            bar_width=3.0,
            value_texts=[format_value(c) for c in self.cosines],
            color=theme.attention,
            title="how alike each pair is to the column sum (cosine)",
        )
        chart.scale(0.8).move_to(DOWN * 0.2)
        self.play(chart.animate_grow(), run_time=2)
        share = label(
            f"({t.tokens[i]}, {t.tokens[j]}) is {self.share:.0%} of the column sum",
            theme.sizes.small,
            theme.highlight,
        ).next_to(chart, DOWN, buff=0.3)
        self.play(
            chart.bar(i).animate.set_fill(theme.highlight),
            chart.word_label(i).animate.set_color(theme.highlight),
            FadeIn(share),
        )
        self.chart, self.focus = chart, i
        self.say(
            f"({t.tokens[i]}, {t.tokens[j]}): {self.cosines[i]:.2f}; the others: "
            f"{others.min():.2f} to {others.max():.2f}. The important pair is drowned out."
        )
        self.wait(1)


class OneLargeVector(DerivedScene):
    """3.3: information survives a sum only if one vector is large and the rest near zero
    (generated pictures)."""

    short_name = "one-large"
    chapter = CHAPTER
    beats = (Beat("3.3", "One large, the rest near zero"),)
    fixed_example = "an illustration: generated pictures"
    weights: tuple[float, ...] = (1.0, 0.04, 0.04, 0.04, 0.04, 0.04)

    def construct(self) -> None:
        self.weighted_pictures()

    def weighted_pictures(self) -> None:
        theme = current_theme()
        self.beat(
            "3.3",
            "Information survives a sum only if one vector is large and the rest are near zero.",
        )
        self.heading("One large, the rest near zero")
        images = [shape_picture(kind) * w for kind, w in zip(SHAPES, self.weights, strict=True)]
        pictures = VGroup(*(PixelGrid(image, pixel_size=0.14) for image in images))
        pictures.arrange(RIGHT, buff=0.35).move_to(UP * 1.2)
        weights = VGroup(
            *(
                label(f"× {w:g}", theme.sizes.small, theme.muted).next_to(p, DOWN, buff=0.15)
                for p, w in zip(pictures, self.weights, strict=True)
            )
        )
        total = PixelGrid(np.clip(np.sum(images, axis=0), 0, 1), pixel_size=0.22)
        total.move_to(DOWN * 1.7)
        caption = label("their sum", theme.sizes.small, theme.muted)
        caption.next_to(total, DOWN, buff=0.2)
        self.play(LaggedStart(*(FadeIn(p) for p in pictures), lag_ratio=0.15), FadeIn(weights))
        self.play(*(ReplacementTransform(p.copy(), total) for p in pictures), run_time=1.5)
        self.play(FadeIn(caption))
        self.say(
            "A network could learn to make the important pair's vector large and the "
            "others small..."
        )
        self.wait(1)


class ContextMatters(DerivedScene):
    """3.4: the tree and lion sentences: the same pair gets the same vector in both, live:
    the attention model's vector for (fire, roaring) in each sentence, equal because the
    network sees the same pair."""

    short_name = "context"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.4", "Importance depends on context"),)
    pair_words: tuple[str, str] = ("fire", "roaring")

    def construct(self) -> None:
        self.two_sentences()
        self.same_pair_same_vector()

    def two_sentences(self) -> None:
        theme = current_theme()
        self.beat(
            "3.4",
            "...except that importance depends on context. What is roaring: the fire, or the lion?",
        )
        self.heading("Importance depends on context")
        self.rows = VGroup(
            TokenRow(self.trace.tokens), TokenRow(self.trace_of(self.other_sentence).tokens)
        )
        self.rows.arrange(DOWN, buff=0.5).move_to(UP * 1.9)
        self.play(FadeIn(self.rows))
        a, b = self.trace, self.trace_of(self.other_sentence)
        for row, t in zip(self.rows, (a, b), strict=True):
            self.play(
                row.animate_highlight(
                    [t.tokens.index(w) for w in self.pair_words] + [focus_row(t, t.n - 1)],
                    theme.highlight,
                )
            )

    def same_pair_same_vector(self) -> None:
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        first, second = self.pair_words
        vectors = []
        for t in (a, b):
            i, j = t.tokens.index(first), t.tokens.index(second)
            vectors.append(
                VectorColumn(t.pair_vectors[i, j], max_cells=7, show_numbers=True, cell_size=0.26)
            )
        self.vectors = VGroup(*vectors).arrange(RIGHT, buff=3.4).move_to(DOWN * 1.2)
        equal = np.array_equal(
            a.pair_vectors[a.tokens.index(first), a.tokens.index(second)],
            b.pair_vectors[b.tokens.index(first), b.tokens.index(second)],
        )
        sign = label("=" if equal else "≠", theme.sizes.title).move_to(self.vectors)
        titles = VGroup(
            *(
                label(
                    f"({first}, {second}), {name} sentence", theme.sizes.small, theme.muted
                ).next_to(v, UP, buff=0.25)
                for v, name in zip(self.vectors, ("tree", "lion"), strict=True)
            )
        )
        self.say(
            f"The pair ({first}, {second}) is in both, and one network must give it one "
            f"vector: it matters in the first sentence, not in the second."
        )
        self.play(FadeIn(self.vectors), FadeIn(titles), FadeIn(sign))
        self.equal = equal
        self.wait(2)


class ScoresCompared(DerivedScene):
    """3.5: give every pair a score and compare scores within a column. The worked example
    uses the storyboard's numbers (10 and 90); the trained model's own scores follow in
    3.6."""

    short_name = "scores"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the worked example of the tree and lion sentences"
    beats = (Beat("3.5", "Scores, compared within a column"),)
    fire_score: float = 10.0
    lion_score: float = 90.0

    def construct(self) -> None:
        self.scores()
        self.divide_by_the_sum()
        self.multiply_and_sum()

    def scores(self) -> None:
        theme = current_theme()
        self.beat("3.5", "Fix: give every pair a score, and compare scores only within a column.")
        self.heading("Scores, compared within a column")
        note = label("worked example (made-up scores)", theme.sizes.small, theme.muted)
        note.next_to(self.current_heading, DOWN, buff=0.15)
        self.play(FadeIn(note))
        fire, lion = self.fire_score, self.lion_score
        sentences = (
            ("tree sentence", [("(fire, roaring)", fire, fire / fire, fire)]),
            (
                "lion sentence",
                [
                    ("(fire, roaring)", fire, fire / (fire + lion), fire + lion),
                    ("(lion, roaring)", lion, lion / (fire + lion), fire + lion),
                ],
            ),
        )
        panels, self.results = VGroup(), VGroup()
        for title, entries in sentences:
            panel = VGroup(label(title, theme.sizes.label, theme.attention))
            results = []
            for pair, score, importance, total in entries:
                panel.add(label(f"{pair}: score {score:g}", theme.sizes.label))
                result = label(
                    f"{score:g} / {total:g} = {importance:g}", theme.sizes.label, theme.highlight
                )
                panel.add(result)
                results.append(result)
            panel.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            panel.results = results
            panels.add(panel)
        panels.arrange(RIGHT, buff=2.0, aligned_edge=UP).move_to(UP * 0.6)
        for panel in panels:  # placed now, shown later
            for result in panel.results:
                panel.remove(result)
                self.results.add(result)
        self.play(FadeIn(panels))
        self.panels = panels

    def divide_by_the_sum(self) -> None:
        fire, lion = self.fire_score, self.lion_score
        self.say(
            f"Divide by the column's total: (fire, roaring) gets a relative importance "
            f"of {fire / fire:g} in the first sentence and {fire / (fire + lion):g} in "
            "the second."
        )
        self.play(FadeIn(self.results))
        self.wait(1)

    def multiply_and_sum(self) -> None:
        theme = current_theme()
        self.say(
            "Multiply each pair vector by its relative importance, and sum. The "
            "important pair survives; the rest fades."
        )
        formula = label(
            "column output = Σ  relative importance × pair vector", theme.sizes.body, theme.text
        ).move_to(DOWN * 2.3)
        self.play(FadeIn(formula))
        self.say(
            "A pair's importance now depends on the other pairs of its column: the same "
            "(fire, roaring) counts fully in one sentence and little in the other."
        )
        self.wait(1.5)


def column_panel(t: AttentionTrace, j: int, digits: int = 2) -> VGroup:
    """The column ``j`` of a trace as three vectors side by side: scores, their
    exponentials, and relative importances, each labelled by row word."""
    theme = current_theme()
    words = VGroup(*(label(w, theme.sizes.small) for w in t.tokens))
    scores = VectorColumn(t.scores[:, j], show_numbers=True, digits=1, cell_size=0.3, max_cells=t.n)
    exps = VectorColumn(
        t.exp_scores[:, j], show_numbers=True, digits=1, cell_size=0.3, max_cells=t.n
    )
    importances = VectorColumn(
        t.importances[:, j],
        show_numbers=True,
        digits=digits,
        cell_size=0.3,
        max_cells=t.n,
        value_scale=1.0,
    )
    columns = VGroup(scores, exps, importances).arrange(RIGHT, buff=1.5)
    for k, word in enumerate(words):
        word.next_to(scores.cell(k), LEFT, buff=0.25)
    titles = VGroup(
        *(
            label(text, theme.sizes.small, theme.muted).next_to(c, UP, buff=0.2)
            for text, c in zip(("score", "exp(score)", "÷ column total"), columns, strict=True)
        )
    )
    panel = VGroup(words, columns, titles)
    panel.scores, panel.exps, panel.importances, panel.titles = scores, exps, importances, titles
    return panel


class TwoNetworks(DerivedScene):
    """3.6: a layer has two networks; live: the trained model's scores in the column of the
    last word, exponentiated and normalised, then the importances of both sentences as
    heatmaps whose columns sum to 1, and the weighted sum."""

    short_name = "two-networks"
    in_gallery = True
    chapter = CHAPTER
    sentence = LION
    other_sentence: str = TREE
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.6", "Two networks: vectors and scores"),)

    def construct(self) -> None:
        self.two_networks()
        self.exponentiate_and_normalise()
        self.both_heatmaps()
        self.weighted_sum()

    def two_networks(self) -> None:
        theme = current_theme()
        self.beat(
            "3.6",
            "So each layer has two networks: one maps a pair to its vector, the "
            "other maps a pair to a score.",
        )
        self.heading("Two networks per layer")
        rep = NetworkGlyph(color=theme.attention, caption="pair → vector")
        score = NetworkGlyph(layers=(3, 4, 1), color=theme.attention, caption="pair → score")
        VGroup(rep, score).arrange(RIGHT, buff=2.5).move_to(UP * 0.3)
        self.play(FadeIn(rep), FadeIn(score))
        self.wait(1)

    def exponentiate_and_normalise(self) -> None:
        t = self.trace
        j = t.n - 1
        self.say(
            f"The trained model's scores in the column of “{t.tokens[j]}”. Scores can be "
            "negative and a sum could be zero, so exponentiate them first..."
        )
        self.clear_stage(keep=(self.current_heading,))
        panel = column_panel(t, j).next_to(self.current_heading, DOWN, buff=0.35)
        self.play(FadeIn(panel[0]), FadeIn(panel.scores), FadeIn(panel.titles[0]))
        self.play(
            ReplacementTransform(panel.scores.cells.copy(), panel.exps.cells),
            FadeIn(panel.exps.number_labels),
            FadeIn(panel.titles[1]),
            run_time=1.5,
        )
        self.say(
            "...then divide each by the column's total: the relative importances, which "
            f"add up to {t.importances[:, j].sum():.2f}."
        )
        self.play(
            ReplacementTransform(panel.exps.cells.copy(), panel.importances.cells),
            FadeIn(panel.importances.number_labels),
            FadeIn(panel.titles[2]),
            run_time=1.5,
        )
        self.panel = panel
        self.wait(1.5)

    def both_heatmaps(self) -> None:
        theme = current_theme()
        self.say(
            "Every column, in both sentences: each column's importances sum to 1, and "
            "the column of “roaring” picks a different word in each."
        )
        self.clear_stage(keep=(self.current_heading,))
        self.heatmaps = {}
        group = VGroup()
        for name, t in (("tree", self.trace_of(self.other_sentence)), ("lion", self.trace)):
            heat = Heatmap(
                t.scores,
                t.tokens,
                show_numbers=False,
                value_scale=float(np.abs(t.scores).max()),
                max_width=4.6,
                max_height=4.6,
            )
            sums = VGroup(
                *(
                    label(
                        format_value(float(t.importances[:, j].sum()), 1),
                        theme.sizes.tiny,
                        theme.muted,
                    )
                    for j in range(t.n)
                )
            )
            for j, total_j in enumerate(sums):
                if total_j.width > heat.cell_size * 0.7:
                    total_j.scale_to_fit_width(heat.cell_size * 0.7)
                total_j.next_to(heat.cell(t.n - 1, j), DOWN, buff=0.12)
            total = label("Σ", theme.sizes.small, theme.muted).next_to(sums, LEFT, buff=0.2)
            title = label(f"{name} sentence", theme.sizes.small, theme.attention)
            title.next_to(heat, UP, buff=0.15)
            box = VGroup(heat, sums, total, title)
            box.sums = sums
            self.heatmaps[name] = box
            group.add(box)
        group.arrange(RIGHT, buff=1.0).next_to(self.current_heading, DOWN, buff=0.3)
        traces = {"tree": self.trace_of(self.other_sentence), "lion": self.trace}
        for name, box in self.heatmaps.items():
            t = traces[name]
            heat = box[0]
            # first the raw scores, then every column exponentiated and normalised
            self.play(FadeIn(heat), FadeIn(box[3]))
            self.play(heat.animate_values(t.importances, value_scale=1.0), run_time=1.5)
            self.play(FadeIn(box[1]), FadeIn(box[2]))
        for name, box in self.heatmaps.items():
            t = traces[name]
            j = t.n - 1
            box.focus = focus_row(t, j)
            value = label(
                format_value(float(t.importances[box.focus, j])), theme.sizes.small, theme.highlight
            ).next_to(box[0].cell(box.focus, j), RIGHT, buff=0.15)
            self.play(Create(box[0].outline_entry(box.focus, j)), FadeIn(value))
        tree, lion = traces["tree"], traces["lion"]
        self.say(
            f"In the column of “roaring”: “{tree.tokens[self.heatmaps['tree'].focus]}” "
            f"gets {tree.importances[self.heatmaps['tree'].focus, -1]:.2f} in the tree "
            f"sentence, “{lion.tokens[self.heatmaps['lion'].focus]}” gets "
            f"{lion.importances[self.heatmaps['lion'].focus, -1]:.2f} in the lion "
            "sentence. The scores decided, from context."
        )
        self.wait(1.5)

    def weighted_sum(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = focus_row(t, j)
        self.survival = cosine(t.weighted_sums[j], t.pair_vectors[i, j])
        self.say(
            f"Weighting the pair vectors by these importances and summing keeps "
            f"({t.tokens[i]}, {t.tokens[j]}): the column's output is "
            f"{self.survival:.2f} alike to it (cosine), where the plain sum was "
            f"{cosine(t.column_sums[j], t.pair_vectors[i, j]):.2f}."
        )
        self.clear_stage(keep=(self.current_heading,))
        pair = VectorColumn(t.pair_vectors[i, j], max_cells=7, show_numbers=True, cell_size=0.28)
        output = VectorColumn(t.weighted_sums[j], max_cells=7, show_numbers=True, cell_size=0.28)
        VGroup(pair, output).arrange(RIGHT, buff=3.0).move_to(DOWN * 0.2)
        titles = VGroup(
            label(f"pair ({t.tokens[i]}, {t.tokens[j]})", theme.sizes.small, theme.muted),
            label(f"weighted sum of column “{t.tokens[j]}”", theme.sizes.small, theme.muted),
        )
        for title, vector in zip(titles, (pair, output), strict=True):
            title.next_to(vector, UP, buff=0.25)
        arrow = Arrow(pair.get_right(), output.get_left(), buff=0.9, color=theme.muted)
        self.play(FadeIn(pair), FadeIn(titles[0]))
        self.play(GrowArrow(arrow), FadeIn(output), FadeIn(titles[1]))
        self.output = output
        self.wait(2)


class SelfAttentionLayer(DerivedScene):
    """3.7: the whole layer in one picture, live for any sentence: pair vectors,
    importances, the n weighted sums, and the model's answer."""

    short_name = "attention-layer"
    min_words = 3
    chapter = CHAPTER
    beats = (Beat("3.7", "The self-attention layer"),)

    def construct(self) -> None:
        self.whole_layer()
        self.answer()

    def whole_layer(self) -> None:
        theme = current_theme()
        self.beat(
            "3.7",
            "This whole operation is a self-attention layer: the model decides "
            "what to pay attention to.",
        )
        self.heading("A self-attention layer")
        t = self.trace
        grid = PairGrid(t.pair_vectors, t.tokens, max_width=6.6, max_height=3.3, show_caption=False)
        heat = Heatmap(
            t.importances,
            t.tokens,
            show_numbers=False,
            value_scale=1.0,
            max_width=3.3,
            max_height=3.3,
        )
        VGroup(grid, heat).arrange(RIGHT, buff=1.2, aligned_edge=DOWN).move_to(UP * 0.45)
        outputs = VGroup(
            *(
                VectorColumn(
                    t.weighted_sums[j],
                    shown=grid.shown_indices,
                    show_indices=False,
                    compact=True,
                    cell_size=0.17,
                )
                for j in range(t.n)
            )
        )
        outputs.arrange(RIGHT, buff=0.7).to_edge(DOWN, buff=0.85).set_x(grid.entries.get_x())
        output_labels = VGroup(*label_row(t.tokens, theme.sizes.small))
        for word, vector in zip(output_labels, outputs, strict=True):
            word.set_x(vector.get_x())
        output_labels.next_to(outputs, DOWN, buff=0.15)
        top = max(grid.get_top()[1], heat.get_top()[1]) + 0.3
        titles = VGroup(
            label(
                "pair vectors (representation network)", theme.sizes.small, theme.attention
            ).move_to([grid.get_x(), top, 0]),
            label(
                "relative importances (scoring network)", theme.sizes.small, theme.attention
            ).move_to([heat.get_x(), top, 0]),
            label(
                "weighted column sums: the layer's n outputs", theme.sizes.small, theme.attention
            ).next_to(outputs, UP, buff=0.2),
        )
        self.play(FadeIn(grid), FadeIn(titles[0]))
        self.play(FadeIn(heat), FadeIn(titles[1]))
        self.play(FadeIn(outputs), FadeIn(output_labels), FadeIn(titles[2]))
        self.grid, self.heat, self.outputs = grid, heat, outputs
        self.say(
            f"{t.n} words in, {t.n} vectors out, each a mix of the pairs its column found "
            "important."
        )
        self.wait(1)

    def answer(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = focus_row(t, j)
        self.say(
            f"In the column of “{t.tokens[j]}” this model looks hardest at "
            f"“{t.tokens[i]}” ({t.importances[i, j]:.2f}) and answers “{t.answer}”. "
            "Everything after this is efficiency."
        )
        self.play(Create(self.heat.outline_entry(i, j)))
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.6,
            color=theme.attention,
            title=f"“{t.tokens[j]}”: about what?",
        )
        chart.scale(0.7).to_corner(DR, buff=0.4)
        self.play(chart.animate_grow())
        self.chart = chart
        self.wait(1.5)


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
