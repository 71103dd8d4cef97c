"""Chapter 0, intro: why derive the transformer, the task every model learns, and the road
from a CNN to the transformer. Narrated: each animation runs while its line is spoken.

One module per scene: ``manim -ql scenes/ch0_intro/intro.py Intro``"""

from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.ch0_intro.intro import Intro
from derived_transformer.scenes.ch0_intro.shared import CHAPTER

SCENES: tuple[type[DerivedScene], ...] = (Intro,)

__all__ = ["CHAPTER", "SCENES", "Intro"]
