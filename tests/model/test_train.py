"""Training outcomes of the shipped checkpoints, determinism, and the README's tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from derived_transformer.model import trace
from derived_transformer.model.checkpoints import CHECKPOINT_DIR, cached_model, read_checkpoint
from derived_transformer.model.data import corpus
from derived_transformer.model.evaluation import blind_examples, evaluate, examples_for, score
from derived_transformer.model.labels import links
from derived_transformer.model.metrics import exact_share
from derived_transformer.model.registry import CNN_DEPTHS, MODEL_NAMES, spec
from derived_transformer.model.report import blocks
from derived_transformer.model.train import Budget, train_all, train_model
from tests.support.paths import ROOT

TREE = "there was a tree on fire and it was roaring"
LION = "there was a lion on fire and it was roaring"


def summary() -> dict:
    return json.loads((CHECKPOINT_DIR / "metrics.json").read_text())


def last_column_pick(name: str, sentence: str, layer: int) -> str:
    """The word with the largest importance in the last word's column (in ``layer``, all
    heads averaged)."""
    t = trace(sentence, model=name)
    importances = t.layer_importances[layer]
    if importances.ndim == 3:
        importances = importances.mean(axis=0)
    return t.tokens[int(np.argmax(importances[:, -1]))]


@pytest.mark.parametrize("name", ["attention", "transformer"])
def test_tree_and_lion_answered_and_attended_by_meaning(name: str) -> None:
    assert trace(TREE, model=name).answer == "fire"
    assert trace(LION, model=name).answer == "lion"
    layers = range(len(trace(TREE, model=name).layer_importances))
    if name == "attention":  # its first layer, the one chapter 3 draws
        assert last_column_pick(name, TREE, 0) == "fire"
        # with a lion in the sentence the pair (fire, roaring) weighs less: the lion takes
        # part of the column (chapter 3 says how much, from the trace)
        tree, lion = trace(TREE, model=name), trace(LION, model=name)
        fire_weight = [t.importances[t.tokens.index("fire"), -1] for t in (tree, lion)]
        assert fire_weight[1] < fire_weight[0] - 0.2
        assert lion.importances[lion.tokens.index("lion"), -1] > 0.2
    else:
        # in the transformer, layer 1's column of "roaring" gathers the fire in both
        # sentences; layer 2 moves to the lion when there is one (measured; see the README)
        assert "fire" in {last_column_pick(name, TREE, k) for k in layers}
        assert "lion" in {last_column_pick(name, LION, k) for k in layers}


@pytest.mark.parametrize("name", ["attention", "transformer"])
def test_the_viewers_sentences(name: str) -> None:
    assert trace("the lion saw that the fire was roaring", model=name).answer == "fire"
    assert trace("there was a mouse by the fire and it was roaring", model=name).answer == "fire"


def test_held_out_accuracy_claims() -> None:
    models = summary()["models"]
    for name in ("attention", "transformer"):
        assert models[name]["new_structures"]["overall"]["accuracy"] >= 0.9
        assert models[name]["new_sentences"]["overall"]["accuracy"] >= 0.95
    for name in MODEL_NAMES:
        for split in ("new_sentences", "new_structures"):
            assert models[name][split]["overall"]["count"] > 0
    assert len(set(CNN_DEPTHS) & set(models)) >= 3


def test_per_word_training_gives_each_column_its_own_structure() -> None:
    models = summary()["models"]
    per_word = models["attention"]["per_word_attention"]["layer 1"]
    control = models["attention_last"]["per_word_attention"]["layer 1"]
    # kinds whose target is seldom the sentence's answer: the control cannot land there
    for kind in ("determiner", "adjective", "verb"):
        assert per_word[kind]["heads"] >= 0.7
        assert per_word[kind]["heads"] > control[kind]["heads"] + 0.15
    assert control["same_row_share"] > per_word["same_row_share"]
    # every column of this sentence looks at its own target: two different words
    sentence = "there was a mouse by the fire and it was roaring"
    t = trace(sentence, model="attention")
    parsed = links(sentence)
    columns = [j for j, target in enumerate(parsed.targets) if target not in (None, j)]
    picks = [int(np.argmax(t.importances[:, j])) for j in columns]
    assert picks == [parsed.targets[j] for j in columns]
    assert len(set(picks)) == 2


@pytest.mark.training
def test_training_is_deterministic() -> None:
    budget = Budget(steps=12, batch_size=32)
    for name in ("attention", "transformer", "cnn2"):
        a = train_model(name, budget).state_dict()
        b = train_model(name, budget).state_dict()
        assert a.keys() == b.keys()
        assert all(torch.equal(a[k], b[k]) for k in a), name


def test_shipped_metrics_are_reproduced_by_the_shipped_checkpoints_quick() -> None:
    models = summary()["models"]
    for name in ("cnn2", "transformer"):
        stored = read_checkpoint(name)["metrics"]
        chosen = examples_for(spec(name), corpus().new_structures)
        fresh = score(name, cached_model(name), chosen)
        assert fresh == stored["new_structures"] == models[name]["new_structures"]
        blind = score(name, cached_model(name), examples_for(spec(name), blind_examples()))
        assert blind == models[name]["blind"]


@pytest.mark.training
def test_shipped_metrics_are_reproduced_by_the_shipped_checkpoints() -> None:
    models = summary()["models"]
    assert set(models) == set(MODEL_NAMES)
    for name in MODEL_NAMES:
        stored = read_checkpoint(name)["metrics"]
        fresh = evaluate(name, cached_model(name))
        for key in ("new_sentences", "new_structures", "per_word_attention"):
            assert fresh.get(key) == stored.get(key) == models[name].get(key), (name, key)
        assert fresh["blind"] == models[name]["blind"], name
        assert read_checkpoint(name)["training"]["steps"] == summary()["budget"]["steps"]


def test_readme_states_the_blind_figures_it_quotes() -> None:
    models = summary()["models"]
    readme = (ROOT / "README.md").read_text()
    for name in ("transformer", "attention", "cnn2"):
        overall = models[name]["blind"]["overall"]
        figure = f"{exact_share(overall['accuracy'], overall['count']):.1%}"
        assert f"`{name}`" in readme and figure in readme, (name, figure)


def test_readme_shows_the_tables_of_the_shipped_metrics() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, table in blocks(summary()).items():
        if name == "training-table":
            continue  # checkpoint sizes and seconds: checked below
        found = re.search(rf"<!-- {name} -->\n(.*?)<!-- /{name} -->", readme, re.S)
        assert found is not None, name
        assert found.group(1).strip() == table.strip(), name


def test_checkpoints_are_small() -> None:
    total = sum((CHECKPOINT_DIR / f"{name}.pt").stat().st_size for name in MODEL_NAMES)
    assert total < 20 * 1024 * 1024


def test_train_command_line_rejects_unknown_models(capsys: pytest.CaptureFixture[str]) -> None:
    from derived_transformer.model.train import main

    with pytest.raises(SystemExit) as info:
        main(["nosuchmodel"])
    assert info.value.code == 2
    assert re.search(r"unknown model.*nosuchmodel", capsys.readouterr().err)


@pytest.mark.training
def test_a_whole_run_writes_checkpoints_metrics_and_evidence(tmp_path: Path) -> None:
    names = ("cnn2", "pairwise", "pairwise_positions", "pairwise2", "attention", "transformer")
    train_all(names, Budget(steps=30, batch_size=32), tmp_path, workers=2)
    written = json.loads((tmp_path / "metrics.json").read_text())
    assert set(written["models"]) == set(names)
    assert set(written["evidence"]) == {"long_range", "word_order", "distance"}
    for name in names:
        assert read_checkpoint(name, tmp_path)["metrics"]["new_structures"]


def test_every_ablation_is_measured() -> None:
    from derived_transformer.model.ablations import VARIANTS

    data = json.loads((CHECKPOINT_DIR / "ablations.json").read_text())
    assert set(data["variants"]) == set(VARIANTS)
    assert data["budget"] == summary()["budget"]
    for result in data["variants"].values():
        assert result["new_structures"]["overall"]["count"] > 0


def test_the_positions_variant_reads_positions_from_the_start() -> None:
    from derived_transformer.model.ablations import register
    from derived_transformer.model.encode import encode
    from derived_transformer.model.registry import SPECS
    from derived_transformer.model.vocab import VOCABULARY

    register()
    words = [("the", "fat", "cat")]
    ours, _ = encode(spec("attention"), words)
    theirs, _ = encode(SPECS["attention_positions_from_start"], words)
    v = len(VOCABULARY)
    assert ours[0, :, v:].argmax(dim=-1).tolist() == [2, 1, 0]
    assert theirs[0, :, v:].argmax(dim=-1).tolist() == [0, 1, 2]
