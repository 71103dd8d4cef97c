"""2.1: A network on every pair (scene ``pairwise``).

``manim -ql scenes/ch2_pairwise/pairwise.py PairwiseLayer``
"""

from __future__ import annotations

from manim import *

from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER, related_pair
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    OneHotStrip,
    PairGrid,
    TokenRow,
    VectorColumn,
)
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class PairwiseLayer(DerivedScene):
    """2.1: one network applied to every pair of words, live: the position-free pairwise
    model's real pair vectors, one drawn in full (``shown_components``, with numbers) and
    every pair in the grid (``grid_components``), all on one colour scale with its key."""

    short_name = "pairwise"
    chapter = CHAPTER
    model_name = "pairwise"
    min_words = 2
    beats = (Beat("2.1", "A network on every pair"),)
    shown_components: int = 8
    grid_components: int = 1
    inputs_room: float = 1.8
    """The room left of the network for the pair's words and the arrows from them."""
    one_hot_height: float = 2.2
    """The height of the pair's one-hot vectors (the whole vocabulary)."""
    output_room: float = 1.6
    """The room right of the network for the arrow to the pair vector."""
    network_drop: float = 0.6
    """How far below the frame's middle the network stands."""
    cell_size: float = 0.34
    """The side of a cell of the pair's vector."""
    """Components of each pair vector drawn in the grid (the first ones; the grid's caption
    names them): one per pair keeps the cells large."""

    def construct(self) -> None:
        self.road()
        self.one_pair()
        self.the_whole_grid()
        self.where_a_pair_sits()
        self.distance_no_longer_matters()

    def road(self) -> None:
        self.beat("2.1")
        self.road_map = self.open_chapter(
            Line(
                "The second stop: a pairwise layer, one network applied to every pair of words, "
                "near or far."
            )
        )

    def one_pair(self) -> None:
        """The sentence and one network; a related pair of words goes through it."""
        theme = current_theme()
        t = self.trace
        self.pair = related_pair(t)
        shown = list(range(min(self.shown_components, t.pair_vectors.shape[-1])))
        self.value_scale = color_scale(t.pair_vectors[..., shown])
        row = TokenRow(t.tokens, size=theme.sizes.heading)
        glyph = NetworkGlyph(color=theme.pairwise, caption="one network", width=2.0, height=1.6)
        glyph.move_to(DOWN * self.network_drop)
        self.row, self.glyph = row, glyph
        self.pair_through_network()

    def pair_through_network(self) -> None:
        """The sentence and the network take the road map's place; the pair's two words stack
        up left of the network, and out comes their pair vector."""
        theme = current_theme()
        t = self.trace
        i, j = self.pair.i, self.pair.j
        row, glyph = self.row, self.glyph
        words = VGroup(row.word_label(i).copy(), row.word_label(j).copy())
        strips = self.one_hot_inputs()
        strips.next_to(glyph, LEFT, buff=self.inputs_room)
        stacked = VGroup(
            *(
                w.copy().scale(0.7).next_to(strip, DOWN, buff=theme.gaps.tight)
                for w, strip in zip(words, strips, strict=True)
            )
        )
        vector = VectorColumn(
            t.pair_vectors[i, j],
            index_size=theme.sizes.small,
            max_cells=self.shown_components,
            show_numbers=True,
            value_scale=self.value_scale,
            cell_size=self.cell_size,
        )
        vector.next_to(glyph, RIGHT, buff=self.output_room)
        pair_name = flat_text(
            f"pair ({t.tokens[i]}, {t.tokens[j]})", theme.sizes.small, theme.muted
        )
        pair_name.next_to(vector, UP, buff=theme.gaps.tight)
        key = ColorKey(
            self.value_scale, title="pair vector value", width=2.0, note_size=theme.sizes.small
        )
        key.next_to(vector, DOWN, buff=theme.gaps.medium)
        with self.voiceover(
            Line(
                f"Take {self.pair.described(t.tokens)}: both one-hot vectors go in together, "
                "and out comes one vector for the pair."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.08)
            self.heading("A pairwise convolutional layer")
            row.next_to(self.current_heading, DOWN, buff=theme.gaps.large)
            for word, k in zip(words, (i, j), strict=True):
                word.move_to(row.word_label(k))
            self.play_during(clip, FadeIn(row), FadeIn(glyph), start=0.09, end=0.22)
            self.play_during(
                clip,
                row.animate_highlight([i, j], theme.highlight),
                Transform(words, stacked),
                FadeIn(strips, shift=DOWN * 0.2),
                FadeIn(key),
                start=0.3,
                end=0.5,
            )
            self.play_during(
                clip,
                # full size: the strips' indices and words stay legible
                glyph.animate_forward(VGroup(strips, words), vector, shrink=1.0),
                FadeIn(pair_name),
                start=0.52,
                end=0.9,
            )
        self.words, self.vector, self.pair_name, self.key = (
            VGroup(strips, words),
            vector,
            pair_name,
            key,
        )
        self.one_hots = strips

    def one_hot_inputs(self) -> VGroup:
        """The pair's two one-hot vectors side by side, each 1 at its word's real height in
        the vocabulary."""
        theme = current_theme()
        t = self.trace
        return VGroup(
            *(
                OneHotStrip(
                    int(t.ids[k]),
                    t.one_hot.shape[1],
                    height=self.one_hot_height,
                    width=0.25,
                    label_size=theme.sizes.small,
                )
                for k in (self.pair.i, self.pair.j)
            )
        ).arrange(RIGHT, buff=theme.gaps.large)

    def pair_grid(self) -> PairGrid:
        """Every pair's vector, under the heading; the grid and the key beside it centred
        together."""
        theme = current_theme()
        t = self.trace
        grid = PairGrid(
            t.pair_vectors,
            t.tokens,
            caption_size=theme.sizes.small,
            max_cells=self.grid_components,
            max_width=9.0,
            max_height=5.3,
            value_scale=self.value_scale,
            max_cell_size=0.5,
            row_pitch=1.3,
        )
        grid.next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        return grid.set_x(-(self.key.width + theme.gaps.large) / 2)

    def the_whole_grid(self) -> None:
        theme = current_theme()
        grid = self.pair_grid()
        i, j = self.pair.i, self.pair.j
        vector = self.vector
        with self.voiceover(
            Line(
                "Every pair gets its own vector: with n words, n × n of them.",
                spoken="Every pair gets its own vector: with n words, n times n of them.",
            )
        ) as clip:
            leaving = (self.row, self.glyph, self.words, self.pair_name)
            self.play_during(
                clip,
                *(FadeOut(m) for m in (*leaving, vector.annotations)),
                self.key.animate.next_to(grid.entries, RIGHT, buff=theme.gaps.large),
                end=0.2,
            )
            # the pair's first component drops into its place; the rest are not drawn
            arrive, rest = grid.animate_fill(i, j, vector.cells[0])
            self.play_during(clip, arrive, FadeOut(vector.cells[1:]), start=0.22, end=0.42)
            self.play_during(clip, rest, start=0.45)
        settle(self, grid)
        self.grid = grid

    def where_a_pair_sits(self) -> None:
        """The pair's row and column are lit as the line names them, then the diagonal."""
        theme = current_theme()
        t = self.trace
        grid = self.grid
        i, j = self.pair.i, self.pair.j
        outline = grid.outline_entry(i, j)
        diagonal = VGroup(*(grid.outline_entry(k, k, theme.muted) for k in range(t.n)))
        with self.voiceover(
            Line(
                "The pair of word i and word j sits in row i, column j; the diagonal holds "
                "each word with itself."
            )
        ) as clip:
            self.play_during(
                clip,
                Create(outline),
                grid.row_labels[i].animate.set_color(theme.highlight),
                grid.col_labels[j].animate.set_color(theme.highlight),
                end=0.3,
            )
            self.play_during(clip, Create(diagonal), start=0.55, end=0.85)
        self.diagonal, self.outline = diagonal, outline

    def distance_no_longer_matters(self) -> None:
        t = self.trace
        i, j = self.pair.i, self.pair.j
        with self.voiceover(
            Line(
                f"Now distance no longer matters: {self.pair.described(t.tokens)}, "
                f"{counted(j - i, 'word')} apart, meet in a single network run."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.diagonal), end=0.2)
            self.play_during(
                clip, Indicate(self.outline, color=current_theme().highlight), start=0.6, end=0.9
            )
        self.wait(1.0)  # a hold on the pair, met
