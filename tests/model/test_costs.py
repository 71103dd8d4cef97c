"""Multiply-adds as the pictures draw the layers: each count checked against PyTorch's own
count of the products of an explicit form of the layer (every network run on every pair it
reads), and that explicit form checked to compute what the trained modules compute."""

from __future__ import annotations

import itertools
import math
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
    column_softmax,
    pair_inputs,
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
    counted = multiply_adds(lambda: layer.parts(x, mask))
    if scoring == "network":
        # the module runs each scoring network's first layer once per word; 4.3 draws the
        # network on every pair, and counts it so
        pairs = pair_inputs(x)
        explicit = torch.stack([net(pairs).squeeze(-1) for net in layer.score_nets], dim=1)
        with torch.no_grad():
            assert torch.allclose(layer.with_offsets(explicit), layer.scores(x), atol=1e-5)
        counted += multiply_adds(lambda: [net(pairs) for net in layer.score_nets]) - multiply_adds(
            lambda: layer.scores(x)
        )
    assert counted == batch * transformer_layer(config).at(n)


@pytest.mark.parametrize("n", [3, 11])
def test_the_attention_layer_counts_its_networks_on_every_pair(n: int) -> None:
    config = model_config("attention")
    layer = AttentionLayer(COST_WIDTH, config.hidden, config.pair_dim, config.score_hidden)
    batch = 2
    x, mask = torch.randn(batch, n, COST_WIDTH), torch.ones(batch, n, dtype=torch.bool)

    def as_drawn() -> torch.Tensor:
        pairs = pair_inputs(x)
        weights = column_softmax(layer.score_net(pairs).squeeze(-1), mask)
        return torch.einsum("bij,bijd->bjd", weights, layer.rep_net(pairs))

    assert multiply_adds(as_drawn) == batch * attention_layer(config).at(n)
    with torch.no_grad():
        assert torch.allclose(as_drawn(), layer.parts(x, mask).outputs, atol=1e-5)


def averaged_pairs(net: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """``net`` on every pair of ``x``'s vectors, averaged as a weighted sum (``(B, out)``)."""
    vectors = net(pair_inputs(x))
    n = x.shape[1]
    weights = torch.full((x.shape[0], n, n), 1 / n**2)
    return torch.einsum("bij,bijd->bd", weights, vectors)


@pytest.mark.parametrize("n", [3, 5])
def test_pairwise_layers_count_their_network_on_every_pair(n: int) -> None:
    """The pairwise layer's network on each of the ``n²`` pairs, and the layer on pairs of
    pairs' on each of the ``n⁴`` pairs of pair vectors; each then averaged."""
    torch.manual_seed(n)
    pairwise = PairwiseConv(model_config("pairwise_positions")).eval()
    width = pairwise.pair_net[0].in_features // 2
    x = torch.zeros(1, n, width)
    x[0, torch.arange(n), torch.arange(n)] = 1.0
    mask = torch.ones(1, n, dtype=torch.bool)
    assert multiply_adds(lambda: averaged_pairs(pairwise.pair_net, x)) == pairwise_layer(
        pairwise.config, width
    ).at(n)
    with torch.no_grad():
        assert torch.allclose(
            averaged_pairs(pairwise.pair_net, x), pairwise.pooled(x, mask), atol=1e-6
        )
    quad = PairwiseConv2(model_config("pairwise2")).eval()
    width = quad.quad_net[0].in_features // 2
    pair_vectors = torch.randn(1, n * n, width)
    assert multiply_adds(lambda: averaged_pairs(quad.quad_net, pair_vectors)) == (
        pairs_of_pairs_layer(quad.config, width).at(n)
    )


def test_scores_alone_counted_from_the_weights() -> None:
    bilinear = TransformerLayer(COST_WIDTH, model_config("transformer"))
    network = TransformerLayer(COST_WIDTH, model_config("transformer_network"))
    n = 9
    keys_and_queries = bilinear.key.numel() + bilinear.query.numel()
    assert scoring_cost(model_config("transformer")).at(n) == (
        n * keys_and_queries + n * n * bilinear.key.shape[0] * bilinear.key.shape[1]
    )
    networks = sum(p.weight.numel() for net in network.score_nets for p in (net[0], net[2]))
    # a small network on every pair, as 4.3 draws it
    assert scoring_cost(model_config("transformer_network")).at(n) == n * n * networks


def test_the_compared_layers_grow_as_the_chapter_says() -> None:
    pairs_of_pairs, attention, transformer = compared_layers()
    assert (pairs_of_pairs.growth, attention.growth, transformer.growth) == (4, 2, 2)
    short, long = PLOT_LENGTHS[0], PLOT_LENGTHS[-1]
    assert pairs_of_pairs.at(long) > 100 * attention.at(long)
    # a network on every pair against linear maps once per word: the gap widens with n
    gaps = [attention.at(n) / transformer.at(n) for n in PLOT_LENGTHS]
    assert all(b > a > 1 for a, b in itertools.pairwise(gaps))
    assert attention.at(short) < 2 * transformer.at(short)
    # 4.1 says it as the plot shows it: pairs of pairs as n⁴, pairwise self-attention as n²,
    # the transformer layer, whose n² part is small, nearly as n (local exponents from 8 words)
    for a, b in itertools.pairwise(n for n in PLOT_LENGTHS if n >= 8):
        exponents = [
            math.log(layer.at(b) / layer.at(a)) / math.log(b / a)
            for layer in (pairs_of_pairs, attention, transformer)
        ]
        assert exponents[0] == pytest.approx(4.0, abs=0.05)
        assert exponents[1] == pytest.approx(2.0, abs=0.05)
        assert 1.0 < exponents[2] < 1.5
