"""One column of scores turned into relative importances in place: exponentiated, then each
divided by the column's total, every cell changing where it stands."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    Animation,
    AnimationGroup,
    FadeIn,
    FadeOut,
    LaggedStart,
    Succession,
    VGroup,
    VMobject,
)

from derived_transformer.scenes.components.vectors import VectorColumn, swap_text
from derived_transformer.scenes.text import flat_text, format_value
from derived_transformer.scenes.theme import color_scale, current_theme, value_to_color

STAGES = ("score", "exp", "importance")
"""What the column shows, in order: the scores, their exponentials, the importances."""


class SoftmaxColumn(VectorColumn):
    """A column of scores that becomes, cell by cell and in place, their exponentials and
    then the relative importances (each exponential divided by the column's total).

    Every array is given (``scores``, ``exps``, ``importances`` and the ``total`` of
    ``exps``), none computed. Each stage has its colour scale: diverging for scores (their
    largest magnitude), one-sided for exponentials (their largest) and importances (1), so a
    :class:`~scenes.components.ColorKey` of ``value_scale`` keys the stage on screen.

    Data: ``values`` (the stage drawn), ``labels`` (the words), ``value_scale``, ``stage``,
    ``digits``, ``stage_values``. Parts: ``cells`` / ``cell(k)``, ``number_labels`` /
    ``number_label(k)``, ``word_labels`` / ``word_label(k)``, ``total_label`` (not part of
    the column; brought in by ``animate_total``).
    Animations: ``animate_exponentiate()``, ``animate_total()``, ``animate_divide()``.

    >>> import numpy as np
    >>> from derived_transformer.scenes.components import SoftmaxColumn
    >>> s = np.array([1.0, -1.0])
    >>> col = SoftmaxColumn(s, np.exp(s), np.exp(s) / np.exp(s).sum(), ["fire", "lion"],
    ...                     total=float(np.exp(s).sum()))
    >>> col.number_label(0).text, col.stage
    ('1.0', 'score')
    """

    stage_digits: dict[str, int] = {"score": 1, "exp": 3, "importance": 2}  # noqa: RUF012

    def __init__(
        self,
        scores: Sequence[float] | np.ndarray,
        exps: Sequence[float] | np.ndarray,
        importances: Sequence[float] | np.ndarray,
        labels: Sequence[str],
        *,
        total: float,
        cell_size: float = 0.42,
    ) -> None:
        theme = current_theme()
        self.stage_values = {
            "score": np.asarray(scores, dtype=float).ravel(),
            "exp": np.asarray(exps, dtype=float).ravel(),
            "importance": np.asarray(importances, dtype=float).ravel(),
        }
        n = len(self.stage_values["score"])
        if any(len(v) != n for v in self.stage_values.values()) or len(labels) != n:
            raise ValueError("scores, exponentials, importances and labels must match in length")
        self.stage_scales = {
            "score": color_scale(self.stage_values["score"]),
            "exp": color_scale(self.stage_values["exp"]),
            "importance": 1.0,
        }
        super().__init__(
            self.stage_values["score"],
            max_cells=n,
            show_numbers=True,
            show_indices=False,
            digits=self.stage_digits["score"],
            value_scale=self.stage_scales["score"],
            cell_size=cell_size,
            number_size=theme.sizes.label,
        )
        self.stage = "score"
        self.total = float(total)
        self.labels = tuple(labels)
        self.word_labels = VGroup(*(flat_text(w, theme.sizes.label) for w in labels))
        for k, word in enumerate(self.word_labels):
            word.next_to(self.cell(k), LEFT, buff=0.2)
        self.add(self.word_labels)
        self.total_label = flat_text(
            f"column total  {format_value(self.total, self.stage_digits['exp'])}",
            theme.sizes.label,
            theme.highlight,
        )
        self.total_label.next_to(self.cells, DOWN, buff=0.35).align_to(self.cells, LEFT)

    def word_label(self, k: int) -> VMobject:
        return self.word_labels[k]

    def _animate_stage(self, stage: str) -> Animation:
        """Recolour every cell and cross-fade every number to ``stage``'s value, in place."""
        values, scale = self.stage_values[stage], self.stage_scales[stage]
        digits = self.stage_digits[stage]
        animations: list[Animation] = []
        for k in self.shown_indices:
            animations.append(self.cell(k).animate.set_fill(value_to_color(values[k], scale), 1))
            fresh = flat_text(format_value(values[k], digits), self.number_size, mono=True)
            fresh.move_to(self.number_label(k), LEFT)
            animations += swap_text(self._number_slot[k], fresh, self.retired)
        self.values, self.value_scale, self.digits, self.stage = values.copy(), scale, digits, stage
        return AnimationGroup(*animations, group=self)

    def animate_exponentiate(self) -> Animation:
        """Each score becomes its exponential where it stands."""
        if self.stage != "score":
            raise RuntimeError("exponentiate the scores first, once")
        return self._animate_stage("exp")

    def animate_total(self) -> Animation:
        """Copies of the exponentials slide down into the column's total, which appears."""
        if self.stage != "exp":
            raise RuntimeError("the total adds up the exponentials")
        target = self.total_label.get_center()
        return AnimationGroup(
            LaggedStart(
                *(
                    FadeOut(self.number_label(k).copy(), target_position=target, scale=0.6)
                    for k in self.shown_indices
                ),
                lag_ratio=0.08,
            ),
            FadeIn(self.total_label, shift=DOWN * 0.1),
        )

    def animate_divide(self) -> Animation:
        """The total rises over every cell, and each exponential becomes its importance."""
        if self.stage != "exp":
            raise RuntimeError("divide the exponentials, after their total")
        start = self.total_label.get_center()
        divisors = []
        for k in self.shown_indices:
            tag = flat_text(
                f"÷ {format_value(self.total, self.stage_digits['exp'])}",
                current_theme().sizes.small,
                current_theme().highlight,
            ).move_to(start)
            divisors.append(FadeOut(tag, target_position=self.cell(k).get_center(), scale=0.5))
        return Succession(
            LaggedStart(*divisors, lag_ratio=0.06),
            self._animate_stage("importance"),
        )
