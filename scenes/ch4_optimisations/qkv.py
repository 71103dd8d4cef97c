"""4.8: Query, key and value (scene ``qkv``).

``manim -ql scenes/ch4_optimisations/qkv.py QueryKeyValue``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.narration import Line
from derived_transformer.narration.numbers import fraction_words
from derived_transformer.narration.words import quoted, short_word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import (
    CHAPTER,
    HOLD,
    ClearestHead,
    offset_words,
)
from derived_transformer.scenes.components import (
    ColorKey,
    LayerGrid,
    VectorColumn,
    components_named,
    slide_into,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color


class QueryKeyValue(ClearestHead, DerivedScene):
    """4.8: the bridge to query, key and value (beyond the video): the grid of 4.7, factorised,
    live: the last word's column sends out its query, each row word its key and its value;
    one cell's score worked out (key times query, added up, plus the offset score for how
    far apart the two words stand), the column's scores turned into importances, the
    weighted values flowing into the column's output; beside it PyTorch's built-in attention
    on the same queries, keys, values and offset scores (computed by a separate code path),
    equal; and the own-word term B xⱼ, which sits where textbooks put their residual
    connection around attention (they add xⱼ itself).

    ``shown``: how many components each strip draws; ``compared``: how many components of
    the two outputs are drawn, with ``digits`` decimals; ``cell``: the largest side of the
    grid's cells, ``grid_side`` the largest side of the grid."""

    short_name = "qkv"
    min_words = 3
    in_gallery = True
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.8", "Query, key and value"),)
    shown: int = 4
    compared: int = 6
    digits: int = 3
    cell: float = 0.6
    grid_side: float = 3.4

    def construct(self) -> None:
        self.the_roles()
        self.one_score()
        self.the_column()
        self.values_flow()
        self.pytorch_agrees()
        self.residual()

    def the_roles(self) -> None:
        """The grid, its column word sending out its query, each row word its key and value."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        self.beat("4.8")
        self.heading("Query, key and value")
        shown = list(range(self.shown))
        self.vector_scale = color_scale(
            np.concatenate(
                [
                    t.keys[h][:, shown].ravel(),
                    t.values[h][:, shown].ravel(),
                    t.queries[h][j][shown],
                    t.head_outputs[h][j][: self.compared],
                    t.sdpa_outputs[h][j][: self.compared],
                ]
            )
        )
        self.title = flat_text(
            f"transformer, layer 1, head {h + 1} of {t.scores.shape[0]}",
            theme.sizes.label,
            theme.transformer,
        ).next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        self.grid = LayerGrid(
            t.scores[h],
            [short_word_at(t.tokens, i) for i in range(t.n)],
            [t.keys[h], t.values[h]],
            ["key", "value = A xᵢ"],
            shown=shown,
            vector_scale=self.vector_scale,
            cell=min(self.cell, self.grid_side / t.n),
        )
        self.grid.next_to(self.title, DOWN, buff=theme.gaps.tight)
        to_safe_edge(self.grid, LEFT)
        self.title.align_to(self.grid.heat.row_labels, LEFT)
        heat = self.grid.heat
        self.query = vector_strip(
            t.queries[h][j],
            shown=shown,
            value_scale=self.vector_scale,
            cell_size=self.grid.strips[0][0].cell_size,
        )
        # right of the column's numbers, level with the column words
        side = self.grid.numbers_beside(t.scores[h][:, j]).get_right()[0] + theme.gaps.large
        self.query.move_to([side, heat.col_labels.get_y(), 0], aligned_edge=LEFT)
        self.query_name = flat_text(
            f"query of {quoted(t.tokens[j])}", theme.sizes.small, theme.transformer
        ).next_to(self.query, UP, buff=theme.gaps.tight)
        self.query_name.align_to(self.query, LEFT)
        source = self.query.copy().scale(0.4).move_to(heat.col_labels[j]).set_opacity(0)
        self.vector_key = ColorKey(self.vector_scale, title="vector component", width=2.2)
        to_safe_edge(self.vector_key, DOWN).align_to(heat.row_labels, LEFT)
        self.strip_caption = flat_text(
            f"strips: {components_named(self.grid.shown_indices, t.keys.shape[2])}",
            theme.sizes.small,
            theme.muted,
        ).next_to(self.vector_key, UP, buff=theme.gaps.small)
        self.strip_caption.align_to(self.vector_key, LEFT)
        line = Line(
            "In textbook names, the column word sends out a query; each row word, a key and "
            "a value."
        )
        keys, values = self.grid.strips
        with self.voiceover(line) as clip:
            query, rows = clip.at("the column word"), clip.at("each row word")
            self.play_during(
                clip,
                FadeIn(self.title),
                FadeIn(self.grid.outlines),
                FadeIn(heat.row_labels),
                FadeIn(heat.col_labels),
                end=query,
            )
            self.play_during(
                clip,
                ReplacementTransform(source, self.query),
                FadeIn(self.query_name),
                FadeIn(self.vector_key),
                FadeIn(self.strip_caption),
                start=query,
                end=rows,
            )
            self.play_during(
                clip,
                LaggedStart(
                    *(
                        FadeIn(VGroup(key, value), shift=RIGHT * 0.3, scale=0.6)
                        for key, value in zip(keys, values, strict=True)
                    ),
                    lag_ratio=0.15,
                ),
                FadeIn(self.grid.strip_labels),
                start=rows,
                end=1 - HOLD / clip.duration,
            )

    def one_score(self) -> None:
        """The score of the column's most important row, worked out beside the grid: its key
        and the query, multiplied and added up, plus the offset score; then into its cell."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        r = self.row = int(np.argmax(t.importances[h][:, j]))
        self.dot = float(t.keys[h][r] @ t.queries[h][j])
        self.form = float(t.bilinear_forms[h][r, j])
        offset, score = float(t.offset_scores[h][r, j]), float(t.scores[h][r, j])
        key, query = self.grid.strips[0][r].copy(), self.query.copy()
        times = flat_text("×", theme.sizes.label)
        product = VGroup(key, times, query).arrange(RIGHT, buff=theme.gaps.small)
        left = self.query_name.get_left()[0]
        self.worked = VGroup(
            flat_text(
                f"key of {quoted(t.tokens[r])} × query, added up:  {format_value(self.dot)}",
                theme.sizes.small,
            ),
            flat_text(
                f"= xᵢ · W xⱼ, with W = Kᵀ Q:  {format_value(self.form)}",
                theme.sizes.small,
                theme.muted,
            ),
            flat_text(
                f"offset score, {quoted(t.tokens[r])} {offset_words(r - j)}:  "
                f"{format_value(offset)}",
                theme.sizes.small,
            ),
            flat_text(f"score:  {format_value(score)}", theme.sizes.small, theme.highlight),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.small)
        product.next_to(self.query, DOWN, buff=theme.gaps.large).align_to([left, 0, 0], LEFT)
        self.worked.next_to(product, DOWN, buff=theme.gaps.small).align_to(product, LEFT)
        self.product = product
        self.score_key = ColorKey(self.grid.heat.value_scale, title="score", width=2.0)
        self.score_key.next_to(self.vector_key, RIGHT, buff=theme.gaps.large)
        self.score_key.align_to(self.vector_key, DOWN)
        source_key, source_query = self.grid.strips[0][r], self.query
        line = Line(
            "A cell's score: key times query, component by component, added up, which is the "
            "bilinear form with W split in two; plus the learned score for how far apart the "
            "words stand."
        )
        with self.voiceover(line) as clip:
            plus = clip.at("plus the")
            self.play_during(
                clip,
                TransformFromCopy(source_key, key),
                TransformFromCopy(source_query, query),
                FadeIn(times),
                end=clip.at("added up"),
            )
            form = clip.at("which is")
            self.play_during(
                clip, FadeIn(self.worked[0], shift=DOWN * 0.2), start=clip.at("added up"), end=form
            )
            self.play_during(clip, FadeIn(self.worked[1], shift=DOWN * 0.2), start=form, end=plus)
            self.play_during(
                clip,
                FadeIn(self.worked[2], shift=DOWN * 0.2),
                FadeIn(self.worked[3], shift=DOWN * 0.2),
                FadeIn(self.score_key),
                start=plus,
                end=1 - HOLD / clip.duration,
            )

    def the_column(self) -> None:
        """The worked score drops into its cell, the rest of the column fills, and the
        scores become importances down the column."""
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        heat = self.grid.heat
        importances = t.importances[h][:, j]
        scores = self.grid.numbers_beside(t.scores[h][:, j])
        self.numbers = self.grid.numbers_beside(importances)
        key = ColorKey(1.0, title="importance", key_range="one-sided", width=2.0)
        key.move_to(self.score_key)
        others = [i for i in range(t.n) if i != self.row]
        line = Line("The column's other cells are scored so; down it, scores become importances.")
        with self.voiceover(line) as clip:
            down = clip.at("down it")
            self.play_during(
                clip,
                FadeIn(heat.cell(self.row, j), scale=0.5),
                ReplacementTransform(self.worked[3].copy(), scores[self.row]),
                LaggedStart(
                    *(AnimationGroup(FadeIn(heat.cell(i, j)), FadeIn(scores[i])) for i in others),
                    lag_ratio=0.15,
                ),
                FadeOut(self.product),
                FadeOut(self.worked),
                end=down,
            )
            self.play_during(
                clip,
                *(
                    heat.cell(i, j).animate.set_fill(value_to_color(v, 1.0), opacity=1)
                    for i, v in enumerate(importances)
                ),
                *(FadeTransform(a, b) for a, b in zip(scores, self.numbers, strict=True)),
                FadeTransform(self.score_key, key),
                start=down,
                end=1 - HOLD / clip.duration,
            )
        heat.values = heat.values.copy()
        heat.values[:, j] = importances
        heat.value_scale = 1.0
        self.importance_key = key

    def values_flow(self) -> None:
        """Each row word's value, weighted by its importance, flows into the column's output,
        drawn with numbers."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        self.ours, self.theirs = (
            VectorColumn(
                values,
                shown=tuple(range(self.compared)),
                show_numbers=True,
                digits=self.digits,
                cell_size=theme.sizes.cell,
                value_scale=self.vector_scale,
            )
            for values in (t.head_outputs[h][j], t.sdpa_outputs[h][j])
        )
        pair = VGroup(self.ours, self.theirs).arrange(RIGHT, buff=theme.gaps.wide * 2)
        pair.next_to(self.query, DOWN, buff=theme.gaps.wide).align_to(self.query_name, LEFT)
        self.titles = VGroup(
            flat_text("weighted sum\nof the values", theme.sizes.small, theme.text),
            flat_text("PyTorch's built-in\nattention", theme.sizes.small, theme.text),
        )
        for title, column in zip(self.titles, pair, strict=True):
            title.next_to(column, UP, buff=theme.gaps.small)
        copies = [strip.copy() for strip in self.grid.strips[1]]
        importances = t.importances[h][:, j]
        line = Line("The values, weighted by the importances, flow into the column's output.")
        with self.voiceover(line) as clip:
            flow = clip.at("flow into")
            self.play_during(
                clip,
                *(c.animate_values(importances[i] * t.values[h][i]) for i, c in enumerate(copies)),
                end=flow,
            )
            slide, merge, _ = slide_into(copies, self.ours, lag_ratio=0.06)
            self.remove(*copies)
            self.play_during(clip, slide, start=flow, end=(flow + 1) / 2 - HOLD / clip.duration / 2)
            self.play_during(clip, merge, FadeIn(self.titles[0]), end=1 - HOLD / clip.duration)

    def pytorch_agrees(self) -> None:
        """PyTorch's built-in attention on the same queries, keys, values and offset scores,
        beside ours: the same numbers; how closely they agree, said under them."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        self.difference = float(np.max(np.abs(t.head_outputs[h][j] - t.sdpa_outputs[h][j])))
        self.note = flat_text(
            f"all {t.head_outputs.shape[2]} components agree\n{fraction_words(self.difference)}",
            theme.sizes.small,
            theme.muted,
        ).next_to(VGroup(self.ours, self.theirs), DOWN, buff=theme.gaps.medium)
        self.note.align_to(self.ours, LEFT)
        equals = flat_text("=", theme.sizes.title).move_to(
            VGroup(self.ours.cells, self.theirs.cells)
        )
        line = Line(
            "PyTorch's built-in attention, on the same queries, keys, values and offset "
            "scores, gives the same numbers."
        )
        with self.voiceover(line) as clip:
            returns = clip.at("gives")
            self.play_during(
                clip, FadeIn(self.titles[1]), FadeIn(self.theirs, shift=LEFT * 0.3), end=returns
            )
            self.play_during(
                clip,
                FadeIn(equals, scale=1.5),
                FadeIn(self.note, shift=UP * 0.1),
                start=returns,
                end=1 - HOLD / clip.duration,
            )
        self.wait(HOLD)  # a hold on the two equal outputs before the next line

    def residual(self) -> None:
        """Where the own-word term sits: B xⱼ added once here; in its place textbooks add xⱼ
        itself, their residual connection around attention."""
        theme = current_theme()
        lines = VGroup(
            flat_text("here: output + B xⱼ, added once", theme.sizes.small),
            flat_text(
                "textbooks: output + xⱼ itself,\ntheir residual connection around attention",
                theme.sizes.small,
                theme.highlight,
            ),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.tight)
        lines.next_to(self.note, DOWN, buff=theme.gaps.medium).align_to(self.note, LEFT)
        within_safe_frame(lines)
        line = Line(
            "Our B xⱼ, added once, sits where textbooks put their residual connection around "
            "attention: they add xⱼ itself.",
            spoken="Our B x j, added once, sits where textbooks put their residual connection "
            "around attention: they add x j itself.",
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(x, shift=UP * 0.15) for x in lines), lag_ratio=0.5),
                end=1 - HOLD / clip.duration,
            )
