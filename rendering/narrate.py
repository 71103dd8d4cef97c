"""The voice of a video: every line of its parts synthesised (through the clip cache), laid
at its time and levelled into one track; and narrated renders of a user's own scenes with
their own speech service.

>>> from derived_transformer.rendering.narrate import render_narrated      # doctest: +SKIP
>>> render_narrated([MyIntro], Path("media/my-intro.mp4"), service=MyVoice())  # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from derived_transformer.rendering.assemble import Part, joined_voice, publish, video_duration
from derived_transformer.rendering.audio import ClipAt, Track, narration_track
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.speech import (
    ClipCache,
    SpeechService,
    SynthesisReport,
    project_timing,
    synthesize_lines,
)
from derived_transformer.scenes.base import DerivedScene

LENGTH_TOLERANCE = 0.05
"""Seconds a clip may differ from the length its scene was timed with before it is reported."""


@dataclass
class VoiceTrack:
    """A built track, what synthesis it took, and the lines whose clip length differs from
    the length their scene was timed with (a table measured with another engine build)."""

    track: Track
    report: SynthesisReport
    mismatched: list[str] = field(default_factory=list)


def voice_track(
    parts: Sequence[Part],
    service: SpeechService,
    cache: ClipCache,
    processes: int = 1,
    isolated: bool = False,
) -> VoiceTrack:
    """The narration of ``parts`` as one track as long as their pictures (``processes``,
    ``isolated``: see :func:`rendering.speech.synthesize_lines`)."""
    placements = joined_voice(parts)
    speeches = [p.speech for p in placements]
    report = synthesize_lines(service, speeches, cache, processes, isolated)
    clips, mismatched = [], []
    for p in placements:
        samples = cache.get(service.identity, p.speech)
        if samples is None:  # removed while we ran: synthesise it here
            samples = service.synthesize(p.speech)
        if abs(len(samples) / service.sample_rate - p.duration) > LENGTH_TOLERANCE:
            mismatched.append(p.written)
        clips.append(ClipAt(p.start, samples, service.sample_rate))
    track = narration_track(clips, sum(part.duration for part in parts))
    return VoiceTrack(track, report, mismatched)


def render_narrated(
    scenes: Sequence[type[DerivedScene]],
    video: Path,
    service: SpeechService,
    settings: RenderSettings | None = None,
    cache: ClipCache | None = None,
) -> Path:
    """Render ``scenes`` one after another (in this process), timed by ``service`` (lines
    are measured with it unless it is the voice of the committed table), and write them
    joined into ``video`` with the narration and subtitles. Returns the video's path."""
    settings = settings or RenderSettings(video_format="webm" if video.suffix == ".webm" else "mp4")
    cache = cache or ClipCache(video.parent / "cache" / "voice")
    timing = project_timing(service, cache)
    parts = []
    with tempfile.TemporaryDirectory() as work:
        for k, scene in enumerate(scenes):
            rendered = render_scene(scene, settings, Path(work) / str(k), timing=timing)
            chapter = scene.chapter.title if scene.chapter else ""
            path, s = rendered.path, rendered.scene
            voice = tuple(s.voice_placements)
            parts.append(
                Part(scene.__name__, path, video_duration(path), tuple(s.cues), chapter, voice)
            )
        built = voice_track(parts, service, cache)
        publish(parts, video, settings.video_format, built.track)
    return video
