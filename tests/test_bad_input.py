"""Bad input gets a clear error that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from derived_transformer.model import (
    CheckpointError,
    EmptySentenceError,
    SentenceTooLongError,
    UnknownModelError,
    UnknownWordError,
    trace,
)
from derived_transformer.model.checkpoints import CHECKPOINT_DIR, load_model, read_checkpoint
from derived_transformer.model.vocab import MAX_WORDS, tokenize


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
    with pytest.raises(CheckpointError, match=r"python -m derived_transformer\.model\.train"):
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


# -- tokenising: a word is its letters and digits, accents included ------------------------------
def test_digits_inside_a_word_keep_it_one_unknown_word() -> None:
    with pytest.raises(UnknownWordError) as info:
        tokenize("the lion2 was roaring")
    assert info.value.words == ("lion2",)
    assert "'lion2'" in str(info.value) and "lion" in str(info.value)


def test_accented_letters_belong_to_the_word() -> None:
    with pytest.raises(UnknownWordError) as info:
        tokenize("the café lion")
    assert info.value.words == ("café",)
    assert "'café'" in str(info.value)
    assert tokenize("The LION, roaring!") == ("the", "lion", "roaring")


def test_traces_are_cached_by_the_normalised_words() -> None:
    a = trace("There was a tree on fire, and it was roaring!", model="transformer")
    b = trace("there was a tree on fire and it was roaring", model="transformer")
    assert a is b


def test_sentences_up_to_the_limit_are_read() -> None:
    words = (
        "we sat by the river and the lion sat by the river and the tiger sat by the "
        "river and the first was roaring"
    )
    assert len(tokenize(words)) == MAX_WORDS == 24
    assert trace(words, model="transformer").n == MAX_WORDS


# -- checkpoints: validated in full, every problem named with the file ---------------------------
def saved_with(tmp_path: Path, change) -> Path:
    payload = read_checkpoint("attention")
    change(payload)
    torch.save(payload, tmp_path / "attention.pt")
    return tmp_path


def test_weights_that_are_not_a_table_name_the_file(tmp_path: Path) -> None:
    directory = saved_with(tmp_path, lambda p: p.update(state_dict=[1, 2, 3]))
    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*not a table"):
        load_model("attention", directory=directory)


def test_nan_weights_name_the_file(tmp_path: Path) -> None:
    def poison(payload: dict) -> None:
        key = next(iter(payload["state_dict"]))
        payload["state_dict"][key] = torch.full_like(payload["state_dict"][key], float("nan"))

    directory = saved_with(tmp_path, poison)
    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*NaN"):
        load_model("attention", directory=directory)


def test_wrong_shapes_and_missing_weights_name_the_file(tmp_path: Path) -> None:
    def reshape(payload: dict) -> None:
        key = next(iter(payload["state_dict"]))
        payload["state_dict"][key] = payload["state_dict"][key][:1]

    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*shape"):
        load_model("attention", directory=saved_with(tmp_path, reshape))

    def drop(payload: dict) -> None:
        payload["state_dict"].pop(next(iter(payload["state_dict"])))

    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*missing"):
        load_model("attention", directory=saved_with(tmp_path, drop))


def test_a_checkpoint_that_is_not_a_table_names_the_file(tmp_path: Path) -> None:
    torch.save([1, 2, 3], tmp_path / "attention.pt")
    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*list"):
        load_model("attention", directory=tmp_path)


def test_a_tensor_of_integers_is_refused(tmp_path: Path) -> None:
    def integers(payload: dict) -> None:
        key = next(iter(payload["state_dict"]))
        payload["state_dict"][key] = payload["state_dict"][key].long()

    with pytest.raises(CheckpointError, match=r"attention\.pt does not match.*floating"):
        load_model("attention", directory=saved_with(tmp_path, integers))
