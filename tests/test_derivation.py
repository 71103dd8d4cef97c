"""The derivation's steps are equalities: each side computed by an independent code path."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from model import trace
from model.checkpoints import cached_model
from model.encode import encode
from model.nets import Transformer, TransformerConfig, column_softmax
from model.registry import D_POS, V, spec
from model.tracing import sdpa, sdpa_weights
from model.vocab import VOCABULARY

TOL = 1e-5
SENTENCES = (
    "there was a tree on fire and it was roaring",
    "there was a lion on fire and it was roaring",
    "the lion saw that the fire was roaring",
    "the fat cat",
)


def random_transformer(seed: int) -> Transformer:
    torch.manual_seed(seed)
    model = Transformer(TransformerConfig(D_POS, V, scoring="bilinear"))
    return model.eval()


def batch(sentences: tuple[str, ...] = SENTENCES) -> tuple[torch.Tensor, torch.Tensor]:
    return encode(spec("transformer"), [tuple(s.split()) for s in sentences])


def transformers() -> list[tuple[str, Transformer]]:
    return [
        ("random-0", random_transformer(0)),
        ("random-1", random_transformer(1)),
        ("trained", cached_model("transformer")),
    ]


@pytest.mark.parametrize(("label", "net"), transformers())
def test_pairwise_form_equals_optimised_form(label: str, net: Transformer) -> None:
    x, mask = batch()
    with torch.no_grad():
        optimised = net.parts(x, mask).combined
        pairwise = net.combined_pairwise_form(x, mask)
    rows = mask  # padding columns are not part of any sentence
    assert torch.max(torch.abs(optimised - pairwise)[rows]).item() <= TOL


@pytest.mark.parametrize(("label", "net"), transformers())
def test_bilinear_score_is_key_dot_query(label: str, net: Transformer) -> None:
    x, _ = batch()
    with torch.no_grad():
        explicit = net.bilinear_scores_explicit(x)  # x_i^T (K^T Q) x_j
        factored = net.scores(x)  # (K x_i) . (Q x_j)
        # and by hand for one pair: row i = "fire" is weighed by column j = "roaring"
        k = net.key[0] @ x[0, 5]
        q = net.query[0] @ x[0, 9]
    assert torch.max(torch.abs(explicit - factored)).item() <= TOL
    assert abs(factored[0, 0, 5, 9].item() - torch.dot(k, q).item()) <= TOL


@pytest.mark.parametrize(("label", "net"), transformers())
def test_weighted_sum_of_values_is_pytorch_sdpa(label: str, net: Transformer) -> None:
    x, mask = encode(spec("transformer"), [tuple(SENTENCES[1].split())])
    with torch.no_grad():
        parts = net.parts(x, mask)
        q, k, v = net.queries(x), net.keys(x), net.values(x)
        ours = parts.head_outputs  # (B, H, L, v): rows are columns j of the grid
        theirs = sdpa(q, k, v)  # rows are queries
        weights = sdpa_weights(q, k)
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
    assert [int(r.argmax()) for r in t.positions] == [0, 1, 2]
    np.testing.assert_array_equal(t.inputs[:, len(VOCABULARY) :], t.positions)


def test_fat_cat_equal_without_positions_and_not_with_them() -> None:
    free_a = trace("the fat cat", model="pairwise")
    free_b = trace("the cat fat", model="pairwise")
    assert np.max(np.abs(free_a.probabilities - free_b.probabilities)) <= 1e-6
    assert np.max(np.abs(free_a.mean - free_b.mean)) <= 1e-6
    pos_a = trace("the fat cat", model="pairwise_positions")
    pos_b = trace("the cat fat", model="pairwise_positions")
    assert np.max(np.abs(pos_a.probabilities - pos_b.probabilities)) > 0.1
    assert pos_a.answer == "cat"
    assert pos_b.answer == "fat"


def test_cnn_pyramid_meets_dog_and_tail_only_at_the_top() -> None:
    t = trace("the dog spun around so fast that it caught its tail", model="cnn")
    dog, tail = t.tokens.index("dog"), t.tokens.index("tail")
    meets = [any(start <= dog and tail <= end for start, end in windows) for windows in t.windows]
    assert meets == [False] * (len(t.windows) - 1) + [True]
    assert t.layers[-1].shape[0] == 1
    assert tuple(t.windows[-1][0]) == (0, t.padded_width - 1)


def test_pairwise2_counts_n_to_the_fourth() -> None:
    t = trace("the fat cat", model="pairwise2")
    assert t.pair_vectors.shape[:2] == (3, 3)
    assert t.quad_vectors.shape[:2] == (9, 9)  # 81 vectors
