"""Small real videos for tests of assembly and of the cache."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np


def tiny_video(path: Path, seconds: float, shade: int, video_format: str = "mp4") -> Path:
    """A small real video of one flat colour, 15 frames a second."""
    codec = {"mp4": "libx264", "webm": "libvpx-vp9"}[video_format]
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(round(seconds * 15)):
            image = np.full((48, 64, 3), shade, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path
