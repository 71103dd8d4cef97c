"""4.1: A linear representation (scene ``linear``).

``manim -ql scenes/ch4_optimisations/linear.py LinearRepresentation``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.model.costs import layer_counts
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.words import short_word_at
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import CostScene, count, table
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    VectorColumn,
    square_field,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme

TABLE_LENGTHS = (4, 8, 16, 24)
"""The sentence lengths of the operation-count table (the sentence's own is added)."""


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
        pairs_caption = flat_text(f"{n * n} pairs", theme.sizes.label, theme.attention)
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
        formula = flat_text("A xᵢ + B xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            formula, color=theme.transformer, buff=0.35, corner_radius=0.12
        )
        caption = flat_text("a linear map of the pair", theme.sizes.small, theme.transformer)
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
                flat_text(short_word_at(t.tokens, i), theme.sizes.label).next_to(a, LEFT, buff=0.3)
                for i, a in enumerate(a_parts)
            )
        )
        names = VGroup(
            flat_text("A x", theme.sizes.label, theme.transformer).next_to(a_parts, UP, buff=0.15),
            flat_text("B x", theme.sizes.label, theme.transformer).next_to(b_parts, UP, buff=0.15),
        )
        caption = flat_text(
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
        plus = flat_text("+", theme.sizes.body)
        a_copy, b_copy = a_parts[i].copy(), b_parts[j].copy()
        target = VGroup(a_copy.copy(), plus, b_copy.copy()).arrange(RIGHT, buff=0.2)
        target.next_to(b_parts, RIGHT, buff=1.0)
        pair_caption = flat_text(
            f"pair ({short_word_at(t.tokens, i)}, {short_word_at(t.tokens, j)}):",
            theme.sizes.label,
            theme.muted,
        ).next_to(target, UP, buff=0.25)
        cost_caption = flat_text("one addition per number", theme.sizes.small, theme.muted)
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
            flat_text(
                f"an equal-size count: multiply-adds of the matrix products, both layers at "
                f"width {here.width}, network hidden layer {here.hidden};",
                theme.sizes.tiny,
                theme.muted,
            ),
            flat_text(
                "left out: biases, ReLU, softmax, the weighted sums (the same in both), scores "
                f"(4.3), the {here.width} additions per pair of A xᵢ + B xⱼ.",
                theme.sizes.tiny,
                theme.muted,
            ),
            flat_text(
                "Fresh layers of the trained sizes, scores included, give other figures (4.9).",
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
        cost = measurements().evidence.cost
        slower = [r.n for r in cost.rows if r.optimised.seconds > r.pairwise.seconds]
        longest = cost.longest
        if len(slower) == len(cost.rows):
            text = (
                "Counts are not time, though: measured on this machine, a whole optimised layer "
                f"is still slower than a pairwise one at every length up to {longest.n} words. "
                "At such small sizes, fixed costs dominate."
            )
        elif slower:
            text = (
                "Counts are not time, though: measured on this machine, the optimised layer is "
                f"slower than a pairwise one at {', '.join(map(str, slower))} words."
            )
        else:
            text = "Measured on this machine, the optimised layer is faster at every length."
        note = flat_text(
            f"measured at {longest.n} words, one thread: pairwise layer "
            f"{longest.pairwise.seconds * 1e3:.2f} ms, optimised layer "
            f"{longest.optimised.seconds * 1e3:.2f} ms (4.9)",
            theme.sizes.small,
            theme.highlight,
        ).to_edge(DOWN, buff=1.6)
        with self.voiceover(Line(text)) as clip:
            self.play(FadeIn(note, shift=UP * 0.1), run_time=min(1.0, clip.duration))
