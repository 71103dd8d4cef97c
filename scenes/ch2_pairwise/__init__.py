"""Chapter 2, pairwise convolutions: one network on every pair of words, and its two flaws.
Narrated: each animation runs while its line is spoken.

One module per scene, each rendered on its own:
``manim -ql scenes/ch2_pairwise/pairwise.py PairwiseLayer`` (and the other scenes below)."""

from derived_transformer.scenes.base import DerivedScene
from derived_transformer.scenes.ch2_pairwise.growth import GrowthProblem
from derived_transformer.scenes.ch2_pairwise.order_lost import OrderIsLost
from derived_transformer.scenes.ch2_pairwise.pairs_of_pairs import PairsOfPairs
from derived_transformer.scenes.ch2_pairwise.pairwise import PairwiseLayer
from derived_transformer.scenes.ch2_pairwise.permutations import PermutationView
from derived_transformer.scenes.ch2_pairwise.positions import PositionsAttached
from derived_transformer.scenes.ch2_pairwise.shared import CHAPTER

SCENES: tuple[type[DerivedScene], ...] = (
    PairwiseLayer,
    PairsOfPairs,
    PermutationView,
    OrderIsLost,
    PositionsAttached,
    GrowthProblem,
)

__all__ = [
    "CHAPTER",
    "SCENES",
    "GrowthProblem",
    "OrderIsLost",
    "PairsOfPairs",
    "PairwiseLayer",
    "PermutationView",
    "PositionsAttached",
]
