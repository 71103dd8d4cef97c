"""2.3: Every permutation (scene ``permutations``).

``manim -ql scenes/ch2_pairwise/permutations.py PermutationView``
"""

from __future__ import annotations

import itertools

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER, related_pair
from derived_transformer.scenes.components import (
    TokenRow,
)
from derived_transformer.scenes.theme import current_theme


class PermutationView(DerivedScene):
    """2.3: a pairwise layer is an ordinary convolution, two words wide, run on every
    ordering of the words and averaged: in some ordering the related words sit side by side.
    The orderings are computed from the sentence."""

    short_name = "permutations"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.3", "Every permutation"),)
    shown_orderings: int = 5

    def construct(self) -> None:
        self.orderings()
        self.related_words_meet()

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
        rows.arrange(DOWN, buff=theme.gaps.wide)
        # in the middle of the room under the heading
        room_top = self.current_heading.get_bottom()[1]
        room_bottom = -config.frame_height / 2 + theme.layout.margin
        rows.move_to([0, (room_top + room_bottom) / 2, 0])
        with self.voiceover(
            Line(
                "Another way to see it: an ordinary convolution, two words wide, run on every "
                "ordering of the words, and averaged."
            )
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(r, shift=DOWN * 0.1) for r in rows), lag_ratio=0.25),
                end=0.5,
            )
            windows = self.sliding_window(rows[0])
            self.play_during(clip, Create(windows[0]), start=0.5, end=0.55)
            if len(windows) > 1:  # a two-word sentence has one place for the window
                self.play_during(
                    clip,
                    Succession(*(Transform(windows[0], w) for w in windows[1:])),
                    start=0.55,
                    end=0.95,
                )
        self.rows, self.window = rows, windows[0]

    def sliding_window(self, row: TokenRow) -> list[Mobject]:
        """A frame around each two neighbouring words of ``row``, left to right: the
        convolution's window at each of its places."""
        theme = current_theme()
        return [
            SurroundingRectangle(
                VGroup(row.word_label(k), row.word_label(k + 1)),
                color=theme.cnn,  # a convolution's window, as in chapter 1
                buff=theme.gaps.hair,
            )
            for k in range(len(row.word_labels) - 1)
        ]

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
                f"In some ordering, {self.pair.described(t.tokens)} sit side by side, and one "
                "window sees them together."
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
                FadeOut(self.window),
                start=0.05,
                end=0.35,
            )
            self.play_during(clip, Create(frame), start=0.4, end=0.7)
        self.wait(1.0)  # a hold on the two words, side by side
