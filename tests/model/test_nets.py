"""The derivation's steps are equalities: each side computed by an independent code path."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from derived_transformer.model import trace
from derived_transformer.model.checkpoints import cached_model
from derived_transformer.model.encode import encode
from derived_transformer.model.nets import (
    AttentionConfig,
    CNNConfig,
    PairwiseAttention,
    PairwiseConfig,
    PairwiseConv,
    TextCNN,
    Transformer,
    TransformerConfig,
    column_softmax,
    pair_hidden,
    pair_inputs,
    sparse_linear,
)
from derived_transformer.model.registry import D_POS, V, spec
from derived_transformer.model.tracing import sdpa, sdpa_weights
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY

TOL = 1e-5
SENTENCES = (
    "there was a tree on fire and it was roaring",
    "there was a lion on fire and it was roaring",
    "the lion saw that the fire was roaring",
    "the fat cat",
)


def random_transformer(seed: int) -> Transformer:
    """A freshly initialised transformer whose offset scores are random too (they start at
    zero), so every equality below holds with them."""
    torch.manual_seed(seed)
    model = Transformer(TransformerConfig(V, V, scoring="bilinear", offsets=4))
    with torch.no_grad():
        for layer in model.layers:
            layer.offset_table.normal_()
    return model.eval()


def batch(
    sentences: tuple[str, ...] = SENTENCES, model: str = "attention"
) -> tuple[torch.Tensor, torch.Tensor]:
    """``SENTENCES`` as ``model`` reads them (by default with positions attached)."""
    return encode(spec(model), [tuple(s.split()) for s in sentences])


def transformers() -> list[tuple[str, Transformer]]:
    return [
        ("random-0", random_transformer(0)),
        ("random-1", random_transformer(1)),
        ("trained", cached_model("transformer")),
    ]


@pytest.mark.parametrize(("label", "net"), transformers())
def test_pairwise_form_equals_optimised_form(label: str, net: Transformer) -> None:
    x, mask = batch(model="transformer")
    with torch.no_grad():
        optimised = net.parts(x, mask).combined
        pairwise = net.combined_pairwise_form(x, mask)
    rows = mask  # padding columns are not part of any sentence
    assert torch.max(torch.abs(optimised - pairwise)[rows]).item() <= TOL


@pytest.mark.parametrize(("label", "net"), transformers())
def test_bilinear_score_is_key_dot_query(label: str, net: Transformer) -> None:
    x, _ = batch(model="transformer")
    with torch.no_grad():
        explicit = net.bilinear_scores_explicit(x)  # x_i^T (K^T Q) x_j
        factored = net.scores(x)  # (K x_i) . (Q x_j)
        # and by hand for one pair: row i = "fire" is weighed by column j = "roaring"
        k = net.key[0] @ x[0, 5]
        q = net.query[0] @ x[0, 9]
        # the offset's own score: row 5 stands 4 words before column 9
        table = net.first.offset_table
        offset = 0.0 if table is None else table[0, (table.shape[1] - 1) // 2 - 4].item()
    assert torch.max(torch.abs(explicit - factored)).item() <= TOL
    assert abs(factored[0, 0, 5, 9].item() - torch.dot(k, q).item() - offset) <= TOL


@pytest.mark.parametrize(("label", "net"), transformers())
def test_weighted_sum_of_values_is_pytorch_sdpa(label: str, net: Transformer) -> None:
    x, mask = encode(spec("transformer"), [tuple(SENTENCES[1].split())])
    with torch.no_grad():
        parts = net.parts(x, mask)
        q, k, v = net.queries(x), net.keys(x), net.values(x)
        ours = parts.head_outputs  # (B, H, L, v): rows are columns j of the grid
        offsets = net.offset_part(x.shape[1])
        theirs = sdpa(q, k, v, offsets)  # rows are queries
        weights = sdpa_weights(q, k, offsets)
        own = torch.einsum("hvd,bld->blhv", net.own, x).flatten(2)
        layer = net.after(theirs.permute(0, 2, 1, 3).flatten(2) + own)
    assert torch.max(torch.abs(ours - theirs)).item() <= TOL
    assert torch.max(torch.abs(parts.importances - weights.transpose(-1, -2))).item() <= TOL
    assert torch.max(torch.abs(layer - parts.outputs)).item() <= TOL


def test_column_softmax_normalises_over_rows_within_each_column() -> None:
    scores = torch.tensor([[[10.0, 0.0], [12.0, 3.0]]])
    mask = torch.tensor([[True, True]])
    weights = column_softmax(scores, mask)
    assert torch.allclose(weights.sum(dim=1), torch.ones(1, 2))
    expected = torch.exp(scores[0, :, 0]) / torch.exp(scores[0, :, 0]).sum()
    assert torch.allclose(weights[0, :, 0], expected)


def test_trace_carries_both_forms_and_sdpa() -> None:
    t = trace(SENTENCES[0], model="transformer")
    # each score is the key . query product plus its offset's own score, and the offset part
    # is the same for every pair the same distance apart
    products = np.einsum("hik,hjk->hij", t.keys, t.queries)
    np.testing.assert_allclose(t.scores, products + t.offset_scores, atol=TOL)
    # and the key . query product is the bilinear form x_i . W x_j, W = K^T Q as one matrix
    np.testing.assert_allclose(t.bilinear_forms, products, atol=TOL)
    assert np.ptp(np.diagonal(t.offset_scores, offset=2, axis1=1, axis2=2), axis=-1).max() == 0
    assert np.abs(t.offset_scores).max() > 0  # the trained model uses them
    assert np.max(np.abs(t.combined - t.combined_pairwise_form)) <= TOL
    assert np.max(np.abs(t.head_outputs - t.sdpa_outputs)) <= TOL
    assert np.max(np.abs(t.importances - np.swapaxes(t.sdpa_weights, -1, -2))) <= TOL
    np.testing.assert_allclose(t.importances.sum(axis=1), 1.0, atol=TOL)


def test_attention_trace_fields_agree() -> None:
    t = trace(SENTENCES[1], model="attention")
    n = t.n
    assert t.pair_vectors.shape[:2] == (n, n)
    np.testing.assert_allclose(t.exp_scores, np.exp(t.scores), rtol=1e-5)
    np.testing.assert_allclose(
        t.importances, t.exp_scores / t.exp_scores.sum(axis=0, keepdims=True), atol=TOL
    )
    weighted = np.einsum("ij,ijd->jd", t.importances, t.pair_vectors)
    np.testing.assert_allclose(t.weighted_sums, weighted, atol=TOL)
    np.testing.assert_allclose(t.column_sums, t.pair_vectors.sum(axis=0), atol=TOL)


def test_one_hot_and_positions_convention() -> None:
    t = trace("the fat cat", model="pairwise_positions")
    assert t.one_hot.shape == (3, len(VOCABULARY))
    assert [int(r.argmax()) for r in t.one_hot] == [VOCABULARY.index[w] for w in t.tokens]
    assert (t.one_hot.sum(axis=1) == 1).all()
    # positions are counted back from the last word, the word the question is about
    assert list(t.position_index) == [2, 1, 0]
    assert [int(r.argmax()) for r in t.positions] == [2, 1, 0]
    assert t.positions.shape == (3, MAX_WORDS)
    np.testing.assert_array_equal(t.inputs[:, len(VOCABULARY) :], t.positions)


def test_fat_cat_equal_without_positions_and_not_with_them() -> None:
    free_a = trace("the fat cat", model="pairwise")
    free_b = trace("the cat fat", model="pairwise")
    assert np.max(np.abs(free_a.probabilities - free_b.probabilities)) <= 1e-6
    assert np.max(np.abs(free_a.mean - free_b.mean)) <= 1e-6
    pos_a = trace("the fat cat", model="pairwise_positions")
    pos_b = trace("the cat fat", model="pairwise_positions")
    assert np.max(np.abs(pos_a.probabilities - pos_b.probabilities)) > 0.01
    for name in ("attention", "transformer"):
        assert trace("the fat cat", model=name).answer == "cat"
        assert trace("the cat fat", model=name).answer == "fat"


def test_pair_network_first_layer_per_word_equals_the_concatenated_pair() -> None:
    torch.manual_seed(0)
    x, _ = batch()
    net = nn.Sequential(nn.Linear(2 * x.shape[-1], 24), nn.ReLU())
    explicit = net(pair_inputs(x))  # the network on every concat(x_i, x_j)
    for one_hot in (False, True):
        assert torch.max(torch.abs(pair_hidden(net[0], x, one_hot) - explicit)) <= TOL


def test_sparse_product_equals_the_dense_one() -> None:
    torch.manual_seed(0)
    x, _ = batch()
    weight = torch.randn(40, x.shape[-1])
    assert torch.max(torch.abs(sparse_linear(x, weight) - F.linear(x, weight))) <= TOL


def test_cnn_layers_equal_pytorch_convolutions() -> None:
    torch.manual_seed(0)
    net = TextCNN(CNNConfig(V, layers=4)).eval()
    x, mask = encode(spec("cnn4"), [tuple(s.split()) for s in SENTENCES])
    h = x.transpose(1, 2)
    with torch.no_grad():
        for conv, ours in zip(net.convs, net.layer_outputs(x), strict=True):
            h = F.relu(conv(h))
            assert torch.max(torch.abs(h.transpose(1, 2) - ours)) <= TOL
        # pooling reads windows inside the sentence (one window when it is shorter)
        top = net.layer_outputs(x)[-1]
        used = net.top_mask(mask, top.shape[1])
        lengths = mask.sum(dim=1)
        for b, n in enumerate(lengths.tolist()):
            assert used[b].sum().item() == max(1, n - net.config.receptive_field + 1)
            expected = top[b][used[b]].amax(dim=0)
            assert torch.max(torch.abs(net.pooled(x, mask)[b] - expected)) <= TOL


def test_pairwise_mean_and_attention_sums_equal_their_explicit_forms() -> None:
    torch.manual_seed(0)
    x, mask = batch()
    pairwise = PairwiseConv(PairwiseConfig(D_POS, V, positions=True)).eval()
    attention = PairwiseAttention(AttentionConfig(D_POS, V)).eval()
    with torch.no_grad():
        vectors = pairwise.pair_net(pair_inputs(x))  # the network on every pair
        for b, n in enumerate(mask.sum(dim=1).tolist()):
            mean = vectors[b, :n, :n].mean(dim=(0, 1))
            assert torch.max(torch.abs(pairwise.pooled(x, mask)[b] - mean)) <= TOL
        layer = attention.layers[0]
        parts = layer.parts(x, mask, vectors=True)
        explicit_vectors = layer.rep_net(pair_inputs(x))
        explicit_scores = layer.score_net(pair_inputs(x)).squeeze(-1)
        weights = column_softmax(explicit_scores, mask)
        explicit = torch.einsum("bij,bijd->bjd", weights, explicit_vectors)
    rows = mask
    assert torch.max(torch.abs(parts.pair_vectors - explicit_vectors)) <= TOL
    assert torch.max(torch.abs(parts.outputs - explicit)[rows]) <= TOL


def test_layers_are_stacked_and_the_trace_keeps_each() -> None:
    for name in ("attention", "transformer", "transformer_network"):
        net = cached_model(name)
        assert net.config.layers >= 2
        t = trace(SENTENCES[1], model=name)
        assert len(t.layer_importances) == net.config.layers
        np.testing.assert_allclose(t.layer_importances[0], t.importances, atol=TOL)
        assert len(t.column_words) == t.n
        for importances in t.layer_importances:
            np.testing.assert_allclose(importances.sum(axis=-2), 1.0, atol=TOL)


def test_cnn_pyramid_meets_dog_and_tail_only_at_the_top() -> None:
    t = trace("the dog spun around so fast that it caught its tail", model="cnn")
    dog, tail = t.tokens.index("dog"), t.tokens.index("tail")
    meets = [any(start <= dog and tail <= end for start, end in windows) for windows in t.windows]
    assert meets == [False] * (len(t.windows) - 1) + [True]
    assert t.layers[-1].shape[0] == 1
    assert tuple(t.windows[-1][0]) == (0, t.padded_width - 1)
    assert t.receptive_field == t.padded_width == 11
    assert list(t.pooled_outputs) == [True]
    np.testing.assert_allclose(t.pooled, t.layers[-1][0], atol=TOL)


def test_cnn_pools_over_the_windows_of_a_long_sentence() -> None:
    words = (
        "we sat outside and the lion sat outside and the tiger sat outside "
        "and the first was roaring"
    )
    t = trace(words, model="cnn")
    assert t.padded_width == t.n == 18
    assert int(t.pooled_outputs.sum()) == t.n - t.receptive_field + 1
    np.testing.assert_allclose(t.pooled, t.layers[-1][t.pooled_outputs].max(axis=0), atol=TOL)


def test_pairwise2_counts_n_to_the_fourth() -> None:
    t = trace("the fat cat", model="pairwise2")
    assert t.pair_vectors.shape[:2] == (3, 3)
    assert t.quad_vectors.shape[:2] == (9, 9)  # 81 vectors


def test_attention_answer_from_the_last_column_alone_equals_every_columns() -> None:
    torch.manual_seed(3)
    x, mask = batch()  # sentences of different lengths: padded columns after the short ones
    attention = PairwiseAttention(AttentionConfig(D_POS, V)).eval()
    with torch.no_grad():
        every = attention.column_logits(x, mask)  # all n^2 pairs in every layer
        last = every[torch.arange(len(x)), mask.sum(dim=1) - 1]
        alone = attention(x, mask)  # the last layer on the last word's n pairs only
    words = torch.isfinite(last)  # the sentence's own words; the others are minus infinity
    assert torch.equal(words, torch.isfinite(alone))
    assert torch.max(torch.abs(alone[words] - last[words])).item() <= TOL


def test_every_model_answers_with_a_word_of_its_sentence() -> None:
    """Answers are scored over the whole vocabulary, then taken among the sentence's words:
    every other word gets minus infinity, whatever the weights."""
    from derived_transformer.model.encode import encode
    from derived_transformer.model.registry import MODEL_NAMES, spec
    from derived_transformer.model.vocab import VOCABULARY

    sentences = [("the", "lion", "was", "roaring"), ("the", "fat", "cat")]
    for name in MODEL_NAMES:
        torch.manual_seed(0)
        model = spec(name).build().eval()
        x, mask = encode(spec(name), sentences)
        with torch.no_grad():
            raw = model.vocabulary_logits(x, mask)
            answers = model(x, mask)
        for b, words in enumerate(sentences):
            inside = torch.zeros(len(VOCABULARY), dtype=torch.bool)
            inside[[VOCABULARY.index[w] for w in words]] = True
            assert torch.equal(torch.isfinite(answers[b]), inside), name
            assert torch.equal(answers[b][inside], raw[b][inside]), name
