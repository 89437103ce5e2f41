"""One build of the site: the handbook read once, shared by every page and every adapter part.

The MkDocs adapter (hooks.py and macros.py at the project root) holds one `Build` per build,
attached to the build's configuration object. Nothing here imports MkDocs: the configuration
is read as the mapping it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.audience import Audience, Published, publish
from handbook.model import Handbook
from handbook.problems import Problem
from handbook.relations import Relations, relate
from handbook.render.context import Context
from handbook.render.links import Links
from handbook.site import ROLES_DIR, SitePlan, plan_site
from handbook.validation import CATALOGS, SETTINGS_FILE

ATTRIBUTE = "_handbook_build"
DATA_DIR = "roles_data"


class SettingError(ValueError):
    """A setting given by the environment is not valid; the message says which and why."""


def audience_from(environ: Mapping[str, str]) -> Audience:
    value = environ.get("HANDBOOK_AUDIENCE", Audience.PUBLIC.value)
    try:
        return Audience(value)
    except ValueError:
        raise SettingError(
            f"HANDBOOK_AUDIENCE={value!r} is not an audience: use 'public' or 'internal'"
        ) from None


@dataclass
class Build:
    published: Published
    relations: Relations
    data_dir: Path
    docs_dir: Path
    directory_urls: bool = True
    edit_base: str | None = None  # e.g. 'https://github.com/org/repo/edit/main/'
    plan: SitePlan | None = None
    # Problems already reported to the log (each is reported once per build).
    reported: set[Problem] = field(default_factory=set)

    @property
    def handbook(self) -> Handbook:
        return self.published.handbook

    @property
    def audience(self) -> Audience:
        return self.published.audience

    def catalog_files(self) -> list[str]:
        """The settings and catalog files as the handbook names them in messages."""
        shown = self._shown_data_dir()
        return [f"{shown}/{name}" for name in (SETTINGS_FILE, *(c[0] for c in CATALOGS.values()))]

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
        )

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


def open_build(config: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> Build:
    """Read the handbook for the build `config` describes (a MkDocs configuration mapping)."""
    config_file = config.get("config_file_path")
    project = Path(config_file).parent if config_file else Path.cwd()
    data_dir = Path(environ.get("HANDBOOK_DATA") or project / DATA_DIR)
    audience = audience_from(environ)
    published = publish(data_dir, audience, display_root=Path.cwd())
    repo_url = (config.get("repo_url") or "").rstrip("/")
    return Build(
        published=published,
        relations=relate(published.handbook),
        data_dir=data_dir,
        docs_dir=Path(config.get("docs_dir") or project / "docs"),
        directory_urls=bool(config.get("use_directory_urls", True)),
        edit_base=f"{repo_url}/edit/main/" if repo_url else None,
    )


def attached(holder: Any, environ: Mapping[str, str] = os.environ) -> Build:
    """The build attached to `holder` (the build's configuration object), opened on first use."""
    build = getattr(holder, ATTRIBUTE, None)
    if not isinstance(build, Build):
        build = open_build(holder, environ)
        setattr(holder, ATTRIBUTE, build)
    return build
