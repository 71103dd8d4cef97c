"""What the scenes of chapter 1 share: the chapter, and what more than one of its
scenes use."""

from __future__ import annotations

from manim import *

from derived_transformer.scenes.base import Chapter

CHAPTER = Chapter(1, "CNNs for text")


"""The chapter's scenes, in the order the explainer shows them."""
