"""Chapter 1, CNNs for text: one-hot words, convolution layers, and why long-range
dependencies defeat them. Narrated: each animation runs while its line is spoken.

One module per scene, each rendered on its own:
``manim -ql scenes/ch1_cnn/cnn_text.py CNNsAndText`` (and the other scenes below)."""

from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.ch1_cnn.cnn_text import CNNsAndText
from derived_transformer.scenes.ch1_cnn.conv_layers import ConvolutionLayers
from derived_transformer.scenes.ch1_cnn.long_range import LongRangeDependencies
from derived_transformer.scenes.ch1_cnn.one_hot import OneHotWords
from derived_transformer.scenes.ch1_cnn.related import RelatedInputs
from derived_transformer.scenes.ch1_cnn.shared import CHAPTER

SCENES: tuple[type[DerivedScene], ...] = (
    CNNsAndText,
    OneHotWords,
    ConvolutionLayers,
    RelatedInputs,
    LongRangeDependencies,
)

__all__ = [
    "CHAPTER",
    "SCENES",
    "CNNsAndText",
    "ConvolutionLayers",
    "LongRangeDependencies",
    "OneHotWords",
    "RelatedInputs",
]
