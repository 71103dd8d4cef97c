"""Turning sentences into the one-hot tensors the models read."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from derived_transformer.model.registry import ModelSpec
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY, position_one_hot


def encode(
    spec: ModelSpec, sentences: Sequence[tuple[str, ...]]
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(x, mask)`` for a batch: ``x`` is ``(B, L, D)`` one-hot rows (zero rows pad).

    Models with positions read each word's one-hot position (counted back from the last
    word) after its one-hot word; the text CNNs read at least ``spec.min_width`` columns.
    """
    width = max(max(len(s) for s in sentences), spec.min_width)
    dim = len(VOCABULARY) + (MAX_WORDS if spec.positions else 0)
    x = np.zeros((len(sentences), width, dim), dtype=np.float32)
    mask = np.zeros((len(sentences), width), dtype=bool)
    for b, words in enumerate(sentences):
        n = len(words)
        x[b, :n, : len(VOCABULARY)] = VOCABULARY.one_hot(words)
        if spec.positions:
            x[b, :n, len(VOCABULARY) :] = position_one_hot(
                n, from_start=spec.positions_from == "start"
            )
        mask[b, :n] = True
    return torch.from_numpy(x), torch.from_numpy(mask)
