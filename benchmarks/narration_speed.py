"""Narration speed, measured in one run on this machine: ``python benchmarks/narration_speed.py``.

Needs the voice extra. Prints every figure and writes them as JSON (``--json``, default
``media/benchmark/narration_speed.json``):

* synthesis of every line of the script (the committed table's lines) from a cold clip
  cache, allowed one and two processes (a second one is started only for enough text):
  seconds of speech, wall seconds including loading the voice, and wall seconds per second
  of speech (the target: at most 0.25);
* chapter 0 rendered narrated through the command line from nothing, then again unchanged:
  wall seconds of each, and how many lines the unchanged render synthesised (the target: 0);
* the loudness and length of the narrated chapter's audio against its picture.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402

from derived_transformer.narration import committed_table  # noqa: E402
from derived_transformer.rendering.audio import measure_file  # noqa: E402
from derived_transformer.rendering.speech import ClipCache, PiperService, synthesize_lines  # noqa: E402


def cold_synthesis(lines: list[str], processes: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        report = synthesize_lines(PiperService(), lines, ClipCache(Path(folder)), processes)
    return {
        "processes_allowed": processes,
        "processes_used": report.processes,
        "lines": report.synthesised,
        "speech_seconds": round(report.speech_seconds, 2),
        "wall_seconds": round(report.wall_seconds, 2),
        "seconds_per_second_of_speech": round(report.seconds_per_second, 3),
    }


def render_chapter_0(out: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(ROOT / "render.py"), "--chapter", "0", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, result.stderr


def synthesised(stderr: str) -> int:
    match = re.search(r"voice: \d+ lines, (\d+) synthesised", stderr)
    if match is None:
        raise SystemExit(f"no voice summary in the render's output:\n{stderr}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--json", type=Path, default=ROOT / "media" / "benchmark" / "narration_speed.json"
    )
    args = parser.parse_args()
    table = committed_table()
    if table is None:
        raise SystemExit(
            "no table of measured lengths: python -m derived_transformer.rendering.lengths"
        )
    lines = sorted(table.samples)
    report: dict[str, object] = {}
    report["cold_synthesis"] = [cold_synthesis(lines, 1), cold_synthesis(lines, 2)]
    for row in report["cold_synthesis"]:
        print(
            f"cold synthesis, {row['processes_used']} of {row['processes_allowed']} process(es): "
            f"{row['speech_seconds']} s of speech "
            f"in {row['wall_seconds']} s = {row['seconds_per_second_of_speech']} s per s"
        )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cold, cold_err = render_chapter_0(out)
        warm, warm_err = render_chapter_0(out)
        video = out / "derived-transformer-chapter-0.mp4"
        audio = measure_file(video)
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            picture = float(stream.duration * stream.time_base)
    assert audio is not None
    report["chapter_0"] = {
        "cold_render_seconds": round(cold, 2),
        "lines_synthesised_cold": synthesised(cold_err),
        "unchanged_render_seconds": round(warm, 2),
        "lines_synthesised_unchanged": synthesised(warm_err),
        "unchanged_over_cold": round(warm / cold, 3),
        "picture_seconds": round(picture, 3),
        "audio_seconds": round(audio.duration, 3),
        "loudness_lufs": audio.lufs,
        "true_peak_dbfs": round(audio.true_peak_dbfs, 2),
    }
    for key, value in report["chapter_0"].items():
        print(f"chapter 0, {key.replace('_', ' ')}: {value}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n")
    print(args.json)


if __name__ == "__main__":
    main()
