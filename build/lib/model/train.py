"""Train every model of the derivation from fixed seeds: ``python -m model.train``.

Each model gets the same budget (steps, batch size, learning rate) on its families of the
training set, on the CPU with a fixed thread count, and is evaluated on the held-out set.
Checkpoints and ``metrics.json`` are written under ``assets/checkpoints``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F  # noqa: N812

from derived_transformer.files import atomic_write
from model.checkpoints import CHECKPOINT_DIR, save_checkpoint
from model.data import DISTANCE_BUCKETS, Example, distance_bucket, held_out_set, training_set
from model.encode import encode
from model.registry import MODEL_NAMES, ModelSpec, spec
from model.vocab import VOCABULARY

THREADS = 1


@dataclass(frozen=True)
class Budget:
    """The training budget every model gets."""

    steps: int = 900
    batch_size: int = 64
    learning_rate: float = 5e-3
    weight_decay: float = 1e-4
    seed: int = 0


def examples_for(model_spec: ModelSpec, examples: tuple[Example, ...]) -> list[Example]:
    return [e for e in examples if e.family in model_spec.families]


def _targets(examples: list[Example]) -> torch.Tensor:
    return torch.tensor([VOCABULARY.index[e.answer] for e in examples])


def train_model(name: str, budget: Budget) -> nn.Module:
    """A freshly trained model; identical weights for identical budgets."""
    torch.set_num_threads(THREADS)
    model_spec = spec(name)
    torch.manual_seed(budget.seed)
    model = model_spec.build()
    data = examples_for(model_spec, training_set())
    x_all, mask_all = encode(model_spec, [e.words for e in data])
    y_all = _targets(data)
    optimiser = torch.optim.AdamW(
        model.parameters(), lr=budget.learning_rate, weight_decay=budget.weight_decay
    )
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, budget.steps)
    generator = torch.Generator().manual_seed(budget.seed)
    order = torch.randperm(len(data), generator=generator)
    cursor = 0
    model.train()
    for _ in range(budget.steps):
        if cursor + budget.batch_size > len(order):
            order = torch.randperm(len(data), generator=generator)
            cursor = 0
        batch = order[cursor : cursor + budget.batch_size]
        cursor += budget.batch_size
        mask = mask_all[batch]
        width = int(mask.sum(dim=1).max()) if not model_spec.fixed_width else mask.shape[1]
        logits = model(x_all[batch, :width], mask[:, :width])
        loss = F.cross_entropy(logits, y_all[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
    model.eval()
    return model


@torch.no_grad()
def predict(name: str, model: nn.Module, examples: list[Example]) -> list[str]:
    x, mask = encode(spec(name), [e.words for e in examples])
    ids = model(x, mask).argmax(dim=-1).tolist()
    return [VOCABULARY.words[i] for i in ids]


def evaluate(name: str, model: nn.Module) -> dict[str, Any]:
    """Held-out accuracy overall, by family, and by distance to the deciding word."""
    model_spec = spec(name)
    metrics: dict[str, Any] = {}
    for split, examples in (("train", training_set()), ("held_out", held_out_set())):
        chosen = examples_for(model_spec, examples)
        answers = predict(name, model, chosen)
        hits: dict[str, list[bool]] = defaultdict(list)
        for example, answer in zip(chosen, answers, strict=True):
            ok = answer == example.answer
            hits["overall"].append(ok)
            hits[f"family:{example.family}"].append(ok)
            if example.family != "phrase":
                hits[f"distance:{distance_bucket(example.distance)}"].append(ok)
        metrics[split] = {
            key: {"accuracy": sum(v) / len(v), "count": len(v)} for key, v in sorted(hits.items())
        }
    return metrics


def format_table(all_metrics: dict[str, dict[str, Any]]) -> str:
    """A Markdown table of held-out accuracy per model."""
    buckets = [name for name, _, _ in DISTANCE_BUCKETS if name != "0"]
    header = ["model", "overall"] + [f"distance {b}" for b in buckets] + ["word order"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, metrics in all_metrics.items():
        held = metrics["held_out"]

        def cell(key: str, held: dict[str, Any] = held) -> str:
            entry = held.get(key)
            return f"{entry['accuracy'] * 100:.0f}% ({entry['count']})" if entry else "-"

        row = [spec(name).title, cell("overall")]
        row += [cell(f"distance:{b}") for b in buckets] + [cell("family:phrase")]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def train_all(
    names: tuple[str, ...] = MODEL_NAMES,
    budget: Budget | None = None,
    directory: Path | None = None,
) -> dict[str, dict[str, Any]]:
    budget = budget or Budget()
    directory = directory or CHECKPOINT_DIR
    all_metrics = {}
    for name in names:
        started = time.perf_counter()
        model = train_model(name, budget)
        seconds = time.perf_counter() - started
        metrics = evaluate(name, model)
        metrics["train_seconds"] = round(seconds, 2)
        training = {**budget.__dict__, "threads": THREADS}
        save_checkpoint(name, model, metrics, training, directory)
        all_metrics[name] = metrics
        print(
            f"{name:22s} trained in {seconds:5.1f} s, held-out accuracy "
            f"{metrics['held_out']['overall']['accuracy'] * 100:.1f}%",
            flush=True,
        )
    summary = {
        "budget": budget.__dict__,
        "models": {n: {"title": spec(n).title, **m} for n, m in all_metrics.items()},
    }
    atomic_write(
        directory / "metrics.json",
        lambda tmp: tmp.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n"),
    )
    return all_metrics


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "models",
        nargs="*",
        metavar="MODEL",
        help=f"models to train (default: all of {', '.join(MODEL_NAMES)})",
    )
    parser.add_argument("--out", type=Path, default=CHECKPOINT_DIR, help="checkpoint folder")
    args = parser.parse_args(argv)
    unknown = [m for m in args.models if m not in MODEL_NAMES]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(MODEL_NAMES)}")
    started = time.perf_counter()
    metrics = train_all(tuple(args.models) or MODEL_NAMES, directory=args.out)
    print()
    print(format_table(metrics))
    print(f"\nall models trained in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
