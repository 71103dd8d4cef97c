"""Wall times of chapter 4's layers, as measured once by ``benchmarks/layer_wall_time.py``.

The times live in a committed file (``assets/data/layer-timings.json``) that only the
benchmark writes: training writes no time the video shows, and nothing is timed while a
scene renders, so the frames drawn from the committed checkpoints do not change when the
machine's speed does. The file names the machine and the date of the measurement.

>>> from derived_transformer.model.timings import layer_timings
>>> t = layer_timings()
>>> t.at(1, 24).words
24
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from derived_transformer.resources import assets_dir

TIMINGS = assets_dir() / "data" / "layer-timings.json"


@dataclass(frozen=True)
class LayerTiming:
    """The fastest time of each layer on ``batch`` sentences of ``words`` words."""

    batch: int
    words: int
    attention_seconds: float
    transformer_seconds: float

    @property
    def speed_up(self) -> float:
        """How many times faster the transformer layer ran (below 1: slower)."""
        return self.attention_seconds / self.transformer_seconds

    @property
    def transformer_wins(self) -> bool:
        return self.transformer_seconds < self.attention_seconds


@dataclass(frozen=True)
class LayerTimings:
    """Every measured (batch, words) of the pairwise self-attention layer and the transformer
    layer, with where and how they were measured."""

    measured_on: str
    machine: str
    method: str
    width: int
    rows: tuple[LayerTiming, ...]

    def at(self, batch: int, words: int) -> LayerTiming:
        """The timing of ``batch`` sentences of ``words`` words."""
        for row in self.rows:
            if (row.batch, row.words) == (batch, words):
                return row
        measured = sorted({(r.batch, r.words) for r in self.rows})
        raise KeyError(f"no timing of {batch} × {words} words; measured: {measured}")

    def batch(self, batch: int) -> tuple[LayerTiming, ...]:
        """The timings of ``batch`` sentences at a time, by sentence length."""
        return tuple(sorted((r for r in self.rows if r.batch == batch), key=lambda r: r.words))

    @property
    def batches(self) -> tuple[int, ...]:
        return tuple(sorted({r.batch for r in self.rows}))

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> LayerTimings:
        rows = tuple(
            LayerTiming(
                int(r["batch"]),
                int(r["words"]),
                float(r["seconds"]["attention"]),
                float(r["seconds"]["transformer"]),
            )
            for r in raw["rows"]
        )
        return cls(
            str(raw["measured_on"]),
            str(raw["machine"]),
            str(raw["method"]),
            int(raw["width"]),
            rows,
        )


@lru_cache(maxsize=2)
def layer_timings(path: Path = TIMINGS) -> LayerTimings:
    """The committed wall times (read once)."""
    return LayerTimings.parse(json.loads(path.read_text()))
