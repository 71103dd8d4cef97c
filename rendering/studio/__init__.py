"""The preview studio (``render.py studio``): a local web page to pick a scene, type a
sentence and watch the scene render, re-rendered when a file it depends on changes.

``server`` holds the routes, ``renders`` the renders (through the worker pool and the cache
keyed by fingerprints), ``watch`` the file watcher, ``catalogue`` what the page lists,
``files`` which files may be served, ``serve`` the running server; the page itself is plain
HTML, CSS and JavaScript in ``static/``.
"""
