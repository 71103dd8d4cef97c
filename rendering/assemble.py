"""Joining the scenes' videos into one, with chapter markers, one subtitle file and the
narration's audio track.

Videos are joined by copying their compressed packets (no re-encoding) with PyAV, each
scene's timestamps shifted by the length of the scenes before it; the narration track (built
by :mod:`rendering.audio`) is encoded beside them (AAC in mp4, Opus in webm), its packets
interleaved with the video's. GIFs are decoded and encoded again, as GIF has no packets to
copy between files, and stay silent.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import srt

from derived_transformer.files import atomic_write_together
from derived_transformer.narration import Cue, Placement
from derived_transformer.rendering.audio import Track, add_audio_stream, encode_track
from derived_transformer.rendering.media import open_media


@dataclass(frozen=True)
class Part:
    """One rendered scene: its video, length, cues (timed from the scene's start), the
    title of the chapter it belongs to, and the lines its voice speaks (timed from the
    scene's start)."""

    name: str
    video: Path
    duration: float
    cues: tuple[Cue, ...]
    chapter: str
    voice: tuple[Placement, ...] = ()


def video_duration(path: Path) -> float:
    with open_media(path) as container:
        stream = container.streams.video[0]
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration) / av.time_base


def offsets(parts: Sequence[Part]) -> list[float]:
    starts, t = [], 0.0
    for part in parts:
        starts.append(t)
        t += part.duration
    return starts


def chapter_marks(parts: Sequence[Part]) -> list[tuple[str, float, float]]:
    """(title, start, end) for each chapter, in order."""
    marks: list[tuple[str, float, float]] = []
    for part, start in zip(parts, offsets(parts), strict=True):
        end = start + part.duration
        if marks and marks[-1][0] == part.chapter:
            marks[-1] = (part.chapter, marks[-1][1], end)
        else:
            marks.append((part.chapter, start, end))
    return marks


def joined_cues(parts: Sequence[Part]) -> list[Cue]:
    """Every part's cues, timed from the start of the joined video."""
    return [
        cue.shifted(start)
        for part, start in zip(parts, offsets(parts), strict=True)
        for cue in part.cues
    ]


def write_subtitles(parts: Sequence[Part], path: Path) -> None:
    entries = [
        srt.Subtitle(
            index=k + 1,
            start=datetime.timedelta(seconds=cue.start),
            end=datetime.timedelta(seconds=cue.end),
            content=cue.text,
        )
        for k, cue in enumerate(joined_cues(parts))
    ]
    path.write_text(srt.compose(entries, reindex=False), encoding="utf-8")


def _chapters(parts: Sequence[Part]) -> list[dict]:
    base = Fraction(1, 1000)
    return [
        {
            "id": k + 1,
            "start": round(start * 1000),
            "end": round(end * 1000),
            "time_base": base,
            "metadata": {"title": title},
        }
        for k, (title, start, end) in enumerate(chapter_marks(parts))
    ]


def joined_voice(parts: Sequence[Part]) -> list[Placement]:
    """Every part's voice placements, timed from the start of the joined video."""
    return [
        Placement(p.start + start, p.duration, p.speech, p.written, p.timing, p.pauses)
        for part, start in zip(parts, offsets(parts), strict=True)
        for p in part.voice
    ]


SUBTITLE_CODECS = {"mp4": "mov_text", "webm": "webvtt"}
"""The text subtitle track each container carries (selectable in players)."""

SUBTITLE_HEADER = b"""[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,DejaVu Sans,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""
"""The ASS header FFmpeg's text subtitle encoders need before they open."""


def subtitle_packets(
    out: av.container.OutputContainer, container_format: str, cues: Sequence[Cue]
) -> list[av.Packet]:
    """A text subtitle stream in ``out`` and one packet per cue (milliseconds)."""
    from av.subtitles.subtitle import SubtitleSet

    stream = out.add_stream(SUBTITLE_CODECS[container_format])
    stream.codec_context.subtitle_header = SUBTITLE_HEADER
    stream.time_base = Fraction(1, 1000)
    packets = []
    for cue in cues:
        start, end = round(cue.start * 1000), round(cue.end * 1000)
        text = cue.text.replace("\n", "\\N")
        event = f"0,0,Default,,0,0,0,,{text}".encode()
        packet = stream.codec_context.encode_subtitle(
            SubtitleSet.create(text=event, start=0, end=end - start, pts=start)
        )
        packet.stream = stream
        packet.pts = packet.dts = start
        packet.duration = end - start
        packet.time_base = Fraction(1, 1000)
        packets.append(packet)
    return packets


def join_videos(
    parts: Sequence[Part], path: Path, container_format: str, track: Track | None = None
) -> None:
    """Write the parts one after another into ``path`` (packets copied) with chapters,
    ``track`` as its audio (encoded with the container's audio codec), and the cues as a
    text subtitle track."""
    with open_media(path, "w", format=container_format) as out:
        out_stream = None
        audio: list[av.Packet] = []
        texts: list[av.Packet] = []
        offset_seconds = 0.0
        for part in parts:
            with open_media(part.video) as source:
                stream = source.streams.video[0]
                if out_stream is None:
                    out_stream = out.add_stream_from_template(stream)
                    out.set_chapters(_chapters(parts))
                    if track is not None:
                        audio = encode_track(track, add_audio_stream(out, container_format))
                        audio.reverse()  # muxed from the end of the list, earliest first
                    texts = subtitle_packets(out, container_format, joined_cues(parts))
                    texts.reverse()
                shift = round(offset_seconds / stream.time_base)
                for packet in source.demux(stream):
                    if packet.dts is None:
                        continue
                    packet.pts += shift
                    packet.dts += shift
                    packet.stream = out_stream
                    now = float(packet.dts * packet.time_base)
                    for pending in (audio, texts):
                        while pending and float(pending[-1].pts * pending[-1].time_base) <= now:
                            out.mux(pending.pop())
                    out.mux(packet)
            offset_seconds += part.duration
        for pending in (audio, texts):
            while pending:
                out.mux(pending.pop())


def join_gifs(parts: Sequence[Part], path: Path) -> None:
    """GIF has a palette per file, so packets cannot be copied: decode every frame and
    write them again with Pillow (frames are streamed, not held in memory)."""
    from PIL import Image

    def frames() -> Iterator[Image.Image]:
        for part in parts:
            with open_media(part.video) as source:
                for frame in source.decode(video=0):
                    yield frame.to_image().convert("RGB").quantize(colors=256)

    count = 0
    for part in parts:  # counting packets is cheap; no decoding
        with open_media(part.video) as source:
            count += sum(1 for packet in source.demux(video=0) if packet.size)
    rate = count / sum(part.duration for part in parts)
    # GIF delays are in hundredths of a second: spread the rounding so that the total
    # length stays exact
    edges = [round(k * 100 / rate) * 10 for k in range(count + 1)]
    durations = [b - a for a, b in itertools.pairwise(edges)]
    stream = frames()
    first = next(stream)
    first.save(path, format="GIF", save_all=True, append_images=stream, duration=durations, loop=0)


CONTAINERS = {"mp4": "mp4", "webm": "webm", "gif": "gif"}


def assemble_video(
    parts: Sequence[Part], video: Path, video_format: str, track: Track | None = None
) -> None:
    """Write the joined video (with ``track`` as its sound, except GIF) at the given
    (temporary) path."""
    if video_format == "gif":
        join_gifs(parts, video)
    else:
        join_videos(parts, video, CONTAINERS[video_format], track)


def publish(
    parts: Sequence[Part], video: Path, video_format: str, track: Track | None = None
) -> Path:
    """Write the joined video at ``video`` (with ``track`` as its sound) and its subtitles
    beside it (``.srt``), both under temporary names first and renamed into place as a
    pair only once both are complete. Returns the subtitle file's path."""
    subtitles = video.with_suffix(".srt")
    atomic_write_together({
        video: lambda tmp: assemble_video(parts, tmp, video_format, track),
        subtitles: lambda tmp: write_subtitles(parts, tmp),
    })  # fmt: skip
    return subtitles
