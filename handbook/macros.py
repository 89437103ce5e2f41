"""mkdocs-macros adapter: the handbook's renderers are the only things pages can call.

Glue only, and a pluglet of mkdocs-macros (mkdocs.yml: `macros: modules: [handbook.macros]`), so
a project holds no Python of its own: it registers the macros through mkdocs-macros'
`define_env`. The handbook is read once per build by the handbook plugin (handbook/plugin.py),
whose build this module takes from the configuration's plugins; each macro renders for the
current page; a writer's mistake in a page becomes one logged line that fails a strict build
(and a note in the page during `mkdocs serve`). Pages are rendered in a Jinja sandbox that holds
the handbook's macros and variables and nothing else (handbook/templates.py).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined

from handbook import compat, history, searchterms
from handbook.build import Build
from handbook.pagelimits import charge_macro
from handbook.plugin import HandbookPlugin, plugin_of
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
_VARIABLES = ("organisation", "role_count", "audience")
# The macros and variables pages may use, for did-you-mean.
_NAMES = frozenset([*ROLE_SECTIONS, *VIEWS, *_VARIABLES])


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


def _error_formatter(plugin: HandbookPlugin) -> Callable[..., str]:
    def template_error(error: Exception, markdown: str, page: Any) -> str:
        """mkdocs-macros' report of a page's template error: one line, no traceback.

        mkdocs-macros logs what this returns as a warning (a `--strict` build fails on it) and,
        when `on_error_fail` is off as in `mkdocs serve`, shows it in the page in place.
        """
        shown, source = _page_source(page)
        message = str(page_error(error, shown, source, markdown, _NAMES))
        plugin.page_errors[page.file.src_uri] = message  # shown as text, after rendering
        return message

    return template_error


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
    plugin = plugin_of(env.conf)
    build = plugin.current
    history.attach(build.data_dir, build.published)  # read when a page first asks
    # Every exception a page's template raises goes through this formatter (syntax errors too,
    # which mkdocs-macros registers a formatter of its own for), for this build's plugin.
    compat.format_errors_with(_error_formatter(plugin))
    for name, render in ROLE_SECTIONS.items():
        env.macro(_macro(env, build, name, render, per_role=True), name)
    for name, render in VIEWS.items():
        env.macro(_macro(env, build, name, render, per_role=False), name)
    settings = build.handbook.settings
    # Variables are Markdown text, escaped like every other value from the data.
    env.variables["organisation"] = markup.md(settings.organisation)
    env.variables["role_count"] = len(build.handbook.roles)
    env.variables["audience"] = build.audience.value


# A department's page ranks above its roles for the department's name (reference pages set
# their own weight in their front matter). Tuned with the search relevance test.
PAGE_BOOST = ROLE_PAGE_BOOST + 1.5


def on_post_page_macros(env: Any) -> None:
    """A page that failed shows its one-line problem as text; every other page ends with the
    KPI abbreviations, so the `abbr` extension marks them up wherever the page's own text uses
    them (the Material way: an appended glossary)."""
    plugin = plugin_of(env.conf)
    if env.page.file.src_uri in plugin.rendered_here:  # see _sandboxed
        plugin.rendered_here.discard(env.page.file.src_uri)
        env.page.meta.pop("render_macros", None)
    message = plugin.page_errors.pop(env.page.file.src_uri, None)
    if message is not None and env.markdown.strip() == message:
        title = "This page could not be built"
        env.markdown = f'!!! failure "{title}"\n\n    {markup.md(message)}\n'
        return
    build = plugin.current
    banner = general.data_problems(
        build.published.problems, build.published.broken.values(), build.templates
    )
    if banner:  # settings or catalogs with errors: said on every page a preview rebuilds
        env.markdown = banner + "\n\n" + env.markdown
    glossary = tables.abbreviations(build.context(env.page.file.src_uri))
    if glossary:
        env.markdown = env.markdown.rstrip("\n") + "\n\n" + glossary + "\n"


def _search_words(plugin: HandbookPlugin, conf: Any) -> dict[str, list[str]]:
    """The everyday words that lead to each page (by its file in docs/), worked out once per
    build; a page the search terms name that does not exist is reported then."""
    if plugin.search_words is not None:
        return plugin.search_words
    build = plugin.current
    plan = build.site()
    terms = build.handbook.search_terms
    pay = searchterms.pay_words(build.templates.language)
    words = searchterms.words_by_page(terms, plan.role_pages, plan.department_pages, pay)
    for problem in build.unreported(searchterms.missing_pages(terms, plugin.page_sources)):
        LOG.error("%s", problem)
    plugin.search_words = words
    return words


def on_pre_page_macros(env: Any) -> None:
    """Before a page is rendered: the role's tags and search boost, prose layout; then the page
    is rendered in the sandbox (see `_sandboxed`)."""
    plugin = plugin_of(env.conf)
    _prepare(env, plugin)
    _sandboxed(env, plugin)


def _sandboxed(env: Any, plugin: HandbookPlugin) -> None:
    """Pages are rendered in a Jinja sandbox with the handbook's macros and variables only
    (mkdocs-macros builds a plain Jinja environment after define_env). With the versions of
    mkdocs-macros the tests have checked, mkdocs-macros renders the page in it (compat); with
    any other, the page is rendered here, as mkdocs-macros would render it, and mkdocs-macros
    is told to leave it as it is (`render_macros: false`, its documented page setting)."""
    if plugin.templates is None:
        macros = {name: env.macros[name] for name in (*ROLE_SECTIONS, *VIEWS)}
        variables = {name: env.variables[name] for name in _VARIABLES}
        plugin.templates = PageTemplates(StrictUndefined, macros, variables)
    templates = plugin.templates
    if compat.use_sandbox(env, templates):
        return
    meta = env.page.meta
    if meta.get("render_macros") is False:  # the writer's own setting: not rendered
        return
    meta["render_macros"] = False  # taken out again after (on_post_page_macros)
    plugin.rendered_here.add(env.page.file.src_uri)
    env.markdown = _rendered(env, templates, env.markdown)
    title = env.page.title
    if isinstance(title, str) and ("{{" in title or "{%" in title):
        env.page.title = _rendered(env, templates, title)


_MACROS_LOG = logging.getLogger("mkdocs.plugins.mkdocs_macros.util")


def _rendered(env: Any, templates: PageTemplates, text: str) -> str:
    """`text` rendered in the sandbox; a template error as mkdocs-macros reports it."""
    try:
        return str(templates.from_string(text).render())
    except Exception as error:
        message = _error_formatter(plugin_of(env.conf))(error, text, env.page)
        _MACROS_LOG.warning("[macros] - ERROR %s", message)
        if env.config["on_error_fail"]:
            raise SystemExit(100) from error  # mkdocs-macros' exit status for a page's error
        return message


def _prepare(env: Any, plugin: HandbookPlugin) -> None:
    """The role's tags and search boost, the prose layout of a writer's role page."""
    build = plugin.current
    src = env.page.file.src_uri
    spec = build.site().pages.get(src)
    # The everyday words that lead to this page (search terms, pay words) are tags too.
    words = [markup.html(word) for word in _search_words(plugin, env.conf).get(src, ())]
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
