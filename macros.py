"""mkdocs-macros adapter: the handbook's renderers are the only things pages can call.

Glue only. The handbook is read once per build (see handbook/build.py); each macro renders for
the current page; a writer's mistake in a page becomes one logged line that fails a strict build
(and a note in the page during `mkdocs serve`). Pages are rendered in a Jinja sandbox that holds
the handbook's macros and variables and nothing else (handbook/templates.py).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateSyntaxError
from mkdocs_macros.errors import format_error

from handbook import history, searchterms
from handbook.build import Build, attached
from handbook.pagelimits import charge_macro
from handbook.relations import ROLE_PAGE_BOOST
from handbook.render import general, guide, maps, markup, orgchart, planner, role, salary, tables
from handbook.render.context import RenderError
from handbook.render.department import department_page
from handbook.render.recent import recent_changes
from handbook.site import is_prose
from handbook.templates import PageTemplates, line_naming, page_error

LOG = logging.getLogger("mkdocs.plugins.handbook")

# Macros that render one role: without an argument, they show the role of the page they are on.
ROLE_SECTIONS: dict[str, Callable[..., str]] = {
    "role_page": role.role_page,
    "role_header": role.role_header,
    "role_details": role.role_details,
    "role_title": role.role_title,
    "role_summary": role.role_summary,
    "role_hierarchy": role.role_hierarchy,
    "role_responsibilities": role.role_responsibilities,
    "role_skills": role.role_skills,
    "role_qualifications": role.role_qualifications,
    "role_kpis": role.role_kpis,
    "role_salary": role.role_salary,
    "role_processes": role.role_processes,
    "role_incoming": role.role_incoming,
    "role_next_steps": role.role_next_steps,
    "role_sources": role.role_sources,
    "role_problems": role.role_problems,
}
VIEWS: dict[str, Callable[..., str]] = {
    "department_page": department_page,
    "org_chart": orgchart.org_chart,
    "career_map": maps.career_map,
    "career_path": tables.career_path,
    "compare_roles": tables.compare_roles,
    "skills_matrix": tables.skills_matrix,
    "kpi_glossary": tables.kpi_glossary,
    "role_index": tables.role_index,
    "salary_bands": salary.salary_bands,
    "raci_matrix": tables.raci_matrix,
    "levels_table": tables.levels_table,
    # The career planner's pickers (drawn in the browser by planner.js).
    "compare_picker": planner.compare_picker,
    "route_picker": planner.route_picker,
    # The general pages' bodies, for any organisation.
    "about": general.about,
    "page_notes": general.page_notes,
    "roles_described": general.roles_described,
    "departments_overview": general.departments_overview,
    "org_charts": general.org_charts,
    "skills_matrices": general.skills_matrices,
    "featured_comparisons": general.featured_comparisons,
    "featured_routes": general.featured_routes,
    # The "What changed" page (the git history of the data, handbook/history.py).
    "recent_changes": recent_changes,
    # The writers' guide.
    "check_messages": guide.check_messages,
    "id_list": guide.id_list,
    "new_role_example": guide.new_role_example,
    "new_role_refusal": guide.new_role_refusal,
    "preview_error_example": guide.preview_error_example,
}
_NAMES: set[str] = set()  # the macros and variables pages may use, for did-you-mean
# A page whose template failed, and the line reported for it (this module runs afresh per build).
_PAGE_ERRORS: dict[str, str] = {}


def _page_source(page: Any) -> tuple[str, str]:
    """A page as messages name it (from the project folder, as writers see it), and its text."""
    if page.file.abs_src_path:
        path = Path(page.file.abs_src_path)
        try:
            return path.resolve().relative_to(Path.cwd().resolve()).as_posix(), (
                page.file.content_string
            )
        except ValueError:
            pass
    return f"docs/{page.file.src_uri}", page.file.content_string


def _failure(env: Any, macro: str, message: str) -> str:
    """Log a writer's mistake (strict builds stop on it) and show it in the page for serve."""
    shown, source = _page_source(env.page)
    line = line_naming(source, macro)
    LOG.error("%s: %s: %s", f"{shown}:{line}" if line else shown, macro, message)
    title = markup.md(f"{macro}: this part of the page could not be built")
    return f'\n!!! failure "{title}"\n\n    {markup.md(message)}\n'


def _template_error(error: Exception, markdown: str, page: Any) -> str:
    """mkdocs-macros' report of a page's template error: one line, no traceback.

    mkdocs-macros logs what this returns as a warning (a `--strict` build fails on it) and,
    when `on_error_fail` is off as in `mkdocs serve`, shows it in the page in place.
    """
    shown, source = _page_source(page)
    message = str(page_error(error, shown, source, markdown, _NAMES))
    _PAGE_ERRORS[page.file.src_uri] = message  # shown as text in the page, after rendering
    return message


# Every exception a page's template raises goes through this formatter (syntax errors too,
# which mkdocs-macros registers a formatter of its own for).
format_error.register(Exception, _template_error)
format_error.register(TemplateSyntaxError, _template_error)


def _macro(env: Any, build: Build, name: str, render: Callable[..., str], per_role: bool) -> Any:
    @functools.wraps(render)
    def macro(*args: Any, **kwargs: Any) -> str:
        src = env.page.file.src_uri
        ctx = build.context(src)
        if per_role and not args and "role_id" not in kwargs:
            args = (build.site().role_of(src),)
        elif name == "department_page" and not args and "department" not in kwargs:
            spec = build.site().pages.get(src)
            args = (spec.department if spec else None,)
        try:
            html = render(ctx, *args, **kwargs)
            charge_macro(name, len(html))  # the page's limits (handbook/pagelimits.py)
            return build.set_aside(src, html)
        except RenderError as err:
            return _failure(env, name, str(err))
        except TypeError as err:  # a macro called with the wrong arguments
            return _failure(env, name, f"wrong arguments: {err}")

    return macro


def define_env(env: Any) -> None:
    """Called once per build by mkdocs-macros: register the macros and the page variables."""
    build = attached(env.conf)
    history.attach(build.data_dir, build.published)  # read when a page first asks
    for name, render in ROLE_SECTIONS.items():
        env.macro(_macro(env, build, name, render, per_role=True), name)
    for name, render in VIEWS.items():
        env.macro(_macro(env, build, name, render, per_role=False), name)
    settings = build.handbook.settings
    # Variables are Markdown text, escaped like every other value from the data.
    env.variables["organisation"] = markup.md(settings.organisation)
    env.variables["role_count"] = len(build.handbook.roles)
    env.variables["audience"] = build.audience.value
    _NAMES.update([*ROLE_SECTIONS, *VIEWS, "organisation", "role_count", "audience"])


_VARIABLES = ("organisation", "role_count", "audience")
# A department's page ranks above its roles for the department's name (reference pages set
# their own weight in their front matter). Tuned with the search relevance test.
PAGE_BOOST = ROLE_PAGE_BOOST + 1.5


def on_post_page_macros(env: Any) -> None:
    """A page that failed shows its one-line problem as text; every other page ends with the
    KPI abbreviations, so the `abbr` extension marks them up wherever the page's own text uses
    them (the Material way: an appended glossary)."""
    message = _PAGE_ERRORS.pop(env.page.file.src_uri, None)
    if message is not None and env.markdown.strip() == message:
        title = "This page could not be built"
        env.markdown = f'!!! failure "{title}"\n\n    {markup.md(message)}\n'
        return
    build = attached(env.conf)
    banner = general.data_problems(build.published.problems, build.published.broken.values())
    if banner:  # settings or catalogs with errors: said on every page a preview rebuilds
        env.markdown = banner + "\n\n" + env.markdown
    glossary = tables.abbreviations(build.context(env.page.file.src_uri))
    if glossary:
        env.markdown = env.markdown.rstrip("\n") + "\n\n" + glossary + "\n"


_ROLE_CALL = re.compile(r"\{\{-?\s*role_")
# The build whose search words were worked out last, and its words by page (this module may
# outlive a build in `mkdocs serve`).
_WORDS: list[tuple[Build, dict[str, list[str]]]] = []


def _search_words(build: Build, conf: Any) -> dict[str, list[str]]:
    """The everyday words that lead to each page (by its file in docs/), worked out once per
    build; a page the search terms name that does not exist is reported then."""
    if _WORDS and _WORDS[0][0] is build:
        return _WORDS[0][1]
    plan = build.site()
    terms = build.handbook.search_terms
    words = searchterms.words_by_page(terms, plan.role_pages, plan.department_pages)
    for problem in build.unreported(searchterms.missing_pages(terms, Path(conf["docs_dir"]))):
        LOG.error("%s", problem)
    _WORDS[:] = [(build, words)]
    return words


def on_pre_page_macros(env: Any) -> None:
    """Before a page is rendered: the sandbox, the role's tags and search boost, prose layout."""
    if not isinstance(env.env, PageTemplates):
        # mkdocs-macros builds a plain Jinja environment after define_env; pages get the
        # sandboxed one with the handbook's macros and variables only.
        macros = {name: env.macros[name] for name in (*ROLE_SECTIONS, *VIEWS)}
        variables = {name: env.variables[name] for name in _VARIABLES}
        env._env = PageTemplates(StrictUndefined, macros, variables)
    build = attached(env.conf)
    src = env.page.file.src_uri
    spec = build.site().pages.get(src)
    # The everyday words that lead to this page (search terms, pay words) are tags too.
    words = [markup.html(word) for word in _search_words(build, env.conf).get(src, ())]
    if spec is None:  # a general page: its own tags, if its front matter gives some, and words
        if words:
            tags = env.page.meta.get("tags")
            env.page.meta["tags"] = [*(tags if isinstance(tags, list) else []), *words]
        return
    handbook = build.handbook
    if spec.role is None:  # a department's page: its name is its search keyword
        assert spec.department is not None
        department = handbook.departments[spec.department]
        env.page.meta["tags"] = [markup.html(department.name), *words]
        env.page.meta.setdefault("search", {"boost": PAGE_BOOST})
        return
    role_id = spec.role
    if role_id not in handbook.roles:
        if role_id in build.published.broken and spec.markdown is None:
            # A writer's page of a role whose data is broken: what to fix, not the prose.
            env.markdown = "{{ role_problems() }}\n"
        return
    # The role's title and other names are the page's tags: not shown on the page, but a
    # search field (mkdocs.yml weighs it above titles), so a search for "CSR" or a role's
    # exact title finds that role first. Material writes tags into search results as HTML:
    # they are escaped for it.
    role = handbook.roles[role_id]
    env.page.meta["tags"] = [markup.html(name) for name in (role.title, *role.aliases)] + words
    env.page.meta.setdefault("search", {"boost": build.relations.boosts[role_id]})
    if spec.markdown is None and is_prose(env.markdown):
        # A writer's page with prose only: the standard page, with the prose after the summary.
        env.markdown = "{{ role_header() }}\n\n" + env.markdown + "\n\n{{ role_details() }}\n"
