"""How an offline recogniser hears the narration's terms:
``python benchmarks/recognised_terms.py``.

A machine's ear is a stand-in for a viewer's: a term the recogniser keeps mishearing
("vector" as "becker") is one a listener must strain for. For every term of the lexicon's
checked list (``PROJECT_TERMS``) and the words the explainer leans on, this prints

* **alone**: the term said in a plain carrier sentence ("Now I say vector again."), and
  whether the recogniser's transcript contains it;
* **in the script**: every line of the narration that contains the term (the committed
  table's lines, synthesised through the clip cache), and in how many of them the
  recogniser's transcript contains it.

It is a measurement, not a test: the recogniser (PocketSphinx with its bundled US English
model, an n-gram language model over general English) mishears some words whatever the
voice does. Compare runs, not absolute rates. ``--length-scale`` synthesises with a slower
or faster voice (Piper's ``length_scale``; 1.0 is the project's setting) to see what the pace
does to intelligibility. Needs the ``voice`` extra and ``pip install pocketsphinx``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from derived_transformer.narration import committed_table, project_lexicon
from derived_transformer.narration.lexicon import PROJECT_TERMS
from derived_transformer.narration.timing import REGENERATE
from derived_transformer.rendering.speech import (
    ClipCache,
    PiperService,
    PiperSettings,
    synthesize_lines,
)

LEANED_ON = ("vector", "vectors", "column", "pair", "pairs", "lion", "layer", "layers", "word")
"""Words the explainer says over and over, beside its own terms."""
CARRIER = "Now I say {term} again."
RECOGNISER_RATE = 16_000


@dataclass
class Heard:
    term: str
    alone: str = ""
    alone_right: bool = False
    lines: int = 0
    lines_right: int = 0


def recogniser():  # -> pocketsphinx.Decoder
    try:
        from pocketsphinx import Decoder
    except ImportError:
        raise SystemExit("needs pocketsphinx: pip install pocketsphinx") from None
    return Decoder(samprate=RECOGNISER_RATE, loglevel="FATAL")


def transcript(decoder, clip: np.ndarray, rate: int) -> str:
    """What the recogniser hears in a mono 16-bit clip, lower-case."""
    audio = resample_poly(clip.astype(np.float64), RECOGNISER_RATE, rate)
    pcm = np.clip(audio, -32768, 32767).astype("<i2").tobytes()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr.lower() if hypothesis is not None else ""


def contains(text: str, term: str) -> bool:
    """Whether ``term`` (one or more words) occurs in ``text`` as whole words."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.lower()) if w]
    return re.search(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", text) is not None


def written_terms() -> list[str]:
    return list(dict.fromkeys([*PROJECT_TERMS, *LEANED_ON]))


def lines_with(spoken: str, speeches: Iterable[str]) -> list[str]:
    """The script's lines that say ``spoken`` (a term as the voice reads it, respelled)."""
    return [s for s in speeches if contains(s, spoken)]


def measure(length_scale: float, cache_folder: Path, jobs: int, per_term: int) -> list[Heard]:
    table = committed_table()
    if table is None:
        raise SystemExit("no table of measured lengths: " + REGENERATE)
    lexicon = project_lexicon()
    service = PiperService(PiperSettings(length_scale=length_scale))
    cache = ClipCache(cache_folder)
    script = sorted(table.samples)
    terms = written_terms()
    # the table's lines are speech forms as the voice reads them (respelled): find a term by
    # its respelling, and listen for the term as written
    chosen = {t: lines_with(lexicon.pronounced(t), script)[:per_term] for t in terms}
    carriers = {t: lexicon.pronounced(CARRIER.format(term=t)) for t in terms}
    needed = [*carriers.values(), *(s for lines in chosen.values() for s in lines)]
    synthesize_lines(service, needed, cache, jobs)
    decoder = recogniser()
    results = []
    for term in terms:
        heard = Heard(term)
        clip = cache.get(service.identity, carriers[term])
        heard.alone = transcript(decoder, clip, service.sample_rate)
        heard.alone_right = contains(heard.alone, term)
        for speech in chosen[term]:
            said = transcript(decoder, cache.get(service.identity, speech), service.sample_rate)
            heard.lines += 1
            heard.lines_right += contains(said, term)
        results.append(heard)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length-scale", type=float, default=PiperSettings().length_scale)
    parser.add_argument("--cache", type=Path, default=Path("media") / "cache" / "voice")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--per-term", type=int, default=12, help="script lines per term, at most")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = measure(args.length_scale, args.cache, args.jobs, args.per_term)
    print(f"length scale {args.length_scale}: term | alone: heard as | in the script: heard/said")
    for r in results:
        mark = "ok " if r.alone_right else "MISS"
        script = f"{r.lines_right}/{r.lines}" if r.lines else "-"
        print(f"{mark} {r.term:22} | {r.alone!r:40} | {script}")
    alone = sum(r.alone_right for r in results)
    said = sum(r.lines for r in results)
    right = sum(r.lines_right for r in results)
    print(
        f"alone: {alone}/{len(results)} heard as themselves; in the script: {right}/{said} "
        f"({right / said:.0%}); {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
