"""Opening video files with PyAV through Python's own files, so that any path the file system
accepts works (PyAV takes a path only as UTF-8 text; a folder name that is not valid UTF-8
would fail), and checking that a video file is whole.

>>> from pathlib import Path
>>> video_problem(Path("missing.mp4"), 1.0)
'its file is missing'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import av

LENGTH_SLACK = 0.25
"""Seconds a whole video may differ from the length recorded for it (a frame and rounding)."""


@contextmanager
def open_media(path: Path, mode: str = "r", **options: Any) -> Iterator[Any]:
    """``av.open`` of the file at ``path`` (``mode`` ``"r"`` or ``"w"``; ``options`` such as
    ``format`` passed on), opened through a Python file object."""
    with open(path, "rb" if mode == "r" else "w+b") as file, av.open(file, mode, **options) as c:
        yield c


def video_problem(path: Path, duration: float) -> str | None:
    """What is wrong with the video at ``path`` that should last ``duration`` seconds (missing,
    unreadable, truncated), or ``None`` when it is whole. Reads packets only, no decoding."""
    if not path.is_file():
        return "its file is missing"
    try:
        with open_media(path) as container:
            stream = container.streams.video[0]
            end = 0.0
            for packet in container.demux(stream):
                if packet.pts is not None and packet.time_base is not None:
                    end = max(end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
    except (av.FFmpegError, OSError, IndexError, ValueError) as exc:
        return f"its video cannot be read ({type(exc).__name__})"
    if abs(end - duration) > LENGTH_SLACK:
        return f"its video lasts {end:.2f} s instead of {duration:.2f} s"
    return None


def image_problem(path: Path) -> str | None:
    """What is wrong with the image at ``path`` (missing, unreadable), or ``None``."""
    from PIL import Image, UnidentifiedImageError

    if not path.is_file():
        return "its file is missing"
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        return f"its image cannot be read ({type(exc).__name__})"
    return None
