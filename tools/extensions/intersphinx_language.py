"""Point intersphinx links at the edition of another site in the page's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def localise_targets(app: Sphinx, config: Config) -> None:
    """Swap the base URL of each intersphinx project that has an edition in this language.

    ``intersphinx_language_uris = {"zh_CN": {"python": "https://docs.python.org/zh-cn/3/"}}``
    keeps ``intersphinx_mapping["python"]``'s inventory and replaces its base URL
    in zh_CN builds. Translated editions built from the same sources have the
    same objects at the same anchors, so one stored inventory serves them all.

    This runs on ``config-inited``, after ``-D language=...`` and Read the Docs'
    language are applied: conf.py itself cannot see a command-line override.
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
                config.language, name, ", ".join(map(repr, mapping)) or "empty",
                type="intersphinx", subtype="language",
            )
            continue
        _, locations = mapping[name]
        mapping[name] = (uri, locations)
    config.intersphinx_mapping = mapping


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx.ext.intersphinx")
    app.add_config_value("intersphinx_language_uris", {}, "env", types=frozenset({dict}))
    # Before intersphinx validates and normalises the mapping (priority 800).
    app.connect("config-inited", localise_targets, priority=500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
