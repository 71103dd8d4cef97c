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


# -- the library, used as another explainer would ------------------------------------------------
@pytest.mark.parametrize("sentence", [None, 3, b"the fat cat", ["the", "cat"]])
def test_a_sentence_that_is_not_text_names_the_argument(sentence: object) -> None:
    from derived_transformer.model import SentenceTypeError

    with pytest.raises(SentenceTypeError, match=r"trace\(sentence=\.\.\.\): .* must be text"):
        trace(sentence)  # type: ignore[arg-type]
    with pytest.raises(SentenceTypeError, match="must be text"):
        tokenize(sentence)  # type: ignore[arg-type]


def test_a_model_that_is_not_a_name_names_the_argument() -> None:
    with pytest.raises(UnknownModelError, match=r"trace\(model=\.\.\.\).*attention"):
        trace("the fat cat", model=3)  # type: ignore[arg-type]


def test_a_field_a_trace_lacks_is_named_with_the_fields_it_has() -> None:
    from derived_transformer.model import TraceFieldError

    cnn = trace("the fat cat", model="cnn")
    with pytest.raises(TraceFieldError, match=r"'cnn' model's trace has no 'importances'.*layers"):
        cnn.importances  # noqa: B018
    assert not hasattr(cnn, "importances")  # still an AttributeError for hasattr and getattr
    assert getattr(cnn, "importances", None) is None


def test_the_labeller_refuses_a_very_long_sentence_at_once() -> None:
    from derived_transformer.model import label, links
    from derived_transformer.model.labels import LABEL_MAX_WORDS

    long = "the lion saw that " * (LABEL_MAX_WORDS // 4 + 1)
    for read in (label, links):
        with pytest.raises(
            SentenceTooLongError, match=f"the labeller reads at most {LABEL_MAX_WORDS}"
        ):
            read(long)
    assert label(" ".join(["the fat cat"] * 20)).words[-1] == "cat"  # long, but not too long


def test_a_theme_colour_that_is_not_one_is_named() -> None:
    from derived_transformer.scenes.theme import Theme, ThemeError, use_theme

    assert Theme().problem() is None
    expected = r"theme colour positive=.* is not a colour; give it as #rrggbb"
    for colour in ("blue", "#12345", "#gggggg", None):
        with pytest.raises(ThemeError, match=expected), use_theme(Theme(positive=colour)):  # type: ignore[arg-type]
            pass
    with pytest.raises(ThemeError, match="a theme must be a Theme"), use_theme("dark"):  # type: ignore[arg-type]
        pass


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("end_fade", -1, "end_fade must be a number of seconds, at least 0"),
        ("beat_pause", float("nan"), "beat_pause must be a number of seconds, at least 0"),
        ("end_fade", "slow", "end_fade must be a number of seconds"),
        ("sentence", 3, "sentence must be text"),
        ("theme", "dark", "theme must be a Theme or None"),
    ],
)
def test_a_scene_setting_that_cannot_work_is_named(
    attribute: str, value: object, expected: str
) -> None:
    from derived_transformer.scenes.ch3_attention import SelfAttentionLayer

    variant = type("Variant", (SelfAttentionLayer,), {attribute: value})
    assert expected in (variant.setting_problem() or "")
    assert SelfAttentionLayer.setting_problem() is None


def test_a_font_file_that_is_not_a_font_is_named(tmp_path: Path, monkeypatch) -> None:
    from derived_transformer.scenes import theme

    (tmp_path / "Garbage.ttf").write_bytes(b"this is not a font at all")
    monkeypatch.setattr(theme, "FONT_DIR", tmp_path)
    register = theme.register_fonts.__wrapped__
    with pytest.raises(theme.FontError, match=r"cannot read font .*Garbage\.ttf: not a TrueType"):
        register(("Garbage.ttf",))
    with pytest.raises(theme.FontError, match=r"cannot read font .*Missing\.ttf: No such file"):
        register(("Missing.ttf",))
    assert theme.FontError("x").exit_status == 1  # a damaged install: a failure, not bad input


@pytest.mark.parametrize("content", ["{not json", '{"voice": "x"}', "[]", "\udcff"])
def test_a_damaged_lengths_table_or_lexicon_is_named(tmp_path: Path, content: str) -> None:
    from derived_transformer.errors import DataFileError
    from derived_transformer.narration.lexicon import Lexicon
    from derived_transformer.narration.timing import LengthTable

    path = tmp_path / "data.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    for load in (LengthTable.load, Lexicon.load):
        with pytest.raises(DataFileError, match=f"{path}.* is damaged") as caught:
            load(path)
        assert caught.value.exit_status == 1
