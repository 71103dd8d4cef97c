"""4.2: The network, after attention (scene ``network-after``).

``manim -ql scenes/ch4_optimisations/network_after.py NetworkAfterAttention``
"""

from __future__ import annotations

import math

import numpy as np
from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.narration import Line
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER
from derived_transformer.scenes.components import (
    ColorKey,
    NetworkGlyph,
    TokenRow,
    VectorColumn,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import counted, flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class NetworkAfterAttention(DerivedScene):
    """4.2: the network moves after attention and runs on each of the n outputs, live: the
    transformer's real combined vectors and the network's real outputs, each kind on one
    colour scale with its key.

    ``shown``: how many components of each vector are drawn."""

    short_name = "network-after"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.2", "The network, after attention"),)
    shown: int = 6

    def construct(self) -> None:
        self.outputs_of_attention()
        self.network_on_each()

    def columns(self, vectors: np.ndarray, scale: float) -> VGroup:
        return VGroup(
            *(
                VectorColumn(
                    v,
                    max_cells=self.shown,
                    cell_size=0.26,
                    show_indices=False,
                    compact=True,
                    value_scale=scale,
                )
                for v in vectors
            )
        )

    def outputs_of_attention(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        self.beat("4.2")
        self.heading("The network, after attention")
        self.row = TokenRow(
            t.tokens, size=theme.sizes.label, buff=theme.gaps.medium, max_width=10.4
        )
        self.row.next_to(self.current_heading, DOWN, buff=theme.gaps.medium).shift(LEFT * 0.7)
        self.before_scale = color_scale(t.combined)
        self.before = self.columns(t.combined, self.before_scale)
        top = self.row.get_bottom()[1] - 0.3
        for j, v in enumerate(self.before):
            v.move_to([self.row.word_label(j).get_x(), top - v.height / 2, 0])
        note = flat_text(
            f"transformer, layer 1, attention's outputs: components 0–{self.shown - 2} and "
            f"{t.combined.shape[1] - 1} of {t.combined.shape[1]}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.before, DOWN, buff=theme.gaps.tight)
        key = ColorKey(
            self.before_scale, title="attention output", width=1.6, orientation="vertical"
        )
        to_safe_edge(key, RIGHT).align_to(self.before, UP)
        self.collapse = VGroup(
            flat_text("W₂ (W₁ x)  =  (W₂ W₁) x  =  W x", theme.sizes.heading),
            flat_text(
                "two linear layers, nothing non-linear between: one matrix",
                theme.sizes.small,
                theme.muted,
            ),
        ).arrange(DOWN, buff=theme.gaps.small)
        self.collapse.move_to([self.row.get_x(), -2.0, 0])
        line = Line(
            "A linear map has no non-linearity, and without one, layers of a network add up to "
            "a single matrix."
        )
        with self.voiceover(line) as clip:
            shown = min(1.5, clip.duration / 2)
            self.play(
                FadeIn(self.row),
                FadeIn(self.before),
                FadeIn(note),
                FadeIn(key),
                run_time=shown,
            )
            self.play(
                FadeIn(self.collapse, shift=UP * 0.1), run_time=min(1.2, clip.duration - shown)
            )
        self.note = note

    def network_on_each(self) -> None:
        theme = current_theme()
        t: TransformerTrace = self.trace
        glyph = NetworkGlyph(color=theme.transformer, width=0.9, height=0.7)
        glyph.next_to(self.note, DOWN, buff=theme.gaps.small).set_x(self.before[0].get_x())
        self.after_scale = color_scale(t.outputs)
        self.after = self.columns(t.outputs, self.after_scale)
        for j, v in enumerate(self.after):
            v.next_to(glyph, DOWN, buff=theme.gaps.medium).set_x(self.before[j].get_x())
        key = ColorKey(self.after_scale, title="network output", width=1.6, orientation="vertical")
        to_safe_edge(key, RIGHT).align_to(self.after, UP)
        note = flat_text(
            f"layer 1, the network's outputs: components 0–{self.shown - 2} and "
            f"{t.outputs.shape[1] - 1} of {t.outputs.shape[1]}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.after, DOWN, buff=theme.gaps.tight)
        line = Line(
            "It comes back one step later: after attention, a network runs on each word's output."
        )
        first = min(2, t.n)
        with self.voiceover(line) as clip:
            self.play(
                FadeOut(self.collapse), FadeIn(glyph), FadeIn(key), FadeIn(note), run_time=0.5
            )
            frame = 1 / config.frame_rate  # each play lasts whole frames
            step = max(frame, math.floor((clip.duration - 0.5) / (2 * first) / frame) * frame)
            for j in range(first):
                self.play(glyph.animate.set_x(self.before[j].get_x()), run_time=step)
                self.play(ReplacementTransform(self.before[j].copy(), self.after[j]), run_time=step)
        line = Line(f"The same network, {counted(t.n, 'time')}: once per word.")
        with self.voiceover(line) as clip:
            rest = range(first, t.n)
            frame = 1 / config.frame_rate  # each play lasts whole frames
            step = min(0.35, clip.duration / (2 * max(len(rest), 1) + 1))
            step = max(frame, math.floor(step / frame) * frame)
            for j in rest:
                self.play(glyph.animate.set_x(self.before[j].get_x()), run_time=step)
                self.play(ReplacementTransform(self.before[j].copy(), self.after[j]), run_time=step)
