"""Multiply-adds as the code runs the layers: checked against PyTorch's own count of the
products the modules compute, and by hand from the modules' weights."""

from __future__ import annotations

from dataclasses import replace

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from derived_transformer.model import model_config
from derived_transformer.model.costs import (
    COST_WIDTH,
    PLOT_LENGTHS,
    attention_layer,
    compared_layers,
    pairs_of_pairs_layer,
    pairwise_layer,
    scoring_cost,
    transformer_layer,
)
from derived_transformer.model.nets import (
    AttentionLayer,
    PairwiseConv,
    PairwiseConv2,
    TransformerLayer,
)


def multiply_adds(run) -> int:
    """The multiply-adds of the matrix products ``run`` computes, as PyTorch counts them (a
    multiply-add is two of its floating-point operations)."""
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        run()
    return counter.get_total_flops() // 2


@pytest.mark.parametrize("n", [3, 11])
@pytest.mark.parametrize("scoring", ["bilinear", "network"])
def test_the_transformer_layer_counts_what_its_module_computes(n: int, scoring: str) -> None:
    config = replace(model_config("transformer"), scoring=scoring)
    layer = TransformerLayer(COST_WIDTH, config)
    batch = 2
    x, mask = torch.randn(batch, n, COST_WIDTH), torch.ones(batch, n, dtype=torch.bool)
    assert multiply_adds(lambda: layer.parts(x, mask)) == batch * transformer_layer(config).at(n)


@pytest.mark.parametrize("n", [3, 11])
def test_the_attention_layer_counts_what_its_module_computes(n: int) -> None:
    config = model_config("attention")
    layer = AttentionLayer(COST_WIDTH, config.hidden, config.pair_dim, config.score_hidden)
    batch = 2
    x, mask = torch.randn(batch, n, COST_WIDTH), torch.ones(batch, n, dtype=torch.bool)
    assert multiply_adds(lambda: layer.parts(x, mask)) == batch * attention_layer(config).at(n)


def test_pairwise_layers_counted_by_hand_from_their_weights() -> None:
    """The pair network's first layer once per word (per pair vector for pairs of pairs),
    one multiply-add per hidden number and pair (or pair of pairs) for the masked average,
    the last layer once."""
    pairwise = PairwiseConv(model_config("pairwise_positions"))
    first, last = pairwise.pair_net[0], pairwise.pair_net[2]
    width, n = first.in_features // 2, 7
    assert pairwise_layer(pairwise.config, width).at(n) == (
        n * first.weight.numel() + n * n * first.out_features + last.weight.numel()
    )
    quad = PairwiseConv2(model_config("pairwise2"))
    first, last = quad.quad_net[0], quad.quad_net[2]
    width = first.in_features // 2
    assert pairs_of_pairs_layer(quad.config, width).at(n) == (
        n**2 * first.weight.numel() + n**4 * first.out_features + last.weight.numel()
    )


def test_scores_alone_counted_from_the_weights() -> None:
    bilinear = TransformerLayer(COST_WIDTH, model_config("transformer"))
    network = TransformerLayer(COST_WIDTH, model_config("transformer_network"))
    n = 9
    keys_and_queries = bilinear.key.numel() + bilinear.query.numel()
    assert scoring_cost(model_config("transformer")).at(n) == (
        n * keys_and_queries + n * n * bilinear.key.shape[0] * bilinear.key.shape[1]
    )
    firsts = sum(net[0].weight.numel() for net in network.score_nets)
    lasts = sum(net[2].weight.numel() for net in network.score_nets)
    assert scoring_cost(model_config("transformer_network")).at(n) == n * firsts + n * n * lasts


def test_the_compared_layers_grow_as_the_chapter_says() -> None:
    pairs_of_pairs, attention, transformer = compared_layers()
    assert (pairs_of_pairs.growth, attention.growth, transformer.growth) == (4, 2, 2)
    short, long = PLOT_LENGTHS[0], PLOT_LENGTHS[-1]
    assert pairs_of_pairs.at(short) < attention.at(short)  # n⁴ starts low and overtakes
    assert pairs_of_pairs.at(long) > 100 * transformer.at(long)
    # counted as the code runs them, the transformer layer needs more, not fewer
    assert all(transformer.at(n) > attention.at(n) for n in PLOT_LENGTHS)
