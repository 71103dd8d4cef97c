"""Operation counts follow from the models' sizes: checked against the modules' weights."""

from __future__ import annotations

from torch import nn

from derived_transformer.model.checkpoints import cached_model
from derived_transformer.model.costs import (
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
    scoring = scoring_cost(n, bilinear.config)
    assert scoring.network_every_pair == 100 * costs.scoring_network
    assert scoring.bilinear == n * costs.bilinear_per_word + 100 * costs.bilinear_per_pair
    assert big_network_runs(7) == (49, 7)
    assert own_term_cost(n, bilinear.config) == (
        100 * bilinear.own.numel(),
        10 * bilinear.own.numel(),
    )


def test_scoring_network_counted_as_the_code_runs_it() -> None:
    """The scoring network's first layer runs once per word (its two halves), its second on
    every pair: counted so, the trained network needs fewer multiply-adds than the bilinear
    form, the other way round from counting it on every concatenated pair."""
    network, bilinear = cached_model("transformer_network"), cached_model("transformer")
    n = 11
    first = sum(net[0].weight.numel() for net in network.score_nets)
    second = sum(net[2].weight.numel() for net in network.score_nets)
    counts = scoring_cost(n, bilinear.config)
    assert counts.network_per_word == n * first + n * n * second
    assert counts.network_every_pair > counts.bilinear > counts.network_per_word


def test_layer_counts_are_the_modules_shapes() -> None:
    """4.1's counts, from the shapes of a layer built at the transformer's width: A and B
    once per word, the network after attention once per word, against the pairwise network
    at the same width (in full on every pair, or its first layer split per word)."""
    from derived_transformer.model import model_config
    from derived_transformer.model.costs import layer_counts
    from derived_transformer.model.nets import TransformerLayer, mlp

    config = model_config("transformer")
    width = config.heads * config.head_dim
    layer = TransformerLayer(width, config)
    pair_net = mlp(2 * width, config.hidden, width)
    n = 9
    counts = layer_counts(n, config)
    assert counts.width == width == layer.value.shape[0] * layer.value.shape[1]
    assert counts.linear_per_word == n * (layer.value.numel() + layer.own.numel())
    assert counts.network_per_word == n * linear_weights(layer.after)
    assert counts.network_every_pair == n * n * linear_weights(pair_net)
    first, second = pair_net[0], pair_net[2]
    assert counts.network_split == n * first.weight.numel() + n * n * second.weight.numel()
    assert counts.pair_additions == n * n * width
    assert counts.optimised == counts.linear_per_word + counts.network_per_word
    # the optimised layer grows as n, the pairwise network as n^2
    long = layer_counts(4 * n, config)
    assert long.optimised == 4 * counts.optimised
    assert long.network_every_pair == 16 * counts.network_every_pair
