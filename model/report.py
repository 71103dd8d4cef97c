"""The README's tables, made from ``metrics.json``: ``python -m derived_transformer.model.report``.

``python -m derived_transformer.model.report --readme`` rewrites the blocks between the
README's markers (``<!-- accuracy-table -->``, ``<!-- blind-table -->``,
``<!-- per-word-table -->``, ``<!-- evidence-tables -->``, ...) with the tables of the
shipped metrics and of ``ablations.json``; a test checks that the README shows exactly
these.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from derived_transformer.model.checkpoints import CHECKPOINT_DIR, read_ablations, read_metrics
from derived_transformer.model.labels import WORD_CLASSES
from derived_transformer.model.metrics import WordOrder, exact_share
from derived_transformer.model.vocab import MAX_WORDS

README = Path(__file__).resolve().parent.parent / "README.md"
FAMILIES = ("roaring", "tail", "order", "phrase")
GROUP_MODELS = ("cnn", "pairwise_positions", "attention", "attention_last", "transformer")
PER_WORD_MODELS = ("attention", "attention_last", "transformer", "transformer_network")


def _percent(entry: dict[str, Any] | None, count: bool = True) -> str:
    if not entry:
        return "-"
    text = f"{exact_share(entry['accuracy'], entry['count']):.1%}"
    return f"{text} ({entry['count']})" if count else text


def accuracy_table(models: dict[str, dict[str, Any]]) -> str:
    """Both held-out accuracies per model, overall and by family of the new structures."""
    header = ["model", "new sentences", "new structures"] + [
        f"new structures: {f}" for f in FAMILIES
    ]
    header += ["hand-written", "blind"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, m in models.items():
        row = [
            f"`{name}`",
            _percent(m["new_sentences"]["overall"]),
            _percent(m["new_structures"]["overall"]),
        ]
        row += [_percent(m["new_structures"].get(f"family:{f}")) for f in FAMILIES]
        row.append(_percent(m.get("hand_written")))
        row.append(_percent(m.get("blind", {}).get("overall")))
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


CONSTRUCTION_MODELS = ("transformer", "attention", "cnn2", "cnn")


def construction_table(models: dict[str, dict[str, Any]]) -> str:
    """Accuracy by construction: the new sentences of each trained construction, then each
    held-out structure (never trained)."""
    names = [n for n in CONSTRUCTION_MODELS if n in models]
    lines = [
        "| construction | held out as | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|" + "---|" * (len(names) + 2),
    ]
    for kind, label in (("new_sentences", "new sentences"), ("new_structures", "structure")):
        keys = sorted({k for n in names for k in models[n][kind] if k.startswith("template:")})
        for key in keys:
            cells = [_percent(models[n][kind].get(key)) for n in names]
            lines.append(f"| {key[9:]} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def blind_table(models: dict[str, dict[str, Any]]) -> str:
    """Accuracy on the blind set by its sections (the models measured on it)."""
    names = [n for n in models if "blind" in models[n]]
    sections = sorted(
        {k[9:] for n in names for k in models[n]["blind"] if k.startswith("template:")}
    )
    lines = [
        "| blind set section | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|" + "---|" * (len(names) + 1),
    ]
    for section in sections:
        cells = [_percent(models[n]["blind"].get(f"template:{section}")) for n in names]
        lines.append(f"| {section} | " + " | ".join(cells) + " |")
    cells = [_percent(models[n]["blind"]["overall"]) for n in names]
    lines.append("| **all** | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def group_table(models: dict[str, dict[str, Any]]) -> str:
    """New-structure accuracy by the word group of the answer."""
    names = [n for n in GROUP_MODELS if n in models]
    groups = sorted(
        {k[6:] for m in models.values() for k in m["new_structures"] if k.startswith("group:")}
    )
    lines = [
        "| answer's group | " + " | ".join(f"`{n}`" for n in names) + " |",
        "|" + "---|" * (len(names) + 1),
    ]
    for group in groups:
        cells = [_percent(models[n]["new_structures"].get(f"group:{group}")) for n in names]
        lines.append(f"| {group} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def per_word_table(models: dict[str, dict[str, Any]]) -> str:
    """How often each kind of word's largest importance lands on its target (held-out
    sentences), per layer: all heads averaged, and the best single head."""
    names = [n for n in PER_WORD_MODELS if n in models and "per_word_attention" in models[n]]
    header = ["word", "count"]
    for n in names:
        header += [f"`{n}` layer 1", f"`{n}` layer 2"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for kind in WORD_CLASSES:
        first = models[names[0]]["per_word_attention"]["layer 1"].get(kind)
        if first is None:
            continue
        row = [kind, str(first["count"])]
        for n in names:
            for layer in ("layer 1", "layer 2"):
                entry = models[n]["per_word_attention"].get(layer, {}).get(kind)
                if entry is None:
                    row.append("-")
                elif n.startswith("transformer"):
                    row.append(
                        f"{entry['heads'] * 100:.0f}% (head {entry['best_head'] + 1}: "
                        f"{entry['best_head_rate'] * 100:.0f}%)"
                    )
                else:
                    row.append(f"{entry['heads'] * 100:.0f}%")
        lines.append("| " + " | ".join(row) + " |")
    row = ["*columns on the most picked word*", ""]
    for n in names:
        for layer in ("layer 1", "layer 2"):
            share = models[n]["per_word_attention"].get(layer, {}).get("same_row_share")
            row.append("-" if share is None else f"{share * 100:.0f}%")
    lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def long_range_table(long_range: dict[str, Any]) -> str:
    reaches = sorted(long_range["reach_counts"], key=int)
    fields = long_range["receptive_fields"]
    header = ["model", "field", *reaches]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, by_reach in long_range["models"].items():
        field = fields.get(name)
        row = [f"`{name}`", str(field) if field else "all"]
        for r in reaches:
            cell = _percent(by_reach.get(r), count=False)
            row.append(f"**{cell}**" if field and int(r) > field else cell)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def word_order_table(word_order: dict[str, Any]) -> str:
    """Each model on the order-only pairs; "both right, whole sentences" leaves out the
    ``phrase`` pairs (the share chapter 2 shows), "-" for a model measured on phrases only."""
    lines = [
        "| model | pairs | same answer for both | both right | both right, whole sentences "
        "| sentences right |",
        "|---|---|---|---|---|---|",
    ]
    parsed = WordOrder.parse(word_order).by_model
    for name, m in word_order["models"].items():
        pairs = m["pairs"]
        same, both = (exact_share(m[k], pairs) for k in ("pairs_same_answer", "pairs_both_right"))
        sentences = exact_share(m["sentences_right"], 2 * pairs)
        whole = parsed[name].sentence_pairs
        whole_share = f"{whole.accuracy:.1%} ({whole.count})" if whole.count else "-"
        lines.append(
            f"| `{name}` | {pairs} | {same:.1%} | {both:.1%} | {whole_share} | {sentences:.1%} |"
        )
    return "\n".join(lines)


def average_shift_lines(word_order: dict[str, Any]) -> list[str]:
    """How far a swap moves each one-layer pairwise model's average of pair vectors, for
    phrases and for sentences (a paragraph after the table; none when not measured)."""
    lines = []
    for name, m in word_order["models"].items():
        shift = m.get("average_shift")
        if not shift or "phrase" not in shift or "sentence" not in shift:
            continue
        phrase, sentence = shift["phrase"], shift["sentence"]
        lines.append(
            f"`{name}`: a swap moves the average of the pair vectors by a median "
            f"{phrase['median_shift']:.1%} of its length in the phrases "
            f"({phrase['median_words']} words), {sentence['median_shift']:.1%} in the "
            f"sentences (median {sentence['median_words']} words)."
        )
    return ["", *lines] if lines else []


def distance_table(distance: dict[str, Any]) -> str:
    """Accuracy by distance between the deciding word and the last word, per model and
    construction."""
    constructions = sorted(distance["counts"])
    shown = sorted({int(d) for c in constructions for d in distance["counts"][c]})
    header = ["model", "construction"] + [str(d) for d in shown]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, by_construction in distance["models"].items():
        for construction in constructions:
            by_distance = by_construction.get(construction, {})
            cells = [_percent(by_distance.get(str(d)), count=False) for d in shown]
            lines.append(f"| `{name}` | {construction} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def evidence_tables(summary: dict[str, Any]) -> str:
    ev = summary["evidence"]
    return "\n".join(
        [
            "**Long range**: accuracy on order sentences never trained on, by *reach* (the "
            "smallest window in which the sentence and its twin differ; "
            + f"at least {min(ev['long_range']['reach_counts'].values())} sentences at each reach"
            + "; bold: beyond the CNN's receptive field, where it cannot tell the twins "
            f"apart; -: sentences longer than {MAX_WORDS} words, measured on the CNNs only):",
            "",
            long_range_table(ev["long_range"]),
            "",
            f"**Word order**: {ev['word_order']['pairs']} order-only pairs (a held-out "
            "sentence and the same words reordered, with another answer), by family "
            + ", ".join(f"{k} {v}" for k, v in ev["word_order"]["pairs_by_family"].items())
            + " (the two-layer phrase model on the phrase pairs only):",
            "",
            word_order_table(ev["word_order"]),
            *average_shift_lines(ev["word_order"]),
            "",
            f"**Distance**: {ev['distance']['sentences']} sentences never trained on, a relative "
            'clause or "the first / the second" whose deciding word stands 6 to 20 words '
            "before the last word, stretched by phrases of places (24 per construction and "
            "distance where the construction allows it); accuracy by distance:",
            "",
            distance_table(ev["distance"]),
        ]
    )


def training_table(summary: dict[str, Any], directory: Path | None = None) -> str:
    directory = directory or CHECKPOINT_DIR
    lines = ["| model | training seconds | checkpoint |", "|---|---|---|"]
    total = 0
    for name, m in summary["models"].items():
        size = (directory / f"{name}.pt").stat().st_size
        total += size
        lines.append(f"| `{name}` | {m['train_seconds']:.1f} | {size / 1024:.0f} KiB |")
    lines.append(
        f"| all | {summary.get('wall_seconds', 0):.1f} (wall) | {total / 1024 / 1024:.2f} MiB |"
    )
    return "\n".join(lines)


def ablation_table(summary: dict[str, Any], ablations: dict[str, Any]) -> str:
    """Each shipped attention model against its variants (``model.ablations``)."""
    lines = [
        "| model | as shipped | changed | new sentences | new structures "
        "| new structures by family |",
        "|---|---|---|---|---|---|",
    ]
    for name, v in ablations["variants"].items():
        shipped = summary["models"][v["model"]]
        families = ", ".join(
            f"{k[7:]} {e['accuracy'] * 100:.0f}%"
            for k, e in sorted(v["new_structures"].items())
            if k.startswith("family:")
        )
        lines.append(
            f"| `{v['model']}` | {_percent(shipped['new_sentences']['overall'], False)}, "
            f"{_percent(shipped['new_structures']['overall'], False)} | {v['changes']} "
            f"(`{name}`) | {_percent(v['new_sentences']['overall'], False)} | "
            f"{_percent(v['new_structures']['overall'], False)} | {families} |"
        )
    return "\n".join(lines)


def blocks(summary: dict[str, Any]) -> dict[str, str]:
    """README marker name -> the table it holds."""
    models = summary["models"]
    ablations = read_ablations()
    extra = {"ablation-table": ablation_table(summary, ablations)} if ablations else {}
    return {
        **extra,
        "accuracy-table": accuracy_table(models),
        "blind-table": blind_table(models),
        "construction-table": construction_table(models),
        "group-table": group_table(models),
        "per-word-table": per_word_table(models),
        "evidence-tables": evidence_tables(summary),
        "training-table": training_table(summary),
    }


def rewrite_readme(summary: dict[str, Any], path: Path = README) -> None:
    text = path.read_text()
    for name, table in blocks(summary).items():
        pattern = re.compile(rf"(<!-- {name} -->\n).*?(<!-- /{name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README has no <!-- {name} --> block")
        text = pattern.sub(lambda m, t=table: m.group(1) + t + "\n" + m.group(2), text)
    path.write_text(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="rewrite the README's tables")
    args = parser.parse_args(argv)
    summary = read_metrics()
    if args.readme:
        rewrite_readme(summary)
    else:
        for name, table in blocks(summary).items():
            print(f"<!-- {name} -->\n{table}\n")


if __name__ == "__main__":
    main()
