"""Multiply-adds of the derivation's layers, counted one way for the whole video: as the
pictures draw each layer, every network counted in full each time it runs.

A multiply-add is one multiplication followed by one addition: a linear map from ``a``
numbers to ``b`` costs ``a * b`` of them, a network ``Linear(a, h), ReLU, Linear(h, b)``
costs ``a * h + h * b``, and a weighted sum (or an average) of ``m`` vectors of ``k``
numbers costs ``m * k``. Additions on their own, biases, ReLU and the softmax are not
counted.

The pairwise layers of chapters 2 and 3 run their networks on every pair ``(x_i, x_j)`` (on
every pair of pairs, for the layer on pairs of pairs), as their pictures show. The
transformer layer of chapter 4 runs its linear maps once per word (``A x``, ``B x``, and the
keys and queries ``K x`` and ``Q x`` of its bilinear scores), a score and a weighted sum on
every pair, and its network once per word, after attention. The code of the pairwise
layers is cleverer than their pictures: it computes each network's first layer once per
word too (:func:`model.nets.pair_hidden`), which leaves a hidden vector for every pair; the
wall time that this costs is measured by ``model.timings``, not counted here.

Every layer is counted reading vectors of :data:`COST_WIDTH` numbers (the width the
transformer's second layer reads), with the networks inside it at the trained models' sizes:
the same width for every layer, so that the counts compare the layers, not their inputs.

>>> from derived_transformer.model.costs import compared_layers
>>> pairs_of_pairs, attention, transformer = compared_layers()
>>> transformer.at(24) < attention.at(24) < pairs_of_pairs.at(24)
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


def pair_network_cost(width: int, hidden: int, out_dim: int) -> int:
    """One run of a pair network on one pair ``concat(x_i, x_j)`` of words of ``width``
    numbers.

    >>> pair_network_cost(64, 32, 16)
    4608
    """
    return mlp_cost(2 * width, hidden, out_dim)


def pairwise_layer(config: PairwiseConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 2's pairwise layer as drawn: the pair network on every one of the ``n²``
    pairs, and the average of the ``n²`` pair vectors."""
    return LayerCost(
        "pairwise layer",
        per_pair=pair_network_cost(width, config.hidden, config.pair_dim) + config.pair_dim,
    )


def pairs_of_pairs_layer(config: PairwiseConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 2's layer on pairs of pairs as drawn, reading the ``n²`` pair vectors: its
    network on every one of the ``n⁴`` pairs of pair vectors, and their average."""
    return LayerCost(
        "pairs of pairs",
        per_pair_of_pairs=pair_network_cost(width, config.hidden, config.pair_dim)
        + config.pair_dim,
    )


def attention_layer(config: AttentionConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 3's pairwise self-attention layer as drawn: on every pair, the scoring
    network and the representation network, and the pair vector's share of its column's
    weighted sum."""
    return LayerCost(
        "pairwise self-attention",
        per_pair=pair_network_cost(width, config.score_hidden, 1)
        + pair_network_cost(width, config.hidden, config.pair_dim)
        + config.pair_dim,
    )


def head_scoring(config: TransformerConfig, width: int) -> tuple[int, int]:
    """One head's scores, ``(per word, per pair)``: the key and the query once per word and
    their dot product on every pair (bilinear), or the small scoring network on every pair
    (network)."""
    if config.scoring == "bilinear":
        return 2 * width * config.key_dim, config.key_dim
    return 0, pair_network_cost(width, config.score_hidden, 1)


def transformer_layer(config: TransformerConfig, width: int = COST_WIDTH) -> LayerCost:
    """Chapter 4's optimised layer as ``TransformerLayer`` runs it and 4.7 draws it: every
    head's linear maps once per word (``A x``, ``B x``, and ``K x`` and ``Q x`` for bilinear
    scores); on every pair, each head's score and the weighted sum of its values; the
    network after attention once per word."""
    heads = config.heads
    score_per_word, score_per_pair = head_scoring(config, width)
    return LayerCost(
        "transformer layer",
        per_word=heads * (2 * width * config.head_dim + score_per_word)
        + mlp_cost(heads * config.head_dim, config.hidden, config.hidden),
        per_pair=heads * (score_per_pair + config.head_dim),
    )


def scoring_cost(config: TransformerConfig, width: int = COST_WIDTH) -> LayerCost:
    """The scores alone of a transformer layer, every head (:func:`head_scoring`)."""
    per_word, per_pair = head_scoring(config, width)
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
