"""The video's wall times come from the committed file the benchmark writes, never from
training or from the machine a scene renders on."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from derived_transformer.model import MAX_WORDS
from derived_transformer.model.timings import TIMINGS, LayerTimings, layer_timings

ROOT = Path(__file__).resolve().parents[2]
BENCHMARK = ROOT / "benchmarks" / "layer_wall_time.py"


def benchmark_module():
    spec = importlib.util.spec_from_file_location("layer_wall_time", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_timings_say_where_and_how_they_were_measured() -> None:
    timings = layer_timings()
    assert timings.machine and timings.method and timings.measured_on[:2] == "20"
    assert timings.batches[0] == 1 and len(timings.batches) > 1
    for batch in timings.batches:  # every batch at the video's longest sentence and beyond
        lengths = [r.words for r in timings.batch(batch)]
        assert MAX_WORDS in lengths and max(lengths) > MAX_WORDS
    assert all(r.attention_seconds > 0 and r.transformer_seconds > 0 for r in timings.rows)
    with pytest.raises(KeyError, match="no timing of 3 × 5 words"):
        timings.at(3, 5)


def test_the_benchmark_writes_what_the_video_reads(tmp_path: Path, monkeypatch) -> None:
    module = benchmark_module()
    monkeypatch.setattr(module, "WORDS", (2, 5))
    monkeypatch.setattr(module, "BATCHES", (1, 3))
    out = tmp_path / "timings.json"
    monkeypatch.setattr(sys, "argv", ["layer_wall_time.py", "--repeats", "1", "--out", str(out)])
    module.main()
    written = LayerTimings.parse(json.loads(out.read_text()))
    assert sorted((r.batch, r.words) for r in written.rows) == [(1, 2), (1, 5), (3, 2), (3, 5)]
    assert written.width == layer_timings().width
    assert not list(tmp_path.glob("*.tmp"))


def test_the_benchmark_refuses_bad_input_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARK), "--repeats", "0"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].endswith("--repeats must be at least 1")
    assert "Traceback" not in result.stderr


def test_training_writes_no_wall_time_the_video_shows() -> None:
    """Nothing but the benchmark names the timings file (the loader reads it)."""
    writers = [
        path.relative_to(ROOT)
        for folder in ("model", "scenes", "rendering", "narration")
        for path in (ROOT / folder).rglob("*.py")
        if "layer-timings" in path.read_text() or "TIMINGS" in path.read_text()
    ]
    assert writers == [Path("model/timings.py")]
    assert TIMINGS.name == "layer-timings.json"
