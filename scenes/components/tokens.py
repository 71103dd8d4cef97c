"""A row of word tokens."""

from __future__ import annotations

from collections.abc import Sequence

from manim import RIGHT, Animation, AnimationGroup, VGroup

from scenes.text import Label, label_row
from scenes.theme import current_theme


class TokenRow(VGroup):
    """The sentence's words left to right, scaled down if wider than ``max_width``.

    Accessors: ``word(i)``, ``words``, ``tokens``. Animations: ``highlight(indices)``.

    >>> from scenes.components import TokenRow
    >>> row = TokenRow(["the", "fat", "cat"])
    >>> [row.word(i).text for i in range(3)]
    ['the', 'fat', 'cat']
    """

    def __init__(
        self,
        tokens: Sequence[str],
        *,
        size: float | None = None,
        buff: float = 0.22,
        max_width: float = 12.5,
        color: str | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.tokens = tuple(tokens)
        self.words = VGroup(*label_row(self.tokens, size or theme.sizes.body, color))
        for k, word in enumerate(self.words):  # widen Pango's spaces, keep the baseline
            word.shift(RIGHT * buff * k)
        self.add(self.words)
        self.center()
        if self.width > max_width:
            self.scale_to_fit_width(max_width)

    def word(self, i: int) -> Label:
        return self.words[i]

    def highlight(self, indices: Sequence[int], color: str | None = None) -> Animation:
        """Colour the given words (e.g. the ones a layer has combined)."""
        color = color or current_theme().highlight
        return AnimationGroup(
            *(self.words[i].animate.set_color(color) for i in indices), group=self
        )

    def reset_colors(self) -> Animation:
        theme = current_theme()
        return AnimationGroup(
            *(w.animate.set_color(theme.text) for w in self.words), group=self
        )
