# Makefile for TaskGroup Guide: the one entry point for people, CI and hosting.

# You can set these variables from the command line.
PYTHON     ?= python3
VENVDIR    ?= .venv
BUILDDIR   ?= _build
JOBS       ?= auto
SPHINXOPTS ?=
# All the site's languages, read from conf.py (the one list).
LANGUAGES  ?= $(shell $(PYTHON) -c 'import conf; print(*conf.languages)')
# The language for `make preview`.
LANG_PREVIEW ?= zh_CN

# Internal variables.
TRANSLATIONS := $(filter-out $(firstword $(LANGUAGES)),$(LANGUAGES))
VENVPY      := $(VENVDIR)/bin/python
SPHINXBUILD := $(VENVPY) -m sphinx
ALLSPHINXOPTS = -c . -W --keep-going -j $(JOBS) $(SPHINXOPTS)

.DEFAULT_GOAL := help
.PHONY: help venv html doctest gettext update-po test clean

help:
	@echo "Please use \`make <target>' where <target> is one of"
	@echo "  venv       create $(VENVDIR) with the pinned dependencies"
	@echo "  html       build every language into $(BUILDDIR)/html/<lang>/"
	@echo "  doctest    run every example as a doctest, in every language"
	@echo "  update-po  refresh locale/*/LC_MESSAGES/*.po from the English pages"
	@echo "  test       run the test suite (builds, doctests, examples, catalogs)"
	@echo "  clean      remove $(BUILDDIR)"
	@echo "Languages (conf.py): $(LANGUAGES)"

# Installs again only when the pins change.
venv: $(VENVDIR)/.installed
$(VENVDIR)/.installed: requirements.txt
	@test -x $(VENVPY) || $(PYTHON) -m venv $(VENVDIR)
	$(VENVPY) -m pip install --quiet --upgrade pip
	$(VENVPY) -m pip install --quiet -r requirements.txt
	@touch $@

# One build recipe for every builder and language: html-en, doctest-zh_CN ...
# Each language has its own doctree dir, shared by its html and doctest
# builds, so a doctest run after `make html` reads nothing again.
BUILDERS := html doctest
$(foreach b,$(BUILDERS),$(eval $(b): $(addprefix $(b)-,$(LANGUAGES))))
$(foreach b,$(BUILDERS),$(eval .PHONY: $(addprefix $(b)-,$(LANGUAGES))))

$(foreach b,$(BUILDERS),$(addprefix $(b)-,$(LANGUAGES))): venv
	$(SPHINXBUILD) -b $(firstword $(subst -, ,$@)) -D language=$(lastword $(subst -, ,$@)) \
	    -d $(BUILDDIR)/doctrees/$(lastword $(subst -, ,$@)) $(ALLSPHINXOPTS) \
	    docs $(BUILDDIR)/$(firstword $(subst -, ,$@))/$(lastword $(subst -, ,$@))

# The .pot templates: what there is to translate today.
gettext: venv
	$(SPHINXBUILD) -b gettext -c . -W -q -d $(BUILDDIR)/doctrees/gettext docs $(BUILDDIR)/gettext

update-po: gettext
	$(VENVPY) -m sphinx_intl update -p $(BUILDDIR)/gettext -d locale $(addprefix -l ,$(TRANSLATIONS))

test: venv
	$(VENVPY) -m pytest

clean:
	rm -rf $(BUILDDIR)
