"""Where a transformer's attention heads look at different words.

>>> import numpy as np
>>> first = np.zeros((2, 3, 3))
>>> first[0, 0, :] = first[1, 2, :] = 1.0  # head 0 picks row 0, head 1 row 2, every column
>>> heads_that_differ((first,))
(0, 2, [0, 2])
"""

from __future__ import annotations

import numpy as np


def heads_that_differ(
    layer_importances: tuple[np.ndarray, ...], bright: float = 0.3
) -> tuple[int, int, list[int]]:
    """``(layer, column, each head's largest row)`` where the heads pick the most different
    rows, each pick bright (at least ``bright``); the first layer first on ties (its head
    outputs are traced), then the larger smallest pick, then the later column.

    ``layer_importances`` holds one array per layer, shaped ``(heads, n, n)``: each head's
    relative importances, row ``i`` column ``j`` how much word ``j`` takes from word ``i``."""
    best: tuple[tuple[int, int, float, int], int, int, list[int]] | None = None
    for layer, importances in enumerate(layer_importances):
        heads, n, _ = importances.shape
        for j in range(n):
            rows = [int(np.argmax(importances[h][:, j])) for h in range(heads)]
            peaks = [float(importances[h][rows[h], j]) for h in range(heads)]
            distinct = len(set(rows)) if min(peaks) >= bright else 1
            key = (distinct, -layer, min(peaks), j)
            if best is None or key > best[0]:
                best = (key, layer, j, rows)
    if best is None:
        raise ValueError("heads_that_differ needs at least one layer with one word")
    return best[1], best[2], best[3]
