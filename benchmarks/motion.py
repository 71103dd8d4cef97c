"""Motion, measured: how much of each scene moves, line by line: ``python benchmarks/motion.py``.

    python benchmarks/motion.py                      # every scene of the explainer
    python benchmarks/motion.py scores redundancy    # some scenes
    python benchmarks/motion.py --cache media/benchmark/sd/cache   # reuse a render's cache

Renders the scenes at 480p15 (scenes already in the cache are read from it), decodes every
frame and counts a frame as *moving* when more than ``--pixels`` of its pixels differ from
the previous frame's by more than ``--levels`` grey levels (0-255; a colour fading over two
seconds changes a cell by a few levels a frame, so the default is low). Prints, for each scene,
the share of moving frames, and for each subtitle cue of the scenes named on the command
line (or with ``--cues``), the share of moving frames while the cue is shown: the lines that
announce an operation should be the ones under which the picture moves. The last line is the
share of still frames in all the scenes measured, and the longest still stretch among them.

A *still stretch* is a run of frames that do not move, its length in seconds: a hold after a
reveal is one, and a picture left unchanged while a long line is spoken is a long one.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import av  # noqa: E402
import numpy as np  # noqa: E402

from derived_transformer.rendering.pool import run_jobs  # noqa: E402
from derived_transformer.rendering.runner import SceneResult, make_jobs  # noqa: E402
from derived_transformer.rendering.settings import RenderSettings  # noqa: E402
from derived_transformer.scenes.catalog import VIDEO_SCENES, UnknownSceneError, find_scene  # noqa: E402


@dataclass(frozen=True)
class Motion:
    """Which frames of a video move: ``moving[k]`` compares frame k with frame k - 1."""

    times: np.ndarray
    moving: np.ndarray

    def share(self, start: float = 0.0, end: float = float("inf")) -> float:
        inside = (self.times >= start) & (self.times < end)
        return float(self.moving[inside].mean()) if inside.any() else 0.0

    def longest_still(self) -> tuple[float, float]:
        """The longest run of still frames: where it starts and how long it lasts, in
        seconds (each frame lasting one frame interval).

        >>> Motion(np.arange(6) / 2, np.array([1, 0, 0, 1, 0, 1], dtype=bool)).longest_still()
        (0.5, 1.0)
        """
        step = float(np.median(np.diff(self.times))) if len(self.times) > 1 else 0.0
        best, start = (0.0, 0.0), None
        for k, moving in enumerate([*self.moving.tolist(), True]):
            if not moving and start is None:
                start = k
            elif moving and start is not None:
                best = max(best, ((k - start) * step, float(self.times[start])))
                start = None
        return best[1], best[0]


def measure(video: Path, levels: float, pixels: float) -> Motion:
    """Decode ``video`` and mark each frame that differs visibly from the one before."""
    times, moving = [], []
    previous: np.ndarray | None = None
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            grey = frame.to_ndarray(format="gray").astype(np.int16)
            changed = previous is not None and (np.mean(np.abs(grey - previous) > levels) > pixels)
            times.append(float(frame.pts * stream.time_base))
            moving.append(bool(changed))
            previous = grey
    return Motion(np.array(times), np.array(moving))


def render(names: list[str], cache: Path, jobs: int) -> list[SceneResult]:
    scenes = [find_scene(name) for name in names]
    return run_jobs(make_jobs(scenes, RenderSettings(quality="l"), cache), jobs, lambda r: None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", help="short names (default: the whole video)")
    parser.add_argument("--cache", type=Path, default=ROOT / "media" / "motion" / "cache")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--levels", type=float, default=3.0, help="grey levels that count")
    parser.add_argument("--pixels", type=float, default=0.0005, help="share of pixels")
    parser.add_argument("--cues", action="store_true", help="per cue for every scene")
    args = parser.parse_args()
    for name in args.scenes:
        try:
            find_scene(name)
        except UnknownSceneError as error:
            parser.error(str(error))
    names = args.scenes or [scene.short_name for scene in VIDEO_SCENES]
    per_cue = args.cues or bool(args.scenes)

    still = frames = 0
    longest = (0.0, "", 0.0)
    for result in render(names, args.cache, args.jobs):
        motion = measure(result.output, args.levels, args.pixels)
        frames += len(motion.moving)
        still += int((~motion.moving).sum())
        at, length = motion.longest_still()
        longest = max(longest, (length, result.name, at))
        print(
            f"{result.name:16} {result.duration:6.1f} s  moving {motion.share():6.1%} "
            f"of {len(motion.moving)} frames, longest still {length:4.1f} s at {at:.1f} s"
        )
        if per_cue:
            for cue in result.cues:
                text = cue.text if len(cue.text) <= 70 else cue.text[:67] + "..."
                print(f"    {cue.start:6.1f} s  {motion.share(cue.start, cue.end):6.1%}  {text}")
    print(f"still frames: {still / max(frames, 1):.1%} of {frames}")
    length, name, at = longest
    print(f"longest still stretch: {length:.1f} s ({name}, at {at:.1f} s)")


if __name__ == "__main__":
    main()
