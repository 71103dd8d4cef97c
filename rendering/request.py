"""What a render asks for, checked before anything renders: the one validation of a scene,
a sentence and a quality, shared by the command line and the studio.

>>> scene, settings = checked_request("one-hot", "The fat cat!", "l")
>>> scene.__name__, settings.sentence
('OneHotWords', 'the fat cat')

``checked_request("one-hot", "the lion2", "l")`` raises an error whose message is the one line
the command line prints: "unknown word 'lion2' (closest: lion, lioness, along); ...".
"""

from __future__ import annotations

from collections.abc import Sequence

from derived_transformer.errors import DerivedTransformerError
from derived_transformer.rendering.scene_render import check_sentence_applies
from derived_transformer.rendering.settings import QUALITIES, QUALITY_HELP, RenderSettings
from derived_transformer.scenes.base import DerivedScene


class UnknownQualityError(DerivedTransformerError):
    """A quality that is not one of :data:`rendering.settings.QUALITIES`."""


def sentence_words(sentence: str | None) -> str | None:
    """The sentence as its words (lower-case, punctuation dropped), so that the same sentence
    typed differently is the same render; unknown words and the models' length limit are
    refused here, first."""
    from derived_transformer.model import tokenize

    return None if sentence is None else " ".join(tokenize(sentence))


def check_sentence(scenes: Sequence[type[DerivedScene]], settings: RenderSettings) -> None:
    """Every scene the sentence drives can show it (before anything renders)."""
    from derived_transformer.model import tokenize

    if settings.sentence is None:
        return
    words = tokenize(settings.sentence)
    for scene in scenes:
        if not scene.fixed_example:
            problem = scene.sentence_problem(words)
            if problem is not None:
                raise DerivedTransformerError(problem)


def checked_scene(name: str, settings: RenderSettings) -> type[DerivedScene]:
    """The scene named ``name``, which must take the settings' sentence (if any) and be able
    to show it."""
    from derived_transformer.scenes.catalog import find_scene

    scene = find_scene(name)
    check_sentence_applies(scene, settings)
    check_sentence([scene], settings)
    return scene


def checked_request(
    name: str, sentence: str | None, quality: str
) -> tuple[type[DerivedScene], RenderSettings]:
    """A scene's render as the studio asks for it (a video, no captions): the scene and the
    settings, or the one-line error the command line would give."""
    if quality not in QUALITIES:
        raise UnknownQualityError(f"unknown quality '{quality}'; choose one of {QUALITY_HELP}")
    settings = RenderSettings(quality, "mp4", sentence_words(sentence))  # type: ignore[arg-type]
    return checked_scene(name, settings), settings
