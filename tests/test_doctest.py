"""The doctest builder runs every example, in every language, and they pass."""

import re

import pytest
from conftest import DOCS, LANGUAGES, fenced_blocks

# Each {example} and each {testcode} block is one test.
EXPECTED_TESTS = len(fenced_blocks("example")) + len(fenced_blocks("testcode"))


def test_pages_have_examples():
    assert EXPECTED_TESTS >= 4, "the four worked examples at least"


@pytest.mark.parametrize("language", LANGUAGES)
def test_doctests_pass(site, language):
    build = site[language]
    assert build.returncodes["doctest"] == 0, build.logs["doctest"]
    tests, failures = build.doctest_summary
    assert failures == 0
    # A translation cannot drop or add a test: every language runs them all.
    assert tests == EXPECTED_TESTS


def test_python_blocks_are_tested_or_marked_as_fragments():
    """Runnable code is a doctest; what is not runnable alone says so."""
    unmarked = [
        f"{page.name}: {body.splitlines()[0] if body else ''}"
        for directive in ("code-block", "code")
        for page, language, body in fenced_blocks(directive)
        if language in {"python", "python3", "py", "pycon"} and ":class: fragment" not in body
    ]
    plain = [
        page.name
        for page in DOCS.rglob("*.md")
        if re.search(r"^```+ *(python|py|python3) *$", page.read_text("utf-8"), re.MULTILINE)
    ]
    assert unmarked == [] and plain == [], (
        "a Python block is neither a doctest ({example}/{testcode}) nor a "
        "```{code-block} python``` with `:class: fragment`: " + ", ".join(unmarked + plain)
    )
