"""The committed table of measured clip lengths (and where each clip pauses):
``python -m derived_transformer.rendering.lengths``.

Scenes are timed by how long each line takes to say, read from
``assets/narration/lengths.json`` so that a render needs no voice and its frames never depend
on whether audio is made. This command builds every scene of the explainer (as a still, with
its default sentence) to collect the lines it speaks, timed by the project's voice (a line not
yet in the clip cache is synthesised as its scene is built, so the scene's animations fit
its real length), writes the table (lines no scene speaks any more are dropped) and prints
the length of the speech and its words a minute. ``--check`` only lists the lines missing
from the table (no voice needed) and exits with status 1 if there are any.

    python -m derived_transformer.rendering.lengths          # regenerate (needs the voice)
    python -m derived_transformer.rendering.lengths --check  # every line measured?
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import atomic_write
from derived_transformer.narration import LengthTable, Timing, committed_table
from derived_transformer.narration.timing import LENGTHS_FILE, REGENERATE
from derived_transformer.rendering.audio import pauses_in
from derived_transformer.rendering.scene_render import render_scene
from derived_transformer.rendering.settings import RenderSettings
from derived_transformer.rendering.speech import (
    ClipCache,
    PiperService,
    ServiceLengths,
    synthesize_lines,
)
from derived_transformer.scenes.base import DerivedScene

DEFAULT_CACHE = Path("media") / "cache" / "voice"


@dataclass
class Script:
    """The speech text of every line each scene speaks, in order, and how long the scenes
    run in all (timed by the table they were built with)."""

    lines: dict[str, list[str]] = field(default_factory=dict)
    scene_seconds: float = 0.0


def script_lines(scenes: Sequence[type[DerivedScene]], timing: Timing) -> Script:
    """The script of ``scenes``, built as stills and timed by ``timing`` (to regenerate the
    table: by the voice, since a scene's animations must fit its lines' real lengths)."""
    script = Script()
    with tempfile.TemporaryDirectory() as work:
        for scene in scenes:
            rendered = render_scene(scene, RenderSettings(), Path(work), still=True, timing=timing)
            spoken = [p.speech for p in rendered.scene.voice_placements]
            if spoken:
                script.lines[scene.short_name or scene.__name__] = spoken
            script.scene_seconds += rendered.duration
    return script


WORD = re.compile(r"\[\[ .+? \]\]|[^\W_]+(?:['’-][^\W_]+)*")
"""A word of speech text (a phoneme hint is one word; "one-hot" is one)."""


def pace(table: LengthTable, scene_seconds: float) -> str:
    """The table's speech in seconds and in words a minute, of speech and of the scenes.

    >>> table = LengthTable("v", 10, {"A vector, [[ kˈɑːlˌʌm ]], one-hot.": 40})
    >>> pace(table, 8.0)
    '4.0 s of speech, 4 words: 60 words a minute of speech, 30 over the scenes (8 s)'
    """
    seconds = sum(table.samples.values()) / table.sample_rate
    words = sum(len(WORD.findall(speech)) for speech in table.samples)
    return (
        f"{seconds:.1f} s of speech, {words} words: {words / seconds * 60:.0f} words a minute "
        f"of speech, {words / scene_seconds * 60:.0f} over the scenes ({scene_seconds:.0f} s)"
    )


def missing_lines(lines: dict[str, list[str]], table: LengthTable | None) -> list[str]:
    """The lines (``scene: text``) the table has no length for."""
    return [
        f"{scene}: {speech}"
        for scene, spoken in lines.items()
        for speech in spoken
        if table is None or table.seconds(speech) is None
    ]


def regenerate(
    lines: dict[str, list[str]],
    service: PiperService,
    cache: ClipCache,
    processes: int,
    keep: LengthTable | None = None,
) -> LengthTable:
    """The table of every line's clip length (plus ``keep``'s lines of the same voice)."""
    speeches = [s for spoken in lines.values() for s in spoken]
    synthesize_lines(service, speeches, cache, processes)
    samples, pauses = {}, {}
    if keep is not None and keep.voice == service.identity:
        samples.update(keep.samples)
        pauses.update(keep.pauses)
    for speech in speeches:
        clip = cache.get(service.identity, speech)
        assert clip is not None  # synthesised above
        samples[speech] = len(clip)
        pauses[speech] = pauses_in(clip, service.sample_rate)
    return LengthTable(service.identity, service.sample_rate, samples, pauses)


def main(argv: list[str] | None = None) -> int:
    from derived_transformer.scenes import catalog

    parser = argparse.ArgumentParser(
        prog="python -m derived_transformer.rendering.lengths", description=__doc__
    )
    parser.add_argument("--check", action="store_true", help="list lines missing from the table")
    parser.add_argument(
        "--scene", action="append", help="only this scene (keeps the other scenes' lines)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="clip cache folder")
    args = parser.parse_args(argv)
    try:
        scenes = (
            [catalog.find_scene(name) for name in args.scene]
            if args.scene
            else list(catalog.ALL_SCENES)
        )
        timing = Timing(committed_table())
        if not args.check:
            service = PiperService()  # fails early, in one line, without the voice
            cache = ClipCache(args.cache)
            timing = Timing(committed_table(), ServiceLengths(service, cache))
        script = script_lines(scenes, timing)
        lines = script.lines
        if args.check:
            missing = missing_lines(lines, committed_table())
            for line in missing:
                print(f"not measured: {line}")
            count = sum(len(v) for v in lines.values())
            print(f"{count} lines, {len(missing)} not in {LENGTHS_FILE.name}", file=sys.stderr)
            if missing:
                print(f"regenerate the table: {REGENERATE}", file=sys.stderr)
            return 1 if missing else 0
        keep = committed_table() if args.scene else None
        table = regenerate(lines, service, cache, args.jobs, keep)
        atomic_write(LENGTHS_FILE, lambda tmp: tmp.write_text(table.to_json(), encoding="utf-8"))
        print(f"{LENGTHS_FILE}: {len(table.samples)} lines")
        if not args.scene:  # every scene, timed by the voice as the table now says
            print(pace(table, script.scene_seconds))
        return 0
    except DerivedTransformerError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
