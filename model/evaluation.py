"""Scoring a model: its answers, accuracies and attention hits on any set of sentences.

Training (``model.train``), the evidence (``model.evidence``) and the ablations all score
through these functions, so a figure means the same thing wherever it is measured.

>>> from derived_transformer.model.checkpoints import cached_model
>>> chosen = blind_examples()[:3]
>>> len(predict("cnn2", cached_model("cnn2"), chosen))
3

Sets scored besides the corpus's held-out ones:

* the **hand-written** sentences (``assets/data/labelled-sentences.txt``), the labeller's
  own test;
* the **blind set** (``assets/data/blind-sentences.txt``), written from the vocabulary and
  the task's rules alone with its answers fixed before any model ran: only measured, never
  trained on, never used to choose anything. Its figures are grouped by the file's sections
  (``template:<section>``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from derived_transformer.model import word_groups as lx
from derived_transformer.model.data import Example, corpus, distance_bucket
from derived_transformer.model.encode import encode
from derived_transformer.model.labels import WORD_CLASSES, label_words, parse_words, word_classes
from derived_transformer.model.nets import PairwiseAttention, Transformer
from derived_transformer.model.registry import ModelSpec, spec
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY
from derived_transformer.model.word_groups import GROUP_OF
from derived_transformer.resources import assets_dir

THREADS = 1
"""CPU threads per model, for training and for every measurement."""
TRAIN_SAMPLE = 1500  # training sentences re-scored after training (a fixed sample)
HAND_WRITTEN = assets_dir() / "data" / "labelled-sentences.txt"
BLIND = assets_dir() / "data" / "blind-sentences.txt"
SECTION_MARK = "# --- "


def examples_for(model_spec: ModelSpec, examples: tuple[Example, ...]) -> list[Example]:
    """The examples of the families ``model_spec`` is trained on."""
    return [e for e in examples if e.family in model_spec.families]


def _by_length(examples: list[Example], size: int) -> Iterator[list[int]]:
    """Indices of ``examples`` in chunks of ``size``, shortest sentences first (little
    padding for the models whose cost grows with the square of the length)."""
    order = sorted(range(len(examples)), key=lambda k: len(examples[k].words))
    for start in range(0, len(order), size):
        yield order[start : start + size]


@torch.no_grad()
def predict(name: str, model: nn.Module, examples: list[Example]) -> list[str]:
    out: list[str] = [""] * len(examples)
    for chunk in _by_length(examples, 256):
        x, mask = encode(spec(name), [examples[k].words for k in chunk])
        for k, i in zip(chunk, model(x, mask).argmax(dim=-1).tolist(), strict=True):
            out[k] = VOCABULARY.words[i]
    return out


def _rates(hits: dict[str, list[bool]]) -> dict[str, dict[str, float | int]]:
    return {
        key: {"accuracy": round(sum(v) / len(v), 4), "count": len(v)}
        for key, v in sorted(hits.items())
    }


def score(name: str, model: nn.Module, examples: list[Example]) -> dict[str, Any]:
    """Accuracy overall, by family, construction (``template:``), word group of the answer and
    distance."""
    answers = predict(name, model, examples)
    hits: dict[str, list[bool]] = defaultdict(list)
    for example, answer in zip(examples, answers, strict=True):
        ok = answer == example.answer
        hits["overall"].append(ok)
        hits[f"family:{example.family}"].append(ok)
        hits[f"group:{GROUP_OF[example.answer]}"].append(ok)
        hits[f"template:{example.template}"].append(ok)
        hits[f"distance:{distance_bucket(example.distance)}"].append(ok)
    return _rates(hits)


def layer_importances(model: nn.Module, x: torch.Tensor, mask: torch.Tensor) -> list[torch.Tensor]:
    """Per layer ``(B, H, L, L)`` importances (``H = 1`` for pairwise attention)."""
    if isinstance(model, PairwiseAttention):
        return [p.importances[:, None] for p in model.all_parts(x, mask)]
    if isinstance(model, Transformer):
        return [p.importances for p in model.all_parts(x, mask)]
    raise TypeError(f"{type(model).__name__} has no importances")


@torch.no_grad()
def per_word_hits(name: str, model: nn.Module, examples: list[Example]) -> dict[str, Any]:
    """For each kind of word (``model.labels.WORD_CLASSES``) and each layer: how often the
    largest importance in its column lands on its target word. ``heads`` is the pattern of
    all heads averaged; ``best_head`` the single head that lands most often.
    ``same_row_share``: per sentence, the share of columns whose largest importance (all
    heads averaged) falls on the sentence's most picked word, averaged (1.0: one bright row,
    every column looks at the same word)."""
    kinds = {kind: k for k, kind in enumerate(WORD_CLASSES)}
    found: dict[int, list[np.ndarray]] = defaultdict(list)  # layer -> rows (kind, mean, heads)
    same_row: dict[int, list[float]] = defaultdict(list)  # layer -> share per sentence
    for indices in _by_length(examples, 256):
        chunk = [examples[k] for k in indices]
        x, mask = encode(spec(name), [e.words for e in chunk])
        width = x.shape[1]
        target = np.full((len(chunk), width), -1)
        kind = np.full((len(chunk), width), -1)
        for b, example in enumerate(chunk):
            for i, (t, c) in enumerate(
                zip(parse_words(example.words).targets, word_classes(example.words), strict=True)
            ):
                if c is not None:
                    target[b, i], kind[b, i] = t, kinds[c]
        chosen = kind >= 0
        for k, imp in enumerate(layer_importances(model, x, mask)):
            per_head = imp.argmax(dim=2).numpy()  # (B, H, L): the row with the largest weight
            mean = imp.mean(dim=1).argmax(dim=1).numpy()  # (B, L)
            hits_heads = per_head == target[:, None, :]
            for b, example in enumerate(chunk):
                picks = mean[b, : len(example.words)]
                same_row[k].append(float(np.bincount(picks).max() / len(picks)))
            rows = np.concatenate(
                [
                    kind[chosen][:, None],
                    (mean == target)[chosen][:, None],
                    hits_heads.transpose(0, 2, 1)[chosen],
                ],
                axis=1,
            )
            found[k].append(rows)
    out: dict[str, Any] = {}
    for k, parts in sorted(found.items()):
        table = np.concatenate(parts)
        out.setdefault(f"layer {k + 1}", {})["same_row_share"] = round(
            float(np.mean(same_row[k])), 4
        )
        for kind_name, index in kinds.items():
            rows = table[table[:, 0] == index, 1:].astype(float)
            if not len(rows):
                continue
            rates = rows.mean(axis=0)
            best = int(np.argmax(rates[1:]))
            out.setdefault(f"layer {k + 1}", {})[kind_name] = {
                "heads": round(float(rates[0]), 4),
                "best_head": best,
                "best_head_rate": round(float(rates[1 + best]), 4),
                "count": len(rows),
            }
    return out


def family_of(words: tuple[str, ...]) -> str:
    """The family a written sentence belongs to, from the question its last word asks.

    >>> family_of(("the", "fat", "cat")), family_of(("the", "lion", "was", "roaring"))
    ('phrase', 'roaring')
    """
    last = words[-1]
    if len(words) <= 4 and "was" not in words and last not in lx.PAST_VERBS:
        return "phrase"
    if "first" in words or "second" in words:
        return "order"
    if last == "roaring":
        return "roaring"
    if last in lx.BODY_PARTS:
        return "tail"
    return "other"


def written_examples(path: Path, labelled_index: bool) -> tuple[Example, ...]:
    """The sentences of a ``sentence | answer`` file that have an answer, as examples (those
    over the length limit left out). Each example's template is the file's section (the last
    ``# --- name`` line above it, ``"written"`` before any). ``labelled_index``: take the
    answer's position from the labeller (it agrees with the file, a test checks), else the
    answer's first occurrence."""
    out = []
    section = "written"
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith(SECTION_MARK):
            section = line[len(SECTION_MARK) :].strip()
        if not line or line.startswith("#"):
            continue
        sentence, answer = (part.strip() for part in line.split("|"))
        words = tuple(sentence.split())
        if answer == "-" or len(words) > MAX_WORDS:
            continue
        index = label_words(words).index if labelled_index else words.index(answer)
        out.append(Example(words, answer, index, family_of(words), section))
    return tuple(out)


@cache
def hand_written_examples() -> tuple[Example, ...]:
    """The hand-written sentences that have an answer (the labeller's test)."""
    return written_examples(HAND_WRITTEN, labelled_index=True)


@cache
def blind_examples() -> tuple[Example, ...]:
    """The blind set's sentences that have an answer; only ever measured."""
    return written_examples(BLIND, labelled_index=False)


def evaluate(name: str, model: nn.Module) -> dict[str, Any]:
    """The held-out scores of one model (and a fixed sample of its training sentences), its
    score on the hand-written sentences and on the blind set."""
    model_spec = spec(name)
    data = corpus()
    training = examples_for(model_spec, data.training)
    sample = [
        training[k] for k in np.random.default_rng(0).permutation(len(training))[:TRAIN_SAMPLE]
    ]
    metrics: dict[str, Any] = {
        "train_sample": score(name, model, sample)["overall"],
        "new_sentences": score(name, model, examples_for(model_spec, data.new_sentences)),
        "new_structures": score(name, model, examples_for(model_spec, data.new_structures)),
    }
    hand = examples_for(model_spec, hand_written_examples())
    if hand:
        metrics["hand_written"] = score(name, model, hand)["overall"]
    blind = examples_for(model_spec, blind_examples())
    if blind:
        metrics["blind"] = score(name, model, blind)
    if isinstance(model, (PairwiseAttention, Transformer)):
        metrics["per_word_attention"] = per_word_hits(
            name, model, examples_for(model_spec, data.held_out)
        )
    return metrics
