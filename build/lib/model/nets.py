"""The models of the derivation, one per stage of the explainer.

Inputs are batches of one-hot word vectors ``x`` of shape ``(B, L, D)`` with a boolean
``mask`` of shape ``(B, L)`` marking real words; models that know positions read
``D = vocabulary + MAX_WORDS`` (word one-hot, then position one-hot). Every model returns
logits over the vocabulary: the answer is a word.

Grid convention, shared by every pairwise model and the trace: pair ``(i, j)`` sits in row
``i``, column ``j``; column ``j`` holds the pairs that contain word ``j``; its pair vector is
the network applied to ``concat(x_i, x_j)``; relative importances are normalised over ``i``
within each column.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812


def mlp(in_dim: int, hidden: int, out_dim: int) -> nn.Sequential:
    """The small "neural network" of the explainer: linear, ReLU, linear."""
    return nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Linear(hidden, out_dim))


def pair_inputs(x: torch.Tensor) -> torch.Tensor:
    """``(B, L, L, 2D)``: entry ``[b, i, j]`` is ``concat(x_i, x_j)``."""
    b, n, d = x.shape
    rows = x[:, :, None, :].expand(b, n, n, d)
    cols = x[:, None, :, :].expand(b, n, n, d)
    return torch.cat([rows, cols], dim=-1)


def last_word(values: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``values[b, last real word of b]`` for ``values`` of shape ``(B, L, ...)``."""
    last = mask.sum(dim=1) - 1
    return values[torch.arange(values.shape[0]), last]


def column_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Exponentiate and normalise down each column (over rows ``i``), ignoring padding rows.

    ``scores`` is ``(..., L, L)`` indexed ``[i, j]``; ``mask`` is ``(B, L)``.
    """
    row_mask = mask[:, :, None]
    while row_mask.dim() < scores.dim():
        row_mask = row_mask.unsqueeze(1)
    scores = scores.masked_fill(~row_mask, float("-inf"))
    weights = torch.softmax(scores, dim=-2)
    return torch.nan_to_num(weights, nan=0.0)


@dataclass(frozen=True)
class CNNConfig:
    vocab_size: int
    max_words: int
    hidden: int = 32

    @property
    def layers(self) -> int:
        """Enough 3-word layers that the top single output covers ``max_words``."""
        return (self.max_words - 1) // 2


class TextCNN(nn.Module):
    """One network per layer applied to every window of 3 consecutive vectors.

    Sentences are padded with zero vectors to ``max_words`` (odd), so layer ``k`` (from 1)
    has ``max_words - 2k`` outputs, output ``p`` covering words ``p .. p + 2k``, and the top
    layer has exactly one output that covers the whole sentence; the prediction reads it.
    """

    def __init__(self, config: CNNConfig) -> None:
        super().__init__()
        if config.max_words % 2 == 0:
            raise ValueError("the text CNN needs an odd max_words so that its top is one vector")
        self.config = config
        dims = [config.vocab_size] + [config.hidden] * config.layers
        self.convs = nn.ModuleList(
            nn.Conv1d(dims[k], dims[k + 1], kernel_size=3) for k in range(config.layers)
        )
        self.head = nn.Linear(config.hidden, config.vocab_size)

    def layer_outputs(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Each layer's outputs, ``(B, max_words - 2k, hidden)`` for layer ``k``."""
        h = x.transpose(1, 2)
        outputs = []
        for conv in self.convs:
            h = F.relu(conv(h))
            outputs.append(h.transpose(1, 2))
        return outputs

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.layer_outputs(x)[-1][:, 0])


@dataclass(frozen=True)
class PairwiseConfig:
    in_dim: int
    vocab_size: int
    hidden: int = 48
    pair_dim: int = 16
    positions: bool = False


class PairwiseConv(nn.Module):
    """One network on every pair ``concat(x_i, x_j)``: ``n^2`` pair vectors, averaged."""

    def __init__(self, config: PairwiseConfig) -> None:
        super().__init__()
        self.config = config
        self.pair_net = mlp(2 * config.in_dim, config.hidden, config.pair_dim)
        self.head = nn.Linear(config.pair_dim, config.vocab_size)

    def pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, L, L, pair_dim)``, entry ``[i, j]`` for the pair (row i, column j)."""
        return self.pair_net(pair_inputs(x))

    def pooled(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        pairs = self.pair_vectors(x)
        pair_mask = (mask[:, :, None] & mask[:, None, :]).to(pairs.dtype)
        total = (pairs * pair_mask[..., None]).sum(dim=(1, 2))
        return total / pair_mask.sum(dim=(1, 2))[:, None]

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.pooled(x, mask))


class PairwiseConv2(nn.Module):
    """Two pairwise layers: the second combines every pair of pair vectors (``n^4``).

    Computable for short phrases only (``n^4`` vectors); trained on 3-word phrases.
    """

    def __init__(self, config: PairwiseConfig) -> None:
        super().__init__()
        self.config = config
        self.pair_net = mlp(2 * config.in_dim, config.hidden, config.pair_dim)
        self.quad_net = mlp(2 * config.pair_dim, config.hidden, config.pair_dim)
        self.head = nn.Linear(config.pair_dim, config.vocab_size)

    def pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        return self.pair_net(pair_inputs(x))

    def quad_vectors(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, L*L, L*L, pair_dim)``: pair vector ``a`` (row-major ``i*L+j``) with ``b``."""
        pairs = self.pair_vectors(x)
        b, n, _, d = pairs.shape
        return self.quad_net(pair_inputs(pairs.reshape(b, n * n, d)))

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        quads = self.quad_vectors(x)
        pair_mask = (mask[:, :, None] & mask[:, None, :]).flatten(1)
        quad_mask = (pair_mask[:, :, None] & pair_mask[:, None, :]).to(quads.dtype)
        total = (quads * quad_mask[..., None]).sum(dim=(1, 2))
        return self.head(total / quad_mask.sum(dim=(1, 2))[:, None])


@dataclass(frozen=True)
class AttentionConfig:
    in_dim: int
    vocab_size: int
    hidden: int = 48
    pair_dim: int = 16
    score_hidden: int = 32


@dataclass(frozen=True)
class AttentionParts:
    """Every intermediate of one pairwise self-attention layer (batch first)."""

    pair_vectors: torch.Tensor  # (B, L, L, pair_dim) [i, j]
    scores: torch.Tensor  # (B, L, L) [i, j]
    importances: torch.Tensor  # (B, L, L) [i, j], each column sums to 1
    outputs: torch.Tensor  # (B, L, pair_dim), column j's weighted sum


class PairwiseAttention(nn.Module):
    """Pairwise self-attention (chapter 3): per pair a vector and a score.

    Scores are exponentiated and normalised down each column; column ``j``'s output is the
    importance-weighted sum of its pair vectors. The prediction reads the column of the last
    word, the word the task asks about.
    """

    def __init__(self, config: AttentionConfig) -> None:
        super().__init__()
        self.config = config
        self.rep_net = mlp(2 * config.in_dim, config.hidden, config.pair_dim)
        self.score_net = mlp(2 * config.in_dim, config.score_hidden, 1)
        self.head = nn.Linear(config.pair_dim, config.vocab_size)

    def parts(self, x: torch.Tensor, mask: torch.Tensor) -> AttentionParts:
        pairs_in = pair_inputs(x)
        pair_vectors = self.rep_net(pairs_in)
        scores = self.score_net(pairs_in).squeeze(-1)
        importances = column_softmax(scores, mask)
        outputs = torch.einsum("bij,bijd->bjd", importances, pair_vectors)
        return AttentionParts(pair_vectors, scores, importances, outputs)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(last_word(self.parts(x, mask).outputs, mask))


@dataclass(frozen=True)
class TransformerConfig:
    in_dim: int
    vocab_size: int
    heads: int = 4
    head_dim: int = 8
    key_dim: int = 8
    hidden: int = 48
    score_hidden: int = 16
    scoring: str = "bilinear"  # "bilinear" or "network"


@dataclass(frozen=True)
class TransformerParts:
    """Every intermediate of one optimised layer (batch first, heads second)."""

    scores: torch.Tensor  # (B, H, L, L) [i, j]
    importances: torch.Tensor  # (B, H, L, L) [i, j]
    values: torch.Tensor  # (B, H, L, head_dim): A_h x_i
    head_outputs: torch.Tensor  # (B, H, L, head_dim): sum_i a_ij A_h x_i
    own_terms: torch.Tensor  # (B, L, H * head_dim): B x_j
    combined: torch.Tensor  # (B, L, H * head_dim): heads concatenated plus B x_j
    outputs: torch.Tensor  # (B, L, hidden): the network applied to each column


class Transformer(nn.Module):
    """The optimised layer (chapter 4).

    Per head ``h``: a linear representation ``A_h x_i + B_h x_j`` of pair ``(i, j)``; scores
    from a bilinear form ``x_i^T W_h x_j`` with ``W_h = K_h^T Q_h`` (``scoring="bilinear"``) or
    a small network on the pair (``scoring="network"``); the own-word term ``B_h x_j`` added
    once after the weighted sum; heads concatenated; then one network on each column.
    """

    def __init__(self, config: TransformerConfig) -> None:
        super().__init__()
        if config.scoring not in ("bilinear", "network"):
            raise ValueError(f"unknown scoring {config.scoring!r}")
        self.config = config
        h, d = config.heads, config.in_dim
        scale = d**-0.5
        self.value = nn.Parameter(torch.randn(h, config.head_dim, d) * scale)  # A_h
        self.own = nn.Parameter(torch.randn(h, config.head_dim, d) * scale)  # B_h
        if config.scoring == "bilinear":
            self.query = nn.Parameter(torch.randn(h, config.key_dim, d) * scale)  # Q_h
            self.key = nn.Parameter(torch.randn(h, config.key_dim, d) * scale)  # K_h
        else:
            self.score_nets = nn.ModuleList(mlp(2 * d, config.score_hidden, 1) for _ in range(h))
        self.after = mlp(h * config.head_dim, config.hidden, config.hidden)
        self.head = nn.Linear(config.hidden, config.vocab_size)

    # -- scores ---------------------------------------------------------------------------
    def queries(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, key_dim)``: ``Q_h x_j``, supplied by the column's own word."""
        return torch.einsum("hkd,bld->bhlk", self.query, x)

    def keys(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, key_dim)``: ``K_h x_i``, supplied by the word being weighed."""
        return torch.einsum("hkd,bld->bhlk", self.key, x)

    def values(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, head_dim)``: ``A_h x_i``."""
        return torch.einsum("hvd,bld->bhlv", self.value, x)

    def bilinear_matrices(self) -> torch.Tensor:
        """``(H, D, D)``: ``W_h = K_h^T Q_h``."""
        return torch.einsum("hki,hkj->hij", self.key, self.query)

    def scores(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, L)`` indexed ``[i, j]``."""
        if self.config.scoring == "bilinear":
            return torch.einsum("bhik,bhjk->bhij", self.keys(x), self.queries(x))
        pairs_in = pair_inputs(x)
        return torch.stack([net(pairs_in).squeeze(-1) for net in self.score_nets], dim=1)

    def bilinear_scores_explicit(self, x: torch.Tensor) -> torch.Tensor:
        """The same scores as ``x_i^T W_h x_j`` with the matrix ``W_h`` formed explicitly."""
        return torch.einsum("bid,hde,bje->bhij", x, self.bilinear_matrices(), x)

    # -- the layer --------------------------------------------------------------------------
    def parts(self, x: torch.Tensor, mask: torch.Tensor) -> TransformerParts:
        """The optimised form: weighted sum of ``A_h x_i``, plus ``B_h x_j`` added once."""
        scores = self.scores(x)
        importances = column_softmax(scores, mask)
        values = self.values(x)
        head_outputs = torch.einsum("bhij,bhiv->bhjv", importances, values)
        own_terms = torch.einsum("hvd,bld->blhv", self.own, x).flatten(2)
        combined = head_outputs.permute(0, 2, 1, 3).flatten(2) + own_terms
        outputs = self.after(combined)
        return TransformerParts(
            scores, importances, values, head_outputs, own_terms, combined, outputs
        )

    def explicit_pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, L, head_dim)``: each pair's vector ``[A_h B_h] concat(x_i, x_j)``."""
        linear = torch.cat([self.value, self.own], dim=-1)  # (H, head_dim, 2D)
        return torch.einsum("hvc,bijc->bhijv", linear, pair_inputs(x))

    def combined_pairwise_form(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The unoptimised form: ``n^2`` explicit pair vectors, weighted and summed per column.

        Equal to ``parts(x, mask).combined`` because each column's weights sum to 1.
        """
        importances = column_softmax(self.scores(x), mask)
        pairs = self.explicit_pair_vectors(x)
        per_head = torch.einsum("bhij,bhijv->bhjv", importances, pairs)
        return per_head.permute(0, 2, 1, 3).flatten(2)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(last_word(self.parts(x, mask).outputs, mask))
