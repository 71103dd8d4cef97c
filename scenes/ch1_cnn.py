"""Chapter 1, CNNs for text: one-hot words, convolution layers, and why long-range
dependencies defeat them. Narrated: each animation runs while its line is spoken.

``manim -ql scenes/ch1_cnn.py ConvolutionLayers`` (and the other scenes below).
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import VOCABULARY, read_metrics
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.base import Beat, Chapter, Clip, DerivedScene
from derived_transformer.scenes.components import (
    ColorKey,
    ConvPyramid,
    GroupCards,
    Legend,
    NetworkGlyph,
    OneHotVector,
    PixelGrid,
    ProbabilityBars,
    TokenRow,
    VectorColumn,
    illustration_note,
    noise_picture,
    smooth_picture,
)
from derived_transformer.scenes.components.pixels import rgb_hex
from derived_transformer.scenes.moves import copy_into
from derived_transformer.scenes.task import answer_said, question, verdict
from derived_transformer.scenes.text import counted, label
from derived_transformer.scenes.theme import current_theme

CHAPTER = Chapter(1, "CNNs for text")


def most_active(layers: tuple[np.ndarray, ...], count: int) -> tuple[int, ...]:
    """The ``count`` components with the largest mean magnitude over every layer's outputs,
    in index order."""
    strength = np.mean([np.abs(layer).mean(axis=0) for layer in layers], axis=0)
    return tuple(sorted(int(k) for k in np.argsort(-strength, kind="stable")[:count]))


def covering(windows: np.ndarray, position: int) -> list[int]:
    """The outputs of one layer whose window covers word ``position``."""
    return [p for p, (start, end) in enumerate(windows) if start <= position <= end]


def accuracy_over(by_reach: dict[str, dict[str, float]], reaches: range) -> float:
    """The accuracy over the sentences of the given reaches (weighted by their counts), from
    the measured evidence (``read_metrics()["evidence"]["long_range"]``)."""
    rows = [by_reach[str(r)] for r in reaches if str(r) in by_reach]
    total = sum(row["count"] for row in rows)
    return sum(row["accuracy"] * row["count"] for row in rows) / total


class CNNsAndText(DerivedScene):
    """1.1: CNNs had cracked images; on language they were far worse. Why?
    (An illustration: the picture is generated, not a model value; a window slides over it
    as a convolution's does.)"""

    short_name = "cnn-text"
    chapter = CHAPTER
    beats = (Beat("1.1", "Images solved, language not"),)
    fixed_example = "an illustration: a generated picture and three language tasks"
    tasks: tuple[str, ...] = ("translation", "review sentiment", "chat")
    window_path: tuple[tuple[int, int], ...] = ((0, 0), (0, 3), (0, 6), (0, 9), (3, 9), (3, 6))
    """Where the 3 x 3 window of the illustration stops as it slides (row, column)."""

    def construct(self) -> None:
        self.road()
        self.images_solved()
        self.language_not()

    def road(self) -> None:
        self.beat("1.1")
        road = self.open_chapter(
            Line("The first stop: the kind of network that learned to see, applied to text.")
        )
        self.road_map = road

    def images_solved(self) -> None:
        theme = current_theme()
        picture = PixelGrid(smooth_picture(12, seed=3), pixel_size=0.36).move_to([0, 0.2, 0])
        note = illustration_note("a generated picture").next_to(picture, DOWN, buff=0.2)
        caption = label("images: close to people", theme.sizes.body, theme.cnn)
        caption.next_to(note, DOWN, buff=0.3)
        with self.voiceover(
            Line(
                "Around 2017, convolutional networks had become very good at images: telling "
                "what a photo shows, almost as well as people."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.road_map), end=0.2)
            self.heading("Convolutional networks, around 2017")
            self.play_during(
                clip, FadeIn(picture, lag_ratio=0.005), FadeIn(note), start=0.25, end=0.65
            )
            self.play_during(clip, FadeIn(caption, shift=UP * 0.1), start=0.7)
        frame = picture.outline_patch(*self.window_path[0])
        with self.voiceover(
            Line(
                "They slide one small network across the picture, looking at a few "
                "neighbouring pixels at a time."
            )
        ) as clip:
            self.play_during(clip, Create(frame), start=0.25, end=0.4)
            steps = [
                frame.animate.move_to(picture.patch(r, c).get_center())
                for r, c in self.window_path[1:]
            ]
            self.play_during(clip, Succession(*steps), start=0.42, end=0.98)
        self.picture_side = VGroup(picture, note, caption, frame)

    def language_not(self) -> None:
        theme = current_theme()
        items = VGroup(*(label(t, theme.sizes.body) for t in self.tasks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=0.55).move_to([3.6, 0.6, 0])
        crosses = VGroup(
            *(label("✗", theme.sizes.body, theme.negative).next_to(i, LEFT, 0.3) for i in items)
        )
        picture_caption = self.picture_side[2]
        caption = label("language: far worse", theme.sizes.body, theme.negative)
        caption.move_to([3.3, picture_caption.get_y(), 0])
        history = label(
            "the field's history, as commonly told: not measured here",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(caption, DOWN, buff=0.2)
        with self.voiceover(
            Line(
                "Applied to language, to translation, to the sentiment of reviews, or to "
                "chat, they did much worse than people, and were often unusable."
            )
        ) as clip:
            self.play_during(
                clip, self.picture_side.animate.shift(LEFT * 3.3), start=0.02, end=0.14
            )
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(i, shift=LEFT * 0.2) for i in items), lag_ratio=0.35),
                start=0.15,
                end=0.6,
            )
            self.play_during(clip, FadeIn(crosses), FadeIn(caption), FadeIn(history), start=0.7)
        why = label("why?", theme.sizes.title, theme.highlight, bold=True)
        why.next_to(items, DOWN, buff=0.45).set_x(caption.get_x())
        with self.voiceover(
            Line("Why? To find out, we build a convolutional network for text, and look inside.")
        ) as clip:
            self.play_during(clip, FadeIn(why, scale=1.3), end=0.25)


class OneHotWords(DerivedScene):
    """1.2: the vocabulary by role and one-hot vectors, live: the models' real 341 words in
    their 17 groups, the sentence's real indices, and its one-hot vectors (a window of cells
    around each 1, with their indices). The size of an English word list is labelled as a
    rough illustration."""

    short_name = "one-hot"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.2", "Words are not numbers: one-hot"),)
    english_words: int = 50_000
    """A rough size of an English word list (an illustration, not a model's)."""
    group_columns: int = 5
    window: int = 5
    list_rows: int = 7
    """How many entries of the alphabetical list are shown around the last word."""
    shuffle_seed: int = 7
    """The seed of the other numbering shown when the line says any numbering would do."""

    def construct(self) -> None:
        self.words_are_not_numbers()
        self.vocabulary_by_role()
        self.indices()
        self.one_hot_vectors()

    def words_are_not_numbers(self) -> None:
        theme = current_theme()
        self.beat("1.2")
        self.heading("Words are not numbers")
        self.sentence_row = TokenRow(self.trace.tokens, size=theme.sizes.heading)
        self.sentence_row.next_to(self.current_heading, DOWN, buff=0.5)
        with self.voiceover(
            Line("A network computes with numbers, and words are not numbers.")
        ) as clip:
            self.play_during(clip, FadeIn(self.sentence_row, shift=DOWN * 0.1), end=0.5)
        english = label(f"English: about {self.english_words:,} words", theme.sizes.title)
        english.move_to(DOWN * 0.6)
        note = illustration_note("a rough size of an English word list, not a model's")
        note.next_to(english, DOWN, buff=0.3)
        with self.voiceover(
            Line(
                "So we list every word we allow, and number the list. For English, it would "
                f"hold about {self.english_words:,} words."
            )
        ) as clip:
            self.play_during(clip, FadeIn(english, shift=UP * 0.1), FadeIn(note), start=0.5)
        self.english = VGroup(english, note)

    def vocabulary_by_role(self) -> None:
        groups = VOCABULARY.groups
        cards = GroupCards(
            groups, featured=tuple(dict.fromkeys(self.trace.tokens)), columns=self.group_columns
        )
        cards.next_to(self.sentence_row, DOWN, buff=0.55)
        with self.voiceover(
            Line(
                f"Our models know {len(VOCABULARY)} words, in {len(groups)} groups by the "
                "role a word plays."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.english), end=0.2)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(c, shift=UP * 0.1) for c in cards.cards), lag_ratio=0.06),
                start=0.25,
            )
        t = self.trace
        used = list(dict.fromkeys(group_of_word(w) for w in t.tokens))
        flying = VGroup(*(self.sentence_row.word_label(k).copy() for k in range(t.n)))
        targets = [cards.card(group_of_word(w)).get_center() for w in t.tokens]
        with self.voiceover(
            Line("Every word of the sentence is one of them.")
        ) as clip:  # fmt: skip
            self.play_during(
                clip,
                *(
                    w.animate.move_to(p).set_opacity(0)
                    for w, p in zip(flying, targets, strict=True)
                ),
                cards.animate_highlight(used),
                start=0.1,
            )
        self.remove(flying)
        self.cards = cards

    def indices(self) -> None:
        theme = current_theme()
        t = self.trace
        numbers = VGroup()
        below = self.sentence_row.get_bottom()[1] - 0.25  # one line, descenders or not
        for k, word_id in enumerate(t.ids):
            number = label(str(int(word_id)), theme.sizes.label, theme.highlight)
            number.move_to([self.sentence_row.word_label(k).get_x(), below, 0], aligned_edge=UP)
            numbers.add(number)
        last = t.tokens[-1]
        excerpt = self.alphabetical_excerpt(int(t.ids[-1]))
        with self.voiceover(
            Line(
                "Each word gets an index, its place in the list sorted alphabetically: "
                f"“{last}” is number {int(t.ids[-1])}."
            )
        ) as clip:
            self.play_during(clip, FadeOut(self.cards), end=0.25)
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(n, shift=DOWN * 0.15) for n in numbers), lag_ratio=0.1),
                FadeIn(excerpt, shift=UP * 0.1),
                start=0.3,
                end=0.75,
            )
            self.play_during(clip, Indicate(numbers[-1], color=theme.highlight), start=0.8)
        others = self.another_numbering(numbers)
        note = label("another numbering would do as well", theme.sizes.small, theme.muted)
        note.next_to(numbers, DOWN, buff=0.5)
        with self.voiceover(
            Line("Which word gets which index does not matter, only that it is always the same.")
        ) as clip:
            self.play_during(clip, FadeOut(excerpt), end=0.12)
            # the digits change, so the numbers flip over in place rather than morph
            self.play_during(
                clip,
                FadeOut(numbers, shift=UP * 0.2),
                FadeIn(others, shift=UP * 0.2),
                FadeIn(note),
                start=0.14,
                end=0.4,
            )
            self.play_during(
                clip,
                FadeOut(others, shift=DOWN * 0.2),
                FadeIn(numbers, shift=DOWN * 0.2),
                FadeOut(note),
                start=0.62,
                end=0.9,
            )
        self.numbers = numbers

    def another_numbering(self, numbers: VGroup) -> VGroup:
        """The sentence's indices under another fixed numbering of the vocabulary (a
        shuffle with a fixed seed: the same word always gets the same number), in the
        places of ``numbers``."""
        theme = current_theme()
        shuffled = np.random.default_rng(self.shuffle_seed).permutation(len(VOCABULARY))
        others = VGroup()
        for number, word_id in zip(numbers, self.trace.ids, strict=True):
            other = label(str(int(shuffled[int(word_id)])), theme.sizes.label, theme.muted)
            others.add(other.move_to(number, aligned_edge=UP))
        return others

    def alphabetical_excerpt(self, index: int) -> VGroup:
        """A few entries of the sorted vocabulary around ``index``, that entry highlighted,
        with dots above and below (the list goes on)."""
        theme = current_theme()
        entries = VGroup()
        for row, (k, word) in enumerate(alphabetical_entries(index, self.list_rows)):
            color = theme.highlight if k == index else theme.text
            number = label(str(k), theme.sizes.label, theme.muted if k != index else color)
            text = label(word, theme.sizes.label, color)
            y = -row * 0.42
            number.move_to([-0.15, y, 0], aligned_edge=RIGHT)
            text.move_to([0.15, y, 0], aligned_edge=LEFT)
            entries.add(VGroup(number, text))
        dots = [label("⋮", theme.sizes.label, theme.muted) for _ in range(2)]
        dots[0].next_to(entries, UP, buff=0.1)
        dots[1].next_to(entries, DOWN, buff=0.1)
        title = label(f"the {len(VOCABULARY)} words, sorted", theme.sizes.small, theme.muted)
        group = VGroup(title, dots[0], entries, dots[1]).arrange(DOWN, buff=0.12)
        return group.next_to(self.sentence_row, DOWN, buff=1.0)

    def one_hot_vectors(self) -> None:
        theme = current_theme()
        t = self.trace
        row = self.sentence_row
        pitch = theme.layout.safe_width / t.n
        vectors = VGroup()
        for k, word_id in enumerate(t.ids):
            vector = OneHotVector(
                int(word_id),
                len(VOCABULARY),
                window=self.window,
                cell_size=min(0.42, pitch * 0.34),
            )
            vector.next_to(self.numbers, DOWN, buff=0.55)
            vector.shift(RIGHT * (row.word_label(k).get_x() - vector.cells.get_x()))
            vectors.add(vector)
        key = ColorKey(1.0, title="entry of a one-hot vector", key_range="one-sided")
        key.to_corner(DR, buff=0.5)
        note = label(
            f"each vector has {len(VOCABULARY)} entries; shown: {self.window} around the 1, "
            "with their indices",
            theme.sizes.tiny,
            theme.muted,
        ).to_corner(DL, buff=0.5)
        with self.voiceover(
            Line(
                f"The index becomes a vector of {len(VOCABULARY)} numbers: all zeros, except a "
                "single one at that index. It is called a one-hot vector."
            )
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(v.cells, shift=DOWN * 0.2) for v in vectors), lag_ratio=0.08),
                FadeIn(key),
                start=0.2,
                end=0.55,
            )
            self.play_during(
                clip,
                *(
                    ReplacementTransform(number, v.index_labels[v.shown_indices.index(v.index)])
                    for number, v in zip(self.numbers, vectors, strict=True)
                ),
                *(
                    FadeIn(index)
                    for v in vectors
                    for k, index in zip(v.shown_indices, v.index_labels, strict=True)
                    if k != v.index
                ),
                *(FadeIn(dots) for v in vectors for dots in v.ellipses),
                FadeIn(note),
                start=0.6,
            )
        for v in vectors:  # the parts animated one by one, regrouped into each vector
            self.remove(*v.get_family())
            self.add(v)
        with self.voiceover(
            Line("From here on, a word going into a network means its one-hot vector.")
        ) as clip:
            self.play_during(
                clip,
                LaggedStart(
                    *(Indicate(v.lit_cell, color=theme.positive) for v in vectors), lag_ratio=0.1
                ),
                start=0.2,
                end=0.8,
            )
        self.one_hots = vectors
        self.key = key


def alphabetical_entries(index: int, rows: int) -> list[tuple[int, str]]:
    """``rows`` consecutive entries of the vocabulary (index, word) around ``index``."""
    start = min(max(index - rows // 2, 0), max(len(VOCABULARY) - rows, 0))
    return [(k, VOCABULARY.words[k]) for k in range(start, min(start + rows, len(VOCABULARY)))]


def group_of_word(word: str) -> str:
    """The vocabulary group a word belongs to (its card)."""
    for name, words in VOCABULARY.groups.items():
        if word in words:
            return name
    raise KeyError(word)


class ConvolutionLayers(DerivedScene):
    """1.3: one network on every window of 3 words, layer after layer, live: the trained
    text CNN's real outputs (the ``component_count`` most active of their 48 components,
    on one colour scale for every layer, with its key), the top output pooled as the model
    pools it, and the CNN's real answer, judged by the labeller."""

    short_name = "conv-layers"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.3", "A convolutional layer on words"),)
    shown_components: tuple[int, ...] = ()
    """Which components of each output to draw; empty: the ``component_count`` most active."""
    component_count: int = 4
    cell_size: float = 0.25
    layer_gap: float = 1.02
    raised: float = 1.5
    """How far above its final place the pyramid starts, while it has two layers (it
    settles once the higher layers need the room)."""

    def construct(self) -> None:
        self.setup_stage()
        self.first_layer()
        self.colour_key()
        self.higher_layers()
        self.pooling()
        self.prediction()

    def setup_stage(self) -> None:
        theme = current_theme()
        self.beat("1.3")
        self.heading("A convolutional layer on words")
        t = self.trace
        self.shown = self.shown_components or most_active(t.layers, self.component_count)
        self.pyramid = ConvPyramid(
            t.tokens, t.windows, layer_gap=self.layer_gap, node_height=self.cell_size
        )
        self.pyramid.to_edge(DOWN, buff=0.75).shift(UP * self.raised)
        # one colour scale per layer (their values differ tenfold), each with its key
        self.scales = [float(np.abs(layer[:, list(self.shown)]).max()) for layer in t.layers]
        self.keys: list[ColorKey] = []
        self.note = label(
            f"each vector: components {', '.join(map(str, self.shown))} of "
            f"{t.layers[0].shape[1]}, the most active on this sentence",
            theme.sizes.tiny,
            theme.muted,
        ).to_edge(DOWN, buff=0.3)
        self.layer_columns: list[list[VectorColumn]] = []

    def output_vector(self, layer: int, p: int) -> VectorColumn:
        values = self.trace.layers[layer - 1][p]
        vector = VectorColumn(
            values,
            shown=self.shown,
            show_indices=False,
            value_scale=self.scales[layer - 1],
            cell_size=self.cell_size,
            orientation="horizontal",
            compact=True,
        )
        return vector.move_to(self.pyramid.node(layer, p))

    def layer_key(self, layer: int) -> ColorKey:
        """The colour key of ``layer``'s outputs, left of its row."""
        key = ColorKey(self.scales[layer - 1], title=f"layer {layer}", width=0.95, height=0.14)
        first = self.pyramid.node(layer, 0).get_center()
        key.move_to(first, aligned_edge=RIGHT).shift(LEFT * (self.cell_size * 2 + 0.35))
        key.shift(DOWN * (key.segments.get_y() - first[1]))
        margin = -config.frame_width / 2 + 0.2  # wide numbers must not reach the edge
        key.shift(RIGHT * max(0.0, margin - key.get_left()[0]))
        self.keys.append(key)
        return key

    def window_step(self, glyph: NetworkGlyph, frame: Mobject, p: int, speed: float) -> Animation:
        """Window ``p`` of layer 1: the frame and the network move over it, copies of its
        three words flow up into the network, and the output settles above the window."""
        theme = current_theme()
        words = VGroup(*(self.pyramid.word_label(q) for q in range(p, p + 3)))
        vector = self.output_vector(1, p)
        destination = vector.get_center().copy()
        above = [words.get_x(), glyph.get_y(), 0]
        inputs = words.copy()
        self.spent.add(inputs)
        pulse = glyph.edges.copy().set_stroke(theme.highlight, width=2.5, opacity=1)
        pulse.shift(np.array(above) - glyph.get_center())
        vector.move_to(above).set_opacity(0)
        self.layer_columns[0].append(vector)
        return Succession(
            AnimationGroup(
                Transform(frame, SurroundingRectangle(words, buff=0.06, color=theme.highlight)),
                glyph.animate.move_to(above),
                run_time=0.6 * speed,
            ),
            inputs.animate(run_time=0.6 * speed).scale(0.5).move_to(above).set_opacity(0),
            ShowPassingFlash(pulse, time_width=0.6, run_time=0.5 * speed),
            vector.animate(run_time=0.6 * speed).set_opacity(1).move_to(destination),
            FadeIn(self.pyramid.edges_into(1, p), run_time=0.3 * speed),
        )

    def first_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        glyph = NetworkGlyph(layers=(3, 4, 3), color=theme.cnn, width=1.1, height=0.75)
        start = self.pyramid.node(2, 0).get_center()
        glyph.move_to(start)
        frame = SurroundingRectangle(
            VGroup(*(self.pyramid.word_label(q) for q in range(3))),
            buff=0.06,
            color=theme.highlight,
        )
        self.layer_columns.append([])
        self.spent = VGroup()  # the word copies that flowed into the network
        count = len(t.windows[0])
        with self.voiceover(
            Line(
                "A convolutional layer applies one small network to every window of three "
                "consecutive words."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.pyramid.word_labels), end=0.2)
            self.play_during(
                clip, FadeIn(glyph), Create(frame), FadeIn(self.layer_key(1)), start=0.25, end=0.4
            )
            self.play_during(clip, self.window_step(glyph, frame, 0, 1.0), start=0.45)
        with self.voiceover(
            Line(
                "The same network, with the same weights, slides along the sentence, and each "
                f"window gives a new vector of {t.layers[0].shape[1]} numbers."
            )
        ) as clip:
            steps = [self.window_step(glyph, frame, p, 0.5) for p in range(1, count)]
            self.play_during(clip, Succession(*steps), start=0.05, end=0.97)
        self.remove(glyph, frame, *self.spent)
        self.glyph = glyph

    def colour_key(self) -> None:
        t = self.trace
        key = self.keys[0]
        with self.voiceover(
            Line(
                f"We draw {len(self.shown)} of the {t.layers[0].shape[1]}, the most active on "
                "this sentence, coloured by value: blue above zero, orange below. Each layer "
                "has its own key."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.note), start=0.1, end=0.4)
            self.play_during(clip, Indicate(key, color=current_theme().highlight), start=0.75)

    def settle(self, vectors: list[VectorColumn]) -> None:
        """Vectors whose cells were animated on their own become whole again (their cells
        leave the scene's top level, the vector takes their place)."""
        for vector in vectors:
            self.remove(vector.cells)
            self.add(vector)

    def grow_layer(self, layer: int) -> Animation:
        """Every output of ``layer``: copies of the three vectors below it flow up and merge
        into it."""
        below = self.layer_columns[layer - 2]
        columns = [self.output_vector(layer, p) for p in range(len(self.trace.windows[layer - 1]))]
        self.layer_columns.append(columns)
        merges = [
            AnimationGroup(
                FadeIn(self.pyramid.edges_into(layer, p)),
                copy_into(VGroup(*(b.cells for b in below[p : p + 3])), column.cells),
            )
            for p, column in enumerate(columns)
        ]
        return AnimationGroup(FadeIn(self.layer_key(layer)), LaggedStart(*merges, lag_ratio=0.15))

    def settle_pyramid(self) -> VGroup:
        """The parts drawn so far (words, the edges of layers 1 and 2, keys and vectors),
        still ``raised``, to be moved down; the pyramid's parts not yet drawn are already
        in their final place."""
        pyramid = self.pyramid
        shown = VGroup(
            pyramid.word_labels,
            *(
                pyramid.edges_into(layer, p)
                for layer in (1, 2)
                for p in range(len(self.trace.windows[layer - 1]))
            ),
        )
        pyramid.shift(DOWN * self.raised)
        shown.shift(UP * self.raised)
        return VGroup(shown, *self.keys, *(v for row in self.layer_columns for v in row))

    def higher_layers(self) -> None:
        t = self.trace
        layers = len(t.windows)
        covers = [int(w[0][1] - w[0][0] + 1) for w in t.windows]
        with self.voiceover(
            Line(
                "The next layer does the same to windows of three of those vectors, so each "
                f"of its outputs covers {covers[1]} words."
            )
        ) as clip:
            self.play_during(clip, self.grow_layer(2), start=0.2, end=0.9)
            self.settle(self.layer_columns[-1])
        rest = ", then ".join(str(c) for c in covers[2:])
        drawn = self.settle_pyramid()
        with self.voiceover(
            Line(f"Layer after layer the windows grow: {rest} words.")
        ) as clip:  # fmt: skip
            self.play_during(clip, drawn.animate.shift(DOWN * self.raised), end=0.09)
            self.remove(drawn)
            self.add(*drawn.submobjects)  # its parts stay on screen, each once
            share = 1.0 / (layers - 2)
            for k, layer in enumerate(range(3, layers + 1)):
                self.play_during(
                    clip,
                    self.grow_layer(layer),
                    start=0.1 + k * share * 0.85,
                    end=0.1 + (k + 1) * share * 0.85,
                )
                self.settle(self.layer_columns[-1])
        padding = t.padded_width - t.n
        top = self.layer_columns[-1][0]
        words = [self.pyramid.word_label(i) for i in range(t.n)]
        pad = f", and {counted(padding, 'slot')} of padding" if padding else ""
        with self.voiceover(
            Line(f"The top vector sees all {t.receptive_field} positions: the whole sentence{pad}.")
        ) as clip:
            self.play_during(
                clip,
                Indicate(top, color=current_theme().highlight),
                *(Indicate(w, color=current_theme().highlight, scale_factor=1.1) for w in words),
                start=0.3,
            )

    def pooling(self) -> None:
        theme = current_theme()
        t = self.trace
        if int(np.sum(t.pooled_outputs)) != 1:
            raise ValueError("the scene draws sentences that fit one top window")
        top = self.layer_columns[-1][0]
        pooled = VectorColumn(
            t.pooled,
            shown=self.shown,
            show_indices=False,
            value_scale=self.scales[-1],
            cell_size=self.cell_size,
            orientation="horizontal",
            compact=True,
        )
        pooled.move_to(top).shift(RIGHT * 3.0)
        title = label("pooled: the largest of each number", theme.sizes.tiny, theme.muted)
        title.next_to(pooled, UP, buff=0.15)
        arrow = Arrow(
            top.get_right(), pooled.get_left(), buff=0.12, color=theme.muted, stroke_width=3
        )
        with self.voiceover(
            Line(
                "A longer sentence would get several top vectors, and the network would keep "
                "the largest value of each number; this one fits in a single window."
            )
        ) as clip:
            self.play_during(clip, GrowArrow(arrow), FadeIn(title), start=0.1, end=0.45)
            self.play_during(clip, copy_into(top.cells, pooled.cells), start=0.5, end=0.85)
            self.settle([pooled])
        self.pooled, self.pooled_parts = pooled, VGroup(arrow, title)

    def prediction(self) -> None:
        """The pyramid gives way: the pooled vector (with its key) moves left and grows, and
        the answer's chart grows beside it."""
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=3.0,
            color=theme.cnn,
            title=question(t.tokens),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        chart.move_to([2.6, -0.1, 0])
        judged = label(verdict(t), theme.sizes.label, theme.text)
        judged.next_to(chart, DOWN, buff=0.45)
        key, title = self.keys[-1], self.pooled_parts[1]
        reader = NetworkGlyph(color=theme.cnn, width=1.1, height=0.9).move_to([-1.2, -0.1, 0])
        pulse = reader.edges.copy().set_stroke(theme.highlight, width=2.5, opacity=1)
        with self.voiceover(
            Line(f"A last small network reads it and answers the question: {question(t.tokens)}")
        ) as clip:
            self.clear_stage(
                run_time=clip.duration * 0.2,
                keep=(self.current_heading, self.pooled, key, title),
            )
            self.play_during(
                clip,
                self.pooled.animate.scale(1.8).move_to([-3.6, -0.1, 0]),
                key.animate.scale(1.3).move_to([-3.6, -1.2, 0]),
                title.animate.scale(1.3).move_to([-3.6, 0.6, 0]),
                start=0.22,
                end=0.45,
            )
            self.play_during(clip, FadeIn(reader), start=0.47, end=0.56)
            self.play_during(
                clip, ShowPassingFlash(pulse, time_width=0.6), chart.animate_grow(), start=0.58
            )
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * 0.1), start=0.5)
        self.wait(0.6)
        with self.voiceover(
            Line("Why does a design that works so well on pictures struggle with words?")
        ) as clip:
            self.play_during(clip, Indicate(judged, color=theme.highlight), start=0.3)
        self.chart = chart
        self.judged = judged


class RelatedInputs(DerivedScene):
    """1.4: merging vectors works when the inputs are related, as neighbouring pixels are.
    (An illustration: generated pictures, not model values, labelled as such.)"""

    short_name = "related"
    chapter = CHAPTER
    beats = (Beat("1.4", "Merging needs related inputs"),)
    fixed_example = "an illustration: generated pictures"
    pixel_size: float = 0.34
    text_example: str = "the dog spun around so fast that it caught its tail"
    """The sentence shown last, leading to 1.5."""
    related_neighbours: tuple[tuple[str, str], ...] = (("the", "dog"), ("its", "tail"))
    """Two pairs of neighbours of ``text_example`` that belong together."""
    unrelated_neighbours: tuple[str, str] = ("around", "so")
    """A pair of neighbours of ``text_example`` that do not."""

    def construct(self) -> None:
        self.merging_needs_relations()
        self.related_pixels()
        self.unrelated_pixels()
        self.text_in_between()

    def picture(self, image: np.ndarray, caption_text: str, x: float) -> VGroup:
        theme = current_theme()
        picture = PixelGrid(image, pixel_size=self.pixel_size).move_to([x, 0.75, 0])
        caption = label(caption_text, theme.sizes.label).next_to(picture, UP, buff=0.25)
        group = VGroup(picture, caption)
        group.picture = picture
        return group

    def merge(
        self,
        clip: Clip,
        picture: PixelGrid,
        corner: tuple[int, int],
        x: float,
        span: tuple[float, float] = (0.0, 1.0),
    ) -> VGroup:
        """Frame a 3 x 3 window, lift its pixels out, spread, and merge them into their mean
        colour (the window's nine squares become one), within the fractions ``span`` of the
        line."""
        low, high = span

        def at(fraction: float) -> float:
            return low + fraction * (high - low)

        theme = current_theme()
        r, c = corner
        frame = picture.outline_patch(r, c)
        lifted = picture.patch(r, c).copy()
        spread = lifted.copy()
        for k, square in enumerate(spread):
            i, j = divmod(k, 3)
            square.scale(1.5).move_to([x - 1.5 + j * 0.55, -1.55 - i * 0.55, 0])
        mean = picture.image[r : r + 3, c : c + 3].reshape(-1, 3).mean(axis=0)
        merged = Square(side_length=1.0, stroke_width=0).set_fill(rgb_hex(mean), 1)
        merged.move_to([x + 1.6, -2.1, 0])
        arrow = Arrow(
            spread.get_right(), merged.get_left(), buff=0.2, color=theme.muted, stroke_width=3
        )
        note = label("merged", theme.sizes.small, theme.muted).next_to(merged, DOWN, 0.15)
        self.play_during(clip, Create(frame), start=at(0.05), end=at(0.2))
        self.play_during(clip, Transform(lifted, spread), start=at(0.22), end=at(0.45))
        self.play_during(clip, GrowArrow(arrow), start=at(0.47), end=at(0.6))
        self.play_during(
            clip, copy_into(lifted, merged), FadeIn(note), start=at(0.62), end=at(0.92)
        )
        return VGroup(frame, lifted, arrow, merged, note)

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

    def merging_needs_relations(self) -> None:
        self.beat("1.4")
        self.heading("Merging needs related inputs")
        note = illustration_note("generated pictures, not model values").to_edge(DOWN, buff=0.3)
        image = smooth_picture(9, seed=5)
        self.smooth = self.picture(image, "neighbours look alike", 0.0)  # centred while alone
        self.corner = self.smoothest_window(image)
        with self.voiceover(
            Line(
                "Each layer merges a window into a single vector. That works when the inputs "
                "are strongly related: when knowing one helps predict the others."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.smooth), FadeIn(note), start=0.45, end=0.75)
        self.note = note

    def related_pixels(self) -> None:
        with self.voiceover(
            Line(
                "In a picture, neighbouring pixels usually have similar colours, so nine of "
                "them merge into one colour that still stands for all nine."
            )
        ) as clip:
            # centred while it is the only picture; it moves aside when the second arrives
            self.smooth_merge = self.merge(
                clip, self.smooth.picture, self.corner, 0.0, span=(0.05, 1.0)
            )
        with self.voiceover(Line("That is why convolutional networks thrive on pictures.")) as clip:
            self.play_during(
                clip,
                Circumscribe(self.smooth.picture, color=current_theme().highlight, buff=0.1),
                start=0.2,
                end=0.8,
            )

    def unrelated_pixels(self) -> None:
        noisy = self.picture(noise_picture(9, seed=2), "unrelated pixels", 3.5)
        with self.voiceover(
            Line("When neighbours are unrelated, the merged colour stands for none of them.")
        ) as clip:
            self.play_during(
                clip, VGroup(self.smooth, self.smooth_merge).animate.shift(LEFT * 3.5), end=0.15
            )
            self.play_during(clip, FadeIn(noisy), start=0.1, end=0.25)
            self.merge(clip, noisy.picture, self.corner, 3.5, span=(0.27, 1.0))

    def text_in_between(self) -> None:
        """The sentence of 1.5, with two pairs of related neighbours bracketed."""
        theme = current_theme()
        words = TokenRow(self.text_example.split(), size=theme.sizes.heading)
        words.move_to(UP * 0.2)
        tokens = words.tokens
        braces = VGroup()
        for pair in self.related_neighbours:
            first = tokens.index(pair[0])
            group = VGroup(words.word_label(first), words.word_label(first + 1))
            brace = Brace(group, DOWN, buff=0.12, color=theme.muted)
            brace.add(label("related", theme.sizes.small, theme.muted).next_to(brace, DOWN, 0.1))
            braces.add(brace)
        first = tokens.index(self.unrelated_neighbours[0])
        apart = Brace(
            VGroup(words.word_label(first), words.word_label(first + 1)),
            UP,
            buff=0.12,
            color=theme.muted,
        )
        apart.add(label("unrelated", theme.sizes.small, theme.muted).next_to(apart, UP, 0.1))
        with self.voiceover(
            Line(
                "Text sits in between: neighbouring words are often related, like "
                f"“{' '.join(self.related_neighbours[0])}” or "
                f"“{' '.join(self.related_neighbours[1])}”, but not always: "
                f"“{self.unrelated_neighbours[0]}” and “{self.unrelated_neighbours[1]}” "
                "have little to do with each other."
            )
        ) as clip:
            self.clear_stage(run_time=clip.duration * 0.15, keep=(self.current_heading,))
            self.play_during(clip, FadeIn(words, shift=UP * 0.1), start=0.17, end=0.3)
            self.play_during(clip, FadeIn(braces[0], shift=UP * 0.1), start=0.32, end=0.48)
            self.play_during(clip, FadeIn(braces[1], shift=UP * 0.1), start=0.5, end=0.66)
            self.play_during(clip, FadeIn(apart, shift=DOWN * 0.1), start=0.78, end=0.95)


class LongRangeDependencies(DerivedScene):
    """1.5: in the dog sentence, *dog* and *tail* meet only in the top layer, live: the
    pyramid is the trained CNN's real layer count and windows (each output coloured by the
    words its window reaches, with a legend); the layer where they meet is computed from
    them; the prediction is the CNN's own, judged by the labeller; the accuracies are the
    measured evidence (``read_metrics()["evidence"]["long_range"]``)."""

    short_name = "long-range"
    in_gallery = True
    chapter = CHAPTER
    model_name = "cnn"
    sentence = "the dog spun around so fast that it caught its tail"
    fixed_example = "the dog/tail sentence of the video"
    beats = (Beat("1.5", "Long-range dependencies"),)
    first_word: str = "dog"
    second_word: str = "tail"
    far_reaches: range = range(6, 9)
    """The reaches (words a CNN must see at once) the evidence is averaged over."""
    narrow_model: str = "cnn2"
    shrunk: float = 0.76
    """The pyramid's scale once the CNN's answer stands beside it."""
    compared: tuple[tuple[str, str], ...] = (
        ("cnn2", "CNN, 2 layers: sees 5 words"),
        ("cnn", "CNN, 5 layers: sees 11 words"),
        ("attention", "self-attention (chapter 3)"),
    )

    def construct(self) -> None:
        self.show_sentence()
        self.grow_receptive_fields()
        self.prediction()
        self.evidence()

    def show_sentence(self) -> None:
        theme = current_theme()
        self.beat("1.5")
        self.heading("Long-range dependencies")
        t = self.trace
        # the layer labels stand inside the pyramid, clear of the frame's edge, sized for
        # its later, smaller scale
        self.pyramid = ConvPyramid(
            t.tokens,
            t.windows,
            layer_gap=0.92,
            color=theme.outline,
            label_size=theme.sizes.tiny / self.shrunk,
            labels_beside=True,
        )
        self.pyramid.set_x(0).to_edge(DOWN, buff=0.6)
        # the words start mid-frame and settle at the pyramid's foot once it grows
        self.lift = UP * (0.3 - self.pyramid.word_labels.get_y())
        self.pyramid.word_labels.shift(self.lift)
        self.a, self.b = t.tokens.index(self.first_word), t.tokens.index(self.second_word)
        dog, tail = self.pyramid.word_label(self.a), self.pyramid.word_label(self.b)
        link = CurvedArrow(
            tail.get_top() + UP * 0.1,
            dog.get_top() + UP * 0.1,
            angle=TAU / 8,
            color=theme.muted,
            stroke_width=2,
            tip_length=0.15,
        )
        with self.voiceover(
            Line(
                f"In this sentence, “{self.second_word}” belongs to “{self.first_word}”, "
                f"{counted(self.b - self.a, 'word')} further on."
            )
        ) as clip:
            self.play_during(clip, FadeIn(self.pyramid.word_labels), end=0.3)
            self.play_during(
                clip,
                dog.animate.set_color(theme.reach_first),
                tail.animate.set_color(theme.reach_second),
                Create(link),
                start=0.4,
            )
        self.link = link

    def meeting_layer(self) -> int:
        """The first layer with an output whose window covers both words (from the trace)."""
        for k, windows in enumerate(self.trace.windows, start=1):
            if set(covering(windows, self.a)) & set(covering(windows, self.b)):
                return k
        raise ValueError("the two words never meet")

    def reach_colours(self, k: int) -> list[Animation]:
        """Layer ``k`` appears, each output coloured by the words its window reaches."""
        theme = current_theme()
        windows = self.trace.windows[k - 1]
        with_a, with_b = set(covering(windows, self.a)), set(covering(windows, self.b))
        animations = [
            FadeIn(VGroup(*(self.pyramid.edges_into(k, p) for p in range(len(windows))))),
            FadeIn(self.pyramid.layer_labels[k - 1]),
        ]
        for p in range(len(windows)):
            node = self.pyramid.node(k, p)
            if p in with_a and p in with_b:
                node.set_color(theme.reach_both).scale(1.7)
            elif p in with_a:
                node.set_color(theme.reach_first)
            elif p in with_b:
                node.set_color(theme.reach_second)
            else:
                node.set_color(theme.muted)
            animations.append(GrowFromCenter(node))
        return animations

    def grow_receptive_fields(self) -> None:
        theme = current_theme()
        t = self.trace
        self.meets_at = self.meeting_layer()
        legend = Legend(
            [
                (theme.reach_first, f"reaches “{self.first_word}”"),
                (theme.reach_second, f"reaches “{self.second_word}”"),
                (theme.reach_both, "reaches both"),
                (theme.muted, "neither"),
            ],
            direction="row",
        )
        legend.next_to(self.current_heading, DOWN, buff=0.3)
        self.legend = legend
        layers = len(t.windows)
        with self.voiceover(
            Line(
                "Follow each word's information: layer by layer, it spreads to every output "
                "whose window covers it."
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.link),
                FadeIn(legend),
                self.pyramid.word_labels.animate.shift(-self.lift),
                start=0.1,
                end=0.35,
            )
            self.play_during(clip, *self.reach_colours(1), start=0.45, end=0.7)
            self.play_during(clip, *self.reach_colours(2), start=0.72, end=0.97)
        with self.voiceover(
            Line(
                f"On the way, “{self.first_word}” and “{self.second_word}” are each mixed "
                "with the less related words around them."
            )
        ) as clip:
            for k, layer in enumerate(range(3, self.meets_at)):
                share = 0.8 / max(1, self.meets_at - 3)
                self.play_during(
                    clip,
                    *self.reach_colours(layer),
                    start=0.1 + k * share,
                    end=0.1 + (k + 1) * share,
                )
        with self.voiceover(
            Line(f"Their information meets only at layer {self.meets_at} of {layers}: the top.")
        ) as clip:
            for layer in range(self.meets_at, layers + 1):
                self.play_during(clip, *self.reach_colours(layer), start=0.35, end=0.75)
        self.wait(0.6)

    def prediction(self) -> None:
        theme = current_theme()
        t = self.trace
        chart = ProbabilityBars(
            t.top_words[:3],
            t.top_probabilities[:3],
            bar_width=1.8,
            color=theme.cnn,
            title=question(t.tokens),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        chart.move_to([4.4, -0.4, 0])
        judged = label(verdict(t), theme.sizes.small, theme.muted)
        judged.next_to(chart, DOWN, buff=0.25)
        bottom = self.pyramid.get_bottom()[1]
        with self.voiceover(
            Line(
                f"The trained CNN is asked: {question(t.tokens)} It can weigh the two words "
                "together only in its last layer."
            )
        ) as clip:
            self.play_during(
                clip,
                self.pyramid.animate.scale(self.shrunk).to_edge(LEFT, buff=0.6).set_y(bottom, DOWN),
                start=0.1,
                end=0.35,
            )
            self.play_during(clip, chart.animate_grow(), start=0.5)
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * 0.1), start=0.4)
        self.wait(0.5)
        self.chart, self.judged = chart, judged

    def evidence(self) -> None:
        theme = current_theme()
        by_model = read_metrics()["evidence"]["long_range"]["models"]
        fields = read_metrics()["evidence"]["long_range"]["receptive_fields"]
        values = [accuracy_over(by_model[m], self.far_reaches) for m, _ in self.compared]
        self.evidence_values = dict(zip((m for m, _ in self.compared), values, strict=True))
        low, high = self.far_reaches.start, self.far_reaches.stop - 1
        chart = ProbabilityBars(
            [name for _, name in self.compared],
            values,
            bar_width=4.5,
            bar_height=0.5,
            color=theme.cnn,
            value_texts=[f"{v:.0%}" for v in values],
        )
        for k, (model_name, _) in enumerate(self.compared):
            chart.bar(k).set_fill(theme.model_color(model_name), 1)
        chart.move_to(DOWN * 0.2)
        chance_x = chart.tracks[0].get_left()[0] + 0.5 * chart.tracks[0].width
        chance = DashedLine(
            [chance_x, chart.tracks.get_top()[1] + 0.2, 0],
            [chance_x, chart.tracks.get_bottom()[1] - 0.2, 0],
            color=theme.muted,
        )
        chance_label = label("coin toss: 50%", theme.sizes.tiny, theme.muted)
        chance_label.next_to(chance, DOWN, buff=0.1)
        title = label(
            f"right answers on held-out sentences whose deciding words lie {low} to {high} apart",
            theme.sizes.label,
        ).next_to(chart, UP, buff=0.7)
        source = label(
            "measured: sentences with two animals where only their order decides, "
            f"{read_metrics()['evidence']['long_range']['reach_counts'][str(low)]} per distance",
            theme.sizes.tiny,
            theme.muted,
        ).to_edge(DOWN, buff=0.45)
        narrow = self.evidence_values[self.narrow_model]
        with self.voiceover(
            Line(
                f"Measured on held-out sentences whose answer depends on words {low} to {high} "
                f"apart, a CNN that sees only {fields[self.narrow_model]} words at once is "
                f"right {narrow:.0%} of the time: a coin toss."
            )
        ) as clip:
            self.play_during(
                clip,
                FadeOut(self.pyramid),
                FadeOut(self.legend),
                FadeOut(self.chart),
                FadeOut(self.judged),
                end=0.2,
            )
            self.play_during(
                clip,
                FadeIn(title),
                FadeIn(source),
                FadeIn(chart.word_labels),
                FadeIn(chart.tracks),
                start=0.22,
                end=0.4,
            )
            self.play_during(
                clip,
                GrowFromEdge(chart.bar(0), LEFT),
                FadeIn(chart.value_label(0)),
                Create(chance),
                FadeIn(chance_label),
                start=0.55,
            )
        wide, attention = values[1], values[2]
        with self.voiceover(
            Line(
                f"The five-layer CNN, which sees them all, manages {wide:.0%}; self-attention, "
                f"which we build in chapter three, {attention:.0%}."
            )
        ) as clip:
            for k, (start, end) in enumerate(((0.05, 0.45), (0.55, 0.95)), start=1):
                self.play_during(
                    clip,
                    GrowFromEdge(chart.bar(k), LEFT),
                    FadeIn(chart.value_label(k)),
                    start=start,
                    end=end,
                )
        self.wait(0.6)
        with self.voiceover(
            Line("A CNN relates distant words late, and poorly. The next stop fixes that.")
        ) as clip:
            self.play_during(
                clip, Indicate(chart.bar(0), color=theme.highlight), start=0.1, end=0.5
            )
        self.evidence_chart = chart


SCENES: tuple[type[DerivedScene], ...] = (
    CNNsAndText,
    OneHotWords,
    ConvolutionLayers,
    RelatedInputs,
    LongRangeDependencies,
)
"""The chapter's scenes, in the order the explainer shows them."""
