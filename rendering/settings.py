"""What a render is asked for, and the one translation of it into Manim's configuration.

>>> settings = RenderSettings(quality="m", video_format="webm")
>>> manim_config(settings, Path("media"))["quality"]
'medium_quality'
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

Quality = Literal["l", "m", "h", "k"]
VideoFormat = Literal["mp4", "webm", "gif"]

QUALITIES: dict[str, str] = {
    "l": "low_quality",
    "m": "medium_quality",
    "h": "high_quality",
    "k": "fourk_quality",
}
"""The quality flag (as in ``manim -ql``) and Manim's name for it."""

QUALITY_HELP = "l=480p15, m=720p30, h=1080p60, k=2160p60"
FORMATS: tuple[str, ...] = get_args(VideoFormat)
EXTENSIONS = {"mp4": ".mp4", "webm": ".webm", "gif": ".gif", "png": ".png"}

DEFAULT_TIMEOUT = 120.0
"""Seconds a scene may go without progress (no new frame, no new animation) before its
worker is stopped."""


@dataclass(frozen=True)
class RenderSettings:
    """Everything about a render run that changes its pictures.

    ``sentence``: the sentence for scenes that take one (``None``: each scene's own).
    ``captions``: draw the subtitles in a band below the picture as well.
    """

    quality: Quality = "l"
    video_format: VideoFormat = "mp4"
    sentence: str | None = None
    captions: bool = False

    def __post_init__(self) -> None:
        if self.quality not in QUALITIES:
            raise ValueError(f"unknown quality {self.quality!r}")
        if self.video_format not in FORMATS:
            raise ValueError(f"unknown format {self.video_format!r}")


def manim_config(
    settings: RenderSettings,
    media_dir: Path,
    *,
    still: bool = False,
    output_file: str | None = None,
    preview: bool = False,
) -> dict[str, Any]:
    """The Manim configuration of one render into ``media_dir``.

    ``still``: the last frame only, as PNG (animations jump to their ends, as with
    ``manim -s``). Manim's own cache is off: the rendering package keeps its own, keyed by
    fingerprints (:mod:`rendering.fingerprint`).
    """
    config: dict[str, Any] = {
        "quality": QUALITIES[settings.quality],
        "media_dir": str(media_dir),
        "video_dir": "{media_dir}/videos",
        "images_dir": "{media_dir}/images",
        "format": "png" if still else settings.video_format,
        "verbosity": "ERROR",
        "progress_bar": "none",
        "disable_caching": True,
        "preview": preview,
    }
    if output_file is not None:
        config["output_file"] = output_file
    return config


UNSAFE_FOR_MANIM = set("'\"\\{}\n\r")
"""Characters Manim's files cannot have in their path: it lists its partial movies for FFmpeg
in single quotes, and fills its folder templates with ``str.format``."""


def manim_can_use(folder: Path) -> bool:
    """Whether Manim can write under ``folder`` (valid UTF-8, none of
    :data:`UNSAFE_FOR_MANIM`)."""
    text = str(folder)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not UNSAFE_FOR_MANIM & set(text)


@contextmanager
def safe_media_dir(work: Path) -> Iterator[Path]:
    """A folder for Manim's files: ``work/media``, or, when Manim cannot use that path (an
    apostrophe, a name that is not UTF-8; see :func:`manim_can_use`), a folder of the
    system's temporary folder, removed when the block ends.

    >>> with safe_media_dir(Path("/tmp/Kim's videos")) as media:
    ...     "'" in str(media)
    False
    """
    if manim_can_use(work):
        yield work / "media"
        return
    folder = Path(tempfile.mkdtemp(prefix="derived-transformer-"))
    try:
        yield folder / "media"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
