"""What the scenes of chapter 4 share: the chapter, the cost plot and the measured wall
times, and what more than one of its scenes use."""

from __future__ import annotations

import numpy as np
from manim import *

from derived_transformer.model import MAX_WORDS, TransformerTrace, model_config
from derived_transformer.model.costs import COST_WIDTH, PLOT_LENGTHS, compared_layers
from derived_transformer.model.timings import LayerTiming, LayerTimings
from derived_transformer.scenes.base import Chapter, Clip, DerivedScene
from derived_transformer.scenes.components import LogLogPlot, TokenRow
from derived_transformer.scenes.text import counted, wrapped
from derived_transformer.scenes.theme import current_theme

CHAPTER = Chapter(4, "Optimisations")

COST_MARKERS = ("square", "circle", "triangle")
"""The markers of the cost plot's lines: pairs of pairs, pairwise self-attention, the
transformer layer."""

HOLD = 1.2
"""Seconds a picture is held still after a reveal, for the eye to take it in, before the
line it belongs to ends."""


def reveal_time(clip: Clip, used: float = 0.0) -> float:
    """How long a reveal may take within ``clip`` after ``used`` seconds of it, leaving
    :data:`HOLD` at its end (at least a frame's worth when the line is short)."""
    return max(clip.duration - used - HOLD, min(0.3, clip.duration - used))


CONVENTION = (
    "Counted as drawn, in multiply-adds (a multiplication and an addition): each network "
    "in full every time it runs, on every pair for the pairwise layers; every layer reading "
    f"words of {COST_WIDTH} numbers. Additions on their own, ReLU and softmax are not counted."
)
"""How every count of the video is made, in the words the screen shows once."""


class CostScene(DerivedScene):
    """Shared by the scenes that count operations: the trained models' configs, and the
    sentence shown as a row of words under the heading."""

    chapter = CHAPTER
    model_name = "transformer"

    @property
    def configs(self):
        return model_config("attention"), model_config("transformer")

    def sentence_row(self) -> TokenRow:
        theme = current_theme()
        row = TokenRow(self.trace.tokens, size=theme.sizes.label, color=theme.muted)
        return row.next_to(self.current_heading, DOWN, buff=theme.gaps.small)


def cost_plot() -> LogLogPlot:
    """Multiply-adds of one layer against sentence length, one line per layer chapter 4
    compares (``model.costs.compared_layers``), at :data:`PLOT_LENGTHS`, each in its
    model's colour."""
    theme = current_theme()
    layers = compared_layers()
    values = np.array([[layer.at(n) for n in PLOT_LENGTHS] for layer in layers])
    return LogLogPlot(
        PLOT_LENGTHS,
        [f"{layer.name}: {growth_named(row)}" for layer, row in zip(layers, values, strict=True)],
        values,
        [theme.model_color(m) for m in ("pairwise2", "attention", "transformer")],
        COST_MARKERS,
        x_title="words in the sentence",
        y_title="multiply-adds in one layer",
        width=7.5,
        height=3.7,
    )


def growth_named(counts: np.ndarray) -> str:
    """How counts at :data:`PLOT_LENGTHS` grow with the length n, read from their slope on
    log-log axes at the longest lengths: "n⁴", "n²", or "nearly n" when the slope lies
    between 1 and 1.5.

    >>> growth_named(np.array([float(n) ** 2 for n in PLOT_LENGTHS]))
    'n²'
    >>> growth_named(np.array([n * 50 + n * n for n in PLOT_LENGTHS], dtype=float))
    'nearly n'
    """
    slope = float(np.log(counts[-1] / counts[-2]) / np.log(PLOT_LENGTHS[-1] / PLOT_LENGTHS[-2]))
    power = round(slope)
    if abs(slope - power) < 0.1:
        return "n" + {1: "", 2: "²", 3: "³", 4: "⁴"}.get(power, f"^{power}")
    if 1 < slope < 1.5:
        return "nearly n"
    return f"n^{slope:.1f}"


def convention_note(width: float) -> VGroup:
    """:data:`CONVENTION` in lines no wider than ``width``."""
    theme = current_theme()
    return wrapped(CONVENTION, theme.sizes.small, theme.muted, width)


def listed(items: list[str]) -> str:
    """Items joined as said: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def speed(row: LayerTiming) -> str:
    """How the transformer layer did against pairwise self-attention: "2.5 times faster",
    "1.1 times slower"."""
    if row.transformer_wins:
        return f"{row.speed_up:.1f} times faster"
    return f"{1 / row.speed_up:.1f} times slower"


def sentences(row: LayerTiming) -> str:
    """ "one sentence of 24 words", "32 sentences of 24 words"."""
    many = "one sentence" if row.batch == 1 else counted(row.batch, "sentence")
    return f"{many} of {row.words} words"


def timings_shown(timings: LayerTimings) -> tuple[LayerTiming, ...]:
    """The measurements the video states: one sentence and the largest batch at the longest
    sentence it shows, the largest batch at the longest length measured, then every
    measurement where the transformer layer was slower."""
    batch = max(timings.batches)
    longest = max(r.words for r in timings.rows)
    chosen = [timings.at(1, MAX_WORDS), timings.at(batch, MAX_WORDS), timings.at(batch, longest)]
    chosen += [r for r in timings.rows if not r.transformer_wins and r not in chosen]
    return tuple(chosen)


def timing_text(timings: LayerTimings) -> str:
    """Where the transformer layer won in wall time and where it lost, said plainly: on the
    largest batch of the longest sentences shown, then every measurement it lost: "Timed on
    one core, the transformer layer runs 2.5 times faster on 32 sentences of 24
    words; it is slower on ..."."""
    shown = timings_shown(timings)
    batch = max(timings.batches)
    wins = [r for r in shown if r.transformer_wins and (r.batch, r.words) == (batch, MAX_WORDS)]
    losses = [r for r in shown if not r.transformer_wins]
    if not wins:
        return (
            "Timed on one core, the transformer layer ran slower than pairwise "
            "self-attention at every size measured, up to "
            f"{sentences(max(timings.rows, key=lambda r: (r.words, r.batch)))}."
        )
    text = (
        "Timed on one core, the transformer layer runs "
        f"{listed([f'{r.speed_up:.1f} times faster on {sentences(r)}' for r in wins])}"
    )
    if not losses:
        return text + ", and it was never slower."
    batches = {r.batch for r in losses}
    where = (
        f"{counted(batches.pop(), 'sentence')} of {listed([str(r.words) for r in losses])} words"
        if len(batches) == 1
        else listed([sentences(r) for r in losses])
    )
    return text + f"; it is slower on {where}, where there are few pairs to save on."


def timing_plot(timings: LayerTimings) -> VGroup:
    """The measured wall time of one layer against sentence length, on the largest batch
    measured: pairwise self-attention and the transformer layer on log-log axes, in their
    models' colours and the cost plot's markers, over where and how they were measured.
    Parts: ``[0]`` the plot (a :class:`LogLogPlot` of milliseconds), ``[1]`` the source."""
    theme = current_theme()
    batch = max(timings.batches)
    rows = sorted((r for r in timings.rows if r.batch == batch), key=lambda r: r.words)
    milliseconds = np.array(
        [[r.attention_seconds * 1e3 for r in rows], [r.transformer_seconds * 1e3 for r in rows]]
    )
    _, attention, transformer = compared_layers()
    plot = LogLogPlot(
        [r.words for r in rows],
        [attention.name, transformer.name],
        milliseconds,
        [theme.model_color(m) for m in ("attention", "transformer")],
        COST_MARKERS[1:],
        x_title="words in each sentence",
        y_title=f"milliseconds for one layer on {counted(batch, 'sentence')}, one core",
        width=7.5,
        height=3.4,
    )
    source = wrapped(
        f"{timings.method}; measured on {timings.measured_on}, on one core of: {timings.machine}",
        theme.sizes.tiny,
        theme.muted,
        theme.layout.safe_width,
    )
    return VGroup(plot, source).arrange(DOWN, buff=theme.gaps.medium)


def clearest_head(importances: np.ndarray, column: int) -> int:
    """The head whose ``column`` puts the largest importance on one word (``importances``:
    ``(H, n, n)``, one pattern per head).

    >>> import numpy as np
    >>> patterns = np.full((2, 2, 2), 0.5)
    >>> patterns[1, :, 1] = [0.9, 0.1]
    >>> clearest_head(patterns, 1)
    1
    """
    return int(np.argmax(importances[:, :, column].max(axis=1)))


class ClearestHead:
    """For the scenes that draw one head of the transformer's first layer (4.7, 4.8): the
    head drawn is the one whose last column is clearest (:func:`clearest_head`)."""

    trace: TransformerTrace

    @property
    def head(self) -> int:
        """The head drawn: the one whose last column is clearest."""
        return clearest_head(self.trace.importances, self.trace.n - 1)


def offset_words(offset: int) -> str:
    """How far apart, and in which order, two words stand, said plainly (``offset``: the row
    word's place minus the column word's).

    >>> offset_words(-4), offset_words(1), offset_words(0)
    ('4 words before', '1 word after', 'paired with itself')
    """
    if offset == 0:
        return "paired with itself"
    count = abs(offset)
    return f"{count} word{'' if count == 1 else 's'} {'before' if offset < 0 else 'after'}"
