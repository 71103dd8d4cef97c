"""The lexicon (what the voice is given instead of a word) and the terms collected from the
narration's lines: no voice needed."""

from __future__ import annotations

import pytest

from derived_transformer.errors import DataFileError
from derived_transformer.narration import Line, project_lexicon
from derived_transformer.narration.lexicon import Lexicon, phoneme_suffix
from derived_transformer.narration.terms import (
    EXPLAINER_TERMS,
    narration_lines,
    said,
    spoken_terms,
)

HINTED = Lexicon({"column": "[[ kˈɑːlˌʌm ]]", "linear": "linnier", "SDPA": "S D P A"})


def test_respellings_and_hints_replace_whole_words_and_their_forms() -> None:
    assert HINTED.pronounced("Column by column, linear and non-linear") == (
        "[[ kˈɑːlˌʌm ]] by [[ kˈɑːlˌʌm ]], linnier and non-linnier"
    )
    assert HINTED.pronounced("two columns; the column's top; Linear's") == (
        "two [[ kˈɑːlˌʌmz ]]; the [[ kˈɑːlˌʌmz ]] top; Linnier's"
    )
    # not inside other words, and an upper-case key only as written
    assert (
        HINTED.pronounced("columnar, bilinears, sdpa, SDPA.")
        == "columnar, bilinears, sdpa, S D P A."
    )


def test_a_form_listed_as_a_key_keeps_its_own_entry() -> None:
    lexicon = Lexicon({"matrix": "may-trix", "matrixs": "wrong", "Matrix": "MAY-trix"})
    assert lexicon.pronounced("Matrix matrix matrixs matrix's") == (
        "MAY-trix may-trix wrong may-trix's"
    )


@pytest.mark.parametrize(
    ("phonemes", "suffix"),
    [("vˈɛktɚ", "z"), ("lˈaɪˌʌn", "z"), ("mˈæks", "ᵻz"), ("bɹˈɪdʒ", "ᵻz"), ("kˈæt", "s")],
)
def test_a_hint_inflects_with_the_ending_its_last_sound_takes(phonemes: str, suffix: str) -> None:
    assert phoneme_suffix(phonemes) == suffix


def test_the_spoken_form_comes_back_from_what_the_voice_is_given() -> None:
    for spoken in ("Two columns, linear and SDPA.", "Linear's column: non-linear."):
        assert HINTED.unpronounced(HINTED.pronounced(spoken)) == spoken
    # a plural and a possessive share a hint: it reads back as the plural
    assert HINTED.unpronounced(HINTED.pronounced("a column's top")) == "a columns top"
    assert Lexicon().pronounced("any text") == "any text" == Lexicon().unpronounced("any text")


def test_subtitles_keep_the_written_form_and_the_voice_gets_the_lexicon() -> None:
    lexicon = project_lexicon()
    line = Line("Each vector is a column of a bilinear form.")
    assert line.written == "Each vector is a column of a bilinear form."
    assert line.spoken == "Each vector is a column of a bilinear form."
    assert line.speech == lexicon.pronounced(line.spoken)
    assert "by-linnier" in line.speech  # a respelling
    for word in ("vector", "column"):
        assert word not in line.speech and lexicon.forms[word] in line.speech
    assert Line(line.written).speech == line.speech  # the same text every time


def test_a_damaged_lexicon_is_named(tmp_path) -> None:
    path = tmp_path / "lexicon.json"
    path.write_text('{"respellings": {"vector": 3}}', encoding="utf-8")
    with pytest.raises(DataFileError, match=r"lexicon\.json is damaged"):
        Lexicon.load(path)


def test_terms_are_collected_from_the_lines() -> None:
    lines = [
        "Every vector is a column. The lion roars.",
        "Each column adds vectors; the columns of the n squared pairs.",
        "Then the vector goes on, the vector again.",
    ]
    terms = spoken_terms(lines, words=["lion", "fire", "the"], recurring=3)
    # a listed term the lines say, the models' words they say, the recurring words
    assert terms == ["n squared", "vector", "lion", "column"]
    assert "receptive field" in EXPLAINER_TERMS and "receptive field" not in terms
    assert said("receptive field", "its receptive fields") and not said("pair", "a repair")


def test_the_narration_says_its_terms() -> None:
    lines = narration_lines()
    terms = spoken_terms(lines)
    assert len(lines) > 100
    for term in ("vector", "column", "pair", "layer", "n squared", "transformer", "attention"):
        assert term in terms
    assert not {"the", "one", "twenty-four", "it's"} & set(terms)
