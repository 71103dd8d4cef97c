"""The derivation's models, their data and training, and traces of every intermediate.

>>> from model import trace
>>> t = trace("there was a lion on fire and it was roaring", model="attention")
>>> t.tokens[int(t.importances[:, -1].argmax())]
'lion'
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
from model.vocab import MAX_WORDS, VOCABULARY, tokenize

__all__ = [
    "MAX_WORDS",
    "MODEL_NAMES",
    "VOCABULARY",
    "AttentionTrace",
    "CNNTrace",
    "CheckpointError",
    "DerivedTransformerError",
    "EmptySentenceError",
    "Pairwise2Trace",
    "PairwiseTrace",
    "SentenceError",
    "SentenceTooLongError",
    "Trace",
    "TransformerTrace",
    "UnknownModelError",
    "UnknownWordError",
    "model_config",
    "read_metrics",
    "tokenize",
    "trace",
]
