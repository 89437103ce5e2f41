"""Helpers to build the handbook with MkDocs, as CI does, into temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINKED = ("handbook", "roles_data")
# <link> relations that name a page without the browser fetching it.
NAVIGATIONAL_RELS = {"canonical", "alternate", "next", "prev", "author", "license", "help"}


@dataclass
class Build:
    code: int
    log: str
    site: Path


def make_project(
    target: Path,
    docs: Path | None = None,
    own_data: bool = False,
    own_code: bool = False,
    data: Path | None = None,
) -> Path:
    """A copy of the project's site sources in `target`, to add or change pages in.

    With `own_data`, roles_data/ is copied too (to edit it); pass it to `build` as `data`.
    With `data`, that handbook is copied as roles_data/ instead of the default one, and the
    default organisation's own role pages (docs/roles/<department>/) are left out.
    With `own_code`, so is the core package, which MkDocs run in `target` then imports.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(docs or ROOT / "docs", target / "docs")
    copied = {"roles_data"} if own_data or data else set()
    if data is not None:
        for folder in (target / "docs" / "roles").iterdir():
            if folder.is_dir():
                shutil.rmtree(folder)
        shutil.copytree(data, target / "roles_data")
    if own_code:
        copied.add("handbook")
    for name in LINKED:
        if name in copied:
            if not (target / name).exists():
                shutil.copytree(
                    ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
                )
        else:
            (target / name).symlink_to(ROOT / name)
    return target


def own_page(project: Path, src: str) -> Path:
    """The handbook's general page `src`, copied into the project's docs/ as a writer does to
    reword it (the copy then replaces the package's page); its path."""
    path = project / "docs" / src
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "handbook" / "pages" / src, path)
    return path


# What `make test` passes to the commands it runs: a make the tests run would take itself for a
# sub-make and write "make[1]: ..." lines, which a person's `make build` does not.
SUB_MAKE = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")


def mkdocs_env(data: Path | None = None) -> dict[str, str]:
    """The environment of a build: the project's defaults, optionally another data folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in ("HANDBOOK_AUDIENCE", "HANDBOOK_MACROS_FAIL", "HANDBOOK_DATA", *SUB_MAKE):
        env.pop(name, None)
    if data is not None:
        env["HANDBOOK_DATA"] = str(data)
    return env


def build(
    project: Path,
    site: Path,
    data: Path | None = None,
    audience: str | None = None,
    strict: bool = True,
) -> Build:
    """`mkdocs build --strict` in a subprocess; the data folder and audience may be swapped.

    With `strict=False`, a build as the preview makes it: problems are logged, not fatal.
    """
    env = mkdocs_env(data)
    if audience is not None:
        env["HANDBOOK_AUDIENCE"] = audience
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *(["--strict"] if strict else []),
            "-d",
            str(site),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


class PageParser(HTMLParser):
    """Collects visible text, links and resource references of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.resources: list[str] = []
        self.tags: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag in {"script", "style"}:
            self._skip += 1
        if tag == "a" and values.get("href"):
            self.links.append((values["href"] or "", values))
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and values.get("src"):
            self.resources.append(values["src"] or "")
        rel = set((values.get("rel") or "").lower().split())
        if tag == "link" and values.get("href") and not rel <= NAVIGATIONAL_RELS:
            self.resources.append(values["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
