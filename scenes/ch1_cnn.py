"""Chapter 1, CNNs for text: one-hot words, convolution layers, and why long-range
dependencies defeat them.

``manim -ql scenes/ch1_cnn.py ConvolutionLayers`` (and the other scenes below).
"""

from __future__ import annotations

import numpy as np
from manim import *

from model import VOCABULARY
from scenes.base import Beat, Chapter, DerivedScene
from scenes.components import (
    ConvPyramid,
    NetworkGlyph,
    OneHotVector,
    PixelGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    noise_picture,
    smooth_picture,
)
from scenes.components.pixels import rgb_hex
from scenes.text import label
from scenes.theme import current_theme

CHAPTER = Chapter(1, "CNNs for text")


def most_active(layers: tuple[np.ndarray, ...], count: int) -> tuple[int, ...]:
    """The ``count`` components with the largest mean magnitude over every layer's outputs,
    in index order."""
    strength = np.mean([np.abs(layer).mean(axis=0) for layer in layers], axis=0)
    return tuple(sorted(int(k) for k in np.argsort(-strength, kind="stable")[:count]))


def covering(windows: np.ndarray, position: int) -> list[int]:
    """The outputs of one layer whose window covers word ``position``."""
    return [p for p, (start, end) in enumerate(windows) if start <= position <= end]


class CNNsAndText(DerivedScene):
    """1.1: CNNs had cracked images; on language they were far worse. Why?
    (A drawn illustration: the picture is generated, not a model value.)"""

    short_name = "cnn-text"
    chapter = CHAPTER
    beats = (Beat("1.1", "Images solved, language not"),)
    fixed_example = "an illustration: a generated picture and three language tasks"
    tasks: tuple[str, ...] = ("translation", "review sentiment", "chat")

    def construct(self) -> None:
        self.images_solved()
        self.language_not()

    def images_solved(self) -> None:
        theme = current_theme()
        self.beat("1.1", "Around 2017, convolutional networks had just cracked image tasks.")
        self.heading("Convolutional networks, around 2017")
        picture = PixelGrid(smooth_picture(12, seed=3), pixel_size=0.28).move_to(LEFT * 3.4)
        caption = label("images: close to people", theme.sizes.label, theme.cnn)
        caption.next_to(picture, DOWN, buff=0.35)
        self.play(FadeIn(picture, lag_ratio=0.01), run_time=1.5)
        self.play(FadeIn(caption))
        self.picture_side = VGroup(picture, caption)

    def language_not(self) -> None:
        theme = current_theme()
        self.say(
            "Applied to language, for translation, review sentiment or chat, they "
            "were much worse than people, often unusable."
        )
        items = VGroup(*(label(t, theme.sizes.body) for t in self.tasks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=0.45).move_to(RIGHT * 3.2 + UP * 0.2)
        crosses = VGroup(
            *(label("✗", theme.sizes.body, theme.negative).next_to(i, LEFT, 0.3) for i in items)
        )
        caption = label("language: far worse", theme.sizes.label, theme.negative)
        caption.next_to(items, DOWN, buff=0.6).align_to(self.picture_side[1], DOWN)
        self.play(LaggedStart(*(FadeIn(i, shift=LEFT * 0.2) for i in items), lag_ratio=0.3))
        self.play(FadeIn(crosses), FadeIn(caption))
        self.say("Why? To see, we build a convolutional network for text.")
        self.wait(1)


class OneHotWords(DerivedScene):
    """1.2: the vocabulary and one-hot vectors, live: the model's real vocabulary and the
    real one-hot vectors (indices) of the sentence."""

    short_name = "one-hot"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.2", "Words are not numbers: one-hot"),)
    vocabulary_columns: int = 6
    vocabulary_rows: int = 10

    def construct(self) -> None:
        self.vocabulary()
        self.sentence_indices()
        self.one_hot_vectors()

    def vocabulary(self) -> None:
        theme = current_theme()
        self.beat("1.2", "A network needs numbers, and words are not numbers.")
        self.heading("Words are not numbers")
        sentence = TokenRow(self.trace.tokens).move_to(UP * 0.3)
        self.play(FadeIn(sentence))
        self.say(
            f"So list every word of the language, about 50,000 for English; our models "
            f"know {len(VOCABULARY)}. Each word gets an index."
        )
        shown = self.shown_vocabulary()
        entries = VGroup()
        self.entry_of: dict[int, VGroup] = {}
        for k in shown:
            index = label(str(k), theme.sizes.tiny, theme.muted)
            text = label(VOCABULARY.words[k], theme.sizes.small)
            text.next_to(index, RIGHT, buff=0.12)
            entry = VGroup(index, text)
            entries.add(entry)
            self.entry_of[k] = entry
        rows = int(np.ceil(len(entries) / self.vocabulary_columns))
        for k, entry in enumerate(entries):
            column, row = divmod(k, rows)
            entry.move_to([column * 2.1, -row * 0.42, 0], aligned_edge=LEFT)
        entries.move_to(DOWN * 0.1)
        note = label(
            f"{len(shown)} of the {len(VOCABULARY)} words, with their indices",
            theme.sizes.tiny, theme.muted,
        ).next_to(entries, DOWN, buff=0.3)  # fmt: skip
        self.play(FadeOut(sentence))
        self.play(FadeIn(entries, lag_ratio=0.02), FadeIn(note), run_time=2)
        self.entries = VGroup(entries, note)

    def shown_vocabulary(self) -> list[int]:
        """The indices drawn: every word of the sentence, and words spread evenly over the
        rest of the vocabulary, ``vocabulary_rows`` rows of ``vocabulary_columns``."""
        used = {int(i) for i in self.trace.ids}
        room = self.vocabulary_columns * self.vocabulary_rows - len(used)
        spread = np.linspace(0, len(VOCABULARY) - 1, max(room, 0) + len(used)).round()
        others = [int(k) for k in spread if int(k) not in used][:room]
        return sorted(used | set(others))

    def sentence_indices(self) -> None:
        theme = current_theme()
        self.say("Which word gets which index does not matter, only that it is always the same.")
        t = self.trace
        used = sorted(set(int(i) for i in t.ids))
        self.play(*(self.entry_of[i].animate.set_color(theme.highlight) for i in used))
        self.wait(1)

    def one_hot_vectors(self) -> None:
        theme = current_theme()
        self.say(
            "The index becomes a vector of zeros with a single 1 at that index: a "
            "one-hot vector. From now on, a word going into a network means this vector."
        )
        self.play(FadeOut(self.entries))
        t = self.trace
        row = TokenRow(t.tokens, buff=0.6).to_edge(UP, buff=1.4)
        self.play(FadeIn(row))
        pitch = theme.layout.safe_width / t.n
        vectors = VGroup()
        for k, word_id in enumerate(t.ids):
            vector = OneHotVector(
                int(word_id), len(VOCABULARY), window=5, cell_size=min(0.36, pitch * 0.3)
            )
            vector.next_to(row, DOWN, buff=0.5)
            vector.shift(RIGHT * (row.word_label(k).get_x() - vector.cells.get_x()))
            vectors.add(vector)
        note = label(
            f"each vector has {len(VOCABULARY)} entries; the cells shown are a "
            "window around the 1, with their indices",
            theme.sizes.tiny,
            theme.muted,
        )
        note.to_edge(DOWN, buff=0.5)
        self.play(
            LaggedStart(*(FadeIn(v, shift=DOWN * 0.2) for v in vectors), lag_ratio=0.15),
            run_time=2.5,
        )
        self.play(FadeIn(note))
        self.one_hots = vectors
        self.wait(2)


class ConvolutionLayers(DerivedScene):
    """1.3: one network on every window of 3 words, layer after layer, live: the trained
    text CNN's real outputs (4 of their 32 components) and its real prediction."""

    short_name = "conv-layers"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.3", "A convolutional layer on words"),)
    shown_components: tuple[int, ...] = ()
    """Which components of each output to draw; empty: the ``component_count`` most active."""
    component_count: int = 4
    cell_size: float = 0.2
    slow_windows: int = 2

    def construct(self) -> None:
        self.setup_stage()
        self.first_layer()
        self.higher_layers()
        self.prediction()

    def setup_stage(self) -> None:
        theme = current_theme()
        self.beat(
            "1.3",
            "A convolutional layer applies one small network to every window "
            "of 3 consecutive words.",
        )
        self.heading("A convolutional layer on words")
        t = self.trace
        self.shown = self.shown_components or most_active(t.layers, self.component_count)
        self.pyramid = ConvPyramid(t.tokens, t.windows, layer_gap=1.0, node_height=self.cell_size)
        self.pyramid.to_edge(DOWN, buff=0.7)
        self.add(self.pyramid.word_labels)
        self.scale_all = max(float(np.abs(layer[:, list(self.shown)]).max()) for layer in t.layers)
        self.note = label(
            f"each vector: components {', '.join(map(str, self.shown))} of "
            f"{t.layers[0].shape[1]} (the most active on this sentence); colour = value",
            theme.sizes.tiny,
            theme.muted,
        ).to_edge(DOWN, buff=0.2)
        self.play(FadeIn(self.note))
        self.layer_columns: list[list[VectorColumn]] = []

    def output_vector(self, layer: int, p: int) -> VectorColumn:
        values = self.trace.layers[layer - 1][p]
        vector = VectorColumn(
            values,
            shown=self.shown,
            show_indices=False,
            value_scale=self.scale_all,
            cell_size=self.cell_size,
            orientation="horizontal",
            compact=True,
        )
        return vector.move_to(self.pyramid.node(layer, p))

    def first_layer(self) -> None:
        glyph = NetworkGlyph(layers=(3, 4, 3), color=current_theme().cnn, width=0.9, height=0.7)
        glyph.to_edge(UP, buff=1.1)
        self.play(FadeIn(glyph))
        columns = []
        for p in range(len(self.trace.windows[0])):
            words = VGroup(*(self.pyramid.word_label(q) for q in range(p, p + 3)))
            vector = self.output_vector(1, p)
            run_time = 1.0 if p < self.slow_windows else 0.3
            frame = SurroundingRectangle(words, buff=0.06, color=current_theme().highlight)
            self.play(Create(frame), glyph.animate.next_to(words, UP, buff=1.5), run_time=run_time)
            self.play(
                FadeIn(vector, shift=UP * 0.2),
                FadeIn(self.pyramid.edges_into(1, p)),
                FadeOut(frame),
                run_time=run_time,
            )
            columns.append(vector)
        self.play(FadeOut(glyph))
        self.layer_columns.append(columns)

    def higher_layers(self) -> None:
        t = self.trace
        self.say(
            "The next layer does the same to windows of those vectors, so each of its "
            "outputs covers 5 words. Layer after layer the windows grow."
        )
        for layer in range(2, len(t.windows) + 1):
            columns = [self.output_vector(layer, p) for p in range(len(t.windows[layer - 1]))]
            edges = VGroup(*(self.pyramid.edges_into(layer, p) for p in range(len(columns))))
            self.play(
                FadeIn(edges),
                LaggedStart(*(FadeIn(c, shift=UP * 0.15) for c in columns), lag_ratio=0.1),
                run_time=1.2,
            )
            self.layer_columns.append(columns)
        top = len(t.windows)
        self.say(f"After {top} layers, the top vector covers the whole sentence, padding included.")
        self.play(Indicate(self.layer_columns[-1][0], color=current_theme().highlight))
        self.wait(0.5)

    def prediction(self) -> None:
        theme = current_theme()
        t = self.trace
        self.say(
            f"A last layer turns the top vector into a prediction: what is “{t.tokens[-1]}” about?"
        )
        chart = ProbabilityBars(
            t.top_words[:3], t.top_probabilities[:3], bar_width=2.0, color=theme.cnn
        )
        chart.scale(0.8).to_corner(UR, buff=0.5).shift(DOWN * 0.5)
        arrow = Arrow(
            self.layer_columns[-1][0].get_right(),
            chart.get_left(),
            buff=0.2,
            color=theme.muted,
            stroke_width=3,
        )
        self.play(GrowArrow(arrow))
        self.play(chart.animate_grow(), run_time=1.2)
        self.chart = chart
        self.wait(1.5)


class RelatedInputs(DerivedScene):
    """1.4: merging vectors works when the inputs are related, as neighbouring pixels are.
    (A drawn illustration: generated pictures, not model values.)"""

    short_name = "related"
    chapter = CHAPTER
    beats = (Beat("1.4", "Merging needs related inputs"),)
    fixed_example = "an illustration: generated pictures"

    def construct(self) -> None:
        self.related_pixels()
        self.unrelated_pixels()

    def show_picture(self, image: np.ndarray, caption_text: str, x: float) -> PixelGrid:
        theme = current_theme()
        picture = PixelGrid(image, pixel_size=0.3).move_to([x, 1.3, 0])
        caption = label(caption_text, theme.sizes.label).next_to(picture, DOWN, buff=0.3)
        self.play(FadeIn(picture), FadeIn(caption))
        return picture

    def merge_window(self, picture: PixelGrid, corner: tuple[int, int], x: float) -> None:
        """Frame a 3 x 3 window, enlarge it and merge it into its mean colour."""
        theme = current_theme()
        r, c = corner
        self.play(Create(picture.outline_patch(r, c)))
        zoom = picture.patch(r, c).copy()
        self.play(zoom.animate.scale(1.8).move_to([x - 0.9, -2.0, 0]))
        mean = picture.image[r : r + 3, c : c + 3].reshape(-1, 3).mean(axis=0)
        merged = Square(side_length=0.6, stroke_width=0).set_fill(rgb_hex(mean), 1)
        merged.move_to([x + 1.2, -2.0, 0])
        arrow = Arrow(zoom.get_right(), merged.get_left(), buff=0.15, color=theme.muted)
        note = label("merged", theme.sizes.small, theme.muted).next_to(merged, DOWN, 0.15)
        self.play(GrowArrow(arrow), FadeIn(merged), FadeIn(note))

    @staticmethod
    def smoothest_window(image: np.ndarray) -> tuple[int, int]:
        """The 3 x 3 window whose pixels vary least."""
        rows, cols = image.shape[:2]
        spread = {
            (r, c): float(image[r : r + 3, c : c + 3].reshape(-1, 3).std(axis=0).sum())
            for r in range(rows - 2)
            for c in range(cols - 2)
        }
        return min(spread, key=spread.get)

    def related_pixels(self) -> None:
        self.beat(
            "1.4",
            "Merging many vectors into one only works when the inputs are "
            "strongly related: knowing one helps predict the others.",
        )
        self.heading("Merging needs related inputs")
        image = smooth_picture(9, seed=5)
        picture = self.show_picture(image, "a picture: neighbours look alike", -3.4)
        self.corner = self.smoothest_window(image)
        self.say(
            "In images, neighbouring pixels have similar colours, so a window of them "
            "merges into one colour that still stands for all of them."
        )
        self.merge_window(picture, self.corner, -3.4)
        self.say("That is why CNNs thrive on pictures.")
        self.wait(1)

    def unrelated_pixels(self) -> None:
        self.say(
            "When neighbours are unrelated, merging a window mixes things that have "
            "nothing to do with each other, and the result stands for none of them."
        )
        picture = self.show_picture(noise_picture(9, seed=2), "unrelated pixels", 3.4)
        self.merge_window(picture, self.corner, 3.4)
        self.wait(1)


class LongRangeDependencies(DerivedScene):
    """1.5: in the dog sentence, *dog* and *tail* meet only in the top layer, live: the
    pyramid is the trained CNN's real layer count and windows; the layer where they meet
    is computed from them; the prediction is the CNN's own."""

    short_name = "long-range"
    in_gallery = True
    chapter = CHAPTER
    model_name = "cnn"
    sentence = "the dog spun around so fast that it caught its tail"
    fixed_example = "the dog/tail sentence of the video"
    beats = (Beat("1.5", "Long-range dependencies"),)
    first_word: str = "dog"
    second_word: str = "tail"

    def construct(self) -> None:
        self.show_sentence()
        self.grow_receptive_fields()
        self.prediction()

    def show_sentence(self) -> None:
        self.beat(
            "1.5",
            f"In text, neighbours are often related, but not always: here "
            f"“{self.second_word}” belongs to “{self.first_word}”.",
        )
        self.heading("Long-range dependencies")
        t = self.trace
        self.pyramid = ConvPyramid(t.tokens, t.windows, layer_gap=0.9)
        self.pyramid.to_edge(DOWN, buff=0.7)
        self.a, self.b = t.tokens.index(self.first_word), t.tokens.index(self.second_word)
        theme = current_theme()
        self.play(FadeIn(self.pyramid.word_labels))
        # the word the question is about plays the query's role, the word it needs the key's
        self.play(
            self.pyramid.word_label(self.a).animate.set_color(theme.key),
            self.pyramid.word_label(self.b).animate.set_color(theme.query),
        )

    def meeting_layer(self) -> int:
        """The first layer with an output whose window covers both words (from the trace)."""
        for k, windows in enumerate(self.trace.windows, start=1):
            if set(covering(windows, self.a)) & set(covering(windows, self.b)):
                return k
        raise ValueError("the two words never meet")

    def grow_receptive_fields(self) -> None:
        theme = current_theme()
        t = self.trace
        self.meets_at = self.meeting_layer()
        self.say(
            f"Layer by layer, each word's information spreads to the outputs that cover "
            f"it. The early layers mix “{self.first_word}” and “{self.second_word}” with "
            f"less related words."
        )
        for k, windows in enumerate(t.windows, start=1):
            with_a, with_b = set(covering(windows, self.a)), set(covering(windows, self.b))
            animations = [
                FadeIn(self.pyramid.layers[k - 1]),
                FadeIn(VGroup(*(self.pyramid.edges_into(k, p) for p in range(len(windows))))),
                FadeIn(self.pyramid.layer_labels[k - 1]),
            ]
            self.play(*animations, run_time=0.7)
            colours = []
            for p in range(len(windows)):
                if p in with_a and p in with_b:
                    colours.append(
                        self.pyramid.node(k, p).animate.set_color(theme.highlight).scale(1.6)
                    )
                elif p in with_a:
                    colours.append(self.pyramid.node(k, p).animate.set_color(theme.key))
                elif p in with_b:
                    colours.append(self.pyramid.node(k, p).animate.set_color(theme.query))
            self.play(*colours, run_time=0.8)
        self.say(
            f"Their information meets only at layer {self.meets_at} of {len(t.windows)}: "
            f"the top. A CNN cannot relate distant words early."
        )
        self.wait(1)

    def prediction(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.8,
            color=theme.cnn,
            title=f"whose {self.second_word}? (the CNN)",
        )
        chart.scale(0.75).to_corner(UR, buff=0.35).shift(DOWN * 0.6)
        self.say(
            f"On our small task the trained CNN still answers “{t.answer}”, but only its "
            f"last layer can weigh the two words together."
        )
        self.play(chart.animate_grow())
        self.chart = chart
        self.wait(1.5)


SCENES: tuple[type[DerivedScene], ...] = (
    CNNsAndText,
    OneHotWords,
    ConvolutionLayers,
    RelatedInputs,
    LongRangeDependencies,
)
"""The chapter's scenes, in the order the explainer shows them."""
