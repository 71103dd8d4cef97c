"""The blind set stays as it was written: its hash is committed beside it, and it uses only
the models' words."""

from __future__ import annotations

import hashlib

from derived_transformer import assets_dir
from derived_transformer.model import MAX_WORDS, VOCABULARY
from derived_transformer.model.vocab import normalise

BLIND = assets_dir() / "data" / "blind-sentences.txt"
HASH = assets_dir() / "data" / "blind-sentences.sha256"


def entries() -> list[tuple[str, str]]:
    rows = []
    for line in BLIND.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, answer = (part.strip() for part in line.split("|"))
            rows.append((sentence, answer))
    return rows


def test_the_file_is_the_one_committed_with_its_hash() -> None:
    recorded = HASH.read_text().split()[0]
    assert hashlib.sha256(BLIND.read_bytes()).hexdigest() == recorded


def test_every_sentence_is_in_the_vocabulary_with_an_answer_it_contains() -> None:
    rows = entries()
    assert len(rows) >= 200
    assert len({s for s, _ in rows}) == len(rows)
    for sentence, answer in rows:
        words = normalise(sentence)
        assert 2 <= len(words) <= MAX_WORDS, sentence
        assert all(w in VOCABULARY for w in words), sentence
        assert answer == "-" or answer in words, sentence
