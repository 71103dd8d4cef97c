"""The batch encoder against the one-sentence one-hot rows it must equal."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from derived_transformer.model.encode import encode
from derived_transformer.model.registry import spec
from derived_transformer.model.vocab import VOCABULARY, position_one_hot

SENTENCES = [
    ("the", "lion", "that", "the", "dog", "chased", "was", "roaring"),
    ("lion",),
    ("the", "fat", "cat"),
]


@pytest.mark.parametrize("name", ["cnn", "transformer"])
@pytest.mark.parametrize("positions_from", ["last", "start"])
def test_encoded_rows_are_each_words_one_hot_and_its_position(
    name: str, positions_from: str
) -> None:
    model_spec = dataclasses.replace(spec(name), positions_from=positions_from)
    x, mask = encode(model_spec, SENTENCES)
    assert x.shape[1] == max(max(map(len, SENTENCES)), model_spec.min_width)
    for b, words in enumerate(SENTENCES):
        n = len(words)
        expected = VOCABULARY.one_hot(words)
        if model_spec.positions:
            positions = position_one_hot(n, from_start=positions_from == "start")
            expected = np.concatenate([expected, positions], axis=1)
        assert np.array_equal(x[b, :n].numpy(), expected)
        assert not x[b, n:].numpy().any()
        assert mask[b].tolist() == [True] * n + [False] * (x.shape[1] - n)
