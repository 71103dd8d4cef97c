"""The derivation's road map: one box per stage, in each model's colour, joined by arrows."""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    RIGHT,
    Animation,
    AnimationGroup,
    Arrow,
    RoundedRectangle,
    VGroup,
)

from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme

STAGES: tuple[tuple[str, str], ...] = (
    ("CNN", "cnn"),
    ("pairwise\nconvolution", "pairwise"),
    ("self-attention", "attention"),
    ("transformer", "transformer"),
)


FILL_OPACITY = 0.12


class RoadMap(VGroup):
    """Boxes left to right with arrows between them.

    ``stages``: ``(title, model name)`` pairs; the model name picks the theme colour.
    Parts: ``boxes`` / ``box(k)`` (each with ``frame`` and ``title``), ``arrows``.
    Animations: ``animate_focus(k)`` dims every other stage.

    >>> from derived_transformer.scenes.components import RoadMap
    >>> RoadMap().box(2).title.text
    'self-attention'
    """

    def __init__(
        self, stages: Sequence[tuple[str, str]] = STAGES, width: float | None = None
    ) -> None:
        super().__init__()
        theme = current_theme()
        width = theme.layout.safe_width if width is None else width
        box_width = width / len(stages) - 0.6
        self.boxes = VGroup()
        for title, model_name in stages:
            color = theme.model_color(model_name)
            frame = RoundedRectangle(
                width=box_width, height=1.1, corner_radius=0.15, stroke_color=color, stroke_width=3
            )
            frame.set_fill(color, opacity=FILL_OPACITY)
            lines = VGroup(*(flat_text(t, theme.sizes.label, color) for t in title.split("\n")))
            lines.arrange(DOWN, buff=0.08)
            if lines.width > box_width - 0.2:
                lines.scale_to_fit_width(box_width - 0.2)
            box = VGroup(frame, lines.move_to(frame))
            box.frame, box.title = frame, lines[0] if len(lines) == 1 else lines
            box.title.text = title.replace("\n", " ") if len(lines) > 1 else lines[0].text
            self.boxes.add(box)
        self.boxes.arrange(RIGHT, buff=0.6)
        self.arrows = VGroup(
            *(
                Arrow(
                    a.get_right(),
                    b.get_left(),
                    buff=0.06,
                    stroke_width=3,
                    color=theme.muted,
                    max_tip_length_to_length_ratio=0.5,
                )
                for a, b in zip(self.boxes[:-1], self.boxes[1:], strict=True)
            )
        )
        self.add(self.boxes, self.arrows)

    def box(self, k: int) -> VGroup:
        return self.boxes[k]

    def animate_focus(self, k: int) -> Animation:
        """Full strength for stage ``k``, the others dimmed."""
        animations = []
        for i, box in enumerate(self.boxes):
            strength = 1.0 if i == k else 0.3
            animations += [
                box.frame.animate.set_stroke(opacity=strength).set_fill(
                    opacity=FILL_OPACITY * strength
                ),
                box[1].animate.set_opacity(strength),
            ]
        return AnimationGroup(*animations, group=self)
