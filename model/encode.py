"""Turning sentences into the one-hot tensors the models read."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from derived_transformer.model.registry import ModelSpec
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY


def encode(
    spec: ModelSpec, sentences: Sequence[tuple[str, ...]]
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(x, mask)`` for a batch: ``x`` is ``(B, L, D)`` one-hot rows (zero rows pad).

    Models with positions read each word's one-hot position (counted back from the last
    word) after its one-hot word; the text CNNs read at least ``spec.min_width`` columns.
    """
    width = max(max(len(s) for s in sentences), spec.min_width)
    vocabulary_size = len(VOCABULARY)
    dim = vocabulary_size + (MAX_WORDS if spec.positions else 0)
    lengths = np.array([len(s) for s in sentences], dtype=np.int64)
    rows = np.repeat(np.arange(len(sentences)), lengths)
    columns = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    index = VOCABULARY.index
    word_ids = np.fromiter((index[w] for s in sentences for w in s), np.int64, len(rows))
    x = np.zeros((len(sentences), width, dim), dtype=np.float32)
    x[rows, columns, word_ids] = 1.0
    if spec.positions:
        back = np.repeat(lengths, lengths) - 1 - columns
        x[
            rows, columns, vocabulary_size + (columns if spec.positions_from == "start" else back)
        ] = 1.0
    mask = np.arange(width)[None, :] < lengths[:, None]  # True where a column holds a word
    return torch.from_numpy(x), torch.from_numpy(mask)
