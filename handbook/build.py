"""One build of the site: the handbook read once, shared by every page and every adapter part.

The MkDocs plugin (handbook/plugin.py) holds one `Build` per build, which macros.py takes from
it. Nothing here imports MkDocs: the configuration is read as the mapping it is.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from handbook import i18n
from handbook.audience import Audience, Published, publish
from handbook.model import Handbook
from handbook.problems import ENVIRONMENT, Problem
from handbook.relations import Relations, relate
from handbook.render.context import Context
from handbook.render.links import Links
from handbook.render.templating import OVERRIDES, Templates, templates
from handbook.searchterms import SEARCH_TERMS_FILE
from handbook.site import ROLES_DIR, SitePlan, plan_site
from handbook.urls import REPOSITORY_EXAMPLE, SITE_EXAMPLE, address_problem
from handbook.validation import CATALOGS, SETTINGS_FILE

_MARKER = re.compile(r"<!--hb-([0-9a-f]+)-([0-9]+)-->")
_MARKDOWN_INSIDE = re.compile(r"<[a-z][^>]*\smarkdown(?:[\s=>])")
DATA_DIR = "roles_data"


AUDIENCE, DATA = "HANDBOOK_AUDIENCE", "HANDBOOK_DATA"
SITE_URL, REPO_URL = "HANDBOOK_SITE_URL", "HANDBOOK_REPO_URL"


class SettingError(ValueError):
    """A setting given by the environment is not valid; the message says which and why."""


def _audience_problem(value: str) -> str | None:
    if value in {a.value for a in Audience}:
        return None
    return f"{value!r} is not an audience: use 'public' or 'internal'"


def audience_from(environ: Mapping[str, str]) -> Audience:
    value = environ.get(AUDIENCE, Audience.PUBLIC.value)
    if problem := _audience_problem(value):
        raise SettingError(f"{AUDIENCE}: {problem}")
    return Audience(value)


def _data_problem(value: str) -> str | None:
    fix = (
        f"set {DATA} to the folder that holds handbook.yml and roles/, or unset it to use the "
        f"project's {DATA_DIR}/"
    )
    try:
        if Path(value).is_dir():
            return None
        exists = os.path.lexists(value)
    except (OSError, ValueError):  # unreadable, or a NUL in the name
        exists = True
    return f"{value!r} {'is not a folder' if exists else 'does not exist'}: {fix}"


def environment_problems(environ: Mapping[str, str] = os.environ) -> list[Problem]:
    """The settings given by environment variables that cannot be used, one problem each,
    named by the variable (`handbook check` reports them, and the build, which then goes on
    without them)."""
    checks = (
        (AUDIENCE, _audience_problem),
        (DATA, _data_problem),
        (SITE_URL, lambda value: address_problem(value, SITE_EXAMPLE)),
        (REPO_URL, lambda value: address_problem(value, REPOSITORY_EXAMPLE)),
    )
    problems = []
    for name, problem_of in checks:
        value = environ.get(name)
        if value and (problem := problem_of(value)):
            problems.append(Problem(ENVIRONMENT, None, name, problem))
    return problems


@dataclass
class Build:
    published: Published
    relations: Relations
    data_dir: Path
    docs_dir: Path
    directory_urls: bool = True
    edit_base: str | None = None  # e.g. 'https://github.com/org/repo/edit/main/'
    # The addresses the pages may link to: the configuration's (the environment's, through
    # mkdocs.yml), else for the repository handbook.yml's; None where there is none or the
    # one given was refused (see `setting_problems`).
    site_url: str | None = None
    repo_url: str | None = None
    # Settings of the environment or mkdocs.yml that were refused, one problem each.
    setting_problems: list[Problem] = field(default_factory=list)
    plan: SitePlan | None = None
    # Problems already reported to the log (each is reported once per build).
    reported: set[Problem] = field(default_factory=set)
    # Whether the adapter puts HTML blocks set aside by `set_aside` back after Markdown (the
    # MkDocs plugin does; a runner without it gets the HTML inline).
    defer_html: bool = False
    fragments: dict[str, list[str]] = field(default_factory=dict)
    nonce: str = field(default_factory=lambda: secrets.token_hex(4))
    # The renderers' templates, in the handbook's language, with the project's overrides.
    templates: Templates = field(default_factory=templates)

    @property
    def handbook(self) -> Handbook:
        return self.published.handbook

    @property
    def audience(self) -> Audience:
        return self.published.audience

    def catalog_files(self) -> list[str]:
        """The settings and catalog files as the handbook names them in messages."""
        shown = self._shown_data_dir()
        names = [SETTINGS_FILE, *(c[0] for c in CATALOGS.values())]
        if (self.data_dir / SEARCH_TERMS_FILE).is_file():  # optional: a source only when there
            names.append(SEARCH_TERMS_FILE)
        return [f"{shown}/{name}" for name in names]

    def _shown_data_dir(self) -> str:
        try:
            return self.data_dir.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return self.data_dir.as_posix()

    def site(self, writer_pages: Iterable[str] | None = None) -> SitePlan:
        """The site plan; `writer_pages` (docs-relative) defaults to the files under docs/roles/."""
        if self.plan is None or writer_pages is not None:
            if writer_pages is None:
                roles_dir = self.docs_dir / ROLES_DIR
                found = roles_dir.rglob("*.md") if roles_dir.is_dir() else []
                writer_pages = [p.relative_to(self.docs_dir).as_posix() for p in found]
            self.plan = plan_site(
                self.handbook,
                self.relations,
                self.published.broken,
                writer_pages,
                self.catalog_files(),
                docs_shown=_shown(self.docs_dir),
            )
        return self.plan

    def context(self, page: str) -> Context:
        """What a renderer needs on the page `page` (docs-relative)."""
        plan = self.site()
        links = Links(page, plan.role_pages, self.directory_urls, plan.department_pages)
        return Context(
            self.handbook,
            links,
            self.audience,
            self.edit_base,
            self.relations,
            self.published.broken,
            self.templates,
        )

    def set_aside(self, page: str, text: str) -> str:
        """`text` (a macro's output on `page`) with its HTML blocks replaced by markers.

        A renderer writes each HTML block on one line of its own, between blank lines:
        Python-Markdown would parse every tag of it again only to leave it as it is, which was
        most of the cost of a role page. The markers are HTML comments, which Markdown passes
        through; `put_back` restores the blocks in the page's HTML. Blocks that ask for
        Markdown inside them (`markdown` attribute) are left in place.
        """
        if not self.defer_html:
            return text
        kept = self.fragments.setdefault(page, [])
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if (
                line.startswith("<")
                and line.endswith(">")
                and (i == 0 or not lines[i - 1])
                and (i + 1 == len(lines) or not lines[i + 1])
                and not _MARKDOWN_INSIDE.match(line)
            ):
                lines[i] = f"<!--hb-{self.nonce}-{len(kept)}-->"
                kept.append(line)
        return "\n".join(lines)

    def put_back(self, page: str, html: str) -> str:
        """The page's HTML with the blocks `set_aside` took out of its Markdown."""
        kept = self.fragments.pop(page, None)
        if not kept:
            return html
        return _MARKER.sub(
            lambda m: kept[int(m.group(2))] if m.group(1) == self.nonce else m.group(0), html
        )

    def edit_url(self, path: str) -> str | None:
        """The address that opens `path` (a file of the project, e.g. a role's data file) in
        the repository's editor, its path URL-quoted so that no file name can end the
        attribute it is written into; None without a repository, or for a path outside the
        project."""
        if not self.edit_base or not path or path.startswith(("/", "..")):
            return None
        return self.edit_base + quote(path)

    def unreported(self, problems: Iterable[Problem]) -> list[Problem]:
        """The problems not yet reported in this build, marked as reported."""
        fresh = [p for p in problems if p not in self.reported]
        self.reported.update(fresh)
        return fresh


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _configured_address(
    config: Mapping[str, Any], key: str, variable: str, example: str, refused: set[str]
) -> tuple[str | None, list[Problem]]:
    """The configuration's address `key` when the site may link to it, and the problem when
    not (none when the environment variable it comes from is already reported)."""
    value = config.get(key)
    if not value:
        return None, []
    problem = address_problem(value, example) if isinstance(value, str) else "expected text"
    if problem is None:
        return value, []
    if variable in refused:
        return None, []
    config_file = config.get("config_file_path")
    shown = _shown(Path(config_file)) if config_file else "mkdocs.yml"
    return None, [Problem(shown, None, key, problem)]


def open_build(
    config: Mapping[str, Any],
    environ: Mapping[str, str] = os.environ,
    data: str | None = None,
    audience: Audience | None = None,
) -> Build:
    """Read the handbook for the build `config` describes (a MkDocs configuration mapping).

    `data` and `audience` are the plugin's options (mkdocs.yml reads them from HANDBOOK_DATA
    and HANDBOOK_AUDIENCE with !ENV); without them, the environment's or the defaults. A data
    folder equal to HANDBOOK_DATA is that variable's, as `handbook check` reads it (from the
    current folder); another is the project's, from the folder of mkdocs.yml.

    A setting of the environment or the configuration that cannot be used is left out (an
    address refused is not linked to; a data folder that is not one is not read, and an
    unknown audience is the public one) and reported once, in `setting_problems`.
    """
    config_file = config.get("config_file_path")
    project = Path(config_file).parent if config_file else Path.cwd()
    problems = environment_problems(environ)
    refused = {p.field for p in problems}
    from_environment = data is None or data == environ.get(DATA)
    data_dir = project / (data or DATA_DIR)
    if from_environment:
        data_dir = Path(environ.get(DATA) or project / DATA_DIR)
    if audience is None:
        audience = Audience.PUBLIC if AUDIENCE in refused else audience_from(environ)
    published = publish(data_dir, audience, display_root=Path.cwd())
    if (
        DATA in refused and from_environment
    ):  # one line says why, not one per file the folder would hold
        published = dataclasses.replace(published, problems=[])
    site_url, site_problems = _configured_address(
        config, "site_url", SITE_URL, SITE_EXAMPLE, refused
    )
    repo_url, repo_problems = _configured_address(
        config, "repo_url", REPO_URL, REPOSITORY_EXAMPLE, refused
    )
    from_data = published.handbook.settings.repo_url
    if not config.get("repo_url") and from_data and not address_problem(from_data, ""):
        repo_url = from_data  # a refused one is reported by the check of handbook.yml
    edit_root = (repo_url or "").rstrip("/")
    theme = config.get("theme")
    custom_dir = getattr(theme, "custom_dir", None) if theme is not None else None
    overrides = Path(custom_dir) / OVERRIDES if custom_dir else None
    language = i18n.load(published.handbook.settings.language)
    return Build(
        published=published,
        relations=relate(published.handbook),
        data_dir=data_dir,
        docs_dir=Path(config.get("docs_dir") or project / "docs"),
        directory_urls=bool(config.get("use_directory_urls", True)),
        edit_base=f"{edit_root}/edit/main/" if edit_root else None,
        site_url=site_url,
        repo_url=repo_url,
        setting_problems=[*problems, *site_problems, *repo_problems],
        templates=templates(language, overrides),
    )
