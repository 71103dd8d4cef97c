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
(the table was regenerated, a voice was installed) is rendered again. So is a damaged one
(its ``meta.json`` not JSON or missing a field, its video missing, truncated or not a
video): the caller is told why (``on_damaged``), and the scene is rendered again.

A job makes one product of its scene: the video, the last frame (``still``), the contact
sheet or the slides; each is made in a worker process, watched the same way.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import file_lock, lock_if_free, os_verb, touch
from derived_transformer.narration import Cue, Measured, Placement, Timing
from derived_transformer.rendering.contact_sheet import render_sheet
from derived_transformer.rendering.fingerprint import SourceTree, scene_fingerprint
from derived_transformer.rendering.media import image_problem, video_problem
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import EXTENSIONS, RenderSettings, safe_media_dir
from derived_transformer.rendering.slides import render_slides, slides_problem
from derived_transformer.rendering.speech import project_timing
from derived_transformer.scenes.base import DerivedScene

Product = Literal["video", "still", "contact-sheet", "slides"]
"""What a job makes of its scene."""
PRODUCTS: tuple[str, ...] = get_args(Product)


@dataclass(frozen=True)
class SceneJob:
    """One scene to render into ``folder`` (``cache/<scene>/<fingerprint>``) as ``product``."""

    scene_class: type[DerivedScene]
    settings: RenderSettings
    folder: Path
    product: Product = "video"

    @property
    def still(self) -> bool:
        return self.product == "still"

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
    if job.product == "slides":
        return "slides"
    if job.product == "contact-sheet":
        return "sheet.png"
    return "scene" + EXTENSIONS["png" if job.still else job.settings.video_format]


def meta_path(job: SceneJob) -> Path:
    """The file whose presence marks the job's folder as finished (written last)."""
    return job.folder / ("still.json" if job.still else "meta.json")


def read_meta(path: Path) -> dict[str, Any]:
    """The metadata in ``path``, every field checked; ``ValueError`` says what is wrong."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError("its meta.json is not text") from None
    except json.JSONDecodeError:
        raise ValueError("its meta.json is not JSON") from None
    if not isinstance(meta, dict):
        raise ValueError("its meta.json is not a table")
    for key, kind in (
        ("duration", (int, float)),
        ("cues", list),
        ("beats", list),
        ("chapter", str),
    ):
        if key not in meta:
            raise ValueError(f"its meta.json lacks '{key}'")
        if not isinstance(meta[key], kind) or isinstance(meta[key], bool):
            raise ValueError(f"its meta.json has a wrong '{key}'")
    if not math.isfinite(meta["duration"]) or meta["duration"] < 0:
        raise ValueError("its meta.json has a wrong 'duration'")
    try:
        [Cue(float(a), float(b), str(t)) for a, b, t in meta["cues"]]
        [(str(beat), float(start)) for beat, start in meta["beats"]]
        [Placement.from_json(p) for p in meta.get("voice", [])]
    except (TypeError, ValueError):
        raise ValueError("its meta.json has wrong cues, beats or voice lines") from None
    return meta


def output_problem(job: SceneJob, meta: dict[str, Any]) -> str | None:
    """What is wrong with the job's finished output (missing, truncated, unreadable)."""
    output = job.folder / output_name(job)
    if job.product == "slides":
        return slides_problem(output, job.scene_class)
    if job.product in ("still", "contact-sheet"):
        return image_problem(output)
    if job.settings.video_format == "gif":
        return image_problem(output)
    return video_problem(output, meta["duration"])


def finished_meta(
    job: SceneJob,
    timing: Timing | None = None,
    on_damaged: Callable[[str], None] | None = None,
) -> dict[str, Any] | None:
    """The metadata of the job's finished folder, if there is one, whole, and its lines'
    lengths are still what ``timing`` (default: the project's) gives. A damaged one counts
    as none: ``on_damaged(reason)`` is called."""
    path = meta_path(job)
    if not path.exists():
        return None
    try:
        meta = read_meta(path)
        problem = output_problem(job, meta)
    except (OSError, ValueError) as exc:
        problem = exc.strerror if isinstance(exc, OSError) else str(exc)
    if problem is not None:
        if on_damaged is not None:
            on_damaged(problem)
        return None
    placements = [Placement.from_json(p) for p in meta.get("voice", [])]
    if placements:
        timing = timing or project_timing()
        recorded = (Measured(p.duration, p.timing, p.pauses) for p in placements)
        if not all(timing.holds(p.speech, m) for p, m in zip(placements, recorded, strict=True)):
            return None
    return meta


def cached_result(
    job: SceneJob,
    timing: Timing | None = None,
    on_damaged: Callable[[str], None] | None = None,
) -> SceneResult | None:
    """The finished result in the job's folder, if there is one still valid (see
    :func:`finished_meta`)."""
    meta = finished_meta(job, timing, on_damaged)
    return None if meta is None else result_of(job, meta, rendered=False)


def describe_error(exc: BaseException, folder: Path | None = None) -> str:
    """One line for an error raised while rendering: an operating-system error (even one
    wrapped in another, as Manim's encoder does) names the path and the cause (the folder
    being written, ``folder``, when the error names no file, as a full disk does)."""
    if isinstance(exc, DerivedTransformerError):
        return str(exc)
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            path = cause.filename or folder
            where = f" {path}" if path else ""
            return f"cannot {os_verb(cause)}{where}: {cause.strerror}"
        cause = cause.__cause__ or cause.__context__
    if folder is not None and _nearly_full(folder):
        # a file cut short by a full disk fails later, as whatever reads it back (an SVG
        # that no longer parses): the disk, not the file, is the cause to name
        return f"cannot write {folder}: No space left on device"
    return f"{type(exc).__name__}: {exc}"


FULL_BELOW = 64 * 1024
"""Free bytes under which a file system counts as full."""


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def render_job(
    job: SceneJob,
    on_progress: Callable[[], None] | None = None,
    stale_after: float | None = None,
    on_note: Callable[[str], None] | None = None,
) -> tuple[dict[str, Any], bool]:
    """Render one scene into its folder unless it is already there (waiting while another
    process renders it); returns its metadata and whether it was rendered now.

    A render of it by another process that makes no progress for ``stale_after`` seconds
    (a stopped process) is given up on, said with ``on_note``, and the scene rendered here.
    Raises :class:`SceneRenderError` naming the scene for any error."""

    def stale(seconds: float) -> None:
        if on_note is not None:
            on_note(
                f"scene '{job.name}': the render holding its lock ({job.lock}) made no "
                f"progress for {seconds:.0f} s; taking its lock over"
            )

    def progress() -> None:
        touch(job.lock)
        if on_progress is not None:
            on_progress()

    try:
        with file_lock(
            job.lock, while_waiting=on_progress, stale_after=stale_after, on_stale=stale
        ):
            meta = finished_meta(job)
            if meta is not None:
                return meta, False
            meta_path(job).unlink(missing_ok=True)  # none, damaged, or its lines changed
            remove_work_folders(job)
            return _render_locked(job, progress), True
    except SceneRenderError:
        raise
    except Exception as exc:
        raise SceneRenderError(
            job.name, describe_error(exc, job.folder.parent), traceback_of(exc)
        ) from None


def traceback_of(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc)).rstrip()


def _render_locked(job: SceneJob, on_progress: Callable[[], None]) -> dict[str, Any]:
    job.folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{job.folder.name}.", dir=job.folder.parent))
    try:
        started = time.perf_counter()
        attributes = {"on_progress": staticmethod(on_progress)}
        with safe_media_dir(work) as media:
            try:
                made, scene = make_product(job, media, attributes)
            except Exception as exc:  # reported with the scene's name
                raise SceneRenderError(
                    job.name, describe_error(exc, job.folder.parent), traceback_of(exc)
                ) from None
            job.folder.mkdir(parents=True, exist_ok=True)
            target = job.folder / output_name(job)
            if target.is_dir():
                shutil.rmtree(target)
            shutil.move(str(made), target)
        rendered_duration = float(scene.renderer.time)
        chapter = job.scene_class.chapter
        meta = {
            "render_seconds": round(time.perf_counter() - started, 3),
            "duration": rendered_duration,
            "cues": [[c.start, c.end, c.text] for c in scene.cues],
            "beats": [[beat, start] for beat, start in scene.beat_starts],
            "chapter": chapter.title if chapter is not None else "",
            "voice": [p.as_json() for p in scene.voice_placements],
        }
        finished = meta_path(job)
        tmp = finished.with_suffix(".tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, finished)
        return meta
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make_product(
    job: SceneJob, media: Path, attributes: dict[str, Any]
) -> tuple[Path, DerivedScene]:
    """Render the job's product into the folder ``media``: its path and the built scene."""
    if job.product == "contact-sheet":
        return render_sheet(job.scene_class, job.settings, media, **attributes)
    if job.product == "slides":
        return render_slides(job.scene_class, job.settings, media, **attributes)
    rendered = render_scene(job.scene_class, job.settings, media, still=job.still, **attributes)
    return rendered.path, rendered.scene


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


def settings_for(scene: type[DerivedScene], settings: RenderSettings) -> RenderSettings:
    """``settings`` as they apply to ``scene``: a scene that keeps its fixed example takes no
    sentence (it renders as without ``--sentence``, from the same cache folder)."""
    if scene.fixed_example and settings.sentence is not None:
        return replace(settings, sentence=None)
    return settings


def make_jobs(
    scenes: Sequence[type[DerivedScene]],
    settings: RenderSettings,
    cache: Path,
    still: bool = False,
    tree: SourceTree | None = None,
    product: Product | None = None,
) -> list[SceneJob]:
    """One job per scene, each in the cache folder named by its fingerprint; the sentence
    goes to the scenes that take one (:func:`settings_for`). ``product``: what to make
    (default: the video, or the still when ``still``)."""
    tree = tree or SourceTree()
    product = product or ("still" if still else "video")
    jobs = []
    for scene in scenes:
        own = settings_for(scene, settings)
        fingerprint = scene_fingerprint(scene, own, product, tree)
        name = scene.short_name or scene.__name__
        jobs.append(SceneJob(scene, own, cache / name / fingerprint, product))
    return jobs


# -- jobs across processes ----------------------------------------------------------------
def job_to_json(job: SceneJob) -> dict[str, Any]:
    cls = job.scene_class
    return {
        "scene": f"{cls.__module__}:{cls.__qualname__}",
        "settings": asdict(job.settings),
        "folder": os.fsencode(job.folder).hex(),  # any bytes the file system takes
        "product": job.product,
    }


def job_from_json(data: dict[str, Any]) -> SceneJob:
    module, _, qualname = data["scene"].partition(":")
    scene_class: Any = importlib.import_module(module)
    for part in qualname.split("."):
        scene_class = getattr(scene_class, part)
    folder = Path(os.fsdecode(bytes.fromhex(data["folder"])))
    return SceneJob(scene_class, RenderSettings(**data["settings"]), folder, data["product"])
