"""4.5: Add the own-word term once (scene ``redundancy``).

``manim -ql scenes/ch4_optimisations/redundancy.py Redundancy``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.narration import Line
from derived_transformer.narration.words import quoted, short_word_at, word_at
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import HOLD, CostScene, reveal_time
from derived_transformer.scenes.components import (
    ColorKey,
    VectorColumn,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import color_scale, current_theme


class Redundancy(CostScene):
    """4.5: the own-word term B x_j, the same in every pair of a column, lifted out of the
    sum and added once; live: head 1's A x_i and B x_j in every row of the last word's
    column, and both forms from the trace's two independent code paths, equal.

    ``digits``: the decimals of the two forms' numbers; ``shown``: how many of their
    components are drawn; ``strip_cells``: how many components each row's strips draw."""

    short_name = "redundancy"
    beats = (Beat("4.5", "Add the own-word term once"),)
    digits: int = 3
    shown: int = 7
    strip_cells: int = 8

    def construct(self) -> None:
        self.same_term_in_every_pair()
        self.lift_it_out()
        self.both_forms()

    def same_term_in_every_pair(self) -> None:
        """Every row of the last word's column: importance × (A xᵢ + B xⱼ), then the same
        B xⱼ in each framed."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        self.beat("4.5")
        self.heading("Add the own-word term once")
        self.column_rows()
        labels = self.row_labels()
        self.frames = VGroup(
            *(
                SurroundingRectangle(b, color=theme.highlight, buff=theme.gaps.hair)
                for b in self.b_strips
            )
        )
        line = Line(
            f"One more saving. Every pair in the column of {word_at(t.tokens, j)} contains "
            f"{word_at(t.tokens, j)} itself, so the linear map adds the same term, B times "
            f"{quoted(t.tokens[j])}, to every pair."
        )
        with self.voiceover(line) as clip:
            same = clip.at("so the linear map")
            self.play_during(
                clip,
                LaggedStart(
                    *(
                        FadeIn(VGroup(word, row), shift=RIGHT * 0.2)
                        for word, row in zip(self.words, self.rows, strict=True)
                    ),
                    lag_ratio=0.3,
                ),
                FadeIn(labels),
                end=same,
            )
            self.play_during(
                clip,
                LaggedStart(*(Create(f) for f in self.frames), lag_ratio=0.3),
                start=same,
                end=1 - HOLD / clip.duration,
            )

    def column_rows(self) -> None:
        """``self.rows``: one row per word, “importance × ( A xᵢ + B xⱼ )”, with its strips in
        ``self.a_strips`` and ``self.b_strips`` and the word beside it (``self.words``),
        against the left edge."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        head_dim = t.values.shape[2]
        self.strip_shown = tuple(range(min(self.strip_cells, head_dim)))
        shown = list(self.strip_shown)
        own = t.own_terms[j][:head_dim]
        self.scale = color_scale(np.concatenate([t.values[0][:, shown].ravel(), own[shown]]))
        self.rows = VGroup()
        self.a_strips, self.b_strips = VGroup(), VGroup()
        for i in range(t.n):
            weight = flat_text(
                f"{format_value(float(t.importances[0][i, j]))} × (", theme.sizes.small, theme.muted
            )
            a, b = (
                vector_strip(v, shown=shown, value_scale=self.scale, cell_size=0.27)
                for v in (t.values[0][i], own)
            )
            plus = flat_text("+", theme.sizes.small)
            close = flat_text(")", theme.sizes.small, theme.muted)
            self.rows.add(VGroup(weight, a, plus, b, close).arrange(RIGHT, buff=theme.gaps.tight))
            self.a_strips.add(a)
            self.b_strips.add(b)
        self.rows.arrange(DOWN, buff=theme.gaps.hair, aligned_edge=RIGHT)
        self.rows.next_to(self.current_heading, DOWN, buff=theme.gaps.large)
        self.words = VGroup(
            *(
                flat_text(short_word_at(t.tokens, i), theme.sizes.small).next_to(
                    row, LEFT, buff=theme.gaps.tight
                )
                for i, row in enumerate(self.rows)
            )
        )
        to_safe_edge(VGroup(self.words, self.rows), LEFT, theme.gaps.large)

    def row_labels(self) -> VGroup:
        """The strips' names above them, what they show below, and their colour key."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        head_dim = t.values.shape[2]
        titles = VGroup(
            flat_text("A xᵢ", theme.sizes.small, theme.transformer).next_to(
                self.a_strips[0], UP, buff=theme.gaps.tight
            ),
            flat_text(f"B x({t.tokens[j]})", theme.sizes.small, theme.transformer).next_to(
                self.b_strips[0], UP, buff=theme.gaps.tight
            ),
        )
        caption = flat_text(
            f"transformer, layer 1, head 1, column “{t.tokens[j]}”: importance × pair vector, "
            "components "
            f"0–{len(self.strip_shown) - 1} of the first {head_dim} of {t.combined.shape[1]}",
            theme.sizes.tiny,
            theme.muted,
        )
        caption.next_to(self.rows, DOWN, buff=theme.gaps.tight).align_to(self.rows, LEFT)
        self.key = ColorKey(self.scale, title="A x and B x component", width=2.2)
        self.key.next_to(caption, DOWN, buff=theme.gaps.small).align_to(caption, LEFT)
        return VGroup(titles, caption, self.key)

    def lift_it_out(self) -> None:
        theme = current_theme()
        sigma = flat_text("Σᵢ aᵢⱼ A xᵢ", theme.sizes.body, theme.text)
        plus = flat_text("+", theme.sizes.body)
        once = self.b_strips[0].copy()
        # The term lands on the left, so the copies flying in never pass over the sum.
        result = VGroup(once, plus, sigma).arrange(RIGHT, buff=theme.gaps.small)
        result.move_to(RIGHT * 3.7 + UP * 0.9)
        frame = SurroundingRectangle(once, color=theme.highlight, buff=theme.gaps.hair)
        why = VGroup(
            flat_text("because Σᵢ aᵢⱼ = 1", theme.sizes.small, theme.muted),
            flat_text("aᵢⱼ: relative importance of pair (i, j)", theme.sizes.tiny, theme.muted),
        ).arrange(DOWN, buff=theme.gaps.tight)
        why.next_to(result, DOWN, buff=theme.gaps.small)
        line = Line(
            "A column's importances add up to 1, so that term can come out of the sum and be "
            "added once, after it."
        )
        with self.voiceover(line) as clip:
            summing, one, out = (clip.at(w) for w in ("importances add", "so that", "come out"))
            summing = max(summing, 0.6 / clip.duration)
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
        self.own_once = once

    def both_forms(self) -> None:
        """The column's output computed both ways, side by side: equal."""
        t: TransformerTrace = self.trace
        j = t.n - 1
        _, labels = self.two_forms()
        line = Line(
            f"Computed both ways, separately, the column of {word_at(t.tokens, j)} agrees to "
            "every digit shown."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            titles, sign, key, caption = labels
            self.play(
                FadeIn(titles[0]),
                FadeIn(caption),
                FadeIn(key),
                FadeIn(self.pairwise, shift=DOWN * 0.3),
                run_time=1.5,
            )
            self.play(
                FadeIn(titles[1]),
                FadeIn(sign),
                FadeIn(self.optimised, shift=DOWN * 0.3),
                run_time=reveal_time(clip, 2.0),
            )

    def two_forms(self) -> tuple[VGroup, VGroup]:
        """``self.pairwise`` and ``self.optimised``, the column's output from each code path
        with numbers, as far apart as their titles need, an equals sign between; returns the
        two and their titles, sign, key and caption."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        scale = color_scale(np.stack([t.combined[j], t.combined_pairwise_form[j]]))
        self.pairwise, self.optimised = (
            VectorColumn(
                values,
                max_cells=self.shown,
                show_numbers=True,
                digits=self.digits,
                cell_size=0.26,
                value_scale=scale,
            )
            for values in (t.combined_pairwise_form[j], t.combined[j])
        )
        titles = VGroup(
            flat_text(f"its {t.n} pair vectors, weighted", theme.sizes.small, theme.muted),
            flat_text("weighted A xᵢ, plus B xⱼ once", theme.sizes.small, theme.muted),
        )
        apart = max(title.width for title in titles) + theme.gaps.wide - self.pairwise.width
        pair = VGroup(self.pairwise, self.optimised).arrange(RIGHT, buff=apart)
        pair.move_to(UP * 0.2)
        for title, vector in zip(titles, pair, strict=True):
            title.next_to(vector, UP, buff=theme.gaps.tight)
        sign = flat_text("=", theme.sizes.title).move_to(pair)
        key = ColorKey(scale, title="column output component", width=2.2)
        key.next_to(pair, DOWN, buff=theme.gaps.medium)
        caption = flat_text(
            f"transformer, layer 1, column “{t.tokens[j]}”, all {t.combined.shape[1]} "
            "components: the two forms computed separately",
            theme.sizes.small,
            theme.muted,
        )
        caption.next_to(titles, UP, buff=theme.gaps.small).set_x(0)
        return pair, VGroup(titles, sign, key, caption)
