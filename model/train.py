"""Train every model of the derivation from fixed seeds:
``python -m derived_transformer.model.train``.

Every model gets the same budget (steps, batch size, learning rate schedule) on its families
of the training set, on the CPU with one thread per model, two models at a time in two
processes. Each is then scored by ``model.evaluation`` on the two held-out sets
(``new_sentences``: new sentences of the trained structures; ``new_structures``: combinations
and depths of the grammar never trained), overall and by family, by the answer's word group
and by distance, on the hand-written sentences and on the blind set (only measured).
Models with one output per word are also trained on every word's own question (from each
sentence's derivation, ``model.grammar``: determiners and adjectives point to their noun,
verbs to their subject, "it" and "its" to what they refer to; a word that stands for
itself is left out), and the evaluation measures how often each kind of word's largest
importance lands on its target. Then ``model.evidence`` measures the claims of the video.
Checkpoints and ``metrics.json`` are written under ``assets/checkpoints``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from derived_transformer.files import atomic_write
from derived_transformer.model.checkpoints import save_checkpoint, training_dir
from derived_transformer.model.data import HELD_OUT, Example, corpus
from derived_transformer.model.encode import encode
from derived_transformer.model.evaluation import THREADS, evaluate, examples_for
from derived_transformer.model.evidence import measure_evidence, model_predictions, prepare
from derived_transformer.model.labels import parse_words, word_classes
from derived_transformer.model.registry import MODEL_NAMES, ModelSpec, spec
from derived_transformer.model.report import accuracy_table
from derived_transformer.model.vocab import VOCABULARY

WORKERS = 2
IGNORE = -100


@dataclass(frozen=True)
class Budget:
    """The training budget every model gets."""

    steps: int = 2400
    batch_size: int = 128
    learning_rate: float = 5e-3
    weight_decay: float = 1e-4
    seed: int = 0


def column_targets(model_spec: ModelSpec, examples: list[Example], width: int) -> torch.Tensor:
    """``(N, width)`` the vocabulary index each column is trained to answer, or ``IGNORE``.

    The last word's target is the sentence's answer. Models with one output per word also
    learn every other word's target from the sentence's derivation, except words that stand
    for themselves."""
    out = np.full((len(examples), width), IGNORE, dtype=np.int64)
    for b, example in enumerate(examples):
        if model_spec.per_word:
            for i, target in enumerate(example.targets):
                if target is not None and target != i:
                    out[b, i] = VOCABULARY.index[example.words[target]]
        out[b, len(example.words) - 1] = VOCABULARY.index[example.answer]
    return torch.from_numpy(out)


def batches(lengths: torch.Tensor, size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless batches of indices of similar lengths (each pass: shuffle, sort within chunks
    of 16 batches by length, cut, shuffle the batches), so a batch pads little."""
    while True:
        order = torch.randperm(len(lengths), generator=generator)
        chunk = size * 16
        cut: list[torch.Tensor] = []
        for start in range(0, len(order), chunk):
            part = order[start : start + chunk]
            part = part[torch.argsort(lengths[part], stable=True)]
            cut += [part[k : k + size] for k in range(0, len(part) - size + 1, size)]
        for k in torch.randperm(len(cut), generator=generator).tolist():
            yield cut[k]


def loss_of(
    model: nn.Module,
    model_spec: ModelSpec,
    x: torch.Tensor,
    mask: torch.Tensor,
    targets: torch.Tensor,
) -> torch.Tensor:
    rows = torch.arange(len(x))
    last = mask.sum(dim=1) - 1
    if not model_spec.per_word:
        return F.cross_entropy(model.vocabulary_logits(x, mask), targets[rows, last])
    logits = model.head(model.column_features(x, mask))  # (B, L, V): one answer per column
    loss = F.cross_entropy(logits[rows, last], targets[rows, last])
    others = targets.clone()
    others[rows, last] = IGNORE
    chosen = others != IGNORE
    if chosen.any():
        loss = loss + F.cross_entropy(logits[chosen], others[chosen])
    return loss


def train_model(name: str, budget: Budget) -> nn.Module:
    """A freshly trained model; identical weights for identical budgets."""
    torch.set_num_threads(THREADS)
    model_spec = spec(name)
    torch.manual_seed(budget.seed)
    model = model_spec.build()
    data = examples_for(model_spec, corpus().training)
    x_all, mask_all = encode(model_spec, [e.words for e in data])
    y_all = column_targets(model_spec, data, x_all.shape[1])
    lengths = mask_all.sum(dim=1)
    optimiser = torch.optim.AdamW(
        model.parameters(),
        lr=budget.learning_rate,
        weight_decay=budget.weight_decay,
        fused=True,
    )
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=budget.learning_rate, total_steps=budget.steps, pct_start=0.1
    )
    stream = batches(
        lengths, min(budget.batch_size, len(data)), torch.Generator().manual_seed(budget.seed)
    )
    model.train()
    for _ in range(budget.steps):
        batch = next(stream)
        width = max(int(lengths[batch].max()), model_spec.min_width)
        loss = loss_of(
            model, model_spec, x_all[batch, :width], mask_all[batch, :width], y_all[batch, :width]
        )
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    model.eval()
    return model


def _train_one(
    job: tuple[str, Budget],
) -> tuple[str, dict[str, torch.Tensor], dict[str, Any], dict[str, Any]]:
    name, budget = job
    torch.set_num_threads(THREADS)
    started = time.perf_counter()
    model = train_model(name, budget)
    seconds = time.perf_counter() - started
    metrics = evaluate(name, model)
    answers = model_predictions(name, model)
    metrics["train_seconds"] = round(seconds, 2)
    metrics["evaluate_seconds"] = round(time.perf_counter() - started - seconds, 2)
    print(
        f"{name:22s} trained in {seconds:5.1f} s: new sentences "
        f"{metrics['new_sentences']['overall']['accuracy']:.1%}, new structures "
        f"{metrics['new_structures']['overall']['accuracy']:.1%}",
        flush=True,
    )
    return name, model.state_dict(), metrics, answers


# Rough CPU seconds each model's training takes, to start the longest first.
_COST_HINT = {
    "attention": 30,
    "transformer_network": 28,
    "transformer": 20,
    "attention_last": 18,
    "pairwise_positions": 16,
    "pairwise": 15,
    "cnn": 10,
    "cnn4": 9,
    "cnn3": 8,
    "cnn2": 7,
    "pairwise2": 5,
}


def _prepare_shared_data() -> None:
    """Build the corpus, every parse and the evidence's sentences once, before the workers
    fork and inherit them."""
    for example in corpus().training + corpus().held_out:
        parse_words(example.words)
        word_classes(example.words)
    prepare()


def train_all(
    names: tuple[str, ...] = MODEL_NAMES,
    budget: Budget | None = None,
    directory: Path | None = None,
    workers: int = WORKERS,
) -> dict[str, dict[str, Any]]:
    """Train ``names``, write their checkpoints, the evidence and ``metrics.json``."""
    budget = budget or Budget()
    directory = directory or training_dir()
    started = time.perf_counter()
    torch.set_num_threads(THREADS)
    _prepare_shared_data()
    jobs = sorted(((n, budget) for n in names), key=lambda j: -_COST_HINT.get(j[0], 5))
    results: dict[str, tuple[dict[str, torch.Tensor], dict[str, Any]]] = {}
    predictions: dict[str, dict[str, Any]] = {}
    if workers > 1 and len(jobs) > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(jobs))) as pool:
            for name, state, metrics, answers in pool.imap_unordered(_train_one, jobs):
                results[name] = (state, metrics)
                predictions[name] = answers
    else:
        for job in jobs:
            name, state, metrics, answers = _train_one(job)
            results[name] = (state, metrics)
            predictions[name] = answers
    models: dict[str, nn.Module] = {}
    all_metrics: dict[str, dict[str, Any]] = {}
    training = {**asdict(budget), "threads": THREADS}
    for name in names:
        state, metrics = results[name]
        model = spec(name).build()
        model.load_state_dict(state)
        model.eval()
        models[name] = model
        save_checkpoint(name, model, metrics, training, directory)
        all_metrics[name] = metrics
    evidence = measure_evidence(models, predictions)
    summary = {
        "wall_seconds": round(time.perf_counter() - started, 1),
        "workers": workers,
        "budget": asdict(budget),
        "held_out_structures": list(HELD_OUT),
        "models": {n: {"title": spec(n).title, **m} for n, m in all_metrics.items()},
        "evidence": evidence,
    }
    atomic_write(
        directory / "metrics.json",
        lambda tmp: tmp.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n"),
    )
    return all_metrics


def format_table(all_metrics: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of both held-out accuracies per model and family."""
    return accuracy_table(all_metrics)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "models",
        nargs="*",
        metavar="MODEL",
        help=f"models to train (default: all of {', '.join(MODEL_NAMES)})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"checkpoint folder (default: {training_dir()}; in an installed package a folder "
        "of your own, which the models are then loaded from, never the installed files)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help=f"models trained at once, one process each (default {WORKERS})",
    )
    args = parser.parse_args(argv)
    unknown = [m for m in args.models if m not in MODEL_NAMES]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODEL_NAMES)}")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    started = time.perf_counter()
    metrics = train_all(tuple(args.models) or MODEL_NAMES, directory=args.out, workers=args.workers)
    print()
    print(format_table(metrics))
    print(f"\nall models trained and measured in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
