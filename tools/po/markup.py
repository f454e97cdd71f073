"""Markup and safety: a msgstr keeps the MyST markup of its msgid, and adds none.

Sphinx parses each msgstr as Markdown and publishes the result, so a
translation that adds raw HTML, a link or an image would put it on the page:
every such addition is refused, whatever it is. Both texts are parsed with
MyST's own parser, configured from ``conf.py`` as the build is, and their
markup is compared as multisets, since a translation may reorder a sentence:

- inline code, link and image URLs, roles with their targets, raw HTML, and
  any other markup a MyST extension brings: the same, as many times;
- emphasis and strong emphasis: as many as in the msgid;
- block structure: a msgstr is not turned into a heading, list, code block,
  directive or comment by how one of its lines starts;
- placeholders the build fills in after translation, ``{script}`` or
  ``%(copyright)s`` (the HTML templates' messages, which are HTML): the same.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from tools.po import site_config

Kind = tuple[str, str]

# Block syntax a line of a msgstr can start by accident: (what it becomes, how).
BLOCKS = {
    "heading_open": ("a heading", "a line starting with #, or underlined with === or ---"),
    "bullet_list_open": ("a bulleted list", "a line starting with -, + or * and a space"),
    "ordered_list_open": ("a numbered list", "a line starting with a number and . or )"),
    "blockquote_open": ("a quotation", "a line starting with >"),
    "fence": ("a code block or directive", "a line starting with ``` or :::"),
    "code_block": ("an indented code block", "a line starting with four spaces"),
    "hr": ("a horizontal rule", "a line of ---, *** or ___"),
    "myst_line_comment": ("a comment, which is not published", "a line starting with %"),
    "myst_target": ("a target", "a line like (name)="),
    "myst_block_break": ("a block break", "a line starting with +++"),
    "table_open": ("a table", "lines starting with |"),
}
ESCAPE_FIX = "reword the start of that line, or put a backslash before its first character"
EMPHASIS_FIX = ("check the * marks: in Chinese, * or ** directly next to punctuation such as "
                "“ ” （ ） ， is not read as emphasis; put the punctuation outside the marks")
# str.format fields and %-format keys, in prose: code and roles are compared whole.
PLACEHOLDER = re.compile(r"\{\w+(?:[:!][^{}]*)?\}|%\(\w+\)[sd]")
# Sphinx's explicit_title_re: {role}`title <target>`.
EXPLICIT_TITLE = re.compile(r"^(.+?)\s*<([^<]*?)>$", re.DOTALL)


@functools.cache
def parser() -> MarkdownIt:
    """MyST's parser, with the ``myst_*`` options of conf.py."""
    options = {name.removeprefix("myst_"): value for name, value in vars(site_config()).items()
               if name.startswith("myst_")}
    return create_md_parser(MdParserConfig(**options), RendererHTML)


def role(token: Token) -> str:
    """``{doc}`target```: a role's name and target; ``{doc}`text <target>``` translates text."""
    explicit = EXPLICIT_TITLE.match(token.content)
    return f"{{{token.meta['name']}}}`{explicit[2] if explicit else token.content}`"


def inline_kind(token: Token) -> Kind | None:
    """What an inline token means for the page, or None for prose."""
    match token.type:
        case "text" | "softbreak" | "hardbreak":
            return None
        case "code_inline":
            return "code", f"`{token.content}`"
        case "link_open":
            return "link", token.attrs["href"]
        case "image":
            return "image", token.attrs["src"]
        case "myst_role":
            return "role", role(token)
        case "html_inline":
            return "html", token.content
        case "em_open":
            return "emphasis", "*"
        case "strong_open":
            return "strong", "**"
        case _ if token.nesting == -1:  # the closing half of a pair
            return None
        case _:
            return token.type, token.content


def block_kind(token: Token) -> str:
    """A top-level block; code and HTML blocks with their content, to compare it too."""
    if token.type in {"fence", "code_block", "html_block"}:
        return f"{token.type} {token.info} {token.content}"
    return token.type


def parse(text: str) -> tuple[Counter[str], Counter[Kind]]:
    """The top-level blocks and the inline markup of ``text``."""
    tokens = parser().parse(text)
    blocks = Counter(block_kind(t) for t in tokens
                     if t.level == 0 and t.nesting >= 0 and t.type != "inline")
    inline = Counter(kind for t in tokens for child in t.children or ()
                     if (kind := inline_kind(child)))
    inline.update(("placeholder", found) for t in tokens for child in t.children or ()
                  if child.type == "text" for found in PLACEHOLDER.findall(child.content))
    return blocks, inline


def prose(text: str) -> str:
    """The words of ``text`` a reader sees as prose: no code, no URLs, no role targets."""
    words = []
    for token in parser().parse(text):
        for child in token.children or ():
            if child.type == "text":
                words.append(child.content)
            elif child.type == "myst_role" and (explicit := EXPLICIT_TITLE.match(child.content)):
                words.append(explicit[1])
    return " ".join(words)


# Roles whose default text is the title of a section of another project's docs,
# which the stored inventory has in English only.
TITLED_ELSEWHERE = re.compile(r"^external\+[\w-]+:(?:std:)?(?:ref|doc)$")


def untitled_external(msgstr: str) -> list[tuple[str, str]]:
    """(what, fix) for each cross-reference into other docs that would show an English title."""
    found = []
    for token in parser().parse(msgstr):
        for child in token.children or ():
            if (child.type == "myst_role" and TITLED_ELSEWHERE.match(child.meta["name"])
                    and not EXPLICIT_TITLE.match(child.content)):
                found.append((
                    f"the cross-reference {{{child.meta['name']}}}`{child.content}` shows the "
                    "English title of that section on the translated page",
                    f"give it the title in the translation: {{{child.meta['name']}}}"
                    f"`译文 <{child.content}>`, as the Chinese Python docs title it"))
    return found


# (what, fix) for markup the msgstr lacks, and for markup it adds, by kind;
# None for any other kind a MyST extension may bring.
MISSING = {
    "code": ("inline code {values} is missing", "copy it from the msgid unchanged: code is never translated"),
    "link": ("the link to {values} is missing", "keep the link: translate only the text in [brackets]"),
    "image": ("the image {values} is missing", "keep the image as in the msgid"),
    "role": ("the cross-reference {values} is missing",
             "keep the role and its target; to translate its text, write {doc}`译文 <target>`"),
    "placeholder": ("the placeholder {values} is missing",
                    "keep it: the build puts a value in its place"),
    None: ("the msgstr lacks the {kind} {values} of the msgid", "keep it as in the msgid"),
}
ADDED = {
    "code": ("inline code {values} is not in the msgid",
             "use the msgid's code exactly: code is never translated"),
    "link": ("the msgstr links to {values}, which the msgid does not: a translation may not add or "
             "change links", "link only to the URLs of the msgid"),
    "image": ("the msgstr adds the image {values}: a translation may not add images", "remove it"),
    "role": ("the msgstr has the cross-reference {values}, which the msgid does not",
             "use the cross-references of the msgid, with the same targets"),
    "html": ("the msgstr contains raw HTML {values}, which would be published as it is",
             "remove it; for a literal < write \\<"),
    "placeholder": ("the placeholder {values} is not in the msgid",
                    "use the placeholders of the msgid only: another one stops the build"),
    None: ("the msgstr adds the {kind} {values}, which the msgid does not have",
           "remove it: a translation may not add markup"),
}
COUNTED = (("emphasis", "*"), ("strong", "**"))


def block_problems(source: Counter[str], translation: Counter[str]) -> list[tuple[str, str]]:
    """A msgstr that Markdown reads as other blocks than its msgid."""
    added, missing = translation - source, source - translation
    found = []
    for kind in added:
        name = kind.split(" ", 1)[0]
        if name == "paragraph_open":
            found.append(("the msgstr has a blank line, which splits it into "
                          f"{translation[kind]} paragraphs", "remove the blank line"))
        elif name == "html_block":
            found.append(("the msgstr contains a raw HTML block, which would be published "
                          "as it is", "remove it; for a literal < write \\<"))
        else:
            what, syntax = BLOCKS.get(name, (name, "its Markdown syntax"))
            found.append((f"the msgstr is read as {what}, which the msgid is not",
                          f"{syntax} starts {what}: {ESCAPE_FIX}"))
    for kind in missing:
        name = kind.split(" ", 1)[0]
        if not (added and name == "paragraph_open"):  # said already: it became something else
            what = BLOCKS.get(name, (name.removesuffix("_open"), ""))[0]
            found.append((f"the msgstr lacks {what} that the msgid has",
                          "keep the block syntax of the msgid"))
    return found


def compare(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(what, fix) for each markup difference between an entry's msgid and msgstr."""
    source_blocks, source = parse(msgid)
    translation_blocks, translation = parse(msgstr)
    found = block_problems(source_blocks, translation_blocks)
    for kind, mark in COUNTED:
        want, have = source[kind, mark], translation[kind, mark]
        if want != have:
            found.append((f"the msgid has {want} {mark}{kind}{mark}, the msgstr {have}",
                          EMPHASIS_FIX))
    for changes, messages in ((source - translation, MISSING), (translation - source, ADDED)):
        values: dict[str, list[str]] = {}
        for kind, value in changes.elements():  # in the order they appear
            if (kind, value) not in COUNTED:
                values.setdefault(kind, []).append(value)
        for kind, listed in values.items():
            what, fix = messages.get(kind, messages[None])
            found.append((what.format(kind=kind, values=", ".join(listed)), fix))
    return found
