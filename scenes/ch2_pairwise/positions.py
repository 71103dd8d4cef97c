"""2.5: Fix: attach positions (scene ``positions``).

``manim -ql scenes/ch2_pairwise/positions.py PositionsAttached``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import Trace
from derived_transformer.model.evidence import changed_pairs
from derived_transformer.model.metrics import measurements
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat
from derived_transformer.scenes.ch2_pairwise.order_lost import OrderIsLost
from derived_transformer.scenes.ch2_pairwise.shared import both_verdicts
from derived_transformer.scenes.components import (
    ColorKey,
    OneHotStrip,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    illustration_note,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import counted, flat_text, wrapped
from derived_transformer.scenes.theme import current_theme


class PositionsAttached(OrderIsLost):
    """2.5: a one-hot position attached to each word (counted back from the last word, as
    the model reads it); the same two phrases now give different pair vectors and
    averages, live: the model with positions, its real outputs and answers; the measured
    share of order-only pairs it gets both right, against the attention models'."""

    short_name = "positions"
    in_gallery = True
    model_name = "pairwise_positions"
    beats = (Beat("2.5", "Fix: attach positions"),)
    shown_word: str = "cat"
    """The word whose input vector is drawn in both phrases."""
    model_tag: str = "the one-layer pairwise model, with positions"
    other_reading: str = "“fat” is the noun: the fat of a cat"
    """Why a person answers the last word of ``other_sentence``: said and shown whenever
    that phrase is judged against the labeller's answer, whatever the model answers."""
    compared: tuple[tuple[str, str], ...] = (
        ("pairwise_positions", "this model"),
        ("attention", "self-attention (chapter 3)"),
        ("transformer", "transformer (chapter 4)"),
    )
    """The models whose measured share is shown, and their names on the chart."""
    reading_width: float = 2.6
    """The widest a line of the reading may be (it stands in a corner, beside the key)."""
    phrase_family: str = "phrase"
    """The evidence's family of phrase pairs ("the fat X" / "the X fat") said first."""
    measured_bar_width: float = 4.5
    measured_bar_height: float = 0.5
    measured_drop: float = 0.2
    """How far below the frame's middle the measured chart stands."""

    def construct(self) -> None:
        self.input_vectors()
        self.both_phrases()
        self.show_differences()
        self.measured()

    def input_vector(self, t: Trace, x: float) -> VGroup:
        theme = current_theme()
        k = t.tokens.index(self.shown_word)
        word_id = int(np.argmax(t.one_hot[k]))
        positions = VectorColumn(
            t.positions[k],
            max_cells=6,
            cell_size=0.4,
            show_indices=True,
            value_scale=1.0,
            index_size=theme.sizes.small,
        )
        # the word's one-hot vector drawn whole, as chapter 1 draws it, beside its position
        word = OneHotStrip(word_id, t.one_hot.shape[1], height=positions.cells.height, width=0.4)
        parts = VGroup(word, positions).arrange(RIGHT, buff=theme.gaps.wide, aligned_edge=UP)
        word_title = flat_text(f"word {word_id}", theme.sizes.small, theme.muted)
        word_title.next_to(word, UP, buff=theme.gaps.tight)
        position_title = flat_text(
            f"position {int(t.position_index[k])}", theme.sizes.small, theme.highlight
        ).next_to(positions, UP, buff=theme.gaps.tight)
        joined = SurroundingRectangle(
            VGroup(parts, word_title, position_title), color=theme.outline, buff=theme.gaps.tight
        )
        joined_title = flat_text(
            f"one input: {t.one_hot.shape[1]} word entries, then "
            f"{t.positions.shape[1]} position entries",
            theme.sizes.small,
            theme.muted,
        ).next_to(joined, DOWN, buff=theme.gaps.tight)
        phrase = TokenRow(t.tokens, size=theme.sizes.heading)
        phrase.word_label(k).set_color(theme.highlight)
        group = VGroup(phrase, VGroup(parts, word_title, position_title, joined, joined_title))
        group.arrange(DOWN, buff=theme.gaps.medium).move_to([x, -0.1, 0])
        group.position_title = position_title
        group.positions = positions
        return group

    def input_vectors(self) -> None:
        theme = current_theme()
        self.beat("2.5")
        self.heading("Fix: attach positions")
        a, b = self.trace, self.trace_of(self.other_sentence)
        left, right = self.input_vector(a, -3.4), self.input_vector(b, 3.4)
        left_place = left.get_center().copy()
        left.set_x(0)
        key = ColorKey(
            1.0,
            title="entry of a one-hot vector",
            key_range="one-sided",
            note_size=theme.sizes.small,
        )
        key.to_corner(DR, buff=theme.layout.margin + theme.gaps.tight)
        cutoff = a.positions.shape[1]
        note = illustration_note(
            f"real models count tens of thousands of positions; ours, {cutoff}", theme.sizes.small
        ).to_corner(DL, buff=theme.layout.margin)  # clear of the key in the other corner
        with self.voiceover(
            Line(
                "The fix: attach to each word a second one-hot vector, for its position; real "
                f"models count tens of thousands, ours {cutoff}."
            )
        ) as clip:
            self.play_during(clip, FadeIn(left), FadeIn(key), end=0.25)
            self.play_during(clip, FadeIn(note), start=0.55, end=0.7)
        with self.voiceover(
            Line(
                "Positions count back from the last word: "
                f"“{self.shown_word}” is at position "
                f"{int(a.position_index[a.tokens.index(self.shown_word)])} in one phrase, "
                f"{int(b.position_index[b.tokens.index(self.shown_word)])} in the other."
            )
        ) as clip:
            self.play_during(clip, left.animate.move_to(left_place), end=0.15)
            self.play_during(clip, FadeIn(right), start=0.17, end=0.35)
            self.play_during(
                clip,
                Indicate(left.position_title, color=theme.highlight),
                Indicate(right.position_title, color=theme.highlight),
                start=0.78,
            )
        self.inputs = VGroup(left, right, key, note)

    def both_phrases(self) -> None:
        self.build_panels()
        with self.voiceover(Line("Now the two phrases give different pair vectors.")) as clip:
            self.play_during(clip, FadeOut(self.inputs), end=0.2)
            self.play_during(
                clip,
                FadeIn(self.left.words),
                FadeIn(self.right.words),
                FadeIn(self.left.grid),
                FadeIn(self.right.grid),
                FadeIn(self.grid_key),
                FadeIn(self.model_note),
                start=0.25,
                end=0.7,
            )

    def mean_shown(self, a: Trace, b: Trace) -> tuple[int, ...] | None:
        """The components in which the two averages differ most, in index order."""
        difference = np.abs(a.mean - b.mean)
        return tuple(sorted(int(k) for k in np.argsort(-difference)[: self.mean_cells]))

    def show_differences(self) -> None:
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        difference = np.abs(a.mean - b.mean)
        largest = float(difference.max())
        spread = float(np.abs(np.concatenate([a.mean, b.mean])).max())
        note = VGroup(
            *(
                flat_text(line, theme.sizes.small, theme.muted)
                for line in (
                    f"averages: the {self.mean_cells} components",
                    f"differing most (by at most {largest:.2f})",
                )
            )
        ).arrange(DOWN, buff=theme.gaps.hair, aligned_edge=LEFT)
        note.to_corner(DL, buff=theme.layout.margin)  # beside the key, clear of it
        if largest < 0.25 * spread:
            said = f"Their averages differ now, but only a little: by at most {largest:.2f}."
        else:
            said = f"Their averages differ now, clearly: by up to {largest:.2f}."
        with self.voiceover(Line(said)) as clip:
            self.show_outputs(clip, 0.05)
        said = both_verdicts(a, b)
        # the reading is the labeller's, so it is given whatever the model answers
        labelled_last = b.expected is not None and b.expected == b.tokens[-1]
        if labelled_last and b.sentence == self.other_sentence and self.other_reading:
            said += f" In “{b.sentence}”, {self.other_reading}."
            reading = wrapped(
                f"({self.other_reading})", theme.sizes.small, theme.muted, self.reading_width
            )
            reading.to_corner(DR, buff=theme.layout.margin)  # beside the key, clear of it
            self.right.add(reading)
        else:
            reading = VGroup()
        if a.answer == b.answer:
            said += " Averaging all the pairs washes out most of what the positions say."
        self.difference_note, self.reading = note, reading
        with self.voiceover(Line(said)) as clip:
            self.play_during(
                clip,
                self.left.chart.animate_grow(),
                self.right.chart.animate_grow(),
                start=0.05,
                end=0.4,
            )
            self.play_during(
                clip,
                FadeIn(self.left.judged),
                FadeIn(self.right.judged),
                FadeIn(reading),
                FadeIn(note),
                start=0.45,
                end=0.7,
            )
        self.wait(0.6)

    def measured(self) -> None:
        """The measured share of order-only pairs each model gets both right, revealed a
        model at a time."""
        theme = current_theme()
        order = measurements().evidence.word_order
        sentences = [order.by_model[m].sentence_pairs for m, _ in self.compared]
        values = [s.accuracy for s in sentences]
        pairs = sentences[0].count
        chart = self.measured_chart(values)
        title = flat_text(
            f"both right, on {pairs:,} pairs of new sentences that differ only in word order",
            theme.sizes.label,
        ).next_to(chart, UP, buff=theme.gaps.large)
        example = order.sentence_examples[0]  # whole sentences, as the chart measures
        source = VGroup(
            flat_text(f"e.g. “{example[0]}”", theme.sizes.small, theme.muted),
            flat_text(f"and “{example[1]}”", theme.sizes.small, theme.muted),
        ).arrange(DOWN, buff=theme.gaps.hair)
        to_safe_edge(source, DOWN, theme.gaps.tight)
        frame, *bars = chart.animate_reveal([[k] for k in range(len(values))])
        mine, attention, transformer = values
        phrases = order.by_model[self.model_name].both_right_by_family[self.phrase_family]
        phrase_note = flat_text(
            f"phrases like these, never trained: both right for {phrases.right} of "
            f"{phrases.count} ({percent(phrases.accuracy, 0)})",
            theme.sizes.label,
            theme.model_color(self.model_name),
        ).next_to(title, UP, buff=theme.gaps.medium)
        with self.voiceover(
            Line(
                f"On {counted(phrases.count, 'pair')} of phrases like these that it never saw, "
                f"it gets both right for {phrases.right}. But on {pairs:,} pairs of whole "
                f"sentences that differ only in word order, only {percent(mine)}."
            )
        ) as clip:
            leaving = (self.left, self.right, self.grid_key, self.model_note)
            self.play_during(clip, *(FadeOut(m) for m in (*leaving, self.difference_note)), end=0.2)
            self.play_during(clip, FadeIn(phrase_note), start=0.2, end=0.35)
            whole = clip.at("But on")
            self.play_during(
                clip, FadeIn(title), FadeIn(source), frame, start=whole, end=whole + 0.1
            )
            self.play_during(clip, bars[0], start=whole + 0.15, end=0.95)
        self.wait(1.0)  # a hold on the failure before the models that do better
        self.why_sentences_fail(source)
        with self.voiceover(
            Line(
                f"Self-attention, next, weighs the pairs instead of averaging them: it gets "
                f"{percent(attention)}; the transformer, {percent(transformer)}."
            )
        ) as clip:
            for bar, (start, end) in zip(bars[1:], ((0.05, 0.4), (0.5, 0.85)), strict=True):
                self.play_during(clip, bar, start=start, end=end)
        settle(self, chart)
        self.wait(1.0)  # a hold on the measurement

    def why_sentences_fail(self, below: Mobject) -> None:
        """The measured reason: a swap changes every pair of a phrase but few of a long
        sentence's, and moves the average of the pair vectors far less there."""
        theme = current_theme()
        shift = measurements().evidence.word_order.by_model[self.model_name].average_shift
        phrase, sentence = shift["phrase"], shift["sentence"]
        parts = [
            (f"a {a.median_words}-word {kind}", a.median_words, percent(a.median_shift, 0))
            for kind, a in (("phrase", phrase), ("sentence", sentence))
        ]
        why = VGroup(
            *(
                flat_text(
                    f"{kind}: a swap changes {changed_pairs(n)} of {n * n} pairs; "
                    f"the average moves {moved} of its length",
                    theme.sizes.label,
                    theme.model_color(self.model_name),
                )
                for kind, n, moved in parts
            )
        ).arrange(DOWN, buff=theme.gaps.tight, aligned_edge=LEFT)
        why.next_to(below, UP, buff=theme.gaps.small)
        (_, _, moved3), (_, n, moved) = parts
        changed = f"a swap changes {changed_pairs(n)} of {n * n} pairs"
        if 2 * changed_pairs(n) < n * n:
            changed = "most pairs hold neither swapped word"
        with self.voiceover(
            Line(
                f"Why? A swap moves the average of a phrase's pairs by {moved3} of its length; "
                f"in these {n}-word sentences, {changed}: it moves {moved}."
            )
        ) as clip:
            self.play_during(clip, FadeIn(why[0]), start=0.05, end=0.3)
            self.play_during(clip, FadeIn(why[1]), start=clip.at("in these"), end=0.95)
        self.why = why

    def measured_chart(self, values: list[float]) -> ProbabilityBars:
        """Each compared model's share, in its own colour, a little below the middle."""
        theme = current_theme()
        chart = ProbabilityBars(
            [name for _, name in self.compared],
            values,
            bar_width=self.measured_bar_width,
            bar_height=self.measured_bar_height,
            colors=[theme.model_color(m) for m, _ in self.compared],
            value_texts=[percent(v) for v in values],
        )
        return chart.move_to(DOWN * self.measured_drop)
