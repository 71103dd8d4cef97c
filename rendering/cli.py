"""The command line: ``python render.py --help`` (or the installed ``derived-transformer``).

    render.py                        the whole explainer, assembled into one video
    render.py --chapter 3            one chapter, assembled
    render.py NAME                   one scene (short name, see --list)
    render.py NAME --still           the scene's last frame as PNG
    render.py NAME --contact-sheet   one PNG of the frames at the end of every beat
                                     (and of every subtitle within a beat)
    render.py NAME --slides          one scene as slides (one per beat), as HTML
    render.py --gallery              one still per chapter into docs/gallery/
    render.py --list                 scenes in explainer order, chapters and beats
    render.py --vocab                the words a sentence may use
    render.py studio                 the preview studio: a local web page (--help for more)

Output lands in ``media/`` under the current folder (or ``--out DIR``): the whole video as
``derived-transformer.mp4``, a chapter as ``derived-transformer-chapter-N.mp4``, a scene as
``scenes/NAME.mp4``, each with its ``.srt`` beside it; stills in ``stills/``. Videos carry
the narration when the voice is installed (the ``voice`` extra), unless ``--no-voice``;
synthesised clips are cached in ``cache/voice/``.

Errors are one line on standard error: bad input exits with 2, a failed render or a file
that cannot be written with 1, an interrupt (Ctrl-C) with 130 and SIGTERM with 143; none
leaves a half-written file, and an existing output stays as it was.
"""

from __future__ import annotations

import argparse
import errno
import math
import os
import shutil
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from derived_transformer import __version__
from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.request import check_sentence, checked_scene, sentence_words
from derived_transformer.rendering.settings import (
    DEFAULT_TIMEOUT,
    FORMATS,
    QUALITIES,
    QUALITY_HELP,
    RenderSettings,
)

if TYPE_CHECKING:
    from derived_transformer.rendering.audio import Track
    from derived_transformer.rendering.runner import SceneJob, SceneResult

PROGRAM = Path(sys.argv[0]).name if Path(sys.argv[0]).name == "derived-transformer" else "render.py"
"""How the command is named in messages: ``render.py`` from a clone, ``derived-transformer``
when installed."""
VIDEO_NAME = "derived-transformer"
GALLERY_FOLDER = Path("docs") / "gallery"


class OneLineParser(argparse.ArgumentParser):
    """Argument errors as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


class Terminated(BaseException):
    """SIGTERM arrived: stop as for Ctrl-C."""


def folder_argument(text: str) -> Path:
    """``--out``'s value: any folder name the file system takes, but not an empty one."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder name (an empty one means nothing)")
    return Path(text)


def build_parser() -> OneLineParser:
    parser = OneLineParser(prog=PROGRAM, description="Render the explainer's scenes.")
    parser.add_argument(
        "scene", nargs="?",
        help="a scene's short name (see --list); 'studio' starts the preview studio instead "
        "('studio --help')",
    )  # fmt: skip
    parser.add_argument(
        "-q", "--quality", choices=sorted(QUALITIES), help=f"{QUALITY_HELP} (default l)",
    )  # fmt: skip
    parser.add_argument(
        "--format", dest="video_format", default="mp4", choices=FORMATS, help="video format"
    )
    parser.add_argument("--chapter", type=int, help="render and assemble one chapter")
    parser.add_argument("--preview", action="store_true", help="open the result")
    parser.add_argument(
        "--still", action="store_true", help="the last frame as PNG (of every scene, without NAME)"
    )
    parser.add_argument("--sentence", help="the sentence for scenes that take one")
    parser.add_argument(
        "--captions", action="store_true", help="draw the subtitles on screen as well"
    )
    parser.add_argument(
        "--no-voice", action="store_true",
        help="no narration: a silent video with subtitles (the same frames as a narrated one)",
    )  # fmt: skip
    parser.add_argument(
        "--contact-sheet", action="store_true", help="one PNG of the frame at the end of every beat"
    )
    parser.add_argument(
        "--slides", action="store_true",
        help="NAME as slides, one per beat, converted to HTML (needs the 'slides' extra)",
    )  # fmt: skip
    parser.add_argument(
        "--gallery", action="store_true",
        help=f"regenerate the gallery: one still per chapter (into {GALLERY_FOLDER}/ unless --out)",
    )  # fmt: skip
    parser.add_argument(
        "--jobs", type=int, help="scenes rendered at once (default: the number of cores)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout", type=float,
        help="stop a scene that makes no progress (no new frame or animation) for this many "
        f"seconds (default {DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=folder_argument, default=None,
        help="output folder (default: media/ in the current folder)",
    )  # fmt: skip
    parser.add_argument(
        "--dry-run", action="store_true",
        help="check the arguments and say what would be rendered; render and write nothing",
    )  # fmt: skip
    parser.add_argument("--list", action="store_true", help="list the scenes")
    parser.add_argument("--vocab", action="store_true", help="list the vocabulary")
    parser.add_argument("--version", action="version", version=f"derived-transformer {__version__}")
    return parser


def check_combinations(parser: OneLineParser, args: argparse.Namespace) -> None:
    """Refuse flags that conflict or mean nothing together, with one line."""
    given = {flag for flag, on in (
        ("--list", args.list), ("--vocab", args.vocab), ("--still", args.still),
        ("--contact-sheet", args.contact_sheet), ("--slides", args.slides),
        ("--gallery", args.gallery), ("--preview", args.preview),
        ("--captions", args.captions), ("--sentence", args.sentence is not None),
        ("--chapter", args.chapter is not None), ("NAME", args.scene is not None),
        ("--format", args.video_format != "mp4"), ("--no-voice", args.no_voice),
        ("--out", args.out is not None), ("-q", args.quality is not None),
        ("--jobs", args.jobs is not None), ("--timeout", args.timeout is not None),
        ("--dry-run", args.dry_run),
    ) if on}  # fmt: skip
    if args.scene is not None and not args.scene.strip():
        parser.error("the scene name is empty; give a scene's name (see --list) or none")
    for info in ("--list", "--vocab"):
        others = sorted(given - {info})
        if info in given and others:
            parser.error(f"{info} lists and renders nothing; it takes no {', '.join(others)}")
    outputs = sorted(given & {"--still", "--contact-sheet", "--slides", "--gallery"})
    if len(outputs) > 1:
        parser.error(f"choose one of {' and '.join(outputs)}")
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    check_timeout(parser, args.timeout)
    if args.scene and args.chapter is not None:
        parser.error("give a scene or --chapter, not both")
    for flag in ("--contact-sheet", "--slides"):
        if flag in given and not args.scene:
            parser.error(f"{flag} needs a scene name (see --list)")
    if args.gallery and ({"NAME", "--chapter"} & given):
        parser.error("--gallery renders one scene of every chapter; it takes no scene or --chapter")
    if args.no_voice and outputs:
        parser.error(f"--no-voice applies to videos, not to {outputs[0]}")
    if "--format" in given and outputs:
        parser.error(f"--format {args.video_format} applies to videos, not to {outputs[0]}")
    if args.preview and (args.gallery or args.contact_sheet or args.slides):
        parser.error("--preview opens a video or a still; use it with NAME, --chapter or --still")


def check_timeout(parser: OneLineParser, timeout: float | None) -> None:
    """``--timeout``, when given, is a finite number of seconds above zero (not nan)."""
    if timeout is not None and not 0 < timeout < math.inf:
        parser.error("--timeout must be a positive number of seconds")


def build_studio_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{PROGRAM} studio",
        description="The preview studio: pick a scene, type a sentence and watch it render in "
        "the browser; it renders again when a file the scene depends on changes.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=0, help="the port (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open the browser")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT,
        help=f"stop a render that makes no progress for this many seconds "
        f"(default {DEFAULT_TIMEOUT:g})",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=folder_argument, default=None,
        help="the folder of renders, the only one served (default: media/ in the current folder)",
    )  # fmt: skip
    parser.add_argument(
        "--dry-run", action="store_true",
        help="check the options and say what would be served, without serving",
    )  # fmt: skip
    return parser


def parse_studio_args(argv: list[str]) -> argparse.Namespace:
    parser = build_studio_parser()
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    check_timeout(parser, args.timeout)
    return args


def run_studio(args: argparse.Namespace) -> None:
    from derived_transformer.rendering.studio.serve import serve

    out = args.out if args.out is not None else Path.cwd() / "media"
    if args.dry_run:
        port = args.port or "a free port"
        report(f"would serve the studio on {args.host}, port {port}, for the renders in {out}")
        return
    check_output_dir(out)
    serve(out, args.host, args.port, args.timeout, not args.no_browser, report)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    check_combinations(parser, args)
    args.quality = args.quality or "l"
    args.jobs = args.jobs or os.cpu_count() or 1
    args.timeout = args.timeout or DEFAULT_TIMEOUT
    return args


def settings_of(args: argparse.Namespace) -> RenderSettings:
    """The run's settings; the sentence as its words (lower-case, punctuation dropped), so
    that the same sentence typed differently is the same render."""
    return RenderSettings(
        args.quality, args.video_format, sentence_words(args.sentence), args.captions
    )


def list_scenes() -> str:
    from derived_transformer.scenes.catalog import ALL_SCENES

    lines = []
    for scene in ALL_SCENES:
        where = f"chapter {scene.chapter}" if scene.chapter else "not in the video"
        lines.append(f"{scene.short_name:16s} {scene.__name__} ({where}; {scene.__module__})")
        for beat in scene.beats:
            lines.append(f"    {beat.id:6s} {beat.title}")
        if scene.fixed_example:
            lines.append(f"    keeps its example: {scene.fixed_example}")
        else:
            lines.append(
                f"    --sentence drives it: {scene.min_words} to {scene.max_words} words "
                f'(default: "{scene.sentence}")'
            )
    return "\n".join(lines)


def vocabulary_by_group() -> str:
    """The words a sentence may use, a line for each group of words."""
    from derived_transformer.model import VOCABULARY

    width = max(len(group) for group in VOCABULARY.groups)
    return "\n".join(
        f"{group + ':':{width + 1}s} {' '.join(words)}"
        for group, words in VOCABULARY.groups.items()
    )


def check_output_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DerivedTransformerError(
            f"cannot create output folder {out}: {exc.strerror}"
        ) from None
    if not out.is_dir():
        raise DerivedTransformerError(f"output folder {out} is not a folder")
    if not os.access(out, os.W_OK):
        raise DerivedTransformerError(f"output folder {out} is not writable")


def render_products(
    scenes: list[type], args: argparse.Namespace, out: Path, product: str
) -> list[SceneResult]:
    """Render ``product`` of every scene (in parallel worker processes, watched for progress,
    from the cache in ``out/cache`` where unchanged; a damaged cache entry is rendered again,
    said in one line); results in order."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from derived_transformer.rendering.pool import run_jobs
    from derived_transformer.rendering.runner import make_jobs, remove_stale_work

    settings = settings_of(args)
    console = Console(stderr=True)
    make_folder(out / "cache")
    remove_stale_work(out / "cache")
    jobs = make_jobs(scenes, settings, out / "cache", product=product)  # type: ignore[arg-type]
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=console, transient=False,
    ) as progress:  # fmt: skip
        task = progress.add_task("rendering scenes", total=len(jobs))

        def done(result: SceneResult) -> None:
            how = "rendered" if result.rendered else "unchanged, from the cache"
            progress.console.print(f"  {result.name}: {result.duration:.1f} s ({how})")
            progress.advance(task)

        def damaged(job: SceneJob, why: str) -> None:
            progress.console.print(
                f"note: the cached render of scene '{job.name}' is damaged ({why}); "
                "rendering it again",
                markup=False, highlight=False, soft_wrap=True,
            )  # fmt: skip

        return run_jobs(jobs, args.jobs, done, timeout=args.timeout, on_damaged=damaged)


def publish_copy(source: Path, target: Path, args: argparse.Namespace) -> None:
    """Copy ``source`` to ``target`` under its output lock, replacing it whole."""
    from derived_transformer.files import atomic_write
    from derived_transformer.rendering.outputs import output_lock

    with output_lock(target, args.timeout):
        atomic_write(target, lambda tmp: shutil.copyfile(source, tmp))
    report(target)


def render_videos(scenes: list[type], args: argparse.Namespace, out: Path, video: Path) -> None:
    """Render ``scenes`` and join them into ``video`` with its subtitles beside it, or, with
    ``--still``, write their last frames into ``out/stills``."""
    from derived_transformer.rendering.assemble import Part, publish, video_duration
    from derived_transformer.rendering.outputs import output_lock

    make_folder(video.parent)
    results = render_products(scenes, args, out, "still" if args.still else "video")
    if args.still:
        for result in results:
            publish_copy(result.output, out / "stills" / f"{result.name}.png", args)
        if args.preview and len(results) == 1:
            open_file(out / "stills" / f"{results[0].name}.png")
        return
    parts = [
        Part(r.name, r.output, video_duration(r.output), r.cues, r.chapter, r.voice)
        for r in results
    ]
    track = narration(parts, args, out)
    with output_lock(video, args.timeout):
        subtitles = publish(parts, video, args.video_format, track)
    total = sum(p.duration for p in parts)
    fresh = sum(r.rendered for r in results)
    report(
        f"{video} ({int(total // 60)}:{total % 60:04.1f}, {len(parts)} scenes: "
        f"{fresh} rendered, {len(parts) - fresh} unchanged); subtitles {subtitles}"
    )
    if args.preview:
        open_file(video)


def render_contact_sheet(scene: type, args: argparse.Namespace, out: Path) -> None:
    """``out/contact_sheets/<scene>.png``: the frames at the end of every beat and subtitle."""
    (result,) = render_products([scene], args, out, "contact-sheet")
    publish_copy(result.output, out / "contact_sheets" / f"{result.name}.png", args)


def render_slides(scene: type, args: argparse.Namespace, out: Path) -> None:
    """``out/slides/<scene>.html`` (with manim-slides' files beside it)."""
    from derived_transformer.rendering.outputs import output_lock
    from derived_transformer.rendering.slides import publish_slides, slide_parts

    (result,) = render_products([scene], args, out, "slides")
    final = out / "slides"
    with output_lock(final / slide_parts(scene)[-1], args.timeout):
        html = publish_slides(result.output, scene, final)
    report(f"{result.name}: {html}")


def render_gallery(args: argparse.Namespace, out: Path, folder: Path) -> None:
    """``folder/chapter-<n>-<scene>.png``: the last frame of every gallery scene."""
    from derived_transformer.scenes import catalog

    scenes = list(catalog.GALLERY)
    make_folder(folder)
    for scene, result in zip(scenes, render_products(scenes, args, out, "still"), strict=True):
        number = scene.chapter.number if scene.chapter else 0
        publish_copy(result.output, folder / f"chapter-{number}-{result.name}.png", args)


def make_folder(folder: Path) -> None:
    """Create ``folder``; a file in its place is an operating-system error naming it."""
    if folder.exists() and not folder.is_dir():
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    folder.mkdir(parents=True, exist_ok=True)


class NoViewerError(DerivedTransformerError):
    """``--preview`` found no program to open the file with."""

    exit_status = 1


def open_file(path: Path) -> None:
    """Open ``path`` with the system's viewer (``--preview``)."""
    from manim.utils.file_ops import open_file as manim_open_file

    try:
        manim_open_file(path)
    except FileNotFoundError as exc:
        viewer = exc.filename or "a viewer"
        raise NoViewerError(
            f"cannot open {path} for --preview: {viewer} is not installed (the file is written)"
        ) from None


def narration(parts: list, args: argparse.Namespace, out: Path) -> Track | None:
    """The voice track of ``parts`` (``None`` for a silent video: ``--no-voice``, GIF, no
    spoken lines, or the voice not installed, which is said once)."""
    from derived_transformer.rendering.narrate import voice_track
    from derived_transformer.rendering.speech import (
        VOICE_EXTRA,
        ClipCache,
        PiperService,
        voice_installed,
        voice_problem,
    )

    lines = [p for part in parts for p in part.voice]
    estimated = [p.written for p in lines if p.timing == "estimate"]
    if estimated:
        print(
            f"note: {len(estimated)} line(s) are not in the measured lengths table, so their "
            f"timing is estimated (first: {estimated[0]!r}); install the voice "
            f"({VOICE_EXTRA}) for measured timings",
            file=sys.stderr,
        )
    if args.no_voice or args.video_format == "gif" or not lines:
        return None
    if not voice_installed():
        print(
            f"note: the voice is not installed, so the video is silent (subtitles only); "
            f"add it with: {VOICE_EXTRA}",
            file=sys.stderr,
        )
        return None
    problem = voice_problem()
    if problem is not None:
        print(f"note: {problem}; so the video is silent (subtitles only)", file=sys.stderr)
        return None
    cache = ClipCache(out / "cache" / "voice")
    built = voice_track(parts, PiperService(), cache, args.jobs, isolated=True)
    report = built.report
    print(
        f"voice: {len(lines)} lines, {report.synthesised} synthesised "
        f"({report.speech_seconds:.1f} s of speech in {report.wall_seconds:.1f} s), "
        f"{report.cached} from the cache",
        file=sys.stderr,
    )
    if built.mismatched:
        print(
            f"warning: {len(built.mismatched)} clip(s) differ in length from the measured "
            f"table (first: {built.mismatched[0]!r}); regenerate it: "
            "python -m derived_transformer.rendering.lengths",
            file=sys.stderr,
        )
    return built.track


def run(args: argparse.Namespace) -> None:
    from derived_transformer.scenes import catalog

    if args.list:
        report(list_scenes())
        return
    if args.vocab:
        report(vocabulary_by_group())
        return
    sentence_words(args.sentence)  # unknown words and the models' length limit, first
    out = args.out if args.out is not None else Path.cwd() / "media"
    if args.scene:
        scenes = [checked_scene(args.scene, settings_of(args))]
        target = out / "scenes" / f"{scenes[0].short_name}.{args.video_format}"
    elif args.gallery:
        scenes = list(catalog.GALLERY)
        target = args.out if args.out is not None else GALLERY_FOLDER
    elif args.chapter is not None:
        scenes = list(catalog.chapter_scenes(catalog.find_chapter(args.chapter)))
        target = out / f"{VIDEO_NAME}-chapter-{args.chapter}.{args.video_format}"
    else:
        scenes = list(catalog.VIDEO_SCENES)
        target = out / f"{VIDEO_NAME}.{args.video_format}"
    check_sentence(scenes, settings_of(args))
    note_fixed_examples(scenes, args)
    if args.dry_run:
        report(plan(scenes, args, out, target))
        return
    check_output_dir(out)
    if args.gallery:
        render_gallery(args, out, target)
    elif args.slides:
        render_slides(scenes[0], args, out)
    elif args.contact_sheet:
        render_contact_sheet(scenes[0], args, out)
    else:
        render_videos(scenes, args, out, target)


def plan(scenes: list[type], args: argparse.Namespace, out: Path, target: Path) -> str:
    """What a run would render and write (``--dry-run``)."""
    names = ", ".join(s.short_name for s in scenes)
    what = next(
        (flag for flag in ("still", "contact_sheet", "slides", "gallery") if getattr(args, flag)),
        f"{args.video_format} video",
    )
    where = out if args.still or args.contact_sheet or args.slides else target
    return f"would render {len(scenes)} scene(s) ({names}) as {what.replace('_', ' ')} into {where}"


def note_fixed_examples(scenes: list[type], args: argparse.Namespace) -> None:
    """Say once which scenes keep their fixed example when ``--sentence`` drives the others."""
    if args.sentence is None or len(scenes) < 2:
        return
    fixed = [s.short_name for s in scenes if s.fixed_example]
    if fixed:
        print(
            f"note: --sentence drives {len(scenes) - len(fixed)} of the {len(scenes)} scenes; "
            f"{len(fixed)} keep their fixed example ({', '.join(fixed)})",
            file=sys.stderr,
        )


def report(text: object) -> None:
    """Print a result on standard output; an error writing it names standard output."""
    try:
        print(text, flush=True)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, "standard output") from None


def os_error_line(exc: OSError) -> str:
    """One line for an operating-system error, naming its path (see :func:`os_verb`)."""
    where = f" {exc.filename}" if exc.filename else ""
    target = f" (to {exc.filename2})" if getattr(exc, "filename2", None) else ""
    from derived_transformer.files import os_verb

    return f"cannot {os_verb(exc)}{where}{target}: {exc.strerror or exc}"


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (errors are one line on stderr)."""
    for stream in (sys.stdout, sys.stderr):  # paths that are not UTF-8 print escaped
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    argv = sys.argv[1:] if argv is None else argv
    studio = argv[:1] == ["studio"]
    args = parse_studio_args(argv[1:]) if studio else parse_args(argv)
    outcome = "the studio stopped" if studio else "no video was written"
    # loaded before the interrupt handler below (render.py's own handler covers loading), so
    # that the name is bound whenever an exception reaches the clauses that name it
    from derived_transformer.rendering.runner import SceneRenderError

    previous = signal.signal(signal.SIGTERM, _terminate)
    # an interrupt stops the render even when started where SIGINT is ignored (a job put in
    # the background by a script inherits that)
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if studio:
            run_studio(args)
        else:
            run(args)
    except SceneRenderError as exc:
        return fail(f"{exc}; no video was written", 1)
    except DerivedTransformerError as exc:
        return fail(str(exc), exc.exit_status)
    except OSError as exc:
        return fail(os_error_line(exc), 1)
    except KeyboardInterrupt:
        return fail(f"interrupted; {outcome}", 130)
    except Terminated:
        return fail(f"terminated; {outcome}", 143)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    return 0


def fail(message: str, status: int) -> int:
    """Print the error as the last line on standard error; returns ``status``."""
    try:
        sys.stdout.flush()
    except OSError:  # standard output cannot be written (a full disk, a closed pipe)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is left in its buffer goes nowhere
        os.close(devnull)
    print(f"{PROGRAM}: error: {message}", file=sys.stderr)
    return status
