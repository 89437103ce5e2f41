"""mkdocs-macros adapter: loads the handbook once and registers its renderers as macros.

Everything here is glue: reading configuration, finding the current page's role, and turning
a writer's mistake (an unknown id in a macro call) into one logged line that fails a
`--strict` build. Rendering lives in the `handbook` package, which knows nothing of MkDocs.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateSyntaxError
from mkdocs_macros.errors import format_error


def _newest_change(package: Any) -> float:
    return max(p.stat().st_mtime for p in Path(package.__file__).parent.rglob("*.py"))


def _forget_changed_core() -> None:
    """Make an edit to the core package show in the next `mkdocs serve` rebuild.

    mkdocs-macros runs this file afresh for every build, but Python keeps the `handbook`
    package imported by the first one; when one of its files has changed since, forget it so
    the imports below load the new code.
    """
    package = sys.modules.get("handbook")
    loaded = getattr(package, "_newest_change", None)
    if package is not None and (loaded is None or _newest_change(package) > loaded):
        for name in [n for n in sys.modules if n == "handbook" or n.startswith("handbook.")]:
            del sys.modules[name]


_forget_changed_core()

import handbook
from handbook.audience import Audience, for_audience
from handbook.cli import schema_text
from handbook.mistakes import MistakeOutOfDate, demonstrate
from handbook.pages import index_pages
from handbook.problems import Problem
from handbook.render import guide, markup, mermaid, orgchart, role, salary, tables
from handbook.render.context import Context, RenderError
from handbook.render.export import export_roles
from handbook.render.links import Links
from handbook.search import search_boost
from handbook.templates import line_naming, page_error
from handbook.validation import read_handbook

if not hasattr(handbook, "_newest_change"):
    handbook._newest_change = _newest_change(handbook)  # type: ignore[attr-defined]

ROOT = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HANDBOOK_DATA", ROOT / "roles_data"))
MERMAID_BUNDLE = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
MERMAID_TARGET = "assets/javascripts/mermaid.min.js"
LOG = logging.getLogger("mkdocs.plugins.handbook")

ROLE_SECTIONS = {
    "role_page": role.role_page,
    "role_title": role.role_title,
    "role_summary": role.role_summary,
    "role_hierarchy": role.role_hierarchy,
    "role_responsibilities": role.role_responsibilities,
    "role_skills": role.role_skills,
    "role_qualifications": role.role_qualifications,
    "role_kpis": role.role_kpis,
    "role_salary": role.role_salary,
    "role_next_steps": role.role_next_steps,
    "role_edit_link": role.role_edit_link,
}
VIEWS: dict[str, Callable[..., str]] = {
    "org_chart": orgchart.org_chart,
    "career_map": mermaid.career_map,
    "career_path": tables.career_path,
    "compare_roles": tables.compare_roles,
    "skills_matrix": tables.skills_matrix,
    "kpi_glossary": tables.kpi_glossary,
    "role_index": tables.role_index,
    "salary_bands": salary.salary_bands,
    "raci_matrix": tables.raci_matrix,
}


def _audience() -> Audience:
    value = os.environ.get("HANDBOOK_AUDIENCE", Audience.PUBLIC.value)
    try:
        return Audience(value)
    except ValueError:
        LOG.error(
            "HANDBOOK_AUDIENCE=%r is not an audience: use 'public' or 'internal'; "
            "building the public handbook",
            value,
        )
        return Audience.PUBLIC


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        LOG.error(str(problem))


def _page_source(page: Any) -> tuple[str, str]:
    """A page as messages name it (from the project folder, as writers see it), and its text."""
    path = Path(page.file.abs_src_path)
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = f"docs/{page.file.src_uri}"
    return shown, page.file.content_string


def _failure(env: Any, macro: str, message: str) -> str:
    """Log a writer's mistake (strict builds stop on it) and show it in the page for serve."""
    shown, source = _page_source(env.page)
    line = line_naming(source, macro)
    LOG.error("%s: %s: %s", f"{shown}:{line}" if line else shown, macro, message)
    title = markup.md(f"{macro}: this part of the page could not be built")
    return f'\n!!! failure "{title}"\n\n    {markup.md(message)}\n'


_NAMES: set[str] = set()  # the macros and variables pages may use, for did-you-mean


def _template_error(error: Exception, markdown: str, page: Any) -> str:
    """mkdocs-macros' report of a page's template error: one line, no traceback.

    mkdocs-macros logs what this returns as a warning (a `--strict` build fails on it) and,
    when `on_error_fail` is off as in `mkdocs serve`, shows it in the page in place.
    """
    shown, source = _page_source(page)
    return str(page_error(error, shown, source, markdown, _NAMES))


# Every exception a page's template raises goes through this formatter (syntax errors too,
# which mkdocs-macros registers a formatter of its own for).
format_error.register(Exception, _template_error)
format_error.register(TemplateSyntaxError, _template_error)


def define_env(env: Any) -> None:
    """Called once per build by mkdocs-macros."""
    result = read_handbook(DATA_DIR, display_root=Path.cwd())
    _report(result.problems)
    docs_dir = Path(env.conf["docs_dir"])
    audience = _audience()
    handbook = result.handbook
    env.variables["audience"] = audience.value
    if handbook is None:
        _register_broken(env, len(result.problems))
        _NAMES.update(env.macros, env.variables)
        return
    pages = index_pages(docs_dir, {rid: r.department for rid, r in handbook.roles.items()})
    _report(pages.problems)
    visible = for_audience(handbook, audience)
    directory_urls = bool(env.conf.get("use_directory_urls", True))
    repo_url = (env.conf.get("repo_url") or "").rstrip("/")
    edit_base = f"{repo_url}/edit/main/" if repo_url else None
    env.variables["organisation"] = handbook.settings.organisation
    env.variables["role_count"] = len(handbook.roles)

    def context() -> tuple[Context, str]:
        page = env.page.file.src_uri
        links = Links(page, pages.role_pages, directory_urls)
        return Context(visible, links, audience, edit_base), page

    def page_role() -> str | None:
        value = env.page.meta.get("role")
        return value if isinstance(value, str) else None

    def register(name: str, render: Callable[..., str], uses_page_role: bool) -> None:
        @functools.wraps(render)
        def macro(*args: Any, **kwargs: Any) -> str:
            ctx, _page = context()
            if uses_page_role and not args and "role_id" not in kwargs:
                args = (page_role(),)
            try:
                return render(ctx, *args, **kwargs)
            except RenderError as err:
                return _failure(env, name, str(err))
            except TypeError as err:  # a macro called with the wrong arguments
                return _failure(env, name, f"wrong arguments: {err}")

        env.macro(macro, name)

    for name, render in ROLE_SECTIONS.items():
        register(name, render, uses_page_role=True)
    for name, render in VIEWS.items():
        register(name, render, uses_page_role=False)

    def check_messages() -> str:
        """The writers' guide's mistakes, with what `handbook check` says about each."""
        try:
            return guide.check_messages(demonstrate(DATA_DIR, docs_dir))
        except MistakeOutOfDate as err:
            return _failure(env, "check_messages", str(err))

    env.macro(check_messages)

    env.variables["_handbook"] = (visible, pages.role_pages, audience)
    _NAMES.update(name for name in [*env.macros, *env.variables] if not name.startswith("_"))


def _register_broken(env: Any, count: int) -> None:
    """With unusable data, every macro shows where to look; the build log has the problems."""

    def broken(*_args: Any, **_kwargs: Any) -> str:
        return (
            f'\n!!! failure "The role data has {count} problem(s)"\n\n'
            "    Run `handbook check` (or read the build log) for one line per problem.\n"
        )

    for name in [*ROLE_SECTIONS, *VIEWS, "check_messages"]:
        env.macro(broken, name)
    env.variables["organisation"] = "Handbook"
    env.variables["role_count"] = 0


def on_pre_page_macros(env: Any) -> None:
    """Role pages: tags from the data (department, level) and a search boost above mentions."""
    state = env.variables.get("_handbook")
    role_id = env.page.meta.get("role")
    if state is None or not isinstance(role_id, str) or role_id not in state[0].roles:
        return
    handbook = state[0]
    data = handbook.roles[role_id]
    env.page.meta.setdefault(
        "tags",
        [handbook.departments[data.department].name, f"{handbook.levels[data.level].name} level"],
    )
    env.page.meta.setdefault("search", {"boost": search_boost(handbook, role_id)})


def on_post_build(env: Any) -> None:
    """Publish roles.json, the role schema and the Mermaid bundle beside the pages."""
    state = env.variables.get("_handbook")
    site = Path(env.conf["site_dir"])
    if state is not None:
        visible, role_pages, audience = state
        directory_urls = bool(env.conf.get("use_directory_urls", True))
        urls = {rid: Links("index.md", role_pages, directory_urls).url(rid) for rid in role_pages}
        (site / "roles.json").write_text(export_roles(visible, audience, urls), encoding="utf-8")
        (site / "role.schema.json").write_text(schema_text(), encoding="utf-8")
    target = site / MERMAID_TARGET
    if MERMAID_BUNDLE.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(MERMAID_BUNDLE, target)
    else:
        LOG.error(
            "%s is missing, so diagrams cannot render: run 'npm ci' (make install does it)",
            MERMAID_BUNDLE.relative_to(ROOT),
        )
