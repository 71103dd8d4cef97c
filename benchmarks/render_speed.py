"""Render speed, measured in one run on this machine: ``python benchmarks/render_speed.py``.

Prints every figure and writes them as JSON (``--json``, default
``media/benchmark/render_speed.json``):

* the whole explainer at 480p15 with ``--jobs 2``: video seconds, render wall seconds and
  their ratio (RTF), per scene and in total, and the peak memory of the render;
* an unchanged re-render against the cold one, and a re-render after one scene changed;
* the heaviest scene of each chapter at 1080p60 with ``--jobs 2``, against its encode
  floor: the same frames decoded beforehand and encoded again in one process with the
  render's codec settings (libx264, crf 23, yuv420p);
* training every model, and tracing a new sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402

from derived_transformer.rendering.pool import run_jobs  # noqa: E402
from derived_transformer.rendering.runner import make_jobs  # noqa: E402
from derived_transformer.rendering.settings import RenderSettings  # noqa: E402
from derived_transformer.scenes.catalog import VIDEO_SCENES  # noqa: E402

CODEC, CRF, PIX_FMT = "libx264", "23", "yuv420p"  # Manim's defaults for mp4


class TreeMemory:
    """Peak resident memory of this process and all its descendants, sampled."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        root = os.getpid()
        while not self._stop.is_set():
            children: dict[int, list[int]] = defaultdict(list)
            rss: dict[int, int] = {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                pid = int(entry.name)
                children[int(fields.get("PPid", "0").strip())].append(pid)
                rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
            total, stack = 0, [root]
            while stack:
                pid = stack.pop()
                total += rss.get(pid, 0)
                stack.extend(children.get(pid, []))
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


def render_all(out: Path, quality: str, jobs: int, scenes=None) -> tuple[float, list]:
    scenes = list(scenes or VIDEO_SCENES)
    started = time.perf_counter()
    results = run_jobs(
        make_jobs(scenes, RenderSettings(quality=quality), out / "cache"), jobs, lambda r: None
    )
    return time.perf_counter() - started, results


def encode_floor(videos: list[Path], target: Path, chunk: int = 120) -> tuple[float, int]:
    """Encode the videos' frames again in one process, timing only the encoding.

    Frames are decoded beforehand, ``chunk`` at a time (all of them would not fit in
    memory at 1080p), into the RGBA arrays Manim hands its encoder; the clock runs only
    while they are encoded (libx264, crf 23, yuv420p, as in the render)."""
    encoding, count = 0.0, 0
    with av.open(str(target), "w", format="mp4") as out:
        stream = None
        for video in videos:
            with av.open(str(video)) as source:
                src = source.streams.video[0]
                if stream is None:
                    stream = out.add_stream(CODEC, rate=src.average_rate, options={"crf": CRF})
                    stream.pix_fmt = PIX_FMT
                    stream.width, stream.height = src.width, src.height
                frames = source.decode(src)
                while True:
                    batch = [
                        f.to_ndarray(format="rgba")
                        for _, f in zip(range(chunk), frames, strict=False)
                    ]
                    if not batch:
                        break
                    started = time.perf_counter()
                    for array in batch:
                        frame = av.VideoFrame.from_ndarray(array, format="rgba")
                        out.mux(stream.encode(frame))
                    encoding += time.perf_counter() - started
                    count += len(batch)
        started = time.perf_counter()
        out.mux(stream.encode(None))
        encoding += time.perf_counter() - started
    return encoding, count


def training_seconds(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "derived_transformer.model.train", "--out", str(folder)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def trace_milliseconds() -> dict[str, float]:
    from derived_transformer.model import MODEL_NAMES, trace
    from derived_transformer.model.checkpoints import cached_model

    started = time.perf_counter()
    for name in MODEL_NAMES:
        cached_model(name)
    load = time.perf_counter() - started
    sentence = "we saw a tiger by the river and it was roaring"
    times = {}
    for name in MODEL_NAMES:
        if name == "pairwise2":  # n^4: built for phrases
            continue
        started = time.perf_counter()
        trace(sentence, model=name)
        times[name] = (time.perf_counter() - started) * 1000
    return {
        "load_all_models_ms": round(load * 1000, 1),
        "new_sentence_ms_max": round(max(times.values()), 2),
        "new_sentence_ms_by_model": {k: round(v, 2) for k, v in times.items()},
    }


def heaviest_per_chapter(results) -> list[str]:
    best: dict[str, tuple[float, str]] = {}
    for r in results:
        cost = r.render_seconds / max(r.duration, 1e-9)
        if r.chapter not in best or cost > best[r.chapter][0]:
            best[r.chapter] = (cost, r.name)
    return [name for _, name in best.values()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=ROOT / "media" / "benchmark")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-hd", action="store_true", help="skip the 1080p60 subset")
    args = parser.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    report: dict = {"jobs": args.jobs, "cores": os.cpu_count()}

    report["train_seconds"] = round(training_seconds(work / "checkpoints"), 2)
    print(f"training all models: {report['train_seconds']} s")
    report["trace"] = trace_milliseconds()
    print(f"tracing a new sentence: {report['trace']['new_sentence_ms_max']} ms (slowest model)")

    with TreeMemory() as memory:
        cold, results = render_all(work / "sd", "l", args.jobs)
    video = sum(r.duration for r in results)
    report["sd"] = {
        "video_seconds": round(video, 2),
        "wall_seconds": round(cold, 2),
        "rtf": round(cold / video, 4),
        "peak_memory_mb": round(memory.peak / 2**20, 1),
        "scenes": {
            r.name: {
                "video_seconds": round(r.duration, 2),
                "render_seconds": r.render_seconds,
                "rtf": round(r.render_seconds / r.duration, 4),
            }
            for r in results
        },
    }
    print(
        f"480p15, --jobs {args.jobs}: {video:.1f} s of video in {cold:.1f} s: "
        f"RTF {cold / video:.3f}; peak memory {memory.peak / 2**20:.0f} MB"
    )

    again, _ = render_all(work / "sd", "l", args.jobs)
    report["unchanged_rerender"] = {
        "wall_seconds": round(again, 2),
        "fraction_of_cold": round(again / cold, 4),
    }
    print(f"unchanged re-render: {again:.2f} s ({again / cold:.1%} of cold)")
    touched = results[len(results) // 2]
    (touched.output.parent / "meta.json").unlink()  # as if this scene's code had changed
    one, redone = render_all(work / "sd", "l", args.jobs)
    report["one_scene_changed"] = {
        "scene": touched.name,
        "wall_seconds": round(one, 2),
        "rendered": [r.name for r in redone if r.rendered],
    }
    print(f"re-render after one scene ({touched.name}) changed: {one:.2f} s")

    if not args.skip_hd:
        subset = heaviest_per_chapter(results)
        chosen = [s for s in VIDEO_SCENES if s.short_name in subset]
        hd_wall, hd = render_all(work / "hd", "h", args.jobs, chosen)
        floor, frames = encode_floor([r.output for r in hd], work / "floor.mp4")
        report["hd_subset"] = {
            "scenes": subset,
            "frames": frames,
            "video_seconds": round(sum(r.duration for r in hd), 2),
            "wall_seconds": round(hd_wall, 2),
            "encode_floor_seconds": round(floor, 2),
            "ratio_to_floor": round(hd_wall / floor, 3),
        }
        print(
            f"1080p60 subset {subset}: {hd_wall:.1f} s against an encode floor of "
            f"{floor:.1f} s ({frames} frames): {hd_wall / floor:.2f} times the floor"
        )

    target = args.json or work / "render_speed.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=1) + "\n")
    print(f"written: {target}")


if __name__ == "__main__":
    main()
