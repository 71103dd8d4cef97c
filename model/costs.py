"""Multiply-adds of the derivation's layers, counted one way for the whole video: as the code
in :mod:`model.nets` computes them.

A multiply-add is one multiplication followed by one addition: a linear map from ``a``
numbers to ``b`` costs ``a * b`` of them, and a weighted sum of ``m`` vectors of ``k``
numbers costs ``m * k``. Additions on their own (``W_a x_i + W_b x_j``, the own-word term
``B x_j``), biases, ReLU and the softmax are not counted. As the code runs them, a pair
network's first layer is computed once per word, its two halves ``W_a x`` and ``W_b x``,
and added per pair; where a pair network's outputs are only summed with weights (or
averaged), its last layer runs after the sum.

Every layer is counted reading vectors of :data:`COST_WIDTH` numbers (the width the
transformer's second layer reads), with the networks inside it at the trained models' sizes:
the same width for every layer, so that the counts compare the layers, not their inputs.

>>> from derived_transformer.model.costs import compared_layers
>>> pairs_of_pairs, attention, transformer = compared_layers()
>>> attention.at(24) < transformer.at(24) < pairs_of_pairs.at(24)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from derived_transformer.model.nets import AttentionConfig, PairwiseConfig, TransformerConfig
from derived_transformer.model.registry import model_config

COST_WIDTH = 64
"""The numbers per vector that every counted layer reads."""

PLOT_LENGTHS = (2, 4, 8, 16, 32, 64)
"""The sentence lengths of chapter 4's cost plot (words)."""


def mlp_cost(in_dim: int, hidden: int, out_dim: int) -> int:
    """One run of the small network ``Linear(in, hidden), ReLU, Linear(hidden, out)``.

    >>> mlp_cost(64, 32, 16)
    2560
    """
    return in_dim * hidden + hidden * out_dim


@dataclass(frozen=True)
class LayerCost:
    """A layer's multiply-adds on ``n`` words: ``once + per_word n + per_pair n² +
    per_pair_of_pairs n⁴``.

    >>> LayerCost("example", once=1, per_word=10, per_pair=2).at(3)
    49
    """

    name: str
    once: int = 0
    per_word: int = 0
    per_pair: int = 0
    per_pair_of_pairs: int = 0

    def at(self, n: int) -> int:
        """Multiply-adds on ``n`` words."""
        return self.once + self.per_word * n + self.per_pair * n**2 + self.per_pair_of_pairs * n**4

    @property
    def growth(self) -> int:
        """The power of ``n`` the count grows as on long sentences (1, 2 or 4)."""
        return 4 if self.per_pair_of_pairs else 2 if self.per_pair else 1


def pairwise_layer(config: PairwiseConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 2's pairwise layer as ``PairwiseConv.pooled`` runs it: the pair network's
    first layer per word, the average of the ``n²`` hidden vectors, the last layer once."""
    return LayerCost(
        "pairwise layer",
        once=config.hidden * config.pair_dim,
        per_word=2 * width * config.hidden,
        per_pair=config.hidden,
    )


def pairs_of_pairs_layer(config: PairwiseConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 2's layer on pairs of pairs as ``PairwiseConv2`` runs it, reading the ``n²``
    pair vectors: its network's first layer once per pair vector, the average of the ``n⁴``
    hidden vectors, the last layer once."""
    return LayerCost(
        "pairs of pairs",
        once=config.hidden * config.pair_dim,
        per_pair=2 * width * config.hidden,
        per_pair_of_pairs=config.hidden,
    )


def attention_layer(config: AttentionConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 3's pairwise self-attention layer as ``AttentionLayer`` runs it: both pair
    networks' first layers per word; on every pair, the scoring network's last layer and the
    weighted sum of the hidden vectors; the representation network's last layer once per
    column, after the sum."""
    hidden, score_hidden = config.hidden, config.score_hidden
    return LayerCost(
        "pairwise self-attention",
        per_word=2 * width * (hidden + score_hidden) + hidden * config.pair_dim,
        per_pair=hidden + score_hidden,
    )


def transformer_layer(config: TransformerConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 4's optimised layer as ``TransformerLayer`` runs it: every head's maps once
    per word (``A x``, ``B x``, and ``K x``, ``Q x`` or the scoring network's first layer);
    on every pair, each head's score and the weighted sum of its values; the network after
    attention once per word."""
    heads = config.heads
    if config.scoring == "bilinear":
        score_per_word, score_per_pair = 2 * width * config.key_dim, config.key_dim
    else:
        score_per_word, score_per_pair = 2 * width * config.score_hidden, config.score_hidden
    return LayerCost(
        "transformer layer",
        per_word=heads * (2 * width * config.head_dim + score_per_word)
        + mlp_cost(heads * config.head_dim, config.hidden, config.hidden),
        per_pair=heads * (score_per_pair + config.head_dim),
    )


def scoring_cost(config: TransformerConfig, width: int = COST_WIDTH) -> LayerCost:
    """The scores alone of a transformer layer, every head: ``K x`` and ``Q x`` once per word
    and a dot product per pair (bilinear), or the scoring network's first layer once per word
    and its last layer on every pair (network)."""
    if config.scoring == "bilinear":
        per_word, per_pair = 2 * width * config.key_dim, config.key_dim
    else:
        per_word, per_pair = 2 * width * config.score_hidden, config.score_hidden
    return LayerCost(
        f"{config.scoring} scores",
        per_word=config.heads * per_word,
        per_pair=config.heads * per_pair,
    )


def compared_layers(width: int = COST_WIDTH) -> tuple[LayerCost, LayerCost, LayerCost]:
    """The layers chapter 4 compares, at the trained models' sizes: pairs of pairs
    (``pairwise2``), pairwise self-attention (``attention``) and the transformer layer
    (``transformer``)."""
    return (
        pairs_of_pairs_layer(model_config("pairwise2"), width),
        attention_layer(model_config("attention"), width),
        transformer_layer(model_config("transformer"), width),
    )
