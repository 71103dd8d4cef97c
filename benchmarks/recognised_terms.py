"""How an offline recogniser hears the narration's terms, without and with the lexicon:
``python benchmarks/recognised_terms.py``.

A machine's ear is a stand-in for a viewer's: a term the recogniser keeps mishearing
("vector" as "better") is one a listener must strain for. The terms are those the narration
speaks, collected from its lines (:func:`narration.terms.spoken_terms`: the explainer's
terms, the models' words it says, the words it says over and over). Every term is said in
three carrier sentences and alone, each synthesised

* **plain**: as written, without the lexicon's respellings and phoneme hints, and
* **lexicon**: as the voice is given it in the video,

at every ``--length-scale`` (Piper's ``length_scale``: default 1.0 and the project's
setting). For each term and each of these, it prints how many of the four the recogniser
heard as the term, what it heard instead, and, per setting, the recognition rate. With
``--script-lines N`` it also listens for each term in up to N lines of the script.

It is a measurement, not a test: the recogniser (PocketSphinx with its bundled US English
model, an n-gram language model over general English) mishears some words whatever the
voice does, and favours common words ("calm" over "column"). Compare the columns of one
run, not absolute rates. Needs the ``voice`` and ``bench`` extras.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from derived_transformer.model import VOCABULARY
from derived_transformer.narration import Lexicon, project_lexicon
from derived_transformer.narration.terms import narration_lines, said, spoken_terms
from derived_transformer.rendering.speech import (
    ClipCache,
    PiperService,
    PiperSettings,
    synthesize_lines,
)

CARRIERS = ("Now I say {term} again.", "The {term} comes next.", "We look at one {term} here.")
ALONE = "{term}."
RECOGNISER_RATE = 16_000
PADDING = 0.3
"""Seconds of silence around a clip, as between lines of the video."""


@dataclass(frozen=True)
class Setting:
    """One way of saying the terms: a voice speed, with or without the lexicon."""

    length_scale: float
    lexicon: Lexicon
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.length_scale:g}"


@dataclass
class Heard:
    """What the recogniser heard for one term in one setting."""

    right: int = 0
    said: int = 0
    misheard: list[str] = field(default_factory=list)
    alone: bool = False
    lines_right: int = 0
    lines: int = 0


class Ear:
    """The recogniser (PocketSphinx with its bundled US English model) and how it judges
    a transcript."""

    def __init__(self) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError:
            raise SystemExit("needs pocketsphinx: pip install -e '.[bench]'") from None
        self.decoder = Decoder(samprate=RECOGNISER_RATE, loglevel="FATAL")

    def transcript(self, clip: np.ndarray, rate: int) -> str:
        """What it hears in a mono 16-bit clip (padded with silence), lower-case."""
        pad = np.zeros(round(PADDING * rate))
        audio = np.concatenate([pad, clip.astype(np.float64), pad])
        audio = resample_poly(audio, RECOGNISER_RATE, rate)
        pcm = np.clip(audio, -32768, 32767).astype("<i2").tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        return hypothesis.hypstr.lower() if hypothesis is not None else ""

    def sounds(self, words: list[str]) -> str | None:
        """The phones of ``words`` in the recogniser's dictionary (``None`` if one lacks)."""
        phones = [self.decoder.lookup_word(american(w)) for w in words]
        return None if None in phones else " ".join(phones)

    def heard_as(self, term: str, text: str) -> bool:
        """Whether ``text`` (a transcript) has ``term``: as its words; as words that sound
        the same ("some" for "sum", "waited" for "weighted": no voice can tell them apart);
        or as consecutive words that spell it (a word the dictionary lacks: "softmax" heard
        as "soft max")."""
        text = american(text)
        if said(american(term), text):
            return True
        wanted = re.split(r"[\s-]+", term.lower())
        spelled, sound = "".join(map(american, wanted)), self.sounds(wanted)
        words = text.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if (j > i + 1 and "".join(words[i:j]) == spelled) or (
                    sound is not None and self.sounds(words[i:j]) == sound
                ):
                    return True
        return False


def american(text: str) -> str:
    """``text`` with British -ise spellings as the recogniser's American ones.

    >>> american("normalise the optimisations")
    'normalize the optimizations'
    """
    return re.sub(r"(?<=\w)is(e|es|ed|ing|ations?)\b", r"iz\1", text)


def sentences(term: str) -> list[str]:
    return [c.format(term=term) for c in CARRIERS] + [ALONE.format(term=term)]


def measure(
    terms: list[str],
    settings: list[Setting],
    cache: ClipCache,
    jobs: int,
    script: dict[str, list[str]],
) -> dict[str, dict[str, Heard]]:
    """For every setting, each term as the recogniser hears it (by label, then term)."""
    ear = Ear()
    results: dict[str, dict[str, Heard]] = {}
    for setting in settings:
        service = PiperService(PiperSettings(length_scale=setting.length_scale))
        said_as = {t: [setting.lexicon.pronounced(s) for s in sentences(t)] for t in terms}
        lines = {t: [setting.lexicon.pronounced(s) for s in script[t]] for t in terms}
        needed = [s for group in (*said_as.values(), *lines.values()) for s in group]
        started = time.perf_counter()
        synthesize_lines(service, needed, cache, jobs)
        heard: dict[str, Heard] = {}
        for term in terms:
            h = heard[term] = Heard()
            for speech in said_as[term]:
                text = ear.transcript(cache.get(service.identity, speech), service.sample_rate)
                h.said += 1
                h.alone = ear.heard_as(term, text)  # the last sentence is the term alone
                if h.alone:
                    h.right += 1
                else:
                    h.misheard.append(text)
            for speech in lines[term]:
                text = ear.transcript(cache.get(service.identity, speech), service.sample_rate)
                h.lines += 1
                h.lines_right += ear.heard_as(term, text)
        seconds = time.perf_counter() - started
        print(f"measured {setting.label} in {seconds:.0f} s", file=sys.stderr, flush=True)
        results[setting.label] = heard
    return results


def report(terms: list[str], results: dict[str, dict[str, Heard]]) -> None:
    labels = list(results)
    print("term".ljust(22) + "".join(label.rjust(14) for label in labels) + "   heard instead")
    for term in terms:
        row = [results[label][term] for label in labels]
        cells = "".join(f"{h.right}/{h.said}".rjust(14) for h in row)
        script = "".join(f" {h.lines_right}/{h.lines}" for h in row if h.lines)
        instead = " | ".join(dict.fromkeys(row[-1].misheard))[:90]
        print(f"{term:22}{cells}{'  lines' + script if script else ''}   {instead}")
    print()
    for label in labels:
        heard = results[label]
        right = sum(h.right for h in heard.values())
        total = sum(h.said for h in heard.values())
        every = sum(h.right == h.said for h in heard.values())
        alone = sum(h.alone for h in heard.values())
        lines_right = sum(h.lines_right for h in heard.values())
        lines = sum(h.lines for h in heard.values())
        script = f"; in the script {lines_right}/{lines}" if lines else ""
        print(
            f"{label:14} {right}/{total} said terms heard ({right / max(total, 1):.0%}); "
            f"{every}/{len(heard)} terms heard every time; {alone}/{len(heard)} alone{script}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = PiperSettings().length_scale
    parser.add_argument(
        "--length-scale", type=float, action="append", help=f"(repeatable) default: 1.0, {default}"
    )
    parser.add_argument("--cache", type=Path, default=Path("media") / "cache" / "voice")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--script-lines", type=int, default=0, help="script lines per term")
    parser.add_argument("--term", action="append", help="only this term (repeatable)")
    args = parser.parse_args(argv)
    if any(scale <= 0 for scale in args.length_scale or []) or args.script_lines < 0:
        parser.error("--length-scale must be above 0 and --script-lines at least 0")
    lines = narration_lines()
    if not lines:
        raise SystemExit(
            "no table of measured lengths: python -m derived_transformer.rendering.lengths"
        )
    terms = args.term or spoken_terms(lines, VOCABULARY.words)
    scales = list(dict.fromkeys(args.length_scale or [1.0, default]))
    lexicon = project_lexicon()
    settings = [
        Setting(scale, chosen, name)
        for scale in scales
        for chosen, name in ((Lexicon(), "plain"), (lexicon, "lexicon"))
    ]
    script = {t: [s for s in lines if said(t, s)][: args.script_lines] for t in terms}
    print(f"{len(terms)} terms, each in {len(sentences('x'))} sentences", file=sys.stderr)
    report(terms, measure(terms, settings, ClipCache(args.cache), args.jobs, script))
    return 0


if __name__ == "__main__":
    sys.exit(main())
