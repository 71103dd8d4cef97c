"""The small "neural network" glyph: inputs flow in, a vector flows out."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    AnimationGroup,
    Circle,
    Line,
    Mobject,
    RoundedRectangle,
    ShowPassingFlash,
    Succession,
    VGroup,
)

from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class NetworkGlyph(VGroup):
    """Three layers of nodes joined by edges, in a rounded frame, with an optional caption.

    Accessors: ``nodes`` (one ``VGroup`` per layer), ``edges``, ``frame``, ``input_point``,
    ``output_point``. Animations: ``animate_forward(inputs, output)``.

    >>> from derived_transformer.scenes.components import NetworkGlyph
    >>> glyph = NetworkGlyph(layers=(3, 4, 2), caption="scores")
    >>> len(glyph.nodes[1])
    4
    """

    def __init__(
        self,
        layers: tuple[int, ...] = (3, 4, 3),
        *,
        color: str | None = None,
        caption: str | None = None,
        width: float = 1.6,
        height: float = 1.3,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.accent = color or theme.attention
        radius = min(height / (2.6 * max(layers)), 0.11)
        self.nodes = VGroup()
        for k, count in enumerate(layers):
            x = -width / 2 + width * (k + 0.5) / len(layers)
            column = VGroup(
                *(
                    Circle(radius=radius, stroke_width=1.5, stroke_color=self.accent)
                    .set_fill(theme.background, 1)
                    .move_to([x, height / 2 - height * (r + 0.5) / count, 0])
                    for r in range(count)
                )
            )
            self.nodes.add(column)
        self.edges = VGroup(
            *(
                Line(
                    a.get_center(),
                    b.get_center(),
                    stroke_width=1,
                    stroke_opacity=0.55,
                    color=self.accent,
                    buff=radius,
                )
                for left, right in zip(self.nodes[:-1], self.nodes[1:], strict=True)
                for a in left
                for b in right
            )
        )
        self.frame = RoundedRectangle(
            width=width + 0.3,
            height=height + 0.25,
            corner_radius=0.12,
            stroke_color=self.accent,
            stroke_width=2,
        )
        self.add(self.frame, self.edges, self.nodes)
        self.caption = None
        if caption:
            self.caption = flat_text(caption, theme.sizes.small, self.accent)
            self.caption.next_to(self.frame, DOWN, buff=0.1)
            self.add(self.caption)

    @property
    def input_point(self):
        return self.frame.get_left()

    @property
    def output_point(self):
        return self.frame.get_right()

    def animate_forward(
        self, inputs: Mobject, output: Mobject, buff: float = 0.3, shrink: float = 0.6
    ) -> Animation:
        """Inputs slide into the network (scaled by ``shrink``: 1 keeps labels on them at
        their size), a pulse runs through it, the output slides out.

        ``output`` should be placed at its destination beforehand; it appears there.
        """
        destination = output.get_center().copy()
        output.next_to(self.frame, RIGHT, buff=0.05).set_opacity(0)
        pulse = self.edges.copy().set_stroke(current_theme().highlight, width=2.5, opacity=1)
        return Succession(
            inputs.animate.scale(shrink).next_to(self.frame, LEFT, buff=buff),
            ShowPassingFlash(pulse, time_width=0.6, run_time=0.7),
            AnimationGroup(output.animate.set_opacity(1).move_to(destination)),
        )
