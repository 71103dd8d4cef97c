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
from derived_transformer.narration.numbers import count
from derived_transformer.narration.words import short_word_at
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import CostScene
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    TextTable,
    square_field,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_width
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme

TABLE_LENGTHS = (4, 8, 16, 24)
"""The sentence lengths of the operation-count table (the sentence's own is added)."""


class LinearRepresentation(CostScene):
    """4.1: the representation network replaced by a linear map ``A x_i + B x_j``, computed
    once per word; live: the operation counts of what the transformer computes against the
    pairwise network at equal width, across sentence lengths (the sentence's own included),
    with their convention on screen, and the measured wall time where it disagrees.

    ``shown``: how many components of each word's A x and B x are drawn."""

    short_name = "linear"
    beats = (Beat("4.1", "A linear representation"),)
    shown: int = 6

    def construct(self) -> None:
        self.the_road()
        self.bottleneck()
        self.linear_map()
        self.once_per_word()
        self.a_pair_adds_two()
        self.count_table()
        self.counts()
        self.this_sentence()
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
        pairs_caption.next_to(pairs, DOWN, buff=theme.gaps.tight)
        self.network = NetworkGlyph(
            color=theme.attention,
            caption="a network with a hidden layer",
            width=2.4,
            height=1.8,
        )
        pictures = VGroup(VGroup(pairs, pairs_caption), self.network)
        pictures.arrange(RIGHT, buff=theme.gaps.wide + theme.gaps.large).move_to(UP * 0.2)
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
            formula, color=theme.transformer, buff=theme.gaps.medium, corner_radius=0.12
        )
        caption = flat_text("a linear map of the pair", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=theme.gaps.tight)
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
        """Each word's two parts, A x and B x, as strips beside the word."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        shown = tuple(range(self.shown))
        scale = color_scale(
            np.concatenate(
                [t.values[0][:, : self.shown].ravel(), t.own_terms[:, : self.shown].ravel()]
            )
        )

        def strips(values: np.ndarray) -> VGroup:
            cell = theme.sizes.cell
            group = VGroup(
                *(vector_strip(v, shown=shown, value_scale=scale, cell_size=cell) for v in values)
            )
            return group.arrange(DOWN, buff=theme.gaps.hair)

        self.a_parts, self.b_parts = strips(t.values[0][: t.n]), strips(t.own_terms[: t.n])
        self.b_parts.next_to(self.a_parts, RIGHT, buff=theme.gaps.large)
        parts = VGroup(self.a_parts, self.b_parts)
        parts.next_to(self.current_heading, DOWN, buff=theme.gaps.wide).set_x(-1.2)
        labels = self.part_labels(scale)
        line = Line(
            "Each part depends on one word only, so it is computed once per word, not once per "
            "pair."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.pairs),
                self.formula.animate.scale(0.6).to_corner(UR, buff=theme.gaps.large),
                run_time=0.6,
            )
            self.play(
                LaggedStart(
                    *(
                        FadeIn(VGroup(a, b))
                        for a, b in zip(self.a_parts, self.b_parts, strict=True)
                    ),
                    lag_ratio=0.1,
                ),
                FadeIn(labels),
                run_time=clip.duration - 0.6,
            )

    def part_labels(self, scale: float) -> VGroup:
        """The words beside the parts, their names above, what they show below and their
        colour key (``self.key``) under that."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        words = VGroup(
            *(
                flat_text(short_word_at(t.tokens, i), theme.sizes.label).next_to(
                    a, LEFT, buff=theme.gaps.small
                )
                for i, a in enumerate(self.a_parts)
            )
        )
        names = VGroup(
            *(
                flat_text(name, theme.sizes.label, theme.transformer).next_to(
                    column, UP, buff=theme.gaps.tight
                )
                for name, column in (("A x", self.a_parts), ("B x", self.b_parts))
            )
        )
        caption = flat_text(
            f"components 0–{self.shown - 1} of {t.own_terms.shape[1]} each",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(VGroup(self.a_parts, self.b_parts), DOWN, buff=theme.gaps.tight)
        self.key = ColorKey(scale, title="A x and B x component", width=2.4)
        self.key.next_to(caption, DOWN, buff=theme.gaps.small)
        return VGroup(words, names, caption, self.key)

    def a_pair_adds_two(self) -> None:
        """A pair's vector: the first word's A x plus the second word's B x, beside the
        parts and below the formula in the corner."""
        theme = current_theme()
        t = self.trace
        i, j = 0, t.n - 1
        plus = flat_text("+", theme.sizes.body)
        a_copy, b_copy = self.a_parts[i].copy(), self.b_parts[j].copy()
        target = VGroup(a_copy.copy(), plus, b_copy.copy()).arrange(RIGHT, buff=theme.gaps.tight)
        target.next_to(self.b_parts, RIGHT, buff=theme.gaps.wide)
        pair_caption = flat_text(
            f"pair ({short_word_at(t.tokens, i)}, {short_word_at(t.tokens, j)}):",
            theme.sizes.label,
            theme.muted,
        ).next_to(target, UP, buff=theme.gaps.small)
        cost_caption = flat_text("one addition per number", theme.sizes.small, theme.muted)
        cost_caption.next_to(target, DOWN, buff=theme.gaps.small)
        pair = VGroup(target, pair_caption, cost_caption)
        # level with the parts, but under the formula in the corner when they are few
        highest = self.formula.get_bottom()[1] - theme.gaps.tight
        pair.shift(DOWN * max(0.0, pair_caption.get_top()[1] - highest))
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

    def count_table(self) -> None:
        """Multiply-adds of the pairwise network and of what replaces it, at each length of
        ``TABLE_LENGTHS`` and the sentence's own (highlighted), with how they are counted."""
        theme = current_theme()
        _, transformer = self.configs
        n = self.trace.n
        self.count_rows = {m: layer_counts(m, transformer) for m in sorted({*TABLE_LENGTHS, n})}
        here = self.count_rows[n]
        rows = [
            [
                "words",
                "network on every pair",
                "its first layer per word",
                "A x, B x and network per word",
            ]
        ]
        rows += [
            [str(m), count(c.network_every_pair), count(c.network_split), count(c.optimised)]
            for m, c in self.count_rows.items()
        ]
        colors = [theme.muted] + [
            theme.highlight if m == n else theme.text for m in self.count_rows
        ]
        self.table = TextTable(rows, colors, theme.sizes.label)
        within_safe_width(self.table)
        self.table.next_to(self.current_heading, DOWN, buff=theme.gaps.wide)
        self.convention = VGroup(
            *(
                flat_text(text, theme.sizes.tiny, theme.muted)
                for text in (
                    f"an equal-size count: multiply-adds of the matrix products, both layers at "
                    f"width {here.width}, network hidden layer {here.hidden};",
                    "left out: biases, ReLU, softmax, the weighted sums (the same in both), "
                    f"scores (4.3), the {here.width} additions per pair of A xᵢ + B xⱼ.",
                    "Fresh layers of the trained sizes, scores included, give other figures (4.9).",
                )
            )
        ).arrange(DOWN, buff=theme.gaps.hair)
        self.convention.next_to(self.table, DOWN, buff=theme.gaps.medium)

    def counts(self) -> None:
        """The count table on stage."""
        width = self.count_rows[self.trace.n].width
        line = Line(
            f"Counted in multiply-adds at the same width, {width} numbers per word, scores "
            "left out: the pairwise network, and what the transformer computes instead."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(FadeIn(self.table), FadeIn(self.convention), run_time=clip.duration - 0.5)

    def this_sentence(self) -> None:
        """The sentence's own row framed: how many times fewer, here and at the longest."""
        theme = current_theme()
        n = self.trace.n
        here = self.count_rows[n]
        split, every = here.network_split / here.optimised, here.network_every_pair / here.optimised
        longest = self.count_rows[max(self.count_rows)]
        line = Line(
            f"For these {n} words: {split:.1f} times fewer than the pairwise network with its "
            f"first layer split per word, {every:.1f} times fewer than running it on every pair. "
            f"At {longest.n} words, {longest.network_split / longest.optimised:.1f} times: n² "
            "against n."
        )
        row = list(self.count_rows).index(n) + 1
        frame = SurroundingRectangle(
            self.table.row(row), color=theme.highlight, buff=theme.gaps.hair
        )
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
        )
        to_safe_edge(note, DOWN, theme.layout.caption_band + theme.gaps.small)
        with self.voiceover(Line(text)) as clip:
            self.play(FadeIn(note, shift=UP * 0.1), run_time=min(1.0, clip.duration))
