"""Chapter 3, self-attention: from n^2 pair vectors back to n, by importance-weighted sums.
Narrated: each animation runs while its line is spoken.

One module per scene, each rendered on its own:
``manim -ql scenes/ch3_attention/column_sums.py ColumnSums`` (and the other scenes below)."""

from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.ch3_attention.attention_layer import SelfAttentionLayer
from derived_transformer.scenes.ch3_attention.blurry import BlurryMess
from derived_transformer.scenes.ch3_attention.column_sums import ColumnSums
from derived_transformer.scenes.ch3_attention.context import ContextMatters
from derived_transformer.scenes.ch3_attention.one_large import OneLargeVector
from derived_transformer.scenes.ch3_attention.scores import ScoresCompared
from derived_transformer.scenes.ch3_attention.shared import CHAPTER
from derived_transformer.scenes.ch3_attention.two_networks import TwoNetworks

SCENES: tuple[type[DerivedScene], ...] = (
    ColumnSums,
    BlurryMess,
    OneLargeVector,
    ContextMatters,
    ScoresCompared,
    TwoNetworks,
    SelfAttentionLayer,
)

__all__ = [
    "CHAPTER",
    "SCENES",
    "BlurryMess",
    "ColumnSums",
    "ContextMatters",
    "OneLargeVector",
    "ScoresCompared",
    "SelfAttentionLayer",
    "TwoNetworks",
]
