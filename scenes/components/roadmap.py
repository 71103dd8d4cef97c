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
    Transform,
    VGroup,
    VMobject,
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
    ``height``: the boxes' height; ``contents``: one picture per stage (any mobject), drawn
    inside its box just under the title, which then stands at the box's top (a tall road map
    whose boxes show what each stage does); ``title_size``: the titles' font size.
    Parts: ``boxes`` / ``box(k)`` (each with ``frame``, ``title`` and, with ``contents``,
    ``content``), ``arrows``.
    Animations: ``animate_focus(k)`` dims every other stage (contents too).

    >>> from derived_transformer.scenes.components import RoadMap
    >>> RoadMap().box(2).title.text
    'self-attention'
    """

    def __init__(
        self,
        stages: Sequence[tuple[str, str]] = STAGES,
        width: float | None = None,
        height: float = 1.1,
        contents: Sequence[VMobject] | None = None,
        title_size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        width = theme.layout.safe_width if width is None else width
        box_width = width / len(stages) - 0.6
        size = theme.sizes.label if title_size is None else title_size
        self.boxes = VGroup()
        tallest = max(len(title.split("\n")) * flat_text("Ag", size).height for title, _ in stages)
        for k, (title, model_name) in enumerate(stages):
            color = theme.model_color(model_name)
            frame = RoundedRectangle(
                width=box_width,
                height=height,
                corner_radius=0.15,
                stroke_color=color,
                stroke_width=3,
            )
            frame.set_fill(color, opacity=FILL_OPACITY)
            lines = VGroup(*(flat_text(t, size, color) for t in title.split("\n")))
            lines.arrange(DOWN, buff=0.08)
            if lines.width > box_width - 0.2:
                lines.scale_to_fit_width(box_width - 0.2)
            box = VGroup(frame, lines.move_to(frame))
            box.frame, box.title = frame, lines[0] if len(lines) == 1 else lines
            box.title.text = title.replace("\n", " ") if len(lines) > 1 else lines[0].text
            if contents is not None:
                gap = theme.gaps.small
                lines.next_to(frame.get_top(), DOWN, buff=gap)
                content = contents[k]
                room = frame.get_bottom()[1] + gap, frame.get_top()[1] - 2 * gap - tallest
                if content.width > box_width - 2 * gap:
                    content.scale_to_fit_width(box_width - 2 * gap)
                if content.height > room[1] - room[0]:
                    content.scale_to_fit_height(room[1] - room[0])
                # every content at one height, under the tallest title
                top = frame.get_top()[1] - 2 * gap - tallest
                content.move_to([frame.get_x(), top - content.height / 2, 0])
                box.add(content)
                box.content = content
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
        return self._animate_strengths([1.0 if i == k else 0.3 for i in range(len(self.boxes))])

    def animate_all_lit(self) -> Animation:
        """Every stage at full strength again (after :meth:`animate_focus` dimmed some)."""
        return self._animate_strengths([1.0] * len(self.boxes))

    def _animate_strengths(self, strengths: Sequence[float]) -> Animation:
        animations = []
        for box, strength in zip(self.boxes, strengths, strict=True):
            animations += [
                box.frame.animate.set_stroke(opacity=strength).set_fill(
                    opacity=FILL_OPACITY * strength
                ),
                box[1].animate.set_opacity(strength),
            ]
            if len(box) > 2:
                animations.append(Transform(box[2], self._at_strength(box[2], strength)))
        return AnimationGroup(*animations, group=self)

    def _at_strength(self, content: VMobject, strength: float) -> VMobject:
        """A copy of ``content`` with every part at ``strength`` times the opacity it was
        drawn with (kept from the first call, so that dimming and lighting never compound)."""
        if not hasattr(self, "_drawn"):
            self._drawn: dict[int, list[tuple[float, float]]] = {}
        parts = content.family_members_with_points()
        drawn = self._drawn.setdefault(
            id(content), [(m.get_fill_opacity(), m.get_stroke_opacity()) for m in parts]
        )
        target = content.copy()
        for m, (fill, stroke) in zip(target.family_members_with_points(), drawn, strict=True):
            m.set_fill(opacity=fill * strength, family=False)
            m.set_stroke(opacity=stroke * strength, family=False)
        return target
