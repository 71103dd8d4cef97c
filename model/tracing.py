"""Traces: every intermediate tensor of a model on one sentence, as NumPy arrays.

``trace(sentence, model="attention")`` tokenizes the sentence, runs the shipped checkpoint
and returns a frozen dataclass whose fields the scenes read. Traces are cached per
(model, sentence); loading never trains (a missing checkpoint is an error that names the
command that makes it).

Grid convention: arrays indexed ``[i, j]`` hold pair (row ``i``, column ``j``); column ``j``
holds the pairs that contain word ``j``; importances sum to 1 down each column.

Models with several layers: the fields named as in the explainer (``scores``,
``importances``, ``pair_vectors``, ``queries``, ...) hold the **first** layer, the one the
explainer draws; ``layer_scores``, ``layer_importances`` and ``layer_outputs`` hold every
layer, first to last. Every model with one output per word also answers every word's own
question: ``column_words``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
from torch.nn import functional as F  # noqa: N812

from derived_transformer.model.checkpoints import cached_model
from derived_transformer.model.encode import encode
from derived_transformer.model.errors import SentenceTypeError, TraceFieldError, UnknownModelError
from derived_transformer.model.labels import label_words
from derived_transformer.model.nets import (
    PairwiseAttention,
    PairwiseConv,
    PairwiseConv2,
    TextCNN,
    Transformer,
)
from derived_transformer.model.registry import MODEL_NAMES, spec
from derived_transformer.model.vocab import VOCABULARY, position_index, position_one_hot, tokenize

TOP_K = 5


@dataclass(frozen=True, eq=False)
class Trace:
    """What every model's trace holds.

    Fields:
        model: the model's name (see ``model.registry.MODEL_NAMES``).
        tokens: the sentence's words, lower-case, punctuation stripped.
        ids: ``(n,)`` each word's index in the vocabulary.
        one_hot: ``(n, V)`` each word's one-hot vector.
        position_index: ``(n,)`` each word's position as the models count it: back from the
            last word (the last word is 0, the one before it 1, ...).
        positions: ``(n, MAX_WORDS)`` the one-hot vectors of ``position_index`` (read by the
            model only when ``uses_positions``).
        uses_positions: whether the model attaches positions to the words.
        inputs: ``(n, D)`` the vectors the model reads (one-hot word, then position if used).
        probabilities: ``(V,)`` the prediction over the vocabulary (the last word's question).
        top_words, top_probabilities: the ``TOP_K`` most likely answers, most likely first.
        expected: what the labeller (``model.labels``) answers, or ``None`` with
            ``expected_rule`` saying why no rule applies; ``answer != expected`` means the
            model is wrong by the labeller's rules.
    """

    model: str
    tokens: tuple[str, ...]
    ids: np.ndarray
    one_hot: np.ndarray
    position_index: np.ndarray
    positions: np.ndarray
    uses_positions: bool
    inputs: np.ndarray
    probabilities: np.ndarray
    top_words: tuple[str, ...]
    top_probabilities: np.ndarray
    expected: str | None
    expected_rule: str

    def __getattr__(self, name: str) -> object:
        """A field this model's trace lacks (a CNN has no ``importances``): the project's
        error, naming the field, the model and the fields it has."""
        if name.startswith("__") or "model" not in self.__dict__:  # copying, unpickling
            raise AttributeError(name)
        fields = ", ".join(f.name for f in dataclasses.fields(self))
        raise TraceFieldError(
            f"the {self.__dict__['model']!r} model's trace has no {name!r}; "
            f"its fields are: {fields}"
        )

    @property
    def sentence(self) -> str:
        return " ".join(self.tokens)

    @property
    def n(self) -> int:
        return len(self.tokens)

    @property
    def answer(self) -> str:
        return self.top_words[0]

    @property
    def correct(self) -> bool | None:
        """Whether the answer is the labeller's (``None`` when no rule applies)."""
        return None if self.expected is None else self.answer == self.expected


@dataclass(frozen=True, eq=False)
class CNNTrace(Trace):
    """Text CNN. ``layers[k]``: ``(m, hidden)`` outputs of layer ``k + 1``; ``windows[k]``:
    ``(m, 2)`` the first and last word position each output covers (positions ``>= n`` are
    zero padding up to ``padded_width``). ``receptive_field``: words one top output covers.
    ``pooled_outputs``: ``(m,)`` which top outputs the prediction pools (windows inside the
    sentence; the one first window when the sentence is no longer than the field);
    ``pooled``: ``(hidden,)`` their largest value of each feature, which the prediction
    reads."""

    layers: tuple[np.ndarray, ...]
    windows: tuple[np.ndarray, ...]
    padded_width: int
    receptive_field: int
    pooled_outputs: np.ndarray
    pooled: np.ndarray


@dataclass(frozen=True, eq=False)
class PairwiseTrace(Trace):
    """Pairwise convolution. ``pair_vectors``: ``(n, n, d)``; ``column_sums``: ``(n, d)``
    plain sums down each column; ``mean``: ``(d,)`` the average of all ``n^2`` pair vectors,
    which the prediction reads."""

    pair_vectors: np.ndarray
    column_sums: np.ndarray
    mean: np.ndarray


@dataclass(frozen=True, eq=False)
class Pairwise2Trace(PairwiseTrace):
    """Two pairwise layers. ``quad_vectors``: ``(n^2, n^2, d)`` the second layer on every pair
    of pair vectors (pair vector ``a`` is pair ``(a // n, a % n)``); ``mean`` is their
    average."""

    quad_vectors: np.ndarray


@dataclass(frozen=True, eq=False)
class AttentionTrace(Trace):
    """Pairwise self-attention (first layer in the explainer's names).

    ``pair_vectors`` ``(n, n, d)``; ``column_sums`` ``(n, d)`` the plain (unweighted) sums;
    ``scores`` ``(n, n)``; ``exp_scores`` their exponentials; ``importances`` ``(n, n)``
    ``exp_scores`` divided by each column's sum; ``weighted_sums`` ``(n, d)`` each column's
    importance-weighted sum. Every layer: ``layer_scores``, ``layer_importances`` (each
    ``(n, n)``) and ``layer_outputs`` (each ``(n, d)``); the next layer reads the previous
    one's outputs. The prediction reads the last layer's column ``n - 1`` (the last word);
    ``column_words``: each column's own answer."""

    pair_vectors: np.ndarray
    column_sums: np.ndarray
    scores: np.ndarray
    exp_scores: np.ndarray
    importances: np.ndarray
    weighted_sums: np.ndarray
    layer_scores: tuple[np.ndarray, ...]
    layer_importances: tuple[np.ndarray, ...]
    layer_outputs: tuple[np.ndarray, ...]
    column_words: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class TransformerTrace(Trace):
    """Optimised transformer with ``H`` heads (``[h, i, j]`` for patterns); the explainer's
    names hold the first layer.

    ``scores``, ``exp_scores``, ``importances``: ``(H, n, n)``, one pattern per head.
    ``queries``, ``keys``: ``(H, n, k)`` ``Q_h x_j`` and ``K_h x_i`` (bilinear scoring only,
    else ``None``). ``offset_scores``: ``(H, n, n)`` the part of each score that depends only
    on the offset ``i - j`` (each head's learned score for how far apart and in which order
    the two words stand), so a bilinear score is ``keys[h, i] . queries[h, j] +
    offset_scores[h, i, j]``. ``bilinear_forms``: ``(H, n, n)`` the same first part as
    ``x_i . W_h x_j`` with ``W_h = K_h^T Q_h`` formed as one matrix (an independent code path;
    bilinear scoring only). ``values``: ``(H, n, v)`` ``A_h x_i``. ``head_outputs``: ``(H, n, v)``
    each head's weighted sum of values. ``own_terms``: ``(n, H*v)`` ``B x_j``, added once.
    ``combined``: ``(n, H*v)`` heads concatenated plus ``own_terms`` (the optimised form);
    ``combined_pairwise_form``: the same computed from ``n^2`` explicit pair vectors (an
    independent code path). ``sdpa_outputs``, ``sdpa_weights``: PyTorch's
    ``scaled_dot_product_attention`` on the same Q, K, V (bilinear only); its weights are
    ``importances`` transposed. ``outputs``: ``(n, hidden)`` the network on each column.
    Every layer: ``layer_scores``, ``layer_importances`` (each ``(H, n, n)``) and
    ``layer_outputs`` (each ``(n, hidden)``, the next layer's input); ``column_words``: each
    column's own answer (from the last layer)."""

    scores: np.ndarray
    exp_scores: np.ndarray
    importances: np.ndarray
    queries: np.ndarray | None
    keys: np.ndarray | None
    bilinear_forms: np.ndarray | None
    offset_scores: np.ndarray
    values: np.ndarray
    head_outputs: np.ndarray
    own_terms: np.ndarray
    combined: np.ndarray
    combined_pairwise_form: np.ndarray
    sdpa_outputs: np.ndarray | None
    sdpa_weights: np.ndarray | None
    outputs: np.ndarray
    layer_scores: tuple[np.ndarray, ...]
    layer_importances: tuple[np.ndarray, ...]
    layer_outputs: tuple[np.ndarray, ...]
    column_words: tuple[str, ...]


def _np(t: torch.Tensor) -> np.ndarray:
    array = t.detach().cpu().numpy().copy()
    array.setflags(write=False)
    return array


def sdpa(
    queries: torch.Tensor, keys: torch.Tensor, values: torch.Tensor, offsets: torch.Tensor
) -> torch.Tensor:
    """PyTorch's attention with the scale set to 1, as the derived bilinear score has none;
    ``offsets`` ``(H, n, n)`` ``[i, j]`` (the layer's :meth:`offset_part`) are added to the
    scores as SDPA's float mask, indexed ``[query j, key i]``."""
    return F.scaled_dot_product_attention(
        queries, keys, values, attn_mask=offsets.transpose(-1, -2), scale=1.0
    )


def sdpa_weights(queries: torch.Tensor, keys: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
    """SDPA's weight matrix ``[query, key]``, read from SDPA itself with identity values."""
    n = keys.shape[-2]
    eye = torch.eye(n, dtype=keys.dtype).expand(*keys.shape[:-1], n)
    return sdpa(queries, keys, eye, offsets)


def _words(logits: torch.Tensor) -> tuple[str, ...]:
    return tuple(VOCABULARY.words[i] for i in logits.argmax(dim=-1).tolist())


@lru_cache(maxsize=256)
def _trace_tokens(model_name: str, tokens: tuple[str, ...]) -> Trace:
    model_spec = spec(model_name)
    net = cached_model(model_name)
    x, mask = encode(model_spec, [tokens])
    n = len(tokens)
    expected = label_words(tokens)
    with torch.no_grad():
        logits = net(x, mask)[0]
        probs = torch.softmax(logits, dim=-1)
        top = torch.topk(probs, TOP_K)
        base = dict(
            model=model_name,
            tokens=tokens,
            ids=_np(torch.from_numpy(VOCABULARY.ids(tokens))),
            one_hot=_np(torch.from_numpy(VOCABULARY.one_hot(tokens))),
            position_index=_np(torch.from_numpy(position_index(n))),
            positions=_np(torch.from_numpy(position_one_hot(n))),
            uses_positions=model_spec.positions,
            inputs=_np(x[0, :n]),
            probabilities=_np(probs),
            top_words=tuple(VOCABULARY.words[i] for i in top.indices.tolist()),
            top_probabilities=_np(top.values),
            expected=expected.answer,
            expected_rule=expected.rule,
        )
        if isinstance(net, TextCNN):
            layers = net.layer_outputs(x)
            used = net.top_mask(mask, layers[-1].shape[1])[0]
            return CNNTrace(
                **base,
                layers=tuple(_np(h[0]) for h in layers),
                windows=tuple(
                    _np(torch.tensor([[p, p + 2 * (k + 1)] for p in range(h.shape[1])]))
                    for k, h in enumerate(layers)
                ),
                padded_width=x.shape[1],
                receptive_field=net.config.receptive_field,
                pooled_outputs=_np(used),
                pooled=_np(net.pooled(x, mask)[0]),
            )
        if isinstance(net, (PairwiseConv, PairwiseConv2)):
            pairs = net.pair_vectors(x)[0]
            fields = dict(
                **base,
                pair_vectors=_np(pairs),
                column_sums=_np(pairs.sum(dim=0)),
            )
            if isinstance(net, PairwiseConv2):
                quads = net.quad_vectors(x)[0]
                return Pairwise2Trace(
                    **fields, mean=_np(quads.mean(dim=(0, 1))), quad_vectors=_np(quads)
                )
            return PairwiseTrace(**fields, mean=_np(pairs.mean(dim=(0, 1))))
        if isinstance(net, PairwiseAttention):
            parts = net.parts(x, mask)
            every = net.all_parts(x, mask)
            return AttentionTrace(
                **base,
                pair_vectors=_np(parts.pair_vectors[0]),
                column_sums=_np(parts.pair_vectors[0].sum(dim=0)),
                scores=_np(parts.scores[0]),
                exp_scores=_np(parts.scores[0].exp()),
                importances=_np(parts.importances[0]),
                weighted_sums=_np(parts.outputs[0]),
                layer_scores=tuple(_np(p.scores[0]) for p in every),
                layer_importances=tuple(_np(p.importances[0]) for p in every),
                layer_outputs=tuple(_np(p.outputs[0]) for p in every),
                column_words=_words(net.column_logits(x, mask)[0]),
            )
        if isinstance(net, Transformer):
            parts = net.parts(x, mask)
            every = net.all_parts(x, mask)
            bilinear = net.config.scoring == "bilinear"
            queries = net.queries(x)[0] if bilinear else None
            keys = net.keys(x)[0] if bilinear else None
            values = parts.values[0]
            offsets = net.offset_part(n)
            return TransformerTrace(
                **base,
                scores=_np(parts.scores[0]),
                exp_scores=_np(parts.scores[0].exp()),
                importances=_np(parts.importances[0]),
                queries=_np(queries) if bilinear else None,
                keys=_np(keys) if bilinear else None,
                bilinear_forms=(
                    _np(net.bilinear_scores_explicit(x)[0] - offsets) if bilinear else None
                ),
                values=_np(values),
                head_outputs=_np(parts.head_outputs[0]),
                own_terms=_np(parts.own_terms[0]),
                combined=_np(parts.combined[0]),
                combined_pairwise_form=_np(net.combined_pairwise_form(x, mask)[0]),
                offset_scores=_np(offsets),
                sdpa_outputs=_np(sdpa(queries, keys, values, offsets)) if bilinear else None,
                sdpa_weights=_np(sdpa_weights(queries, keys, offsets)) if bilinear else None,
                outputs=_np(parts.outputs[0]),
                layer_scores=tuple(_np(p.scores[0]) for p in every),
                layer_importances=tuple(_np(p.importances[0]) for p in every),
                layer_outputs=tuple(_np(p.outputs[0]) for p in every),
                column_words=_words(net.column_logits(x, mask)[0]),
            )
    raise TypeError(f"no trace for {type(net).__name__}")


def trace(sentence: str, model: str = "attention") -> Trace:
    """The trace of ``model`` on ``sentence`` (cached per model and normalised words, so
    ``"The lion!"`` and ``"the lion"`` share one trace).

    Raises :class:`~model.errors.SentenceError` for a sentence the models cannot read,
    :class:`~model.errors.UnknownModelError` for an unknown model name and
    :class:`~model.errors.CheckpointError` for a missing or damaged checkpoint.
    """
    if not isinstance(sentence, str):
        raise SentenceTypeError(
            f"trace(sentence=...): the sentence must be text (a str), not "
            f"{type(sentence).__name__} ({sentence!r:.40})"
        )
    if not isinstance(model, str):
        raise UnknownModelError(
            f"trace(model=...): the model must be a name (a str) of: {', '.join(MODEL_NAMES)}"
        )
    spec(model)
    return _trace_tokens(model, tokenize(sentence))
