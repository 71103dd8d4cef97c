"""Chapter 4, optimisations: from pairwise self-attention to the transformer, the bridge to
query, key and value, the evidence, and a recap of the road. Narrated: each animation runs
while its line is spoken.

``manim -ql scenes/ch4_optimisations.py Redundancy`` (and the other scenes below).
"""

from __future__ import annotations

import itertools
import math
from typing import Any, ClassVar

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace, model_config, read_metrics
from derived_transformer.model.costs import big_network_runs, layer_counts, scoring_cost
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, Chapter, DerivedScene
from derived_transformer.scenes.components import (
    ColorKey,
    Heatmap,
    LineChart,
    NetworkGlyph,
    ProbabilityBars,
    RoadMap,
    TokenRow,
    VectorColumn,
    square_field,
)
from derived_transformer.scenes.task import verdict
from derived_transformer.scenes.text import counted, format_value, label, label_row
from derived_transformer.scenes.theme import color_scale, current_theme
from derived_transformer.scenes.words import quoted, short_word_at, word_at

CHAPTER = Chapter(4, "Optimisations")
TABLE_LENGTHS = (4, 8, 16, 24)
"""The sentence lengths of the operation-count table (the sentence's own is added)."""


def table(
    rows: list[list[str]], colors: list[str] | None = None, size: float | None = None
) -> VGroup:
    """Rows of texts in aligned columns (first column left-aligned, the rest right)."""
    theme = current_theme()
    size = size or theme.sizes.label
    cells = [
        [label(text, size, (colors or [theme.text] * len(rows))[r]) for text in row]
        for r, row in enumerate(rows)
    ]
    widths = [max(cells[r][c].width for r in range(len(rows))) for c in range(len(rows[0]))]
    out = VGroup()
    y = 0.0
    for row in cells:
        x = 0.0
        line = VGroup()
        for c, cell in enumerate(row):
            if c == 0:
                cell.move_to([x, y, 0], aligned_edge=LEFT)
            else:
                cell.move_to([x + widths[c], y, 0], aligned_edge=RIGHT)
            x += widths[c] + 0.6
            line.add(cell)
        out.add(line)
        y -= size / 48 * 0.95
    return out.center()


def count(value: int) -> str:
    return f"{value:,}"


def rounded_words(value: int) -> str:
    """A large count as the voice should say it: "2.6 million", "393 thousand"."""
    if value >= 10**9:
        return f"{value / 10**9:.2g} billion"
    if value >= 10**6:
        return f"{value / 10**6:.2g} million"
    if value >= 10**4:
        return f"{value / 10**3:.0f} thousand"
    return f"{value:,}"


def short_count(value: int) -> str:
    """A large count for a table: 2.56M, 393k."""
    for unit, size in (("G", 10**9), ("M", 10**6), ("k", 10**3)):
        if value >= size:
            return f"{value / size:.3g}{unit}"
    return str(value)


def wrapped(text: str, size: float, color: str, width: float) -> VGroup:
    """``text`` in centred lines no wider than ``width``."""
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if current and label(trial, size).width > width:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return VGroup(*(label(line, size, color) for line in lines)).arrange(DOWN, buff=0.08)


def heads_that_differ(
    layer_importances: tuple[np.ndarray, ...], bright: float = 0.3
) -> tuple[int, int, list[int]]:
    """``(layer, column, each head's largest row)`` where the heads pick the most different
    rows, each pick bright (at least ``bright``); the first layer first on ties (its head
    outputs are traced), then the larger smallest pick, then the later column."""
    best: tuple[Any, ...] | None = None
    for layer, importances in enumerate(layer_importances):
        heads, n, _ = importances.shape
        for j in range(n):
            rows = [int(np.argmax(importances[h][:, j])) for h in range(heads)]
            peaks = [float(importances[h][rows[h], j]) for h in range(heads)]
            distinct = len(set(rows)) if min(peaks) >= bright else 1
            key = (distinct, -layer, min(peaks), j)
            if best is None or key > best[0]:
                best = (key, layer, j, rows)
    assert best is not None
    return best[1], best[2], best[3]


def head_list(heads: list[int]) -> str:
    """ "head 2", "heads 1 and 4", "heads 1, 2 and 4" (counted from 1)."""
    names = [str(h + 1) for h in heads]
    if len(names) == 1:
        return f"head {names[0]}"
    return f"heads {', '.join(names[:-1])} and {names[-1]}"


def fraction_words(difference: float) -> str:
    """How small a difference is, for the voice: "within a millionth"."""
    names = {
        3: "a thousandth",
        4: "a ten-thousandth",
        5: "a hundred-thousandth",
        6: "a millionth",
        7: "a ten-millionth",
        8: "a hundred-millionth",
    }
    if difference <= 0:
        return "exactly"
    exponent = int(np.floor(-np.log10(difference)))
    exponent = min(max(exponent, 3), 8)
    return f"within {names[exponent]}"


class CostScene(DerivedScene):
    """Shared by the scenes that count operations: the trained models' configs, and the
    sentence shown as a row of words under the heading."""

    chapter = CHAPTER
    model_name = "transformer"

    @property
    def configs(self):
        return model_config("attention"), model_config("transformer")

    def sentence_row(self) -> TokenRow:
        theme = current_theme()
        row = TokenRow(self.trace.tokens, size=theme.sizes.label, color=theme.muted)
        return row.next_to(self.current_heading, DOWN, buff=0.25)


class LinearRepresentation(CostScene):
    """4.1: the representation network replaced by a linear map ``A x_i + B x_j``, computed
    once per word; live: the operation counts of what the transformer computes against the
    pairwise network at equal width, across sentence lengths (the sentence's own included),
    with their convention on screen, and the measured wall time where it disagrees."""

    short_name = "linear"
    beats = (Beat("4.1", "A linear representation"),)
    shown: int = 6

    def construct(self) -> None:
        self.the_road()
        self.bottleneck()
        self.linear_map()
        self.once_per_word()
        self.counts()
        self.counts_are_not_time()

    def the_road(self) -> None:
        self.beat("4.1")
        self.open_chapter(
            Line(
                "Chapter 4: optimisations. Self-attention works; now we make it cheap, one "
                "change at a time."
            )
        )

    def bottleneck(self) -> None:
        theme = current_theme()
        n = self.trace.n
        pairs = square_field(n * n, theme.attention, max_side=2.2)
        pairs_caption = label(f"{n * n} pairs", theme.sizes.label, theme.attention)
        pairs_caption.next_to(pairs, DOWN, buff=0.2)
        self.network = NetworkGlyph(
            color=theme.attention,
            caption="a network with a hidden layer",
            width=2.4,
            height=1.8,
        )
        VGroup(VGroup(pairs, pairs_caption), self.network).arrange(RIGHT, buff=1.5).move_to(
            UP * 0.2
        )
        line = Line(
            "The cost is in the pair vectors: a network with a hidden layer runs on every one "
            "of the n² pairs."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5)
            self.heading("A linear representation")
            self.play(
                FadeIn(pairs),
                FadeIn(pairs_caption),
                FadeIn(self.network),
                run_time=clip.duration - 0.5,
            )
        self.pairs = VGroup(pairs, pairs_caption)

    def linear_map(self) -> None:
        theme = current_theme()
        formula = label("A xᵢ + B xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            formula, color=theme.transformer, buff=0.35, corner_radius=0.12
        )
        caption = label("a linear map of the pair", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=0.15)
        self.formula = VGroup(frame, formula, caption).move_to(self.network)
        line = Line(
            "The fix: make the representation linear. A pair's vector then splits in two: A "
            "times the first word, plus B times the second.",
            spoken="The fix: make the representation linear. A pair's vector then splits in "
            "two: eh times the first word, plus B times the second.",
        )
        with self.voiceover(line) as clip:
            self.play(
                ReplacementTransform(self.network, self.formula), run_time=min(2, clip.duration)
            )

    def once_per_word(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        shown = tuple(range(self.shown))
        scale = color_scale(
            np.concatenate(
                [t.values[0][:, : self.shown].ravel(), t.own_terms[:, : self.shown].ravel()]
            )
        )

        def strip(values: np.ndarray) -> VectorColumn:
            return VectorColumn(
                values,
                shown=shown,
                show_indices=False,
                compact=True,
                orientation="horizontal",
                value_scale=scale,
                cell_size=0.3,
            )

        a_parts = VGroup(*(strip(t.values[0][i]) for i in range(t.n)))
        b_parts = VGroup(*(strip(t.own_terms[i]) for i in range(t.n)))
        a_parts.arrange(DOWN, buff=0.08)
        b_parts.arrange(DOWN, buff=0.08).next_to(a_parts, RIGHT, buff=0.5)
        table_ = VGroup(a_parts, b_parts).next_to(self.current_heading, DOWN, buff=0.85)
        table_.set_x(-1.2)
        words = VGroup(
            *(
                label(short_word_at(t.tokens, i), theme.sizes.label).next_to(a, LEFT, buff=0.3)
                for i, a in enumerate(a_parts)
            )
        )
        names = VGroup(
            label("A x", theme.sizes.label, theme.transformer).next_to(a_parts, UP, buff=0.15),
            label("B x", theme.sizes.label, theme.transformer).next_to(b_parts, UP, buff=0.15),
        )
        caption = label(
            f"components 0–{self.shown - 1} of {t.own_terms.shape[1]} each",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(table_, DOWN, buff=0.2)
        key = ColorKey(scale, title="A x and B x component", width=2.4)
        key.next_to(caption, DOWN, buff=0.25)
        self.key = key
        line = Line(
            "Each part depends on one word only, so it is computed once per word, not once per "
            "pair."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.pairs),
                self.formula.animate.scale(0.6).to_corner(UR, buff=0.5),
                run_time=0.6,
            )
            self.play(
                FadeIn(words),
                FadeIn(names),
                LaggedStart(
                    *(FadeIn(VGroup(a, b)) for a, b in zip(a_parts, b_parts, strict=True)),
                    lag_ratio=0.1,
                ),
                FadeIn(caption),
                FadeIn(key),
                run_time=clip.duration - 0.6,
            )
        i, j = 0, t.n - 1
        plus = label("+", theme.sizes.body)
        a_copy, b_copy = a_parts[i].copy(), b_parts[j].copy()
        target = VGroup(a_copy.copy(), plus, b_copy.copy()).arrange(RIGHT, buff=0.2)
        target.next_to(b_parts, RIGHT, buff=1.0)
        pair_caption = label(
            f"pair ({short_word_at(t.tokens, i)}, {short_word_at(t.tokens, j)}):",
            theme.sizes.label,
            theme.muted,
        ).next_to(target, UP, buff=0.25)
        cost_caption = label("one addition per number", theme.sizes.small, theme.muted)
        cost_caption.next_to(target, DOWN, buff=0.25)
        clash = pair_caption.get_top()[1] - (self.formula.get_bottom()[1] - 0.2)
        if clash > 0:  # a short sentence: the pair would sit under the formula in the corner
            VGroup(target, pair_caption, cost_caption).shift(DOWN * clash)
        line = Line(
            f"A pair, like ({t.tokens[i]}, {t.tokens[j]}), just adds two of them: no network "
            "runs on it."
        )
        with self.voiceover(line) as clip:
            self.play(
                a_copy.animate.move_to(target[0]),
                b_copy.animate.move_to(target[2]),
                FadeIn(plus),
                FadeIn(pair_caption),
                FadeIn(cost_caption),
                run_time=min(1.8, clip.duration),
            )
        self.word_parts = (a_parts, b_parts)

    def counts(self) -> None:
        theme = current_theme()
        _, transformer = self.configs
        n = self.trace.n
        lengths = sorted({*TABLE_LENGTHS, n})
        self.lengths = lengths
        self.count_rows = {m: layer_counts(m, transformer) for m in lengths}
        here = self.count_rows[n]
        rows = [
            [
                "words",
                "network on every pair",
                "its first layer per word",
                "A x, B x and network per word",
            ]
        ]
        for m in lengths:
            c = self.count_rows[m]
            rows.append(
                [str(m), count(c.network_every_pair), count(c.network_split), count(c.optimised)]
            )
        colors = [theme.muted] + [theme.highlight if m == n else theme.text for m in lengths]
        self.table = table(rows, colors, theme.sizes.label)
        if self.table.width > theme.layout.safe_width:
            self.table.scale_to_fit_width(theme.layout.safe_width)
        self.table.next_to(self.current_heading, DOWN, buff=0.9)
        convention = VGroup(
            label(
                f"an equal-size count: multiply-adds of the matrix products, both layers at "
                f"width {here.width}, network hidden layer {here.hidden};",
                theme.sizes.tiny,
                theme.muted,
            ),
            label(
                "left out: biases, ReLU, softmax, the weighted sums (the same in both), scores "
                f"(4.3), the {here.width} additions per pair of A xᵢ + B xⱼ.",
                theme.sizes.tiny,
                theme.muted,
            ),
            label(
                "The trained layers as they are, scores included, give other figures (4.9).",
                theme.sizes.tiny,
                theme.muted,
            ),
        ).arrange(DOWN, buff=0.1)
        convention.next_to(self.table, DOWN, buff=0.35)
        line = Line(
            f"Counted in multiply-adds at the same width, {here.width} numbers per word, scores "
            "left out: the pairwise network, and what the transformer computes instead."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(FadeIn(self.table), FadeIn(convention), run_time=clip.duration - 0.5)
        split, every = here.network_split / here.optimised, here.network_every_pair / here.optimised
        longest = self.count_rows[max(lengths)]
        line = Line(
            f"For these {n} words: {split:.1f} times fewer than the pairwise network with its "
            f"first layer split per word, {every:.1f} times fewer than running it on every pair. "
            f"At {longest.n} words, {longest.network_split / longest.optimised:.1f} times: n² "
            "against n."
        )
        self.ratios = (split, every)
        row_index = lengths.index(n) + 1
        frame = SurroundingRectangle(self.table[row_index], color=theme.highlight, buff=0.08)
        with self.voiceover(line) as clip:
            self.play(Create(frame), run_time=min(1.2, clip.duration))

    def counts_are_not_time(self) -> None:
        theme = current_theme()
        cost = read_metrics()["evidence"]["cost"]["rows"]
        slower = [r["n"] for r in cost if r["optimised"]["seconds"] > r["pairwise"]["seconds"]]
        longest = max(cost, key=lambda r: r["n"])
        if len(slower) == len(cost):
            text = (
                "Counts are not time, though: measured on this machine, a whole optimised layer "
                f"is still slower than a pairwise one at every length up to {longest['n']} words. "
                "At such small sizes, fixed costs dominate."
            )
        elif slower:
            text = (
                "Counts are not time, though: measured on this machine, the optimised layer is "
                f"slower than a pairwise one at {', '.join(map(str, slower))} words."
            )
        else:
            text = "Measured on this machine, the optimised layer is faster at every length."
        note = label(
            f"measured at {longest['n']} words, one thread: pairwise layer "
            f"{longest['pairwise']['seconds'] * 1e3:.2f} ms, optimised layer "
            f"{longest['optimised']['seconds'] * 1e3:.2f} ms (4.9)",
            theme.sizes.small,
            theme.highlight,
        ).to_edge(DOWN, buff=1.6)
        with self.voiceover(Line(text)) as clip:
            self.play(FadeIn(note, shift=UP * 0.1), run_time=min(1.0, clip.duration))


class NetworkAfterAttention(DerivedScene):
    """4.2: the network moves after attention and runs on each of the n outputs, live: the
    transformer's real combined vectors and the network's real outputs, each kind on one
    colour scale with its key."""

    short_name = "network-after"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.2", "The network, after attention"),)
    shown: int = 6

    def construct(self) -> None:
        self.outputs_of_attention()
        self.network_on_each()

    def columns(self, vectors: np.ndarray, scale: float) -> VGroup:
        return VGroup(
            *(
                VectorColumn(
                    v,
                    max_cells=self.shown,
                    cell_size=0.26,
                    show_indices=False,
                    compact=True,
                    value_scale=scale,
                )
                for v in vectors
            )
        )

    def outputs_of_attention(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        self.beat("4.2")
        self.heading("The network, after attention")
        self.row = TokenRow(t.tokens, size=theme.sizes.label, buff=0.45, max_width=10.4)
        self.row.next_to(self.current_heading, DOWN, buff=0.4).shift(LEFT * 0.7)
        self.before_scale = color_scale(t.combined)
        self.before = self.columns(t.combined, self.before_scale)
        top = self.row.get_bottom()[1] - 0.3
        for j, v in enumerate(self.before):
            v.move_to([self.row.word_label(j).get_x(), top - v.height / 2, 0])
        note = label(
            f"attention's outputs: components 0–{self.shown - 2} and "
            f"{t.combined.shape[1] - 1} of {t.combined.shape[1]}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.before, DOWN, buff=0.12)
        key = ColorKey(
            self.before_scale, title="attention output", width=1.6, orientation="vertical"
        ).to_edge(RIGHT, buff=0.35)
        key.align_to(self.before, UP)
        self.collapse = VGroup(
            label("W₂ (W₁ x)  =  (W₂ W₁) x  =  W x", theme.sizes.heading),
            label(
                "two linear layers, nothing non-linear between: one matrix",
                theme.sizes.small,
                theme.muted,
            ),
        ).arrange(DOWN, buff=0.25)
        self.collapse.move_to([self.row.get_x(), -2.0, 0])
        line = Line(
            "A linear map has no non-linearity, and without one, layers of a network add up to "
            "a single matrix."
        )
        with self.voiceover(line) as clip:
            shown = min(1.5, clip.duration / 2)
            self.play(
                FadeIn(self.row),
                FadeIn(self.before),
                FadeIn(note),
                FadeIn(key),
                run_time=shown,
            )
            self.play(
                FadeIn(self.collapse, shift=UP * 0.1), run_time=min(1.2, clip.duration - shown)
            )
        self.note = note

    def network_on_each(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        glyph = NetworkGlyph(color=theme.transformer, width=0.9, height=0.7)
        glyph.next_to(self.note, DOWN, buff=0.3).set_x(self.before[0].get_x())
        self.after_scale = color_scale(t.outputs)
        self.after = self.columns(t.outputs, self.after_scale)
        for j, v in enumerate(self.after):
            v.next_to(glyph, DOWN, buff=0.35).set_x(self.before[j].get_x())
        key = ColorKey(
            self.after_scale, title="network output", width=1.6, orientation="vertical"
        ).to_edge(RIGHT, buff=0.35)
        key.align_to(self.after, UP)
        note = label(
            f"the network's outputs: components 0–{self.shown - 2} and "
            f"{t.outputs.shape[1] - 1} of {t.outputs.shape[1]}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.after, DOWN, buff=0.12)
        line = Line(
            "It comes back one step later: after attention, a network runs on each word's output."
        )
        first = min(2, t.n)
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.collapse), FadeIn(glyph), FadeIn(key), FadeIn(note), run_time=0.5
            )
            step = (clip.duration - 0.5) / (2 * first)
            for j in range(first):
                self.play(glyph.animate.set_x(self.before[j].get_x()), run_time=step)
                self.play(ReplacementTransform(self.before[j].copy(), self.after[j]), run_time=step)
        line = Line(
            f"The same network runs {t.n} times for {counted(t.n, 'word')}, once per word, "
            f"not {t.n * t.n} times, once per pair."
        )
        with self.voiceover(line) as clip:
            rest = range(first, t.n)
            frame = 1 / config.frame_rate  # each play lasts whole frames
            step = min(0.35, clip.duration / (2 * max(len(rest), 1) + 1))
            step = max(frame, math.floor(step / frame) * frame)
            for j in rest:
                self.play(glyph.animate.set_x(self.before[j].get_x()), run_time=step)
                self.play(ReplacementTransform(self.before[j].copy(), self.after[j]), run_time=step)


class ScoringChoices(CostScene):
    """4.3: scoring by a small network or a bilinear form, live: the two trained variants'
    held-out accuracy (from the training metrics: here they differ) and their operation
    counts for the sentence."""

    short_name = "scoring"
    beats = (Beat("4.3", "Scores: a small network or a bilinear form"),)

    def construct(self) -> None:
        self.non_linearity_before()
        self.small_enough()
        self.compare()

    def non_linearity_before(self) -> None:
        theme = current_theme()
        self.beat("4.3")
        self.heading("Scores: a small network or a bilinear form")
        self.row = self.sentence_row()
        self.glyph = NetworkGlyph(
            layers=(4, 3, 1),
            color=theme.transformer,
            caption="small network",
            width=2.0,
            height=1.4,
        )
        line = Line(
            "The scores are another matter: they decide what goes into the sum, so their "
            "non-linearity has to come before it."
        )
        bilinear = label("xᵢᵀ W xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            bilinear, color=theme.transformer, buff=0.3, corner_radius=0.12
        )
        caption = label("bilinear form", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=0.1)
        self.bilinear = VGroup(frame, bilinear, caption)
        VGroup(self.glyph, self.bilinear).arrange(RIGHT, buff=3.0).move_to(UP * 0.9)
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.row), FadeIn(self.glyph), run_time=min(1.5, clip.duration))

    def small_enough(self) -> None:
        line = Line(
            "But a score is one number, so a very small network will do; or a bilinear form: "
            "the first word's vector, times a matrix W, times the second's."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.bilinear, shift=LEFT * 0.2), run_time=min(1.5, clip.duration))

    def compare(self) -> None:
        theme = current_theme()
        metrics = read_metrics()["models"]
        self.accuracy = {
            name: metrics[name]["new_wordings"]["overall"]["accuracy"]
            for name in ("transformer_network", "transformer")
        }
        held = metrics["transformer"]["new_wordings"]["overall"]["count"]
        n = self.trace.n
        network, bilinear = scoring_cost(n, self.configs[1])
        small, bilinear_accuracy = (
            self.accuracy["transformer_network"],
            self.accuracy["transformer"],
        )
        chart = ProbabilityBars(
            ["small network", "bilinear form"],
            [small, bilinear_accuracy],
            bar_width=2.6,
            color=theme.transformer,
            title=f"right on {held:,} new wordings",
        )
        rows = table(
            [["small network", count(network)], ["bilinear form", count(bilinear)]],
            [theme.text, theme.text],
            theme.sizes.label,
        )
        rows_title = label(
            f"multiply-adds to score these {counted(n, 'word')}", theme.sizes.label, theme.muted
        ).next_to(rows, UP, buff=0.3)
        rows = VGroup(rows_title, rows)
        rows.move_to(DOWN * 1.8 + RIGHT * 3.4)
        chart.move_to(DOWN * 1.8 + LEFT * 3.2).align_to(rows, UP)
        if abs(small - bilinear_accuracy) < 0.02:
            text = (
                f"Trained the same way and tested on {held:,} new wordings, they perform about "
                f"the same: {percent(small)} and {percent(bilinear_accuracy)}."
            )
        else:
            better, worse = (
                ("bilinear form", "small network")
                if bilinear_accuracy > small
                else ("small network", "bilinear form")
            )
            text = (
                f"Here they did not perform the same. Trained the same way and tested on "
                f"{held:,} new wordings, the {better} got {percent(max(small, bilinear_accuracy))} "
                f"right, the {worse} {percent(min(small, bilinear_accuracy))}."
            )
        with self.voiceover(Line(text)) as clip:
            self.play(chart.animate_grow(), run_time=min(2.5, clip.duration))
        line = Line(
            f"And the bilinear form is cheaper: {network / bilinear:.1f} times fewer "
            f"multiply-adds to score these {counted(n, 'word')}."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(rows), run_time=min(1.5, clip.duration))
        self.chart, self.counts = chart, rows[1]


class LayerInTwoSteps(CostScene):
    """4.4: the layer as two steps, and the big network's runs for the sentence on screen:
    n^2 squares that become n."""

    short_name = "two-steps"
    beats = (Beat("4.4", "The layer in two steps"),)

    def construct(self) -> None:
        self.two_steps()
        self.runs()

    def two_steps(self) -> None:
        theme = current_theme()
        self.beat("4.4")
        self.heading("The layer in two steps")
        self.row = self.sentence_row()
        texts = (
            "self-attention: linear representations, bilinear scores",
            "one network on each of the n vectors",
        )
        self.steps = VGroup(
            *(
                VGroup(
                    label(str(k + 1), theme.sizes.title, theme.transformer),
                    label(text, theme.sizes.body, theme.transformer),
                ).arrange(RIGHT, buff=0.35)
                for k, text in enumerate(texts)
            )
        )
        self.steps.arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to(UP * 1.3)
        with self.voiceover(Line("A layer is now two steps.")) as clip:
            self.play(
                FadeIn(self.row),
                *(FadeIn(step[0], scale=1.2) for step in self.steps),
                run_time=min(1.0, clip.duration),
            )
        line = Line(
            "First, self-attention, with linear representations and bilinear scores. Then, one "
            "network on each of the n vectors."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.steps[0][1], shift=RIGHT * 0.1), run_time=clip.duration / 2)
            self.play(FadeIn(self.steps[1][1], shift=RIGHT * 0.1), run_time=clip.duration / 2)

    def runs(self) -> None:
        theme = current_theme()
        n = self.trace.n
        before, after = big_network_runs(n)
        self.fields = VGroup()
        for value, text, color in (
            (before, "runs before: n²", theme.attention),
            (after, "runs now: n", theme.transformer),
        ):
            field = square_field(value, color, max_side=2.4)
            caption = label(f"{text} = {value}", theme.sizes.label)
            self.fields.add(VGroup(field, caption.next_to(field, DOWN, buff=0.25)))
        self.fields.arrange(RIGHT, buff=3.0, aligned_edge=DOWN).move_to(DOWN * 1.6)
        line = Line(
            f"For these {counted(n, 'word')}, the big network now runs {counted(after, 'time')}, "
            f"where it ran {counted(before, 'time')}, once per pair."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.fields[0]), run_time=clip.duration * 0.3)
            after = self.fields[1][0].copy()
            self.play(
                ReplacementTransform(self.fields[0][0].copy(), after),
                FadeIn(self.fields[1][1]),
                run_time=clip.duration * 0.7,
            )
            self.remove(after)
            self.add(self.fields)


class Redundancy(CostScene):
    """4.5: the own-word term B x_j, the same in every pair of a column, lifted out of the
    sum and added once; live: head 1's A x_i and B x_j in every row of the last word's
    column, and both forms from the trace's two independent code paths, equal."""

    short_name = "redundancy"
    beats = (Beat("4.5", "Add the own-word term once"),)
    digits: int = 3
    shown: int = 7
    strip_cells: int = 8

    def construct(self) -> None:
        self.same_term_in_every_pair()
        self.mark_the_term()
        self.lift_it_out()
        self.both_forms()
        self.what_it_saves()

    def same_term_in_every_pair(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        self.beat("4.5")
        self.heading("Add the own-word term once")
        head_dim = t.values.shape[2]
        shown = tuple(range(min(self.strip_cells, head_dim)))
        own = t.own_terms[j][:head_dim]
        self.scale = color_scale(
            np.concatenate([t.values[0][:, list(shown)].ravel(), own[list(shown)]])
        )

        def strip(values: np.ndarray) -> VectorColumn:
            return VectorColumn(
                values,
                shown=shown,
                show_indices=False,
                compact=True,
                orientation="horizontal",
                value_scale=self.scale,
                cell_size=0.27,
            )

        self.rows = VGroup()
        self.a_strips, self.b_strips = VGroup(), VGroup()
        for i in range(t.n):
            weight = label(
                f"{format_value(float(t.importances[0][i, j]))} × (", theme.sizes.small, theme.muted
            )
            a, b = strip(t.values[0][i]), strip(own)
            plus, close = label("+", theme.sizes.small), label(")", theme.sizes.small, theme.muted)
            row = VGroup(weight, a, plus, b, close).arrange(RIGHT, buff=0.12)
            self.rows.add(row)
            self.a_strips.add(a)
            self.b_strips.add(b)
        self.rows.arrange(DOWN, buff=0.1, aligned_edge=RIGHT)
        self.rows.next_to(self.current_heading, DOWN, buff=0.75).to_edge(LEFT, buff=2.3)
        self.words = VGroup(
            *(
                label(short_word_at(t.tokens, i), theme.sizes.small).next_to(row, LEFT, buff=0.2)
                for i, row in enumerate(self.rows)
            )
        )
        titles = VGroup(
            label("A xᵢ", theme.sizes.small, theme.transformer).next_to(self.a_strips[0], UP, 0.15),
            label(f"B x({t.tokens[j]})", theme.sizes.small, theme.transformer).next_to(
                self.b_strips[0], UP, 0.15
            ),
        )
        caption = (
            label(
                f"column “{t.tokens[j]}”: importance × pair vector, components "
                f"0–{len(shown) - 1} of the first {head_dim} of {t.combined.shape[1]}",
                theme.sizes.tiny,
                theme.muted,
            )
            .next_to(self.rows, DOWN, buff=0.2)
            .align_to(self.rows, LEFT)
        )
        self.key = ColorKey(self.scale, title="A x and B x component", width=2.2)
        self.key.next_to(caption, DOWN, buff=0.25).align_to(caption, LEFT)
        line = Line(
            f"One more saving. Every pair in the column of {word_at(t.tokens, j)} contains "
            f"{word_at(t.tokens, j)} itself."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.rows),
                FadeIn(self.words),
                FadeIn(titles),
                FadeIn(caption),
                FadeIn(self.key),
                run_time=min(2.0, clip.duration),
            )

    def mark_the_term(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        w = t.tokens[-1]
        self.frames = VGroup(
            *(SurroundingRectangle(b, color=theme.highlight, buff=0.03) for b in self.b_strips)
        )
        line = Line(
            f"So the linear map adds the same term, B times {quoted(w)}, to every pair of the "
            "column."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(Create(f) for f in self.frames), lag_ratio=0.12),
                run_time=min(2.0, clip.duration),
            )

    def lift_it_out(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        sigma = label("Σᵢ aᵢⱼ A xᵢ", theme.sizes.body, theme.text)
        plus = label("+", theme.sizes.body)
        once = self.b_strips[0].copy()
        # The term lands on the left, so the copies flying in never pass over the sum.
        result = VGroup(once, plus, sigma).arrange(RIGHT, buff=0.25)
        result.move_to(RIGHT * 3.7 + UP * 0.9)
        frame = SurroundingRectangle(once, color=theme.highlight, buff=0.03)
        why = VGroup(
            label("because Σᵢ aᵢⱼ = 1", theme.sizes.small, theme.muted),
            label("aᵢⱼ: relative importance of pair (i, j)", theme.sizes.tiny, theme.muted),
        ).arrange(DOWN, buff=0.12)
        why.next_to(result, DOWN, buff=0.3)
        line = Line(
            "Each pair is weighted by its importance, and a column's importances add up to 1: "
            "so that term can come out of the sum, and be added once, after it.",
        )
        with self.voiceover(line) as clip:
            summing, one, out = (clip.at(w) for w in ("importances add", "so that", "come out"))
            self.play_during(
                clip, FadeIn(sigma), FadeIn(plus), end=min(summing, 0.6 / clip.duration)
            )
            self.play_during(clip, FadeIn(why), start=summing, end=one)
            self.play_during(
                clip,
                *(ReplacementTransform(b.copy(), once) for b in self.b_strips),
                *(ReplacementTransform(f, frame) for f in self.frames),
                *(b.animate.set_opacity(0.15) for b in self.b_strips),
                start=out,
                end=min(1.0, out + 2.5 / clip.duration),
            )
        self.result = VGroup(result, frame, why)
        self.own_once = once
        del j

    def both_forms(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        self.difference = float(np.max(np.abs(t.combined[j] - t.combined_pairwise_form[j])))
        scale = color_scale(np.stack([t.combined[j], t.combined_pairwise_form[j]]))
        self.pairwise = VectorColumn(
            t.combined_pairwise_form[j],
            max_cells=self.shown,
            show_numbers=True,
            digits=self.digits,
            cell_size=0.26,
            value_scale=scale,
        )
        self.optimised = VectorColumn(
            t.combined[j],
            max_cells=self.shown,
            show_numbers=True,
            digits=self.digits,
            cell_size=0.26,
            value_scale=scale,
        )
        pair = VGroup(self.pairwise, self.optimised).arrange(RIGHT, buff=2.6)
        pair.move_to(UP * 0.2)
        titles = VGroup(
            label(f"its {t.n} pair vectors, weighted", theme.sizes.small, theme.muted),
            label("weighted A xᵢ, plus B xⱼ once", theme.sizes.small, theme.muted),
        )
        for title, vector in zip(titles, (self.pairwise, self.optimised), strict=True):
            title.next_to(vector, UP, buff=0.2)
        sign = label("=", theme.sizes.title).move_to(pair)
        key = ColorKey(scale, title="column output component", width=2.2)
        key.next_to(pair, DOWN, buff=0.45)
        caption = (
            label(
                f"column “{t.tokens[j]}”, all {t.combined.shape[1]} components: "
                "the two forms computed separately",
                theme.sizes.small,
                theme.muted,
            )
            .next_to(titles, UP, buff=0.3)
            .set_x(0)
        )
        line = Line(
            f"The model computes the column of {word_at(t.tokens, j)} both ways, separately: "
            "they agree to every digit shown."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(pair),
                FadeIn(titles),
                FadeIn(sign),
                FadeIn(key),
                FadeIn(caption),
                run_time=clip.duration - 0.5,
            )

    def what_it_saves(self) -> None:
        t: TransformerTrace = self.trace
        n, width = t.n, t.combined.shape[1]
        self.saving = (n * n * width, n * width)
        theme = current_theme()
        self.saving_note = VGroup(
            label(
                f"adding B xⱼ in the layer: {n * n * width:,} additions → {n * width:,}",
                theme.sizes.small,
                theme.text,
            ),
            label(
                f"(to each of {n}² pairs, {width} numbers each; then once per column)",
                theme.sizes.tiny,
                theme.muted,
            ),
        ).arrange(DOWN, buff=0.1)
        self.saving_note.to_edge(DOWN, buff=0.9)
        line = Line(
            f"It saves little arithmetic, {n * n * width:,} additions become {n * width:,}; "
            "mostly, it makes the layer simpler: a weighted sum of A xᵢ, plus one term from the "
            "column's own word.",
            spoken=f"It saves little arithmetic: {rounded_words(n * n * width)} additions become "
            f"{rounded_words(n * width)}. Mostly, it makes the layer simpler: a weighted sum of "
            "eh x i, plus one term from the column's own word.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.saving_note), run_time=min(1.0, clip.duration))


class MultiHead(DerivedScene):
    """4.6: several attention operations side by side, live: each head's pattern in the
    layer and column where the heads differ most (each head's largest importance boxed), the
    measured hit rates of each layer, and each head's output moving into the concatenated
    vector."""

    short_name = "multi-head"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.6", "Multi-head attention"),)
    shown: int = 8

    def construct(self) -> None:
        self.heads()
        self.where_they_differ()
        self.measured()
        self.concatenate()

    def heads(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        self.beat("4.6")
        self.heading("Multi-head attention")
        self.layer, self.column, self.picks = heads_that_differ(t.layer_importances)
        importances = t.layer_importances[self.layer]
        heads = importances.shape[0]
        self.maps = VGroup()
        for h in range(heads):
            heat = Heatmap(
                importances[h],
                [short_word_at(t.tokens, i) for i in range(t.n)],
                show_numbers=False,
                value_scale=1.0,
                max_width=2.5,
                max_height=2.5,
            )
            if h:
                heat.remove(heat.row_labels)
            title = label(f"head {h + 1}", theme.sizes.label, theme.transformer)
            self.maps.add(VGroup(heat, title))
        self.maps.arrange(RIGHT, buff=0.3)
        for heat, title in self.maps:
            title.next_to(heat, UP, buff=0.12)
        self.maps.next_to(self.current_heading, DOWN, buff=0.3)
        self.key = ColorKey(1.0, title="relative importance", key_range="one-sided", width=2.0)
        self.key.next_to(self.maps, DOWN, buff=0.3).to_edge(RIGHT, buff=0.6)
        self.layer_note = (
            label(
                f"layer {self.layer + 1} of {len(t.layer_importances)}",
                theme.sizes.small,
                theme.muted,
            )
            .next_to(self.maps, DOWN, buff=0.3)
            .to_edge(LEFT, buff=0.6)
        )
        line = Line(
            "Sometimes a column needs information from more than one pair, but its importances "
            "make only one weighted sum."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.maps[0]), FadeIn(self.key), run_time=min(1.5, clip.duration))
        line = Line(
            f"So run several attention operations side by side, each with its own scores: "
            f"heads. This model has {heads} in each of its {len(t.layer_importances)} layers."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(m) for m in self.maps[1:]), lag_ratio=0.25),
                FadeIn(self.layer_note),
                run_time=clip.duration,
            )

    def where_they_differ(self) -> None:
        t: TransformerTrace = self.trace
        j = self.column
        groups: dict[int, list[int]] = {}
        for h, row in enumerate(self.picks):
            groups.setdefault(row, []).append(h)
        parts = [f"{head_list(hs)} at {word_at(t.tokens, row)}" for row, hs in groups.items()]
        if len(parts) > 1:
            finding = ", ".join(parts[:-1]) + f", and {parts[-1]}"
            line = Line(
                f"In layer {self.layer + 1}, the column of {word_at(t.tokens, j)} shows them "
                f"differing: {finding}."
            )
        else:
            line = Line(
                f"In this sentence, the heads agree: in layer {self.layer + 1}, every head of the "
                f"column of {word_at(t.tokens, j)} looks at {word_at(t.tokens, self.picks[0])}."
            )
        self.boxes = VGroup(
            *(
                heat.outline_entry(row, j)
                for (heat, _), row in zip(self.maps, self.picks, strict=True)
            )
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(Create(b) for b in self.boxes), lag_ratio=0.2),
                run_time=min(2.0, clip.duration),
            )

    def measured(self) -> None:
        hits = read_metrics()["models"][self.model_name]["per_word_attention"]
        first, second = hits["layer 1"], hits["layer 2"]
        theme = current_theme()
        self.measured_rates = (
            first["determiner"]["heads"],
            second["verb"]["heads"],
            second["it"]["heads"],
        )
        rates = [percent(r, 0) for r in self.measured_rates]
        self.measured_note = VGroup(
            label("new sentences, heads averaged:", theme.sizes.small, theme.muted),
            label(
                f"layer 1: determiner → its noun {rates[0]}   ·   layer 2: verb → its subject "
                f"{rates[1]},  “it” → what it refers to {rates[2]}",
                theme.sizes.small,
                theme.text,
            ),
        ).arrange(DOWN, buff=0.12)
        self.measured_note.next_to(self.maps, DOWN, buff=0.95).set_x(0)
        line = Line(
            "On new sentences, with its heads averaged, layer 1 finds the noun of a determiner "
            f"{percent(first['determiner']['heads'], 0)} of the time; layer 2 finds a verb's "
            f"subject {percent(second['verb']['heads'], 0)}, and what “it” refers to "
            f"{percent(second['it']['heads'], 0)}."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.measured_note), run_time=min(1.0, clip.duration))

    def concatenate(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = self.column
        heads, _, head_dim = t.head_outputs.shape
        shown = tuple(range(min(self.shown, head_dim)))
        scale = color_scale(t.head_outputs[:, j][:, list(shown)])
        self.parts = VGroup(
            *(
                VectorColumn(
                    t.head_outputs[h][j],
                    shown=shown,
                    show_indices=False,
                    compact=True,
                    orientation="horizontal",
                    value_scale=scale,
                    cell_size=0.28,
                )
                for h in range(heads)
            )
        )
        for part, (heat, _) in zip(self.parts, self.maps, strict=True):
            part.next_to(heat, DOWN, buff=0.95).set_x(heat.entries.get_x())
        joined = VGroup(*(p.copy() for p in self.parts)).arrange(RIGHT, buff=0.06)
        joined.to_edge(DOWN, buff=0.8)
        captions = VGroup(
            *(
                label(f"head {h + 1}", theme.sizes.tiny, theme.muted).next_to(p, DOWN, buff=0.08)
                for h, p in enumerate(joined)
            )
        )
        layer_words = "first layer" if self.layer == 0 else "first layer (traced)"
        title = label(
            f"{layer_words}, column “{short_word_at(t.tokens, j)}”: each head's output, "
            f"components 0–{len(shown) - 1} of {head_dim}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.parts, UP, buff=0.12)
        title.align_to(self.parts, LEFT)
        key = ColorKey(scale, title="head output", width=1.5)
        key.next_to(joined, RIGHT, buff=0.4)
        line = Line(
            f"Each head makes its own weighted sum, {head_dim} numbers wide; the heads' sums are "
            f"joined end to end into one vector of {heads * head_dim}."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.layer_note),
                FadeOut(self.measured_note),
                FadeIn(self.parts),
                FadeIn(title),
                FadeIn(key),
                run_time=0.8,
            )
            joining = clip.at("joined end to end")
            self.play_during(
                clip,
                *(ReplacementTransform(p, q) for p, q in zip(self.parts, joined, strict=True)),
                FadeIn(captions),
                start=joining,
                end=min(1.0, joining + 2.0 / clip.duration),
            )
        self.parts = joined
        with self.voiceover(Line("Large models use a few dozen heads.")):
            pass


class TheTransformer(CostScene):
    """4.7: the complete transformer layer, step by step, the trained transformer's answer
    on the sentence with its verdict, and what this model leaves out (the own-word term
    stands where the residual connection around attention goes: 4.8)."""

    short_name = "transformer"
    beats = (Beat("4.7", "The transformer"),)
    steps: tuple[tuple[str, Line], ...] = (
        (
            "words: one-hot word ⊕ one-hot position",
            Line("Each word enters as its one-hot vector, with its position counted from the end."),
        ),
        (
            "per head: scores xᵢᵀ W xⱼ, exponentiated, normalised per column",
            Line(
                "Each head scores the pairs with a bilinear form, then exponentiates and "
                "normalises them down each column."
            ),
        ),
        (
            "per head: weighted sum of the values A xᵢ",
            Line(
                "It takes the weighted sum of the values, A xᵢ.",
                spoken="It takes the weighted sum of the values, eh x i.",
            ),
        ),
        (
            "concatenate the heads, add B xⱼ once",
            Line(
                "The heads are joined, and B xⱼ is added once.",
                spoken="The heads are joined, and B x j is added once.",
            ),
        ),
        (
            "one network on each of the n vectors",
            Line("Then one network runs on each word. This model stacks two such layers."),
        ),
    )
    omitted: tuple[str, ...] = (
        "an output projection after the heads",
        "the 1/√d scale of the scores",
        "residual connections around the network",
        "layer normalisation",
        "sub-word tokens (here: whole words)",
    )

    def construct(self) -> None:
        self.the_layer()
        self.the_answer()
        self.left_out()

    def the_layer(self) -> None:
        theme = current_theme()
        self.beat("4.7")
        self.heading("The transformer layer")
        self.row = self.sentence_row()
        self.boxes = VGroup()
        for text, _ in self.steps:
            words = label(text, theme.sizes.small)
            frame = SurroundingRectangle(
                words, color=theme.transformer, buff=0.15, corner_radius=0.08
            )
            self.boxes.add(VGroup(frame, words))
        self.boxes.arrange(DOWN, buff=0.32).next_to(self.row, DOWN, buff=0.45)
        self.boxes.to_edge(LEFT, buff=0.8)
        arrows = [
            Arrow(
                a.get_bottom(),
                b.get_top(),
                buff=0.03,
                stroke_width=2,
                color=theme.muted,
                max_tip_length_to_length_ratio=0.4,
            )
            for a, b in itertools.pairwise(self.boxes)
        ]
        # The layer's outline first (its steps' frames and arrows, dim), then each step
        # lights up as it is named.
        outline = VGroup(*(box[0] for box in self.boxes), *arrows)
        outline.set_stroke(opacity=0.3)
        for arrow in arrows:
            arrow.set_fill(opacity=0.3)
        with self.voiceover(Line("Put together, this is the transformer.")) as clip:
            self.play(FadeIn(self.row), FadeIn(outline), run_time=min(1.2, clip.duration))
        for k, (box, (_, line)) in enumerate(zip(self.boxes, self.steps, strict=True)):
            with self.voiceover(line) as clip:
                animations = [
                    FadeIn(box[1], shift=DOWN * 0.1),
                    box[0].animate.set_stroke(opacity=1),
                ]
                if k:
                    animations.append(
                        arrows[k - 1].animate.set_stroke(opacity=1).set_fill(opacity=1)
                    )
                self.play(*animations, run_time=min(1.2, clip.duration))

    def the_answer(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.6,
            color=theme.transformer,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.next_to(self.boxes, RIGHT, buff=0.8).align_to(self.boxes, UP)
        judged = label(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, DOWN, buff=0.3)
        self.chart = chart
        with self.voiceover(Line(f"On this sentence, it answers {verdict(t)}.")) as clip:
            self.play(chart.animate_grow(), FadeIn(judged), run_time=min(2.0, clip.duration))
        self.judged = judged

    def left_out(self) -> None:
        theme = current_theme()
        heading = label("left out here", theme.sizes.small, theme.muted)
        items = VGroup(
            heading, *(label(f"· {text}", theme.sizes.small, theme.muted) for text in self.omitted)
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        items.next_to(self.judged, DOWN, buff=0.45).align_to(self.chart, LEFT)
        if items.get_right()[0] > 6.5:
            items.shift(LEFT * (items.get_right()[0] - 6.5))
        line = Line(
            "Transformers in use add what this small one leaves out: an output projection after "
            "the heads, a 1/√d scale on the scores, residual connections around the network, "
            "layer normalisation, and sub-word tokens.",
            spoken="Transformers in use add what this small one leaves out: an output projection "
            "after the heads, a scale of one over the square root of d on the scores, residual "
            "connections around the network, layer normalisation, and sub-word tokens.",
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(i) for i in items), lag_ratio=0.3),
                run_time=min(3.0, clip.duration),
            )
        line = Line(
            "And the residual connection around attention? The own-word term B xⱼ stands in its "
            "place, as the next step shows.",
            spoken="And the residual connection around attention? The own-word term, B x j, "
            "stands in its place, as the next step shows.",
        )
        with self.voiceover(line) as clip:
            self.play(
                Indicate(self.boxes[3], color=theme.highlight), run_time=min(1.5, clip.duration)
            )


class QueryKeyValue(DerivedScene):
    """4.8: the bridge to query, key and value (beyond the video), live: the weighted sum of
    values beside PyTorch's scaled_dot_product_attention on the same Q, K, V, computed by
    separate code paths; SDPA's weights against the grid's importances; and the own-word
    term where textbooks put the residual connection around attention."""

    short_name = "qkv"
    in_gallery = True
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.8", "Query, key and value"),)
    head: int = 0
    digits: int = 3
    shown: int = 8

    def construct(self) -> None:
        self.factor_the_bilinear_form()
        self.name_the_parts()
        self.compare_with_pytorch()
        self.own_word_term()

    def factor_the_bilinear_form(self) -> None:
        theme = current_theme()
        self.beat("4.8")
        self.heading("Query, key and value")
        self.lines = (
            VGroup(
                label("xᵢᵀ W xⱼ  =  xᵢᵀ Kᵀ Q xⱼ  =  (K xᵢ) · (Q xⱼ)", theme.sizes.title),
                label(
                    "Q xⱼ: the query, from the column's own word",
                    theme.sizes.body,
                    theme.query,
                ),
                label(
                    "K xᵢ: the key, from each word being weighed",
                    theme.sizes.body,
                    theme.key,
                ),
                label(
                    "A xᵢ: the value, what the column takes from it", theme.sizes.body, theme.value
                ),
            )
            .arrange(DOWN, buff=0.6, aligned_edge=LEFT)
            .move_to(DOWN * 0.2)
        )
        line = Line(
            "To finish, the textbook names. Factor the bilinear form's matrix into two: W "
            "equals K transposed times Q.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.lines[0]), run_time=min(1.5, clip.duration))

    def name_the_parts(self) -> None:
        lines = (
            Line(
                "The column's own word supplies the query, Q xⱼ;",
                spoken="The column's own word supplies the query, Q x j;",
            ),
            Line(
                "each word being weighed supplies its key, K xᵢ;",
                spoken="each word being weighed supplies its key, K x i;",
            ),
            Line(
                "and the linear representation, A xᵢ, is the value.",
                spoken="and the linear representation, eh x i, is the value.",
            ),
        )
        for text, line in zip(self.lines[1:], lines, strict=True):
            with self.voiceover(line) as clip:
                self.play(FadeIn(text, shift=RIGHT * 0.1), run_time=min(1.0, clip.duration))

    def compare_with_pytorch(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        ours = t.head_outputs[h][j]
        theirs = t.sdpa_outputs[h][j]
        weights = t.sdpa_weights[h][j]
        self.difference = float(
            max(np.max(np.abs(ours - theirs)), np.max(np.abs(t.importances[h][:, j] - weights)))
        )
        value_scale = color_scale(np.stack([ours, theirs]))

        def column(values: np.ndarray, scale: float, cells: int) -> VectorColumn:
            return VectorColumn(
                values,
                show_numbers=True,
                digits=self.digits,
                cell_size=0.26,
                max_cells=cells,
                value_scale=scale,
            )

        self.columns = (
            VGroup(
                column(t.importances[h][:, j], 1.0, t.n),
                column(weights, 1.0, t.n),
                column(ours, value_scale, self.shown),
                column(theirs, value_scale, self.shown),
            )
            .arrange(RIGHT, buff=1.25, aligned_edge=UP)
            .move_to(DOWN * 0.15)
        )
        words = VGroup(*label_row(t.tokens, theme.sizes.small))
        for k, word in enumerate(words):
            word.next_to(self.columns[0].cell(k), LEFT, buff=0.12)
        titles = VGroup(
            label(f"importances,\ncolumn {t.tokens[j]}", theme.sizes.small, theme.muted),
            label(f"SDPA weights,\nrow {t.tokens[j]}", theme.sizes.small, theme.muted),
            label("Σ importance × value", theme.sizes.small, theme.value),
            label("SDPA output", theme.sizes.small, theme.value),
        )
        for title, col in zip(titles, self.columns, strict=True):
            title.next_to(col, UP, buff=0.2)
        keys = (
            VGroup(
                ColorKey(1.0, title="importance", key_range="one-sided", width=1.8),
                ColorKey(value_scale, title="value component", width=1.8),
            )
            .arrange(RIGHT, buff=1.0)
            .to_edge(DOWN, buff=0.3)
        )
        note = label(
            f"largest difference between the two code paths: {self.difference:.0e}",
            theme.sizes.small,
            theme.muted,
        ).next_to(keys, UP, buff=0.25)
        line = Line(
            f"Numerically, for head {h + 1} and the column of {word_at(t.tokens, j)}: our "
            "weighted sum of values equals PyTorch's scaled dot-product attention, its scale set "
            "to 1, as this model has none."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.columns[2:]),
                FadeIn(titles[2:]),
                FadeIn(keys[1]),
                run_time=clip.duration - 0.5,
            )
        line = Line(
            "PyTorch's weights are our importances, read along a row instead of down a column."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.columns[:2]),
                FadeIn(words),
                FadeIn(titles[:2]),
                FadeIn(keys[0]),
                run_time=min(1.5, clip.duration),
            )
        line = Line(
            f"The two computations agree {fraction_words(self.difference)}.",
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(note), run_time=min(1.0, clip.duration))

    def own_word_term(self) -> None:
        theme = current_theme()
        lines = (
            VGroup(
                label("here:        column output = attention(Q, K, V)ⱼ + B xⱼ", theme.sizes.body),
                label(
                    "textbooks:  column output = attention(Q, K, V)ⱼ + xⱼ",
                    theme.sizes.body,
                    theme.muted,
                ),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.4)
            .move_to(UP * 0.3 + LEFT * 1.2)
        )
        residual = label("← the residual connection", theme.sizes.small, theme.highlight)
        residual.next_to(lines[1], RIGHT, buff=0.3)
        VGroup(lines, residual).set_x(0)
        line = Line(
            "The own-word term B xⱼ is not part of that function. It sits where textbooks put "
            "the residual connection around attention, which adds xⱼ itself.",
            spoken="The own-word term, B x j, is not part of that function. It sits where "
            "textbooks put the residual connection around attention, which adds x j itself.",
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(FadeIn(lines[0]), run_time=(clip.duration - 0.5) / 2)
            self.play(FadeIn(lines[1]), FadeIn(residual), run_time=(clip.duration - 0.5) / 2)


class Evidence(DerivedScene):
    """4.9: the evidence measured in the training run (beyond the video), from
    ``read_metrics()["evidence"]``: accuracy against reach for CNNs of 2 to 5 layers (each
    one's receptive field marked) and the attention models; both sentences of order-only
    pairs right, by model; and the cost of one layer against sentence length.

    ``topics_shown``: the three tests named at the start, each with what it measures;
    ``cnn_steps``: each CNN's line style (lightness and dashes)."""

    short_name = "evidence"
    chapter = CHAPTER
    beats = (Beat("4.9", "The evidence"),)
    fixed_example = "the held-out test sets of the training run"
    long_range_models: tuple[str, ...] = ("cnn2", "cnn3", "cnn4", "cnn", "attention", "transformer")
    word_order_models: tuple[str, ...] = (
        "pairwise",
        "pairwise_positions",
        "attention",
        "transformer",
    )
    cost_lengths: tuple[int, ...] = (4, 8, 16, 24)
    topics_shown: tuple[tuple[str, str], ...] = (
        ("far-apart words", "twin sentences told apart only by a word far back"),
        ("word order", "sentences that differ only by two swapped words"),
        ("cost", "one layer's arithmetic and time, from 4 to 24 words"),
    )

    def construct(self) -> None:
        self.evidence = read_metrics()["evidence"]
        self.titles = {n: m["title"] for n, m in read_metrics()["models"].items()}
        self.introduce()
        self.long_range()
        self.word_order()
        self.cost()

    def introduce(self) -> None:
        self.beat("4.9")
        self.heading("The evidence")
        theme = current_theme()
        topics = VGroup(
            *(
                VGroup(
                    label(name, theme.sizes.heading, theme.text),
                    label(what, theme.sizes.label, theme.muted),
                ).arrange(DOWN, buff=0.15)
                for name, what in self.topics_shown
            )
        ).arrange(DOWN, buff=0.6)
        topics.move_to(DOWN * 0.3)
        line = Line(
            "Last, the evidence. Every model of the road was trained the same way and tested on "
            "sentences it never saw: on far-apart words, on word order, and on cost."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(FadeIn(t, shift=UP * 0.1) for t in topics), lag_ratio=0.5),
                run_time=min(3.0, clip.duration),
            )
        self.topics = topics

    cnn_steps: ClassVar[dict[str, tuple[float, bool]]] = {
        "cnn2": (0.0, False),
        "cnn3": (0.3, True),
        "cnn4": (0.55, False),
        "cnn": (0.85, True),
    }
    """Each CNN's line: how far its purple is lightened towards white, and whether dashed,
    so that four lines of one family stay apart (the legend shows both)."""

    def cnn_color(self, name: str) -> str:
        theme = current_theme()
        lightness, _ = self.cnn_steps[name]
        return interpolate_color(ManimColor(theme.cnn), ManimColor("#ffffff"), lightness).to_hex()

    def model_color(self, name: str) -> str:
        """A model's colour here: the self-attention accent for the attention models (never
        the diverging map's negative end), the CNNs by depth, others their own."""
        theme = current_theme()
        if name in self.cnn_steps:
            return self.cnn_color(name)
        if name.startswith("attention"):
            return theme.attention
        return theme.model_color(name)

    def long_range(self) -> None:
        theme = current_theme()
        data = self.evidence["long_range"]
        reaches = sorted(data["reach_counts"], key=int)
        fields = data["receptive_fields"]
        self.reaches = reaches
        values = np.array(
            [
                [data["models"][m].get(r, {}).get("accuracy", np.nan) for r in reaches]
                for m in self.long_range_models
            ]
        )
        self.long_range_values = values
        colors = [self.model_color(m) for m in self.long_range_models]
        dashed = [self.cnn_steps.get(m, (0.0, False))[1] for m in self.long_range_models]
        names = [
            f"{self.titles[m]} (field {fields[m]})" if m in fields else self.titles[m]
            for m in self.long_range_models
        ]
        chart = LineChart(
            reaches,
            names,
            values,
            colors,
            width=6.0,
            height=3.6,
            x_title="reach: the window, in words, that tells the twins apart",
            dashed=dashed,
        )
        chart.move_to(DOWN * 0.2)
        first = int(reaches[0])
        for m in self.long_range_models:
            field = fields.get(m)
            if field is not None and first <= field < int(reaches[-1]):
                chart.mark_between(field - first + 0.5, f"{field}-word field", self.cnn_color(m))
        chance = chart.level(0.5, "chance")
        self.long_range_chart = chart
        beyond = {
            m: [values[s, k] for k, r in enumerate(reaches) if int(r) > fields[m]]
            for s, m in enumerate(self.long_range_models)
            if m in fields
        }
        within = [
            values[s, k]
            for s, m in enumerate(self.long_range_models)
            if m in fields
            for k, r in enumerate(reaches)
            if int(r) <= fields[m]
        ]
        attention = [values[s] for s, m in enumerate(self.long_range_models) if m not in fields]
        line = Line(
            "First, far-apart words. Each test sentence has a twin with the other answer, and "
            "only a window of a certain width, its reach, can tell the two apart."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.topics), run_time=0.4)
            self.play(
                FadeIn(chart.grid_lines),
                FadeIn(chart.axes),
                FadeIn(chart.tick_labels),
                FadeIn(chart.x_title),
                FadeIn(chart.legend),
                run_time=min(2.0, clip.duration - 0.4),
            )
        short = min(beyond, key=lambda m: fields[m])
        lo, hi = min(beyond[short]), max(beyond[short])
        line = Line(
            f"A CNN cannot see past its field: the 2-layer CNN, which covers {fields[short]} "
            f"words, falls to between {percent(lo, 0)} and {percent(hi, 0)} beyond it. That is "
            "chance."
            if short == "cnn2"
            else f"A CNN cannot see past its field: beyond it, {percent(lo, 0)} to "
            f"{percent(hi, 0)}, chance."
        )
        with self.voiceover(line) as clip:
            self.play(chart.animate_draw(), FadeIn(chart.marks), run_time=clip.duration)
            self.add(chart)
        low, high = float(np.nanmin(attention)), float(np.nanmax(attention))
        self.within = (min(within), max(within))
        summary = VGroup(
            label(
                f"CNNs within their fields: {percent(min(within), 0)}–{percent(max(within), 0)}"
                f"  ·  attention, every reach: {percent(low, 0)}–{percent(high, 0)}",
                theme.sizes.small,
                theme.text,
            ),
            label(
                f"each point: {min(data['reach_counts'].values())} test sentences",
                theme.sizes.tiny,
                theme.muted,
            ),
        ).arrange(DOWN, buff=0.1)
        summary.next_to(chart, DOWN, buff=0.25)
        line = Line(
            "Yet the CNNs are weak at every reach in this task: within their fields, they "
            f"manage only {percent(min(within), 0)} to {percent(max(within), 0)}. Both "
            f"attention models stay between {percent(low, 0)} and {percent(high, 0)} at every "
            f"reach. No sentence built reaches past {reaches[-1]} words, so the deeper CNNs "
            "are never out of range: their field is not the whole story."
        )
        with self.voiceover(line) as clip:
            self.play(
                Indicate(chance, color=theme.text),
                FadeIn(summary, shift=UP * 0.1),
                run_time=min(1.2, clip.duration),
            )
        self.long_range_summary = summary

    def word_order(self) -> None:
        theme = current_theme()
        data = self.evidence["word_order"]
        models = data["models"]
        self.word_order_values = [models[m]["pairs_both_right"] for m in self.word_order_models]
        chart = ProbabilityBars(
            [self.titles[m] for m in self.word_order_models],
            self.word_order_values,
            colors=[self.model_color(m) for m in self.word_order_models],
            bar_width=4.0,
            digits=3,
            title="order-only pairs: both sentences right",
        )
        chart.move_to(DOWN * 0.2)
        example = label(f"e.g. {data['examples'][0]}", theme.sizes.small, theme.muted)
        example.next_to(chart, DOWN, buff=0.5)
        if example.width > current_theme().layout.safe_width:
            example.scale_to_fit_width(current_theme().layout.safe_width)
        self.word_order_chart = chart
        line = Line(
            f"Word order: {data['pairs']:,} pairs of sentences that differ only by two swapped "
            "words, and so have different answers."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(example),
                FadeIn(chart.title),
                FadeIn(chart.word_labels),
                FadeIn(chart.tracks),
                run_time=min(1.5, clip.duration - 0.5),
            )
        free, positions, attention, transformer = (models[m] for m in self.word_order_models)
        line = Line(
            "Without positions, the pairwise model gives both sentences the same answer "
            f"{percent(free['pairs_same_answer'], 0)} of the time, so it gets both right "
            f"{percent(free['pairs_both_right'], 0)}. With positions, {percent(positions['pairs_both_right'])}: "  # noqa: E501
            "it barely uses them."
        )
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(*(GrowFromEdge(b, LEFT) for b in chart.bars), lag_ratio=0.2),
                FadeIn(chart.value_labels),
                run_time=min(2.5, clip.duration),
            )
            self.add(chart)
        line = Line(
            f"Attention gets both right {percent(attention['pairs_both_right'], 0)} of the time, "
            f"the transformer {percent(transformer['pairs_both_right'], 0)}."
        )
        with self.voiceover(line) as clip:
            self.play(Indicate(chart.bar(3), color=theme.text), run_time=min(1.5, clip.duration))

    def cost(self) -> None:
        theme = current_theme()
        cost = self.evidence["cost"]
        rows_by_n = {r["n"]: r for r in cost["rows"]}
        lengths = [n for n in self.cost_lengths if n in rows_by_n]
        kinds = (
            ("pairwise", "pairwise"),
            ("pairs_of_pairs", "pairs of pairs"),
            ("optimised", "optimised"),
        )
        rows = [["words"] + [name for _, name in kinds] * 2]
        for n in lengths:
            r = rows_by_n[n]
            rows.append(
                [str(n)]
                + [short_count(r[k]["multiply_adds"]) for k, _ in kinds]
                + [f"{r[k]['seconds'] * 1e3:.2f} ms" for k, _ in kinds]
            )
        self.cost_table = table(
            rows, [theme.muted] + [theme.text] * len(lengths), theme.sizes.label
        )
        if self.cost_table.width > theme.layout.safe_width:
            self.cost_table.scale_to_fit_width(theme.layout.safe_width)
        self.cost_table.move_to(UP * 0.5)
        heads = VGroup(
            label("multiply-adds", theme.sizes.small, theme.muted),
            label("wall time, one thread", theme.sizes.small, theme.muted),
        )
        heads[0].next_to(VGroup(*(self.cost_table[0][k] for k in (1, 2, 3))), UP, buff=0.2)
        heads[1].next_to(VGroup(*(self.cost_table[0][k] for k in (4, 5, 6))), UP, buff=0.2)
        convention = VGroup(
            label(
                "the trained layers as they are, scores included (4.1 counted equal sizes "
                "without scores)",
                theme.sizes.small,
                theme.text,
            ),
            wrapped(cost["convention"], theme.sizes.small, theme.muted, 10.0),
        ).arrange(DOWN, buff=0.15)
        convention.next_to(self.cost_table, DOWN, buff=0.5)
        longest = rows_by_n[max(lengths)]
        line = Line(
            f"Cost, measured on the trained layers as they are, scores included, {cost['width']} "
            "numbers per word. Pairs of pairs grow "
            f"as n⁴: at {max(lengths)} words, {short_count(longest['pairs_of_pairs']['multiply_adds'])} "  # noqa: E501
            f"multiply-adds, against {short_count(longest['pairwise']['multiply_adds'])} for pairwise "  # noqa: E501
            f"and {short_count(longest['optimised']['multiply_adds'])} for the optimised layer.",
            spoken="Cost, measured on the trained layers as they are, scores included, "
            f"{cost['width']} numbers per word. Pairs of "
            f"pairs grow as n to the fourth: at {max(lengths)} words, "
            f"{rounded_words(longest['pairs_of_pairs']['multiply_adds'])} multiply-adds, against "
            f"{rounded_words(longest['pairwise']['multiply_adds'])} for pairwise, and "
            f"{rounded_words(longest['optimised']['multiply_adds'])} for the optimised layer.",
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.cost_table),
                FadeIn(heads),
                FadeIn(convention),
                run_time=min(2.0, clip.duration - 0.5),
            )
        slower = all(
            rows_by_n[n]["optimised"]["seconds"] > rows_by_n[n]["pairwise"]["seconds"]
            for n in rows_by_n
        )
        fewer = [
            n
            for n in sorted(rows_by_n)
            if rows_by_n[n]["optimised"]["multiply_adds"]
            < rows_by_n[n]["pairwise"]["multiply_adds"]
        ]
        text = (
            f"The optimised layer needs fewer multiply-adds than the pairwise one from {fewer[0]} "
            "words on"
            if fewer
            else "The optimised layer never needs fewer multiply-adds here"
        )
        text += (
            f"; yet in wall time it is slower at every length measured, up to {max(rows_by_n)} "
            "words: at this size, fixed costs outweigh the saving."
            if slower
            else "."
        )
        with self.voiceover(Line(text)) as clip:
            self.play(
                *(
                    Indicate(self.cost_table[r + 1][6], color=theme.highlight)
                    for r in range(len(lengths))
                ),
                run_time=min(1.5, clip.duration),
            )


class Recap(DerivedScene):
    """4.10: the road map once more, each stop with the flaw it fixed (or the one it found)
    and the measured figure that shows it, from the training metrics."""

    short_name = "recap"
    chapter = CHAPTER
    beats = (Beat("4.10", "The road, looked back on"),)
    fixed_example = "the training run's metrics"

    def construct(self) -> None:
        self.figures = self.measured()
        self.the_road()
        self.each_stop()
        self.closing()

    def measured(self) -> dict[str, Any]:
        metrics = read_metrics()
        models, evidence = metrics["models"], metrics["evidence"]
        long_range = evidence["long_range"]
        field = long_range["receptive_fields"]["cnn2"]
        beyond = [v["accuracy"] for r, v in long_range["models"]["cnn2"].items() if int(r) > field]
        cost = {r["n"]: r for r in evidence["cost"]["rows"]}
        n = max(cost)
        fields = long_range["receptive_fields"]
        within = [
            v["accuracy"]
            for m, field_m in fields.items()
            for r, v in long_range["models"][m].items()
            if int(r) <= field_m
        ]
        longest = cost[n]
        return {
            "cnn_field": field,
            "cnn_beyond": (min(beyond), max(beyond)),
            "cnn_within": (min(within), max(within)),
            "slower_in_time": longest["optimised"]["seconds"] > longest["pairwise"]["seconds"],
            "order_free": evidence["word_order"]["models"]["pairwise"]["pairs_both_right"],
            "order_positions": evidence["word_order"]["models"]["pairwise_positions"][
                "pairs_both_right"
            ],
            "attention": models["attention"]["new_sentences"]["overall"]["accuracy"],
            "attention_wordings": models["attention"]["new_wordings"]["overall"]["accuracy"],
            "transformer": models["transformer"]["new_sentences"]["overall"]["accuracy"],
            "transformer_wordings": models["transformer"]["new_wordings"]["overall"]["accuracy"],
            "cost_n": n,
            "cost_pairwise": cost[n]["pairwise"]["multiply_adds"],
            "cost_optimised": cost[n]["optimised"]["multiply_adds"],
            "cost_pairs_of_pairs": cost[n]["pairs_of_pairs"]["multiply_adds"],
        }

    def notes(self) -> list[tuple[str, str, Line]]:
        f = self.figures
        lo, hi = f["cnn_beyond"]
        weak_lo, weak_hi = f["cnn_within"]
        caveat = "; slower in wall time at these lengths" if f["slower_in_time"] else ""
        return [
            (
                "windows of 3 words",
                f"2 layers: {percent(lo, 0)}–{percent(hi, 0)} past its {f['cnn_field']}-word "
                f"field; {percent(weak_lo, 0)}–{percent(weak_hi, 0)} within",
                Line(
                    "The CNN looks at a few neighbouring words at a time. Its flaw: far-apart "
                    "words meet too late. Here the CNNs were weak at every reach, and at chance "
                    "past their field."
                ),
            ),
            (
                "fixed distance: every pair meets",
                f"order lost: {percent(f['order_free'], 1)} of swapped pairs right; "
                f"{percent(f['order_positions'], 1)} with positions",
                Line(
                    "The pairwise convolution fixed distance: every pair of words meets. Its "
                    "flaws: word order is lost, and the pairs multiply, n² at every layer."
                ),
            ),
            (
                "fixed the n² growth: weighted column sums",
                f"{percent(f['attention'], 1)} of new sentences, "
                f"{percent(f['attention_wordings'], 1)} of new wordings",
                Line(
                    "Self-attention fixed the growth: each column of pairs becomes one vector "
                    "again, a sum weighted by scores, so it does not blur. It answers "
                    f"{percent(f['attention'], 1)} of new sentences right."
                ),
            ),
            (
                "fewer multiply-adds: linear, bilinear, n networks",
                f"{short_count(f['cost_optimised'])} multiply-adds vs "
                f"{short_count(f['cost_pairwise'])} at {f['cost_n']} words{caveat}; "
                f"{percent(f['transformer'], 1)} right",
                Line(
                    "The transformer cut the arithmetic: a linear representation, bilinear "
                    "scores, and the network once per word"
                    + (
                        ", though at these lengths it is still slower in wall time"
                        if caveat
                        else ""
                    )
                    + f". It answers {percent(f['transformer'], 1)} of new sentences right."
                ),
            ),
        ]

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
            ).arrange(DOWN, buff=0.35)
            note.next_to(box, DOWN, buff=0.45).set_x(box.get_x())
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
        note = label(
            "every figure: measured on the models trained for this video",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=0.6)
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


SCENES: tuple[type[DerivedScene], ...] = (
    LinearRepresentation,
    NetworkAfterAttention,
    ScoringChoices,
    LayerInTwoSteps,
    Redundancy,
    MultiHead,
    TheTransformer,
    QueryKeyValue,
    Evidence,
    Recap,
)
"""The chapter's scenes, in the order the explainer shows them."""
