"""Bad input gets a clear error that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from model import (
    CheckpointError,
    EmptySentenceError,
    SentenceTooLongError,
    UnknownModelError,
    UnknownWordError,
    trace,
)
from model.checkpoints import CHECKPOINT_DIR, load_model, read_checkpoint
from model.vocab import MAX_WORDS, tokenize


def test_unknown_words_are_named_with_suggestions() -> None:
    with pytest.raises(UnknownWordError) as info:
        tokenize("the lino saw a zebra")
    message = str(info.value)
    assert "'lino'" in message and "lion" in message
    assert "'zebra'" in message
    assert info.value.words == ("lino", "zebra")
    assert "--vocab" in message


def test_empty_sentence() -> None:
    for sentence in ("", "   ", "?!"):
        with pytest.raises(EmptySentenceError, match="empty"):
            trace(sentence)


def test_sentence_over_the_limit_names_the_limit() -> None:
    long = " ".join(["the"] * (MAX_WORDS + 1))
    with pytest.raises(SentenceTooLongError, match=f"at most {MAX_WORDS}"):
        tokenize(long)


def test_punctuation_and_case_are_normalised() -> None:
    assert tokenize("The Lion, saw that the FIRE was roaring!") == (
        "the",
        "lion",
        "saw",
        "that",
        "the",
        "fire",
        "was",
        "roaring",
    )


def test_unknown_model() -> None:
    with pytest.raises(UnknownModelError, match="unknown model 'gpt'"):
        trace("the fat cat", model="gpt")


def test_missing_checkpoint_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match=r"python -m model\.train"):
        load_model("attention", directory=tmp_path)


def test_corrupt_checkpoint_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "attention.pt").write_bytes(b"not a checkpoint at all")
    with pytest.raises(CheckpointError, match=r"attention\.pt is corrupt"):
        load_model("attention", directory=tmp_path)


def test_truncated_checkpoint_names_the_file(tmp_path: Path) -> None:
    data = (CHECKPOINT_DIR / "attention.pt").read_bytes()
    (tmp_path / "attention.pt").write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"attention\.pt is corrupt"):
        load_model("attention", directory=tmp_path)


def test_mismatched_checkpoint_names_the_file(tmp_path: Path) -> None:
    payload = read_checkpoint("attention")
    payload["vocabulary"] = [*payload["vocabulary"], "zebra"]
    torch.save(payload, tmp_path / "attention.pt")
    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*vocabulary"):
        load_model("attention", directory=tmp_path)


def test_checkpoint_of_another_model_does_not_load(tmp_path: Path) -> None:
    (tmp_path / "attention.pt").write_bytes((CHECKPOINT_DIR / "cnn.pt").read_bytes())
    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*config"):
        load_model("attention", directory=tmp_path)
