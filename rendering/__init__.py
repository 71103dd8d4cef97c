"""Turning scenes into files: settings, the one render function, the worker pool,
fingerprints, assembly, audio and the command line (``python render.py``)."""
