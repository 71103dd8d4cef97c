"""3.4: Importance depends on context (scene ``context``).

``manim -ql scenes/ch3_attention/context.py ContextMatters``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import (
    CHAPTER,
    LION,
    TREE,
    pair_name,
    pair_vector_scale,
)
from derived_transformer.scenes.components import (
    ColorKey,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class ContextMatters(DerivedScene):
    """3.4: importance depends on context. Arrows from "roaring" to its answer in the tree
    and lion sentences; what a plain sum would need (the same pair large in one, small in
    the other: an illustration); and, live, the attention model's vector for (fire, roaring)
    in each sentence: equal, because the network sees the same pair."""

    short_name = "context"
    chapter = CHAPTER
    sentence = TREE
    other_sentence: str = LION
    fixed_example = "the tree and lion sentences"
    beats = (Beat("3.4", "Importance depends on context"),)
    pair_words: tuple[str, str] = ("fire", "roaring")
    shown: int = 8

    def construct(self) -> None:
        self.two_sentences()
        self.the_answers()
        self.what_a_sum_would_need()
        self.same_pair_same_vector()

    def two_sentences(self) -> None:
        self.beat("3.4")
        self.heading("Importance depends on context")
        a, b = self.trace, self.trace_of(self.other_sentence)
        self.rows = VGroup(TokenRow(a.tokens), TokenRow(b.tokens))
        self.rows.arrange(DOWN, buff=1.05).move_to(UP * 1.35)
        line = Line("...except that which pair is important depends on the context.")
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.rows), run_time=min(1.5, clip.duration))

    def arrow(self, row: TokenRow, start: int, end: int, rise: float = 0.5) -> CurvedArrow:
        """An arrow arching ``rise`` above the row from word ``start`` to word ``end``."""
        theme = current_theme()
        a = row.word_label(start).get_top() + UP * 0.08
        b = row.word_label(end).get_top() + UP * 0.08
        chord = float(np.linalg.norm(b - a))
        return CurvedArrow(
            a,
            b,
            angle=4 * np.arctan(2 * rise / chord),
            color=theme.highlight,
            stroke_width=3,
            tip_length=0.18,
        )

    def the_answers(self) -> None:
        theme = current_theme()
        texts = {
            TREE: "In the first sentence, a tree cannot roar: what is roaring is the fire.",
            LION: "Change one word, and in the second, what is roaring is the lion.",
        }
        self.arrows = VGroup()
        for row, t in zip(self.rows, (self.trace, self.trace_of(self.other_sentence)), strict=True):
            answer = t.tokens.index(t.expected)
            arrow = self.arrow(row, t.n - 1, answer)
            self.arrows.add(arrow)
            line = Line(texts.get(t.sentence, f"In “{t.sentence}”, the answer is “{t.expected}”."))
            with self.voiceover(line) as clip:
                self.play(
                    Create(arrow),
                    row.animate_highlight([answer, t.n - 1], theme.highlight),
                    run_time=min(1.5, clip.duration),
                )

    def what_a_sum_would_need(self) -> None:
        theme = current_theme()
        first, second = self.pair_words
        need = ProbabilityBars(
            ["tree sentence", "lion sentence"],
            [0.9, 0.04],
            value_texts=["large", "near 0"],
            colors=[theme.highlight, theme.highlight],
            bar_width=2.4,
            title=f"size {pair_name(first, second)} would need",
        )
        note = flat_text(
            "what a plain sum would need: an illustration", theme.sizes.tiny, theme.muted
        )
        note.next_to(need, DOWN, buff=0.2)
        self.need = VGroup(need, note).move_to(DOWN * 1.7)
        line = Line(
            f"For a plain sum to keep the answer, the pair {pair_name(first, second)} would "
            "have to be large in the first sentence, and close to zero in the second."
        )
        with self.voiceover(line) as clip:
            self.play(need.animate_grow(), FadeIn(note), run_time=clip.duration)

    def same_pair_same_vector(self) -> None:
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        first, second = self.pair_words
        pairs = [t.pair_vectors[t.tokens.index(first), t.tokens.index(second)] for t in (a, b)]
        self.equal = bool(np.array_equal(pairs[0], pairs[1]))
        scale = pair_vector_scale(self)
        vectors = VGroup(
            *(
                VectorColumn(
                    v,
                    shown=tuple(range(self.shown)),
                    show_numbers=True,
                    cell_size=0.3,
                    value_scale=scale,
                )
                for v in pairs
            )
        )
        vectors.arrange(RIGHT, buff=3.0).move_to(DOWN * 1.75)
        sign = flat_text("=" if self.equal else "≠", theme.sizes.title).move_to(vectors)
        titles = VGroup(
            *(
                flat_text(
                    f"{pair_name(first, second)}, {name} sentence", theme.sizes.small, theme.muted
                ).next_to(v, UP, buff=0.15)
                for v, name in zip(vectors, ("tree", "lion"), strict=True)
            )
        )
        # the pair's two words underlined in both sentences: the vectors below are theirs
        self.pair_marks = VGroup(
            *(
                Underline(
                    row.word_label(row_tokens.index(word)),
                    buff=0.07,
                    color=theme.text,
                    stroke_width=2,
                )
                for row, row_tokens in zip(self.rows, (a.tokens, b.tokens), strict=True)
                for word in (first, second)
            )
        )
        self.key = ColorKey(scale, title="pair vector component", width=2.0)
        self.key.to_edge(RIGHT, buff=0.5).align_to(vectors, DOWN)
        self.vectors = vectors
        d = len(pairs[0])
        line = Line(
            "But the network that makes pair vectors sees only the two words of the pair, and "
            "where they stand: the same in both sentences."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.need), run_time=0.5)
            self.play(
                Create(self.pair_marks),
                FadeIn(vectors),
                FadeIn(titles),
                FadeIn(self.key),
                run_time=clip.duration - 0.5,
            )
        same = "the very same" if self.equal else "almost the same"
        closing = Line(
            f"So {pair_name(first, second)} gets {same} {d} numbers in both. No network can "
            "make it large in one sentence and small in the other."
        )
        with self.voiceover(closing) as clip:
            self.play(FadeIn(sign, scale=1.3), run_time=min(1.0, clip.duration))
