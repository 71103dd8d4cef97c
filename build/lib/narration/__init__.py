"""The words of the explainer and their timing, for scenes to call.

This package holds what a scene says and when: the cues of a beat (the written words shown
as subtitles, and how long a viewer needs to read them). It draws nothing and synthesises
nothing; turning the words into sound and joining it with the pictures is the rendering
package's work.
"""

from narration.cues import READING_SPEED, Cue, reading_time

__all__ = ["READING_SPEED", "Cue", "reading_time"]
