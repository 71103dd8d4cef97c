"""The answers a chart offers: the model's answer, anything it gives a visible share, the
sentence's nouns; never a word of another sentence that the model all but rules out."""

from __future__ import annotations

import numpy as np
import pytest

from derived_transformer.model import trace
from derived_transformer.model.vocab import VOCABULARY
from derived_transformer.model.word_groups import NOUNS
from derived_transformer.scenes.answers import VISIBLE, answer_options

CASES = [
    ("there was a lion on fire and it was roaring", "transformer"),
    ("there was a lion on fire and it was roaring", "cnn"),
    ("the noisy lamb that the old dog chased licked its paw", "attention"),
    ("the dog chased its tail", "cnn2"),
    ("the cat fat", "pairwise"),
    ("the fat cat", "pairwise2"),
]


@pytest.mark.parametrize(("sentence", "model"), CASES)
def test_options_are_the_answer_the_visible_and_the_sentence_nouns(
    sentence: str, model: str
) -> None:
    t = trace(sentence, model=model)
    words, probabilities = answer_options(t)
    ranked = [VOCABULARY.words[k] for k in np.argsort(-t.probabilities, kind="stable")]
    assert words[0] == ranked[0]  # the model's answer comes first
    assert 2 <= len(words) <= 3 and len(set(words)) == len(words)
    for word, p in zip(words, probabilities, strict=True):
        assert p == pytest.approx(float(t.probabilities[VOCABULARY.index[word]]))
        # a word from outside the sentence only when the model gives it a share one sees
        assert word in t.tokens or p >= VISIBLE, (word, p)
    visible = [w for w in ranked[:3] if t.probabilities[VOCABULARY.index[w]] >= VISIBLE]
    assert set(visible) <= set(words)
    if "fire" in t.tokens:
        assert "fire" in words
    nouns = [w for w in dict.fromkeys(t.tokens) if w in NOUNS and w not in visible]
    if len(nouns) <= 3 - len(visible):
        assert set(nouns) <= set(words)  # room for every noun of the sentence
