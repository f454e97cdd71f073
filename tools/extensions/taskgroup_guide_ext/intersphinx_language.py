"""Point links to another site, intersphinx or plain, at its edition in the page's language."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def site_prefixes(original: str, edition: str) -> tuple[str, str]:
    """The part of two base URLs to swap, leaving a shared last segment free.

    ``https://docs.python.org/3/`` and ``https://docs.python.org/zh-cn/3/``
    give ``https://docs.python.org/`` and ``https://docs.python.org/zh-cn/``,
    so a plain link to ``https://docs.python.org/3.13/...`` moves to the
    3.13 edition as well.
    """
    head, _, last = original.rstrip("/").rpartition("/")
    edition_head, _, edition_last = edition.rstrip("/").rpartition("/")
    if last == edition_last and "://" in head and "://" in edition_head:
        return head + "/", edition_head + "/"
    return original, edition


def localise_targets(sites: list[tuple[str, str]], app: Sphinx, config: Config) -> None:
    """Swap the base URL of each intersphinx project that has an edition in this language.

    ``intersphinx_language_uris = {"zh_CN": {"python": "https://docs.python.org/zh-cn/3/"}}``
    keeps ``intersphinx_mapping["python"]``'s inventory and replaces its base URL
    in zh_CN builds. Translated editions built from the same sources have the
    same objects at the same anchors, so one stored inventory serves them all.

    This runs on ``config-inited``, after ``-D language=...`` and Read the Docs'
    language are applied: conf.py itself cannot see a command-line override.
    The (site, edition) URL prefixes go into *sites*, for :func:`localise_links`.
    """
    editions = config.intersphinx_language_uris.get(config.language, {})
    if not editions:
        return
    mapping = dict(config.intersphinx_mapping)
    for name, uri in editions.items():
        if name not in mapping:
            logger.warning(
                "intersphinx_language_uris[%r] names the project %r, which is not a "
                "key of intersphinx_mapping (%s); its links keep their URL. Use one "
                "of those keys in conf.py.",
                config.language,
                name,
                ", ".join(map(repr, mapping)) or "empty",
                type="intersphinx",
                subtype="language",
            )
            continue
        base, locations = mapping[name]
        mapping[name] = (uri, locations)
        sites.append(site_prefixes(base, uri))
    config.intersphinx_mapping = mapping


def localise_links(
    sites: list[tuple[str, str]], app: Sphinx, doctree: nodes.document, docname: str
) -> None:
    """Move plain links (``[text](https://docs.python.org/3/...)``) to the edition too."""
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "")
        for site, edition in sites:
            if uri.startswith(site) and not uri.startswith(edition):
                ref["refuri"] = edition + uri[len(site) :]
                break


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.intersphinx")
    app.add_config_value("intersphinx_language_uris", {}, "env", types=frozenset({dict}))
    # Before intersphinx validates and normalises the mapping (priority 800).
    sites: list[tuple[str, str]] = []
    app.connect("config-inited", partial(localise_targets, sites), priority=500)
    app.connect("doctree-resolved", partial(localise_links, sites))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
