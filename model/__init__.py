"""The derivation's models, their data and training, and traces of every intermediate.

>>> from model import label, trace
>>> t = trace("there was a lion on fire and it was roaring", model="attention")
>>> t.tokens[int(t.importances[:, -1].argmax())]
'lion'
>>> label("the lion saw that the fire was roaring").answer
'fire'
"""

from model.checkpoints import read_metrics
from model.errors import (
    CheckpointError,
    DerivedTransformerError,
    EmptySentenceError,
    SentenceError,
    SentenceTooLongError,
    UnknownModelError,
    UnknownWordError,
)
from model.labels import WORD_CLASSES, Label, Parse, label, links
from model.registry import MODEL_NAMES, model_config
from model.tracing import (
    AttentionTrace,
    CNNTrace,
    Pairwise2Trace,
    PairwiseTrace,
    Trace,
    TransformerTrace,
    trace,
)
from model.vocab import MAX_WORDS, VOCABULARY, group_of, tokenize

__all__ = [
    "MAX_WORDS",
    "MODEL_NAMES",
    "VOCABULARY",
    "WORD_CLASSES",
    "AttentionTrace",
    "CNNTrace",
    "CheckpointError",
    "DerivedTransformerError",
    "EmptySentenceError",
    "Label",
    "Pairwise2Trace",
    "PairwiseTrace",
    "Parse",
    "SentenceError",
    "SentenceTooLongError",
    "Trace",
    "TransformerTrace",
    "UnknownModelError",
    "UnknownWordError",
    "group_of",
    "label",
    "links",
    "model_config",
    "read_metrics",
    "tokenize",
    "trace",
]
