"""Use a translation only if it changes nothing but text: checked as Sphinx applies it.

Before Sphinx's ``Locale`` transform puts a msgstr into the page, this
transform looks up the same msgstr, in the same compiled catalogs
(``catalog_gate``), for the same nodes, and compares it with its msgid the
way the machine that consumes each one reads it:

* **Prose** is parsed by the build's own parser, with the build's own
  settings (``_publish_msgstr``, the function ``Locale`` calls), msgid and
  msgstr alike, and the two node trees are compared: the same node types in
  the same nesting, every attribute the same (link targets, image URIs, roles
  and their targets, classes), the text of inline code and of every other
  literal the same; only text may differ, and inline siblings may be
  reordered. Before that, MyST's tokenizer must find no directive or role the
  msgid lacks: directives such as ``{include}`` run while they are parsed.
* **Python code** must give the same AST (what runs) and the same Pygments
  tokens apart from the text of comments (what a reader sees and copies);
  **other code** the same tokens of the lexer that highlights it. Expected
  output (``testoutput``) is never translated.

A msgstr that fails is not used: the English stays, marked with the class
``untranslated``, and a warning names the ``.po`` file and line, the msgid,
what is wrong and how to fix it (with ``-W`` the build fails).
"""

from __future__ import annotations

import ast
import functools
import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils.utils
from docutils import nodes
from docutils.parsers.rst import roles
from pygments.token import Comment
from sphinx import addnodes
from sphinx.highlighting import PygmentsBridge
from sphinx.locale import init as init_locale
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.transforms.i18n import parse_noqa
from sphinx.util import get_filetype, logging
from sphinx.util.docutils import LoggingReporter, ReferenceRole
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import LITERAL_TYPE_NODES, explicit_title_re, extract_messages

from taskgroup_guide_ext.catalog_gate import invisible_problems, short, tokenizer
from taskgroup_guide_ext.site_languages import bcp47, source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

PYTHON = {"python", "python3", "py", "py3", "default", "ipython3"}
DOCTEST_CODE = {"testcode", "testsetup", "testcleanup"}
# Attributes that hold text a translator writes, or that Sphinx derives from it.
TEXT_ATTRIBUTES = {
    "ids",
    "names",
    "dupnames",
    "backrefs",
    "alt",
    "title",
    "reftitle",
    "refexplicit",
    "translatable",
    "translated",
    "rawsource",
    "name",
    "original_uri",
    "refname",
    "anonymous",
}
# Nodes whose text is code, a key or a name: kept exactly as in the msgid.
LITERAL_TEXT = (
    nodes.literal,
    nodes.literal_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.doctest_block,
    nodes.option_string,
    addnodes.literal_emphasis,
    addnodes.literal_strong,
    addnodes.desc_name,
)

# What a node the msgstr adds or lacks is, for the translator, and how it comes about.
NODE_NAMES = {
    "section": ("a heading", "a line starting with #"),
    "title": ("a heading", "a line starting with #"),
    "bullet_list": ("a bulleted list", "a line starting with -, + or * and a space"),
    "enumerated_list": ("a numbered list", "a line starting with a number and . or )"),
    "block_quote": ("a quotation", "a line starting with >"),
    "literal_block": ("a code block", "a line starting with ``` or four spaces"),
    "transition": ("a horizontal rule", "a line of ---, *** or ___"),
    "comment": ("a comment, which is not published", "a line starting with %"),
    "target": ("a target", "a line like (name)="),
    "paragraph": ("a paragraph", "a blank line"),
    "table": ("a table", "lines starting with |"),
    "raw": ("raw HTML, which would be published as it is", "< followed by a letter"),
    "reference": ("a link", "[text](url) or <url>"),
    "image": ("an image", "![text](url)"),
    "pending_xref": ("a cross-reference", "a {role}`...`"),
    "download_reference": ("a download link", "a {download}`...`"),
    "literal": ("inline code", "`backquotes`"),
    "emphasis": ("*emphasis*", "a pair of *"),
    "strong": ("**strong emphasis**", "a pair of **"),
    "system_message": ("a markup error", "broken markup"),
    "footnote_reference": ("a footnote reference", "[^name]"),
}
ESCAPE_FIX = "reword it, or put a backslash before the character that starts the markup"
EMPHASIS_FIX = (
    "check the * marks: in Chinese, * or ** directly next to punctuation such as "
    "“ ” （ ） ， is not read as emphasis; put the punctuation outside the marks"
)


# -- Reading the msgid and msgstr as the build does ---------------------------

# MyST's markdown-it parser, configured as the build's: catalog_gate.tokenizer.


def active_markup(transform: SphinxTransform, text: str) -> tuple[Counter[str], Counter[str]]:
    """Directives and roles in ``text``, as MyST's tokenizer finds them, before anything
    parses it further: they run when parsed (``{include}`` reads a file).

    A role is counted with what it shows: for a cross-reference (a role that
    takes ``title <target>``), its target, since its title is text; for any
    other role (``{kbd}``, ``{code}``), its whole content.
    """
    directives: Counter[str] = Counter()
    roles_found: Counter[str] = Counter()
    stack = list(tokenizer(transform.env.myst_config).parse(text, {}))
    while stack:
        token = stack.pop()
        stack.extend(token.children or ())
        if token.type == "front_matter":
            directives["front matter"] += 1
        elif token.type in {"fence", "colon_fence"} and token.info.strip().startswith("{"):
            directives["directive " + token.info.strip().split("}", 1)[0] + "}"] += 1
        elif token.type == "myst_role":
            name = token.meta.get("name", "")
            content = token.content
            if takes_a_title(transform, name) and (explicit := explicit_title_re.match(content)):
                content = explicit[2]
            roles_found[f"{{{name}}}`{content}`"] += 1
    return directives, roles_found


def takes_a_title(transform: SphinxTransform, name: str) -> bool:
    """Is ``name`` a cross-reference role, whose ``title <target>`` form translates a title?

    Looked up where Sphinx looks roles up (sphinx.util.docutils.sphinx_domains):
    the named domain, else the page's default domain and the standard one,
    else docutils' own registry. A role not found is compared whole.
    """
    env = transform.env
    name = name.lower()
    if name.startswith("external"):
        # intersphinx's {external+inventory:domain:role}: the inner role decides.
        name = name.partition(":")[2]
    domain_name, _, short_name = name.rpartition(":")
    if domain_name:
        candidates = [env.domains[domain_name]] if domain_name in env.domains else []
    else:
        candidates = [env.current_document.default_domain, env.domains.standard_domain]
    for domain in filter(None, candidates):
        if short_name in domain.roles:
            return titled(domain.roles[short_name])
    return titled(roles._roles.get(name) or roles._role_registry.get(name))


def titled(role: Any) -> bool:
    """A cross-reference whose title is shown as text; one shown as code ({py:func}'s
    title is inline code) keeps its whole content, title and all."""
    if isinstance(role, XRefRole):
        return not issubclass(role.innernodeclass, nodes.literal)
    return isinstance(role, ReferenceRole)


def publish(transform: SphinxTransform, node: nodes.Element, text: str) -> nodes.Element:
    """``text`` parsed as ``Locale`` parses a msgstr for ``node``."""
    if text.strip().endswith("::"):
        text += "\n\n   dummy literal"
    if isinstance(node, nodes.title):
        text = text + "\n" + "=" * len(text) * 2
    # What sphinx.transforms.i18n._publish_msgstr does, which returns only the
    # document's first node: Locale uses no more, but a msgstr that is read as
    # more than one node must be seen whole to be compared.
    config, env = transform.config, transform.env
    source = transform.document["source"]
    document = docutils.utils.new_document(
        f"{source}:{node.line or 0}:<translated>", transform.document.settings
    )
    document.reporter = LoggingReporter.from_reporter(document.reporter)
    prolog, config.rst_prolog = config.rst_prolog, None
    try:
        parser = env._registry.create_source_parser(
            get_filetype(config.source_suffix, source), config=config, env=env
        )
        parser.parse(text, document)
    finally:
        config.rst_prolog = prolog
    return document


def signature(node: nodes.Node, in_literal: bool = False) -> tuple:
    """What a node means for the page: its type, attributes, literal text, children."""
    if isinstance(node, nodes.Text):
        return ("#text", str(node)) if in_literal else ("#text",)
    assert isinstance(node, nodes.Element)
    in_literal = in_literal or isinstance(node, LITERAL_TEXT)
    if (
        isinstance(node, nodes.literal)
        and node.parent is not None
        and (node.parent.get("refexplicit") is not None)
    ):
        in_literal = False  # the title of a cross-reference: text
    attributes = tuple(
        sorted(
            (key, repr(value))
            for key, value in node.attributes.items()
            if key not in TEXT_ATTRIBUTES and value not in ([], None, "")
        )
    )
    children = [signature(child, in_literal) for child in node.children]
    if in_literal:
        ordered = tuple(children)
    else:
        # Text may be split or merged anywhere, and inline markup reordered.
        ordered = tuple(sorted((child for child in children if child != ("#text",)), key=repr))
    return (node.tagname, attributes, ordered)


def flatten(sig: tuple, found: Counter[str] | None = None) -> Counter[str]:
    """Every node of a signature, by what it is, for telling the translator."""
    found = Counter() if found is None else found
    if sig[0] == "#text":
        return found
    tag, attributes, children = sig
    shown = dict(attributes)
    detail = shown.get("refuri") or shown.get("reftarget") or shown.get("uri") or ""
    if tag == "literal":
        detail = literal_text(sig)
    found[(tag, detail.strip("'\""))] += 1
    for child in children:
        if tag != "literal":  # a {kbd}'s keys are one piece of code
            flatten(child, found)
    return found


def literal_text(sig: tuple) -> str:
    if sig[0] == "#text":
        return sig[1] if len(sig) > 1 else ""
    return "".join(literal_text(child) for child in sig[2])


def explain(source: tuple, translation: tuple) -> list[tuple[str, str]]:
    """(what, fix) for how the msgstr's tree differs from the msgid's."""
    want, have = flatten(source), flatten(translation)
    found = []
    for tag, detail in sorted(have - want):
        what, how = NODE_NAMES.get(tag, (tag, "its markup"))
        label = f" {detail}" if detail else ""
        if tag == "paragraph":
            found.append(
                (
                    f"the msgstr has a blank line, which splits it into "
                    f"{have[tag, detail]} paragraphs",
                    "remove the blank line",
                )
            )
        elif tag in {"emphasis", "strong"}:
            found.append(
                (
                    f"the msgid has {want[tag, detail]} {what}, the msgstr {have[tag, detail]}",
                    EMPHASIS_FIX,
                )
            )
        elif tag == "literal":
            found.append(
                (
                    f"inline code `{detail}` is not in the msgid",
                    "use the msgid's code exactly: code is never translated",
                )
            )
        else:
            found.append(
                (
                    f"the msgstr is read as, or adds, {what}{label}, which the "
                    f"msgid does not have ({how} starts it)",
                    "a translation may not add or change markup or links: " + ESCAPE_FIX,
                )
            )
    for tag, detail in sorted(want - have):
        what, _ = NODE_NAMES.get(tag, (tag, ""))
        if tag in {"emphasis", "strong"}:
            if (tag, detail) not in have - want:
                found.append(
                    (
                        f"the msgid has {want[tag, detail]} {what}, the msgstr {have[tag, detail]}",
                        EMPHASIS_FIX,
                    )
                )
        elif tag == "literal":
            found.append(
                (
                    f"inline code `{detail}` is missing",
                    "copy it from the msgid unchanged: code is never translated",
                )
            )
        elif tag in {"reference", "pending_xref", "download_reference", "image"}:
            found.append(
                (
                    f"{what} to {detail} is missing or changed",
                    "keep the msgid's links and cross-references with the same "
                    "targets; translate only their text (for a role: "
                    "{doc}`译文 <target>`)",
                )
            )
        elif tag != "paragraph":
            found.append(
                (f"the msgstr lacks {what} that the msgid has", "keep the markup of the msgid")
            )
    return found or [
        (
            "the msgstr's markup differs from the msgid's",
            "keep the msgid's markup and change only the text",
        )
    ]


def prose_problems(
    transform: SphinxTransform, node: nodes.Element, msgid: str, msgstr: str
) -> list[tuple[str, str]]:
    (want, want_roles), (have, have_roles) = (
        active_markup(transform, msgid),
        active_markup(transform, msgstr),
    )
    if added := have - want:
        return [
            (
                f"the msgstr contains the {kind}, which the msgid does not: the build would run it",
                "remove it: a translation may not add directives",
            )
            for kind in sorted(added)
        ]
    if want_roles != have_roles:
        found = [
            (
                f"the msgstr has the role {use}, which the msgid does not",
                "use the msgid's roles with the same content; only a cross-reference's "
                "title may be translated, as {doc}`译文 <target>`",
            )
            for use in sorted(have_roles - want_roles)
        ]
        found += [
            (
                f"the role {use} of the msgid is missing or changed",
                "copy it from the msgid; only a cross-reference's title may be "
                "translated, as {doc}`译文 <target>`",
            )
            for use in sorted(want_roles - have_roles)
        ]
        return found
    english, translated = publish(transform, node, msgid), publish(transform, node, msgstr)
    # Character references (&#x202E;, &ZeroWidthSpace;) become the code points
    # catalog_gate refuses in the msgstr's own text: look at the text parsed.
    found = invisible_problems(english.astext(), translated.astext())
    if found:
        return found
    source, translation = signature(english), signature(translated)
    return [] if source == translation else explain(source, translation)


# -- Code ----------------------------------------------------------------------


def language_of(node: nodes.Element, highlight_language: str = "default") -> str:
    """The language a code block is highlighted (and, if Python, run) as."""
    if node.get("testnodetype") in DOCTEST_CODE:
        return "python"
    if isinstance(node, nodes.doctest_block):
        return "pycon"
    return node.get("language") or highlight_language or "default"


def lexed(source: str, language: str) -> list[tuple[Any, str]]:
    """The tokens the page's highlighter makes of ``source``: the one reading of a
    code block's comments, for the gate and for ``make check-po``."""
    if language in PYTHON:
        language = "python"
    # force: no filter that raises on an error token; an error token compares too.
    lexer = PygmentsBridge("html").get_lexer(source, language, {}, force=True)
    return list(lexer.get_tokens(source))


def comments(source: str, language: str) -> list[str]:
    """The text of the comments of a code block: what a translator translates in it."""
    return [value for kind, value in lexed(source, language) if kind in Comment]


def python_ast(source: str) -> str | None:
    try:
        # Top-level await: the doctested examples are not all in functions.
        # As bytes, as a reader's saved file is read: a coding comment counts.
        tree = compile(
            source.encode("utf-8"),
            "<code>",
            "exec",
            ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
            dont_inherit=True,
        )
    except (SyntaxError, ValueError, UnicodeDecodeError, LookupError, RecursionError, MemoryError):
        return None
    return ast.dump(tree)


def tokens(source: str, language: str) -> list[tuple[Any, str]]:
    """The tokens of ``source`` (:func:`lexed`); comments by type only."""
    return [(kind, "" if kind in Comment else value) for kind, value in lexed(source, language)]


def code_problems(msgid: str, msgstr: str, language: str) -> list[tuple[str, str]]:
    """(what, fix) if the translated code runs or reads otherwise than the English."""
    fix = (
        "only comments may be translated in code: copy the code from the msgid and "
        "translate only the text of each comment"
    )
    runs_otherwise = False
    if language in PYTHON:
        language = "python"
        english = python_ast(msgid)
        runs_otherwise = english is not None and python_ast(msgstr) != english
    a, b = tokens(msgid, language), tokens(msgstr, language)
    detail = first_difference(a, b)
    if detail is None and not runs_otherwise:
        return []
    if detail is None:
        detail = "Python reads other statements in it than in the English"
    return [(f"the code differs from the msgid beyond comments: {detail}", fix)]


def first_difference(a: list[tuple[Any, str]], b: list[tuple[Any, str]]) -> str | None:
    if a == b:
        return None
    for left, right in zip(a, b):
        if left != right:
            return f"English has {left[1]!r} where the translation has {right[1]!r}"
    longer, what = (a, "lacks") if len(a) > len(b) else (b, "adds")
    return f"the translation {what} {longer[min(len(a), len(b))][1]!r}"


# -- The transform -----------------------------------------------------------


@functools.cache
def catalog_lines(compiled: str, language: str) -> dict[str, Any]:
    path = Path(compiled) / language / "LC_MESSAGES" / "lines.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


class TranslationGate(SphinxTransform):
    """Refuse each msgstr that would change more than text, before Locale uses it."""

    # After ExtraTranslatableNodes (10); before literal_translation (15), the
    # originals (18) and Locale (20), which must see only what passed.
    default_priority = 12

    def apply(self, **kwargs: Any) -> None:
        for node, _ in extract_messages(self.document):
            if node.get("testnodetype") == "testoutput":
                # What the code prints, in every language: never translated.
                node["translatable"] = False
        language = self.config.language
        if not language or not self.config.locale_dirs:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        dirs = [self.env.srcdir / d for d in self.config.locale_dirs]
        catalog, has_catalog = init_locale(dirs, language, domain)
        if not has_catalog:
            return
        # The lookup Locale makes: every catalog of the chain, merged.
        merged: dict[str, str] = {}
        chain = []
        while catalog is not None:
            chain.append(getattr(catalog, "_catalog", None) or {})
            catalog = getattr(catalog, "_fallback", None)
        for part in reversed(chain):
            merged |= part
        for node, msgid in list(extract_messages(self.document)):
            msgstr = merged.get(msgid, "")
            literal = isinstance(node, LITERAL_TYPE_NODES)
            if not literal:
                msgstr, _ = parse_noqa(msgstr)
            if not msgstr.strip() or msgstr == msgid:
                continue
            try:
                if literal:
                    found = code_problems(
                        msgid, msgstr, language_of(node, self.config.highlight_language)
                    )
                elif isinstance(node, (nodes.meta, nodes.image, addnodes.translatable)):
                    found = []  # attribute values and index text: escaped where written
                else:
                    found = prose_problems(self, node, msgid, msgstr)
            except (Exception, RecursionError, MemoryError) as error:  # noqa: BLE001
                # A msgstr the checks cannot read is not used: its entry is named.
                found = [
                    (
                        f"the msgstr could not be checked ({type(error).__name__}): it is "
                        "nested or repeated far beyond the msgid",
                        "write it as plainly as the msgid: the same markup, the same code",
                    )
                ]
            if found:
                self.refuse(node, domain, msgid, found)

    def refuse(
        self, node: nodes.Element, domain: str, msgid: str, found: list[tuple[str, str]]
    ) -> None:
        node["translatable"] = False  # Locale and literal_translation skip it
        # Shown as English, marked as such (the untranslated extension's notice counts it).
        english = f"language-{bcp47(source_language(self.config))}"
        node["classes"] = [*node.get("classes", []), "untranslated", english]
        compiled = str(Path(self.config.locale_dirs[0]))
        listing = catalog_lines(compiled, self.config.language).get(domain, {})
        where = f"{listing.get('path', domain + '.po')}:{listing.get('lines', {}).get(msgid, 1)}"
        kept = refusals(self.env).setdefault(self.env.docname, [])
        for what, fix in found:
            message = (
                f"{where}: msgid {short(msgid)!r}: {what} — {fix} (the English is shown instead)"
            )
            kept.append((message, node.line))
            logger.warning(message, location=node, type="i18n", subtype="unsafe")


# -- Refusals outlive the build that found them ----------------------------
# A page is read again only when it or its catalog changes. Its refusals are
# kept with the environment and said again by every build until the entry is
# fixed, so that a second `make html -W` fails like the first.


def refusals(env: Any) -> dict[str, list[tuple[str, int | None]]]:
    if not hasattr(env, "translation_gate_refusals"):
        env.translation_gate_refusals = {}
    return env.translation_gate_refusals


def forget(app: Sphinx, env: Any, docname: str) -> None:
    refusals(env).pop(docname, None)


def merge(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    refusals(env).update({d: m for d, m in refusals(other).items() if d in docnames})


def note_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    env.translation_gate_read = set(docnames)
    catalog_lines.cache_clear()


def repeat(app: Sphinx, env: Any) -> None:
    read = getattr(env, "translation_gate_read", set())
    for docname, messages in sorted(refusals(env).items()):
        if docname in read or docname not in env.found_docs:
            continue
        for message, line in messages:
            logger.warning(message, location=(docname, line), type="i18n", subtype="unsafe")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    app.add_transform(TranslationGate)
    app.connect("env-purge-doc", forget)
    app.connect("env-merge-info", merge)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-updated", repeat)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
