"""The doctest builder runs every example, in every language, and they pass."""

import pytest

from conftest import LANGUAGES, fenced_blocks

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
