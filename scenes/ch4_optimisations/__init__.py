"""Chapter 4, optimisations: from pairwise self-attention to the transformer, the bridge to
query, key and value, the evidence, and a recap of the road. Narrated: each animation runs
while its line is spoken.

One module per scene, each rendered on its own:
``manim -ql scenes/ch4_optimisations/linear.py LinearRepresentation`` (and the other scenes
below)."""

from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.ch4_optimisations.evidence import Evidence
from derived_transformer.scenes.ch4_optimisations.linear import LinearRepresentation
from derived_transformer.scenes.ch4_optimisations.multi_head import MultiHead
from derived_transformer.scenes.ch4_optimisations.network_after import NetworkAfterAttention
from derived_transformer.scenes.ch4_optimisations.qkv import QueryKeyValue
from derived_transformer.scenes.ch4_optimisations.recap import Recap
from derived_transformer.scenes.ch4_optimisations.redundancy import Redundancy
from derived_transformer.scenes.ch4_optimisations.scoring import ScoringChoices
from derived_transformer.scenes.ch4_optimisations.shared import CHAPTER
from derived_transformer.scenes.ch4_optimisations.transformer import TheTransformer

SCENES: tuple[type[DerivedScene], ...] = (
    LinearRepresentation,
    NetworkAfterAttention,
    ScoringChoices,
    Redundancy,
    MultiHead,
    TheTransformer,
    QueryKeyValue,
    Evidence,
    Recap,
)

__all__ = [
    "CHAPTER",
    "SCENES",
    "Evidence",
    "LinearRepresentation",
    "MultiHead",
    "NetworkAfterAttention",
    "QueryKeyValue",
    "Recap",
    "Redundancy",
    "ScoringChoices",
    "TheTransformer",
]
