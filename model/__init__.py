"""The derivation's models, their data and training, and traces of every intermediate.

>>> from derived_transformer.model import label, trace
>>> t = trace("there was a tree on fire and it was roaring", model="attention")
>>> t.tokens[int(t.importances[:, -1].argmax())], t.answer
('fire', 'fire')
>>> label("the lion saw that the fire was roaring").answer
'fire'
"""

from derived_transformer.model.checkpoints import read_metrics
from derived_transformer.model.errors import (
    CheckpointError,
    DerivedTransformerError,
    EmptySentenceError,
    SentenceError,
    SentenceTooLongError,
    SentenceTypeError,
    TraceFieldError,
    UnknownModelError,
    UnknownWordError,
)
from derived_transformer.model.labels import WORD_CLASSES, Label, Parse, label, links
from derived_transformer.model.registry import MODEL_NAMES, model_config
from derived_transformer.model.tracing import (
    AttentionTrace,
    CNNTrace,
    Pairwise2Trace,
    PairwiseTrace,
    Trace,
    TransformerTrace,
    trace,
)
from derived_transformer.model.vocab import MAX_WORDS, VOCABULARY, group_of, tokenize

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
    "SentenceTypeError",
    "Trace",
    "TraceFieldError",
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
