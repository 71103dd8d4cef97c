"""Every scene of the explainer, in order, by short name: what ``render.py`` reads."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from derived_transformer.errors import DerivedTransformerError

ROOT = Path(__file__).resolve().parent.parent


class UnknownSceneError(DerivedTransformerError):
    """A scene name that is not in the catalogue."""


@dataclass(frozen=True)
class SceneEntry:
    """One scene: its short name, where its class lives, and whether the video has it."""

    name: str
    module: str
    class_name: str
    in_video: bool = True

    def load(self) -> type:
        return getattr(importlib.import_module(self.module), self.class_name)

    @property
    def path(self) -> Path:
        return ROOT / (self.module.replace(".", "/") + ".py")


SCENES: tuple[SceneEntry, ...] = (
    SceneEntry("intro", "scenes.ch0_intro", "Intro"),
    SceneEntry("cnn-text", "scenes.ch1_cnn", "CNNsAndText"),
    SceneEntry("one-hot", "scenes.ch1_cnn", "OneHotWords"),
    SceneEntry("conv-layers", "scenes.ch1_cnn", "ConvolutionLayers"),
    SceneEntry("related", "scenes.ch1_cnn", "RelatedInputs"),
    SceneEntry("long-range", "scenes.ch1_cnn", "LongRangeDependencies"),
    SceneEntry("pairwise", "scenes.ch2_pairwise", "PairwiseLayer"),
    SceneEntry("pairs-of-pairs", "scenes.ch2_pairwise", "PairsOfPairs"),
    SceneEntry("permutations", "scenes.ch2_pairwise", "PermutationView"),
    SceneEntry("order-lost", "scenes.ch2_pairwise", "OrderIsLost"),
    SceneEntry("positions", "scenes.ch2_pairwise", "PositionsAttached"),
    SceneEntry("growth", "scenes.ch2_pairwise", "GrowthProblem"),
    SceneEntry("column-sums", "scenes.ch3_attention", "ColumnSums"),
    SceneEntry("blurry", "scenes.ch3_attention", "BlurryMess"),
    SceneEntry("one-large", "scenes.ch3_attention", "OneLargeVector"),
    SceneEntry("context", "scenes.ch3_attention", "ContextMatters"),
    SceneEntry("scores", "scenes.ch3_attention", "ScoresCompared"),
    SceneEntry("two-networks", "scenes.ch3_attention", "TwoNetworks"),
    SceneEntry("attention-layer", "scenes.ch3_attention", "SelfAttentionLayer"),
    SceneEntry("linear", "scenes.ch4_optimisations", "LinearRepresentation"),
    SceneEntry("network-after", "scenes.ch4_optimisations", "NetworkAfterAttention"),
    SceneEntry("scoring", "scenes.ch4_optimisations", "ScoringChoices"),
    SceneEntry("two-steps", "scenes.ch4_optimisations", "LayerInTwoSteps"),
    SceneEntry("redundancy", "scenes.ch4_optimisations", "Redundancy"),
    SceneEntry("multi-head", "scenes.ch4_optimisations", "MultiHead"),
    SceneEntry("transformer", "scenes.ch4_optimisations", "TheTransformer"),
    SceneEntry("qkv", "scenes.ch4_optimisations", "QueryKeyValue"),
    SceneEntry("evidence", "scenes.ch4_optimisations", "Evidence"),
    SceneEntry("demo", "scenes.demo", "ComponentsDemo", in_video=False),
)


def video_scenes() -> tuple[SceneEntry, ...]:
    return tuple(s for s in SCENES if s.in_video)


def find_scene(name: str) -> SceneEntry:
    for entry in SCENES:
        if name in (entry.name, entry.class_name):
            return entry
    raise UnknownSceneError(
        f"unknown scene '{name}'; the scenes are: {', '.join(s.name for s in SCENES)}"
    )


GALLERY: tuple[tuple[int, str], ...] = (
    (0, "intro"),
    (1, "long-range"),
    (2, "positions"),
    (3, "two-networks"),
    (4, "qkv"),
)
"""One scene per chapter whose last frame stands for the chapter in the README's gallery."""
