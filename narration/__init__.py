"""The words of the explainer and their timing, for scenes to call.

This package holds what a scene says and when: the lines of its script (a written form shown
as subtitles, a spoken form read by the voice, respellings from the lexicon), how long each
line takes (the timing source: a committed table of measured lengths), and the subtitle cues.
It draws nothing and synthesises nothing; turning the words into sound and joining it with
the pictures is the rendering package's work.
"""

from derived_transformer.narration.cues import (
    CUE_LENGTH,
    READING_SPEED,
    Cue,
    reading_time,
    split_for_reading,
    timed_cues,
    two_lines,
)
from derived_transformer.narration.lexicon import Lexicon, project_lexicon
from derived_transformer.narration.script import Line, Placement
from derived_transformer.narration.spoken import spoken_form
from derived_transformer.narration.timing import (
    LengthTable,
    LineLengths,
    Measured,
    Timing,
    committed_table,
    current_timing,
    use_timing,
)

__all__ = [
    "CUE_LENGTH",
    "READING_SPEED",
    "Cue",
    "LengthTable",
    "Lexicon",
    "Line",
    "LineLengths",
    "Measured",
    "Placement",
    "Timing",
    "committed_table",
    "current_timing",
    "project_lexicon",
    "reading_time",
    "split_for_reading",
    "spoken_form",
    "timed_cues",
    "two_lines",
    "use_timing",
]
