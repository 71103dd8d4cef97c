"""The terms the narration speaks, collected from its lines: the explainer's own terms, the
words of the models' sentences and the words it says over and over.

A term is what a listener must hear as itself for the explanation to work. The explainer's
terms (:data:`EXPLAINER_TERMS`, many of several words) are listed; the rest are found in the
lines: every word of ``words`` (the models' vocabulary, passed in by the caller) that a line
says, and every word said at least :data:`RECURRING` times that is not a function word or a
number. Only what the lines say is kept, so a term the script drops leaves the list.

>>> lines = ["Each vector is a column.", "The column sums the vector.", "The lion roars."]
>>> spoken_terms(lines, words=["lion", "fire"], recurring=2)
['vector', 'lion', 'column']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from derived_transformer.narration.lexicon import Lexicon, project_lexicon
from derived_transformer.narration.spoken import number_words
from derived_transformer.narration.timing import committed_table

EXPLAINER_TERMS: tuple[str, ...] = (
    "softmax",
    "bilinear",
    "linear",
    "non-linearity",
    "linearity",
    "one-hot",
    "n squared",
    "n to the fourth",
    "query",
    "key",
    "value",
    "SDPA",
    "PyTorch",
    "CNN",
    "CNNs",
    "transformer",
    "self-attention",
    "multi-head attention",
    "attention",
    "pairwise",
    "convolution",
    "convolutional",
    "exponentiate",
    "normalise",
    "optimisations",
    "vector",
    "matrix",
    "matrices",
    "receptive field",
    "embedding",
    "positional",
    "neural network",
    "weighted sum",
    "dot product",
    "multiply-adds",
)
"""The explainer's own terms, as the narration writes them."""

RECURRING = 5
"""Times a word is said before it counts as one the explainer leans on."""

_COMMON = """a an the and or but if so as at by for from in into of off on onto out over per to up
    with without about after against before between both each every all any some no not
    only then than that this these those there here where when which who whom whose what
    why how it its it's itself they them their theirs we us our you your i me my he she his
    her is are was were be been being am has have had do does did done can could would
    should will shall may might must one ones once just also again very too more most less
    least much many other others same own such still yet now other another else even way
    above across along around inside through past near behind under below beside
    gets get got makes make made gives give takes take comes come looks look sees see runs
    run says say said first second last next new whole together instead"""

FUNCTION_WORDS = frozenset(_COMMON.split())
"""Words too common to be a term, however often they are said."""

_NUMBER_WORDS = frozenset(w for n in range(100) for w in number_words(n).split("-") if w) | {
    "hundred",
    "thousand",
    "million",
    "billion",
    "point",
    "percent",
    "zero",
    "half",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*")


def said(term: str, text: str) -> bool:
    """Whether ``text`` says ``term`` as whole words (any case; a hyphen or spaces between
    its words; a plural or possessive ending counts).

    >>> said("receptive field", "Its receptive fields grow."), said("pair", "a repair")
    (True, False)
    """
    words = [re.escape(w) for w in re.split(r"[\s-]+", term) if w]
    pattern = r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?:s|'s|s')?(?![\w-])"
    return re.search(pattern, text, flags=re.IGNORECASE) is not None


def spoken_terms(
    lines: Iterable[str], words: Iterable[str] = (), recurring: int = RECURRING
) -> list[str]:
    """The terms ``lines`` (spoken forms) say: the explainer's terms, then the words of
    ``words``, then the recurring words, each once, in that order."""
    lines = list(lines)
    counts = Counter(w.lower().replace("’", "'") for line in lines for w in _WORD.findall(line))
    for word in [w for w in counts if w.endswith("s") and w[:-1] in counts]:
        counts[word[:-1]] += counts.pop(word)  # a plural counts for its singular
    listed = [t for t in EXPLAINER_TERMS if any(said(t, line) for line in lines)]
    vocabulary = [w for w in words if any(said(w, line) for line in lines) and _content(w)]
    frequent = [w for w, n in counts.most_common() if n >= recurring and _content(w)]
    taken = {t.lower() for t in listed}
    rest = [w for w in dict.fromkeys([*vocabulary, *frequent]) if w.lower() not in taken]
    return [*listed, *rest]


def _content(word: str) -> bool:
    """Whether ``word`` may be a term: not a function word, a number, a letter or a
    possessive."""
    parts = word.lower().split("-")
    return (
        len(word) > 1
        and "'" not in word
        and word.lower() not in FUNCTION_WORDS
        and not all(p in _NUMBER_WORDS for p in parts)
    )


def narration_lines(lexicon: Lexicon | None = None) -> list[str]:
    """The spoken form of every line of the committed table of lengths (what the engine
    is given, with the lexicon's replacements undone), in a fixed order."""
    table = committed_table()
    if table is None:
        return []
    lexicon = lexicon or project_lexicon()
    return [lexicon.unpronounced(speech) for speech in sorted(table.samples)]
