"""4.6: Multi-head attention (scene ``multi-head``).

``manim -ql scenes/ch4_optimisations/multi_head.py MultiHead``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model import TransformerTrace
from derived_transformer.model.heads import heads_that_differ
from derived_transformer.narration import Line
from derived_transformer.narration.numbers import head_list
from derived_transformer.narration.words import short_word_at, word_at
from derived_transformer.scenes.base import Beat, DerivedScene
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER, HOLD
from derived_transformer.scenes.components import (
    ColorKey,
    Heatmap,
    vector_strip,
)
from derived_transformer.scenes.layout import to_safe_edge
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import color_scale, current_theme


class MultiHead(DerivedScene):
    """4.6: several attention operations side by side, live: each head's pattern in the
    layer and column where the heads differ most (each head's largest importance boxed), and
    each head's output moving into the concatenated vector.

    ``shown``: how many components of each head's output are drawn; ``map_side``: the
    largest side of each head's map."""

    short_name = "multi-head"
    chapter = CHAPTER
    model_name = "transformer"
    beats = (Beat("4.6", "Multi-head attention"),)
    shown: int = 8
    map_side: float = 2.8

    def construct(self) -> None:
        self.heads()
        self.where_they_differ()
        self.concatenate()

    def heads(self) -> None:
        """One heatmap per head of the layer where they differ most, shown one by one."""
        t: TransformerTrace = self.trace
        self.beat("4.6")
        self.heading("Multi-head attention")
        self.layer, self.column, self.picks = heads_that_differ(t.layer_importances)
        self.head_maps()
        line = Line(
            "A column may need more than one pair, but its importances make one weighted sum. "
            "So run several side by side, each with its own scores: heads, "
            f"{len(self.maps)} per layer here."
        )
        with self.voiceover(line) as clip:
            several = clip.at("So run")
            self.play_during(
                clip,
                FadeIn(self.maps[0], shift=DOWN * 0.2),
                FadeIn(self.key),
                end=several,
            )
            self.play_during(
                clip,
                LaggedStart(*(FadeIn(m, shift=LEFT * 0.3) for m in self.maps[1:]), lag_ratio=0.5),
                start=several,
                end=1 - HOLD / clip.duration,
            )

    def head_maps(self) -> None:
        """Each head's importances in the chosen layer, titled, in a row under the heading
        (only the first with its row labels), the key and the layer's name below."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        importances = t.layer_importances[self.layer]
        self.maps = VGroup()
        for h in range(importances.shape[0]):
            heat = Heatmap(
                importances[h],
                [short_word_at(t.tokens, i) for i in range(t.n)],
                show_numbers=False,
                value_scale=1.0,
                max_width=self.map_side,
                max_height=self.map_side,
            )
            if h:
                heat.remove(heat.row_labels)
            title = flat_text(
                f"layer {self.layer + 1}, head {h + 1}", theme.sizes.label, theme.transformer
            )
            self.maps.add(VGroup(heat, title))
        self.maps.arrange(RIGHT, buff=theme.gaps.small)
        for heat, title in self.maps:
            title.next_to(heat, UP, buff=theme.gaps.tight)
        self.maps.next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        self.key = ColorKey(1.0, title="relative importance", key_range="one-sided", width=2.0)
        to_safe_edge(to_safe_edge(self.key, DOWN), LEFT)

    def where_they_differ(self) -> None:
        t: TransformerTrace = self.trace
        j = self.column
        groups: dict[int, list[int]] = {}
        for h, row in enumerate(self.picks):
            groups.setdefault(row, []).append(h)
        parts = [f"{head_list(hs)} at {word_at(t.tokens, row)}" for row, hs in groups.items()]
        if len(parts) > 1:
            finding = ", ".join(parts[:-1]) + f", and {parts[-1]}"
            line = Line(
                f"In layer {self.layer + 1}, the column of {word_at(t.tokens, j)} shows them "
                f"differing: {finding}."
            )
        else:
            line = Line(
                f"In this sentence, the heads agree: in layer {self.layer + 1}, every head of the "
                f"column of {word_at(t.tokens, j)} looks at {word_at(t.tokens, self.picks[0])}."
            )
        self.boxes = VGroup(
            *(
                heat.outline_entry(row, j)
                for (heat, _), row in zip(self.maps, self.picks, strict=True)
            )
        )
        self.pick_labels = self.picks_written()
        with self.voiceover(line) as clip:
            self.play_during(
                clip,
                LaggedStart(
                    *(
                        AnimationGroup(
                            Wiggle(heat, scale_value=1.04),
                            Create(box),
                            FadeIn(label, shift=UP * 0.1),
                        )
                        for (heat, _), box, label in zip(
                            self.maps, self.boxes, self.pick_labels, strict=True
                        )
                    ),
                    lag_ratio=1.0,
                ),
                start=clip.at(parts[0]) if len(parts) > 1 else 0.0,
                end=1 - HOLD / clip.duration,
            )

    def picks_written(self) -> VGroup:
        """Under each map, the word its head looks at most in the column and how much."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        importances = t.layer_importances[self.layer]
        labels = VGroup()
        for h, ((heat, _), row) in enumerate(zip(self.maps, self.picks, strict=True)):
            value = importances[h][row, self.column]
            label = flat_text(
                f"{short_word_at(t.tokens, row)}: {value:.2f}", theme.sizes.small, theme.highlight
            )
            labels.add(label.next_to(heat.entries, DOWN, buff=theme.gaps.tight))
        return labels

    def concatenate(self) -> None:
        """Each head's output under its map, then joined end to end into one vector."""
        theme = current_theme()
        t: TransformerTrace = self.trace
        j = self.column
        heads, _, head_dim = t.head_outputs.shape
        shown = tuple(range(min(self.shown, head_dim)))
        scale = color_scale(t.head_outputs[:, j][:, list(shown)])
        self.parts = VGroup(
            *(
                vector_strip(t.head_outputs[h][j], shown=shown, value_scale=scale, cell_size=0.28)
                for h in range(heads)
            )
        )
        for part, (heat, _) in zip(self.parts, self.maps, strict=True):
            part.next_to(self.pick_labels, DOWN, buff=theme.gaps.wide).set_x(heat.entries.get_x())
        joined = VGroup(*(p.copy() for p in self.parts)).arrange(RIGHT, buff=theme.gaps.hair)
        to_safe_edge(joined, DOWN, theme.gaps.large)
        captions = VGroup(
            *(
                flat_text(f"head {h + 1}", theme.sizes.tiny, theme.muted).next_to(
                    p, DOWN, buff=theme.gaps.hair
                )
                for h, p in enumerate(joined)
            )
        )
        title = flat_text(
            f"layer 1, column “{short_word_at(t.tokens, j)}”: each head's output, "
            f"components 0–{len(shown) - 1} of {head_dim}",
            theme.sizes.tiny,
            theme.muted,
        ).next_to(self.parts, UP, buff=theme.gaps.tight)
        title.align_to(self.parts, LEFT)
        key = ColorKey(scale, title="head output", width=1.5)
        key.next_to(joined, RIGHT, buff=theme.gaps.medium)
        self.join(joined, VGroup(title, key, captions))

    def join(self, joined: VGroup, labels: VGroup) -> None:
        """The heads' outputs (``self.parts``) move into ``joined``, end to end, while the
        line says so; ``labels``: their title, key and captions (the captions last)."""
        t: TransformerTrace = self.trace
        heads, _, head_dim = t.head_outputs.shape
        title, key, captions = labels
        line = Line(
            f"Each head's weighted sum, {head_dim} numbers wide, is joined end to end into one "
            f"vector of {heads * head_dim}."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.parts),
                FadeIn(title),
                FadeIn(key),
                run_time=0.8,
            )
            joining = clip.at("joined end to end")
            self.play_during(
                clip,
                *(ReplacementTransform(p, q) for p, q in zip(self.parts, joined, strict=True)),
                FadeIn(captions),
                start=joining,
                end=1 - HOLD / clip.duration,
            )
        self.parts = joined
