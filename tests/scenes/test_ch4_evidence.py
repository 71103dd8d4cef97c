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
        assert swatch.get_left()[0] > last.get_right()[0]  # the name clear of the line's end
        assert last.get_right()[0] < leader.get_start()[0] < leader.get_end()[0]
        assert leader.get_end()[0] < swatch.get_left()[0]
        assert leader.get_start()[1] == pytest.approx(last.get_y())
        styles.append(style)
        if name.startswith("attention"):
            assert color not in {theme.negative, theme.positive}
    assert len(set(styles)) == len(styles)
    assert len({style[1:] for style in styles}) == len(styles)  # the marker alone tells too
    names = [VGroup(swatch, label) for swatch, label, _ in chart.end_labels]
    for a, b in itertools.combinations(names, 2):
        assert not overlaps(a, b)


def lab(color: str) -> np.ndarray:
    """CIE L*a*b* (D65) of an sRGB colour ``#rrggbb``."""
    rgb = np.array([int(color[k : k + 2], 16) / 255 for k in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_line_colours_are_far_apart(scene: Evidence) -> None:
    """Every two lines differ in colour by at least 30 (CIE76 ΔE; about 2.3 is the least a
    viewer notices side by side), so each is told apart at a glance, not only by its marker."""
    chart = scene.long_range_chart
    colors = [line[0].get_stroke_color().to_hex().lower() for line in chart.lines]
    for (a, ca), (b, cb) in itertools.combinations(enumerate(colors), 2):
        delta = float(np.linalg.norm(lab(ca) - lab(cb)))
        assert delta >= 30, (Evidence.long_range_models[a], Evidence.long_range_models[b], delta)


def reach_of(marker: Mobject) -> float:
    """How far from its centre a marker's outline reaches."""
    return float(np.max(np.linalg.norm(marker.points[:, :2] - marker.get_center()[:2], axis=1)))


def test_the_attention_markers_nest_where_lines_meet(scene: Evidence) -> None:
    """Where the attention models' markers meet any other marker, they are hollow (nothing
    under them is hidden), and where the two of them meet, the smaller lies wholly inside the
    larger: both show, at the values measured."""
    chart = scene.long_range_chart
    models = Evidence.long_range_models
    others = [s for s, name in enumerate(models) if name not in scene.cnn_styles]
    assert len(others) == 2
    met = 0
    for s_index in others:
        for marker in chart.dots[s_index]:
            for t_index, dots in enumerate(chart.dots):
                if t_index != s_index and any(overlaps(marker, dot) for dot in dots):
                    assert marker.get_fill_opacity() == 0, models[s_index]
    first, second = others
    for k in range(len(chart.labels)):
        try:
            a, b = chart.dot(first, k), chart.dot(second, k)
        except KeyError:
            continue
        inner, outer = sorted((a, b), key=lambda m: m.width)
        distance = float(np.linalg.norm(inner.get_center()[:2] - outer.get_center()[:2]))
        inradius = min(outer.width, outer.height) / 2
        assert distance + reach_of(inner) < inradius - 0.02, k
        met += 1
    assert met >= 5  # they meet at every reach both read


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
    rules = [rule for rule, _ in scene.field_marks.values()]
    for name in names:  # each line's name clear of every marker and field mark
        assert not any(overlaps(name, m) for m in [*markers, *rules]), name[1].text
    assert "24 words" in scene.cnns_only.text
    assert not any(overlaps(scene.cnns_only, rule) for rule in rules)  # no mark crosses it


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
    # the CNNs in one line, in the order of their fields: each field, best score, fall
    names = sorted(fields, key=fields.get)
    bests, falls = [], []
    for name in names:
        scores = {int(r): v["accuracy"] for r, v in long_range["models"][name].items()}
        bests.append(percent(max(v for r, v in scores.items() if r <= fields[name]), 0))
        falls.append(str(chance_from(scores) or "never"))
    spoken_fields = ", ".join(str(fields[n]) for n in names[:-1]) + f" and {fields[names[-1]]}"
    assert f"The CNNs, fields of {spoken_fields} words:" in said
    assert f"their best inside them, {', '.join(bests[:-1])} and {bests[-1]};" in said
    assert f"at chance from reach {', '.join(falls[:-1])} and {falls[-1]}." in said
    within = [
        v["accuracy"]
        for m, field in fields.items()
        for r, v in long_range["models"][m].items()
        if int(r) <= field
    ]
    summary = " ".join(t.text for t in scene.long_range_summary)
    assert f"{min(within) * 100:.0f}%–{max(within) * 100:.0f}%" in summary
    assert f"each point: {min(long_range['reach_counts'].values())} test sentences" in summary
