"""Frame comparison: do two renders of the explainer look the same?

    python benchmarks/compare_frames.py BEFORE.mp4 AFTER.mp4 [--tolerance 2.0]

Takes the frames at fixed times (every 5% of the shorter video unless ``--times`` is
given), and prints the mean absolute pixel difference (0-255) at each. Exits 1 when any
exceeds the tolerance, or when the lengths differ by more than a frame. A speed change must
pass this check against the render from before it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import av
import numpy as np


def frames_at(path: Path, times: list[float]) -> tuple[list[np.ndarray], float, float]:
    """The first frame at or after each time, the video's length and its frame rate."""
    wanted = sorted(times)
    found: list[np.ndarray] = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        length = float(container.duration) / av.time_base
        rate = float(stream.average_rate)
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base)
            while len(found) < len(wanted) and t >= wanted[len(found)] - 1e-6:
                found.append(frame.to_ndarray(format="rgb24").astype(float))
            if len(found) == len(wanted):
                break
    return found, length, rate


def compare(before: Path, after: Path, times: list[float] | None, tolerance: float) -> bool:
    with av.open(str(before)) as a, av.open(str(after)) as b:
        length = min(float(a.duration), float(b.duration)) / av.time_base
    times = times or [length * k / 20 for k in range(20)]
    old, old_length, rate = frames_at(before, times)
    new, new_length, _ = frames_at(after, times)
    ok = abs(old_length - new_length) <= 1.0 / rate + 1e-6
    print(
        f"lengths: {old_length:.3f} s and {new_length:.3f} s"
        f"{'' if ok else '  (differ by more than a frame)'}"
    )
    worst = 0.0
    for t, x, y in zip(sorted(times), old, new, strict=False):
        difference = float(np.abs(x - y).mean()) if x.shape == y.shape else float("inf")
        worst = max(worst, difference)
        print(f"  t = {t:8.2f} s: mean absolute difference {difference:.3f}")
    print(f"largest: {worst:.3f} (tolerance {tolerance})")
    return ok and worst <= tolerance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--times", type=float, nargs="*", default=None)
    parser.add_argument(
        "--tolerance",
        type=float,
        default=2.0,
        help="largest mean absolute pixel difference allowed (0-255)",
    )
    args = parser.parse_args()
    sys.exit(0 if compare(args.before, args.after, args.times, args.tolerance) else 1)


if __name__ == "__main__":
    main()
