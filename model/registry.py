"""The derivation's models by name: how each is built, encoded and trained."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from torch import nn

from derived_transformer.model.errors import UnknownModelError
from derived_transformer.model.nets import (
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
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY

V = len(VOCABULARY)
D_POS = V + MAX_WORDS
ALL_FAMILIES = ("roaring", "tail", "order", "phrase")
PAIR_WIDTH = 64
"""The pairwise convolutions' hidden layer and pair vectors (numbers each): at 32 the model with
positions told "the fat X" from "the X fat" for 27 of the 43 animals, at 64 for 40."""
OFFSETS = 8
"""The transformers' offset scores: each head learns a score for every offset ``i - j`` up to
this many words each way (farther offsets share the last one). They replace attached
positions: a score by how far apart two words stand is the same at every sentence length."""


@dataclass(frozen=True)
class ModelSpec:
    """How one model of the derivation is made.

    ``positions``: whether each word's one-hot position is attached to its one-hot vector.
    ``min_width``: inputs padded with zero vectors to at least this many words (the text
    CNNs: their receptive field, so a short sentence gives one top output).
    ``families``: the corpus families it is trained and evaluated on.
    ``per_word``: trained to answer every word's question (models with one output per
    word), not only the last word's.
    ``positions_from``: where positions are counted from (the shipped models: the last word).
    """

    name: str
    title: str
    build: Callable[[], nn.Module]
    positions: bool
    min_width: int = 0
    families: tuple[str, ...] = ALL_FAMILIES
    per_word: bool = False
    positions_from: str = "last"  # "last": counted back from the last word; or "start"

    @property
    def fixed_width(self) -> bool:
        return self.min_width > 0


def _cnn(layers: int, title: str, name: str) -> ModelSpec:
    config = CNNConfig(V, layers=layers)
    return ModelSpec(
        name, title, lambda: TextCNN(config), positions=False, min_width=config.receptive_field
    )


SPECS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        _cnn(5, "text CNN, 5 layers", "cnn"),
        _cnn(2, "text CNN, 2 layers", "cnn2"),
        _cnn(3, "text CNN, 3 layers", "cnn3"),
        _cnn(4, "text CNN, 4 layers", "cnn4"),
        ModelSpec(
            "pairwise",
            "pairwise convolution",
            lambda: PairwiseConv(PairwiseConfig(V, V, PAIR_WIDTH, PAIR_WIDTH, positions=False)),
            positions=False,
        ),
        ModelSpec(
            "pairwise_positions",
            "pairwise convolution + positions",
            lambda: PairwiseConv(PairwiseConfig(D_POS, V, PAIR_WIDTH, PAIR_WIDTH, positions=True)),
            positions=True,
        ),
        ModelSpec(
            "pairwise2",
            "two pairwise layers (n^4), phrases",
            lambda: PairwiseConv2(PairwiseConfig(D_POS, V, hidden=32, pair_dim=16, positions=True)),
            positions=True,
            families=("phrase",),
        ),
        ModelSpec(
            "attention",
            "pairwise self-attention",
            lambda: PairwiseAttention(AttentionConfig(D_POS, V)),
            positions=True,
            per_word=True,
        ),
        ModelSpec(
            "attention_last",
            "pairwise self-attention, last word only",
            lambda: PairwiseAttention(AttentionConfig(D_POS, V)),
            positions=True,
        ),
        ModelSpec(
            "transformer_network",
            "optimised transformer, network scores",
            lambda: Transformer(TransformerConfig(V, V, scoring="network", offsets=OFFSETS)),
            positions=False,
            per_word=True,
        ),
        ModelSpec(
            "transformer",
            "optimised transformer, bilinear scores",
            lambda: Transformer(TransformerConfig(V, V, scoring="bilinear", offsets=OFFSETS)),
            positions=False,
            per_word=True,
        ),
    )
}

MODEL_NAMES: tuple[str, ...] = tuple(SPECS)
CNN_DEPTHS: dict[str, int] = {"cnn2": 2, "cnn3": 3, "cnn4": 4, "cnn": 5}
"""The text CNNs of the evidence, by depth (``cnn`` is the 5-layer one chapter 1 draws)."""


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
