"""Chinese search that finds the site's own terms, however the reader types them.

Sphinx's Chinese index cuts text into words with jieba, whose dictionary
does not know this site's terms: 任务组 becomes 任务 + 组 and 事件循环
becomes 事件 + 循环, so a search for 任务组 finds nothing. And the search page
splits a query only at spaces and punctuation, which Chinese does not use:
任务组的异常 is looked up as one word, and found nowhere.

So this extension:

* adds the Chinese side of the glossary (``locale/<lang>/glossary.csv``,
  column ``translation``) to jieba's dictionary before the index is built,
  so each term is a word of its own in the index (jieba's search mode also
  keeps the shorter words inside it), wherever it stands in the text;
* replaces the search page's ``splitQuery`` for Chinese: a run of Han
  characters is cut into the longest words the index knows, and leftovers
  that the index does not know (particles like 的, words the site never
  uses) are dropped as long as something known is left; that mirrors the
  index, which keeps no single characters;
* works around Sphinx 9.0's broken Chinese stemmer set-up (below).

The index is built from the pages read in a build: after a change to the
glossary, build from scratch (``make clean html``, as CI does) to see it.
"""

from __future__ import annotations

import csv
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.search import _MINIFIED_JS_PATH
from sphinx.search.zh import SearchChinese
from sphinx.util import logging as sphinx_logging

from taskgroup_guide_ext.catalog_gate import catalog_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = sphinx_logging.getLogger(__name__)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")

# The browser side. Runs in language_data.js, after searchtools.js, whose
# default splitQuery this replaces; called when the index (Search._index)
# is loaded, before a query runs.
SPLIT_QUERY_JS = r"""
function splitQuery(query) {
  const index = (typeof Search !== "undefined" && Search._index) || null;
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const known = (word) =>
    index !== null && (has(index.terms, word) || has(index.titleterms, word));
  const terms = [];
  const unknown = [];
  const words = query
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((word) => word);
  for (const word of words) {
    for (const run of word.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu)) {
      if (!/\p{Script=Han}/u.test(run) || index === null || known(run)) {
        terms.push(run);
        continue;
      }
      // Longest known word first; what cannot be matched is kept aside.
      let rest = "";
      for (let start = 0; start < run.length; ) {
        let end = run.length;
        while (end > start + 1 && !known(run.slice(start, end))) end--;
        const piece = run.slice(start, end);
        if (known(piece)) {
          if (rest) unknown.push(rest);
          rest = "";
          terms.push(piece);
        } else {
          rest += piece;
        }
        start = end;
      }
      if (rest) unknown.push(rest);
    }
  }
  // Nothing known at all: search for what was typed, and find nothing.
  return terms.length ? terms : unknown;
}
"""


def english_stemmer_js() -> str:
    """The English stemmer, which Chinese search uses for Latin words.

    Sphinx 9.0 names the stemmer after the language ("ChineseStemmer"), which
    does not exist: the search page dies with a ReferenceError and searches
    forever (sphinx-doc/sphinx#14229, fixed in Sphinx 9.1 by #14416, which
    needs Python 3.12). Until the pin moves, the stemmer is set up here.
    """
    return "\n".join(
        [
            (_MINIFIED_JS_PATH / "base-stemmer.js").read_text(encoding="utf-8"),
            (_MINIFIED_JS_PATH / "english-stemmer.js").read_text(encoding="utf-8"),
            "window.Stemmer = EnglishStemmer;",
        ]
    )


class SearchChineseWithGlossary(SearchChinese):
    """Sphinx's Chinese search, with the glossary's words and a query splitter."""

    js_splitter_code = SPLIT_QUERY_JS
    js_stemmer_rawcode = ""  # so that js_stemmer_code is used
    js_stemmer_code = english_stemmer_js()
    words: frozenset[str] = frozenset()

    def __init__(self, options: dict[str, str]) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict" on every build
        super().__init__(options)

    def split(self, input: str) -> list[str]:
        """jieba's words, and every glossary word in the text, wherever it is.

        jieba's search mode adds the 2- and 3-character words inside a long
        word, no longer ones (异步上下文管理器 does not give 上下文管理器), and
        its cuts follow word frequencies, not the glossary.
        """
        teach_jieba(self.words)
        words = super().split(input)
        return words + [term for term in self.words if term in input and term not in words]


# jieba's dictionary is one per process; the words already added to it.
_taught: set[str] = set()


def teach_jieba(words: frozenset[str]) -> None:
    """Add the glossary's words to jieba's dictionary, once per process.

    Done when the first page is indexed, not when the search language is
    set up: adding a word loads jieba's dictionary (0.6 s), which a build
    that writes no page (nothing changed) never needs.
    """
    import jieba

    for word in sorted(words - _taught):
        jieba.add_word(word)
    _taught.update(words)


def glossary_words(path: Path) -> set[str]:
    """The Han words of the ``translation`` column of a glossary CSV."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file)
        if "translation" not in (rows.fieldnames or []):
            logger.warning(
                "%s has no 'translation' column: its terms are not added to the search dictionary",
                path,
                type="search",
            )
            return set()
        return {word for row in rows for word in HAN.findall(row["translation"] or "")}


def load_glossary(app: Sphinx) -> None:
    language = app.config.language or ""
    if not language.startswith("zh"):
        return
    words: set[str] = set()
    # Next to the language's reviewed catalogs: locale/<language>/glossary.csv.
    path = catalog_folder(app.config, language)[0].parent / app.config.search_glossary
    if path.is_file() and not path.is_symlink():
        words |= glossary_words(path)
    SearchChineseWithGlossary.words = frozenset(words)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    # Looked for in <translation_catalogs>/<language>/.
    app.add_config_value("search_glossary", "glossary.csv", "html", types=frozenset({str}))
    app.add_search_language(SearchChineseWithGlossary)
    app.connect("builder-inited", load_glossary)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
