"""4.7: The transformer (scene ``transformer``).

``manim -ql scenes/ch4_optimisations/transformer.py TheTransformer``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.narration import Line
from derived_transformer.narration.task import verdict
from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import (
    HOLD,
    ClearestHead,
    CostScene,
    clearest_head,
)
from derived_transformer.scenes.components import (
    ColorKey,
    LayerGrid,
    ProbabilityBars,
    components_named,
    slide_into,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color


class TheTransformer(ClearestHead, CostScene):
    """4.7: the transformer layer built step by step on the pair grid of chapter 3, live:
    for the head whose last column is clearest, each row word's A xᵢ beside it, every cell's
    score (bilinear form plus the offset score) turned into importances column by column, the
    A xᵢ weighted and slid into the last column's output, the column word's B xⱼ added once,
    the network's output ending layer 1; then layer 2's grid, its rows the words as layer 1
    left them, its importances, and the model's answer with its verdict; what this model
    leaves out listed (the residual around attention is not among them: the own-word term
    B xⱼ sits where textbooks add xⱼ itself, 4.8).

    ``shown``: how many components each strip draws; ``cell``: the largest side of layer
    1's grid cells, ``grid_side`` the largest side of its grid (layer 2's: ``small_cell``
    and ``second_side``, less where the answer under it needs the room); ``omitted``: what
    the textbook transformer adds that this one leaves out."""

    short_name = "transformer"
    min_words = 3
    beats = (Beat("4.7", "The transformer"),)
    shown: int = 4
    cell: float = 0.6
    grid_side: float = 3.4
    small_cell: float = 0.45
    second_side: float = 3.4
    omitted: tuple[str, ...] = (
        "an output projection after the heads",
        "the 1/√d scale of the scores",
        "layer normalisation",
        "the residual around the network after attention",
        "byte-pair encoding (here: whole words)",
    )

    def construct(self) -> None:
        self.the_grid()
        self.rows_send()
        self.cells_score()
        self.scores_to_importances()
        self.weighted_sum()
        self.layer_two()
        self.the_answer()
        self.left_out()

    # -- layer 1 ---------------------------------------------------------------------
    def own_part(self, vector: np.ndarray) -> np.ndarray:
        """The components of a joined vector that belong to the head drawn."""
        width = self.trace.values.shape[2]
        return vector[self.head * width : (self.head + 1) * width]

    def the_grid(self) -> None:
        """The empty grid, its words, and what its rows and columns are."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        self.beat("4.7")
        self.heading("The transformer layer")
        self.joined = self.own_part(t.combined[j])
        self.layer_one_out = t.layer_outputs[0]
        shown = list(range(self.shown))
        self.vector_scale = color_scale(
            np.concatenate(
                [
                    t.values[h][:, shown].ravel(),
                    self.own_part(t.own_terms[j])[shown],
                    t.head_outputs[h][j][shown],
                    self.joined[shown],
                    self.layer_one_out[:, shown].ravel(),
                ]
            )
        )
        labels = [short_word_at(t.tokens, i) for i in range(t.n)]
        self.title = flat_text(
            f"transformer, layer 1, head {h + 1} of {t.scores.shape[0]}",
            theme.sizes.label,
            theme.transformer,
        ).next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        # from the bottom up: the strips' key, what the strips show, what rows and columns
        # are, the room where the last column's output comes down, then the grid
        self.vector_key = ColorKey(self.vector_scale, title="vector component", width=2.2)
        self.strip_caption = flat_text(
            f"strips: {components_named(shown, t.values.shape[2])}",
            theme.sizes.small,
            theme.muted,
        )
        self.axes = VGroup(
            flat_text("row i: the word weighed", theme.sizes.small, theme.muted),
            flat_text("column j: the word whose column it is", theme.sizes.small, theme.muted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.hair)
        to_safe_edge(self.vector_key, DOWN)
        self.strip_caption.next_to(self.vector_key, UP, buff=theme.gaps.hair, coor_mask=UP)
        self.axes.next_to(self.strip_caption, UP, buff=theme.gaps.hair, coor_mask=UP)
        self.grid = self.grid_above(self.axes.get_top()[1], labels, shown)
        heat = self.grid.heat
        # centred with what layer 1 adds to its right (the column's numbers, its output and
        # the own-word term), until layer 2 takes the right half
        numbers = self.grid.numbers_beside(t.scores[h][:, j])
        strip = self.grid.strips[0][0].width
        right = numbers.get_right()[0] + 2 * strip + theme.gaps.medium + theme.gaps.large
        self.grid.shift(RIGHT * (theme.layout.right - right) / 2)
        self.title.align_to(heat.row_labels, LEFT)
        for caption in (self.vector_key, self.strip_caption, self.axes):
            caption.align_to(heat.row_labels, LEFT)
        line = Line(
            "The transformer layer on the grid: row i is the word weighed, column j the word "
            "whose column it is."
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                FadeIn(self.grid.outlines),
                FadeIn(heat.row_labels),
                FadeIn(heat.col_labels),
                FadeIn(self.title),
                end=clip.at("row i"),
            )
            self.play_during(
                clip,
                Indicate(heat.row_labels, color=theme.highlight, scale_factor=1.05),
                FadeIn(self.axes[0], shift=UP * 0.1),
                start=clip.at("row i"),
                end=clip.at("column j"),
            )
            self.play_during(
                clip,
                Indicate(heat.col_labels, color=theme.highlight, scale_factor=1.05),
                FadeIn(self.axes[1], shift=UP * 0.1),
                start=clip.at("column j"),
                end=1 - HOLD / clip.duration,
            )

    def grid_above(self, floor: float, labels: list[str], shown: list[int]) -> LayerGrid:
        """Layer 1's grid under its title, its cells as large as :attr:`cell` and
        :attr:`grid_side` allow and small enough that the last column's output fits between
        the grid and ``floor``."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        cell = min(self.cell, self.grid_side / t.n)
        for _ in range(2):
            grid = LayerGrid(
                t.scores[self.head],
                labels,
                [t.values[self.head]],
                ["A xᵢ"],
                shown=shown,
                vector_scale=self.vector_scale,
                cell=cell,
            )
            grid.next_to(self.title, DOWN, buff=theme.gaps.tight)
            to_safe_edge(grid, LEFT)
            room = grid.strips[0][0].height + theme.gaps.small + theme.gaps.tight
            bottom = grid.heat.entries.get_bottom()[1]
            if bottom - room >= floor:
                return grid
            height = grid.heat.entries.height
            cell *= (height - (floor - (bottom - room))) / height
        return grid

    def rows_send(self) -> None:
        """Each row word's A xᵢ slides out of it, with what the strips show and their key."""
        strips = self.grid.strips[0]
        labels = self.grid.heat.row_labels
        line = Line(
            "Each row word sends its A xᵢ, computed once per word.",
            spoken="Each row word sends its eh x i, computed once per word.",
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                LaggedStart(
                    *(
                        FadeIn(strip, shift=RIGHT * (strip.get_x() - label.get_x()), scale=0.5)
                        for strip, label in zip(strips, labels, strict=True)
                    ),
                    lag_ratio=0.15,
                ),
                FadeIn(self.grid.strip_labels[0]),
                FadeIn(self.vector_key),
                FadeIn(self.strip_caption),
                end=1 - HOLD / clip.duration,
            )

    def cells_score(self) -> None:
        """Every cell fills with its score, column by column; the last column's scores are
        written beside it."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        heat = self.grid.heat
        self.numbers = self.grid.numbers_beside(t.scores[self.head][:, t.n - 1])
        self.score_key = ColorKey(heat.value_scale, title="score", width=2.0)
        self.score_key.next_to(self.vector_key, RIGHT, buff=theme.gaps.large)
        self.score_key.align_to(self.vector_key, DOWN)
        line = Line(
            "Each cell scores its pair: row word, times a matrix, times column word, plus a "
            "learned score for how far apart they stand."
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                LaggedStart(
                    *(FadeIn(heat.column(c), scale=0.6) for c in range(heat.n)), lag_ratio=0.25
                ),
                FadeIn(self.score_key),
                start=clip.at("times a matrix"),
                end=clip.at("plus a"),
            )
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(n, shift=RIGHT * 0.2) for n in self.numbers), lag_ratio=0.1),
                start=clip.at("plus a"),
                end=1 - HOLD / clip.duration,
            )

    def scores_to_importances(self) -> None:
        """Column by column the scores become importances; the last column's numbers too."""
        t: TransformerTrace = self.trace
        heat = self.grid.heat
        importances = t.importances[self.head]
        turning = LaggedStart(
            *(
                AnimationGroup(
                    *(
                        heat.cell(i, c).animate.set_fill(
                            value_to_color(importances[i, c], 1.0), opacity=1
                        )
                        for i in range(heat.n)
                    )
                )
                for c in range(heat.n)
            ),
            lag_ratio=0.3,
        )
        numbers = self.grid.numbers_beside(importances[:, t.n - 1])
        key = ColorKey(1.0, title="importance", key_range="one-sided", width=2.0)
        key.move_to(self.score_key)
        line = Line("Down each column, the scores become importances that add up to 1.")
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                turning,
                FadeTransform(self.score_key, key),
                *(FadeTransform(a, b) for a, b in zip(self.numbers, numbers, strict=True)),
                start=clip.at("the scores"),
                end=1 - HOLD / clip.duration,
            )
        heat.values = importances.copy()
        heat.value_scale = 1.0
        self.numbers, self.importance_key = numbers, key

    def weighted_sum(self) -> None:
        """Each A xᵢ, recoloured by its importance, slides into the last column's output;
        the column word's B xⱼ comes down from it and is added once; the network then gives
        layer 1's output."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        h, j = self.head, t.n - 1
        shown = self.grid.shown_indices
        cell = self.grid.strips[0][0].cell_size
        importances = t.importances[h][:, j]
        copies = [strip.copy() for strip in self.grid.strips[0]]
        total = vector_strip(
            t.head_outputs[h][j], shown=shown, value_scale=self.vector_scale, cell_size=cell
        )
        own = vector_strip(
            self.own_part(t.own_terms[j]),
            shown=shown,
            value_scale=self.vector_scale,
            cell_size=cell,
        )
        joined = vector_strip(
            self.joined, shown=shown, value_scale=self.vector_scale, cell_size=cell
        )
        plus = flat_text("+", theme.sizes.label)
        row = VGroup(total, plus, own).arrange(RIGHT, buff=theme.gaps.tight)
        # the column's output right under the column: the weighted rows come down into it
        column_x = self.grid.heat.cell(0, j).get_x()
        row.shift(RIGHT * (column_x - total.get_x()))
        row.next_to(self.grid.heat.entries, DOWN, buff=theme.gaps.small, coor_mask=UP)
        joined.move_to(total)
        self.output_caption = flat_text(
            f"output of “{t.tokens[j]}”", theme.sizes.small, theme.transformer
        ).next_to(row, RIGHT, buff=theme.gaps.medium)
        # the column word's own term comes from that word's row label, named under it
        own_source = own.copy().move_to(self.grid.heat.row_labels[j]).scale(0.5).set_opacity(0)
        own_name = flat_text("B xⱼ", theme.sizes.small, theme.transformer)
        own_name.next_to(own, DOWN, buff=theme.gaps.hair)
        line = Line(
            "The A xᵢ, weighted by importance, slide into the column's output, and then the "
            "column word's B xⱼ is added once.",
            spoken="The eh x i, weighted by importance, slide into the column's output, and then "
            "the column word's B x j is added once.",
        )
        with self.voiceover(line) as clip:
            then = clip.at("then the")
            slid = clip.at("slide into")
            self.play_during(
                clip,
                *(c.animate_values(importances[i] * t.values[h][i]) for i, c in enumerate(copies)),
                end=slid,
            )
            # along its row into the column, then down the column into the output, each
            # outlined so that the faint ones (small importances) are seen moving too
            for c in copies:
                c.cells.set_stroke(theme.transformer, width=1.5, opacity=0.9)
            self.play_during(
                clip,
                *(c.animate.set_x(column_x) for c in copies),
                start=slid,
                end=slid + (then - slid) / 3,
            )
            slide, merge, moving = slide_into(copies, total)
            self.remove(*copies)
            self.add(*moving)
            self.play_during(
                clip, slide, start=slid + (then - slid) / 3, end=slid + 2 * (then - slid) / 3
            )
            self.play_during(clip, merge, FadeIn(self.output_caption), end=then)
            self.play_during(
                clip,
                ReplacementTransform(own_source, own),
                FadeIn(plus),
                FadeIn(own_name),
                start=then,
                end=(then + 1 - HOLD / clip.duration) / 2,
            )
            self.remove(total, own)
            self.play_during(
                clip,
                ReplacementTransform(VGroup(total.copy(), own.copy()), joined),
                FadeOut(plus),
                FadeOut(own_name),
                self.output_caption.animate.next_to(joined, RIGHT, buff=theme.gaps.medium),
                end=1 - HOLD / clip.duration,
            )
        self.column_sum, self.own_strip, self.output = total, own, joined

    # -- layer 2 ---------------------------------------------------------------------
    def layer_two(self) -> None:
        """A network on the column's vector ends layer 1; layer 2's grid takes every word's
        layer-1 output as its rows' input, and its importances fill in."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        importances = t.layer_importances[1]
        self.second_head = clearest_head(importances, j)
        labels = [short_word_at(t.tokens, i) for i in range(t.n)]
        # layer 2's grid as large as the room under layer 1's top leaves above the answer
        self.answer = self.answer_block()
        top = self.grid.heat.entries.get_top()[1]
        room = top - theme.layout.bottom - self.answer.height - theme.gaps.medium
        self.second = LayerGrid(
            importances[self.second_head],
            labels,
            [self.layer_one_out],
            ["from layer 1"],
            shown=self.grid.shown_indices,
            vector_scale=self.vector_scale,
            cell=min(self.small_cell, self.second_side / t.n, room / t.n),
            value_scale=1.0,
        )
        self.second.shift(UP * (top - self.second.heat.entries.get_top()[1]))
        second_title = flat_text(
            f"transformer, layer 2, head {self.second_head + 1} of {importances.shape[0]}",
            theme.sizes.label,
            theme.transformer,
        )
        second_title.set_y(self.title.get_y()).align_to(self.second.heat.row_labels, LEFT)
        self.answer.next_to(self.second.heat.entries, DOWN, buff=theme.gaps.medium)
        self.answer.align_to(self.second.heat.row_labels, LEFT)
        self.second_title = second_title
        aside = LEFT * (self.grid.heat.row_labels.get_left()[0] - theme.layout.left)
        # layer 2, its title and the answer centred in the room right of layer 1 as it
        # stands once moved aside and of the list that takes its place (against the safe
        # edge if that room is too narrow)
        self.omitted_items = self.omitted_list()
        block = VGroup(self.second, second_title, self.answer)
        free = max(self.grid.heat.get_right()[0] + aside[0], self.omitted_items.get_right()[0])
        free += theme.gaps.wide
        block.set_x((free + theme.layout.right) / 2)
        within_safe_frame(block)
        network_out = vector_strip(
            self.layer_one_out[j],
            shown=self.grid.shown_indices,
            value_scale=self.vector_scale,
            cell_size=self.output.cell_size,
        ).move_to(self.output.get_center() + aside)
        after = flat_text("after a network", theme.sizes.small, theme.transformer)
        after.move_to(self.output_caption.get_left() + aside, aligned_edge=LEFT)
        strips = self.second.strips[0]
        line = Line(
            "After a network on each column, layer 2 does it all again, on layer 1's outputs."
        )
        with self.voiceover(line) as clip:
            again = clip.at("layer 2")
            self.remove(self.output)
            kept = (self.current_heading, self.output_caption)
            stage = Group(*(m for m in self.mobjects if not any(m is k for k in kept)))
            self.play_during(
                clip,
                ReplacementTransform(self.output.copy(), network_out),
                FadeTransform(self.output_caption, after),
                stage.animate.shift(aside),
                end=again,
            )
            self.remove(stage)
            self.add(*stage.submobjects)  # each part on stage again, not the group that moved
            layer_one = VGroup(self.grid.heat, self.grid.strips, self.grid.strip_labels)
            self.play_during(
                clip,
                layer_one.animate.set_opacity(0.35),
                FadeOut(self.grid.outlines),
                FadeOut(self.numbers),
                FadeIn(self.second.outlines),
                FadeIn(self.second.heat.row_labels),
                FadeIn(self.second.heat.col_labels),
                FadeIn(second_title),
                FadeIn(self.second.strip_labels),
                ReplacementTransform(network_out, strips[j]),
                FadeOut(after),
                start=again,
                end=clip.at("on layer 1"),
            )
            self.play_during(
                clip,
                LaggedStart(
                    *(FadeIn(s, shift=RIGHT * 0.3) for k, s in enumerate(strips) if k != j),
                    lag_ratio=0.1,
                ),
                LaggedStart(
                    *(FadeIn(self.second.heat.column(c)) for c in range(t.n)), lag_ratio=0.2
                ),
                start=clip.at("on layer 1"),
                end=1 - HOLD / clip.duration,
            )

    def answer_block(self) -> VGroup:
        """The model's answer: its chart, and the verdict beside it (placed under layer 2's
        grid by :meth:`layer_two`)."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        chart = ProbabilityBars(
            *answer_options(t),
            bar_width=1.6,
            color=theme.transformer,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        judged = flat_text(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, RIGHT, buff=theme.gaps.medium).align_to(chart.bars, DOWN)
        return VGroup(chart, judged)

    def the_answer(self) -> None:
        """Layer 2's last column's largest importance boxed, and the answer under it."""
        t: TransformerTrace = self.trace
        j = t.n - 1
        row = int(np.argmax(t.layer_importances[1][self.second_head][:, j]))
        box = self.box = self.second.heat.outline_entry(row, j)
        chart, judged = self.chart, self.judged = self.answer
        line = Line(
            f"In layer 2, the column of {word_at(t.tokens, j)} looks most at "
            f"{word_at(t.tokens, row)}; the model answers {verdict(t)}."
        )
        with self.voiceover(line) as clip:
            answers = clip.at("the model answers")
            self.play_during(clip, Create(box), end=answers)
            self.play_during(
                clip,
                chart.animate_grow(),
                FadeIn(judged),
                start=answers,
                end=1 - HOLD / clip.duration,
            )

    def omitted_list(self) -> VGroup:
        """What this model leaves out, under a heading, against the left edge (shown by
        :meth:`left_out`; layer 2 keeps clear of it)."""
        theme = current_theme()
        heading = flat_text("left out here", theme.sizes.small, theme.muted)
        items = VGroup(
            heading,
            *(flat_text(f"· {text}", theme.sizes.small, theme.muted) for text in self.omitted),
        ).arrange(DOWN, aligned_edge=LEFT, buff=theme.gaps.hair)
        items.next_to(self.current_heading, DOWN, buff=theme.gaps.large)
        return to_safe_edge(items, LEFT)

    def left_out(self) -> None:
        self.wait(HOLD)  # a hold on the answer before the list
        items = self.omitted_items
        line = Line("Left out here: a few parts that transformers in use add.")
        layer_one = VGroup(self.grid.heat, self.grid.strips, self.grid.strip_labels)
        layer_one.add(self.title, self.axes)
        parts = {id(m) for m in layer_one.get_family()}
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                *(
                    FadeOut(m)
                    for m in self.mobjects
                    if any(id(part) in parts for part in m.get_family())
                ),
                end=0.15,
            )
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(i, shift=RIGHT * 0.2) for i in items), lag_ratio=0.6),
                start=0.15,
                end=1 - HOLD / clip.duration,
            )
