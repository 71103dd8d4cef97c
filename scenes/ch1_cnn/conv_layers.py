"""1.3: A convolutional layer on words (scene ``conv-layers``).

``manim -ql scenes/ch1_cnn/conv_layers.py ConvolutionLayers``
"""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import answer_said, question, verdict
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER
from derived_transformer.scenes.components import (
    ColorKey,
    ConvPyramid,
    NetworkGlyph,
    ProbabilityBars,
    VectorColumn,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.moves import copy_into, settle
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import current_theme


def most_active(layers: tuple[np.ndarray, ...], count: int) -> tuple[int, ...]:
    """The ``count`` components with the largest mean magnitude over every layer's outputs,
    in index order."""
    strength = np.mean([np.abs(layer).mean(axis=0) for layer in layers], axis=0)
    return tuple(sorted(int(k) for k in np.argsort(-strength, kind="stable")[:count]))


class ConvolutionLayers(DerivedScene):
    """1.3: one network on every window of 3 words, layer after layer, live: the trained
    text CNN's real outputs (the ``component_count`` most active of their 48 components,
    each layer's colours scaled to its own largest value, since their sizes differ manyfold
    (the growth is said, read from the trace), so one key reads them all), the top output
    (what the model pools from a sentence that fits one top window) with its own key in real
    values, and the CNN's real answer, judged by the labeller."""

    short_name = "conv-layers"
    chapter = CHAPTER
    model_name = "cnn"
    beats = (Beat("1.3", "A convolutional layer on words"),)
    shown_components: tuple[int, ...] = ()
    """Which components of each output to draw; empty: the ``component_count`` most active."""
    component_count: int = 4
    cell_size: float = 0.25
    key_width: float = 2.0
    key_y: float = 2.2
    """The width of the colour key, and its height in the frame (clear of the heading and of
    the pyramid's slopes)."""
    layer_gap: float = 1.02
    raised: float = 1.5
    """How far above its final place the pyramid starts, while it has two layers (it
    settles once the higher layers need the room)."""

    def construct(self) -> None:
        self.setup_stage()
        self.first_layer()
        self.higher_layers()
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
        self.pyramid.to_edge(DOWN, buff=theme.layout.margin + theme.gaps.medium).shift(
            UP * self.raised
        )
        # each layer coloured on its own scale (their values differ tenfold), read on one key
        self.scales = [float(np.abs(layer[:, list(self.shown)]).max()) for layer in t.layers]
        # every output passed a ReLU: no value is negative, so the keys are one-sided
        self.key = ColorKey(
            1.0,
            title="each layer: value ÷ its largest",
            key_range="one-sided",
            width=self.key_width,
            note_size=theme.sizes.small,
        )
        self.note = flat_text(
            f"each vector: components {', '.join(map(str, self.shown))} of "
            f"{t.layers[0].shape[1]}, the most active on this sentence",
            theme.sizes.small,
            theme.muted,
        ).to_edge(DOWN, buff=theme.layout.margin)
        self.layer_columns: list[list[VectorColumn]] = []

    def output_vector(self, layer: int, p: int) -> VectorColumn:
        """Output ``p`` of ``layer``, as shares of the largest value drawn in its layer."""
        values = self.trace.layers[layer - 1][p] / self.scales[layer - 1]
        vector = VectorColumn(
            values,
            shown=self.shown,
            show_indices=False,
            value_scale=1.0,
            cell_size=self.cell_size,
            orientation="horizontal",
            compact=True,
        )
        return vector.move_to(self.pyramid.node(layer, p))

    def place_key(self) -> ColorKey:
        """The one colour key, in the top right corner the pyramid leaves free."""
        key = to_safe_edge(self.key, RIGHT, current_theme().gaps.small)
        return key.set_y(self.key_y)

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
                Transform(
                    frame, SurroundingRectangle(words, buff=theme.gaps.hair, color=theme.highlight)
                ),
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
            buff=theme.gaps.hair,
            color=theme.cnn,  # the window, in the colour every CNN window has
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
                clip, FadeIn(glyph), Create(frame), FadeIn(self.place_key()), start=0.25, end=0.4
            )
            self.play_during(clip, self.window_step(glyph, frame, 0, 1.0), start=0.45)
        with self.voiceover(
            Line(
                "The same network slides along the sentence; each window gives a new vector "
                f"of {t.layers[0].shape[1]} numbers."
            )
        ) as clip:
            steps = [self.window_step(glyph, frame, p, 0.5) for p in range(1, count)]
            self.play_during(clip, Succession(*steps), FadeIn(self.note), start=0.05, end=0.97)
        self.wait(1.0)  # a hold on the first layer's outputs
        self.remove(glyph, frame, *self.spent)
        self.glyph = glyph

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
        return LaggedStart(*merges, lag_ratio=0.15)

    def settle_pyramid(self) -> VGroup:
        """The parts drawn so far (words, the edges of layers 1 and 2, and vectors),
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
        return VGroup(shown, *(v for row in self.layer_columns for v in row))

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
            settle(self, *self.layer_columns[-1])
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
                settle(self, *self.layer_columns[-1])
        self.wait(1.0)  # a hold on the whole pyramid
        growth = round(self.scales[-1] / self.scales[0])
        theme = current_theme()
        self.largest_note = VGroup(
            flat_text(f"largest in layer 1: {self.scales[0]:.2f}", theme.sizes.small, theme.muted),
            flat_text(f"in layer {layers}: {self.scales[-1]:.2f}", theme.sizes.small, theme.muted),
        ).arrange(DOWN, buff=theme.gaps.hair, aligned_edge=LEFT)
        self.largest_note.next_to(self.key, DOWN, buff=theme.gaps.small).align_to(self.key, LEFT)
        with self.voiceover(
            Line(
                "Each layer is coloured against its own largest value: on the way up the "
                f"values grow about {growth}-fold."
            )
        ) as clip:
            self.play_during(
                clip,
                Indicate(self.key, color=theme.highlight),
                FadeIn(self.largest_note),
                start=0.1,
                end=0.5,
            )
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

    def prediction(self) -> None:
        """The pyramid gives way: the top vector moves left and grows, with a key of its own
        values, and the answer's chart grows beside it."""
        theme = current_theme()
        t = self.trace
        if int(np.sum(t.pooled_outputs)) != 1:
            raise ValueError("the scene draws sentences that fit one top window")
        top = self.layer_columns[-1][0]
        # one top window: what the model pools is the top vector itself
        self.pooled = VectorColumn(
            t.pooled,
            shown=self.shown,
            show_indices=False,
            value_scale=self.scales[-1],
            cell_size=self.cell_size,
            orientation="horizontal",
            compact=True,
        ).move_to(top)
        title = flat_text("the top vector", theme.sizes.small, theme.muted)
        title.next_to(self.pooled, UP, buff=theme.gaps.tight)
        chart = ProbabilityBars(
            *answer_options(t),
            bar_width=3.0,
            color=theme.cnn,
            title=question(t.tokens),
            value_texts=[percent(float(p)) for p in t.top_probabilities[:3]],
        )
        chart.move_to([2.6, -0.1, 0])
        judged = flat_text(verdict(t), theme.sizes.label, theme.text)
        judged.next_to(chart, DOWN, buff=theme.gaps.medium)
        layers = len(t.layers)
        key = ColorKey(
            self.scales[-1],
            title=f"layer {layers}",
            key_range="one-sided",
            width=0.95,
            height=0.14,
            note_size=theme.sizes.small,
        )
        key.scale(1.3).move_to([-3.6, -1.2, 0])
        self.top_key = key
        reader = NetworkGlyph(color=theme.cnn, width=1.1, height=0.9).move_to([-1.2, -0.1, 0])
        pulse = reader.edges.copy().set_stroke(theme.highlight, width=2.5, opacity=1)
        with self.voiceover(
            Line(f"A last small network reads it and answers the question: {question(t.tokens)}")
        ) as clip:
            self.clear_stage(
                run_time=clip.duration * 0.2,
                keep=(self.current_heading, top, self.key, self.largest_note),
            )
            # the same colours, from here read in the top layer's own values, on its own key
            self.remove(top)
            self.add(self.pooled)
            self.play_during(
                clip,
                self.pooled.animate.scale(1.8).move_to([-3.6, -0.1, 0]),
                FadeOut(self.key),
                FadeOut(self.largest_note),
                FadeIn(key),
                FadeIn(title.scale(1.3).move_to([-3.6, 0.6, 0])),
                start=0.2,  # at once: the vector must not wait on screen without its key
                end=0.45,
            )
            self.play_during(clip, FadeIn(reader), start=0.47, end=0.56)
            self.play_during(
                clip, ShowPassingFlash(pulse, time_width=0.6), chart.animate_grow(), start=0.58
            )
        with self.voiceover(Line(answer_said(t))) as clip:
            self.play_during(clip, FadeIn(judged, shift=UP * 0.1), start=0.5)
        self.wait(1.0)  # a hold on the answer
        self.chart = chart
        self.judged = judged
