"""Operation counts follow from the models' sizes: checked against the modules' weights."""

from __future__ import annotations

from torch import nn

from model.checkpoints import cached_model
from model.costs import (
    big_network_runs,
    mlp_cost,
    own_term_cost,
    pair_costs,
    pair_network_cost,
    representation_cost,
    scoring_cost,
)


def linear_weights(module: nn.Module) -> int:
    """Multiply-adds of one run = number of weights of its linear layers."""
    return sum(m.weight.numel() for m in module.modules() if isinstance(m, nn.Linear))


def test_mlp_cost_is_the_number_of_weights() -> None:
    attention = cached_model("attention")
    assert mlp_cost(
        2 * attention.config.in_dim, attention.config.hidden, attention.config.pair_dim
    ) == linear_weights(attention.layers[0].rep_net)


def test_pair_network_cost_counts_what_each_form_computes() -> None:
    """Concatenated pairs: the whole network n^2 times. Per word: the first layer's two
    halves once per word (the product the code makes), the second layer n^2 times."""
    net = cached_model("pairwise_positions").pair_net
    first, second = net[0], net[2]
    n = 7
    every_pair, per_word = pair_network_cost(
        n, first.in_features // 2, first.out_features, second.out_features
    )
    assert every_pair == n * n * linear_weights(net)
    assert per_word == n * first.weight.numel() + n * n * second.weight.numel()
    assert per_word < every_pair


def test_pair_costs_follow_the_trained_models() -> None:
    attention, bilinear = cached_model("attention"), cached_model("transformer")
    network = cached_model("transformer_network")
    costs = pair_costs(attention.config, bilinear.config)
    assert costs.representation_network == linear_weights(attention.layers[0].rep_net)
    linear = bilinear.value.numel() + bilinear.own.numel()  # [A B] on concat(x_i, x_j)
    assert costs.linear_representation == linear
    assert costs.scoring_network == sum(linear_weights(net) for net in network.score_nets)
    assert costs.bilinear_per_word == bilinear.query.numel() + bilinear.key.numel()
    n = 10
    assert representation_cost(n, attention.config, bilinear.config) == (
        100 * costs.representation_network,
        100 * costs.linear_representation,
    )
    net_cost, bil_cost = scoring_cost(n, bilinear.config)
    assert net_cost == 100 * costs.scoring_network
    assert bil_cost == n * costs.bilinear_per_word + 100 * costs.bilinear_per_pair
    assert big_network_runs(7) == (49, 7)
    assert own_term_cost(n, bilinear.config) == (
        100 * bilinear.own.numel(),
        10 * bilinear.own.numel(),
    )
