"""Compile the translations Sphinx reads, from the reviewed ``.po`` files only.

A ``.po`` file may come from a stranger's pull request. Sphinx, left to
itself, reads ``locale_dirs`` directly: it prefers a committed ``.mo`` over
the ``.po`` a reviewer read, follows symlinks, and writes the ``.mo`` it
compiles next to the ``.po`` (through a symlinked ``.mo``, over any file).
So ``conf.py`` names the reviewed catalogs in ``translation_catalogs`` and
leaves ``locale_dirs`` empty; at ``config-inited`` this extension

* refuses, with a warning that names the file and the fix, anything under
  the catalogs' folder that is not a regular ``.po`` file inside the
  repository (symlinks, FIFOs, paths that lead out, committed ``.mo``
  files), a header that does not say UTF-8 and the language's
  ``Plural-Forms``, a catalog past :data:`MAX_BYTES`, and a file the strict
  reader (``po_syntax``, which ``make check-po`` uses too) finds broken;
* reads each accepted catalog exactly as Sphinx would (Babel's ``read_po`` on
  a text stream opened with ``source_encoding``), drops each entry that fails
  a rule that needs no page to check (:func:`entry_problems`: invisible and
  line-breaking code points, ``msgctxt``, and for ``sphinx.po``, whose
  messages the HTML templates insert without escaping, HTML characters and
  ``%`` placeholders), and writes what is left as ``.mo`` (and its ``.po``,
  so that Sphinx notes each page's dependency on it) into the build's own
  folder ``<doctreedir>/catalogs``, which becomes ``locale_dirs``;
* loads the template messages from there, in place of what Sphinx loaded
  before any extension could run.

Rules that need the page (the markup and code a msgstr must keep) are
``translation_gate``'s, applied to the same compiled catalogs when each
message is used. ``make check-po`` runs a build, so it runs this code too.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
import json
import os
import re
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx import locale as sphinx_locale
from sphinx import package_dir
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from taskgroup_guide_ext.po_syntax import syntax_errors  # the strict reader check-po uses
from taskgroup_guide_ext.site_languages import source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

# Far above any page's catalog (the largest is about 50 kB): a catalog this
# big is a mistake or an attack on the build's memory, not a translation.
MAX_BYTES = 1024 * 1024
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Where the build keeps the catalogs it compiled, under its doctree dir.
COMPILED = "catalogs"
# The catalog whose messages the HTML templates and Sphinx's writers insert
# into the page as HTML, often inside attributes, without escaping them.
TEMPLATE_DOMAIN = "sphinx"
HTML_CHARACTERS = "<>&\"'"
# %-format specs as Python's % operator reads them; '%%' is a literal '%'.
PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?P<conversion>[diouxXeEfFgGcrsa%])?"
)
# Placeholders the JavaScript search and the templates fill in: ${n}, {n}.
BRACES = re.compile(r"\$?\{\w*\}")


@dataclass(frozen=True, order=True)
class Refusal:
    """One thing in a catalog the build does not use, and how to fix it."""

    path: str
    line: int
    msgid: str | None
    what: str
    fix: str

    def __str__(self) -> str:
        entry = "" if self.msgid is None else f" msgid {short(self.msgid)!r}:"
        return f"{self.path}:{self.line}:{entry} {self.what} — {self.fix}"


def short(text: str, width: int = 60) -> str:
    """The start of a msgid, on one line: enough to find the entry."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


# -- Rules on one entry --------------------------------------------------------


def code_point_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def is_invisible(char: str) -> bool:
    """A code point that breaks a line or shows nothing: CR, VT, FF, NEL, U+2028,
    U+2029, bidi controls, zero-width characters, other controls and formats.

    Python, Pygments, MyST and a reviewer's screen disagree on these (a CR ends
    a line for ``compile()`` but not inside a ``tokenize`` comment; a bidi
    override reorders what a reviewer sees), so a translation may use them
    only where the English does. Line feed and tab are ordinary text.
    """
    return char not in "\n\t" and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}


def invisible_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    added = Counter(filter(is_invisible, msgstr)) - Counter(filter(is_invisible, msgid))
    return [
        (
            f"the msgstr contains the invisible or line-breaking character "
            f"{code_point_name(char)}, which the msgid does not",
            "delete it (retype the text around it if you cannot see it); "
            "to break a line in prose, just go on writing: the page wraps the text",
        )
        for char in sorted(added)
    ]


def percent_specs(text: str) -> tuple[Counter[str], list[str]]:
    """The %-placeholders of ``text``, and the stray ``%`` signs that are none."""
    specs: Counter[str] = Counter()
    stray = []
    for match in PERCENT.finditer(text):
        if match["conversion"] is None:
            stray.append(match[0])
        elif match["conversion"] != "%":
            specs[match[0]] += 1
    return specs, stray


class Markup(HTMLParser):
    """A template message as a browser tokenises it: its tags, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple] = []
        self.text: list[str] = []
        self.references: Counter[str] = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(("<", tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append(("</>", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("/", tag))

    def handle_data(self, data):
        self.text.append(data)

    def handle_entityref(self, name):
        self.references[f"&{name};"] += 1

    def handle_charref(self, name):
        self.references[f"&#{name};"] += 1

    def handle_comment(self, data):
        self.tags.append(("!--", data))

    def handle_decl(self, decl):
        self.tags.append(("!", decl))

    def handle_pi(self, data):
        self.tags.append(("?", data))

    def unknown_decl(self, data):
        self.tags.append(("![", data))


def template_problems(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """A template message: the same HTML as the msgid, text aside; the same placeholders.

    The theme inserts these messages into the page as they are, often inside an
    attribute value. A msgid without HTML characters gets a msgstr without any;
    one with HTML gets a msgstr with the very same tags and attributes, in the
    same order, as the HTML tokenizer reads them, and text that adds none.
    """
    found = []
    if not any(c in msgid for c in HTML_CHARACTERS):
        added = sorted({c for c in msgstr if c in HTML_CHARACTERS})
        if added:
            found.append(
                (
                    f"the msgstr adds {' '.join(added)}: the theme inserts this message "
                    "into the HTML as it is, where these characters are markup",
                    "write the text without them; for quotation marks use “ ” or 「 」",
                )
            )
    else:
        english, translation = Markup(msgid), Markup(msgstr)
        stray = sorted({c for part in translation.text for c in part if c in HTML_CHARACTERS})
        if english.tags != translation.tags:
            found.append(
                (
                    "the msgstr's HTML tags differ from the msgid's: the theme inserts "
                    "the message as it is",
                    'copy every tag, such as <a href="%(path)s">, exactly from the '
                    "msgid; translate only the text between the tags",
                )
            )
        elif stray or translation.references - english.references:
            shown = " ".join(stray) or " ".join(translation.references - english.references)
            found.append(
                (
                    f"the msgstr's text adds {shown}, which is markup in HTML",
                    "write the text without them; for quotation marks use “ ” or 「 」",
                )
            )
    want, _ = percent_specs(msgid)
    have, stray = percent_specs(msgstr)
    if stray:
        found.append(
            (
                f"the msgstr has a % that starts no placeholder ({', '.join(stray)})",
                "write a percent sign as %%, or remove it",
            )
        )
    for spec in sorted(want - have):
        found.append(
            (f"the placeholder {spec} is missing", "keep it: the theme puts a value there")
        )
    for spec in sorted(have - want):
        found.append(
            (
                f"the placeholder {spec} is not in the msgid",
                "use only the msgid's placeholders, spelled exactly as there",
            )
        )
    braces_want, braces_have = Counter(BRACES.findall(msgid)), Counter(BRACES.findall(msgstr))
    for spec in sorted(braces_want - braces_have):
        found.append((f"the placeholder {spec} is missing", "keep it: the page puts a value there"))
    for spec in sorted(braces_have - braces_want):
        found.append(
            (
                f"the placeholder {spec} is not in the msgid",
                "use only the msgid's placeholders, spelled exactly as there",
            )
        )
    return found


_tokenizers: dict[int, Any] = {}


def tokenizer(config: Any) -> Any:
    """MyST's markdown-it parser with the site's MyST settings (one per settings object)."""
    if id(config) not in _tokenizers:
        _tokenizers[id(config)] = create_md_parser(config, RendererHTML)
    return _tokenizers[id(config)]


def running_markup(text: str, myst: Any) -> Counter[str]:
    """What in ``text`` MyST acts on while parsing it: front matter (which can switch
    MyST's settings, substitutions among them), directives, roles by name.

    Sphinx's Locale parses a msgstr before it looks at what node it is for
    (toctree captions and timeline labels included), so these are refused
    here, before any page is read, wherever the msgid lacks them.
    """
    found: Counter[str] = Counter()
    if text.lstrip("\ufeff \t\n").startswith("---") or text.lstrip().startswith("+++"):
        found["front matter (a first line of ---)"] += 1
    stack = list(tokenizer(myst).parse(text, {}))
    while stack:
        token = stack.pop()
        stack.extend(token.children or ())
        if token.type == "front_matter":
            found["front matter (a first line of ---)"] += 1
        elif token.type in {"fence", "colon_fence"} and token.info.strip().startswith("{"):
            found["the directive " + token.info.strip().split("}", 1)[0] + "}"] += 1
        elif token.type == "myst_role":
            found["the role {" + token.meta.get("name", "") + "}"] += 1
    return found


def markup_problems(msgid: str, msgstr: str, myst: Any) -> list[tuple[str, str]]:
    added = running_markup(msgstr, myst) - running_markup(msgid, myst)
    return [
        (
            f"the msgstr contains {kind}, which the msgid does not: the build would run it",
            "remove it: a translation may add no front matter, directive or role; to start "
            "a line with ---, put a backslash before it",
        )
        for kind in sorted(added)
    ]


def entry_problems(
    domain: str, msgid: str, msgstr: str, context: str | None = None, myst: Any = None
) -> list[tuple[str, str]]:
    """(what, fix) for the rules an entry must pass wherever it is used."""
    found = []
    if context is not None:
        found.append(
            (
                "the entry has a msgctxt, which Sphinx never looks up: the page would show English",
                "delete the msgctxt line",
            )
        )
    found += invisible_problems(msgid, msgstr)
    if domain == TEMPLATE_DOMAIN:
        found += template_problems(msgid, msgstr)
    else:
        try:
            found += markup_problems(msgid, msgstr, myst or MdParserConfig())
        except Exception as error:  # noqa: BLE001 - any failure refuses the entry
            found.append(
                (
                    f"MyST cannot read the msgstr ({type(error).__name__})",
                    "simplify the markup of the msgstr, as in the msgid",
                )
            )
    return found


# -- Files ---------------------------------------------------------------------


def display(path: Path, root: Path) -> str:
    """``path`` as a translator would type it: relative to the repository."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def tracked_files(root: Path, folder: Path) -> set[Path] | None:
    """The files git tracks under ``folder``, or None where git cannot say."""
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", str(folder)],
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {root / name for name in proc.stdout.decode("utf-8", "replace").split("\0") if name}


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def catalog_files(catalog_dir: Path, root: Path) -> tuple[dict[str, Path], list[Refusal]]:
    """The usable ``.po`` files of one language by domain, and what was refused.

    Nothing is opened here: a symlink, a FIFO or a path out of the repository
    is refused by what ``lstat`` says, before anything reads it.
    """
    refused: list[Refusal] = []
    found: dict[str, Path] = {}
    for parent in [*reversed(catalog_dir.relative_to(root).parents), catalog_dir.relative_to(root)]:
        folder = root / parent
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            refused.append(
                Refusal(
                    display(folder, root),
                    1,
                    None,
                    "the catalogs' folder is a symbolic link or not a folder: "
                    "no translation is used",
                    f"make {display(folder, root)} "
                    "a real folder in the repository (git rm the link)",
                )
            )
            return {}, refused
    if not catalog_dir.is_dir():
        return {}, refused
    tracked = None
    for path in sorted(catalog_dir.rglob("*")):
        name = display(path, root)
        if path.is_symlink():
            refused.append(
                Refusal(
                    name,
                    1,
                    None,
                    "a symbolic link in the catalogs' folder: "
                    "it is never read, and never written through",
                    f"replace it with the real file: git rm {name}",
                )
            )
        elif path.is_dir():
            continue
        elif not path.is_file() or not inside(path, root):
            refused.append(
                Refusal(
                    name,
                    1,
                    None,
                    "not a regular file in the repository: it is never read",
                    f"remove it: git rm {name}",
                )
            )
        elif path.suffix == ".mo":
            # Built from the .po by older versions of this site; a committed one
            # could say what no reviewer read. Never read either way.
            if tracked is None:
                tracked = tracked_files(root, catalog_dir) or set()
            if path in tracked:
                refused.append(
                    Refusal(
                        name,
                        1,
                        None,
                        "a compiled catalog is committed: the "
                        "build never reads it, it compiles its own from the .po",
                        f"remove it from the repository: git rm --cached {name}",
                    )
                )
        elif path.suffix == ".po":
            if path.stat().st_size > MAX_BYTES:
                refused.append(
                    Refusal(
                        name,
                        1,
                        None,
                        f"the catalog is larger than {MAX_BYTES // 1024} KiB: it is not used",
                        f"a page's catalog is far smaller; restore it with git checkout -- {name}",
                    )
                )
            else:
                found[path.relative_to(catalog_dir).with_suffix("").as_posix()] = path
    return found, refused


def read_catalog(
    path: Path, language: str, encoding: str, name: str
) -> tuple[Catalog | None, list[Refusal]]:
    """The catalog as Sphinx would read it, or None and why it is not used at all."""
    raw = path.read_bytes()
    try:
        text = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding).read()
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Refusal(
                name,
                line,
                None,
                "this line is not UTF-8 text: the catalog is not used",
                "save the file with the UTF-8 encoding",
            )
        ]
    errors = syntax_errors(text)
    if errors:
        return None, [
            Refusal(name, line, None, f"{what}: the catalog is not used", fix)
            for line, what, fix in errors
        ]
    try:
        catalog = read_po(io.StringIO(text), locale=language)
    except Exception as error:  # Babel's own complaint, with the file named
        return None, [
            Refusal(
                name,
                1,
                None,
                f"Babel cannot read it ({error}): the catalog is not used",
                "check the file with `make check-po`",
            )
        ]
    problems = []
    if catalog.charset.lower().replace("_", "-") not in {"utf-8", "utf8"}:
        problems.append("Content-Type does not say charset=UTF-8")
    plural = get_plural(language)
    # Babel fills Plural-Forms in from the language when the header lacks it.
    if catalog._num_plurals is None or (catalog.num_plurals, catalog.plural_expr) != (
        plural.num_plurals,
        plural.plural_expr,
    ):
        problems.append(f'Plural-Forms is not "{plural.plural_forms}"')
    if problems:
        return None, [
            Refusal(
                name,
                1,
                None,
                f"the header is wrong: {'; '.join(problems)}: the catalog is not used",
                'make the header say "Content-Type: text/plain; charset=UTF-8\\n" '
                f'and "Plural-Forms: {plural.plural_forms}\\n" (make update-po '
                "writes both)",
            )
        ]
    return catalog, []


def validated(
    catalog: Catalog, domain: str, name: str, myst: Any = None
) -> tuple[Catalog, list[Refusal], dict]:
    """The entries of ``catalog`` that pass :func:`entry_problems`, the refused ones,
    and the line of each msgid (for the messages of ``translation_gate``)."""
    # Fixed dates, not the clock's (Babel's default): the same .po compiles to
    # the same bytes, so a build sees a catalog as changed only when it is.
    kept = Catalog(
        locale=catalog.locale,
        domain=domain,
        charset="utf-8",
        creation_date=EPOCH,
        revision_date=EPOCH,
    )
    refused = []
    lines = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue  # the header; fuzzy entries are never used (Sphinx's default)
        msgids = message.id if isinstance(message.id, tuple) else (message.id,)
        msgstrs = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(msgstrs):
            continue
        found = [
            problem
            for msgstr in msgstrs
            for problem in entry_problems(domain, msgids[0], msgstr, message.context, myst)
        ]
        if found:
            refused += [
                Refusal(name, message.lineno or 1, msgids[0], what, fix)
                for what, fix in dict.fromkeys(found)
            ]
            continue
        kept.add(message.id, message.string, context=None, lineno=message.lineno)
        lines[msgids[0]] = message.lineno
    return kept, refused, lines


def replace_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file, if it differs."""
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True


def compile_language(
    source_dir: Path,
    out_dir: Path,
    language: str,
    root: Path,
    encoding: str = "utf-8-sig",
    myst: Any = None,
) -> list[Refusal]:
    """Validate ``source_dir``'s catalogs and write what passes into ``out_dir``.

    ``out_dir`` gets ``<domain>.mo`` and ``<domain>.po`` for each usable
    catalog and ``lines.json`` (where each msgid is in which ``.po``); files of
    catalogs that are gone are removed. Returns every refusal.
    """
    files, refused = catalog_files(source_dir, root)
    index = {}
    wanted = set()
    for domain, path in files.items():
        name = display(path, root)
        catalog, problems = read_catalog(path, language, encoding, name)
        refused += problems
        if catalog is None:
            continue
        kept, problems, lines = validated(catalog, domain, name, myst)
        refused += problems
        po, mo = io.BytesIO(), io.BytesIO()
        write_po(po, kept, width=0, omit_header=False)
        write_mo(mo, kept)
        # The .po first: Sphinx takes a .mo older than its .po for outdated.
        for suffix, data in ((".po", po.getvalue()), (".mo", mo.getvalue())):
            target = out_dir / f"{domain}{suffix}"
            wanted.add(target)
            replace_if_changed(target, data)
        index[domain] = {"path": name, "lines": lines}
    listing = out_dir / "lines.json"
    wanted.add(listing)
    replace_if_changed(listing, json.dumps(index, ensure_ascii=False, sort_keys=True).encode())
    if out_dir.is_dir():
        for stale in out_dir.rglob("*"):
            if stale.is_file() and stale not in wanted:
                stale.unlink()
    return sorted(refused)


# -- Sphinx --------------------------------------------------------------------


def myst_settings(config: Config) -> MdParserConfig:
    """The site's MyST settings (conf.py's myst_* values), as MyST makes them."""
    values = {
        field.name: config[f"myst_{field.name}"]
        for field in dataclasses.fields(MdParserConfig)
        if f"myst_{field.name}" in config
    }
    try:
        return MdParserConfig(**values)
    except (TypeError, ValueError):
        return MdParserConfig()


def compiled_root(app: Sphinx) -> Path:
    return Path(app.doctreedir) / COMPILED


def catalog_folder(config: Config | str | os.PathLike, language: str) -> tuple[Path, Path]:
    """A language's reviewed catalogs (locale/<language>/LC_MESSAGES), and the
    folder that holds the catalogs' folder, which they may not leave.

    ``config`` is the build's (its ``translation_catalogs``), or that folder
    itself, as the catalog tools (``tools/po``) are given it.
    """
    base = Path(config if isinstance(config, (str, os.PathLike)) else config.translation_catalogs)
    return base / language / "LC_MESSAGES", base.parent


def reviewed_catalogs(
    config: Config | str | os.PathLike, language: str
) -> tuple[dict[str, Path], list[Refusal]]:
    """The ``.po`` files of a language that the build may read, by domain: the one
    place that finds them (the build, the status page, the messages, tools/po)."""
    return catalog_files(*catalog_folder(config, language))


def translated(config: Config) -> bool:
    return bool(config.language) and config.language != source_language(config)


def use_compiled_catalogs(app: Sphinx, config: Config) -> None:
    """Point Sphinx at the build's own catalogs, compile them, load the template messages."""
    if config.locale_dirs and list(config.locale_dirs) != ["locales"]:  # Sphinx's default
        raise ConfigError(
            "catalog_gate: conf.py sets locale_dirs, which would let Sphinx read "
            "catalogs nobody validated; name the catalogs in "
            "translation_catalogs instead and leave locale_dirs empty"
        )
    # Absolute from here on, without resolving links: catalog_files refuses those.
    config.translation_catalogs = os.path.abspath(Path(app.confdir, config.translation_catalogs))
    if not translated(config):
        return
    config.locale_dirs = [str(compiled_root(app))]
    compile_catalogs(app)
    # Sphinx loaded the template messages before any extension ran, from no
    # catalog of ours: load them again, ours first, Sphinx's own after them.
    sphinx_locale.translators.pop(("general", TEMPLATE_DOMAIN), None)
    app.translator, _ = sphinx_locale.init(
        [compiled_root(app), None, Path(package_dir, "locale")], config.language
    )


def compile_catalogs(app: Sphinx) -> set[str]:
    """Compile what passes; say what does not. Returns the domains whose .mo changed."""
    config = app.config
    language = config.language
    source, root = catalog_folder(config, language)
    out = compiled_root(app) / language / "LC_MESSAGES"
    before = {path.stem: path.read_bytes() for path in out.glob("*.mo")} if out.is_dir() else {}
    refused = compile_language(
        source, out, language, root, config.source_encoding, myst_settings(config)
    )
    # Said once a build: the first build compiles at config-inited and again
    # at env-get-outdated; a preview's later builds say them again.
    said = getattr(app, "_catalog_gate_said", set())
    for refusal in refused:
        if str(refusal) not in said:
            logger.warning(
                "%s (the English is shown instead)", refusal, type="i18n", subtype="unsafe"
            )
    app._catalog_gate_said = {str(refusal) for refusal in refused}
    after = {path.stem: path.read_bytes() for path in out.glob("*.mo")}
    return {
        domain for domain in before.keys() | after.keys() if before.get(domain) != after.get(domain)
    }


def recompile(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Each build compiles the catalogs again: they may have changed since the
    application started (a preview, or a test that writes them then builds).

    The pages whose catalog changed are read again, and the cached translators
    of those catalogs are dropped so that Sphinx loads the new ones.
    """
    if not translated(app.config):
        return []
    domains = compile_catalogs(app)
    app._catalog_gate_said = set()  # the next build says them again
    out = compiled_root(app) / app.config.language / "LC_MESSAGES"
    changed = {str(out / f"{domain}.mo") for domain in domains}
    # gettext keeps every .mo it loaded, by path (gettext._translations): forget
    # the changed ones, or the next lookup returns their old text.
    for key in [key for key in gettext._translations if key[-1] in changed]:
        del gettext._translations[key]
    for domain in domains - {TEMPLATE_DOMAIN}:
        sphinx_locale.translators.pop(("general", domain), None)
    if TEMPLATE_DOMAIN in domains:
        # The templates hold the translator they were given: refresh it in place.
        fresh, _ = sphinx_locale.init(
            [compiled_root(app)], app.config.language, TEMPLATE_DOMAIN, namespace="catalog_gate"
        )
        sphinx_locale.translators.pop(("catalog_gate", TEMPLATE_DOMAIN), None)
        if hasattr(app.translator, "_catalog") and hasattr(fresh, "_catalog"):
            app.translator._catalog = fresh._catalog
    return [
        docname
        for docname in env.found_docs
        if docname_to_domain(docname, app.config.gettext_compact) in domains
    ]


def setup(app: Sphinx) -> ExtensionMetadata:
    # The reviewed catalogs, relative to the config dir: <it>/<lang>/LC_MESSAGES/*.po.
    app.add_config_value("translation_catalogs", "locale", "env", types=frozenset({str}))
    app.setup_extension("taskgroup_guide_ext.site_languages")
    # Before anything reads a catalog: builder-inited is too late for sphinx.mo.
    app.connect("config-inited", use_compiled_catalogs, priority=100)
    app.connect("env-get-outdated", recompile)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
