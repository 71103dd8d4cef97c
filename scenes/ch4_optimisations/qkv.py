"""4.8: Query, key and value (scene ``qkv``).

``manim -ql scenes/ch4_optimisations/qkv.py QueryKeyValue``
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.narration import Line
from derived_transformer.narration.numbers import fraction_words
from derived_transformer.narration.words import word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER, HOLD, reveal_time
from derived_transformer.scenes.components import (
    ColorKey,
    VectorColumn,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import FlatText, flat_text, flat_text_row
from derived_transformer.scenes.theme import color_scale, current_theme


class QueryKeyValue(DerivedScene):
    """4.8: the bridge to query, key and value (beyond the video), live: the weighted sum of
    values beside PyTorch's scaled_dot_product_attention on the same Q, K, V, computed by
    separate code paths; its weights against the grid's importances; and the own-word
    term where textbooks put the residual connection around attention.

    ``head``: the head compared with PyTorch's (counted from 0); ``digits``: the decimals
    drawn; ``shown``: how many components of the outputs are drawn."""

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
                flat_text("xᵢᵀ W xⱼ  =  xᵢᵀ Kᵀ Q xⱼ  =  (K xᵢ) · (Q xⱼ)", theme.sizes.title),
                flat_text(
                    "Q xⱼ: the query, from the column's own word",
                    theme.sizes.body,
                    theme.query,
                ),
                flat_text(
                    "K xᵢ: the key, from each word being weighed",
                    theme.sizes.body,
                    theme.key,
                ),
                flat_text(
                    "A xᵢ: the value, what the column takes from it", theme.sizes.body, theme.value
                ),
            )
            .arrange(DOWN, buff=theme.gaps.large, aligned_edge=LEFT)
            .move_to(DOWN * 0.2)
        )
        line = Line("The textbook names: factor W into K transposed times Q.")
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                FadeIn(self.lines[0], shift=DOWN * 0.3),
                start=clip.at("factor"),
                end=1 - HOLD / clip.duration,
            )

    def name_the_parts(self) -> None:
        line = Line(
            "The column's own word then supplies the query, Q xⱼ; each word being weighed, its "
            "key, K xᵢ; and A xᵢ is the value.",
            spoken="The column's own word then supplies the query, Q x j; each word being "
            "weighed, its key, K x i; and eh x i is the value.",
        )
        with self.voiceover(line) as clip:
            cues = [clip.at("The column"), clip.at("each word"), clip.at("and A")]
            cues.append(1 - HOLD / clip.duration)
            for text, (start, end) in zip(self.lines[1:], itertools.pairwise(cues), strict=True):
                self.play_during(clip, FadeIn(text, shift=RIGHT * 0.3), start=start, end=end)

    def compare_with_pytorch(self) -> None:
        """Our importances and weighted sum beside PyTorch's SDPA weights and output, equal."""
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        words, titles, keys, note = self.sdpa_columns()
        line = Line(
            f"For head {h + 1} of layer 1 and the column of {word_at(t.tokens, j)}, our weighted "
            "sum of values equals PyTorch's own attention function, and its weights are our "
            "importances, read along a row."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            weights = clip.at("and its weights")
            self.play_during(
                clip,
                FadeIn(self.columns[2], shift=DOWN * 0.3),
                FadeIn(titles[2]),
                FadeIn(keys[1]),
                end=clip.at("equals"),
            )
            self.play_during(
                clip, FadeIn(self.columns[3], shift=DOWN * 0.3), FadeIn(titles[3]), end=weights
            )
            self.play_during(
                clip,
                LaggedStart(
                    FadeIn(VGroup(self.columns[0], words, titles[0]), shift=DOWN * 0.3),
                    FadeIn(VGroup(self.columns[1], titles[1]), shift=DOWN * 0.3),
                    lag_ratio=0.6,
                ),
                FadeIn(keys[0]),
                start=weights,
                end=1 - (HOLD + 1.0) / clip.duration,
            )
            self.play(FadeIn(note, shift=UP * 0.2), run_time=1.0)

    def sdpa_columns(self) -> tuple[VGroup, VGroup, VGroup, FlatText]:
        """``self.columns``: the importances, SDPA's weights, our output and SDPA's, side by
        side with numbers; returns the words beside them, their titles, the two colour keys
        and the note of the largest difference."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        ours, theirs = t.head_outputs[h][j], t.sdpa_outputs[h][j]
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

        self.columns = VGroup(
            column(t.importances[h][:, j], 1.0, t.n),
            column(weights, 1.0, t.n),
            column(ours, value_scale, self.shown),
            column(theirs, value_scale, self.shown),
        )
        self.columns.arrange(RIGHT, buff=theme.gaps.wide + theme.gaps.small, aligned_edge=UP)
        self.columns.move_to(DOWN * 0.15)
        words = VGroup(*flat_text_row(t.tokens, theme.sizes.small))
        for k, word in enumerate(words):
            word.next_to(self.columns[0].cell(k), LEFT, buff=theme.gaps.tight)
        titles = VGroup(
            flat_text(f"importances,\ncolumn {t.tokens[j]}", theme.sizes.small, theme.muted),
            flat_text(f"PyTorch's weights,\nrow {t.tokens[j]}", theme.sizes.small, theme.muted),
            flat_text("Σ importance × value", theme.sizes.small, theme.value),
            flat_text("PyTorch's attention,\nscale 1", theme.sizes.small, theme.value),
        )
        for title, col in zip(titles, self.columns, strict=True):
            title.next_to(col, UP, buff=theme.gaps.tight)
        keys = VGroup(
            ColorKey(1.0, title="importance", key_range="one-sided", width=1.8),
            ColorKey(value_scale, title="value component", width=1.8),
        ).arrange(RIGHT, buff=theme.gaps.wide)
        return words, titles, to_safe_edge(keys, DOWN), self.difference_note(keys)

    def difference_note(self, keys: VGroup) -> FlatText:
        """The largest difference between the two code paths, above the keys."""
        theme = current_theme()
        return flat_text(
            f"layer 1, head {self.head + 1}: the two agree {fraction_words(self.difference)}",
            theme.sizes.small,
            theme.muted,
        ).next_to(keys, UP, buff=theme.gaps.small)

    def own_word_term(self) -> None:
        theme = current_theme()
        lines = (
            VGroup(
                flat_text(
                    "here:        column output = attention(Q, K, V)ⱼ + B xⱼ", theme.sizes.body
                ),
                flat_text(
                    "textbooks:  column output = attention(Q, K, V)ⱼ + xⱼ",
                    theme.sizes.body,
                    theme.muted,
                ),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.medium)
            .move_to(UP * 0.3 + LEFT * 1.2)
        )
        residual = flat_text("← the residual connection", theme.sizes.small, theme.highlight)
        residual.next_to(lines[1], RIGHT, buff=theme.gaps.small)
        VGroup(lines, residual).set_x(0)
        line = Line(
            "The own-word term B xⱼ sits where textbooks put the residual connection around "
            "attention, which adds xⱼ itself.",
            spoken="The own-word term, B x j, sits where textbooks put the residual connection "
            "around attention, which adds x j itself.",
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(FadeIn(lines[0], shift=DOWN * 0.2), run_time=(clip.duration - 0.5) / 2)
            self.play(
                FadeIn(lines[1], shift=DOWN * 0.2),
                FadeIn(residual, shift=LEFT * 0.3),
                run_time=reveal_time(clip, (clip.duration - 0.5) / 2 + 0.5),
            )
