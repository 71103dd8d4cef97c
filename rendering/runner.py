"""Scene jobs: each scene rendered into a cache folder named by its fingerprint (in a worker
process; :mod:`rendering.pool` runs the workers).

A scene's folder ``cache/<scene>/<fingerprint>/`` is complete when its ``meta.json`` exists;
that file is written last, so an interrupted render leaves nothing that a later run would
take for finished. A scene is rendered in a work folder beside it
(``.<fingerprint>.<random>``) while its lock (``.<fingerprint>.lock``) is held, so two runs
never render the same scene at once: the second waits and then takes the first's result.
Work folders whose lock nobody holds are left over from a killed run and removed.

The file also records where the scene's lines are spoken and how long each was taken to
be; a finished folder whose line lengths the timing source in force would no longer give
(the table was regenerated, a voice was installed) is rendered again.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import file_lock, lock_if_free
from derived_transformer.narration import Cue, Measured, Placement, Timing
from derived_transformer.rendering.fingerprint import SourceTree, scene_fingerprint
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import EXTENSIONS, RenderSettings
from derived_transformer.rendering.speech import project_timing
from derived_transformer.rendering.tiles import tile_frames
from derived_transformer.scenes.base import DerivedScene


@dataclass(frozen=True)
class SceneJob:
    """One scene to render into ``folder`` (``cache/<scene>/<fingerprint>``): a video, its
    last frame (``still``) or its contact sheet (``sheet``: the frames at the end of every
    subtitle, from a still render, tiled into one PNG)."""

    scene_class: type[DerivedScene]
    settings: RenderSettings
    folder: Path
    still: bool = False
    sheet: bool = False

    @property
    def name(self) -> str:
        return self.scene_class.short_name or self.scene_class.__name__

    @property
    def lock(self) -> Path:
        return self.folder.parent / f".{self.folder.name}.lock"


@dataclass(frozen=True)
class SceneResult:
    """A rendered (or cached) scene: its file, length, cues, chapter title and the lines
    its voice speaks."""

    name: str
    output: Path
    duration: float
    cues: tuple[Cue, ...]
    chapter: str
    rendered: bool  # False when it came from the cache
    render_seconds: float  # how long its render took (when it was rendered)
    voice: tuple[Placement, ...] = ()
    beats: tuple[tuple[str, float], ...] = ()  # each beat's id and start time


class SceneRenderError(DerivedTransformerError):
    """A scene raised while rendering; names the scene. ``details``: the traceback of what
    it raised, when there is one."""

    def __init__(self, name: str, error: str, details: str = "") -> None:
        super().__init__(name, error)
        self.name, self.error, self.details = name, error, details

    def __str__(self) -> str:
        return f"scene '{self.name}' failed: {self.error}"


class SceneStalledError(SceneRenderError):
    """A scene made no progress for longer than the time limit."""


def output_name(job: SceneJob) -> str:
    if job.sheet:
        return "sheet.png"
    return "scene" + EXTENSIONS["png" if job.still else job.settings.video_format]


def meta_path(job: SceneJob) -> Path:
    """The file whose presence marks the job's folder as finished (written last)."""
    if job.sheet:
        return job.folder / "sheet.json"
    return job.folder / ("still.json" if job.still else "meta.json")


def finished_meta(job: SceneJob, timing: Timing | None = None) -> dict[str, Any] | None:
    """The metadata of the job's finished folder, if there is one and its lines' lengths are
    still what ``timing`` (default: the project's) gives."""
    path = meta_path(job)
    if not path.exists():
        return None
    meta = json.loads(path.read_text())
    placements = [Placement.from_json(p) for p in meta.get("voice", [])]
    if placements:
        timing = timing or project_timing()
        recorded = (Measured(p.duration, p.timing, p.pauses) for p in placements)
        if not all(timing.holds(p.speech, m) for p, m in zip(placements, recorded, strict=True)):
            return None
    return meta


def cached_result(job: SceneJob, timing: Timing | None = None) -> SceneResult | None:
    """The finished result in the job's folder, if there is one still valid."""
    meta = finished_meta(job, timing)
    return None if meta is None else result_of(job, meta, rendered=False)


def describe_error(exc: BaseException, folder: Path | None = None) -> str:
    """One line for an error raised while rendering: an operating-system error (even one
    wrapped in another, as Manim's encoder does) names the path and the cause (the folder
    being written, ``folder``, when the error names no file, as a full disk does)."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            path = cause.filename or folder
            where = f" {path}" if path else ""
            return f"cannot write{where}: {cause.strerror}"
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, DerivedTransformerError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def render_job(
    job: SceneJob, on_progress: Callable[[], None] | None = None
) -> tuple[dict[str, Any], bool]:
    """Render one scene into its folder unless it is already there (waiting while another
    process renders it); returns its metadata and whether it was rendered now.

    Raises :class:`SceneRenderError` naming the scene for any error."""
    try:
        with file_lock(job.lock, while_waiting=on_progress):
            meta = finished_meta(job)
            if meta is not None:
                return meta, False
            meta_path(job).unlink(missing_ok=True)  # none, or one whose lines changed length
            remove_work_folders(job)
            return _render_locked(job, on_progress), True
    except SceneRenderError:
        raise
    except Exception as exc:
        raise SceneRenderError(
            job.name, describe_error(exc, job.folder.parent), traceback_of(exc)
        ) from None


def traceback_of(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).rstrip()


def _render_locked(job: SceneJob, on_progress: Callable[[], None] | None) -> dict[str, Any]:
    job.folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.folder.name}.", dir=job.folder.parent))
    try:
        started = time.perf_counter()
        attributes: dict[str, Any] = {}
        if on_progress is not None:
            attributes["on_progress"] = staticmethod(on_progress)
        if job.sheet:
            attributes["capture_beat_frames"] = True
        try:
            rendered = render_scene(
                job.scene_class, job.settings, work / "media", still=job.still, **attributes
            )
        except Exception as exc:  # reported with the scene's name
            raise SceneRenderError(
                job.name, describe_error(exc, job.folder.parent), traceback_of(exc)
            ) from None
        job.folder.mkdir(parents=True, exist_ok=True)
        if job.sheet:
            tile_frames(rendered.scene.caption_frames, job.folder / output_name(job))
        else:
            shutil.move(str(rendered.path), job.folder / output_name(job))
        chapter = job.scene_class.chapter
        meta = {
            "render_seconds": round(time.perf_counter() - started, 3),
            "duration": rendered.duration,
            "cues": [[c.start, c.end, c.text] for c in rendered.scene.cues],
            "beats": [[beat, start] for beat, start in rendered.scene.beat_starts],
            "chapter": chapter.title if chapter is not None else "",
            "voice": [p.as_json() for p in rendered.scene.voice_placements],
        }
        finished = meta_path(job)
        tmp = finished.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, finished)
        return meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def result_of(job: SceneJob, meta: dict[str, Any], rendered: bool) -> SceneResult:
    return SceneResult(
        name=job.name,
        output=job.folder / output_name(job),
        duration=meta["duration"],
        cues=tuple(Cue(*c) for c in meta["cues"]),
        chapter=meta["chapter"],
        rendered=rendered,
        render_seconds=meta.get("render_seconds", 0.0),
        voice=tuple(Placement.from_json(p) for p in meta.get("voice", [])),
        beats=tuple((beat, start) for beat, start in meta["beats"]),
    )


def remove_work_folders(job: SceneJob) -> None:
    """Remove the job's work folders (``.<fingerprint>.*`` beside its folder); call it only
    while holding the job's lock, or when nobody holds it."""
    if job.folder.parent.is_dir():
        for work in job.folder.parent.glob(f".{job.folder.name}.*"):
            if work.is_dir():
                shutil.rmtree(work, ignore_errors=True)


def remove_abandoned_work(job: SceneJob) -> None:
    """Remove the job's work folders if nobody is rendering the job (its lock is free)."""
    with lock_if_free(job.lock) as free:
        if free:
            remove_work_folders(job)


def remove_stale_work(cache: Path) -> None:
    """Remove every work folder in ``cache`` left by a run that ended without cleaning up
    (its scene's lock is free: nobody is rendering it)."""
    if not cache.is_dir():
        return
    for scene_folder in cache.iterdir():
        if not scene_folder.is_dir():
            continue
        for work in scene_folder.glob(".*.*"):
            if work.is_dir():
                fingerprint = work.name[1:].split(".")[0]
                with lock_if_free(scene_folder / f".{fingerprint}.lock") as free:
                    if free:
                        shutil.rmtree(work, ignore_errors=True)


def make_jobs(
    scenes: Sequence[type[DerivedScene]],
    settings: RenderSettings,
    cache: Path,
    still: bool = False,
    tree: SourceTree | None = None,
    sheet: bool = False,
) -> list[SceneJob]:
    """One job per scene, each in the cache folder named by its fingerprint (``sheet``:
    contact sheets, which are still renders)."""
    tree = tree or SourceTree()
    still = still or sheet
    jobs = []
    for scene in scenes:
        fingerprint = scene_fingerprint(scene, settings, still, tree, sheet=sheet)
        name = scene.short_name or scene.__name__
        jobs.append(SceneJob(scene, settings, cache / name / fingerprint, still, sheet))
    return jobs


# -- jobs across processes ----------------------------------------------------------------
def job_to_json(job: SceneJob) -> dict[str, Any]:
    cls = job.scene_class
    return {
        "scene": f"{cls.__module__}:{cls.__qualname__}",
        "settings": asdict(job.settings),
        "folder": str(job.folder),
        "still": job.still,
        "sheet": job.sheet,
    }


def job_from_json(data: dict[str, Any]) -> SceneJob:
    module, _, qualname = data["scene"].partition(":")
    scene_class: Any = importlib.import_module(module)
    for part in qualname.split("."):
        scene_class = getattr(scene_class, part)
    return SceneJob(
        scene_class,
        RenderSettings(**data["settings"]),
        Path(data["folder"]),
        data["still"],
        data["sheet"],
    )
