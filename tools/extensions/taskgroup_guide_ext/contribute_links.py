"""Links for readers who want to help: the repository, "Edit this page", "Improve this translation".

The repository's address is taken from Read the Docs' environment
(``READTHEDOCS_GIT_CLONE_URL``, with the branch or tag it builds,
``READTHEDOCS_GIT_IDENTIFIER``) where it is set, and otherwise from the one
setting ``repository_url`` in conf.py (branch: ``repository_branch``). With
neither, the pages carry no such links: no address is made up.

Each page with a source gets ``contribute_links`` in its template context,
which ``_templates/contribute.html`` shows under the article: the page's
Markdown source ("Edit this page"), on a translated page its catalog
(``locale/<lang>/LC_MESSAGES/<page>.po``, "Improve this translation"), and the
repository. Links to the editor of GitHub, GitLab and Codeberg/Gitea; any
other host gets its plain address.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.i18n import docname_to_domain

from taskgroup_guide_ext.catalog_gate import reviewed_catalogs
from taskgroup_guide_ext.site_languages import source_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

# git@host:owner/name.git and ssh://git@host/owner/name.git
SSH = re.compile(r"^(?:ssh://)?[\w.-]+@(?P<host>[\w.-]+)[:/](?P<path>.+)$")
# How each host names the page that edits a file: {repo}, {branch}, {path}.
EDIT = {
    "github.com": "{repo}/edit/{branch}/{path}",
    "gitlab.com": "{repo}/-/edit/{branch}/{path}",
    "codeberg.org": "{repo}/_edit/{branch}/{path}",
}


def web_address(clone_url: str) -> str:
    """The repository's web page, from the address git clones it from."""
    url = clone_url.strip()
    if not url:
        return ""
    ssh = SSH.match(url)
    if ssh and not url.startswith(("http://", "https://")):
        url = f"https://{ssh['host']}/{ssh['path']}"
    return url.removesuffix("/").removesuffix(".git")


def repository(config: Config) -> tuple[str, str]:
    """(web address, branch): Read the Docs' if it says, else conf.py's."""
    clone = os.environ.get("READTHEDOCS_GIT_CLONE_URL") or config.repository_url
    branch = os.environ.get("READTHEDOCS_GIT_IDENTIFIER") or config.repository_branch
    return web_address(clone), branch


def file_link(repo: str, branch: str, path: str) -> str:
    host = re.sub(r"^https?://", "", repo).split("/", 1)[0].lower()
    template = EDIT.get(
        host, "{repo}/blob/{branch}/{path}" if host.startswith(("github.", "gitlab.")) else ""
    )
    return template.format(repo=repo, branch=branch, path=path) if template else repo


def add_links(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object
) -> None:
    repo, branch = repository(app.config)
    if not repo:
        return
    context["repository_url"] = repo
    if doctree is None or pagename not in app.env.all_docs:
        return  # search, genindex: made by Sphinx, no source to edit
    root = Path(app.confdir)
    source = Path(app.env.doc2path(pagename)).resolve()
    links = {"edit": file_link(repo, branch, source.relative_to(root).as_posix())}
    language = app.config.language
    if language and language != source_language(app.config):
        domain = docname_to_domain(pagename, app.config.gettext_compact)
        # The reviewed catalog (catalog_gate finds it), not the build's compiled copy.
        catalog = reviewed_catalogs(app.config, language)[0].get(domain)
        if catalog is not None:
            links["translate"] = file_link(repo, branch, catalog.relative_to(root).as_posix())
    context["contribute_links"] = links


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("taskgroup_guide_ext.catalog_gate")
    # The web address of the repository (or the address git clones it
    # from); "" for none. READTHEDOCS_GIT_CLONE_URL wins where it is set.
    app.add_config_value("repository_url", "", "html", types=frozenset({str}))
    app.add_config_value("repository_branch", "main", "html", types=frozenset({str}))
    app.connect("html-page-context", add_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
