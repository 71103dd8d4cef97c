"""The derivation's models by name: how each is built, encoded and trained."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from model.errors import UnknownModelError
from model.nets import (
    AttentionConfig,
    CNNConfig,
    PairwiseAttention,
    PairwiseConfig,
    PairwiseConv,
    PairwiseConv2,
    TextCNN,
    Transformer,
    TransformerConfig,
)
from model.vocab import MAX_WORDS, VOCABULARY

V = len(VOCABULARY)
D_POS = V + MAX_WORDS


@dataclass(frozen=True)
class ModelSpec:
    """How one model of the derivation is made.

    ``positions``: whether each word's one-hot position is attached to its one-hot vector.
    ``fixed_width``: inputs padded with zero vectors to ``MAX_WORDS`` (the text CNN).
    ``families``: the corpus families it is trained and evaluated on.
    """

    name: str
    title: str
    build: Callable[[], nn.Module]
    positions: bool
    fixed_width: bool = False
    families: tuple[str, ...] = ("roaring", "tail", "phrase")


SPECS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "cnn",
            "text CNN",
            lambda: TextCNN(CNNConfig(V, MAX_WORDS)),
            positions=False,
            fixed_width=True,
        ),
        ModelSpec(
            "pairwise",
            "pairwise convolution",
            lambda: PairwiseConv(PairwiseConfig(V, V, positions=False)),
            positions=False,
        ),
        ModelSpec(
            "pairwise_positions",
            "pairwise convolution + positions",
            lambda: PairwiseConv(PairwiseConfig(D_POS, V, positions=True)),
            positions=True,
        ),
        ModelSpec(
            "pairwise2",
            "two pairwise layers (n^4), phrases",
            lambda: PairwiseConv2(PairwiseConfig(D_POS, V, positions=True)),
            positions=True,
            families=("phrase",),
        ),
        ModelSpec(
            "attention",
            "pairwise self-attention",
            lambda: PairwiseAttention(AttentionConfig(D_POS, V)),
            positions=True,
        ),
        ModelSpec(
            "transformer_network",
            "optimised transformer, network scores",
            lambda: Transformer(TransformerConfig(D_POS, V, scoring="network")),
            positions=True,
        ),
        ModelSpec(
            "transformer",
            "optimised transformer, bilinear scores",
            lambda: Transformer(TransformerConfig(D_POS, V, scoring="bilinear")),
            positions=True,
        ),
    )
}

MODEL_NAMES: tuple[str, ...] = tuple(SPECS)


def spec(name: str) -> ModelSpec:
    try:
        return SPECS[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown model '{name}'; the models are: {', '.join(MODEL_NAMES)}"
        ) from None


def model_config(name: str) -> object:
    """The config (sizes) of model ``name``, without loading its weights. The shipped
    checkpoints are checked against these configs when they load."""
    return spec(name).build().config
