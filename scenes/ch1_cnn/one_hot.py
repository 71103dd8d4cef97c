"""1.2: Words are not numbers: one-hot (scene ``one-hot``).

``manim -ql scenes/ch1_cnn/one_hot.py OneHotWords``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model import VOCABULARY
from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    OneHotStrip,
    TokenRow,
    illustration_note,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


def alphabetical_entries(index: int, rows: int) -> list[tuple[int, str]]:
    """``rows`` consecutive entries of the vocabulary (index, word) around ``index``."""
    start = min(max(index - rows // 2, 0), max(len(VOCABULARY) - rows, 0))
    return [(k, VOCABULARY.words[k]) for k in range(start, min(start + rows, len(VOCABULARY)))]


class OneHotWords(DerivedScene):
    """1.2: the vocabulary and one-hot vectors, live: the models' real vocabulary, the
    sentence's real indices, and its one-hot vectors drawn whole (each 1 at its real height
    in the vocabulary, with its index). The size of an English word list is labelled as a
    rough illustration."""

    short_name = "one-hot"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.2", "Words are not numbers: one-hot"),)
    english_words: int = 50_000
    """A rough size of an English word list (an illustration, not a model's)."""
    strip_width: float = 0.2
    """The width of a one-hot vector's strip when the sentence leaves room for it (narrow,
    so that each index written beside its 1 stays clear of the next strip)."""
    list_rows: int = 7
    """How many entries of the alphabetical list are shown around the last word."""

    def construct(self) -> None:
        self.words_are_not_numbers()
        self.indices()
        self.one_hot_vectors()

    def words_are_not_numbers(self) -> None:
        theme = current_theme()
        self.beat("1.2")
        self.heading("Words are not numbers")
        self.sentence_row = TokenRow(self.trace.tokens, size=theme.sizes.heading)
        self.sentence_row.next_to(self.current_heading, DOWN, buff=theme.gaps.large)
        network = self.numbers_only()
        with self.voiceover(
            Line("A network computes with numbers, and words are not numbers.")
        ) as clip:
            self.play_during(clip, FadeIn(self.sentence_row, shift=DOWN * 0.1), end=0.3)
            self.play_during(clip, FadeIn(network[:3]), start=0.3, end=0.55)
            self.play_during(clip, GrowArrow(network[3]), FadeIn(network[4]), start=0.65, end=0.9)
        english = flat_text(f"English: about {self.english_words:,} words", theme.sizes.title)
        english.move_to(DOWN * 0.6)
        note = illustration_note(
            "a rough size of an English word list, not a model's", theme.sizes.small
        )
        note.next_to(english, DOWN, buff=theme.gaps.small)
        with self.voiceover(
            Line(
                "So we list every word we allow, and number the list. For English, it would "
                f"hold about {self.english_words:,} words."
            )
        ) as clip:
            self.play_during(clip, FadeOut(network), end=0.2)
            self.play_during(
                clip, FadeIn(english, shift=UP * 0.1), FadeIn(note), start=0.3, end=0.5
            )
        self.english = VGroup(english, note)

    def numbers_only(self) -> VGroup:
        """A network that takes numbers in and gives numbers out, and an arrow from the
        sentence to it, asking how words get in."""
        theme = current_theme()
        glyph = NetworkGlyph(color=theme.muted, width=2.0, height=1.6).move_to(DOWN * 1.2)
        inputs = flat_text("numbers in", theme.sizes.label, theme.muted)
        inputs.next_to(glyph, LEFT, buff=theme.gaps.medium)
        outputs = flat_text("numbers out", theme.sizes.label, theme.muted)
        outputs.next_to(glyph, RIGHT, buff=theme.gaps.medium)
        arrow = Arrow(
            self.sentence_row.get_bottom() + DOWN * theme.gaps.medium,
            glyph.get_top() + UP * theme.gaps.tight,
            color=theme.highlight,
            buff=0,
        )
        asked = flat_text("?", theme.sizes.title, theme.highlight, bold=True)
        asked.next_to(arrow, RIGHT, buff=theme.gaps.small)
        return VGroup(glyph, inputs, outputs, arrow, asked)

    def indices(self) -> None:
        theme = current_theme()
        t = self.trace
        self.numbers = self.index_numbers()
        excerpt = self.alphabetical_excerpt(int(t.ids[-1]))
        with self.voiceover(
            Line(
                f"Our models know {len(VOCABULARY)} words. Each gets an index, its place in "
                f"the sorted list: “{t.tokens[-1]}” is number {int(t.ids[-1])}."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.english), FadeIn(excerpt, shift=UP * 0.1), end=0.2)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(n, shift=DOWN * 0.15) for n in self.numbers), lag_ratio=0.1),
                start=0.25,
                end=0.6,
            )
            self.play_during(clip, Indicate(self.numbers[-1], color=theme.highlight), start=0.8)
        self.excerpt = excerpt

    def index_numbers(self) -> VGroup:
        """Each word's index, under the word, all on one line (descenders or not)."""
        theme = current_theme()
        below = self.sentence_row.get_bottom()[1] - theme.gaps.small
        numbers = VGroup()
        for k, word_id in enumerate(self.trace.ids):
            number = flat_text(str(int(word_id)), theme.sizes.label, theme.highlight)
            number.move_to([self.sentence_row.word_label(k).get_x(), below, 0], aligned_edge=UP)
            numbers.add(number)
        return numbers

    def alphabetical_excerpt(self, index: int) -> VGroup:
        """A few entries of the sorted vocabulary around ``index``, that entry highlighted,
        with dots above and below (the list goes on)."""
        theme = current_theme()
        entries = VGroup()
        for row, (k, word) in enumerate(alphabetical_entries(index, self.list_rows)):
            color = theme.highlight if k == index else theme.text
            number = flat_text(str(k), theme.sizes.label, theme.muted if k != index else color)
            text = flat_text(word, theme.sizes.label, color)
            y = -row * 0.42
            number.move_to([-0.15, y, 0], aligned_edge=RIGHT)
            text.move_to([0.15, y, 0], aligned_edge=LEFT)
            entries.add(VGroup(number, text))
        dots = [flat_text("⋮", theme.sizes.label, theme.muted) for _ in range(2)]
        dots[0].next_to(entries, UP, buff=theme.gaps.hair)
        dots[1].next_to(entries, DOWN, buff=theme.gaps.hair)
        title = flat_text(f"the {len(VOCABULARY)} words, sorted", theme.sizes.small, theme.muted)
        group = VGroup(title, dots[0], entries, dots[1]).arrange(DOWN, buff=theme.gaps.tight)
        return group.next_to(self.sentence_row, DOWN, buff=theme.gaps.wide)

    def one_hot_vectors(self) -> None:
        theme = current_theme()
        key = ColorKey(
            1.0,
            title="entry of a one-hot vector",
            key_range="one-sided",
            note_size=theme.sizes.small,
        )
        key.to_corner(DR, buff=theme.layout.margin + theme.gaps.tight)
        vectors = self.word_vectors(above=key.get_top()[1] + theme.gaps.small)
        ends = self.strip_ends(vectors[0])
        note = flat_text(
            f"each strip: all {len(VOCABULARY)} entries, index 0 at the top",
            theme.sizes.small,
            theme.muted,
        ).to_corner(DL, buff=theme.layout.margin + theme.gaps.tight)
        with self.voiceover(
            Line(
                f"The index becomes a vector of {len(VOCABULARY)} numbers: all zeros, except a "
                "single one at that index. It is called a one-hot vector."
            )
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(v.frame, shift=DOWN * 0.2) for v in vectors), lag_ratio=0.08),
                FadeOut(self.excerpt),
                FadeIn(ends),
                FadeIn(note),
                FadeIn(key),
                end=0.3,
            )
            self.play_during(clip, *self.indices_into(vectors), start=0.35, end=0.75)
        with self.voiceover(
            Line("From here on, a word going into a network means its one-hot vector.")
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(
                    *(Indicate(v.lit_cell, color=theme.positive) for v in vectors), lag_ratio=0.1
                ),
                start=0.1,
                end=0.8,
            )
        settle(self, *vectors)  # the parts animated one by one, regrouped into each vector
        self.key, self.vectors = key, vectors
        self.wait(1.0)  # a hold on the one-hot vectors before the next scene

    def word_vectors(self, above: float) -> VGroup:
        """Each word's one-hot vector, a strip under its index, from below the indices down
        to the height ``above`` (clear of the key)."""
        theme = current_theme()
        row = self.sentence_row
        pitch = theme.layout.safe_width / self.trace.n
        top = self.numbers.get_bottom()[1] - theme.gaps.large
        bottom = above
        vectors = VGroup()
        for k, word_id in enumerate(self.trace.ids):
            vector = OneHotStrip(
                int(word_id),
                len(VOCABULARY),
                height=top - bottom,
                width=min(self.strip_width, pitch * 0.3),
                label_size=theme.sizes.small,
            )
            vector.shift([row.word_label(k).get_x() - vector.frame.get_x(), top, 0])
            vector.shift(UP * (top - vector.frame.get_top()[1]))
            vectors.add(vector)
        return vectors

    def strip_ends(self, strip: OneHotStrip) -> VGroup:
        """The first and last index of the vocabulary, left of the first strip's ends."""
        theme = current_theme()
        first = flat_text("0", theme.sizes.small, theme.muted)
        last = flat_text(str(len(VOCABULARY) - 1), theme.sizes.small, theme.muted)
        first.next_to(strip.frame.get_corner(UL), LEFT, buff=theme.gaps.tight)
        last.next_to(strip.frame.get_corner(DL), LEFT, buff=theme.gaps.tight)
        return VGroup(first, last)

    def indices_into(self, vectors: VGroup) -> list[Animation]:
        """Each word's index moves beside its vector's 1, which lights up."""
        return [
            *(
                ReplacementTransform(number, v.index_label)
                for number, v in zip(self.numbers, vectors, strict=True)
            ),
            *(FadeIn(v.index_patch) for v in vectors),
            *(FadeIn(v.lit_cell, scale=1.5) for v in vectors),
        ]
