# Makefile for TaskGroup Guide: the one entry point for people, CI and hosting.

# You can set these variables from the command line.
PYTHON     ?= python3
VENVDIR    ?= .venv
BUILDDIR   ?= _build
JOBS       ?= auto
SPHINXOPTS ?=
# make check-po STRICT=1: every entry translated, none fuzzy (before a release).
STRICT     ?=
# All the site's languages, read from conf.py (the one list). Read once:
# `?=` would make a recursive variable and start Python at every use.
# Read with READTHEDOCS_LANGUAGE unset: conf.py stops on a language the site
# doesn't have, and the list of targets must not depend on the build's language.
ifndef LANGUAGES
LANGUAGES  := $(shell $(PYTHON) -c 'import os; os.environ.pop("READTHEDOCS_LANGUAGE", None); import conf; print(*conf.languages)')
ifeq ($(strip $(LANGUAGES)),)
$(error Could not read `languages` from conf.py with $(PYTHON) (its error is above))
endif
endif
# The language for `make preview` (not LANG: that is the shell's locale),
# and the port it serves on.
LANG_PREVIEW ?= zh_CN
PREVIEW_PORT ?= 8000

# Internal variables.
TRANSLATIONS := $(filter-out $(firstword $(LANGUAGES)),$(LANGUAGES))
VENVPY      := $(VENVDIR)/bin/python
SPHINXBUILD := $(VENVPY) -m sphinx
# The catalog tools (tools/po/) read what `make gettext` wrote.
POTOOLS     := $(VENVPY) -m tools.po --templates $(BUILDDIR)/gettext --doctrees $(BUILDDIR)/doctrees/gettext
ALLSPHINXOPTS = -c . -W --keep-going -j $(JOBS) $(SPHINXOPTS)

.DEFAULT_GOAL := help
.PHONY: help venv node_modules html doctest epub gettext update-po status check-po preview lint format test clean

help:
	@echo "Please use \`make <target>' where <target> is one of"
	@echo "  venv       create $(VENVDIR) with the pinned dependencies (requirements/*.txt)"
	@echo "  lock       pin requirements/*.in into requirements/*.txt (pip-compile)"
	@echo "             (move pins: make lock LOCKOPTS=--upgrade, or --upgrade-package NAME)"
	@echo "  html       build every language into $(BUILDDIR)/html/<lang>/"
	@echo "  doctest    run every example as a doctest, in every language"
	@echo "  epub       one e-book per language: $(BUILDDIR)/epub/<lang>/TaskGroupGuide.epub"
	@echo "             (one language: html-<lang>, doctest-<lang>, epub-<lang>, e.g. make html-zh_CN)"
	@echo "  update-po  refresh locale/*/LC_MESSAGES/*.po from the English pages"
	@echo "  status     translation progress, page by page"
	@echo "  check-po   check the catalogs: syntax, markup, code, glossary; reports what is"
	@echo "             not translated yet (make check-po STRICT=1: fails on it too, for a release)"
	@echo "  preview    serve $(LANG_PREVIEW) on http://127.0.0.1:$(PREVIEW_PORT)/, rebuilt on every change"
	@echo "             (another language: make preview LANG_PREVIEW=en, or make preview-en)"
	@echo "  lint       ruff: lint and check the formatting of every Python file (make test runs it first)"
	@echo "  format     ruff: format every Python file and apply the lint fixes that are safe"
	@echo "  test       run the test suite (builds, doctests, examples, catalogs, browser, accessibility)"
	@echo "  node_modules  install what the browser tests inject (axe-core, package-lock.json)"
	@echo "  bench      time the builds and doctests, weigh a page: ours vs MkDocs Material"
	@echo "             (fewer runs per figure: make bench RUNS=3)"
	@echo "  clean      remove $(BUILDDIR)"
	@echo "Languages (conf.py): $(LANGUAGES)"

# The docs build's pins (all Read the Docs installs) and the tools' on top.
# Installs again only when the pins change; pip itself is pinned in dev.txt.
REQUIREMENTS := requirements/docs.txt requirements/dev.txt
venv: $(VENVDIR)/.installed
$(VENVDIR)/.installed: $(REQUIREMENTS)
	@test -x $(VENVPY) || $(PYTHON) -m venv $(VENVDIR)
	$(VENVPY) -m pip install --quiet $(addprefix -r ,$(REQUIREMENTS))
	@touch $@

# Pin requirements/*.in into requirements/*.txt with pip-compile (options:
# [tool.pip-tools] in pyproject.toml). Keeps every pin that still fits; to
# move some: make lock LOCKOPTS="--upgrade-package sphinx" (or --upgrade).
# docs first: dev.in is constrained by docs.txt.
.PHONY: lock
lock: venv
	for name in docs dev; do \
	    CUSTOM_COMPILE_COMMAND="make lock" $(VENVDIR)/bin/pip-compile --config pyproject.toml \
	        $(LOCKOPTS) --output-file requirements/$$name.txt requirements/$$name.in || exit; \
	done

# One build recipe for every builder and language: html-en, doctest-zh_CN ...
# Each language has its own doctree dir, shared by its html and doctest
# builds, so a doctest run after `make html` reads nothing again.
# `make html` and `make doctest` run every language at once, one Sphinx
# process each: the doctests mostly sleep, and a language's build is mostly
# one process' work (benchmarks/README.md). -O keeps each log in one piece.
BUILDERS := html doctest epub
$(foreach b,$(BUILDERS),$(eval $(b): venv ; +@$$(MAKE) --no-print-directory -O -j $(words $(LANGUAGES)) LANGUAGES="$(LANGUAGES)" $(addprefix $(b)-,$(LANGUAGES))))
$(foreach b,$(BUILDERS),$(eval .PHONY: $(addprefix $(b)-,$(LANGUAGES))))

# In a recipe for html-zh_CN: builder_of = html, language_of = zh_CN.
builder_of  = $(firstword $(subst -, ,$@))
language_of = $(lastword $(subst -, ,$@))
$(foreach b,$(BUILDERS),$(addprefix $(b)-,$(LANGUAGES))): venv
	$(SPHINXBUILD) -b $(builder_of) -D language=$(language_of) \
	    -d $(BUILDDIR)/doctrees/$(language_of) $(ALLSPHINXOPTS) \
	    docs $(BUILDDIR)/$(builder_of)/$(language_of)

# The .pot templates: what there is to translate today. Emptied first, so
# that a deleted page leaves no template behind.
gettext: venv
	rm -rf $(BUILDDIR)/gettext
	$(SPHINXBUILD) -b gettext -c . -W -q -d $(BUILDDIR)/doctrees/gettext docs $(BUILDDIR)/gettext

# Translators' verbs (tools/po/). update-po merges like msgmerge --previous,
# keeps every translation (a gone page's in locale/<lang>/compendium.po) and
# wraps like msgcat: a second run changes nothing.
update-po: gettext
	$(POTOOLS) update $(TRANSLATIONS)

status: gettext
	@$(POTOOLS) status $(TRANSLATIONS)

# Completeness and terms (tools/po): what is merely not translated yet is
# reported, and fails only with STRICT=1. Then what is safe to publish, which
# is the build's own decision (catalog_gate, translation_gate): each
# translation is read by the dummy builder, as `make html` reads it, with a
# fresh environment so that every refusal is said again. `make test` runs
# both (tests/test_catalogs.py, tests/test_safety.py).
check-po: gettext
	@status=0; $(POTOOLS) check $(if $(filter-out 0,$(STRICT)),--strict) $(TRANSLATIONS) || status=1; \
	for lang in $(TRANSLATIONS); do \
	  $(SPHINXBUILD) -b dummy -D language=$$lang -E -q -d $(BUILDDIR)/doctrees/check-po-$$lang \
	    $(ALLSPHINXOPTS) docs $(BUILDDIR)/check-po/$$lang || status=1; \
	done; exit $$status

# One language, served and rebuilt when a page, a catalog or an example
# changes, by one warm Sphinx process (tools/preview/): a saved .po entry
# costs an incremental build, not a new Python, Sphinx and jieba. conf.py,
# the extensions and the glossary can't be taken back by a running Sphinx:
# a change there starts a new builder from a fresh environment. Its own
# doctrees: it runs without -W, and alongside `make html`.
preview: preview-$(LANG_PREVIEW)
.PHONY: $(addprefix preview-,$(LANGUAGES))
$(addprefix preview-,$(LANGUAGES)): venv
	$(VENVPY) -m tools.preview --port $(PREVIEW_PORT) --watch locale --watch examples \
	    --restart-on conf.py --restart-on tools/extensions \
	    --restart-on locale/$(@:preview-%=%)/glossary.csv \
	    -b html -c . -D language=$(@:preview-%=%) -d $(BUILDDIR)/doctrees/$@ -j $(JOBS) \
	    $(SPHINXOPTS) docs $(BUILDDIR)/preview/$(@:preview-%=%)

# What the browser tests inject into the pages (axe-core), from the npm
# registry at the versions of package-lock.json; again only when they change.
# Nothing downloads at test time.
node_modules: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# ruff, configured in pyproject.toml, on the whole repository; the same
# commands run before a commit (.pre-commit-config.yaml).
RUFF := $(VENVDIR)/bin/ruff
lint: venv
	$(RUFF) check .
	$(RUFF) format --check --diff .

format: venv
	$(RUFF) check --fix .
	$(RUFF) format .

# Lint first: it takes a second, the tests minutes.
test: venv node_modules
	@$(MAKE) --no-print-directory lint
	$(VENVPY) -m pytest

# Ours against MkDocs Material, side by side (benchmarks/README.md). The peer
# gets its own environment, benchmarks/.venv-peer, made on first use: it is
# not a dependency of the site.
.PHONY: bench
bench: venv
	$(VENVPY) benchmarks/bench.py $(if $(RUNS),--runs $(RUNS))

clean:
	rm -rf $(BUILDDIR)
