"""Chapter 4, optimisations: from pairwise self-attention to the transformer, the bridge to
query, key and value, and the evidence.

``manim -ql scenes/ch4_optimisations.py Redundancy`` (and the other scenes below).
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import *

from model import TransformerTrace, model_config, read_metrics
from model.costs import (
    big_network_runs,
    own_term_cost,
    pair_costs,
    representation_cost,
    scoring_cost,
)
from model.data import DISTANCE_BUCKETS
from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import (
    GroupedBars,
    Heatmap,
    NetworkGlyph,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    square_field,
)
from scenes.text import counted, label, label_row
from scenes.theme import current_theme

CHAPTER = Chapter(4, "Optimisations")


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
        y -= size / 48 * 0.9
    return out.center()


def most_varied_column(importances: np.ndarray) -> int:
    """The column whose heads pick the most different rows (the last one on ties)."""
    heads, n, _ = importances.shape
    picks = [len({int(np.argmax(importances[h][:, j])) for h in range(heads)}) for j in range(n)]
    best = max(picks)
    return max(j for j in range(n) if picks[j] == best)


def count(value: int) -> str:
    return f"{value:,}"


class CostScene(DerivedScene):
    """Shared by the scenes that count operations: the trained models' configs."""

    chapter = CHAPTER
    model_name = "transformer"
    passage_words: int = 1000

    @property
    def configs(self):
        return model_config("attention"), model_config("transformer")


class LinearRepresentation(CostScene):
    """4.1: the representation network replaced by a linear map, live: operation counts from
    the trained models' sizes, for the sentence on screen and for a long passage."""

    short_name = "linear"
    beats = (Beat("4.1", "A linear representation"),)

    def construct(self) -> None:
        self.bottleneck()
        self.counts()

    def bottleneck(self) -> None:
        theme = current_theme()
        self.beat(
            "4.1",
            "Everything after this is efficiency. The bottleneck: n² pairs, each "
            "through a network with thousands of numbers.",
        )
        self.heading("A linear representation")
        attention, transformer = self.configs
        costs = pair_costs(attention, transformer)
        network = NetworkGlyph(
            color=theme.attention,
            caption=f"network: {count(costs.representation_network)} multiply-adds per pair",
        )
        linear = VGroup(label("A xᵢ + B xⱼ", theme.sizes.body, theme.transformer))
        frame = SurroundingRectangle(linear, color=theme.transformer, buff=0.3, corner_radius=0.12)
        caption = label(
            f"linear: {count(costs.linear_representation)} per pair",
            theme.sizes.small,
            theme.transformer,
        ).next_to(frame, DOWN, buff=0.15)
        linear = VGroup(frame, linear, caption)
        VGroup(network, linear).arrange(RIGHT, buff=2.0).move_to(UP * 1.0)
        self.play(FadeIn(network))
        self.say(
            "Replace the representation network with a linear function: one matrix "
            "applied to the pair, no hidden layer."
        )
        self.play(FadeIn(linear, shift=LEFT * 0.3))
        self.wait(1)

    def counts(self) -> None:
        theme = current_theme()
        attention, transformer = self.configs
        n = self.trace.n
        here = representation_cost(n, attention, transformer)
        passage = representation_cost(self.passage_words, attention, transformer)
        self.rows = [
            ["", "network on every pair", "linear map"],
            [f"this sentence ({counted(n, 'word')})", count(here[0]), count(here[1])],
            [
                f"a passage ({count(self.passage_words)} words)",
                count(passage[0]),
                count(passage[1]),
            ],
        ]
        grid = table(self.rows, [theme.muted, theme.text, theme.text]).move_to(DOWN * 1.6)
        self.say(
            f"With our models' sizes: {here[0] / here[1]:.1f} times fewer "
            "multiply-adds for the representations, at any length."
        )
        self.play(FadeIn(grid))
        self.table = grid
        self.wait(1.5)


class NetworkAfterAttention(DerivedScene):
    """4.2: the network moves after attention and runs on each of the n outputs, live: the
    transformer's real combined vectors and the network's real outputs."""

    short_name = "network-after"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.2", "The network, after attention"),)
    shown: int = 6

    def construct(self) -> None:
        self.outputs_of_attention()
        self.network_on_each()

    def outputs_of_attention(self) -> None:
        theme = current_theme()
        self.beat(
            "4.2",
            "A linear map loses the network's non-linearity. It comes back by "
            "applying a network to each of the n outputs of attention.",
        )
        self.heading("The network, after attention")
        t: TransformerTrace = self.trace
        self.row = TokenRow(t.tokens, size=theme.sizes.label, buff=0.5)
        self.row.next_to(self.current_heading, DOWN, buff=0.4)
        self.before = VGroup(
            *(
                VectorColumn(
                    t.combined[j],
                    max_cells=self.shown,
                    cell_size=0.2,
                    show_indices=False,
                    compact=True,
                )
                for j in range(t.n)
            )
        )
        top = self.row.get_bottom()[1] - 0.3
        for j, v in enumerate(self.before):
            v.move_to([self.row.word_label(j).get_x(), top - v.height / 2, 0])
        note = label(
            f"attention's outputs (components 0–{self.shown - 2} and "
            f"{t.combined.shape[1] - 1} of {t.combined.shape[1]})",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.before, LEFT, buff=0.3)
        note.next_to(self.before, DOWN, buff=0.15)
        self.play(FadeIn(self.row), FadeIn(self.before), FadeIn(note))

    def network_on_each(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        self.say(f"The same network runs {t.n} times, once per word, not once per pair.")
        glyph = NetworkGlyph(color=theme.transformer, width=0.8, height=0.6)
        glyph.next_to(self.before, DOWN, buff=0.4).set_x(self.before[0].get_x())
        self.after = VGroup(
            *(
                VectorColumn(
                    t.outputs[j],
                    max_cells=self.shown,
                    cell_size=0.2,
                    show_indices=False,
                    compact=True,
                )
                for j in range(t.n)
            )
        )
        for j, v in enumerate(self.after):
            v.next_to(glyph, DOWN, buff=0.4).set_x(self.before[j].get_x())
        self.play(FadeIn(glyph))
        for j in range(t.n):
            run_time = 0.8 if j < 2 else 0.25
            self.play(glyph.animate.set_x(self.before[j].get_x()), run_time=run_time)
            self.play(ReplacementTransform(self.before[j].copy(), self.after[j]), run_time=run_time)
        note = label(
            f"the network's outputs (components 0–{self.shown - 2} and "
            f"{t.outputs.shape[1] - 1} of {t.outputs.shape[1]})",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.after, DOWN, buff=0.15)
        label_n = label(
            f"the same network, {t.n} times", theme.sizes.small, theme.transformer
        ).next_to(glyph, RIGHT, buff=0.3)
        self.play(glyph.animate.set_x(self.before.get_x() - 0.9), FadeIn(note))
        label_n.next_to(glyph, RIGHT, buff=0.3)
        self.play(FadeIn(label_n))
        self.wait(1)


class ScoringChoices(CostScene):
    """4.3: scoring by a small network or a bilinear form, live: the two trained variants'
    held-out accuracy (from the training metrics) and their operation counts."""

    short_name = "scoring"
    beats = (Beat("4.3", "Scores: a small network or a bilinear form"),)

    def construct(self) -> None:
        self.non_linearity_before()
        self.compare()

    def non_linearity_before(self) -> None:
        theme = current_theme()
        self.beat(
            "4.3",
            "Scoring needs its non-linearity before the reduction, but it only "
            "outputs one number: a very small network will do.",
        )
        self.heading("Scores: a small network or a bilinear form")
        glyph = NetworkGlyph(layers=(4, 3, 1), color=theme.transformer, caption="small network")
        bilinear = label("xᵢᵀ W xⱼ", theme.sizes.heading, theme.transformer)
        frame = SurroundingRectangle(
            bilinear, color=theme.transformer, buff=0.3, corner_radius=0.12
        )
        caption = label("bilinear form", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=0.1)
        VGroup(glyph, VGroup(frame, bilinear, caption)).arrange(RIGHT, buff=3.0).move_to(UP)
        self.play(FadeIn(glyph))
        self.say("So will a bilinear form: one matrix W between the two words' vectors.")
        self.play(FadeIn(VGroup(frame, bilinear, caption)))

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
        verdict = (
            "about the same accuracy"
            if abs(small - bilinear_accuracy) < 0.03
            else "different accuracies: here the bilinear form does better"
            if bilinear_accuracy > small
            else "different accuracies: here the small network does better"
        )
        self.say(
            f"Trained the same way and tested on {held:,} new wordings, they reach {verdict} "
            f"({small:.0%} and {bilinear_accuracy:.0%}); the bilinear form is also cheaper."
        )
        chart = ProbabilityBars(
            ["small network", "bilinear form"],
            [self.accuracy["transformer_network"], self.accuracy["transformer"]],
            bar_width=2.4,
            color=theme.transformer,
            title="accuracy on new wordings",
        )
        chart.move_to(DOWN * 1.7 + LEFT * 3)
        rows = table(
            [
                ["multiply-adds to score this sentence", ""],
                ["small network", count(network)],
                ["bilinear form", count(bilinear)],
            ],
            [theme.muted, theme.text, theme.text],
            theme.sizes.small,
        )
        rows.move_to(DOWN * 1.7 + RIGHT * 3.2)
        self.play(chart.animate_grow(), FadeIn(rows))
        self.chart, self.counts = chart, rows
        self.wait(1.5)


class LayerInTwoSteps(CostScene):
    """4.4: the layer as two steps, and the big network's runs, n instead of n^2 (counts
    from the sentence)."""

    short_name = "two-steps"
    beats = (Beat("4.4", "The layer in two steps"),)

    def construct(self) -> None:
        self.two_steps()
        self.runs()

    def two_steps(self) -> None:
        theme = current_theme()
        self.beat(
            "4.4",
            "A layer is now two steps: self-attention with linear representations "
            "and bilinear scores, then a network on each of the n vectors.",
        )
        self.heading("The layer in two steps")
        steps = (
            VGroup(
                label(
                    "1  self-attention: linear representations, bilinear scores",
                    theme.sizes.label,
                    theme.transformer,
                ),
                label(
                    "2  one network on each of the n vectors", theme.sizes.label, theme.transformer
                ),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.4)
            .move_to(UP * 1.6)
        )
        self.play(FadeIn(steps[0]))
        self.play(FadeIn(steps[1]))

    def runs(self) -> None:
        theme = current_theme()
        n = self.trace.n
        before, after = big_network_runs(n)
        self.say(
            f"The big network now runs {counted(after, 'time')} for {counted(n, 'word')}, "
            f"where it ran {counted(before, 'time')}, once per pair."
        )
        fields = VGroup()
        for value, text, color in (
            (before, "runs before: n²", theme.attention),
            (after, "runs now: n", theme.transformer),
        ):
            field = square_field(value, color, max_side=2.4)
            caption = label(f"{text} = {value}", theme.sizes.label)
            fields.add(VGroup(field, caption.next_to(field, DOWN, buff=0.25)))
        fields.arrange(RIGHT, buff=2.5, aligned_edge=DOWN).move_to(DOWN * 1.3)
        self.play(FadeIn(fields))
        self.fields = fields
        self.wait(1.5)


class Redundancy(CostScene):
    """4.5: the own-word term, equal for every pair in a column, added once after the sum,
    live: both forms from the trace's two independent code paths, equal."""

    short_name = "redundancy"
    beats = (Beat("4.5", "Add the own-word term once"),)
    digits: int = 3
    shown: int = 7

    def construct(self) -> None:
        self.same_term_in_every_pair()
        self.both_forms()

    def same_term_in_every_pair(self) -> None:
        theme = current_theme()
        t = self.trace
        j = t.n - 1
        self.beat(
            "4.5",
            f"A redundancy: every pair in column “{t.tokens[j]}” contains "
            f"“{t.tokens[j]}”, so the linear map adds the same term B xⱼ to "
            "each.",
        )
        self.heading("Add the own-word term once")
        lines = VGroup(
            *(
                label(f"({w}, {t.tokens[j]}):  A x({w}) + B x({t.tokens[j]})", theme.sizes.small)
                for w in t.tokens[: min(t.n, 5)]
            ),
            label("⋮", theme.sizes.small),
        )
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.15).move_to(UP * 1.2 + LEFT * 3)
        formula = (
            VGroup(
                label("Σᵢ aᵢⱼ (A xᵢ + B xⱼ)", theme.sizes.body),
                label("= Σᵢ aᵢⱼ A xᵢ + B xⱼ", theme.sizes.body, theme.transformer),
                label("because Σᵢ aᵢⱼ = 1", theme.sizes.small, theme.muted),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.25)
            .move_to(UP * 1.2 + RIGHT * 3)
        )
        self.play(FadeIn(lines))
        self.say(
            "Since the weights of a column sum to 1, that term can be added once, after the sum."
        )
        self.play(FadeIn(formula))
        self.formula = formula

    def both_forms(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = t.n - 1
        difference = float(np.max(np.abs(t.combined[j] - t.combined_pairwise_form[j])))
        self.say(
            f"Both forms, computed separately for column “{t.tokens[j]}”: equal to "
            f"every digit shown (largest difference {difference:.0e})."
        )
        pairwise = VectorColumn(
            t.combined_pairwise_form[j],
            max_cells=self.shown,
            show_numbers=True,
            digits=self.digits,
            cell_size=0.24,
        )
        optimised = VectorColumn(
            t.combined[j],
            max_cells=self.shown,
            show_numbers=True,
            digits=self.digits,
            cell_size=0.24,
        )
        VGroup(pairwise, optimised).arrange(RIGHT, buff=3.2).move_to(DOWN * 1.7)
        titles = VGroup(
            label(f"{t.n}² explicit pair vectors, weighted", theme.sizes.small, theme.muted),
            label("weighted A xᵢ, plus B xⱼ once", theme.sizes.small, theme.muted),
        )
        for title, vector in zip(titles, (pairwise, optimised), strict=True):
            title.next_to(vector, UP, buff=0.2)
        sign = label("=", theme.sizes.title).move_to(VGroup(pairwise, optimised))
        self.play(FadeIn(pairwise), FadeIn(optimised), FadeIn(titles), FadeIn(sign))
        n = t.n
        per_pair, once = own_term_cost(n, self.configs[1])
        self.saving = (per_pair, once)
        self.pairwise, self.optimised = pairwise, optimised
        self.wait(1.5)


class MultiHead(DerivedScene):
    """4.6: several attention operations side by side, live: each head's real pattern and
    the concatenation of their outputs."""

    short_name = "multi-head"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.6", "Multi-head attention"),)

    def construct(self) -> None:
        self.heads()
        self.concatenate()

    def heads(self) -> None:
        theme = current_theme()
        self.beat(
            "4.6",
            "Sometimes a column must keep information from more than one pair: "
            "run several attention operations side by side.",
        )
        self.heading("Multi-head attention")
        t: TransformerTrace = self.trace
        heads = t.importances.shape[0]
        self.maps = VGroup()
        for h in range(heads):
            heat = Heatmap(
                t.importances[h],
                t.tokens,
                show_numbers=False,
                value_scale=1.0,
                max_width=2.6,
                max_height=2.6,
            )
            heat.remove(heat.row_labels) if h else None
            title = label(f"head {h + 1}", theme.sizes.small, theme.transformer)
            self.maps.add(VGroup(heat, title))
        self.maps.arrange(RIGHT, buff=0.35)
        for heat, title in self.maps:
            title.next_to(heat, UP, buff=0.15)
        self.maps.next_to(self.current_heading, DOWN, buff=0.35)
        self.play(LaggedStart(*(FadeIn(m) for m in self.maps), lag_ratio=0.3), run_time=2)
        j = self.column = most_varied_column(t.importances)
        picks = [t.tokens[int(np.argmax(t.importances[h][:, j]))] for h in range(heads)]
        self.picks = picks
        if len(set(picks)) > 1:
            finding = f"the heads look hardest at: {', '.join(picks)}"
        else:
            finding = f"every head picks “{picks[0]}”: on this task one pair is enough"
        self.say(
            f"Each head is free to pick a different pair. In the column of "
            f"“{t.tokens[j]}”, {finding}."
        )
        self.play(
            *(
                Create(heat.outline_entry(int(np.argmax(t.importances[h][:, j])), j))
                for h, (heat, _) in enumerate(self.maps)
            )
        )

    def concatenate(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = self.column
        heads = t.head_outputs.shape[0]
        self.say(
            f"Their outputs are concatenated: {heads} heads of {t.head_outputs.shape[2]} "
            f"numbers make one vector of {heads * t.head_outputs.shape[2]}. Real models "
            "use a few dozen heads."
        )
        parts = VGroup(
            *(
                VectorColumn(
                    t.head_outputs[h][j],
                    show_indices=False,
                    cell_size=0.2,
                    orientation="horizontal",
                    compact=True,
                )
                for h in range(heads)
            )
        )
        parts.arrange(RIGHT, buff=0.08).next_to(self.maps, DOWN, buff=0.9)
        captions = VGroup(
            *(
                label(f"head {h + 1}", theme.sizes.tiny, theme.muted).next_to(p, DOWN, buff=0.1)
                for h, p in enumerate(parts)
            )
        )
        title = label(
            f"the heads' outputs in column “{t.tokens[j]}”, concatenated",
            theme.sizes.small,
            theme.transformer,
        ).next_to(parts, UP, buff=0.2)
        self.play(
            LaggedStart(*(FadeIn(p) for p in parts), lag_ratio=0.2), FadeIn(captions), FadeIn(title)
        )
        self.parts = parts
        self.wait(1.5)


class TheTransformer(DerivedScene):
    """4.7: the complete transformer layer in one picture, and what was left out; live: the
    trained transformer's answer on the sentence."""

    short_name = "transformer"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.7", "The transformer"),)

    def construct(self) -> None:
        self.the_layer()
        self.left_out()

    def the_layer(self) -> None:
        theme = current_theme()
        self.beat(
            "4.7",
            "That is the transformer: attention with linear values and bilinear "
            "scores, heads side by side, then a network on each word.",
        )
        self.heading("The transformer layer")
        steps = [
            "words: one-hot word ⊕ one-hot position",
            "per head: scores xᵢᵀ Kᵀ Q xⱼ, exponentiated, normalised per column",
            "per head: weighted sum of A xᵢ",
            "concatenate the heads, add B xⱼ once",
            "one network on each of the n vectors",
        ]
        boxes = VGroup()
        for text in steps:
            words = label(text, theme.sizes.small)
            frame = SurroundingRectangle(
                words, color=theme.transformer, buff=0.15, corner_radius=0.08
            )
            boxes.add(VGroup(frame, words))
        boxes.arrange(DOWN, buff=0.3).move_to(LEFT * 2.0 + DOWN * 0.3)
        arrows = VGroup(
            *(
                Arrow(
                    a.get_bottom(),
                    b.get_top(),
                    buff=0.03,
                    stroke_width=2,
                    color=theme.muted,
                    max_tip_length_to_length_ratio=0.4,
                )
                for a, b in itertools.pairwise(boxes)
            )
        )
        self.play(
            LaggedStart(*(FadeIn(b) for b in boxes), lag_ratio=0.3), FadeIn(arrows), run_time=2.5
        )
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.5,
            color=theme.transformer,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.scale(0.8).to_edge(RIGHT, buff=0.5).shift(DOWN * 0.3)
        self.play(chart.animate_grow())
        self.chart = chart

    def left_out(self) -> None:
        theme = current_theme()
        self.say(
            "Left out on purpose: layer normalisation, residual connections and "
            "byte-pair encoding, common to most networks of the last decade."
        )
        note = label(
            "not shown: layer normalisation · residual connections · byte-pair encoding",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=0.4)
        self.play(FadeIn(note))
        self.wait(1.5)


class QueryKeyValue(DerivedScene):
    """4.8: the bridge to query, key and value (beyond the video), live: the weighted sum of
    values beside PyTorch's scaled_dot_product_attention on the same Q, K, V, computed by
    separate code paths; and SDPA's weights against the grid's importances."""

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
        self.compare_with_pytorch()
        self.own_word_term()

    def factor_the_bilinear_form(self) -> None:
        theme = current_theme()
        self.beat(
            "4.8",
            "The textbook names. Column j holds the pairs (xᵢ, xⱼ). Factor the "
            "bilinear form's matrix as W = Kᵀ Q.",
        )
        self.heading("Query, key and value")
        lines = (
            VGroup(
                label("xᵢᵀ W xⱼ  =  xᵢᵀ Kᵀ Q xⱼ  =  (K xᵢ) · (Q xⱼ)", theme.sizes.body),
                VGroup(
                    label(
                        "Q xⱼ: the query, from the column's own word",
                        theme.sizes.label,
                        theme.query,
                    )
                ),
                VGroup(
                    label(
                        "K xᵢ: the key, from each word being weighed", theme.sizes.label, theme.key
                    )
                ),
                VGroup(
                    label(
                        "A xᵢ: the value, what the column takes from it",
                        theme.sizes.label,
                        theme.value,
                    )
                ),
            )
            .arrange(DOWN, buff=0.35, aligned_edge=LEFT)
            .move_to(UP * 0.6)
        )
        self.play(FadeIn(lines[0]))
        self.say(
            "The column's own word supplies the query; each word being weighed supplies "
            "its key; the linear representation A xᵢ is the value."
        )
        self.play(LaggedStart(*(FadeIn(line) for line in lines[1:]), lag_ratio=0.4))
        self.lines = lines

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
        self.say(
            f"Numerically, for head {h + 1} and column “{t.tokens[j]}”: our weighted sum "
            f"of values equals PyTorch's scaled_dot_product_attention (scale 1), and its "
            f"weights are our importances, read across instead of down."
        )
        self.clear_stage(keep=(self.current_heading,))
        columns = (
            VGroup(
                VectorColumn(
                    t.importances[h][:, j],
                    show_numbers=True,
                    digits=self.digits,
                    cell_size=0.26,
                    max_cells=t.n,
                    value_scale=1.0,
                ),
                VectorColumn(
                    weights,
                    show_numbers=True,
                    digits=self.digits,
                    cell_size=0.26,
                    max_cells=t.n,
                    value_scale=1.0,
                ),
                VectorColumn(
                    ours,
                    show_numbers=True,
                    digits=self.digits,
                    cell_size=0.26,
                    max_cells=self.shown,
                ),
                VectorColumn(
                    theirs,
                    show_numbers=True,
                    digits=self.digits,
                    cell_size=0.26,
                    max_cells=self.shown,
                ),
            )
            .arrange(RIGHT, buff=1.25, aligned_edge=UP)
            .move_to(DOWN * 0.1)
        )
        words = VGroup(*label_row(t.tokens, theme.sizes.small))
        for k, word in enumerate(words):
            word.next_to(columns[0].cell(k), LEFT, buff=0.12)
        titles = VGroup(
            label(f"importances,\ncolumn {t.tokens[j]}", theme.sizes.small, theme.muted),
            label(f"SDPA weights,\nrow {t.tokens[j]}", theme.sizes.small, theme.muted),
            label("Σ importance × value", theme.sizes.small, theme.value),
            label("SDPA output", theme.sizes.small, theme.value),
        )
        for title, column in zip(titles, columns, strict=True):
            title.next_to(column, UP, buff=0.2)
        note = label(
            f"largest difference between the two code paths: {self.difference:.0e}",
            theme.sizes.small,
            theme.muted,
        )
        note.to_edge(DOWN, buff=0.3)
        self.play(FadeIn(columns), FadeIn(words), FadeIn(titles), FadeIn(note))
        self.columns = columns
        self.wait(1.5)

    def own_word_term(self) -> None:
        theme = current_theme()
        self.say(
            "The own-word term B xⱼ is not part of that function: it sits where textbooks "
            "put the residual connection, which adds xⱼ itself; the network after it "
            "absorbs the linear map."
        )
        self.clear_stage(keep=(self.current_heading,))
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
            .move_to(UP * 0.2 + LEFT * 1.5)
        )
        lines.add(
            label("← the residual connection", theme.sizes.small, theme.highlight).next_to(
                lines[1], RIGHT, buff=0.3
            )
        )
        self.play(FadeIn(lines[0]))
        self.play(FadeIn(lines[1]))
        self.play(FadeIn(lines[2]))
        self.wait(1.5)


class Evidence(DerivedScene):
    """4.9: accuracy of each model of the derivation on held-out sentences, by the distance
    between the deciding word and the last word (beyond the video), drawn from the training
    metrics in assets/."""

    short_name = "evidence"
    chapter = CHAPTER
    beats = (Beat("4.9", "The evidence"),)
    fixed_example = "the held-out test set of the training metrics"
    models: tuple[str, ...] = ("cnn", "pairwise", "pairwise_positions", "attention", "transformer")

    def construct(self) -> None:
        self.chart_of_accuracies()
        self.what_it_shows()

    def chart_of_accuracies(self) -> None:
        theme = current_theme()
        self.beat(
            "4.9",
            "The evidence: every model of the derivation, trained the same way, "
            "tested on sentences it never saw.",
        )
        self.heading("Held-out accuracy by distance")
        summary = read_metrics()["models"]
        buckets = [name for name, _, _ in DISTANCE_BUCKETS if name != "0"]
        keys = [f"distance:{b}" for b in buckets] + ["family:phrase"]
        groups = [b.replace("-", "–") for b in buckets] + ["word order"]
        values = np.array(
            [
                [summary[m]["new_wordings"].get(k, {}).get("accuracy", np.nan) for k in keys]
                for m in self.models
            ]
        )
        self.values, self.keys = values, keys
        chart = GroupedBars(
            groups,
            [summary[m]["title"] for m in self.models],
            values,
            [theme.model_color(m) for m in self.models],
            height=3.6,
            bar_width=0.16,
            group_gap=0.35,
        )
        room = current_theme().layout.safe_width - 1.4  # the 0%/100% labels on the left
        if chart.width > room:
            chart.scale_to_fit_width(room)
        chart.move_to(DOWN * 0.3 + RIGHT * 0.5)
        scale = VGroup(
            label("100%", theme.sizes.small, theme.muted)
            .next_to(chart.tracks, LEFT, buff=0.15)
            .align_to(chart.tracks, UP),
            label("0%", theme.sizes.small, theme.muted)
            .next_to(chart.tracks, LEFT, buff=0.15)
            .align_to(chart.tracks, DOWN),
        )
        note = label(
            "distance: how many words the one that decides the answer stands from "
            "the last word; (new wordings)",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=0.35)
        self.add(scale, note)
        counts = VGroup(
            *(
                label(
                    f"({summary['attention']['new_wordings'].get(k, {}).get('count', 0)})",
                    theme.sizes.small,
                    theme.muted,
                ).next_to(chart.group_labels[g], DOWN, buff=0.1)
                for g, k in enumerate(keys)
            )
        )
        self.play(
            FadeIn(chart.tracks), FadeIn(chart.group_labels), FadeIn(chart.legend), FadeIn(counts)
        )
        self.play(
            LaggedStart(*(GrowFromEdge(b, DOWN) for b in chart.bars), lag_ratio=0.03), run_time=2.5
        )
        self.chart = chart

    def what_it_shows(self) -> None:
        free = self.values[self.models.index("pairwise"), -1]
        self.say(
            f"What it honestly shows: on this small task every model copes with distance, "
            f"the CNN included. Word order separates them: without positions, "
            f"{free:.0%} of the phrases."
        )
        self.wait(2)


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
)
"""The chapter's scenes, in the order the explainer shows them."""
