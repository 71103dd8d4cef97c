"""4.1: A linear representation (scene ``linear``).

``manim -ql scenes/ch4_optimisations/linear.py LinearRepresentation``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import MAX_WORDS, TransformerTrace
from derived_transformer.model.costs import compared_layers
from derived_transformer.model.timings import layer_timings
from derived_transformer.narration import Line
from derived_transformer.narration.words import short_word_at
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch4_optimisations.shared import (
    HOLD,
    CostScene,
    convention_note,
    cost_plot,
    reveal_time,
    speed,
    timing_plot,
    timing_text,
)
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    square_field,
    vector_strip,
)
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class LinearRepresentation(CostScene):
    """4.1: the representation network replaced by a linear map ``A x_i + B x_j``, computed
    once per word; live: the multiply-adds of one layer against sentence length for the
    layers the chapter compares (``model.costs``), with how they are counted on screen, the
    sentence's own length marked, and the measured wall times (``model.timings``), won and
    lost, plotted.

    ``shown``: how many components of each word's A x and B x are drawn."""

    short_name = "linear"
    beats = (Beat("4.1", "A linear representation"),)
    shown: int = 6

    def construct(self) -> None:
        self.the_road()
        self.bottleneck()
        self.linear_once_per_word()
        self.a_pair_adds_two()
        self.plot()
        self.this_sentence()
        self.in_time()

    def the_road(self) -> None:
        self.beat("4.1")
        self.open_chapter(Line("Chapter 4: making self-attention cheap."))

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

    def linear_once_per_word(self) -> None:
        """The network becomes the linear map, then each word's two parts, A x and B x, as
        strips beside the word."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        formula = flat_text("A xᵢ + B xⱼ", theme.sizes.title, theme.transformer)
        frame = SurroundingRectangle(
            formula, color=theme.transformer, buff=theme.gaps.medium, corner_radius=0.12
        )
        caption = flat_text("a linear map of the pair", theme.sizes.small, theme.transformer)
        caption.next_to(frame, DOWN, buff=theme.gaps.tight)
        self.formula = VGroup(frame, formula, caption).move_to(self.network)
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
            "The fix: make it linear. A pair's vector splits into A times one word plus B times "
            "the other, and each part is computed once per word, not once per pair.",
            spoken="The fix: make it linear. A pair's vector splits into eh times one word plus "
            "B times the other, and each part is computed once per word, not once per pair.",
        )
        with self.voiceover(line) as clip:
            self.play_during(
                clip, ReplacementTransform(self.network, self.formula), end=clip.at("A pair")
            )
            self.play(
                FadeOut(self.pairs),
                self.formula.animate.scale(0.6).to_corner(UR, buff=theme.gaps.large),
                run_time=0.6,
            )
            self.play(
                LaggedStart(
                    *(
                        FadeIn(VGroup(a, b), shift=RIGHT * 0.2)
                        for a, b in zip(self.a_parts, self.b_parts, strict=True)
                    ),
                    lag_ratio=0.3,
                ),
                FadeIn(labels),
                run_time=reveal_time(clip, self.time - clip.start),
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
        line = Line("A pair just adds two of them.")
        with self.voiceover(line) as clip:
            self.play(
                a_copy.animate.move_to(target[0]),
                b_copy.animate.move_to(target[2]),
                FadeIn(plus),
                FadeIn(pair_caption),
                FadeIn(cost_caption),
                run_time=reveal_time(clip),
            )

    def plot(self) -> None:
        """The cost plot on stage, under how it is counted, its lines drawn: how each layer
        grows with the sentence."""
        theme = current_theme()
        self.cost_plot = cost_plot()
        self.cost_plot.next_to(self.current_heading, DOWN, buff=theme.gaps.large).set_x(0)
        self.convention = convention_note(theme.layout.safe_width)
        self.convention.next_to(self.cost_plot, DOWN, buff=theme.gaps.medium)
        line = Line(
            "Counted as drawn: pairs of pairs grow as n⁴, pairwise self-attention as n²; the "
            "transformer layer scores every pair too, but so cheaply that here it grows nearly "
            "as n.",
            spoken="Counted as drawn: pairs of pairs grow as n to the fourth, pairwise "
            "self-attention as n squared; the transformer layer scores every pair too, but so "
            "cheaply that here it grows nearly as n.",
        )
        with self.voiceover(line) as clip:
            self.clear_stage(run_time=0.5)
            self.heading("What one layer costs")
            self.play(self.cost_plot.animate_axes(), FadeIn(self.convention), run_time=1.0)
            self.play_during(
                clip,
                self.cost_plot.animate_draw(),
                start=clip.at("pairs of"),
                end=1 - HOLD / clip.duration,
            )

    def this_sentence(self) -> None:
        """The sentence's length marked, and the two layers' counts at it said."""
        theme = current_theme()
        n = self.trace.n
        _, attention, transformer = compared_layers()
        ours, theirs = transformer.at(n), attention.at(n)
        factor = f"{ours / theirs:.1f}× as many" if ours > theirs else f"{theirs / ours:.1f}× fewer"
        mark = self.cost_plot.mark_x(
            n, f"this sentence: {counted(n, 'word')}, {factor}", theme.highlight
        )
        if ours > theirs:
            verdict = f"{ours / theirs:.1f} times as many multiply-adds as {attention.name}"
        else:
            verdict = f"{theirs / ours:.1f} times fewer multiply-adds than {attention.name}"
        line = Line(
            f"For these {n} words, the {transformer.name} takes {verdict}: on each pair, a "
            "score and a weighted sum instead of two networks."
        )
        with self.voiceover(line) as clip:
            self.play(Create(mark[0]), FadeIn(mark[1]), run_time=1.0)
            self.play_during(
                clip,
                Indicate(self.cost_plot.end_label(2), color=theme.highlight),
                start=clip.at("takes"),
                end=clip.at(attention.name),
            )
            self.play_during(
                clip,
                Indicate(self.cost_plot.end_label(1), color=theme.highlight),
                start=clip.at(attention.name),
                end=1 - HOLD / clip.duration,
            )

    def in_time(self) -> None:
        """The measured wall times, plotted in place of the counts; where the transformer
        layer wins, marked on the plot at the longest sentence, and where it loses, said
        (``model.timings``)."""
        theme = current_theme()
        timings = layer_timings()
        won = timings.at(max(timings.batches), MAX_WORDS)
        self.timing_plot = timing_plot(timings)
        plot, source = self.timing_plot
        plot.next_to(self.current_heading, DOWN, buff=theme.gaps.large).set_x(0)
        source.next_to(plot, DOWN, buff=theme.gaps.medium).set_x(0)
        mark = plot.mark_x(MAX_WORDS, speed(won), theme.highlight)
        line = Line(timing_text(timings))
        with self.voiceover(line) as clip:
            timed = clip.at("runs" if "runs" in line.written else "ran")
            self.play(FadeOut(self.cost_plot), FadeOut(self.convention), run_time=0.4)
            self.play(plot.animate_axes(), FadeIn(source), run_time=0.6)
            self.play_during(clip, plot.animate_draw(), end=timed)
            self.play_during(clip, Create(mark[0]), FadeIn(mark[1]), start=timed, end=timed + 0.1)
            # the measurements said, pointed at on the plot as they are said
            lengths = sorted(r.words for r in timings.rows if r.batch == won.batch)
            pulses = [(timed, [lengths.index(MAX_WORDS)])]
            if "slower on" in line.written:
                lost = [
                    r.words for r in timings.rows if r.batch == won.batch and not r.transformer_wins
                ]
                if lost:
                    pulses.append((clip.at("slower on"), [lengths.index(w) for w in lost]))
            for k, (start, columns) in enumerate(pulses):
                end = pulses[k + 1][0] if k + 1 < len(pulses) else 1 - HOLD / clip.duration
                indicated = [
                    Create(
                        SurroundingRectangle(
                            VGroup(plot.marker(0, c), plot.marker(1, c)),
                            color=theme.highlight,
                            buff=0.1,
                            corner_radius=0.05,
                        )
                    )
                    for c in columns
                ]
                start = max(start, timed + 0.1)
                self.play_during(
                    clip, LaggedStart(*indicated, lag_ratio=0.3), start=start,
                    end=min(end, start + 0.25),
                )  # fmt: skip
