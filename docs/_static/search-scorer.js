// Search ranking (conf.py's html_search_scorer), in every language: a page
// whose title has the query first, then the entries that name it (index
// entries and API objects: an identifier finds the reference), then the
// sections whose heading has it, then pages that only mention it. Within a
// tier, more of the query's words in the title or a heading rank higher;
// Sphinx's own score breaks what ties are left, and only then the name.
// (Sphinx's default sorts equal scores alphabetically: a query of two words
// ranked the page titled with both ninth.) Sphinx's defaults are kept for
// the parts of a score it computes itself.
"use strict";
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // The query's words, split as the page's language splits them
  // (language_data.js; jieba's dictionary for Chinese, chinese_search.py).
  _words: null,
  words() {
    if (this._words === null) {
      const query = new URLSearchParams(location.search).get("q") || "";
      this._words = [...new Set(splitQuery(query.toLowerCase().trim()))].filter((w) => w);
    }
    return this._words;
  },
  // How many of the query's words a text has.
  covered(text) {
    const lower = (text || "").toLowerCase();
    return this.words().filter((word) => lower.includes(word)).length;
  },
  // How much of a title the query's words make up, 0 to 1: of two titles
  // with every word, the shorter is the closer match.
  density(text) {
    const lower = (text || "").toLowerCase();
    const found = this.words().filter((word) => lower.includes(word));
    return lower.length ? Math.min(found.join("").length / lower.length, 1) : 0;
  },
  // The words of the headings of each page (Sphinx's index of titles).
  _headings: null,
  headings(filename) {
    if (this._headings === null) {
      this._headings = new Map();
      const index = Search._index;
      for (const [heading, places] of Object.entries(index.alltitles || {})) {
        for (const [file] of places) {
          const name = index.filenames[file];
          this._headings.set(name, (this._headings.get(name) || "") + " " + heading);
        }
      }
    }
    return this._headings.get(filename) || "";
  },

  score(result) {
    const [docname, title, anchor, descr, score, filename, kind] = result;
    const bounded = Math.min(score, 99);
    const words = Math.max(this.words().length, 1);
    if (kind === "title" && !anchor) return 5000 + bounded; // the page's own title
    if (kind === "index" || kind === "object") return 4000 + bounded;
    // A section: "Page > Heading"; the heading is what matched.
    if (kind === "title") return 3000 + 400 * this.density(title.split(" > ").pop()) + bounded / 100;
    const inTitle = this.covered(title);
    // Every word in the page's title.
    if (inTitle === words) return 4500 + 400 * this.density(title) + bounded / 100;
    const inHeadings = this.covered(this.headings(filename));
    return 1000 + 300 * inTitle / words + 200 * inHeadings / words + bounded;
  },
};
