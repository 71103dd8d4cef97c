"""A row of word labels."""

from __future__ import annotations

from collections.abc import Sequence

from manim import RIGHT, Animation, AnimationGroup, VGroup

from derived_transformer.scenes.text import FlatText, flat_text_row
from derived_transformer.scenes.theme import current_theme


class TokenRow(VGroup):
    """The sentence's words left to right, scaled down if wider than ``max_width``.

    Data: ``labels`` (the words). Parts: ``word_labels`` / ``word_label(i)``.
    Animations: ``animate_highlight(indices)``, ``animate_reset_colors()``.

    >>> from derived_transformer.scenes.components import TokenRow
    >>> row = TokenRow(["the", "fat", "cat"])
    >>> [row.word_label(i).text for i in range(3)]
    ['the', 'fat', 'cat']
    """

    def __init__(
        self,
        labels: Sequence[str],
        *,
        size: float | None = None,
        buff: float = 0.22,
        max_width: float | None = None,
        color: str | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        self.labels = tuple(labels)
        self.word_labels = VGroup(*flat_text_row(self.labels, size or theme.sizes.body, color))
        for k, word in enumerate(self.word_labels):  # widen Pango's spaces, keep the baseline
            word.shift(RIGHT * buff * k)
        self.add(self.word_labels)
        self.center()
        max_width = theme.layout.safe_width if max_width is None else max_width
        if self.width > max_width:
            self.scale_to_fit_width(max_width)

    def word_label(self, i: int) -> FlatText:
        return self.word_labels[i]

    def animate_highlight(self, indices: Sequence[int], color: str | None = None) -> Animation:
        """Colour the given words (e.g. the ones a layer has combined)."""
        color = color or current_theme().highlight
        return AnimationGroup(
            *(self.word_labels[i].animate.set_color(color) for i in indices), group=self
        )

    def animate_reset_colors(self) -> Animation:
        theme = current_theme()
        return AnimationGroup(
            *(w.animate.set_color(theme.text) for w in self.word_labels), group=self
        )
