"""A stack of convolution layers showing each output's receptive field."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Animation,
    AnimationGroup,
    Dot,
    Line,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.text import flat_text, flat_text_row
from derived_transformer.scenes.theme import current_theme


class ConvPyramid(VGroup):
    """Words at the bottom, one row of nodes per layer above, each node joined to the three
    nodes (or words) of its window below.

    ``windows[k]`` is an ``(m, 2)`` array of the first and last word position covered by each
    output of layer ``k + 1`` (from the trace); positions at or beyond ``len(labels)`` are
    padding, drawn as faint slots. ``node_height``: room left at each node for something
    drawn over it (an output vector), edges ending at its bottom and starting at its top.
    ``label_size``: the font size of the "layer k" labels (default ``theme.sizes.tiny``;
    pass a larger one when the pyramid will be drawn scaled down, so that they stay
    legible). The layer labels stand left of ``width`` (centre the pyramid to keep them in
    frame), or with ``labels_beside`` each just left of its layer's first node, inside the
    pyramid's own width.

    Data: ``labels`` (the words), ``windows``, ``covered(layer, p)``. Parts: ``word_labels`` /
    ``word_label(i)``, ``layers`` / ``node(layer, p)`` (layers from 1), ``edges`` /
    ``edges_into(layer, p)``, ``layer_labels``, ``cone(layer, p)``.
    Animations: ``animate_receptive_field(layer, p)``, ``animate_reset_colors()``.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import ConvPyramid
    >>> windows = [np.array([[p, p + 2] for p in range(3)]), np.array([[0, 4]])]
    >>> pyramid = ConvPyramid(["a", "b", "c", "d", "e"], windows)
    >>> pyramid.covered(2, 0)
    (0, 4)
    """

    def __init__(
        self,
        labels: Sequence[str],
        windows: Sequence[np.ndarray],
        *,
        width: float | None = None,
        layer_gap: float = 0.8,
        color: str | None = None,
        node_height: float = 0.0,
        label_size: float | None = None,
        labels_beside: bool = False,
    ) -> None:
        super().__init__()
        theme = current_theme()
        width = theme.layout.safe_width if width is None else width
        self.labels = tuple(labels)
        self.windows = [np.asarray(w, dtype=int) for w in windows]
        slots = int(self.windows[0][-1][1]) + 1
        self.slots = slots
        pitch = width / slots
        xs = -width / 2 + pitch * (np.arange(slots) + 0.5)
        self.accent = color or theme.cnn

        self.word_labels = VGroup()
        row = flat_text_row(self.labels, theme.sizes.label)
        for i in range(slots):
            if i < len(self.labels):
                text = row[i]
                if text.width > pitch * 0.92:
                    text.scale_to_fit_width(pitch * 0.92)
                text.set_x(xs[i])
            else:
                text = flat_text("pad", theme.sizes.tiny, theme.outline).move_to([xs[i], 0, 0])
            self.word_labels.add(text)
        if len(self.labels) < slots:
            self.word_labels[len(self.labels) :].set_y(self.word_labels[0].get_y())
        word_top = self.word_labels.get_top()[1]

        self.layers = VGroup()
        self.edges = VGroup()
        self._edges: dict[tuple[int, int], VGroup] = {}
        up = np.array([0, 1, 0])
        below_points = [np.array([w.get_x(), word_top + 0.05, 0]) for w in self.word_labels]
        for k, window in enumerate(self.windows, start=1):
            row = VGroup()
            points = []
            for p, (start, end) in enumerate(window):
                center = np.array([(xs[start] + xs[end]) / 2, word_top + layer_gap * k, 0])
                dot = Dot(center, radius=0.09, color=self.accent)
                row.add(dot)
                points.append(center + up * node_height / 2)
                bottom = center - up * node_height / 2
                group = VGroup(
                    *(
                        Line(
                            below_points[q],
                            bottom,
                            stroke_width=1.2,
                            color=theme.outline,
                            buff=0.1 if node_height == 0 else 0.04,
                        )
                        for q in range(p, p + 3)
                    )
                )
                self._edges[(k, p)] = group
                self.edges.add(group)
            below_points = points
            self.layers.add(row)
        self.layer_labels = VGroup(
            *(
                flat_text(f"layer {k}", label_size or theme.sizes.tiny, theme.muted)
                .next_to(self.layers[k - 1], direction=[-1, 0, 0], buff=0.3)
                .set_x(-width / 2 - 0.1, direction=[1, 0, 0])
                for k in range(1, len(self.windows) + 1)
            )
        )
        if labels_beside:
            for text, row in zip(self.layer_labels, self.layers, strict=True):
                text.next_to(row[0], direction=[-1, 0, 0], buff=0.3)
        self.add(self.edges, self.word_labels, self.layers, self.layer_labels)

    def word_label(self, i: int) -> VMobject:
        return self.word_labels[i]

    def node(self, layer: int, p: int) -> Dot:
        return self.layers[layer - 1][p]

    def covered(self, layer: int, p: int) -> tuple[int, int]:
        start, end = self.windows[layer - 1][p]
        return int(start), int(end)

    def edges_into(self, layer: int, p: int) -> VGroup:
        return self._edges[(layer, p)]

    def cone(self, layer: int, p: int) -> tuple[list[Dot], list[VGroup]]:
        """Every node and edge group that feeds output ``p`` of ``layer``."""
        nodes, edges = [], []
        frontier = {p}
        for k in range(layer, 0, -1):
            edges += [self.edges_into(k, q) for q in sorted(frontier)]
            nodes += [self.node(k, q) for q in sorted(frontier)]
            frontier = {q + d for q in frontier for d in range(3)}
        return nodes, edges

    def animate_receptive_field(self, layer: int, p: int, color: str | None = None) -> Animation:
        """Light up output ``p`` of ``layer``, everything that feeds it, and its words."""
        color = color or current_theme().highlight
        nodes, edges = self.cone(layer, p)
        start, end = self.covered(layer, p)
        return AnimationGroup(
            *(n.animate.set_color(color) for n in nodes),
            *(e.animate.set_stroke(color, width=2) for e in edges),
            *(
                self.word_labels[i].animate.set_color(color)
                for i in range(start, end + 1)
                if i < len(self.labels)
            ),
            group=self,
        )

    def animate_reset_colors(self) -> Animation:
        theme = current_theme()
        return AnimationGroup(
            *(n.animate.set_color(self.accent) for row in self.layers for n in row),
            self.edges.animate.set_stroke(theme.outline, width=1.2),
            *(w.animate.set_color(theme.text) for w in self.word_labels[: len(self.labels)]),
            group=self,
        )
