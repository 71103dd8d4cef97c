"""Errors a user can cause, each with a message that says what to do.

Every error the command line reports as one clear line derives from
:class:`DerivedTransformerError`.
"""

from __future__ import annotations

from derived_transformer.errors import DerivedTransformerError


class SentenceError(DerivedTransformerError, ValueError):
    """A sentence the models cannot read: empty, too long, or with unknown words."""


class SentenceTypeError(SentenceError, TypeError):
    """A sentence that is not text (``None``, a number)."""


class EmptySentenceError(SentenceError):
    """The sentence holds no words once punctuation is stripped."""


class SentenceTooLongError(SentenceError):
    """The sentence has more words than the models accept."""


class UnknownWordError(SentenceError):
    """The sentence uses words outside the vocabulary."""

    def __init__(self, message: str, words: tuple[str, ...]) -> None:
        super().__init__(message)
        self.words = words


class CheckpointError(DerivedTransformerError):
    """A checkpoint is missing, unreadable, or does not match the code."""


class UnknownModelError(DerivedTransformerError, KeyError):
    """A model name that is not one of the derivation's models."""

    def __str__(self) -> str:  # KeyError quotes its message otherwise
        return str(self.args[0])


class TraceFieldError(DerivedTransformerError, AttributeError):
    """A field asked of a trace whose model has no such part (a CNN has no importances)."""
