"""Narration without a voice: spoken forms, the lexicon, timing from the measured table,
voiceover blocks in scenes, the clip cache, the audio track and its muxing, and the silent
paths of the command line."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from manim import Square, Wait

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.narration import (
    LengthTable,
    Line,
    Measured,
    Placement,
    Timing,
    spoken_form,
)
from derived_transformer.narration.cues import timed_cues
from derived_transformer.narration.lexicon import Lexicon
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import answer_said
from derived_transformer.narration.timing import committed_table
from derived_transformer.rendering.assemble import publish
from derived_transformer.rendering.audio import (
    OUTPUT_RATE,
    PEAK_CEILING_DBFS,
    TARGET_LUFS,
    ClipAt,
    decoded_audio,
    levelled,
    loudness,
    measure_file,
    narration_track,
)
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.speech import ClipCache, ClipCacheError, synthesize_lines
from derived_transformer.scenes.base import Beat, Clip, DerivedScene, NarrationOverrunError
from tests.rendering.test_video import two_parts
from tests.support.paths import ROOT
from tests.support.videos import tiny_video


# -- the script ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("It reaches 99%.", "It reaches ninety-nine percent."),
        ("99.9%", "ninety-nine point nine percent"),
        ("n² pairs, then n^4", "n squared pairs, then n to the fourth"),
        ("3 words give 9 vectors", "three words give nine vectors"),
        ("about 50,000 words", "about fifty thousand words"),
        ("Around 2017, CNNs", "Around twenty seventeen, CNNs"),
        ("a score of -0.25", "a score of minus zero point two five"),
        ("x = 2 × 3", "x equals two times three"),
        ("e.g. 101 words", "for example one hundred and one words"),
        ("one-hot vectors", "one-hot vectors"),
    ],
)
def test_spoken_forms(written: str, spoken: str) -> None:
    assert spoken_form(written) == spoken


def test_percentages_never_round_to_certainty() -> None:
    assert percent(0.99943) == "99.9%"
    assert percent(0.99998) == "over 99.9%"
    assert percent(0.00001) == "under 0.1%"
    assert (percent(1.0), percent(0.5)) == ("100%", "50%")


def test_lines_derive_or_take_their_spoken_form() -> None:
    line = Line("  It reaches\n 99%. ")
    assert line.written == "It reaches 99%."
    assert line.spoken == "It reaches ninety-nine percent."
    own = Line("The n² pairs", spoken="The n squared pairs of words")
    assert own.spoken == "The n squared pairs of words"
    assert Line("a bilinear form").speech == "a by-linnier form"  # the committed lexicon
    assert Line.of("words") == Line("words")
    with pytest.raises(ValueError, match="needs words"):
        Line("  ")


def test_lexicon_replaces_whole_words_longest_first() -> None:
    lexicon = Lexicon({"linear": "linnier", "non-linearity": "non-linny-arity", "SDPA": "S D P A"})
    assert lexicon.pronounced("linear, non-linear, non-linearity") == (
        "linnier, non-linnier, non-linny-arity"
    )
    assert lexicon.pronounced("bilinear sdpa SDPA.") == "bilinear sdpa S D P A."


# -- timing ----------------------------------------------------------------------------------
class Ruler:
    """A measuring voice: one second per ten characters; counts what it measured."""

    def __init__(self, identity: str = "ruler") -> None:
        self.identity = identity
        self.measured: list[str] = []

    def length(self, speech: str) -> float:
        self.measured.append(speech)
        return len(speech) / 10


TABLE = LengthTable(voice="ruler", sample_rate=100, samples={"Known line.": 250})


def test_timing_prefers_the_table_then_the_voice_then_an_estimate() -> None:
    ruler = Ruler()
    timing = Timing(TABLE, ruler)
    assert timing.measure("Known line.") == Measured(2.5, "table")
    assert timing.measure("A new line.") == Measured(1.1, "voice:ruler")
    assert ruler.measured == ["A new line."]
    other = Ruler("another voice")  # not the table's voice: every line is measured
    assert Timing(TABLE, other).measure("Known line.") == Measured(1.1, "voice:another voice")
    estimate = Timing(TABLE).measure("A new line.")
    assert estimate.source == "estimate"
    assert estimate.seconds == pytest.approx(len("A new line.") / TABLE.characters_per_second)


def test_recorded_lengths_hold_only_while_the_timing_would_give_them() -> None:
    assert Timing(TABLE).holds("Known line.", Measured(2.5, "table"))
    assert not Timing(TABLE).holds("Known line.", Measured(2.4, "table"))
    shorter = LengthTable("ruler", 100, {"Known line.": 240})
    assert not Timing(shorter).holds("Known line.", Measured(2.5, "table"))
    ruler = Ruler()
    assert Timing(TABLE, ruler).holds("New.", Measured(0.4, "voice:ruler"))
    assert ruler.measured == []  # checked without synthesising
    assert not Timing(TABLE).holds("New.", Measured(0.4, "voice:ruler"))  # voice gone


def test_length_table_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "lengths.json"
    path.write_text(TABLE.to_json())
    assert LengthTable.load(path) == TABLE
    assert LengthTable.load(tmp_path / "absent.json") is None
    paused = LengthTable("v", 100, {"One. Two.": 300}, {"One. Two.": (140,)})
    path.write_text(paused.to_json())
    assert LengthTable.load(path) == paused
    assert Timing(paused).measure("One. Two.").pauses == (1.4,)


def test_cues_change_where_the_voice_pauses() -> None:
    text = "The first part of a long line, said slowly. And a second part of it, said after."
    plain = timed_cues(text, 10.0, 16.0, limit=45)
    assert len(plain) == 2
    # a pause near the proportional change moves it; one too far away does not
    moved = timed_cues(text, 10.0, 16.0, limit=45, pauses=(3.4,))
    assert moved[0].end == moved[1].start == 13.4
    kept = timed_cues(text, 10.0, 16.0, limit=45, pauses=(5.9,))
    assert kept[0].end == plain[0].end
    # every part keeps some time, in order, and the span is covered exactly
    several = timed_cues(text + " " + text, 0.0, 12.0, limit=45, pauses=(2.9, 3.1, 6.0, 9.2))
    assert [c.start for c in several[1:]] == [c.end for c in several[:-1]]
    assert several[0].start == 0.0 and several[-1].end == 12.0
    assert all(c.duration > 0 for c in several)
    assert {c.end for c in several[:-1]} <= {2.9, 3.1, 6.0, 9.2}


def test_no_cue_splits_a_bracketed_pair() -> None:
    """Every line of the script that names a pair "(fire, roaring)" keeps it on one cue,
    while the same text without brackets is split at its comma."""
    table = committed_table()
    assert table is not None
    bracketed = [speech for speech in table.samples if "(" in speech]
    assert bracketed, "the script names pairs in brackets"
    for speech in bracketed:
        for cue in timed_cues(speech, 0.0, 10.0, limit=40):
            assert cue.text.count("(") == cue.text.count(")"), (speech, cue.text)
    plain = timed_cues("a long line names the pair fire, roaring, and goes on", 0.0, 4.0, 40)
    assert next(c.text for c in plain).endswith("fire,")


# -- voiceover blocks in a scene ----------------------------------------------------------
class Spoken(DerivedScene):
    short_name = "spoken-test"
    beats = (Beat("9.1", "one"), Beat("9.2", "two"))
    fade_out_at_end = False
    overrun = 0.0

    def construct(self) -> None:
        self.beat("9.1")
        square = Square()
        with self.voiceover(Line("Known line.")) as clip:
            self.play(FadeInLike(square), run_time=clip.duration / 2)
        with self.voiceover("Second line.") as clip:
            self.play(square.animate.shift([1, 0, 0]), run_time=clip.duration + self.overrun)
        self.beat("9.2", "a subtitle without a voice")
        self.play(square.animate.shift([-1, 0, 0]))


def FadeInLike(mobject):  # noqa: N802 (reads like the animation it stands for)
    from manim import FadeIn

    return FadeIn(mobject)


def built(scene_class: type[DerivedScene], tmp_path: Path, **attributes) -> DerivedScene:
    timing = Timing(LengthTable("ruler", 100, {"Known line.": 250, "Second line.": 120}))
    return render_scene(
        scene_class, RenderSettings(), tmp_path, still=True, timing=timing, **attributes
    ).scene


def at_15_fps(seconds: float) -> float:
    """``seconds`` rounded up to whole frames of the tests' renders (15 per second)."""
    return math.ceil(seconds * 15 - 1e-6) / 15


def test_voiceover_blocks_last_their_clip_and_subtitle_exactly_it(tmp_path: Path) -> None:
    scene = built(Spoken, tmp_path)
    first, second = scene.voice_placements
    assert (first.start, first.duration, first.timing) == (0.0, 2.5, "table")
    # the block waited out its clip, to the next whole frame
    assert second.start == pytest.approx(at_15_fps(2.5))
    assert second.duration == 1.2
    voiced = scene.cues[:2]
    assert [(c.start, c.end, c.text) for c in voiced] == [
        (p.start, p.end, p.written) for p in (first, second)
    ]
    last = scene.cues[2]  # the next beat: a pause after speech, then a silent subtitle
    assert last.text == "a subtitle without a voice"
    assert last.start == pytest.approx(second.end + at_15_fps(Spoken.beat_pause))


def test_animations_running_past_their_line_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NarrationOverrunError, match=r"past the line 'Second line\.'"):
        built(Spoken, tmp_path, overrun=0.5)


# -- the clip cache and synthesis ----------------------------------------------------------
class Tones:
    """A stand-in speech service: a tone whose pitch and length follow the text."""

    identity = "tones 1"
    sample_rate = 16_000

    def __init__(self) -> None:
        self.said: list[str] = []

    def synthesize(self, speech: str) -> np.ndarray:
        self.said.append(speech)
        t = np.arange(int(self.sample_rate * len(speech) / 12)) / self.sample_rate
        tone = 0.3 * np.sin(2 * np.pi * (200 + 10 * len(speech)) * t)
        return (tone * 32767).astype(np.int16)


def test_only_new_lines_are_synthesised(tmp_path: Path) -> None:
    service, cache = Tones(), ClipCache(tmp_path / "voice")
    first = synthesize_lines(service, ["One line.", "Two lines.", "One line."], cache)
    assert (first.synthesised, first.cached) == (2, 0)
    again = synthesize_lines(service, ["One line.", "Two lines."], cache)
    assert (again.synthesised, again.cached) == (0, 2)
    changed = synthesize_lines(service, ["One line.", "Two changed lines."], cache)
    assert (changed.synthesised, changed.cached) == (1, 1)
    assert sorted(service.said) == ["One line.", "Two changed lines.", "Two lines."]
    clip = cache.get(service.identity, "One line.")
    assert np.array_equal(clip, Tones().synthesize("One line."))
    assert cache.get("tones 2", "One line.") is None  # another voice or setting: another clip


def test_a_damaged_clip_is_named_and_synthesised_again(tmp_path: Path, capsys) -> None:
    service, cache = Tones(), ClipCache(tmp_path / "voice")
    synthesize_lines(service, ["One line."], cache)
    path = cache.path(service.identity, "One line.")
    good = path.read_bytes()
    for damage in (good[:-100], b"not a wave file", good[:44] + bytes(len(good) - 44)):
        path.write_bytes(damage)  # truncated, garbage, every sample zero
        with pytest.raises(ClipCacheError, match="delete it") as caught:
            cache.get(service.identity, "One line.")
        assert str(path) in str(caught.value)
        assert isinstance(caught.value, DerivedTransformerError)
        report = synthesize_lines(service, ["One line."], cache)
        assert report.synthesised == 1
        assert path.read_bytes() == good
        note = capsys.readouterr().err.strip()
        assert str(path) in note and "synthesising it again" in note


# -- the audio track -----------------------------------------------------------------------
def speech_like(seconds: float, level: float, rate: int = 22_050, seed: int = 0) -> np.ndarray:
    """Noise shaped into syllables, as 16-bit samples."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    envelope = np.clip(np.sin(2 * np.pi * 3 * t), 0, None)
    return (
        (level * envelope * rng.normal(0, 0.3, len(t)) * 32767).clip(-32767, 32767).astype(np.int16)
    )


def test_the_track_is_as_long_as_the_picture_level_and_placed(tmp_path: Path) -> None:
    quiet, loud = speech_like(2.0, 0.1, seed=1), speech_like(2.0, 0.9, seed=2)
    track = narration_track([ClipAt(0.5, quiet, 22_050), ClipAt(4.0, loud, 22_050)], 7.0)
    assert len(track.samples) == 7 * OUTPUT_RATE
    assert np.abs(track.samples).max() <= 10 ** (PEAK_CEILING_DBFS / 20) + 1e-3
    assert loudness(track.samples, OUTPUT_RATE) == pytest.approx(TARGET_LUFS, abs=0.3)
    first = track.samples[int(0.5 * OUTPUT_RATE) : int(2.5 * OUTPUT_RATE)]
    second = track.samples[int(4.0 * OUTPUT_RATE) : int(6.0 * OUTPUT_RATE)]
    assert loudness(first, OUTPUT_RATE) == pytest.approx(loudness(second, OUTPUT_RATE), abs=0.5)
    silent = np.concatenate([track.samples[: int(0.5 * OUTPUT_RATE)], track.samples[-OUTPUT_RATE:]])
    assert np.abs(silent).max() == 0


def test_levelling_reaches_the_target_whatever_the_input() -> None:
    for level in (0.02, 0.3, 1.0):
        samples = speech_like(3.0, level, rate=OUTPUT_RATE).astype(np.float32) / 32768
        assert loudness(levelled(samples, OUTPUT_RATE), OUTPUT_RATE) == pytest.approx(
            TARGET_LUFS, abs=0.2
        )
    assert math.isinf(loudness(np.zeros(OUTPUT_RATE, np.float32), OUTPUT_RATE))


@pytest.mark.parametrize(("video_format", "codec"), [("mp4", "aac"), ("webm", "opus")])
def test_videos_carry_the_track(tmp_path: Path, video_format: str, codec: str) -> None:
    parts = two_parts(tmp_path, video_format)  # 2 s then 1 s, chapters, two subtitles
    # a line that starts at full level on the first sample, and another later
    abrupt = (np.random.default_rng(3).uniform(-1, 1, 11_025) * 32767).astype(np.int16)
    clips = [ClipAt(0.0, abrupt, 22_050), ClipAt(2.2, speech_like(0.7, 0.5), 22_050)]
    track = narration_track(clips, 3.0)
    video = tmp_path / f"joined.{video_format}"
    subtitles = publish(parts, video, video_format, track)
    report = measure_file(video)
    assert report is not None and report.codec == codec
    assert report.true_peak_dbfs <= -1.0
    assert report.duration == pytest.approx(3.0, abs=0.1)
    samples, rate = decoded_audio(video)
    energy = [
        float(np.abs(samples[int(t * rate) : int((t + 0.1) * rate)]).mean()) for t in (1.0, 2.5)
    ]
    assert energy[0] < 1e-3 < energy[1]  # silent after the first clip, then the second
    with av.open(str(video)) as container:
        assert len(container.streams.video) == 1
        assert abs(float(container.duration) / av.time_base - 3.0) < 0.1
        if video_format == "mp4":
            assert [c["metadata"]["title"] for c in container.chapters()] == [
                "Intro",
                "CNNs for text",
            ]
    assert [c.content for c in srt.parse(subtitles.read_text())] == ["first", "second"]
    assert not list(tmp_path.glob(".*"))


def test_silent_videos_have_no_audio_stream(tmp_path: Path) -> None:
    parts = two_parts(tmp_path)
    video = tmp_path / "silent.mp4"
    publish(parts, video, "mp4")
    assert measure_file(video) is None


# -- the command line and the runner without a voice ------------------------------------------
def test_without_the_voice_videos_are_silent_and_say_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from derived_transformer.rendering.assemble import Part
    from derived_transformer.rendering.cli import narration, parse_args

    monkeypatch.setenv("DERIVED_TRANSFORMER_VOICE", "off")
    line = Placement(0.0, 1.0, "Words.", "Words.", "table")
    parts = [Part("a", tmp_path / "a.mp4", 2.0, (), "Intro", (line,))]
    assert narration(parts, parse_args([]), tmp_path) is None
    err = capsys.readouterr().err
    assert err.count("the voice is not installed") == 1 and "pip install -e '.[voice]'" in err
    assert narration(parts, parse_args(["--no-voice"]), tmp_path) is None
    assert capsys.readouterr().err == ""  # asked for silence: nothing to say
    new = Placement(0.0, 1.0, "New words.", "New words.", "estimate")
    estimated = [Part("a", tmp_path / "a.mp4", 2.0, (), "Intro", (new,))]
    narration(estimated, parse_args(["--no-voice"]), tmp_path)
    assert "timing is estimated (first: 'New words.')" in capsys.readouterr().err


def test_a_voice_that_cannot_load_gives_a_silent_video_said_once(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    from derived_transformer.rendering import speech
    from derived_transformer.rendering.assemble import Part
    from derived_transformer.rendering.cli import narration, parse_args

    problem = "the voice cannot be loaded (InvalidProtobuf: broken); repair it with: make voice"
    monkeypatch.setattr(speech, "voice_installed", lambda: True)
    monkeypatch.setattr(speech, "voice_problem", lambda: problem)
    line = Placement(0.0, 1.0, "Words.", "Words.", "table")
    parts = [Part("a", tmp_path / "a.mp4", 2.0, (), "Intro", (line,))]
    assert narration(parts, parse_args([]), tmp_path) is None
    (note,) = capsys.readouterr().err.strip().splitlines()
    assert problem in note and "silent" in note


def test_the_voice_check_of_make_video_fails_in_one_line_without_the_voice() -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "derived_transformer.rendering.speech"], capture_output=True,
        text=True, env={**os.environ, "DERIVED_TRANSFORMER_VOICE": "off"}, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert "the voice is not installed; add it with:" in line


def test_a_finished_scene_is_rendered_again_when_its_line_lengths_change(tmp_path: Path) -> None:
    from derived_transformer.rendering.runner import SceneJob, cached_result

    job = SceneJob(Spoken, RenderSettings(), tmp_path / "spoken" / "abc")
    job.folder.mkdir(parents=True)
    tiny_video(job.folder / "scene.mp4", 3.0, 40)
    line = Placement(0.0, 2.5, "Known line.", "Known line.", "table")
    meta = {"duration": 3.0, "cues": [], "beats": [], "chapter": "", "voice": [line.as_json()]}
    (job.folder / "meta.json").write_text(json.dumps(meta))
    same = Timing(LengthTable("ruler", 100, {"Known line.": 250}))
    longer = Timing(LengthTable("ruler", 100, {"Known line.": 260}))
    result = cached_result(job, same)
    assert result is not None and result.voice == (line,)
    assert cached_result(job, longer) is None


@pytest.mark.render
def test_every_line_of_the_script_is_in_the_table() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "derived_transformer.rendering.lengths", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 not in lengths.json" in result.stderr


@pytest.mark.render
def test_long_scripts_are_synthesised_in_two_processes_with_the_same_clips(
    tmp_path: Path,
) -> None:
    lines = [f"Line number {k} of a long script, said at an even pace." * 4 for k in range(20)]
    together = synthesize_lines(Tones(), lines, ClipCache(tmp_path / "two"), processes=2)
    assert together.processes == 2 and together.synthesised == len(lines)
    alone = ClipCache(tmp_path / "one")
    synthesize_lines(Tones(), lines, alone, processes=1)
    for speech in lines:
        a = ClipCache(tmp_path / "two").path(Tones.identity, speech).read_bytes()
        assert a == alone.path(Tones.identity, speech).read_bytes()


class Announced(DerivedScene):
    """Motion that starts with the words announcing it."""

    short_name = "announced-test"
    beats = (Beat("9.1", "one"),)
    fade_out_at_end = False

    def construct(self) -> None:
        self.beat("9.1")
        square = Square()
        self.add(square)
        self.starts: list[float] = []
        with self.voiceover(Line("Known line.")) as clip:
            self.play_during(clip, square.animate.shift([1, 0, 0]), start=clip.at("line"))

    def play(self, *args, **kwargs) -> None:
        if not any(isinstance(a, Wait) for a in args):
            self.starts.append(self.time)
        super().play(*args, **kwargs)


def test_motion_starts_with_the_words_that_announce_it(tmp_path: Path) -> None:
    scene = built(Announced, tmp_path)
    (start,) = scene.starts
    spoken_at = 2.5 * "Known line.".index("line") / len("Known line.")
    assert spoken_at <= start < spoken_at + 1 / 15  # from the next frame on
    with pytest.raises(ValueError, match="not in the line"):
        Clip(Line("Known line."), 0.0, 2.5).at("unknown")


@dataclass(frozen=True)
class Answer:
    """What :func:`answer_said` reads of a trace."""

    tokens: tuple[str, ...]
    answer: str
    expected: str | None
    top_probabilities: tuple[float, ...]

    @property
    def correct(self) -> bool | None:
        return None if self.expected is None else self.answer == self.expected


@pytest.mark.parametrize(
    ("expected", "with_it", "without"),
    [
        (
            "lion",
            "It answers “lion”, with 37%, which is right.",
            "It answers “lion”, which is right.",
        ),
        (
            "fire",
            "It answers “lion”, with 37%, but a person would say “fire”.",
            "It answers “lion”, but a person would say “fire”.",
        ),
    ],
)
def test_an_answer_is_said_with_its_probability_only_when_asked(
    expected: str, with_it: str, without: str
) -> None:
    said = Answer(("the", "lion", "saw", "the", "fire"), "lion", expected, (0.37,))
    assert answer_said(said) == with_it
    assert answer_said(said, probability=False) == without
