"""3.7: The self-attention layer (scene ``attention-layer``).

``manim -ql scenes/ch3_attention/attention_layer.py SelfAttentionLayer``
"""

from __future__ import annotations

from manim import *

from derived_transformer.model import links
from derived_transformer.model.labels import word_classes
from derived_transformer.model.metrics import measurements
from derived_transformer.model.registry import spec
from derived_transformer.narration import Line
from derived_transformer.narration.spoken import percent
from derived_transformer.narration.task import verdict
from derived_transformer.narration.words import RELATIONS, short_word_at, word_at
from derived_transformer.scenes.answers import answer_options
from derived_transformer.scenes.base import CHAPTER_END_HOLD, Beat, DerivedScene
from derived_transformer.scenes.ch3_attention.shared import (
    CHAPTER,
    HOLD,
    focus_row,
    positional_labels,
)
from derived_transformer.scenes.components import (
    ColorKey,
    Heatmap,
    ProbabilityBars,
    TokenRow,
)
from derived_transformer.scenes.layout import to_safe_edge, within_safe_frame
from derived_transformer.scenes.moves import settle
from derived_transformer.scenes.text import flat_text
from derived_transformer.scenes.theme import current_theme


class SelfAttentionLayer(DerivedScene):
    """3.7: the self-attention layer, live for any sentence: the first layer's importances
    with each column's own structure (a few columns named, the labeller's word beside the
    model's pick), the measured hit rates on held-out sentences, the control model trained
    on the last word only (with the measured share of columns looking at one word), the
    answer with its verdict, and what the second layer bought (both accuracies on screen).

    ``named_columns``: how many columns are named, chosen so their words differ where the
    sentence allows, the kinds of ``named_kinds`` first.

    ``control_model``: the model trained on the last word's question only, its grid's cells
    at most ``control_cell`` wide and the grid at most ``control_side`` (less where the room
    beside the model's grid is smaller: :meth:`control_cell_in`); ``kinds_shown``: the kinds
    of word whose measured hit rate is charted, each with its chart label."""

    short_name = "attention-layer"
    closing_hold = CHAPTER_END_HOLD
    min_words = 3
    chapter = CHAPTER
    extra_models = ("attention_last",)
    control_model: str = "attention_last"
    sentence = "the noisy lamb that the old dog chased licked its paw"
    beats = (Beat("3.7", "The self-attention layer"),)
    named_columns: int = 2
    control_cell: float = 0.75
    control_side: float = 4.0
    named_kinds: tuple[str, ...] = ("verb", "its", "it", "adjective", "determiner")
    kinds_shown: tuple[tuple[str, str], ...] = (
        ("determiner", "a, the → its noun"),
        ("adjective", "describing word → its noun"),
        ("verb", "verb → its subject"),
        ("it", "“it” → what it refers to"),
        ("its", "“its” → its owner"),
    )

    def construct(self) -> None:
        self.the_layer()
        self.each_column_its_own()
        self.measured()
        self.the_control()
        self.the_answer()
        self.two_layers()

    def the_layer(self) -> None:
        theme = current_theme()
        t = self.trace
        self.beat("3.7")
        self.heading("A self-attention layer")
        sentence = TokenRow(t.tokens, size=theme.sizes.body, color=theme.muted)
        sentence.next_to(self.current_heading, DOWN, buff=theme.gaps.small)
        self.heat = Heatmap(
            t.importances,
            positional_labels(t.tokens),
            show_numbers=False,
            value_scale=1.0,
            max_width=4.4,
            max_height=4.4,
        )
        self.heat.next_to(sentence, DOWN, buff=theme.gaps.small)
        to_safe_edge(self.heat, LEFT, theme.gaps.small)
        self.key = ColorKey(
            1.0,
            title="relative importance",
            key_range="one-sided",
            width=2.0,
        ).next_to(self.heat, DOWN, buff=theme.gaps.small)
        self.key.align_to(self.heat.entries, LEFT)
        caption = VGroup(
            flat_text(f"{spec(self.model_name).title}, layer 1:", theme.sizes.tiny, theme.muted),
            flat_text("each column sums to 1", theme.sizes.tiny, theme.muted),
        ).arrange(DOWN, buff=theme.gaps.hair, aligned_edge=LEFT)
        caption.next_to(self.key, RIGHT, buff=theme.gaps.small).align_to(self.key, DOWN)
        self.caption = caption
        # the grid, its key and caption shrink together to fit under the sentence
        block = VGroup(self.heat, self.key, caption)
        room = block.get_top()[1] - theme.layout.bottom
        if block.height > room:
            block.scale(room / block.height, about_edge=UP + LEFT)
        with self.voiceover(
            Line("This whole operation is a self-attention layer. Here it reads a new sentence.")
        ) as clip:
            self.play_during(clip, FadeIn(sentence, shift=DOWN * 0.1), start=clip.at("Here"))
        line = Line(
            "Its importances, from the trained model: the model itself decides which pairs to "
            "pay attention to."
        )
        with self.voiceover(line) as clip:
            self.play(
                FadeIn(self.heat),
                FadeIn(self.key),
                FadeIn(caption),
                run_time=min(2.0, clip.duration),
            )
        self.wait(HOLD)
        self.narrate(
            Line(
                "Trained on every word's question, each column looks for the word its own "
                "question is about."
            )
        )

    def chosen_columns(self) -> list[tuple[int, int, str]]:
        """Up to ``named_columns`` columns (before the last word) whose question points to
        another word: ``(column, target row, kind)``, each pointing to a word not yet named
        where it can, the kinds of ``named_kinds`` first."""
        t = self.trace
        parse = links(t.sentence)
        kinds = word_classes(t.tokens)
        rank = {kind: k for k, kind in enumerate(self.named_kinds)}
        candidates = sorted(
            (
                (j, parse.targets[j], kinds[j])
                for j in range(t.n - 1)
                if kinds[j] is not None and parse.targets[j] is not None and parse.targets[j] != j
            ),
            key=lambda item: (rank.get(item[2], len(rank)), item[0]),
        )
        chosen: list[tuple[int, int, str]] = []
        for item in candidates:
            if item[1] not in {target for _, target, _ in chosen}:
                chosen.append(item)
        chosen += [item for item in candidates if item not in chosen]
        return sorted(chosen[: self.named_columns])

    def each_column_its_own(self) -> None:
        theme = current_theme()
        t = self.trace
        self.findings = VGroup()
        top_left = [self.heat.get_right()[0] + theme.gaps.wide, self.heat.get_top()[1], 0]
        for j, target, kind in self.chosen_columns():
            pick = focus_row(t, j)
            relation = RELATIONS[kind]
            agrees = pick == target
            text = f"{short_word_at(t.tokens, j)} → {short_word_at(t.tokens, pick)}"
            note = f"{relation}" if agrees else f"{relation} is {short_word_at(t.tokens, target)}"
            row = VGroup(
                flat_text(text, theme.sizes.label, theme.text),
                flat_text(f"({note})", theme.sizes.small, theme.muted if agrees else theme.text),
            ).arrange(RIGHT, buff=theme.gaps.small)
            if self.findings:
                row.next_to(self.findings, DOWN, buff=theme.gaps.small, aligned_edge=LEFT)
            else:
                row.next_to(top_left, DOWN, buff=theme.gaps.tight, aligned_edge=LEFT)
            self.findings.add(row)
            if agrees:
                spoken = (
                    f"The column of {word_at(t.tokens, j)} looks hardest at "
                    f"{word_at(t.tokens, pick)}: {relation}."
                )
            else:
                spoken = (
                    f"The column of {word_at(t.tokens, j)} looks hardest at "
                    f"{word_at(t.tokens, pick)}, though {relation} is "
                    f"{word_at(t.tokens, target)}."
                )
            with self.voiceover(Line(spoken)) as clip:
                self.play(
                    Create(self.heat.outline_entry(pick, j)),
                    FadeIn(row, shift=RIGHT * 0.1),
                    run_time=min(1.2, clip.duration),
                )
            self.wait(HOLD)

    def measured(self) -> None:
        theme = current_theme()
        hits = measurements().models[self.model_name].attention_hits["layer 1"].kinds
        kinds = [(k, text) for k, text in self.kinds_shown if k in hits]
        rates = {k: hits[k].heads for k, _ in kinds}
        chart = ProbabilityBars(
            [text for _, text in kinds],
            [rates[k] for k, _ in kinds],
            color=theme.attention,
            bar_width=2.0,
            bar_height=0.3,
            digits=2,
            title="new sentences: is the pick the right word?",
        )
        chart.next_to(self.findings, DOWN, buff=theme.gaps.large).align_to(self.findings, LEFT)
        # clear of the grid's caption, which reaches past a short sentence's small grid
        clear = self.caption.get_right()[0] + theme.gaps.small
        chart.shift(RIGHT * max(0.0, clear - chart.get_left()[0]))
        self.hit_chart = within_safe_frame(chart)
        rate = {k: percent(v, 0) for k, v in rates.items()}
        parts = [
            f"{rate[k]} of {name}"
            for k, name in (
                ("determiner", "determiners"),
                ("verb", "verbs"),
                ("it", "the word “it”"),
            )
            if k in rate
        ]
        line = Line(
            "On new sentences, its first layer looks hardest at the right word for "
            + ", ".join(parts[:-1])
            + f" and {parts[-1]}."
        )
        with self.voiceover(line) as clip:
            self.play_during(clip, chart.animate_grow(), start=0.1, end=0.9)
        self.wait(HOLD)

    def the_control(self) -> None:
        theme = current_theme()
        control = self.trace_of(self.sentence, self.control_model)
        models = measurements().models
        shares = {
            name: models[name].attention_hits["layer 1"].same_row_share
            for name in (self.model_name, self.control_model)
        }
        title = flat_text(
            "control: trained on the last word only", theme.sizes.label, theme.attention
        )
        self.share_note = VGroup(
            flat_text(
                "columns looking\nhardest at one\nshared word:", theme.sizes.tiny, theme.muted
            ),
            flat_text(f"control: {percent(shares[self.control_model], 0)}", theme.sizes.small),
            flat_text(f"model at left: {percent(shares[self.model_name], 0)}", theme.sizes.small),
        ).arrange(DOWN, buff=theme.gaps.hair, aligned_edge=LEFT)
        # in the findings' place (they step aside until the answer), the grid with its
        # labels at the label size, as large as the room allows: right of the model's grid
        # and above its key, or right of its caption and down to the frame's edge
        words = positional_labels(control.tokens)
        top = self.findings.get_top()[1]
        keyed = VGroup(self.key, self.caption)
        widest = max(flat_text(w, theme.sizes.label).width for w in words)
        cell, clear = max(
            (self.control_cell_in(len(words), widest, title, top, left, bottom), left)
            for left, bottom in (
                (
                    self.heat.get_right()[0] + theme.gaps.large,
                    keyed.get_top()[1] + theme.gaps.medium,
                ),
                (self.caption.get_right()[0] + theme.gaps.small, theme.layout.bottom),
            )
        )
        heat = Heatmap(
            control.importances,
            words,
            show_numbers=False,
            value_scale=1.0,
            cell_size=cell,
            label_size=theme.sizes.label,
        )
        body = VGroup(heat, self.share_note).arrange(
            RIGHT, buff=theme.gaps.small, aligned_edge=DOWN
        )
        group = VGroup(title, body).arrange(DOWN, buff=theme.gaps.tight)
        group.move_to([(clear + theme.layout.right) / 2, top - group.height / 2, 0])
        within_safe_frame(group)
        self.control_heat = heat
        line = Line(
            "A control trained only on the last word's question has no reason to look around: "
            f"{percent(shares[self.control_model], 0)} of its columns look hardest at one "
            f"shared word, against {percent(shares[self.model_name], 0)} here."
        )
        figures = self.share_note[1:]
        with self.voiceover(line) as clip:
            self.play_during(clip, FadeOut(self.hit_chart), FadeOut(self.findings), end=0.1)
            self.play_during(
                clip, FadeIn(VGroup(title, heat, self.share_note[0])), start=0.12, end=0.4
            )
            self.play_during(clip, FadeIn(figures[0], shift=RIGHT * 0.1), start=0.55, end=0.7)
            self.play_during(clip, FadeIn(figures[1], shift=RIGHT * 0.1), start=0.8, end=0.95)
            settle(self, group)
        self.wait(HOLD)
        self.control_group = group

    def control_cell_in(
        self, n: int, widest: float, title: VMobject, top: float, left: float, bottom: float
    ) -> float:
        """The largest cell of the control's ``n``-word grid (at most ``control_cell``, the
        grid at most ``control_side``) for which the grid, ``title`` over it, its labels (the
        widest ``widest`` long at the label size, the column labels upright) and the note on
        shares beside it fit between ``left`` and the safe right edge and between ``top`` and
        ``bottom``."""
        theme = current_theme()
        down = top - bottom - title.height - theme.gaps.tight - widest
        across = theme.layout.right - left - widest - theme.gaps.tight
        across -= self.share_note.width + theme.gaps.small
        return min(self.control_cell, min(self.control_side, down, across) / n)

    def the_answer(self) -> None:
        theme = current_theme()
        t = self.trace
        words, probabilities = answer_options(t)
        chart = ProbabilityBars(
            words,
            probabilities,
            bar_width=1.8,
            color=theme.attention,
            title=f"“{t.tokens[-1]}”: about what?",
        )
        chart.move_to(self.hit_chart).align_to(self.hit_chart, UP)
        judged = flat_text(verdict(t), theme.sizes.label, theme.highlight)
        judged.next_to(chart, DOWN, buff=theme.gaps.medium)
        self.chart, self.judged = chart, judged
        line = Line(
            f"Its second layer reads the first one's outputs; then the model answers {verdict(t)}."
        )
        with self.voiceover(line) as clip:
            self.play(FadeOut(self.control_group), FadeIn(self.findings), run_time=0.5)
            self.play(chart.animate_grow(), FadeIn(judged), run_time=min(2.0, clip.duration - 0.5))
        self.wait(HOLD)

    def two_layers(self) -> None:
        theme = current_theme()
        measured = measurements()
        one = measured.variants.get(f"{self.model_name}_one_layer")
        if one is not None:
            one_rate = percent(one.new_sentences.overall.accuracy)
            two = measured.models[self.model_name]
            two_rate = percent(two.new_sentences.overall.accuracy)
            line = Line(
                f"With one layer instead of two, the same training got {one_rate} of new "
                f"sentences right, not {two_rate}."
            )
            # the two measurements as bars, in place of the answer they follow
            self.layers_chart = ProbabilityBars(
                ["one layer", "two layers"],
                [one.new_sentences.overall.accuracy, two.new_sentences.overall.accuracy],
                bar_width=1.8,
                color=theme.attention,
                title="new sentences right",
                value_texts=[one_rate, two_rate],
            )
            self.layers_chart.move_to(self.chart).align_to(self.chart, UP)
            with self.voiceover(line) as clip:
                self.play_during(
                    clip, FadeOut(self.chart), FadeOut(self.judged), start=0.05, end=0.15
                )
                self.play_during(clip, self.layers_chart.animate_grow(), start=0.15, end=0.5)
            self.wait(HOLD)
