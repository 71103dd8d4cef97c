"""Turning sentences into the one-hot tensors the models read."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from model.registry import ModelSpec
from model.vocab import MAX_WORDS, VOCABULARY, position_one_hot


def encode(
    spec: ModelSpec, sentences: Sequence[tuple[str, ...]]
) -> tuple[torch.Tensor, torch.Tensor]:
    """``(x, mask)`` for a batch: ``x`` is ``(B, L, D)`` one-hot rows (zero rows pad)."""
    width = MAX_WORDS if spec.fixed_width else max(len(s) for s in sentences)
    dim = len(VOCABULARY) + (MAX_WORDS if spec.positions else 0)
    x = np.zeros((len(sentences), width, dim), dtype=np.float32)
    mask = np.zeros((len(sentences), width), dtype=bool)
    for b, words in enumerate(sentences):
        n = len(words)
        x[b, :n, : len(VOCABULARY)] = VOCABULARY.one_hot(words)
        if spec.positions:
            x[b, :n, len(VOCABULARY) :] = position_one_hot(n)
        mask[b, :n] = True
    return torch.from_numpy(x), torch.from_numpy(mask)
