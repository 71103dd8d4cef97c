"""Rendering the whole explainer: fingerprints for incremental renders, parallel scene
processes, and assembly into one video with chapters and subtitles."""
