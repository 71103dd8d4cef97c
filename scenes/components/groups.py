"""A vocabulary shown by role: one card per word group, with its size and a few words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from manim import DOWN, LEFT, UP, Animation, AnimationGroup, RoundedRectangle, VGroup

from derived_transformer.scenes.text import FlatText, flat_text
from derived_transformer.scenes.theme import current_theme


class GroupCards(VGroup):
    """Cards in a grid, one per group: the group's name, how many words it holds, and the
    first few of its words (``featured`` words first, e.g. the words of the sentence).

    Data: ``groups`` (name -> words), ``featured``. Parts: ``cards`` / ``card(name)`` (each
    with ``frame``, ``name_label``, ``count_label``, ``words_label``).
    Animations: ``animate_highlight(names)``.

    >>> from derived_transformer.scenes.components import GroupCards
    >>> cards = GroupCards({"animals": ("lion", "cat"), "places": ("park",)}, columns=2)
    >>> cards.card("animals").count_label.text
    '2 words'
    """

    def __init__(
        self,
        groups: Mapping[str, Sequence[str]],
        *,
        featured: Sequence[str] = (),
        columns: int = 5,
        card_width: float = 2.35,
        card_height: float = 0.95,
        samples: int = 3,
    ) -> None:
        super().__init__()
        theme = current_theme()
        if not groups:
            raise ValueError("no groups to show")
        self.groups = {name: tuple(words) for name, words in groups.items()}
        self.featured = tuple(featured)
        self.cards = VGroup()
        self._card_of: dict[str, VGroup] = {}
        for k, (name, words) in enumerate(self.groups.items()):
            row, column = divmod(k, columns)
            frame = RoundedRectangle(
                width=card_width,
                height=card_height,
                corner_radius=0.1,
                stroke_color=theme.outline,
                stroke_width=1.5,
            )
            frame.move_to([column * (card_width + 0.2), -row * (card_height + 0.2), 0])
            name_label = flat_text(name, theme.sizes.small, theme.text)
            if name_label.width > card_width - 0.2:
                name_label.scale_to_fit_width(card_width - 0.2)
            name_label.align_to(frame, UP).align_to(frame, LEFT).shift([0.1, -0.1, 0])
            count_label = flat_text(
                f"{len(words)} word{'s' if len(words) != 1 else ''}", theme.sizes.tiny, theme.muted
            )
            count_label.next_to(name_label, DOWN, buff=0.08, aligned_edge=LEFT)
            shown = [w for w in self.featured if w in words]
            shown += [w for w in words if w not in shown]
            words_label = self._sample(shown, samples, card_width - 0.2)
            words_label.next_to(count_label, DOWN, buff=0.08, aligned_edge=LEFT)
            card = VGroup(frame, name_label, count_label, words_label)
            card.frame, card.name_label = frame, name_label
            card.count_label, card.words_label = count_label, words_label
            self.cards.add(card)
            self._card_of[name] = card
        self.add(self.cards)
        self.center()

    @staticmethod
    def _sample(words: Sequence[str], count: int, width: float) -> FlatText:
        theme = current_theme()
        for k in range(min(count, len(words)), 0, -1):
            more = "…" if k < len(words) else ""
            text = flat_text(", ".join(words[:k]) + more, theme.sizes.tiny, theme.text)
            if text.width <= width:
                return text
        text = flat_text(words[0], theme.sizes.tiny, theme.text)
        return text.scale_to_fit_width(min(width, text.width))

    def card(self, name: str) -> VGroup:
        try:
            return self._card_of[name]
        except KeyError:
            raise KeyError(f"no group {name!r} (groups: {', '.join(self.groups)})") from None

    def animate_highlight(self, names: Sequence[str], color: str | None = None) -> Animation:
        """Outline the given groups' cards in ``color`` (default: the highlight)."""
        color = color or current_theme().highlight
        return AnimationGroup(
            *(self.card(n).frame.animate.set_stroke(color, width=3) for n in names), group=self
        )
