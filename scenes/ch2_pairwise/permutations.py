"""2.3: Every permutation (scene ``permutations``).

``manim -ql scenes/ch2_pairwise/permutations.py PermutationView``
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER, related_pair
from derived_transformer.scenes.components import (
    TokenRow,
)
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


class PermutationView(DerivedScene):
    """2.3: a pairwise layer is an ordinary convolution, two words wide, run on every
    ordering of the words and averaged, plus each word paired with itself. The orderings
    and their count are computed from the sentence (n! of them)."""

    short_name = "permutations"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.3", "Every permutation"),)
    shown_orderings: int = 5

    def construct(self) -> None:
        self.orderings()
        self.related_words_meet()
        self.every_pair_meets()
        self.each_word_with_itself()

    def orderings(self) -> None:
        theme = current_theme()
        self.beat("2.3")
        self.heading("Every ordering of the words")
        t = self.trace
        self.pair = related_pair(t)
        self.i, self.j = self.pair.i, self.pair.j
        chosen = self.pick_orderings(t.n)
        rows = VGroup()
        for order in chosen:
            row = TokenRow(
                [t.tokens[k] for k in order], size=theme.sizes.body, buff=theme.gaps.small
            )
            row.order = order
            rows.add(row)
        rows.arrange(DOWN, buff=theme.gaps.large).next_to(
            self.current_heading, DOWN, buff=theme.gaps.large
        )
        orderings = math.factorial(t.n)
        count = flat_text(
            f"{counted(t.n, 'word')}: {counted(orderings, 'ordering')}",
            theme.sizes.label,
            theme.pairwise,
        ).to_edge(DOWN, buff=theme.layout.margin + theme.gaps.tight)
        with self.voiceover(
            Line(
                "Another way to see a pairwise layer: run an ordinary convolution, two words "
                "wide, on every ordering of the words, and average."
            )
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(r, shift=DOWN * 0.1) for r in rows), lag_ratio=0.25),
                start=0.3,
                end=0.85,
            )
            self.play_during(clip, FadeIn(count), start=0.87)
        self.rows, self.count = rows, count

    def pick_orderings(self, n: int) -> list[tuple[int, ...]]:
        """The sentence's own order, a few reorderings in which the two related words are
        apart (as many as exist, up to ``shown_orderings - 2``), and one where they are
        neighbours; deterministic, and finite for any length."""
        own = tuple(range(n))
        rest = [k for k in range(n) if k not in (self.i, self.j)]
        together = (*rest[: len(rest) // 2], self.i, self.j, *rest[len(rest) // 2 :])
        rng = np.random.default_rng(0)
        if n <= 6:  # few enough to list them all, in a fixed shuffled order
            every = list(itertools.permutations(range(n)))
            candidates = [every[k] for k in rng.permutation(len(every))]
        else:
            candidates = [tuple(int(k) for k in rng.permutation(n)) for _ in range(200)]
        chosen = [own]
        for order in candidates:
            if len(chosen) >= self.shown_orderings - 1:
                break
            apart = abs(order.index(self.i) - order.index(self.j)) > 1
            if apart and order not in chosen and order != together:
                chosen.append(order)
        if together not in chosen:
            chosen.append(together)
        return chosen

    def related_words_meet(self) -> None:
        theme = current_theme()
        t = self.trace
        last = next(r for r in self.rows if abs(r.order.index(self.i) - r.order.index(self.j)) == 1)
        a, b = last.order.index(self.i), last.order.index(self.j)
        frame = SurroundingRectangle(
            VGroup(last.word_label(a), last.word_label(b)),
            color=theme.highlight,
            buff=theme.gaps.hair,
        )
        with self.voiceover(
            Line(
                f"Somewhere there is an order in which {self.pair.described(t.tokens)} sit "
                "side by side, and one window sees them together."
            )
        ) as clip:
            self.play_during(
                clip,
                *(
                    row.animate_highlight(
                        [row.order.index(self.i), row.order.index(self.j)], theme.highlight
                    )
                    for row in self.rows
                ),
                start=0.3,
                end=0.6,
            )
            self.play_during(clip, Create(frame), start=0.65, end=0.9)

    def every_pair_meets(self) -> None:
        theme = current_theme()
        row = self.rows[0]
        windows = [
            SurroundingRectangle(
                VGroup(row.word_label(k), row.word_label(k + 1)),
                color=theme.pairwise,
                buff=theme.gaps.hair,
            )
            for k in range(len(row.word_labels) - 1)
        ]
        window = windows[0].copy()
        with self.voiceover(
            Line(
                "Averaged over every ordering, each pair of different words meets in a window "
                "equally often."
            )
        ) as clip:
            self.play_during(clip, Create(window), start=0.1, end=0.25)
            if len(windows) > 1:  # two words have one window only
                self.play_during(
                    clip,
                    Succession(*(Transform(window, w) for w in windows[1:])),
                    start=0.27,
                    end=0.95,
                )
        self.window = window

    def each_word_with_itself(self) -> None:
        theme = current_theme()
        t = self.trace
        word = t.tokens[self.j]
        twice = TokenRow([word, word], size=theme.sizes.body, buff=theme.gaps.small)
        frame = SurroundingRectangle(twice, color=theme.pairwise, buff=theme.gaps.hair)
        caption = flat_text(f"the diagonal pair ({word}, {word})", theme.sizes.label, theme.muted)
        group = VGroup(VGroup(twice, frame), caption).arrange(RIGHT, buff=theme.gaps.medium)
        group.next_to(self.count, UP, buff=theme.gaps.medium)
        with self.voiceover(
            Line(
                "A pairwise layer also pairs each word with itself, which no ordering puts "
                "side by side: as if each word were written twice."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.window), end=0.15)
            self.play_during(clip, FadeIn(twice), start=0.55, end=0.75)
            self.play_during(clip, Create(frame), FadeIn(caption), start=0.77, end=0.95)
        n = t.n
        pairs = flat_text(
            f"the pairwise layer: {n} × {n} = {n * n} pairs", theme.sizes.label, theme.pairwise
        ).next_to(self.count, DOWN, buff=theme.gaps.tight)
        with self.voiceover(
            Line(
                f"Instead of {math.factorial(n):,} orderings, the pairwise layer gets there with "
                f"just {n * n} pairs."
            )
        ) as clip:
            self.play_during(
                clip,
                self.count.animate.shift(UP * 0.25),
                group.animate.shift(UP * 0.25),
                start=0.1,
                end=0.3,
            )
            self.play_during(
                clip, FadeIn(pairs.shift(UP * 0.25), shift=UP * 0.1), start=0.35, end=0.6
            )
