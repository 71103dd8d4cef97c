"""Operation counts of the derivation's layers, from the models' real sizes.

A count is the number of multiply-adds of the linear maps (a ``Linear(a, b)`` applied once
costs ``a * b``); activations, biases and the softmax are left out, as they are small
beside them. Every function takes the sizes from a model config (of the first layer, the one
the explainer draws), so the numbers on screen follow the trained models.

These count the layers as the explainer describes them: a network applied to every
concatenated pair ``concat(x_i, x_j)``. The code computes a pair network's first layer as
``W_a x_i + W_b x_j``, once per word, which is the same function for fewer multiply-adds;
:func:`pair_network_cost` gives both counts. ``model.evidence`` measures the layers' cost
against sentence length.
"""

from __future__ import annotations

from dataclasses import dataclass

from derived_transformer.model.nets import AttentionConfig, TransformerConfig


def mlp_cost(in_dim: int, hidden: int, out_dim: int) -> int:
    """One run of the small network ``Linear(in, hidden), ReLU, Linear(hidden, out)``."""
    return in_dim * hidden + hidden * out_dim


def pair_network_cost(n: int, in_dim: int, hidden: int, out_dim: int) -> tuple[int, int]:
    """(applied to every concatenated pair, first layer computed per word) multiply-adds of a
    pair network ``Linear(2 in, hidden), ReLU, Linear(hidden, out)`` on ``n`` words."""
    every_pair = n * n * mlp_cost(2 * in_dim, hidden, out_dim)
    per_word = n * 2 * in_dim * hidden + n * n * hidden * out_dim
    return every_pair, per_word


@dataclass(frozen=True)
class PairCosts:
    """Per-pair costs of the chapter 3 layer and their chapter 4 replacements."""

    representation_network: int
    linear_representation: int
    scoring_network: int
    bilinear_per_pair: int
    bilinear_per_word: int


def pair_costs(attention: AttentionConfig, transformer: TransformerConfig) -> PairCosts:
    d = attention.in_dim
    width = transformer.heads * transformer.head_dim
    return PairCosts(
        representation_network=mlp_cost(2 * d, attention.hidden, attention.pair_dim),
        linear_representation=2 * d * width,
        scoring_network=transformer.heads * mlp_cost(2 * d, transformer.score_hidden, 1),
        bilinear_per_pair=transformer.heads * transformer.key_dim,
        bilinear_per_word=transformer.heads * 2 * d * transformer.key_dim,
    )


def representation_cost(
    n: int, attention: AttentionConfig, transformer: TransformerConfig
) -> tuple[int, int]:
    """(network on every pair, linear map on every pair) for ``n`` words."""
    costs = pair_costs(attention, transformer)
    return n * n * costs.representation_network, n * n * costs.linear_representation


@dataclass(frozen=True)
class ScoringCounts:
    """Multiply-adds to score every pair of ``n`` words, all heads, three ways:

    * ``network_every_pair``: the small scoring network run in full on every concatenated
      pair, as the explainer first draws it;
    * ``network_per_word``: the same network as ``model.nets`` runs it, its first layer's two
      halves once per word, its second layer on every pair (the same scores);
    * ``bilinear``: ``K x`` and ``Q x`` once per word, then one dot product of ``key_dim``
      numbers per pair.

    Counted as the code runs them, the network can need fewer multiply-adds than the bilinear
    form: its first layer (``score_hidden`` numbers per head) is narrower than ``K`` and ``Q``
    (``2 key_dim`` per head)."""

    n: int
    network_every_pair: int
    network_per_word: int
    bilinear: int


def scoring_cost(n: int, transformer: TransformerConfig) -> ScoringCounts:
    """:class:`ScoringCounts` for ``n`` words at the transformer's sizes.

    >>> from derived_transformer.model.nets import TransformerConfig
    >>> c = scoring_cost(3, TransformerConfig(in_dim=10, vocab_size=5, heads=1, key_dim=4,
    ...                                      score_hidden=2))
    >>> c.network_every_pair, c.network_per_word, c.bilinear
    (378, 138, 276)
    """
    d, heads, k, hidden = (
        transformer.in_dim,
        transformer.heads,
        transformer.key_dim,
        transformer.score_hidden,
    )
    every_pair, per_word = pair_network_cost(n, d, hidden, 1)
    return ScoringCounts(
        n=n,
        network_every_pair=heads * every_pair,
        network_per_word=heads * per_word,
        bilinear=n * heads * 2 * d * k + n * n * heads * k,
    )


def big_network_runs(n: int) -> tuple[int, int]:
    """(runs of the big network when it maps every pair, runs after attention)."""
    return n * n, n


def own_term_cost(n: int, transformer: TransformerConfig) -> tuple[int, int]:
    """(``B x_j`` added to every pair, added once per column) multiply-adds."""
    d, width = transformer.in_dim, transformer.heads * transformer.head_dim
    return n * n * d * width, n * d * width


@dataclass(frozen=True)
class LayerCounts:
    """What a layer computes on ``n`` vectors of ``width`` numbers (the width of the
    transformer's attention outputs), in multiply-adds, at equal width for both layers:

    * ``network_every_pair``: the pairwise layer's network ``Linear(2 width, hidden), ReLU,
      Linear(hidden, width)`` run in full on every concatenated pair;
    * ``network_split``: the same network with its first layer computed once per word (its
      two halves), the ReLU and second layer still on every pair;
    * ``linear_per_word``: the linear representation ``A x_i + B x_j`` as the transformer
      computes it, ``A x`` and ``B x`` once per word;
    * ``network_per_word``: the network after attention, once per word;
    * ``pair_additions``: the additions ``A x_i + B x_j``, ``width`` per pair (additions, not
      multiply-adds, counted apart).

    Scores are counted apart (:func:`scoring_cost`)."""

    n: int
    width: int
    hidden: int
    network_every_pair: int
    network_split: int
    linear_per_word: int
    network_per_word: int
    pair_additions: int

    @property
    def optimised(self) -> int:
        """Multiply-adds of the linear representation and the network after attention."""
        return self.linear_per_word + self.network_per_word


def layer_counts(n: int, transformer: TransformerConfig) -> LayerCounts:
    """:class:`LayerCounts` for ``n`` words at the trained transformer's width
    (``heads * head_dim``) and network size (``hidden``)."""
    width, hidden = transformer.heads * transformer.head_dim, transformer.hidden
    every_pair, split = pair_network_cost(n, width, hidden, width)
    return LayerCounts(
        n=n,
        width=width,
        hidden=hidden,
        network_every_pair=every_pair,
        network_split=split,
        linear_per_word=n * 2 * width * width,
        network_per_word=n * mlp_cost(width, hidden, hidden),
        pair_additions=n * n * width,
    )
