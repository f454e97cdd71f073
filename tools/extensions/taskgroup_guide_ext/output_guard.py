"""The last line of defence: a translated page may differ from the English one only in text.

After a translated build has written its HTML (``html``, ``dirhtml``,
``epub`` ...), every file it wrote is parsed with an HTML parser and
compared with the same file of the English site, built from the same
sources with the same builder (``<doctreedir>/guard`` keeps that build, so
only what changed is built again). Whatever the earlier gates missed, a
translated page fails here if it has

* an element the English page lacks, or a script, style sheet, frame,
  object, form, image, ``<link>``, ``<meta>`` or ``<base>`` that is not on
  the English page as it is (with the same attributes);
* an attribute the English page has on no such element; an event handler,
  ``style``, ``srcdoc`` or other active attribute with a value the English
  page does not have;
* a URL (``href``, ``src``, ``srcset``, ``action``, ``poster``, ``data``,
  ``content`` of ``<meta>``, CSS ``url()``) that is not on the English page.

What the design needs is allowed by rule, the same for every page: a link to
the other language's edition of a site the English links to
(``intersphinx_language_uris``), a link to a page of this site or of its
other languages (a relative URL to ``.html``, a folder or an anchor, or an
absolute one under ``html_baseurl``), the script and style files the build
itself registers, and the English originals of ``bilingual``
(``<script type="text/html">``, whose content is checked the same way).

A page that fails is deleted, with the EPUB made from it, and the build
stops with an error naming each page and what it has.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sphinx.errors import ExtensionError
from sphinx.util import logging

from taskgroup_guide_ext.contribute_links import repository
from taskgroup_guide_ext.intersphinx_language import site_prefixes
from taskgroup_guide_ext.language_links import language_base
from taskgroup_guide_ext.site_languages import bcp47, rtd_code, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

ORIGINALS = "text/html"  # bilingual.py's English originals: markup, not a script
# Elements that load, run or submit something: each must be on the English
# page exactly as it is (tag and every attribute, a script's text too).
ACTIVE_ELEMENTS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "textarea",
    "select",
    "base",
    "link",
    "meta",
    "img",
    "picture",
    "source",
    "video",
    "audio",
    "track",
    "portal",
    "template",
    "noscript",
    "math",
}
# Attributes that hold a URL (or, for srcset, a list of them).
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
    "ping",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
    "lowsrc",
    "dynsrc",
    "icon",
    "profile",
}
# Attributes whose value acts: it must be a value the English page has.
ACTIVE_ATTRIBUTES = {
    "style",
    "srcdoc",
    "http-equiv",
    "target",
    "formtarget",
    "is",
    "autofocus",
    "contenteditable",
    "popover",
    "download",
    "type",
}
# Attributes whose value is only text or state, on any element.
INERT_ATTRIBUTES = {"class", "id", "lang", "hreflang", "title", "role", "hidden", "tabindex", "dir"}
# Attributes whose value is text a reader reads: translated, not compared.
TEXT_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "label",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "data-label",
}
# Values that are inert by definition: a button that submits nothing.
INERT_VALUES = {("button", "type", "button"), ("script", "type", ORIGINALS)}
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)|@import\s+(['\"])(.*?)\3", re.IGNORECASE)


@dataclass
class Page:
    """What one HTML file has that could act, load or link."""

    tags: Counter[str] = field(default_factory=Counter)
    attributes: set[tuple[str, str]] = field(default_factory=set)
    values: set[tuple[str, str, str]] = field(default_factory=set)
    active: set[tuple] = field(default_factory=set)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (where, url)
    # Comments, <!...> and <![CDATA[...]]>: where HTMLParser and a browser's
    # HTML5 parser disagree (<!-->, --!>, CDATA outside SVG), and which a page
    # has only as the templates write them.
    comments: set[str] = field(default_factory=set)
    nested: list[str] = field(default_factory=list)  # markup inside originals


class Reader(HTMLParser):
    """Collects a :class:`Page` as a browser would tokenise the file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: tuple[str, tuple] | None = None  # a <script>/<style> being read
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        page = self.page
        values = tuple(sorted((name, value or "") for name, value in attrs))
        page.tags[tag] += 1
        for name, value in values:
            page.attributes.add((tag, name))
            if (name.startswith("on") or name in ACTIVE_ATTRIBUTES) and (
                (tag, name, value) not in INERT_VALUES
            ):
                page.values.add((tag, name, value))
            if name in URL_ATTRIBUTES:
                urls = (
                    [part.strip().split()[0] for part in value.split(",") if part.strip()]
                    if name == "srcset"
                    else [value.strip()]
                )
                page.urls += [(f"<{tag} {name}>", url) for url in urls]
            if name == "style":
                page.urls += [(f"<{tag} style>", url) for url in css_urls(value)]
        if tag == "meta":
            content = dict(values).get("content", "")
            key = dict(values).get("property") or dict(values).get("name") or ""
            if re.match(r"\s*\w+:", content) or "url=" in content.lower():
                page.urls.append((f"<meta {key}>", content.split("url=")[-1].strip()))
            # The text of a description is text; what kind of meta it is, is not.
            values = tuple((n, v) for n, v in values if n != "content" or not key)
        # Text a reader reads, and data-* (words scripts show as text): not compared.
        values = tuple(
            (n, v) for n, v in values if n not in TEXT_ATTRIBUTES and not n.startswith("data-")
        )
        if tag == "input" and dict(values).get("type") in {"submit", "button", "reset"}:
            values = tuple((n, v) for n, v in values if n != "value")  # a button's label
        if tag in ACTIVE_ELEMENTS:
            if tag in {"script", "style"}:
                self._open = (tag, values)
                self._text = []
            else:
                page.active.add((tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.page.comments.add(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.page.comments.add(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self.page.comments.add(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self.page.comments.add(f"<?{data}>")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is None or tag != self._open[0]:
            return
        kind, values = self._open
        text = "".join(self._text)
        self._open = None
        if kind == "script" and dict(values).get("type") == ORIGINALS:
            # bilingual.js shows this markup: check it like the page itself.
            self.page.nested.append(text.replace("<\\", "<"))
            return
        if kind == "style":
            self.page.urls += [("<style>", url) for url in css_urls(text)]
        digest = hashlib.sha256(text.strip().encode()).hexdigest()
        self.page.active.add((kind, values, digest))


def css_urls(css: str) -> list[str]:
    return [m[2] or m[4] for m in CSS_URL.finditer(html.unescape(css))]


def read(text: str) -> Page:
    reader = Reader()
    reader.feed(text)
    reader.close()
    page = reader.page
    for markup in page.nested:
        inner = read(markup)
        page.tags += inner.tags
        page.attributes |= inner.attributes
        page.values |= inner.values
        page.active |= inner.active
        page.comments |= inner.comments
        page.urls += [(f"{where} in an English original", url) for where, url in inner.urls]
    return page


def strip_version(url: str) -> str:
    """``_static/x.js?v=1a2b`` -> ``_static/x.js``: Sphinx's cache-busting query."""
    return re.sub(r"\?v=[0-9a-f]+$", "", url)


@dataclass
class Rules:
    """What the design allows a translated page to add, the same for every page."""

    editions: list[tuple[str, str]]  # (English site prefix, this language's prefix)
    own_sites: list[str]  # absolute prefixes of this site, every language
    languages: re.Pattern[str]  # a path segment naming one of the site's languages

    def localise(self, url: str) -> str:
        """``url`` as the translated page would have it, for comparing."""
        url = strip_version(url)
        for site, edition in self.editions:
            if url.startswith(site) and not url.startswith(edition):
                url = edition + url[len(site) :]
                break
        # Links to this site in a language: the same in every language's page.
        return self.languages.sub("/{language}/", url)

    def allows(self, url: str, page_path: PurePosixPath, outdir: Path) -> bool:
        """A link to a page of this site, in any language, or a static file of the build."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return any(url.startswith(prefix) for prefix in self.own_sites if prefix)
        path = parts.path
        if not path:
            return True  # an anchor on this page
        page = path.endswith((".html", "/")) or path in {".", ".."}
        if path.startswith("/"):
            # Path-absolute (the 404 page's): /<language>/[<version>/]... on this host.
            if not self.languages.match(path):
                return False
            if page:
                return True
            target = "_static/" + path.partition("/_static/")[2]
        else:
            target = os.path.normpath(page_path.parent / path)
        if page:
            return not target.startswith("../..")  # inside the languages' common root
        # _static/...: a file the build copied there itself (a catalog cannot add one).
        return target.startswith("_static/") and (outdir / target).is_file()


def compare(
    translated: Page, english: Page, rules: Rules, page_path: PurePosixPath, outdir: Path
) -> list[str]:
    """What the translated page has that the English lacks, and no rule allows."""
    found = []
    for tag in sorted(set(translated.tags) - set(english.tags)):
        found.append(f"a <{tag}> element")
    for tag, name in sorted(translated.attributes - english.attributes):
        if name in ACTIVE_ATTRIBUTES or name.startswith("on"):
            continue  # compared by value, below
        if name not in INERT_ATTRIBUTES and not name.startswith(("aria-", "data-")):
            found.append(f"the attribute {name}= on <{tag}>")
    for tag, name, value in sorted(translated.values - english.values):
        found.append(f'{name}="{value[:60]}" on <{tag}>')
    english_active = {rules_key(item, rules) for item in english.active}
    for item in sorted(translated.active, key=repr):
        if rules_key(item, rules) not in english_active and not static_asset(
            item, rules, page_path, outdir
        ):
            found.append(
                f"<{item[0]}{''.join(f' {n}={v!r}' for n, v in item[1])}>"
                + (" with other content" if len(item) > 2 else "")
            )
    for comment in sorted(translated.comments - english.comments):
        found.append(f"the comment or declaration {comment[:60]!r}")
    english_urls = {rules.localise(url) for _, url in english.urls}
    for where, url in translated.urls:
        if rules.localise(url) in english_urls:
            continue
        # A browser reads \ as / and drops tabs and newlines: such a URL is
        # another one than it looks, so it must be the English one itself.
        if not re.search(r"[\\\x00-\x20\x7f]", url) and rules.allows(url, page_path, outdir):
            continue
        found.append(f"the URL {url[:100]} ({where})")
    return list(dict.fromkeys(found))


def rules_key(item: tuple, rules: Rules) -> tuple:
    """An active element with its URLs localised, for comparing with the English."""
    tag, values, *rest = item
    return (
        tag,
        tuple((n, rules.localise(v)) if n in URL_ATTRIBUTES else (n, v) for n, v in values),
        *rest,
    )


def static_asset(item: tuple, rules: Rules, page_path: PurePosixPath, outdir: Path) -> bool:
    """A <script src> or style sheet <link> of one of the build's own static files."""
    tag, values, *_ = item
    attributes = dict(values)
    if tag == "script" and set(attributes) <= {"src", "defer", "async", "type"}:
        url = attributes.get("src", "")
    elif tag == "link" and attributes.get("rel") == "stylesheet":
        url = attributes.get("href", "")
    else:
        return False
    return bool(url) and not urlsplit(url).scheme and rules.allows(url, page_path, outdir)


# -- Sphinx --------------------------------------------------------------------

# What the English site is made from, apart from the translations: when none
# of it changed since the guard last built the English site, that build holds.
SKIPPED_FOLDERS = {
    ".git",
    "_build",
    "__pycache__",
    "node_modules",
    ".pytest_cache",
    "benchmarks",
    "tests",
}


def english_inputs(app: Sphinx) -> str:
    """A fingerprint of every file the English site could be built from (names, sizes, times)."""
    root = Path(app.confdir)
    skip = {
        Path(app.doctreedir).resolve(),
        Path(app.outdir).resolve(),
        Path(app.config.translation_catalogs).resolve(),
    }
    digest = hashlib.sha256()
    for folder in [
        root,
        *([Path(app.srcdir)] if not Path(app.srcdir).is_relative_to(root) else []),
    ]:
        for directory, folders, files in os.walk(folder):
            here = Path(directory)
            folders[:] = sorted(
                name
                for name in folders
                if name not in SKIPPED_FOLDERS
                and not name.startswith(".venv")
                and (here / name).resolve() not in skip
            )
            for name in sorted(files):
                stat = (here / name).stat()
                digest.update(f"{here / name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def english_build(app: Sphinx) -> Path:
    """The English site, same sources and builder, kept where the guard keeps it: built
    again (incrementally) when what it is made from changed since the last time."""
    base = Path(app.doctreedir) / "guard"
    out = base / app.builder.name
    stamp = base / f"{app.builder.name}.inputs"
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        app.builder.name,
        "-q",
        "-D",
        f"language={source_language(app.config)}",
        "-c",
        str(app.confdir),
        "-d",
        str(base / "doctrees"),
        str(app.srcdir),
        str(out),
    ]
    # The English site as it would be published: on Read the Docs, the English
    # project's language and address, so that its language links are there too.
    environment = {k: v for k, v in os.environ.items() if k != "READTHEDOCS_LANGUAGE"}
    if "READTHEDOCS_LANGUAGE" in os.environ:
        environment["READTHEDOCS_LANGUAGE"] = rtd_code(source_language(app.config))
    if "READTHEDOCS_CANONICAL_URL" in os.environ and (
        address := language_base(app.config, source_language(app.config))
    ):
        environment["READTHEDOCS_CANONICAL_URL"] = address
    inputs = "\n".join(
        [
            english_inputs(app),
            *command,
            *sorted(f"{k}={v}" for k, v in environment.items() if k.startswith("READTHEDOCS")),
        ]
    )
    if out.is_dir() and stamp.is_file() and stamp.read_text() == inputs:
        return out
    proc = subprocess.run(command, capture_output=True, text=True, env=environment)
    if proc.returncode != 0:
        raise ExtensionError(
            "output_guard: the English site, which translated pages are "
            f"compared with, did not build:\n{proc.stderr[-3000:]}"
        )
    stamp.write_text(inputs)
    return out


def make_rules(app: Sphinx) -> Rules:
    config = app.config
    english = ENGLISH_SITES.get(id(config), {})
    editions = [
        site_prefixes(english[name], uri)
        for name, uri in config.intersphinx_language_uris.get(config.language, {}).items()
        if name in english
    ]
    own = [config.html_baseurl] if config.html_baseurl else []
    # The project's own repository: "Edit this page" and "Improve this
    # translation" point at the page's source in each language (.md, .po).
    if "repository_url" in config and (repo := repository(config)[0]):
        own.append(repo.rstrip("/") + "/")
    for language in config.languages:
        if base := language_base(config, language):
            own.append(base)
    codes = sorted(
        {form for code in config.languages for form in (code, bcp47(code), rtd_code(code))},
        key=len,
        reverse=True,
    )
    segment = re.compile("/(?:" + "|".join(map(re.escape, codes)) + ")/")
    return Rules(editions, own, segment)


# The English intersphinx base URLs, before intersphinx_language swaps them.
ENGLISH_SITES: dict[int, dict[str, str]] = {}


def remember_english_sites(app: Sphinx, config: Any) -> None:
    ENGLISH_SITES[id(config)] = {
        name: value[0] if isinstance(value, tuple) else value
        for name, value in config.intersphinx_mapping.items()
    }


def note_written(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Every page this build writes goes through here (search, genindex and 404 too)."""
    app._output_guard_written.add(pagename)


def start(app: Sphinx) -> None:
    app._output_guard_written = set()


def guard(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if not app.config.language or app.config.language == source_language(app.config):
        return
    written = getattr(app, "_output_guard_written", set())
    app._output_guard_written = set()  # a long-lived application builds again
    if not written:
        return
    english_dir = english_build(app)
    rules = make_rules(app)
    outdir = Path(app.outdir)
    failures = {}
    # The pages this build wrote: any other was written, and passed, before.
    for path in sorted(Path(app.builder.get_outfilename(page)) for page in written):
        if not path.is_file():
            continue
        relative = path.relative_to(outdir)
        twin = english_dir / relative
        if not twin.is_file():
            failures[relative] = ["no English page of that name"]
            continue
        found = compare(
            read(path.read_text("utf-8", "replace")),
            read(twin.read_text("utf-8", "replace")),
            rules,
            PurePosixPath(relative.as_posix()),
            outdir,
        )
        if found:
            failures[relative] = found
    if not failures:
        return
    for relative, found in failures.items():
        (outdir / relative).unlink()
        logger.error(
            "%s: the translated page has what the English page lacks: %s. It is "
            "deleted; fix the catalog entry behind it (make check-po names "
            "the entries) or the template",
            relative,
            "; ".join(found[:8]),
            type="i18n",
            subtype="output",
        )
    for book in outdir.glob("*.epub"):
        book.unlink()
    raise ExtensionError(
        f"output_guard: {len(failures)} translated page(s) had markup, "
        "scripts or links the English pages lack; they were deleted: "
        + ", ".join(map(str, failures))
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.site_languages")
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    app.setup_extension("taskgroup_guide_ext.intersphinx_language")
    # Before intersphinx_language (500) swaps the base URLs for this language.
    app.connect("config-inited", remember_english_sites, priority=400)
    app.connect("builder-inited", start)
    # Last of all, so that it sees every page as it is written.
    app.connect("html-page-context", note_written, priority=1000)
    # Last: after the builder's own finish (search index, EPUB archive).
    app.connect("build-finished", guard, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
