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
    HOLD,
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


def what_dividing_does(words: list[str], scores: np.ndarray) -> str:
    """What dividing ``scores`` by their own total would do, said from the numbers: which
    word would get the largest share and how far the shares stray from 0 to 1.

    >>> said = what_dividing_does(["a", "b", "c"], np.array([-8.0, 3.0, -5.0]))
    >>> "a, the lowest score, would get the largest share, 0.80" in said
    True
    >>> said.endswith("b, the highest score, −0.30: less than nothing.")
    True
    >>> what_dividing_does(["a", "b"], np.array([3.0, -1.0]))
    'Then b would get a share of −0.50, less than nothing, and a 1.50, more than the whole.'
    """
    total = float(scores.sum())
    shares = scores / total
    low, high = int(np.argmin(scores)), int(np.argmax(scores))
    if total < 0:
        said = (
            f"Then {words[low]}, the lowest score, would get the largest share, "
            f"{format_value(shares[low])}"
        )
        if shares[high] < 0:
            return (
                f"{said}, and {words[high]}, the highest score, "
                f"{format_value(shares[high])}: less than nothing."
            )
        return f"{said}: the order turned upside down."
    if shares[low] < 0:
        said = f"Then {words[low]} would get a share of {format_value(shares[low])}"
        said += ", less than nothing"
        if shares[high] > 1:
            return f"{said}, and {words[high]} {format_value(shares[high])}, more than the whole."
        return f"{said}."
    return (
        "Here every share would lie between 0 and 1, but only because no score is negative; "
        "scores can be any number."
    )


STAGE_NAMES = {"score": "score", "exp": "exp(score)", "importance": "relative importance"}
"""What the column of scores shows at each stage, in its title and its colour key."""


class TwoNetworks(DerivedScene):
    """3.6: a layer has two networks (pair to vector, pair to score); live: the trained
    model's scores in the column of the last word, what dividing them by their own total
    would do, then the same scores exponentiated and divided by their total in place; both
    sentences' score grids turned into importances; and the weighted sum, the pair vectors
    dimming by their importance and sliding into the column's output.

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
    clear_lead: float = 1.5
    """How many times the second word's importance the first needs before the voice says the
    column looks at it (below that, it "leans to" it, "but only just")."""

    def construct(self) -> None:
        self.two_networks()
        self.scores_of_a_column()
        self.divide_the_scores()
        self.exponentiate()
        self.normalise()
        self.score_grids()
        self.the_same_pair_in_both()
        self.weigh_the_pairs()
        self.add_them_up()

    def new_heading(self, text: str) -> list[Animation]:
        """The heading changes to ``text``: everything on stage fades out (the subtitle
        stays), the new heading fades in (returned, to play with the next picture)."""
        self.clear_stage(run_time=0.5)
        heading = self.heading(text)
        self.remove(heading)
        return [FadeIn(heading)]

    # -- two networks ---------------------------------------------------------------------
    def two_networks(self) -> None:
        """Both networks appear; the pair (fire, roaring) goes through both: a vector from
        one, a score from the other."""
        theme = current_theme()
        t = self.trace
        self.beat("3.6")
        self.heading("Two networks per layer")
        self.rep = NetworkGlyph(
            color=theme.attention, caption="pair → vector", width=2.2, height=1.5
        )
        self.scorer = NetworkGlyph(
            layers=(3, 4, 1), color=theme.attention, caption="pair → score", width=2.2, height=1.5
        )
        glyphs = VGroup(self.rep, self.scorer).arrange(DOWN, buff=theme.gaps.wide)
        glyphs.move_to(LEFT * 0.8 + DOWN * 0.3)
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
            f"So each layer now has two networks: one maps a pair, like {pair}, to its vector, "
            "as before; the other to a single number, its score."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, FadeIn(glyphs), end=0.2)
            self.play_during(clip, FadeIn(inputs), FadeIn(key), start=0.3, end=0.4)
            self.play_during(
                clip,
                self.rep.animate_forward(inputs[0], vector),
                self.scorer.animate_forward(inputs[1], score),
                start=0.4,
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
        self.column.next_to(self.current_heading, DOWN, buff=theme.gaps.wide).set_x(-3.2)
        # where the colour key and the worked example stand: right of the shares that
        # dividing by the raw total would give
        self.beside_column = np.array([3.4, 0.2, 0.0])
        self.title = self.column_title("score")
        self.key = self.stage_key()
        line = Line(
            f"Now the trained model's own scores, in the column of “{t.tokens[j]}”, lion sentence."
        )
        with self.voiceover(line) as clip:
            heading = self.new_heading("Scores into importances")
            self.play(
                *heading,
                FadeIn(self.column),
                FadeIn(self.key),
                FadeIn(self.title),
                run_time=clip.duration - 0.5,
            )

    def column_title(self, stage: str) -> VGroup:
        """The column's title: the model and layer its scores come from, over the column
        and the stage it shows; centred over the column, inside the safe frame."""
        theme = current_theme()
        title = VGroup(
            flat_text("pairwise self-attention, layer 1", theme.sizes.small, theme.muted),
            flat_text(
                f"column “{self.trace.tokens[-1]}”, lion sentence: {STAGE_NAMES[stage]}",
                theme.sizes.label,
                theme.attention,
            ),
        ).arrange(DOWN, buff=theme.gaps.hair)
        title.next_to(self.column, UP, buff=theme.gaps.tight).set_x(self.column.get_x())
        return within_safe_frame(title)

    def stage_key(self) -> ColorKey:
        stage = self.column.stage
        key = ColorKey(
            self.column.value_scale,
            title=STAGE_NAMES[stage],
            key_range="diverging" if stage == "score" else "one-sided",
            digits=3 if stage == "exp" else None,
            width=3.0,
        )
        return key.move_to(self.beside_column + UP * 1.4)

    def next_stage(self, stage: str) -> list[Animation]:
        """The column's title and colour key cross-fade to ``stage`` (after the column
        has been animated to it)."""
        title, key = self.column_title(stage), self.stage_key()
        fades = [FadeTransform(self.title, title), FadeTransform(self.key, key)]
        self.title, self.key = title, key
        return fades

    def divide_the_scores(self) -> None:
        """What dividing the scores on screen by their own total would do: the total, each
        score's share beside it, the largest share and the most wayward one boxed."""
        theme = current_theme()
        t = self.trace
        column = self.column
        scores = column.stage_values["score"]
        total = float(scores.sum())
        shares = scores / total
        self.raw_total = flat_text(
            f"total of the scores  {format_value(total, 1)}", theme.sizes.label, theme.highlight
        )
        self.raw_total.next_to(column.cells, DOWN, buff=0.35).align_to(column.cells, LEFT)
        shares_title = flat_text("score ÷ total", theme.sizes.label, theme.highlight)
        # right of the column's numbers, and of its title, which is level with this one
        x = max(column.get_right()[0], self.title.get_right()[0]) + theme.gaps.medium
        self.raw_shares = VGroup(
            *(
                flat_text(
                    format_value(float(share)),
                    theme.sizes.label,
                    theme.negative if share < 0 else theme.text,
                    mono=True,
                ).move_to([x, column.cell(k).get_y(), 0], aligned_edge=LEFT)
                for k, share in enumerate(shares)
            )
        )
        shares_title.move_to([x, self.title.get_y(), 0], aligned_edge=LEFT)
        low, high = int(np.argmin(shares)), int(np.argmax(shares))
        marks = VGroup(
            SurroundingRectangle(
                VGroup(column.word_label(high), self.raw_shares[high]),
                color=theme.highlight,
                buff=theme.gaps.hair,
            ),
            SurroundingRectangle(
                VGroup(column.word_label(low), self.raw_shares[low]),
                color=theme.negative,
                buff=theme.gaps.hair,
            ),
        )
        tags = VGroup(
            flat_text("largest share", theme.sizes.small, theme.highlight).next_to(
                marks[0], RIGHT, buff=theme.gaps.small
            ),
            flat_text(
                "below 0" if shares[low] < 0 else "smallest share",
                theme.sizes.small,
                theme.negative,
            ).next_to(marks[1], RIGHT, buff=theme.gaps.small),
        )
        drops = [
            FadeOut(
                column.number_label(k).copy(),
                target_position=self.raw_total.get_center(),
                scale=0.6,
            )
            for k in column.numbered_indices
        ]
        divisors = [
            FadeOut(
                flat_text(
                    f"÷ {format_value(total, 1)}", theme.sizes.small, theme.highlight
                ).move_to(self.raw_total),
                target_position=share.get_center(),
                scale=0.6,
            )
            for share in self.raw_shares
        ]
        line = Line(
            "Why not divide by the column's total? These scores add up to "
            f"{format_value(total, 1)}."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, LaggedStart(*drops, lag_ratio=0.08), start=0.1, end=0.6)
            self.play_during(clip, FadeIn(self.raw_total, shift=DOWN * 0.1), end=0.8)
        words = [word_at(t.tokens, k) for k in range(t.n)]
        with self.voiceover(Line(what_dividing_does(words, scores))) as clip:
            self.play_during(
                clip,
                FadeIn(shares_title),
                LaggedStart(*divisors, lag_ratio=0.06),
                LaggedStart(*(FadeIn(s) for s in self.raw_shares), lag_ratio=0.06),
                end=0.35,
            )
            self.play_during(clip, Create(marks[0]), FadeIn(tags[0]), start=0.4, end=0.55)
            self.play_during(clip, Create(marks[1]), FadeIn(tags[1]), start=0.7, end=0.85)
        self.wait(HOLD)
        self.raw_division = VGroup(self.raw_total, self.raw_shares, shares_title, marks, tags)

    def exponentiate(self) -> None:
        t = self.trace
        line = Line(
            "So first, each score is exponentiated: e to the power of a score is always "
            "positive, and a larger score stays larger."
        )
        top = int(np.argmax(t.importances[:, -1]))
        self.example = flat_text(
            f"exp({format_value(float(t.scores[top, -1]), 3)}) = "
            f"{format_value(float(t.exp_scores[top, -1]), 3)}",
            current_theme().sizes.body,
        ).move_to(self.beside_column)
        with self.voiceover(line) as clip:
            self.play_during(clip, FadeOut(self.raw_division), end=0.15)
            animation = self.column.animate_exponentiate()
            # straight after (a stage's animation sets the column's scale when built)
            self.play_during(
                clip, animation, *self.next_stage("exp"), FadeIn(self.example), end=0.7
            )
        self.wait(HOLD)

    def normalise(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        total = self.column.total
        top = int(np.argmax(t.importances[:, j]))
        example = flat_text(
            f"{format_value(float(t.exp_scores[top, j]), 3)} ÷ {format_value(total, 3)} = "
            f"{format_value(float(t.importances[top, j]))}",
            current_theme().sizes.body,
        ).move_to(self.example)
        line = Line(
            "Then each is divided by their total: the relative importances, between 0 and 1, "
            "adding up to 1."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, self.column.animate_total(), end=0.4)
            animation = self.column.animate_divide()
            self.play_during(
                clip,
                animation,
                FadeTransform(self.example, example),
                *self.next_stage("importance"),
            )
        self.example = example
        order = np.argsort(-t.importances[:, j])
        top, second = int(order[0]), int(order[1])
        clear = t.importances[top, j] >= self.clear_lead * t.importances[second, j]
        looks = "looks at" if clear else "leans to"
        line = Line(
            f"{word_at(t.tokens, top).capitalize()} gets {t.importances[top, j]:.2f}, "
            f"{word_at(t.tokens, second)} {t.importances[second, j]:.2f}: this column {looks} "
            f"{word_at(t.tokens, top)}{'' if clear else ', but only just'}."
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
        self.wait(HOLD)

    # -- both sentences -------------------------------------------------------------------
    def score_grids(self) -> None:
        """Both sentences' scores, side by side, on one colour scale, then column by column
        recoloured to their relative importances."""
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
        # the keys in the top right corner, level with the heading: the grids take the
        # width below, and the wider title never reaches into them
        keys = (
            ColorKey(score_scale, title="score", width=1.8),
            ColorKey(1.0, title="relative importance", key_range="one-sided", width=1.8),
        )
        for key in keys:
            to_safe_edge(key.set_y(self.current_heading.get_y()), RIGHT)
        within_safe_frame(group)
        self.key = keys[1]
        columns = max(t.n for t in self.traces.values())
        turning = LaggedStart(
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
        )
        line = Line(
            "The same happens in every column of both sentences: scores become importances."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, *self.leaving(), FadeIn(group), FadeIn(keys[0]), end=0.3)
            self.play_during(clip, turning, FadeTransform(keys[0], keys[1]), start=0.35)
        self.wait(HOLD)
        for name, box in self.heatmaps.items():
            box[0].values = self.traces[name].importances.copy()
            box[0].value_scale = 1.0

    def the_same_pair_in_both(self) -> None:
        """(fire, roaring) boxed in both grids, its score and importance written under each:
        one score, two importances."""
        theme = current_theme()
        tree, lion = self.traces["tree"], self.traces["lion"]
        fire_tree, fire_lion = tree.tokens.index("fire"), lion.tokens.index("fire")
        same = np.isclose(tree.scores[fire_tree, -1], lion.scores[fire_lion, -1])
        score = format_value(float(tree.scores[fire_tree, -1]), 1)
        line = Line(
            f"The pair (fire, roaring) {'scores' if same else 'scores about'} {score} in both, "
            f"but weighs {tree.importances[fire_tree, -1]:.2f} in the tree sentence and "
            f"{lion.importances[fire_lion, -1]:.2f} in the lion sentence."
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
            self.play_during(
                clip, *(Create(b) for b in boxes), FadeIn(notes, shift=UP * 0.1), end=0.3
            )
        self.wait(HOLD)  # the chapter's key contrast: one score, two importances

    def leaving(self) -> list[Animation]:
        """Fade-outs of everything on stage but the heading and the subtitle, to play with the
        next picture's fade-in (a cross-fade, never an empty frame)."""
        kept = {id(self.current_heading), id(getattr(self, "_caption", None))}
        return [FadeOut(m) for m in self.mobjects if id(m) not in kept]

    # -- the weighted sum -----------------------------------------------------------------
    def weigh_the_pairs(self) -> None:
        """The pair vectors of the last word's column, each with its importance, then each
        recoloured in place to itself times its importance."""
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
        self.weighted = t.importances[:, j, None] * t.pair_vectors[:, j]
        line = Line(
            "Last, each pair vector of the column is multiplied by its importance: the pairs "
            "that matter keep their colour, the others fade to nothing."
        )
        with self.voiceover(line) as clip:
            heading = self.new_heading("The weighted sum")
            self.play_during(
                clip,
                *heading,
                FadeIn(self.rows),
                FadeIn(self.row_words),
                FadeIn(self.weights),
                FadeIn(caption),
                FadeIn(self.key_vectors),
                end=0.35,
            )
            self.play_during(
                clip,
                *(row.animate_values(w) for row, w in zip(self.rows, self.weighted, strict=True)),
                start=0.45,
                end=0.9,
            )

    def add_them_up(self) -> None:
        """The weighted pair vectors slide into the column's output; the lengths of the pair
        that matters and of the rest, weighted, said as measured (the pair outweighs the
        rest, or is only no longer drowned out)."""
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
        i = focus_row(t, j)
        weighted_rest = self.weighted.sum(axis=0) - self.weighted[i]
        kept = (length(self.weighted[i]), length(weighted_rest))
        longest = max(kept)
        self.kept_chart = ProbabilityBars(
            [pair_name(short_word_at(t.tokens, i), t.tokens[j]), f"the other {t.n - 1}, added"],
            [kept[0] / longest, kept[1] / longest],
            value_texts=[f"{v:.1f}" for v in kept],
            colors=[theme.highlight, theme.muted],
            bar_width=1.2,
            bar_height=0.3,
            title="length, weighted",
        )
        self.kept_chart.next_to(self.key_vectors, DOWN, buff=theme.gaps.large)
        to_safe_edge(self.kept_chart, RIGHT, theme.gaps.hair)
        # its names end at the bars: it stays clear of the rows and their outline
        room = self.kept_chart.get_left()[0] - self.rows.get_right()[0] - theme.gaps.small
        if room < 0:
            self.kept_chart.scale(1 + room / self.kept_chart.width, about_edge=RIGHT)
        outline = SurroundingRectangle(
            VGroup(self.rows[i], self.row_words[i]), color=theme.highlight, buff=theme.gaps.hair
        )
        if kept[0] > kept[1]:
            said = (
                f"Added up, they make the column's output: now ({t.tokens[i]}, {t.tokens[j]}) "
                f"counts, {kept[0]:.1f} long against {kept[1]:.1f} for all the others."
            )
        else:
            said = (
                f"Added up, they make the column's output: ({t.tokens[i]}, {t.tokens[j]}) is "
                f"{kept[0]:.1f} long against {kept[1]:.1f} for all the others together. It is "
                "no longer drowned out, but not alone either: a second layer settles it."
            )
        line = Line(said)
        with self.voiceover(line) as clip:
            # the two lengths drawn by the time the voice says them
            said_at = clip.at("long against")
            self.play_during(clip, slide, end=0.4 * said_at)
            self.play_during(clip, merge, FadeIn(caption), end=0.7 * said_at)
            self.play_during(
                clip, Create(outline), self.kept_chart.animate_grow(), start=0.7 * said_at,
                end=said_at,
            )  # fmt: skip
        self.wait(HOLD)
