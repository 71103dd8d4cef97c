"""The narration's audio track: clips laid at their times, levelled to one loudness, encoded
beside the video.

Loudness target: **-16 LUFS integrated** (EBU R128 / ITU-R BS.1770 measurement, the usual
target for speech published online), true peaks (between samples too, estimated four times
oversampled) at most -3 dBFS before encoding, so that the encoded file stays at or under
-1 dBFS true peak. Each clip fades in and out over a few milliseconds, so a line never
starts or stops with a click. Every clip is brought
to the target on its own, so lines and scenes sound equally loud, then the whole track is
measured and corrected once more. Levelling measures with :func:`loudness`, BS.1770-4
written out with NumPy (K-weighting, 400 ms blocks, absolute and relative gates); the
finished file is measured independently with FFmpeg's ``ebur128`` filter through PyAV's
filter graph (:func:`measure_file`), and the tests compare the two.

>>> import numpy as np
>>> tone = 0.1 * np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000)
>>> round(loudness(tone.astype(np.float32), 48000), 1)  # a 1 kHz tone at -20 dBFS peak
-23.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.filter
import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import lfilter, resample_poly

from derived_transformer.rendering.media import open_media

OUTPUT_RATE = 48_000
TARGET_LUFS = -16.0
PEAK_CEILING_DBFS = -3.0
"""The ceiling of the true peak before encoding. AAC at this bit rate adds up to about a
decibel on speech (measured: -0.97 dBFS in the encoded intro from a -2 dBFS ceiling), so the
finished file's true peak stays at or under -1 dBFS."""
EDGE_FADE_SECONDS = 0.005
"""Each clip fades in and out over this long."""
OVERSAMPLING = 4
AUDIO_CODECS = {"mp4": "aac", "webm": "libopus"}
"""The audio codec of each video format (GIF has no sound)."""
AUDIO_BIT_RATE = 96_000


@dataclass(frozen=True)
class Track:
    """Mono float samples in [-1, 1] at ``sample_rate``."""

    samples: np.ndarray
    sample_rate: int = OUTPUT_RATE

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class ClipAt:
    """A clip (mono 16-bit at ``sample_rate``) to be heard from ``time`` seconds."""

    time: float
    samples: np.ndarray
    sample_rate: int


def resampled(samples: np.ndarray, rate: int, to: int = OUTPUT_RATE) -> np.ndarray:
    """16-bit (or float) mono samples at ``rate`` as float samples at ``to``."""
    x = samples.astype(np.float32)
    if samples.dtype == np.int16:
        x /= 32768.0
    if rate == to:
        return x
    g = math.gcd(rate, to)
    return resample_poly(x, to // g, rate // g).astype(np.float32)


def _ebur128(samples: np.ndarray, rate: int, true_peak: bool = False) -> dict[str, str]:
    """The ebur128 filter's final readings of ``samples`` (mono float); ``true_peak`` adds
    the true-peak reading (four times oversampled: slower)."""
    graph = av.filter.Graph()
    source = graph.add_abuffer(
        format="flt", sample_rate=rate, layout="mono", time_base=Fraction(1, rate)
    )
    meter = graph.add("ebur128", "metadata=1" + (":peak=true" if true_peak else ""))
    sink = graph.add("abuffersink")
    source.link_to(meter)
    meter.link_to(sink)
    graph.configure()
    readings: dict[str, str] = {}
    step = rate
    samples = np.ascontiguousarray(samples, dtype=np.float32)
    for start in range(0, len(samples), step):
        frame = av.AudioFrame.from_ndarray(
            samples[None, start : start + step], format="flt", layout="mono"
        )
        frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
        graph.push(frame)
        readings = _drain(graph, readings)
    graph.push(None)
    return _drain(graph, readings)


def _drain(graph: av.filter.Graph, readings: dict[str, str]) -> dict[str, str]:
    while True:
        try:
            frame = graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return readings
        readings = dict(frame.metadata) or readings


K_WEIGHTING_48K = (
    (
        [1.53512485958697, -2.69169618940638, 1.19839281085285],
        [1.0, -1.69065929318241, 0.73248077421585],
    ),
    ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621]),
)
"""BS.1770's K-weighting at 48 kHz: a high shelf, then a high-pass (the standard's table)."""


def loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS per ITU-R BS.1770-4 (``-inf`` for silence or anything
    under 0.4 s)."""
    if rate != OUTPUT_RATE:
        samples, rate = resampled(samples, rate), OUTPUT_RATE
    weighted = np.asarray(samples, dtype=np.float64)
    for b, a in K_WEIGHTING_48K:
        weighted = lfilter(b, a, weighted)
    block, step = int(0.4 * rate), int(0.1 * rate)
    if len(weighted) < block:
        return -math.inf
    energy = np.concatenate([[0.0], np.cumsum(weighted**2)])
    starts = np.arange(0, len(weighted) - block + 1, step)
    power = (energy[starts + block] - energy[starts]) / block
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(power)
    power = power[levels > -70]
    if not len(power):
        return -math.inf
    relative = -0.691 + 10 * np.log10(power.mean()) - 10
    power = power[-0.691 + 10 * np.log10(power) > relative]
    return float(-0.691 + 10 * np.log10(power.mean()))


def true_peaks(samples: np.ndarray) -> np.ndarray:
    """Each sample's peak magnitude including the peaks between it and the next, as a
    reconstruction filter draws them (estimated four times oversampled, as BS.1770's true
    peak meter does).

    >>> tone = np.sin(2 * np.pi * 0.25 * np.arange(64) + np.pi / 4)  # peaks between samples
    >>> float(np.abs(tone).max().round(3)), float(true_peaks(tone)[8:56].max().round(2))
    (0.707, 1.0)
    """
    samples = np.asarray(samples, dtype=np.float64)
    if not len(samples):
        return samples
    up = np.abs(resample_poly(samples, OVERSAMPLING, 1))[: len(samples) * OVERSAMPLING]
    between = up.reshape(len(samples), OVERSAMPLING).max(axis=1)
    return np.maximum(np.abs(samples), between)


def limited(samples: np.ndarray, rate: int, ceiling_dbfs: float = PEAK_CEILING_DBFS) -> np.ndarray:
    """``samples`` with no true peak above the ceiling: a look-ahead limiter whose gain falls
    smoothly over 10 ms before a peak and recovers over the same time after it."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    peaks = true_peaks(samples)
    if peaks.max(initial=0.0) <= ceiling:
        return samples
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    width = max(1, int(0.010 * rate)) | 1
    # the minimum over a window at least as wide as the smoothing window keeps every
    # smoothed gain at or under the gain each sample needs
    gain = uniform_filter1d(minimum_filter1d(needed, 2 * width + 1), width)
    return np.clip(samples * gain, -ceiling, ceiling).astype(np.float32)


def faded(samples: np.ndarray, rate: int, seconds: float = EDGE_FADE_SECONDS) -> np.ndarray:
    """``samples`` fading in from silence and out to silence over ``seconds`` at each end."""
    count = min(len(samples) // 2, max(1, round(seconds * rate)))
    ramp = np.linspace(0.0, 1.0, count, endpoint=False, dtype=np.float32)
    out = np.array(samples, dtype=np.float32)
    out[:count] *= ramp
    out[len(out) - count :] *= ramp[::-1]
    return out


def levelled(samples: np.ndarray, rate: int, target: float = TARGET_LUFS) -> np.ndarray:
    """``samples`` brought to ``target`` LUFS with their peaks limited (gain and limiting
    repeated, as limiting lowers the loudness a little); too short to measure: as is."""
    for _ in range(3):
        measured = loudness(samples, rate)
        if not math.isfinite(measured) or abs(measured - target) < 0.05:
            break
        samples = limited(samples * np.float32(10 ** ((target - measured) / 20)), rate)
    return limited(samples, rate)


PAUSE_SECONDS = 0.07
"""The shortest silence counted as a pause between words (a subtitle may change there)."""
PAUSE_LEVEL = 0.03
"""Quieter than this share of a clip's peak (its envelope over 10 ms) counts as silent."""


def pauses_in(samples: np.ndarray, rate: int) -> tuple[int, ...]:
    """The middle of every pause inside a clip (in samples), not counting the silence
    before the first word and after the last.

    >>> rate = 1000
    >>> word = np.sin(np.arange(300)).astype(np.float32)
    >>> clip = np.concatenate([word, np.zeros(200, np.float32), word])
    >>> [round(at / rate, 2) for at in pauses_in(clip, rate)]  # in seconds
    [0.4]
    """
    envelope = uniform_filter1d(np.abs(np.asarray(samples, dtype=np.float32)), max(1, rate // 100))
    peak = float(envelope.max(initial=0.0))
    if peak <= 0:
        return ()
    quiet = envelope < PAUSE_LEVEL * peak
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]])))
    runs = edges.reshape(-1, 2)  # [start, end) of each quiet run
    inside = [(a, b) for a, b in runs if a > 0 and b < len(samples)]
    return tuple(int((a + b) // 2) for a, b in inside if b - a >= PAUSE_SECONDS * rate)


def narration_track(clips: Sequence[ClipAt], duration: float) -> Track:
    """One track ``duration`` seconds long with every clip levelled and laid at its time,
    the whole brought to the loudness target."""
    total = round(duration * OUTPUT_RATE)
    mix = np.zeros(total, dtype=np.float32)
    for clip in clips:
        samples = levelled(
            faded(resampled(clip.samples, clip.sample_rate), OUTPUT_RATE), OUTPUT_RATE
        )
        start = round(clip.time * OUTPUT_RATE)
        end = min(total, start + len(samples))
        if end > start:
            mix[start:end] += samples[: end - start]
    return Track(levelled(mix, OUTPUT_RATE))


def encode_track(track: Track, stream: av.AudioStream) -> list[av.Packet]:
    """Every packet of ``track`` encoded by ``stream`` (an audio stream of an output
    container), in order; the last frame is padded with silence to the codec's frame size."""
    context = stream.codec_context
    layout_format = context.format.name
    size = context.frame_size or 1024
    packets: list[av.Packet] = []
    samples = track.samples
    for start in range(0, len(samples), size):
        chunk = samples[start : start + size]
        if len(chunk) < size:
            chunk = np.pad(chunk, (0, size - len(chunk)))
        if layout_format == "s16":
            chunk = (np.clip(chunk, -1, 1) * 32767).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(chunk[None, :]), format=layout_format, layout="mono"
        )
        frame.sample_rate, frame.pts = track.sample_rate, start
        packets += stream.encode(frame)
    packets += stream.encode(None)
    return packets


def add_audio_stream(container: av.container.OutputContainer, video_format: str) -> av.AudioStream:
    codec = AUDIO_CODECS[video_format]
    stream = container.add_stream(codec, rate=OUTPUT_RATE, layout="mono")
    stream.bit_rate = AUDIO_BIT_RATE
    stream.codec_context.format = "fltp" if codec == "aac" else "flt"
    return stream


@dataclass(frozen=True)
class AudioReport:
    """The audio of a finished file: codec, length, integrated loudness, true peak."""

    codec: str
    duration: float
    lufs: float
    true_peak_dbfs: float


def decoded_audio(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream of ``path``, decoded to mono float samples."""
    with open_media(path) as container:
        stream = container.streams.audio[0]
        rate = stream.codec_context.sample_rate
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        pieces = []
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                pieces.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            pieces.append(out.to_ndarray().reshape(-1))
    return np.concatenate(pieces) if pieces else np.zeros(0, np.float32), rate


def measure_file(path: Path) -> AudioReport | None:
    """Measure the audio of a video file (``None`` if it has none)."""
    with open_media(path) as container:
        if not container.streams.audio:
            return None
        codec = container.streams.audio[0].codec_context.name
    samples, rate = decoded_audio(path)
    readings = _ebur128(samples, rate, true_peak=True)
    peak = float(readings.get("lavfi.r128.true_peak", "0") or 0)
    return AudioReport(
        codec=codec,
        duration=len(samples) / rate,
        lufs=float(readings.get("lavfi.r128.I", "-inf")),
        true_peak_dbfs=20 * math.log10(peak) if peak > 0 else -math.inf,
    )
