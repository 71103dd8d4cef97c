"""What the scenes of chapter 4 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

from manim import *

from derived_transformer.model import model_config
from derived_transformer.scenes.base import Chapter, DerivedScene
from derived_transformer.scenes.components import (
    TokenRow,
)
from derived_transformer.scenes.theme import current_theme

CHAPTER = Chapter(4, "Optimisations")


class CostScene(DerivedScene):
    """Shared by the scenes that count operations: the trained models' configs, and the
    sentence shown as a row of words under the heading."""

    chapter = CHAPTER
    model_name = "transformer"

    @property
    def configs(self):
        return model_config("attention"), model_config("transformer")

    def sentence_row(self) -> TokenRow:
        theme = current_theme()
        row = TokenRow(self.trace.tokens, size=theme.sizes.label, color=theme.muted)
        return row.next_to(self.current_heading, DOWN, buff=theme.gaps.small)


"""The chapter's scenes, in the order the explainer shows them."""
