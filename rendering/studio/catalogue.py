"""What the studio's page lists and shows beside a render: the scenes by chapter with their
beats and the sentences each can show, the vocabulary, the qualities, and the model's answer
with the labeller's verdict.

>>> [chapter["title"] for chapter in scene_catalogue()["chapters"]][:2]
['Intro', 'CNNs for text']
"""

from __future__ import annotations

from typing import Any

from derived_transformer.rendering.settings import QUALITY_HELP
from derived_transformer.scenes.base import DerivedScene

DEFAULT_QUALITY = "l"


def quality_names() -> dict[str, str]:
    """Each quality flag and what it means: ``{"l": "480p15", ...}``."""
    return dict(part.split("=") for part in QUALITY_HELP.split(", "))


def scene_entry(scene: type[DerivedScene]) -> dict[str, Any]:
    return {
        "name": scene.short_name,
        "title": scene.__name__,
        "beats": [{"id": beat.id, "title": beat.title} for beat in scene.beats],
        "fixed_example": scene.fixed_example,
        "min_words": scene.min_words,
        "max_words": scene.max_words,
        "sentence": scene.sentence,
        "model": scene.model_name,
    }


def scene_catalogue() -> dict[str, Any]:
    """The scenes by chapter (and those not in the video), the vocabulary by group and the
    qualities, for the page."""
    from derived_transformer.model import VOCABULARY
    from derived_transformer.scenes import catalog

    chapters = [
        {
            "number": chapter.number,
            "title": chapter.title,
            "scenes": [scene_entry(s) for s in catalog.chapter_scenes(chapter)],
        }
        for chapter in catalog.CHAPTERS
    ]
    chapters.append(
        {
            "number": None,
            "title": "Not in the video",
            "scenes": [scene_entry(s) for s in catalog.EXTRA_SCENES],
        }
    )
    return {
        "chapters": chapters,
        "vocabulary": {group: list(words) for group, words in VOCABULARY.groups.items()},
        "qualities": quality_names(),
        "default_quality": DEFAULT_QUALITY,
    }


def model_answer(scene: type[DerivedScene], sentence: str | None) -> dict[str, Any]:
    """The answer of the scene's model to ``sentence`` (the scene's own when ``None`` or
    when it keeps its example) and the labeller's verdict on it."""
    from derived_transformer.model import label, trace
    from derived_transformer.narration.task import question, verdict

    if sentence is None or scene.fixed_example:
        sentence = scene.sentence
    t = trace(sentence, model=scene.model_name)
    return {
        "sentence": " ".join(t.tokens),
        "model": scene.model_name,
        "question": question(t.tokens),
        "answer": t.answer,
        "probability": float(t.top_probabilities[0]),
        "expected": t.expected,
        "correct": t.correct,
        "verdict": verdict(t),
        "rule": label(sentence).rule,
    }
