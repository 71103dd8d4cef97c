"""The project's base error.

Every error that the command line reports as one clear line derives from
:class:`DerivedTransformerError`; its message says what went wrong and what to do.
"""

from __future__ import annotations


class DerivedTransformerError(Exception):
    """Base class of the errors this project reports to a user as one line.

    ``exit_status``: the command line's exit status for it: 2 for bad input (the default),
    1 for a failure (a damaged file, a voice that cannot load)."""

    exit_status: int = 2


class DataFileError(DerivedTransformerError):
    """A file the project reads (a committed table, a lexicon) that is damaged; names it."""

    exit_status = 1
