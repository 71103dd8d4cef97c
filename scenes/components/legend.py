"""Keys for colours that name categories, and the note that marks an illustration.

A :class:`~scenes.components.keys.ColorKey` reads a colour back as a number; a
:class:`Legend` reads it back as a meaning ("reaches dog", "reaches both"). Pictures that
stand for no model value (generated pixels, a hypothetical size) carry an
:func:`illustration_note`, so the viewer never takes them for a measurement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from manim import DOWN, LEFT, RIGHT, Dot, Square, VGroup, VMobject

from derived_transformer.scenes.text import FlatText, flat_text
from derived_transformer.scenes.theme import current_theme

SwatchShape = Literal["dot", "square"]

ILLUSTRATION_PREFIX = "illustration: "
"""How every illustration note begins (a test looks for it)."""


class Legend(VGroup):
    """One entry per colour: a swatch in that colour and what it means.

    Data: ``colors``, ``meanings``. Parts: ``swatches`` / ``swatch(k)``, ``entry_labels`` /
    ``entry_label(k)``, ``title`` (or ``None``).

    >>> from derived_transformer.scenes.components import Legend
    >>> legend = Legend([("#e36bd9", "reaches dog"), ("#fff176", "reaches tail")])
    >>> legend.entry_label(1).text
    'reaches tail'
    """

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        *,
        title: str | None = None,
        shape: SwatchShape = "dot",
        direction: Literal["row", "column"] = "row",
        size: float | None = None,
    ) -> None:
        super().__init__()
        theme = current_theme()
        if not entries:
            raise ValueError("a legend needs at least one entry")
        if shape not in ("dot", "square"):
            raise ValueError(f"shape must be 'dot' or 'square', not {shape!r}")
        size = theme.sizes.small if size is None else size
        self.colors = tuple(color for color, _ in entries)
        self.meanings = tuple(meaning for _, meaning in entries)
        self.swatches = VGroup()
        self.entry_labels = VGroup()
        rows = VGroup()
        for color, meaning in entries:
            swatch: VMobject = (
                Dot(radius=0.09, color=color)
                if shape == "dot"
                else Square(0.2, stroke_width=0).set_fill(color, 1)
            )
            text = flat_text(meaning, size, theme.text).next_to(swatch, RIGHT, buff=0.12)
            self.swatches.add(swatch)
            self.entry_labels.add(text)
            rows.add(VGroup(swatch, text))
        if direction == "row":
            rows.arrange(RIGHT, buff=0.45)
        elif direction == "column":
            rows.arrange(DOWN, aligned_edge=LEFT, buff=0.14)
        else:
            raise ValueError(f"direction must be 'row' or 'column', not {direction!r}")
        self.add(rows)
        self.title = None
        if title:
            self.title = flat_text(title, theme.sizes.tiny, theme.muted)
            self.title.next_to(rows, DOWN if direction == "column" else LEFT, buff=0.2)
            if direction == "column":
                self.title.next_to(rows, direction=[0, 1, 0], buff=0.15).align_to(rows, LEFT)
            self.add(self.title)

    def swatch(self, k: int) -> VMobject:
        return self.swatches[k]

    def entry_label(self, k: int) -> FlatText:
        return self.entry_labels[k]


def illustration_note(what: str, size: float | None = None) -> FlatText:
    """A muted note saying that a picture is an illustration, not a model value.

    >>> illustration_note("a generated picture").text
    'illustration: a generated picture'
    """
    theme = current_theme()
    size = theme.sizes.tiny if size is None else size
    note = flat_text(ILLUSTRATION_PREFIX + what, size, theme.muted)
    note.is_illustration = True
    return note
