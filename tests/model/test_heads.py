"""heads_that_differ finds where a transformer's heads look at different words."""

from __future__ import annotations

import doctest

import numpy as np

from derived_transformer.model import heads
from derived_transformer.model.heads import heads_that_differ


def picks(rows: list[int], n: int = 4, peak: float = 0.9) -> np.ndarray:
    """Importances of one layer whose head ``h`` gives ``peak`` to row ``rows[h]`` in every
    column and shares the rest evenly."""
    out = np.full((len(rows), n, n), (1 - peak) / (n - 1))
    for h, row in enumerate(rows):
        out[h, row, :] = peak
    return out


def test_the_layer_whose_heads_pick_more_different_rows_wins() -> None:
    layer, column, rows = heads_that_differ((picks([0, 0, 1]), picks([0, 1, 2])))
    assert (layer, rows) == (1, [0, 1, 2])
    assert column == 3  # on a tie, the later column


def test_on_a_tie_the_first_layer_then_the_brighter_picks() -> None:
    assert heads_that_differ((picks([0, 1], peak=0.5), picks([2, 3], peak=0.9)))[0] == 0
    dim = picks([0, 1], peak=0.5)
    dim[:, :, 1] = picks([2, 3], peak=0.8)[:, :, 1]
    assert heads_that_differ((dim,))[1:] == (1, [2, 3])


def test_picks_below_bright_count_as_one() -> None:
    layer, _, rows = heads_that_differ((picks([0, 1, 2], peak=0.2), picks([0, 0, 1])))
    assert (layer, rows) == (1, [0, 0, 1])


def test_examples() -> None:
    assert doctest.testmod(heads).failed == 0
