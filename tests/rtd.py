"""What Read the Docs runs for .readthedocs.yaml, run here: the tests' stand-in for RTD.

Read the Docs' standard build, as its builder does it (readthedocs/readthedocs.org,
``readthedocs/doc_builder/director.py``): the jobs ``pre_/post_create_environment``,
``pre_install``, the install step (``build.jobs.install``, or pip's upgrade of
its core packages then every ``python.install`` file), ``post_install``,
``pre_build``, then the build steps, ``html`` and then each of ``formats`` (in
the order htmlzip, pdf, epub), each our ``build.jobs.build.<format>``, then
``post_build``. Every command runs in bash in the checkout, with RTD's
variables, and the first that fails ends the build. Then RTD's check of the
output (``readthedocs/projects/tasks/builds.py``, ``store_build_artifacts``):
``html/index.html`` must exist, and each of the other formats' folders must
hold exactly one file, ``name.ext``.

The environment is this one, which `make venv` installed: pip runs offline
(``PIP_NO_INDEX``), so the install step proves that docs.txt needs nothing
more than what is here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import IN_BACKGROUND, LANGUAGES, ROOT, copy_checkout

CONFIG = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text("utf-8"))
# Read the Docs' own codes for the site's languages: "zh_CN" -> "zh-cn".
RTD_CODES = {lang.replace("_", "-").lower(): lang for lang in LANGUAGES}
# The formats besides HTML, in the order RTD builds them; each is one file.
FORMATS = ("htmlzip", "pdf", "epub")
# RTD's install step when build.jobs.install is not set (python_environments.py).
CORE_INSTALL = [
    "python -m pip install --upgrade --no-cache-dir pip setuptools",
    "python -m pip install --upgrade --no-cache-dir sphinx",
]


def jobs() -> dict:
    return CONFIG["build"].get("jobs", {})


def install_commands() -> list[str]:
    if "install" in jobs():
        return list(jobs()["install"])
    commands = list(CORE_INSTALL) if "sphinx" in CONFIG else []
    for item in CONFIG.get("python", {}).get("install", []):
        if "requirements" in item:
            commands.append(
                f"python -m pip install --exists-action=w --no-cache-dir -r {item['requirements']}"
            )
        else:
            commands.append(
                f"python -m pip install --upgrade --upgrade-strategy "
                f"only-if-needed --no-cache-dir {item.get('path', '.')}"
            )
    return commands


def build_steps() -> list[tuple[str, list[str]]]:
    """(step, its commands) in RTD's order; a step RTD would run its own way is an error."""
    steps = [
        (f"build.jobs.{job}", list(jobs().get(job, [])))
        for job in ("pre_create_environment", "post_create_environment", "pre_install")
    ]
    steps.append(("install", install_commands()))
    steps += [
        (f"build.jobs.{job}", list(jobs().get(job, []))) for job in ("post_install", "pre_build")
    ]
    for fmt in ("html", *(f for f in FORMATS if f in CONFIG.get("formats", []))):
        if fmt not in jobs().get("build", {}):
            raise AssertionError(
                f"build.jobs.build.{fmt} is not set: RTD would run its own "
                f"Sphinx command, on the repository root, not on docs/"
            )
        steps.append((f"build.jobs.build.{fmt}", list(jobs()["build"][fmt])))
    steps.append(("build.jobs.post_build", list(jobs().get("post_build", []))))
    return steps


def checkout(tmp_path: Path) -> Path:
    """A copy of the repository as Read the Docs would clone it."""
    return copy_checkout(tmp_path / "checkout")


@dataclass
class Build:
    """What one RTD build ran and kept."""

    code: str
    output: Path
    log: str
    failed: str | None  # the command that failed, if one did

    @property
    def html(self) -> Path:
        return self.output / "html"

    def artifact(self, fmt: str) -> Path:
        """The one file RTD keeps for a format, checked as RTD checks it."""
        folder = self.output / fmt
        assert folder.is_dir(), f"{fmt}: no folder {folder}"
        files = os.listdir(folder)
        assert len(files) == 1, f"{fmt}: RTD keeps exactly one file, found {files}"
        # RTD renames it with `_, extension = filename.rsplit(".")`: one dot only.
        assert files[0].count(".") == 1, f"{fmt}: RTD can't rename {files[0]!r}"
        return folder / files[0]


def run_read_the_docs(tmp_path: Path, code: str, repo: Path | None = None) -> Build:
    """RTD's build of ``code`` in a copy of this repository, or in ``repo`` as it is."""
    repo = repo if repo is not None else checkout(tmp_path)
    output = repo / "_readthedocs"  # where RTD puts it: inside the checkout
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PIP_")},
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": "taskgroup-guide",
        "READTHEDOCS_LANGUAGE": code,
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_CANONICAL_URL": f"https://taskgroup-guide.readthedocs.io/{code}/latest/",
        "READTHEDOCS_OUTPUT": f"{output}/",
        "READTHEDOCS_REPOSITORY_PATH": str(repo),
        "READTHEDOCS_VIRTUALENV_PATH": sys.prefix,
        # Everything is installed already: the install step needs no network,
        # and reads no pip configuration of this machine (find-links ...).
        "PIP_NO_INDEX": "1",
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # `python` is this environment's, as RTD's virtualenv is first on its PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    log = []
    for step, commands in build_steps():
        for command in commands:
            proc = subprocess.run(
                [*IN_BACKGROUND, "bash", "-c", command],
                cwd=repo,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            log.append(f"$ {command}\n{proc.stdout}")
            if proc.returncode != 0:
                return Build(code, output, "\n".join(log), f"{step}: {command}")
    return Build(code, output, "\n".join(log), None)
