"""The models of the derivation, one per stage of the explainer.

Inputs are batches of one-hot word vectors ``x`` of shape ``(B, L, D)`` with a boolean
``mask`` of shape ``(B, L)`` marking real words; models that know positions read
``D = vocabulary + MAX_WORDS`` (word one-hot, then position one-hot, positions counted back
from the last word); the transformers read words alone and add to each score a learned score
for the pair's offset (:func:`offset_scores`). Every model returns logits over the
vocabulary: the answer is a word. ``forward`` answers the last word's question; models with
one output per word also have ``column_logits`` (an answer for every word).

Grid convention, shared by every pairwise model and the trace: pair ``(i, j)`` sits in row
``i``, column ``j``; column ``j`` holds the pairs that contain word ``j``; its pair vector is
the network applied to ``concat(x_i, x_j)``; relative importances are normalised over ``i``
within each column.

A pair network's first layer ``W concat(x_i, x_j) + b`` equals ``W_a x_i + W_b x_j + b`` with
``W = [W_a W_b]``: computed per word (``n`` products, not ``n^2``) and added per pair, it is
the same function at a fraction of the cost (:func:`pair_hidden`; a test compares it with the
explicit concatenation). Where a pair network's outputs are only averaged or weighted by
importances that sum to 1, its last linear layer is applied after the sum, which is the same
number again.
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


def sparse_linear(x: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """``F.linear(x, weight)`` computed from ``x``'s non-zero entries only.

    The same product (every output is the same sum), far cheaper for one-hot rows, where it
    amounts to adding up the weight columns of the word and of its position.
    """
    flat = x.reshape(-1, x.shape[-1])
    out = torch.sparse.mm(flat.detach().to_sparse(), weight.t())
    return out.reshape(*x.shape[:-1], weight.shape[0])


def linear_of(x: torch.Tensor, weight: torch.Tensor, one_hot: bool) -> torch.Tensor:
    """``x @ weight.T``: sparse for the one-hot inputs of a first layer, dense otherwise."""
    return sparse_linear(x, weight) if one_hot else F.linear(x, weight)


def pair_hidden(first: nn.Linear, x: torch.Tensor, one_hot: bool = False) -> torch.Tensor:
    """``(B, L, L, h)``: ``relu(first(concat(x_i, x_j)))`` computed as ``W_a x_i + W_b x_j``
    (``n`` products per map instead of ``n^2``)."""
    return pair_relu(first, per_word_maps(x, [first], one_hot)[0])


def per_word_maps(x: torch.Tensor, firsts: list[nn.Linear], one_hot: bool) -> list[torch.Tensor]:
    """For each pair network's first layer ``W = [W_a W_b]``: ``(B, L, 2h)`` holding
    ``W_a x_i`` then ``W_b x_i`` for every word, all from one product."""
    d = x.shape[-1]
    weight = torch.cat([torch.cat([f.weight[:, :d], f.weight[:, d:]]) for f in firsts])
    both = linear_of(x, weight, one_hot)
    return list(both.split([2 * f.weight.shape[0] for f in firsts], dim=-1))


def pair_relu(first: nn.Linear, maps: torch.Tensor) -> torch.Tensor:
    """``relu(W_a x_i + W_b x_j + b)`` for every pair ``[i, j]`` from :func:`per_word_maps`."""
    rows, cols = maps.split(first.weight.shape[0], dim=-1)
    return F.relu(rows[:, :, None, :] + (cols + first.bias)[:, None, :, :])


def column_relu(first: nn.Linear, maps: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``(B, L, h)``: :func:`pair_relu`'s column of the last word alone, ``[b, i]`` for pair
    ``(i, last)``."""
    rows, cols = maps.split(first.weight.shape[0], dim=-1)
    return F.relu(rows + (last_word(cols, mask) + first.bias)[:, None, :])


def sentence_words(x: torch.Tensor, mask: torch.Tensor, vocab_size: int) -> torch.Tensor:
    """``(B, V)``: whether each vocabulary word is one of the sentence's words (read from the
    one-hot word rows; the position slots after them are not words)."""
    return (x[..., :vocab_size] * mask[..., None].to(x.dtype)).amax(dim=1) > 0


def answer_logits(logits: torch.Tensor, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``logits`` (``(B, V)`` or ``(B, L, V)``) with every word that is not in the sentence
    set to minus infinity: every model answers with a word of its sentence, as the task's
    answer always is, and a word absent from the sentence gets probability 0."""
    present = sentence_words(x, mask, logits.shape[-1])
    if logits.dim() == 3:
        present = present[:, None, :]
    return logits.masked_fill(~present, float("-inf"))


def init_one_hot(weight: torch.Tensor, ones: int) -> None:
    """Initialise weights that read one-hot rows: each output sums ``ones`` weights (one per
    1 in its inputs), so they are drawn with spread ``1/sqrt(ones)``, as for an embedding,
    instead of PyTorch's default, which scales by the full input width."""
    bound = (3.0 / ones) ** 0.5
    with torch.no_grad():
        weight.uniform_(-bound, bound)


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


def offset_scores(table: torch.Tensor, n: int) -> torch.Tensor:
    """``(..., n, n)``: entry ``[i, j]`` is ``table[..., k]`` for the offset ``i - j`` (row word
    minus column word), clipped to the table's ``R`` offsets each way: ``k = clip(i - j) + R``.

    A score that depends only on how far apart two words are, the same at every length."""
    reach = (table.shape[-1] - 1) // 2
    index = torch.arange(n)
    offsets = (index[:, None] - index[None, :]).clamp(-reach, reach) + reach
    return table[..., offsets]


class Answerer(nn.Module):
    """A model of the derivation: ``vocabulary_logits`` scores every word of the vocabulary
    for the last word's question (what training fits); ``forward`` is the answer, the
    highest of those scores among the sentence's own words (:func:`answer_logits`)."""

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return answer_logits(self.vocabulary_logits(x, mask), x, mask)


# -- chapter 1: text CNNs --------------------------------------------------------------------
@dataclass(frozen=True)
class CNNConfig:
    vocab_size: int
    layers: int = 5
    hidden: int = 48

    @property
    def receptive_field(self) -> int:
        """Words each top output covers: 3 for one layer, 2 more per layer."""
        return 2 * self.layers + 1


class TextCNN(Answerer):
    """One network per layer applied to every window of 3 consecutive vectors.

    Input is padded with zero vectors to at least ``receptive_field`` words, so layer ``k``
    (from 1) has ``width - 2k`` outputs, output ``p`` covering words ``p .. p + 2k``. A
    sentence no longer than the receptive field gets exactly one top output, which covers it
    all. A longer sentence gets one top output per window of ``receptive_field`` words that
    lies inside it, and the prediction takes the largest value of each feature over them
    (max-pooling over positions): what the top sees is the *set* of those windows. A small
    network on the pooled vector gives the answer.
    """

    def __init__(self, config: CNNConfig) -> None:
        super().__init__()
        self.config = config
        dims = [config.vocab_size] + [config.hidden] * config.layers
        self.convs = nn.ModuleList(
            nn.Conv1d(dims[k], dims[k + 1], kernel_size=3) for k in range(config.layers)
        )
        init_one_hot(self.convs[0].weight, 3)
        for conv in self.convs[1:]:  # He initialisation: the signal keeps its size with depth
            nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
            nn.init.zeros_(conv.bias)
        self.head = mlp(config.hidden, config.hidden, config.vocab_size)

    def first_layer(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, width - 2, hidden)``: the first convolution, ``W_0 x_p + W_1 x_{p+1} + W_2
        x_{p+2} + b`` at each window ``p`` (each word's three products computed once)."""
        conv = self.convs[0]
        weight = conv.weight.permute(2, 0, 1).reshape(-1, conv.weight.shape[1])  # (3h, V)
        per_word = sparse_linear(x, weight).split(conv.weight.shape[0], dim=-1)
        m = x.shape[1] - 2
        out = per_word[0][:, :m] + per_word[1][:, 1 : m + 1] + per_word[2][:, 2 : m + 2]
        return F.relu(out + conv.bias)

    def layer_outputs(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Each layer's outputs, ``(B, width - 2k, hidden)`` for layer ``k``."""
        h = self.first_layer(x)
        outputs = [h]
        for conv in self.convs[1:]:
            # the convolution as one product on each window's three vectors side by side
            windows = torch.cat([h[:, :-2], h[:, 1:-1], h[:, 2:]], dim=-1)
            weight = conv.weight.permute(0, 2, 1).reshape(conv.weight.shape[0], -1)
            h = F.relu(F.linear(windows, weight, conv.bias))
            outputs.append(h)
        return outputs

    def top_mask(self, mask: torch.Tensor, top_width: int) -> torch.Tensor:
        """``(B, top_width)``: the top outputs that pooling reads (windows inside the
        sentence; the single first window when the sentence is shorter than the field)."""
        n = mask.sum(dim=1)
        last_start = (n - self.config.receptive_field).clamp(min=0)
        return torch.arange(top_width)[None, :] <= last_start[:, None]

    def pooled(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        top = self.layer_outputs(x)[-1]
        valid = self.top_mask(mask, top.shape[1])
        return top.masked_fill(~valid[..., None], float("-inf")).amax(dim=1)

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.pooled(x, mask))


# -- chapter 2: pairwise convolutions -------------------------------------------------------
@dataclass(frozen=True)
class PairwiseConfig:
    in_dim: int
    vocab_size: int
    hidden: int = 32
    pair_dim: int = 32
    positions: bool = False


class PairwiseConv(Answerer):
    """One network on every pair ``concat(x_i, x_j)``: ``n^2`` pair vectors, averaged; a
    small network on the average gives the answer."""

    def __init__(self, config: PairwiseConfig) -> None:
        super().__init__()
        self.config = config
        self.pair_net = mlp(2 * config.in_dim, config.hidden, config.pair_dim)
        init_one_hot(self.pair_net[0].weight, 4 if config.positions else 2)
        self.head = mlp(config.pair_dim, config.hidden, config.vocab_size)

    def pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, L, L, pair_dim)``, entry ``[i, j]`` for the pair (row i, column j)."""
        return self.pair_net[2](pair_hidden(self.pair_net[0], x, one_hot=True))

    def pooled(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The average of the ``n^2`` pair vectors (the last linear layer after the mean)."""
        hidden = pair_hidden(self.pair_net[0], x, one_hot=True)
        pair_mask = (mask[:, :, None] & mask[:, None, :]).to(hidden.dtype)
        total = (hidden * pair_mask[..., None]).sum(dim=(1, 2))
        return self.pair_net[2](total / pair_mask.sum(dim=(1, 2))[:, None])

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.pooled(x, mask))


class PairwiseConv2(Answerer):
    """Two pairwise layers: the second combines every pair of pair vectors (``n^4``).

    Computable for short phrases only (``n^4`` vectors); trained on the phrases.
    """

    def __init__(self, config: PairwiseConfig) -> None:
        super().__init__()
        self.config = config
        self.pair_net = mlp(2 * config.in_dim, config.hidden, config.pair_dim)
        init_one_hot(self.pair_net[0].weight, 4 if config.positions else 2)
        self.quad_net = mlp(2 * config.pair_dim, config.hidden, config.pair_dim)
        self.head = mlp(config.pair_dim, config.hidden, config.vocab_size)

    def pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        return self.pair_net[2](pair_hidden(self.pair_net[0], x, one_hot=True))

    def quad_vectors(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, L*L, L*L, pair_dim)``: pair vector ``a`` (row-major ``i*L+j``) with ``b``."""
        pairs = self.pair_vectors(x)
        b, n, _, d = pairs.shape
        return self.quad_net[2](pair_hidden(self.quad_net[0], pairs.reshape(b, n * n, d)))

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        pairs = self.pair_vectors(x)
        b, n, _, d = pairs.shape
        hidden = pair_hidden(self.quad_net[0], pairs.reshape(b, n * n, d))
        pair_mask = (mask[:, :, None] & mask[:, None, :]).flatten(1)
        quad_mask = (pair_mask[:, :, None] & pair_mask[:, None, :]).to(hidden.dtype)
        total = (hidden * quad_mask[..., None]).sum(dim=(1, 2))
        return self.head(self.quad_net[2](total / quad_mask.sum(dim=(1, 2))[:, None]))


# -- chapter 3: pairwise self-attention -----------------------------------------------------
@dataclass(frozen=True)
class AttentionConfig:
    in_dim: int
    vocab_size: int
    layers: int = 2
    hidden: int = 64
    pair_dim: int = 48
    score_hidden: int = 32
    later_hidden: int = 64  # the pair networks of the layers after the first
    later_score_hidden: int = 32


@dataclass(frozen=True)
class AttentionParts:
    """Every intermediate of one pairwise self-attention layer (batch first)."""

    pair_vectors: torch.Tensor | None  # (B, L, L, pair_dim) [i, j] (when asked for)
    scores: torch.Tensor  # (B, L, L) [i, j]
    importances: torch.Tensor  # (B, L, L) [i, j], each column sums to 1
    outputs: torch.Tensor  # (B, L, pair_dim), column j's weighted sum


class AttentionLayer(nn.Module):
    """One pairwise self-attention layer: per pair a vector (``rep_net``) and a score
    (``score_net``); scores exponentiated and normalised down each column; column ``j``'s
    output is the importance-weighted sum of its pair vectors."""

    def __init__(
        self, in_dim: int, hidden: int, pair_dim: int, score_hidden: int, one_hot: bool = False
    ) -> None:
        super().__init__()
        self.one_hot = one_hot  # reads one-hot words (the first layer)
        self.rep_net = mlp(2 * in_dim, hidden, pair_dim)
        self.score_net = mlp(2 * in_dim, score_hidden, 1)

    def parts(self, x: torch.Tensor, mask: torch.Tensor, vectors: bool = False) -> AttentionParts:
        rep_maps, score_maps = per_word_maps(x, [self.rep_net[0], self.score_net[0]], self.one_hot)
        hidden = pair_relu(self.rep_net[0], rep_maps)
        scores = self.score_net[2](pair_relu(self.score_net[0], score_maps)).squeeze(-1)
        importances = column_softmax(scores, mask)
        # sum_i a_ij (V h_ij + c) = V (sum_i a_ij h_ij) + c, as each column's weights sum to 1
        outputs = self.rep_net[2](torch.einsum("bij,bijh->bjh", importances, hidden))
        pair_vectors = self.rep_net[2](hidden) if vectors else None
        return AttentionParts(pair_vectors, scores, importances, outputs)

    def last_output(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``(B, pair_dim)``: the last word's column output alone (``parts(...).outputs`` at
        the last word), from its ``n`` pairs instead of all ``n^2``."""
        rep_maps, score_maps = per_word_maps(x, [self.rep_net[0], self.score_net[0]], self.one_hot)
        hidden = column_relu(self.rep_net[0], rep_maps, mask)
        scores = self.score_net[2](column_relu(self.score_net[0], score_maps, mask)).squeeze(-1)
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
        return self.rep_net[2](torch.einsum("bi,bih->bh", weights, hidden))


class PairwiseAttention(Answerer):
    """Pairwise self-attention (chapter 3), ``layers`` layers stacked: each next layer reads
    the previous layer's outputs as its words. Every column's output answers its word's
    question (``column_logits``); ``forward`` reads the column of the last word."""

    def __init__(self, config: AttentionConfig) -> None:
        super().__init__()
        self.config = config
        dims = [config.in_dim] + [config.pair_dim] * config.layers
        self.layers = nn.ModuleList(
            AttentionLayer(
                dims[k],
                config.hidden if k == 0 else config.later_hidden,
                config.pair_dim,
                config.score_hidden if k == 0 else config.later_score_hidden,
                k == 0,
            )
            for k in range(config.layers)
        )
        self.head = nn.Linear(config.pair_dim, config.vocab_size)

    def all_parts(
        self, x: torch.Tensor, mask: torch.Tensor, vectors: bool = False
    ) -> list[AttentionParts]:
        out = []
        h = x
        for layer in self.layers:
            parts = layer.parts(h, mask, vectors)
            out.append(parts)
            h = parts.outputs
        return out

    def parts(self, x: torch.Tensor, mask: torch.Tensor) -> AttentionParts:
        """The first layer's parts (the layer the explainer draws), pair vectors included."""
        return self.layers[0].parts(x, mask, vectors=True)

    def layer_logits(self, x: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
        """``(B, L, V)`` per layer: each layer's columns read by the answer head."""
        return [answer_logits(self.head(p.outputs), x, mask) for p in self.all_parts(x, mask)]

    def column_features(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``(B, L, d)``: the last layer's column outputs, which the answer head reads."""
        return self.all_parts(x, mask)[-1].outputs

    def column_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return answer_logits(self.head(self.column_features(x, mask)), x, mask)

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The last word's answer; the last layer computes only the last word's column."""
        h = x
        for layer in self.layers[:-1]:
            h = layer.parts(h, mask).outputs
        return self.head(self.layers[-1].last_output(h, mask))


# -- chapter 4: the optimised layer, stacked ----------------------------------------------------
@dataclass(frozen=True)
class TransformerConfig:
    in_dim: int
    vocab_size: int
    layers: int = 2
    heads: int = 4
    head_dim: int = 16
    key_dim: int = 16
    hidden: int = 64
    score_hidden: int = 8
    scoring: str = "bilinear"  # "bilinear" or "network"
    offsets: int = 0  # learned scores by offset per head, this many words each way (0: none)


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


class TransformerLayer(nn.Module):
    """The optimised layer (chapter 4).

    Per head ``h``: a linear representation ``A_h x_i + B_h x_j`` of pair ``(i, j)``; scores
    from a bilinear form ``x_i^T W_h x_j`` with ``W_h = K_h^T Q_h`` (``scoring="bilinear"``) or
    a small network on the pair (``scoring="network"``); the own-word term ``B_h x_j`` added
    once after the weighted sum; heads concatenated; then one network on each column.
    """

    def __init__(self, in_dim: int, config: TransformerConfig, one_hot: bool = False) -> None:
        super().__init__()
        h, d = config.heads, in_dim
        self.one_hot = one_hot  # reads one-hot words (the first layer)
        self.scoring = config.scoring
        scale = d**-0.5
        self.value = nn.Parameter(torch.randn(h, config.head_dim, d) * scale)  # A_h
        self.own = nn.Parameter(torch.randn(h, config.head_dim, d) * scale)  # B_h
        if config.scoring == "bilinear":
            self.query = nn.Parameter(torch.randn(h, config.key_dim, d) * scale)  # Q_h
            self.key = nn.Parameter(torch.randn(h, config.key_dim, d) * scale)  # K_h
        else:
            self.score_nets = nn.ModuleList(mlp(2 * d, config.score_hidden, 1) for _ in range(h))
        self.after = mlp(h * config.head_dim, config.hidden, config.hidden)
        # each head's learned score for each offset i - j (none if config.offsets == 0)
        self.offset_table = (
            nn.Parameter(torch.zeros(h, 2 * config.offsets + 1)) if config.offsets else None
        )

    def offset_part(self, n: int) -> torch.Tensor:
        """``(H, n, n)`` ``[i, j]``: each head's learned score for the offset ``i - j`` of the
        pair, the part of the score that depends on how far apart the words are (zeros if the
        layer has no offset scores)."""
        if self.offset_table is None:
            return torch.zeros(self.value.shape[0], n, n)
        return offset_scores(self.offset_table, n)

    def with_offsets(self, scores: torch.Tensor) -> torch.Tensor:
        """``scores`` plus each head's score for each pair's offset (if the layer has them)."""
        return scores if self.offset_table is None else scores + self.offset_part(scores.shape[-1])

    def project(self, x: torch.Tensor, *maps: torch.Tensor) -> list[torch.Tensor]:
        """``(B, H, L, k)`` for each ``(H, k, D)`` map: every head's map applied to every word,
        all in one product."""
        weight = torch.cat([m.reshape(-1, m.shape[-1]) for m in maps])
        out = linear_of(x, weight, self.one_hot)
        sizes = [m.shape[0] * m.shape[1] for m in maps]
        b, n = x.shape[:2]
        return [
            part.reshape(b, n, m.shape[0], m.shape[1]).transpose(1, 2)
            for part, m in zip(out.split(sizes, dim=-1), maps, strict=True)
        ]

    def queries(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, key_dim)``: ``Q_h x_j``, supplied by the column's own word."""
        return self.project(x, self.query)[0]

    def keys(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, key_dim)``: ``K_h x_i``, supplied by the word being weighed."""
        return self.project(x, self.key)[0]

    def values(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, head_dim)``: ``A_h x_i``."""
        return self.project(x, self.value)[0]

    def bilinear_matrices(self) -> torch.Tensor:
        """``(H, D, D)``: ``W_h = K_h^T Q_h``."""
        return torch.einsum("hki,hkj->hij", self.key, self.query)

    def scores(self, x: torch.Tensor) -> torch.Tensor:
        """``(B, H, L, L)`` indexed ``[i, j]``."""
        if self.scoring == "bilinear":
            keys, queries = self.project(x, self.key, self.query)
            return self.with_offsets(torch.einsum("bhik,bhjk->bhij", keys, queries))
        maps = per_word_maps(x, [net[0] for net in self.score_nets], self.one_hot)
        scores = torch.stack(
            [
                net[2](pair_relu(net[0], m)).squeeze(-1)
                for net, m in zip(self.score_nets, maps, strict=True)
            ],
            dim=1,
        )
        return self.with_offsets(scores)

    def bilinear_scores_explicit(self, x: torch.Tensor) -> torch.Tensor:
        """The same scores as ``x_i^T W_h x_j`` with the matrix ``W_h`` formed explicitly."""
        return self.with_offsets(torch.einsum("bid,hde,bje->bhij", x, self.bilinear_matrices(), x))

    def parts(self, x: torch.Tensor, mask: torch.Tensor) -> TransformerParts:
        """The optimised form: weighted sum of ``A_h x_i``, plus ``B_h x_j`` added once."""
        if self.scoring == "bilinear":
            values, own, keys, queries = self.project(x, self.value, self.own, self.key, self.query)
            scores = self.with_offsets(torch.einsum("bhik,bhjk->bhij", keys, queries))
        else:
            values, own = self.project(x, self.value, self.own)
            scores = self.scores(x)
        importances = column_softmax(scores, mask)
        head_outputs = torch.einsum("bhij,bhiv->bhjv", importances, values)
        own_terms = own.transpose(1, 2).flatten(2)  # B_h x_j, heads concatenated
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


class Transformer(Answerer):
    """``layers`` optimised layers stacked, each reading the previous layer's column outputs
    as its words; one answer per column (``column_logits``).

    The first layer's weights and steps are also reachable on the model itself
    (``net.value``, ``net.query``, ``net.parts(x, mask)``, ...): the explainer draws it.
    """

    def __init__(self, config: TransformerConfig) -> None:
        super().__init__()
        if config.scoring not in ("bilinear", "network"):
            raise ValueError(f"unknown scoring {config.scoring!r}")
        self.config = config
        dims = [config.in_dim] + [config.hidden] * config.layers
        self.layers = nn.ModuleList(
            TransformerLayer(dims[k], config, one_hot=k == 0) for k in range(config.layers)
        )
        self.head = nn.Linear(config.hidden, config.vocab_size)

    # the first layer, as the explainer draws it
    @property
    def first(self) -> TransformerLayer:
        return self.layers[0]

    @property
    def value(self) -> nn.Parameter:
        return self.first.value

    @property
    def own(self) -> nn.Parameter:
        return self.first.own

    @property
    def query(self) -> nn.Parameter:
        return self.first.query

    @property
    def key(self) -> nn.Parameter:
        return self.first.key

    @property
    def score_nets(self) -> nn.ModuleList:
        return self.first.score_nets

    @property
    def after(self) -> nn.Sequential:
        return self.first.after

    def queries(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.queries(x)

    def keys(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.keys(x)

    def values(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.values(x)

    def bilinear_matrices(self) -> torch.Tensor:
        return self.first.bilinear_matrices()

    def scores(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.scores(x)

    def offset_part(self, n: int) -> torch.Tensor:
        return self.first.offset_part(n)

    def bilinear_scores_explicit(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.bilinear_scores_explicit(x)

    def parts(self, x: torch.Tensor, mask: torch.Tensor) -> TransformerParts:
        return self.first.parts(x, mask)

    def explicit_pair_vectors(self, x: torch.Tensor) -> torch.Tensor:
        return self.first.explicit_pair_vectors(x)

    def combined_pairwise_form(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.first.combined_pairwise_form(x, mask)

    # every layer
    def all_parts(self, x: torch.Tensor, mask: torch.Tensor) -> list[TransformerParts]:
        out = []
        h = x
        for layer in self.layers:
            parts = layer.parts(h, mask)
            out.append(parts)
            h = parts.outputs
        return out

    def layer_inputs(self, x: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
        """What each layer reads: ``x``, then each layer's outputs in turn."""
        return [x] + [p.outputs for p in self.all_parts(x, mask)[:-1]]

    def layer_logits(self, x: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
        return [answer_logits(self.head(p.outputs), x, mask) for p in self.all_parts(x, mask)]

    def column_features(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``(B, L, d)``: the last layer's column outputs, which the answer head reads."""
        return self.all_parts(x, mask)[-1].outputs

    def column_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return answer_logits(self.head(self.column_features(x, mask)), x, mask)

    def vocabulary_logits(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(last_word(self.column_features(x, mask), mask))
