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
    HOLD,
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
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class ContextMatters(DerivedScene):
    """3.4: importance depends on context. Arrows from "roaring" to its answer in the tree
    and lion sentences; what a plain sum would need (the same pair large in one, small in
    the other: an illustration); and, live, the attention model's vector for (fire, roaring)
    in each sentence: equal, because the network sees the same pair.

    ``other_sentence``: the second sentence, one word changed; ``pair_words``: the pair whose
    vector is compared; ``shown``: how many components of that vector are drawn."""

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
        theme = current_theme()
        self.beat("3.4")
        self.heading("Importance depends on context")
        a, b = self.trace, self.trace_of(self.other_sentence)
        self.rows = VGroup(TokenRow(a.tokens), TokenRow(b.tokens))
        self.rows.arrange(DOWN, buff=theme.gaps.wide).move_to(UP * 1.35)
        line = Line("...except that which pair is important depends on the context.")
        with self.voiceover(line) as clip:
            self.play(FadeIn(self.rows), run_time=min(1.5, clip.duration))

    def arrow(self, row: TokenRow, start: int, end: int, rise: float = 0.5) -> CurvedArrow:
        """An arrow arching ``rise`` above the row from word ``start`` to word ``end``."""
        theme = current_theme()
        a = row.word_label(start).get_top() + UP * theme.gaps.hair
        b = row.word_label(end).get_top() + UP * theme.gaps.hair
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
        note.next_to(need, DOWN, buff=theme.gaps.tight)
        self.need = VGroup(need, note).move_to(DOWN * 1.7)
        line = Line(
            f"A plain sum would need {pair_name(first, second)} large in the first sentence, "
            "and near zero in the second."
        )
        with self.voiceover(line) as clip:
            self.play(need.animate_grow(), FadeIn(note), run_time=clip.duration)

    def same_pair_same_vector(self) -> None:
        """(fire, roaring) underlined in both sentences, its pair vector under each: the same
        numbers."""
        theme = current_theme()
        a, b = self.trace, self.trace_of(self.other_sentence)
        first, second = self.pair_words
        pairs = [t.pair_vectors[t.tokens.index(first), t.tokens.index(second)] for t in (a, b)]
        equal = bool(np.array_equal(pairs[0], pairs[1]))
        scale = pair_vector_scale(self)
        self.vectors, titles = self.pair_vectors_titled(pairs, scale)
        sign = flat_text("=" if equal else "≠", theme.sizes.title).move_to(self.vectors)
        # the pair's two words underlined in both sentences: the vectors below are theirs
        self.pair_marks = VGroup(
            *(
                Underline(
                    row.word_label(row_tokens.index(word)),
                    buff=theme.gaps.hair,
                    color=theme.text,
                    stroke_width=2,
                )
                for row, row_tokens in zip(self.rows, (a.tokens, b.tokens), strict=True)
                for word in (first, second)
            )
        )
        self.key = ColorKey(scale, title="pair vector component", width=2.0)
        to_safe_edge(self.key, RIGHT, theme.gaps.tight).align_to(self.vectors, DOWN)
        line = Line(
            "But the network sees only the pair's two words and where they stand: the same in both."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.need), run_time=0.5)
            self.play(
                Create(self.pair_marks),
                FadeIn(self.vectors),
                FadeIn(titles),
                FadeIn(self.key),
                run_time=clip.duration - 0.5,
            )
        same = "the very same" if equal else "almost the same"
        closing = Line(
            f"So {pair_name(first, second)} gets {same} {len(pairs[0])} numbers in both: "
            "never large in one and small in the other."
        )
        with self.voiceover(closing) as clip:
            self.play(FadeIn(sign, scale=1.3), run_time=min(1.0, clip.duration))
        self.wait(HOLD)

    def pair_vectors_titled(self, pairs: list[np.ndarray], scale: float) -> tuple[VGroup, VGroup]:
        """The pair's vector in each sentence, numbers drawn, each under its title; as far
        apart as their titles need and a wide gap more, for the sign between them."""
        theme = current_theme()
        first, second = self.pair_words
        vectors = VGroup(
            *(
                VectorColumn(
                    v,
                    shown=tuple(range(self.shown)),
                    show_numbers=True,
                    cell_size=theme.sizes.cell,
                    value_scale=scale,
                )
                for v in pairs
            )
        )
        titles = VGroup(
            *(
                flat_text(
                    f"{pair_name(first, second)}, {name} sentence", theme.sizes.small, theme.muted
                )
                for name in ("tree", "lion")
            )
        )
        apart = max(t.width for t in titles) + theme.gaps.wide - vectors[0].width
        vectors.arrange(RIGHT, buff=apart).move_to(DOWN * 1.75)
        for title, vector in zip(titles, vectors, strict=True):
            title.next_to(vector, UP, buff=theme.gaps.tight)
        return vectors, titles
