"""3.6: Two networks: vectors and scores (scene ``two-networks``).

``manim -ql scenes/ch3_attention/two_networks.py TwoNetworks``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import (
    CHAPTER,
    LION,
    TREE,
    column_caption,
    column_pairs,
    focus_row,
    length,
    pair_name,
    pair_vector_scale,
    positional_labels,
)
from derived_transformer.scenes.components import (
    ColorKey,
    Heatmap,
    NetworkGlyph,
    ProbabilityBars,
    SoftmaxColumn,
    VectorColumn,
    slide_into,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import current_theme, value_to_color


def column_to_importances(heat: Heatmap, importances: np.ndarray, j: int) -> Animation:
    """Column ``j`` of a score heatmap recoloured in place to its relative importances (on the
    one-sided scale 0 to 1); the caller sets the heatmap's ``values`` and ``value_scale``
    once every column has turned."""
    return AnimationGroup(
        *(
            heat.cell(i, j).animate.set_fill(value_to_color(importances[i, j], 1.0), opacity=1)
            for i in range(heat.n)
        )
    )


class TwoNetworks(DerivedScene):
    """3.6: a layer has two networks (pair to vector, pair to score); live: the trained
    model's scores in the column of the last word, exponentiated and divided by their total
    in place; both sentences' score grids turned into importances; and the weighted sum, the
    pair vectors dimming by their importance and sliding into the column's output.

    ``shown_components``: how many components of each pair vector are drawn;
    ``grid_side``: the largest side of each sentence's grid of scores.

    ``other_sentence``: the tree sentence, whose scores are shown beside the lion's."""

    short_name = "two-networks"
    in_gallery = True
    chapter = CHAPTER
    sentence = LION
    other_sentence: str = TREE
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.6", "Two networks: vectors and scores"),)
    shown_components: int = 12
    grid_side: float = 4.4

    def construct(self) -> None:
        self.two_networks()
        self.one_pair_through_both()
        self.scores_of_a_column()
        self.exponentiate()
        self.normalise()
        self.score_grids()
        self.to_importances()
        self.each_picks_its_word()
        self.the_same_pair_in_both()
        self.column_of_pairs()
        self.weigh_the_pairs()
        self.add_them_up()
        self.the_pair_counts()

    # -- two networks ---------------------------------------------------------------------
    def two_networks(self) -> None:
        theme = current_theme()
        self.beat("3.6")
        self.heading("Two networks per layer")
        with self.voiceover(Line("So each layer now has two networks.")) as clip:
            self.rep = NetworkGlyph(
                color=theme.attention, caption="pair → vector", width=2.2, height=1.5
            )
            self.scorer = NetworkGlyph(
                layers=(3, 4, 1),
                color=theme.attention,
                caption="pair → score",
                width=2.2,
                height=1.5,
            )
            glyphs = VGroup(self.rep, self.scorer).arrange(DOWN, buff=theme.gaps.wide)
            glyphs.move_to(LEFT * 0.8 + DOWN * 0.3)
            self.play(FadeIn(self.rep), FadeIn(self.scorer), run_time=min(1.2, clip.duration))

    def one_pair_through_both(self) -> None:
        """The pair (fire, roaring) through both networks: a vector from one, a score from
        the other."""
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = t.tokens.index("fire") if "fire" in t.tokens else 0
        pair = pair_name(t.tokens[i], t.tokens[j])
        # room on the left for the pair to travel into the networks
        travel = theme.gaps.wide + theme.gaps.medium
        inputs = VGroup(
            *(
                flat_text(pair, theme.sizes.body).next_to(g, LEFT, buff=travel)
                for g in (self.rep, self.scorer)
            )
        )
        scale = pair_vector_scale(self)
        vector = VectorColumn(
            t.pair_vectors[i, j],
            shown=tuple(range(8)),
            cell_size=0.36,
            orientation="horizontal",
            value_scale=scale,
        )
        vector.next_to(self.rep, RIGHT, buff=theme.gaps.wide)
        score = flat_text(
            format_value(float(t.scores[i, j]), 2), theme.sizes.title, theme.attention
        )
        score.next_to(self.scorer, RIGHT, buff=theme.gaps.wide)
        key = ColorKey(scale, title="pair vector component", width=2.4)
        key.next_to(vector, UP, buff=theme.gaps.medium)
        line = Line(
            f"One maps a pair, like {pair}, to its vector, as before. The other maps the same "
            "pair to a single number: its score."
        )
        with self.voiceover(line) as clip:
            self.play(FadeIn(inputs), FadeIn(key), run_time=0.5)
            self.play(
                self.rep.animate_forward(inputs[0], vector),
                self.scorer.animate_forward(inputs[1], score),
                run_time=clip.duration - 0.5,
            )

    # -- softmax of one column ------------------------------------------------------------
    def scores_of_a_column(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        exps = t.exp_scores[:, j]
        self.column = SoftmaxColumn(
            t.scores[:, j],
            exps,
            t.importances[:, j],
            [short_word_at(t.tokens, i) for i in range(t.n)],
            total=float(exps.sum()),
            cell_size=0.4,
        )
        self.column.next_to(self.current_heading, DOWN, buff=theme.gaps.wide).set_x(-2.2)
        self.title = flat_text(
            f"column “{t.tokens[j]}”, lion sentence: score",
            current_theme().sizes.label,
            current_theme().attention,
        ).next_to(self.column, UP, buff=theme.gaps.tight)
        self.title.set_x(self.column.get_x())
        self.key = self.stage_key()
        line = Line(
            f"Here are the trained model's scores in the column of “{t.tokens[j]}”, for the "
            "lion sentence."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.column),
                FadeIn(self.key),
                FadeIn(self.title),
                run_time=clip.duration - 0.5,
            )

    def stage_key(self) -> ColorKey:
        titles = {
            "score": "score",
            "exp": "exp(score)",
            "importance": "relative importance",
        }
        stage = self.column.stage
        key = ColorKey(
            self.column.value_scale,
            title=titles[stage],
            key_range="diverging" if stage == "score" else "one-sided",
            digits=3 if stage == "exp" else None,
            width=3.0,
        )
        return key.move_to([2.6, 1.6, 0])

    def retitle(self, text: str) -> Animation:
        theme = current_theme()
        fresh = flat_text(text, theme.sizes.label, theme.attention).move_to(self.title)
        return Transform(self.title, fresh)

    def exponentiate(self) -> None:
        t = self.trace
        column = t.scores[:, -1]
        sign = (
            "Here every one is negative"
            if (column < 0).all()
            else "Some are negative"
            if (column < 0).any()
            else "They could be negative"
        )
        problem = Line(
            f"Scores can be any number. {sign}, and a column's scores could add up to zero: "
            "dividing by that total would fail."
        )
        self.narrate(problem)
        line = Line(
            "So first, each score is exponentiated. e to the power of a score is always "
            "positive: the largest scores stay clear, very negative ones shrink to almost nothing."
        )
        top = int(np.argmax(t.importances[:, -1]))
        self.example = flat_text(
            f"exp({format_value(float(t.scores[top, -1]), 1)}) = "
            f"{format_value(float(t.exp_scores[top, -1]), 3)}",
            current_theme().sizes.body,
        ).move_to([2.6, 0.2, 0])
        with self.voiceover(line) as clip:
            animation = self.column.animate_exponentiate()
            key = self.stage_key()
            self.play(
                animation,
                ReplacementTransform(self.key, key),
                self.retitle(f"column “{t.tokens[-1]}”, lion sentence: exp(score)"),
                FadeIn(self.example),
                run_time=min(2.5, clip.duration),
            )
            self.key = key

    def normalise(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        total = self.column.total
        line = Line(f"Then the column's exponentials are added up: {format_value(total, 3)}...")
        with self.voiceover(line) as clip:
            self.play(self.column.animate_total(), run_time=min(2.0, clip.duration))
        line = Line(
            "...and each one is divided by that total. These are the relative importances: "
            "they add up to 1."
        )
        top = int(np.argmax(t.importances[:, j]))
        example = flat_text(
            f"{format_value(float(t.exp_scores[top, j]), 3)} ÷ {format_value(total, 3)} = "
            f"{format_value(float(t.importances[top, j]))}",
            current_theme().sizes.body,
        ).move_to(self.example)
        with self.voiceover(line) as clip:
            animation = self.column.animate_divide()
            key = self.stage_key()
            self.play(
                animation,
                Transform(self.example, example),
                ReplacementTransform(self.key, key),
                self.retitle(f"column “{t.tokens[j]}”, lion sentence: relative importance"),
                run_time=min(3.0, clip.duration),
            )
            self.key = key
        order = np.argsort(-t.importances[:, j])
        top, second = int(order[0]), int(order[1])
        line = Line(
            f"{word_at(t.tokens, top).capitalize()} gets {t.importances[top, j]:.2f}, "
            f"{word_at(t.tokens, second)} {t.importances[second, j]:.2f}: the column of "
            f"“{t.tokens[j]}” looks at {word_at(t.tokens, top)}."
        )
        with self.voiceover(line) as clip:
            self.play(
                Create(
                    SurroundingRectangle(
                        VGroup(self.column.cell(top), self.column.number_label(top)),
                        color=current_theme().highlight,
                        buff=theme.gaps.hair,
                    )
                ),
                run_time=min(1.0, clip.duration),
            )

    # -- both sentences -------------------------------------------------------------------
    def score_grids(self) -> None:
        """Both sentences' scores, side by side, on one colour scale."""
        theme = current_theme()
        self.traces = {"tree": self.trace_of(self.other_sentence), "lion": self.trace}
        score_scale = max(float(np.abs(t.scores).max()) for t in self.traces.values())
        self.heatmaps: dict[str, VGroup] = {}
        for name, t in self.traces.items():
            heat = Heatmap(
                t.scores,
                positional_labels(t.tokens),
                show_numbers=False,
                value_scale=score_scale,
                max_width=self.grid_side,
                max_height=self.grid_side,
            )
            title = flat_text(f"{name} sentence", theme.sizes.label, theme.attention)
            title.next_to(heat, UP, buff=theme.gaps.tight)
            self.heatmaps[name] = VGroup(heat, title)
        group = VGroup(*self.heatmaps.values()).arrange(RIGHT, buff=theme.gaps.wide)
        group.next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        self.key = ColorKey(score_scale, title="score", width=1.8, orientation="vertical")
        self.key.next_to(group, RIGHT, buff=theme.gaps.large)
        # the wider key that replaces it takes its place: both inside the frame
        self.importance_key = ColorKey(
            1.0,
            title="relative importance",
            key_range="one-sided",
            width=1.8,
            orientation="vertical",
        ).move_to(self.key)
        within_safe_frame(VGroup(group, self.key, self.importance_key))
        line = Line("The same happens in every column, in both sentences: first the scores...")
        with self.voiceover(line) as clip:
            self.play(
                *self.leaving(),
                FadeIn(group),
                FadeIn(self.key),
                run_time=min(1.5, clip.duration),
            )

    def to_importances(self) -> None:
        """Column by column, both grids recoloured to their relative importances."""
        importance_key = self.importance_key
        columns = max(t.n for t in self.traces.values())
        line = Line("...then, column by column, exponentiated and divided by their total.")
        with self.voiceover(line) as clip:
            self.play(
                LaggedStart(
                    *(
                        AnimationGroup(
                            *(
                                column_to_importances(box[0], self.traces[name].importances, j)
                                for name, box in self.heatmaps.items()
                            )
                        )
                        for j in range(columns)
                    ),
                    lag_ratio=0.35,
                ),
                ReplacementTransform(self.key, importance_key),
                run_time=min(3.0, clip.duration),
            )
            for name, box in self.heatmaps.items():
                box[0].values = self.traces[name].importances.copy()
                box[0].value_scale = 1.0
        self.key = importance_key

    def each_picks_its_word(self) -> None:
        """In the column of the last word, each sentence's largest importance boxed."""
        tree, lion = self.traces["tree"], self.traces["lion"]
        marks = []
        for name, box in self.heatmaps.items():
            t = self.traces[name]
            box.focus = focus_row(t, t.n - 1)
            marks.append(Create(box[0].outline_entry(box.focus, t.n - 1)))
        tree_focus, lion_focus = self.heatmaps["tree"].focus, self.heatmaps["lion"].focus
        line = Line(
            f"In the column of “roaring”, the tree sentence gives “{tree.tokens[tree_focus]}” "
            f"{tree.importances[tree_focus, -1]:.2f}; the lion sentence gives "
            f"“{lion.tokens[lion_focus]}” {lion.importances[lion_focus, -1]:.2f}."
        )
        with self.voiceover(line) as clip:
            self.play(*marks, run_time=min(1.2, clip.duration))

    def the_same_pair_in_both(self) -> None:
        """(fire, roaring) boxed in both grids, its score and importance written under each:
        one score, two importances."""
        theme = current_theme()
        tree, lion = self.traces["tree"], self.traces["lion"]
        fire_tree, fire_lion = tree.tokens.index("fire"), lion.tokens.index("fire")
        same = np.isclose(tree.scores[fire_tree, -1], lion.scores[fire_lion, -1])
        line = Line(
            f"The pair (fire, roaring) {'has the same score' if same else 'has a score'}, "
            f"{format_value(float(tree.scores[fire_tree, -1]), 1)}, in both; its importance is "
            f"{tree.importances[fire_tree, -1]:.2f} in one and "
            f"{lion.importances[fire_lion, -1]:.2f} in the other. The context decided."
        )
        notes = VGroup()
        boxes = []
        for name, t, row in (("tree", tree, fire_tree), ("lion", lion, fire_lion)):
            heat = self.heatmaps[name][0]
            boxes.append(heat.outline_entry(row, t.n - 1, color=theme.text))
            note = flat_text(
                f"(fire, roaring): score {format_value(float(t.scores[row, -1]), 1)}, "
                f"importance {t.importances[row, -1]:.2f}",
                theme.sizes.small,
                theme.text,
            ).next_to(heat, DOWN, buff=theme.gaps.tight)
            notes.add(note.set_x(heat.entries.get_x()))
        self.fire_notes = notes
        with self.voiceover(line) as clip:
            self.play(
                *(Create(b) for b in boxes),
                FadeIn(notes, shift=UP * 0.1),
                run_time=min(1.2, clip.duration),
            )

    def leaving(self) -> list[Animation]:
        """Fade-outs of everything on stage but the heading and the subtitle, to play with the
        next picture's fade-in (a cross-fade, never an empty frame)."""
        kept = {id(self.current_heading), id(getattr(self, "_caption", None))}
        return [FadeOut(m) for m in self.mobjects if id(m) not in kept]

    # -- the weighted sum -----------------------------------------------------------------
    def column_of_pairs(self) -> None:
        """The pair vectors of the last word's column, each with its importance."""
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        d = t.pair_vectors.shape[-1]
        self.shown = tuple(range(min(self.shown_components, d)))
        self.scale = pair_vector_scale(self)
        self.rows, self.row_words = column_pairs(t, j, self.shown, self.scale, theme.sizes.cell)
        self.rows.move_to(UP * 0.35)
        self.weights = VGroup()
        for i, (row, words) in enumerate(zip(self.rows, self.row_words, strict=True)):
            weight = flat_text(
                f"{format_value(float(t.importances[i, j]))} ×", theme.sizes.small, theme.highlight
            ).next_to(row, LEFT, buff=theme.gaps.tight)
            words.next_to(weight, LEFT, buff=theme.gaps.tight)
            self.weights.add(weight)
        caption = column_caption(t, j, self.shown, "lion sentence")
        caption.next_to(self.rows, UP, buff=theme.gaps.tight)
        self.key_vectors = ColorKey(self.scale, title="pair vector component", width=2.0)
        to_safe_edge(self.key_vectors, RIGHT, theme.gaps.small).align_to(self.rows, UP)
        line = Line(
            "Last, the weighted sum. Here are the column's pair vectors, with their importances."
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5, keep=(self.current_heading,))
            self.play(
                FadeIn(self.rows),
                FadeIn(self.row_words),
                FadeIn(self.weights),
                FadeIn(caption),
                FadeIn(self.key_vectors),
                run_time=clip.duration - 0.5,
            )

    def weigh_the_pairs(self) -> None:
        """Each pair vector recoloured in place to itself times its importance."""
        t = self.trace
        j = t.n - 1
        self.weighted = t.importances[:, j, None] * t.pair_vectors[:, j]
        line = Line(
            "Each vector is multiplied by its importance: the pairs that matter keep their "
            "colour, the others fade to nothing."
        )
        with self.voiceover(line) as clip:
            self.play(
                *(row.animate_values(w) for row, w in zip(self.rows, self.weighted, strict=True)),
                run_time=min(2.5, clip.duration),
            )

    def add_them_up(self) -> None:
        """The weighted pair vectors slide into the column's output."""
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.output = vector_strip(
            t.weighted_sums[j], shown=self.shown, value_scale=self.scale, cell_size=theme.sizes.cell
        ).next_to(self.rows, DOWN, buff=theme.gaps.large)
        caption = flat_text(
            f"the output of column “{t.tokens[j]}”", theme.sizes.small, theme.attention
        ).next_to(self.output, LEFT, buff=theme.gaps.small)
        slide, merge, _ = slide_into(list(self.rows), self.output)
        line = Line("Added up, they make the column's output.")
        with self.voiceover(line) as clip:
            self.play(slide, run_time=min(1.6, clip.duration * 0.55))
            self.play(merge, FadeIn(caption), run_time=min(1.0, clip.duration * 0.4))

    def the_pair_counts(self) -> None:
        """The lengths of the pair that matters and of the rest, weighted: said as measured
        (the pair outweighs the rest, or is only no longer drowned out)."""
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        i = focus_row(t, j)
        weighted_rest = self.weighted.sum(axis=0) - self.weighted[i]
        kept = (length(self.weighted[i]), length(weighted_rest))
        verdict = "counts" if kept[0] > kept[1] else "is no longer drowned out"
        line = Line(
            f"Now the pair ({t.tokens[i]}, {t.tokens[j]}) {verdict}: its weighted vector has "
            f"length {kept[0]:.1f}, all the others together {kept[1]:.1f}."
        )
        longest = max(kept)
        self.kept_chart = ProbabilityBars(
            [pair_name(short_word_at(t.tokens, i), t.tokens[j]), f"the other {t.n - 1}, added"],
            [kept[0] / longest, kept[1] / longest],
            value_texts=[f"{v:.1f}" for v in kept],
            colors=[theme.highlight, theme.muted],
            bar_width=1.6,
            bar_height=0.3,
            title="length, weighted",
        )
        self.kept_chart.next_to(self.key_vectors, DOWN, buff=theme.gaps.large)
        to_safe_edge(self.kept_chart, RIGHT, theme.gaps.hair)
        outline = SurroundingRectangle(
            VGroup(self.rows[i], self.row_words[i]), color=theme.highlight, buff=theme.gaps.hair
        )
        with self.voiceover(line) as clip:
            self.play(
                Create(outline),
                self.kept_chart.animate_grow(),
                run_time=min(1.5, clip.duration),
            )
