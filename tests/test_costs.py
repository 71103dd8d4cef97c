"""Operation counts follow from the models' sizes: checked against the modules' weights."""

from __future__ import annotations

from torch import nn

from model.checkpoints import cached_model
from model.costs import (
    big_network_runs,
    mlp_cost,
    own_term_cost,
    pair_costs,
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
    ) == linear_weights(attention.rep_net)


def test_pair_costs_follow_the_trained_models() -> None:
    attention, bilinear = cached_model("attention"), cached_model("transformer")
    network = cached_model("transformer_network")
    costs = pair_costs(attention.config, bilinear.config)
    assert costs.representation_network == linear_weights(attention.rep_net)
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
