"""The drawn corpus kept in the user's cache folder is the corpus drawn afresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from derived_transformer.model import data


@pytest.mark.corpus
def test_the_kept_corpus_is_the_drawn_corpus(tmp_path: Path, monkeypatch) -> None:
    drawn = data.build_corpus()
    assert data.corpus() == drawn  # what every caller gets, from the cache or not
    kept = data.read_cached_corpus(data.corpus_cache_file())
    assert kept is None or kept == drawn  # the user's copy, if there is one
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = data.corpus_cache_file()
    assert tmp_path in path.parents
    data.write_cached_corpus(drawn, path)
    assert data.read_cached_corpus(path) == drawn
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_a_broken_or_foreign_copy_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "corpus.pickle"
    assert data.read_cached_corpus(path) is None  # missing
    path.write_bytes(b"\x80\x05not a pickle")
    assert data.read_cached_corpus(path) is None  # truncated or corrupt
    import pickle

    path.write_bytes(pickle.dumps({"training": ()}))
    assert data.read_cached_corpus(path) is None  # something else


def test_an_unwritable_cache_folder_keeps_nothing_and_fails_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    small = data.Corpus((), (), ())
    data.write_cached_corpus(small, blocker / "derived-transformer" / "corpus.pickle")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_cache_name_follows_the_model_sources(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    package = tmp_path / "model"
    (package / "labels").mkdir(parents=True)
    (package / "grammar.py").write_text("RULES = 1\n")
    (package / "labels" / "rules.py").write_text("ANSWER = 'lion'\n")
    first = data.corpus_cache_file(package)
    assert first == data.corpus_cache_file(package)  # stable
    assert first.parent == tmp_path / "cache" / "derived-transformer"
    (package / "labels" / "rules.py").write_text("ANSWER = 'fire'\n")  # a nested source
    second = data.corpus_cache_file(package)
    (package / "notes.txt").write_text("not a source")
    assert second != first and data.corpus_cache_file(package) == second
    assert data.corpus_cache_file() != first  # the shipped package names its own
