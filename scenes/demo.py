"""Every component of the toolkit on a real trace: ``manim -ql scenes/demo.py ComponentsDemo``."""

from __future__ import annotations

from manim import *

from derived_transformer.model import VOCABULARY
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.components import (
    ConvPyramid,
    Heatmap,
    NetworkGlyph,
    OneHotVector,
    PairGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
)
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class ComponentsDemo(DerivedScene):
    """A tour of the components, drawn from the traces of ``sentence``.

    ``focus_word``: which word's one-hot vector and pair vector are shown (an index);
    ``inputs_room`` and ``output_room``: the room left and right of the network for the
    arrows into and out of it.
    """

    short_name = "demo"
    extra_models = ("cnn",)
    beats = (
        Beat("d.1", "Words and one-hot vectors"),
        Beat("d.2", "A network on a pair"),
        Beat("d.3", "Convolution pyramid"),
        Beat("d.4", "Pair grid"),
        Beat("d.5", "Importances"),
        Beat("d.6", "Prediction"),
    )
    focus_word: int = -1
    inputs_room: float = 2.0
    output_room: float = 1.6

    def construct(self) -> None:
        self.words_and_one_hot()
        self.network_on_a_pair()
        self.convolution_pyramid()
        self.pair_grid()
        self.importances()
        self.prediction()

    def words_and_one_hot(self) -> None:
        theme = current_theme()
        self.beat("d.1", "Each word becomes a one-hot vector: a single 1 at its index.")
        self.heading("Words and one-hot vectors")
        t = self.trace
        row = TokenRow(t.tokens).shift(UP * 1.6)
        k = self.focus_word % t.n
        one_hot = OneHotVector(int(t.ids[k]), len(VOCABULARY)).next_to(
            row, DOWN, buff=theme.gaps.large
        )
        one_hot.set_x(row.word_label(k).get_x())
        caption = flat_text(
            f"“{t.tokens[k]}” is word {int(t.ids[k])} of {len(VOCABULARY)}",
            current_theme().sizes.small,
            current_theme().muted,
        )
        caption.next_to(one_hot, DOWN, buff=theme.gaps.small)
        self.play(FadeIn(row))
        self.play(row.animate_highlight([k]), FadeIn(one_hot, shift=DOWN * 0.3), FadeIn(caption))
        self.wait(0.5)

    def network_on_a_pair(self) -> None:
        theme = current_theme()
        self.beat("d.2", "One network reads a pair of words and returns a vector.")
        self.clear_stage()
        self.heading("A network on a pair")
        t = self.trace
        i, j = 3 % t.n, t.n - 1
        glyph = NetworkGlyph(caption="representation network").shift(UP * 0.2)
        inputs = VGroup(flat_text(t.tokens[i]), flat_text(t.tokens[j])).arrange(
            DOWN, buff=theme.gaps.small
        )
        inputs.next_to(glyph, LEFT, buff=self.inputs_room)
        vector = VectorColumn(t.pair_vectors[i, j], max_cells=8, show_numbers=True)
        vector.next_to(glyph, RIGHT, buff=self.output_room)
        note = flat_text(
            f"pair ({t.tokens[i]}, {t.tokens[j]}): row {i}, column {j}",
            current_theme().sizes.small,
            current_theme().muted,
        )
        note.to_edge(DOWN, buff=theme.layout.margin + theme.gaps.small)
        self.add(glyph, note)
        self.play(FadeIn(inputs))
        self.play(glyph.animate_forward(inputs, vector))
        self.wait(0.5)

    def convolution_pyramid(self) -> None:
        theme = current_theme()
        self.beat("d.3", "Layer after layer, each output covers a wider window of words.")
        self.clear_stage()
        self.heading("Convolution pyramid")
        cnn = self.trace_of(self.sentence, "cnn")
        pyramid = ConvPyramid(cnn.tokens, cnn.windows, layer_gap=0.75)
        pyramid.to_edge(DOWN, buff=theme.layout.margin + theme.gaps.small)
        self.play(FadeIn(pyramid))
        self.play(pyramid.animate_receptive_field(2, len(cnn.windows[1]) // 2))
        self.wait(0.5)

    def pair_grid(self) -> None:
        self.beat("d.4", "Every pair of words gets its own vector: row i, column j.")
        self.clear_stage()
        self.heading("Pair grid")
        grid = PairGrid(self.trace.pair_vectors, self.trace.tokens, max_height=5.4)
        grid.shift(DOWN * 0.35)
        self.play(FadeIn(grid))
        self.play(Create(grid.outline_column(self.trace.n - 1)))
        self.wait(0.5)

    def importances(self) -> None:
        self.beat("d.5", "Scores become relative importances that sum to 1 down each column.")
        self.clear_stage()
        self.heading("Scores, then relative importances")
        t = self.trace
        heat = Heatmap(t.scores, t.tokens, max_width=7.5, max_height=5.4, digits=1)
        heat.shift(DOWN * 0.4)
        self.play(FadeIn(heat))
        self.play(heat.animate_values(t.importances, value_scale=1.0, digits=2), run_time=1.5)
        self.wait(0.5)

    def prediction(self) -> None:
        self.beat("d.6", "The model's answer: its most likely words.")
        self.clear_stage()
        self.heading("Prediction")
        t = self.trace
        chart = ProbabilityBars(
            t.top_words,
            t.top_probabilities,
            color=current_theme().model_color(t.model),
            title=f"what is “{t.tokens[-1]}” about?",
        )
        chart.move_to(ORIGIN)
        self.play(chart.animate_grow())
        self.wait(0.5)
