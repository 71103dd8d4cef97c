"""4.9's chart shows the measured evidence: every point is the metrics' accuracy, every
line told apart by colour and marker and named at its end, each CNN's field marked where it
is, the notes clear of the lines, and the narration says the measured numbers."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from manim import DL, UR, Mobject, VGroup

from derived_transformer.model import read_metrics
from derived_transformer.narration.spoken import percent
from derived_transformer.scenes.ch4_optimisations import Evidence
from derived_transformer.scenes.ch4_optimisations.evidence import chance_from
from derived_transformer.scenes.theme import current_theme
from tests.support.harness import build_scene


def overlaps(a: Mobject, b: Mobject) -> bool:
    """Whether two mobjects' bounding boxes overlap."""
    return bool(
        np.all(a.get_corner(DL)[:2] < b.get_corner(UR)[:2])
        and np.all(b.get_corner(DL)[:2] < a.get_corner(UR)[:2])
    )


@pytest.fixture(scope="module")
def scene(media_dir: Path) -> Evidence:
    return build_scene(Evidence, media_dir)


def test_every_point_is_the_measured_accuracy(scene: Evidence) -> None:
    long_range = read_metrics()["evidence"]["long_range"]
    chart = scene.long_range_chart
    reaches = [int(tick.text) for tick in chart.tick_labels[3:]]  # the x axis
    assert reaches == sorted(int(r) for r in long_range["reach_counts"]) == list(range(3, 21))
    for s_index, name in enumerate(Evidence.long_range_models):
        measured = long_range["models"][name]
        for k, reach in enumerate(reaches):
            if str(reach) in measured:
                expected = measured[str(reach)]["accuracy"]
                assert abs(chart.drawn_value(s_index, k) - expected) < 1e-4
            else:  # a reach the model does not read: no marker
                with pytest.raises(KeyError):
                    chart.dot(s_index, k)


def test_each_line_is_told_apart_and_named_at_its_end(scene: Evidence) -> None:
    long_range = read_metrics()["evidence"]["long_range"]
    chart = scene.long_range_chart
    theme = current_theme()
    styles = []
    for s_index, name in enumerate(Evidence.long_range_models):
        measured = long_range["models"][name]
        reaches = sorted(int(r) for r in measured)
        last = chart.dot(s_index, reaches[-1] - 3)
        dot = chart.dot(s_index, reaches[0] - 3)
        swatch, label, leader = chart.end_labels[s_index]
        color = chart.line(s_index)[0].get_stroke_color().to_hex().lower()
        style = (color, type(dot).__name__, round(dot.width, 2), dot.get_fill_opacity() > 0)
        assert style == (
            swatch.get_color().to_hex().lower(),
            type(swatch).__name__,
            round(swatch.width, 2),
            swatch.get_fill_opacity() > 0,
        )
        assert label.text == scene.end_name(name)
        assert swatch.get_x() > last.get_x()
        assert leader.get_start()[0] == pytest.approx(last.get_x() + 0.12)
        styles.append(style)
        if name.startswith("attention"):
            assert color not in {theme.negative, theme.positive}
    assert len(set(styles)) == len(styles)
    assert len({style[1:] for style in styles}) == len(styles)  # the marker alone tells too
    names = [VGroup(swatch, label) for swatch, label, _ in chart.end_labels]
    for a, b in itertools.combinations(names, 2):
        assert not overlaps(a, b)


def test_fields_are_marked_and_notes_touch_no_line(scene: Evidence) -> None:
    long_range = read_metrics()["evidence"]["long_range"]
    chart = scene.long_range_chart
    fields = long_range["receptive_fields"]
    assert set(scene.field_marks) == {"cnn2", "cnn3", "cnn4", "cnn"}
    for name, (rule, note) in scene.field_marks.items():
        assert note.text == f"field {fields[name]}"
        assert rule.get_x() == pytest.approx(chart.point_at(fields[name] - 3, 0)[0])
        assert rule.get_color().to_hex().lower() == scene.cnn_color(name)
    notes = [scene.chance[1], scene.cnns_only, *(note for _, note in scene.field_marks.values())]
    names = [VGroup(swatch, label) for swatch, label, _ in chart.end_labels]
    markers = [dot for dots in chart.dots for dot in dots]
    segments = [segment for line in chart.lines for segment in line]
    for note in notes:
        assert not any(overlaps(note, m) for m in [*markers, *names, *segments]), note.text
    assert "24 words" in scene.cnns_only.text


def test_the_twins_shown_are_the_measured_example(scene: Evidence) -> None:
    """The example's rows are the metrics' sentence and twin, the two animals coloured, and
    they sit between the heading and every line's name."""
    first, second = read_metrics()["evidence"]["long_range"]["example"]
    rows = scene.example
    assert [" ".join(w.text for w in row) for row in rows] == [first, second]
    coloured = [[w.text for w in row if w.get_color() != row[0].get_color()] for row in rows]
    assert coloured[0] == coloured[1][::-1] and len(coloured[0]) == 2
    names = [VGroup(swatch, label) for swatch, label, _ in scene.long_range_chart.end_labels]
    assert not any(overlaps(rows, name) for name in names)
    assert rows.get_top()[1] < scene.current_heading.get_bottom()[1]


def test_the_narration_says_the_measured_numbers(scene: Evidence) -> None:
    evidence = read_metrics()["evidence"]
    long_range = evidence["long_range"]
    fields = long_range["receptive_fields"]
    said = " ".join(p.written for p in scene.voice_placements)
    for name, field in fields.items():
        scores = {int(r): v["accuracy"] for r, v in long_range["models"][name].items()}
        best = max(v for r, v in scores.items() if r <= field)
        assert f"field {field}: at best {percent(best, 0)}" in said
        assert f"at chance from reach {chance_from(scores)}" in said
    within = [
        v["accuracy"]
        for m, field in fields.items()
        for r, v in long_range["models"][m].items()
        if int(r) <= field
    ]
    summary = " ".join(t.text for t in scene.long_range_summary)
    assert f"{min(within) * 100:.0f}%–{max(within) * 100:.0f}%" in summary
    assert f"each point: {min(long_range['reach_counts'].values())} test sentences" in summary
