"""MkDocs hooks: the pages and the navigation the role data makes, and the files it exports.

Glue only: what the pages are, where they go in the navigation and what each depends on is
decided by `handbook.site`; this module turns that plan into MkDocs files and nav items, logs
problems, and writes the exports. (Zensical runs mkdocs-macros' `define_env` but not MkDocs
hooks: there the pages and navigation of that plan would have to be written as files.)
"""

from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.ext import Extension
from markdown.extensions.toc import slugify, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from handbook.build import Build, SettingError, attached
from handbook.compact import compact
from handbook.loading import decode
from handbook.problems import Problem
from handbook.quickmd import convert
from handbook.render import markup
from handbook.render.export import exports
from handbook.searchtext import for_readers, for_search, sections
from handbook.site import ROLES_DIR, ROLES_INDEX, PageSpec
from handbook.validation import ROLES_DIR as DATA_ROLES_DIR

LOG = logging.getLogger("mkdocs.plugins.handbook")


def _report(build: Build, problems: list[Problem]) -> None:
    for problem in build.unreported(problems):
        if problem.warning:
            LOG.info(str(problem))
        else:
            LOG.error(str(problem))


@event_priority(100)  # before mkdocs-macros, which reads the same build
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        build = attached(config)
    except SettingError as err:
        raise PluginError(str(err)) from None
    build.defer_html = True  # on_page_content puts the macros' HTML blocks back
    _report(build, build.published.problems)
    repo = build.handbook.settings.repo_url
    if repo and not config.repo_url:  # the environment (CI) wins over the data
        config["repo_url"] = repo.rstrip("/")
        config["repo_name"] = "GitHub" if "github.com" in repo else "Repository"
    if not config.repo_url:  # no repository: no edit or repository links
        config["repo_url"] = None
        config["edit_uri"] = None
    # Material writes these into pages as HTML: escaped like every value from the data.
    name = build.handbook.settings.organisation
    config.site_name = markup.safe_html(f"{name} handbook")
    config.site_description = markup.safe_html(
        f"Roles, reporting lines, responsibilities and career paths at {name}."
    )
    return config


class DataPage(File):
    """A page made from role data, rebuilt by a dirty build when any file it depends on changed."""

    sources: tuple[str, ...] = ()
    # Modification times by path, shared by the pages of one build: the catalogs are sources of
    # every page, so each file is looked at once per build, not once per page.
    mtimes: dict[str, float | None] = {}  # noqa: RUF012 - replaced per build in on_files

    def is_modified(self) -> bool:
        try:
            built = os.path.getmtime(self.abs_dest_path)
        except OSError:
            return True
        own = (self.abs_src_path,) if self.abs_src_path else ()
        mtimes = self.mtimes
        for source in (*own, *self.sources):
            if source not in mtimes:
                try:
                    mtimes[source] = os.path.getmtime(source)
                except OSError:
                    mtimes[source] = None
            changed = mtimes[source]
            if changed is None or changed > built:
                return True
        return False


def _data_page(
    config: MkDocsConfig,
    spec: PageSpec,
    existing: File | None,
    absolute: dict[str, str],
    mtimes: dict[str, float | None],
) -> DataPage:
    if existing is not None and existing.abs_src_path:
        page = DataPage.generated(config, spec.src, abs_src_path=existing.abs_src_path)
        page.edit_uri = existing.edit_uri  # a writer's file: its edit action opens it
    else:
        page = DataPage.generated(config, spec.src, content=spec.markdown or "")
    page.inclusion = InclusionLevel.NOT_IN_NAV  # the nav lists role pages itself (on_nav)
    # Absolute paths, each worked out once per build: a role page has a dozen sources, and
    # resolving each with Path.resolve() (a system call per path component) took a second of
    # every rebuild at 1,000 roles. Modification times do not need symlinks resolved.
    sources = []
    for source in spec.sources:
        path = absolute.get(source)
        if path is None:
            path = absolute[source] = os.path.abspath(source)
        sources.append(path)
    page.sources = tuple(sources)
    page.mtimes = mtimes
    return page


# Markdown extensions that leave a page of plain headings and HTML comments as it is (the abbr
# extension's terms are checked by `convert`). With any other extension configured, or the toc
# extension set up other than with `permalink`, every page takes Python-Markdown's path.
_QUIET_EXTENSIONS = frozenset(
    "abbr admonition attr_list def_list fenced_code footnotes md_in_html tables toc "  # noqa: SIM905
    "pymdownx.details "
    "pymdownx.superfences pymdownx.emoji pymdownx.highlight pymdownx.inlinehilite "
    "pymdownx.tabbed pymdownx.tasklist".split()
)


def _quick_permalink(config: MkDocsConfig) -> tuple[bool, str | None]:
    """Whether `convert` may be used with this configuration, and the text of headings'
    permanent links (None for none)."""
    if "toc" not in config.markdown_extensions:
        return False, None
    if not set(config.markdown_extensions) <= _QUIET_EXTENSIONS:
        return False, None
    toc = (config.mdx_configs or {}).get("toc") or {}
    permalink = toc.get("permalink", False)
    if set(toc) - {"permalink"} or not isinstance(permalink, bool):
        return False, None  # other settings, or a permalink text of its own: the usual path
    return True, "&para;" if permalink else None


def _heading_id(text: str, used: set[str]) -> str:
    """A heading's id exactly as the toc extension makes it."""
    return unique(slugify(text, "-"), used)


class QuickPage(Page):
    """A generated page: when, after the macros, it is only headings and the macros' set-aside
    HTML blocks, it is made HTML by `handbook.quickmd.convert` (the same result as
    Python-Markdown, without its cost); any other page is rendered as usual."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        usable, permalink = _quick_permalink(config)
        done = None
        if usable and self.markdown is not None:
            done = convert(self.markdown, _heading_id, permalink)
        if done is None:
            super().render(config, files)
            return
        self.content = done.html
        self.toc = get_toc(done.toc)  # type: ignore[arg-type]
        self._title_from_render = done.title
        self.present_anchor_ids = done.ids
        self.links_to_anchors = {}


# A general page that shows role data: it calls a macro.
_USES_DATA = ("{{", "{%")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = attached(config)
    problems: list[Problem] = []
    views: list[str] = []  # the general pages that show role data
    for file in list(files.documentation_pages()):
        if not file.abs_src_path:
            continue
        text, error = decode(Path(file.abs_src_path).read_bytes())
        if text is None:  # MkDocs would stop with a traceback reading it
            problems.append(Problem(f"docs/{file.src_uri}", None, "", error or "unreadable"))
            files.remove(file)
        elif any(mark in text for mark in _USES_DATA):
            views.append(file.src_uri)
    writer_pages = [
        f.src_uri for f in files.documentation_pages() if f.src_uri.startswith(ROLES_DIR + "/")
    ]
    plan = build.site(writer_pages)
    for src in writer_pages:
        if src not in plan.pages and src != ROLES_INDEX:  # reported by the plan, not twice
            files.get_file_from_path(src).inclusion = InclusionLevel.NOT_IN_NAV  # type: ignore[union-attr]
    absolute: dict[str, str] = {}
    mtimes: dict[str, float | None] = {}
    for spec in plan.pages.values():
        existing = files.get_file_from_path(spec.src)
        if existing is not None:
            files.remove(existing)
        page = _data_page(config, spec, existing, absolute, mtimes)
        files.append(page)
        QuickPage(None, page, config)  # becomes page.page
    # A general page that shows role data (the organisation chart, the indexes, the reference
    # pages) depends on every data file: a dirty rebuild in `mkdocs serve` rebuilds it after
    # any save, or it would keep showing a title or a reporting line as it was before. The
    # roles folder is one of them: its time changes when a role file is added or deleted.
    folder = str(build.data_dir / DATA_ROLES_DIR)
    every = (*build.catalog_files(), folder, *build.handbook.role_files.values())
    for src in views:
        if src in plan.pages:
            continue
        existing = files.get_file_from_path(src)
        assert existing is not None and existing.abs_src_path, src
        view = PageSpec(src, "", None, sources=every)
        page = _data_page(config, view, existing, absolute, mtimes)
        page.inclusion = existing.inclusion
        files.remove(existing)
        files.append(page)
    _report(build, problems + plan.problems)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The roles' part of the navigation: departments in catalog order, roles junior first."""
    build = attached(config)
    plan = build.site()
    sections: list[Any] = []
    for department in plan.nav:
        children: list[Any] = [_page(files, config, department.index, department.title)]
        for src in department.roles:
            children.append(_page(files, config, src, plan.pages[src].title))
        sections.append(Section(markup.safe_html(department.title), children))
    items = _insert_roles(nav.items, sections, files, config)
    pages = _pages(items)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after
    _set_parents(items, None)
    # Role pages the sidebar does not list (large departments) still belong to their
    # department: its section opens when one of them is shown.
    by_department = {d.department: s for d, s in zip(plan.nav, sections, strict=True)}
    for spec in plan.pages.values():
        file = files.get_file_from_path(spec.src)
        if file is not None and file.page is not None and file.page.parent is None:
            file.page.parent = by_department.get(spec.department or "")
    return Navigation(items, pages)


def _page(files: Files, config: MkDocsConfig, src: str, title: str) -> Page:
    file = files.get_file_from_path(src)
    assert file is not None, src
    page = file.page or Page(None, file, config)
    page.title = markup.safe_html(title)  # Material writes nav titles as HTML
    return page


def _insert_roles(items: list[Any], sections: list[Any], files: Files, config: Any) -> list[Any]:
    """`items` with the department sections after the roles index (or at the end)."""

    def place(level: list[Any]) -> bool:
        for i, item in enumerate(level):
            if isinstance(item, Page) and item.file.src_uri == ROLES_INDEX:
                if level is items:  # the index stands alone: make it a section
                    level[i] = Section(item.title or "Roles", [item, *sections])
                else:
                    level[i + 1 : i + 1] = sections
                return True
            if isinstance(item, Section) and place(item.children):
                return True
        return False

    items = list(items)
    if sections and not place(items):
        items.append(Section("Roles", sections))
    return items


def _pages(items: list[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out += _pages(item.children)
    return out


def _set_parents(items: list[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _set_parents(item.children, item)


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The macros' HTML blocks go back into the page (see Build.set_aside); and a title taken
    from a rendered heading, plain text that may show data such as the organisation's name, is
    escaped for the theme, which writes page titles as HTML (and mkdocs-macros, which renders
    titles as templates)."""
    html_text = attached(config).put_back(page.file.src_uri, html_text)
    rendered = getattr(page, "_title_from_render", None)
    if rendered and "title" not in page.meta and page.title == rendered:
        page.title = markup.safe_html(rendered)
    return html_text


# The page's whole HTML while the search plugin reads the shortened one, by page.
_HELD: dict[str, str] = {}


@event_priority(50)  # before Material's search plugin (priority 0) reads the page
def _page_context_first(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    """A role page's edit action opens the role's data file, where its facts are written; the
    search index gets the page without the parts marked to stay out of search, divided into
    sections by `handbook.searchtext.sections` where that can read it (Material's parser, given
    an empty page, then adds nothing), else by Material's parser."""
    build = attached(config)
    role = build.site().role_of(page.file.src_uri)
    path = build.handbook.role_files.get(role or "")
    if build.edit_base and path and not path.startswith(("/", "..")):
        page.edit_url = build.edit_base + path
    if page.content:
        shortened = for_search(page.content)
        index = _material_search_index(config)
        found = sections(shortened) if index is not None else None
        if found is not None:
            _index(index, page, found)
            shortened = ""  # indexed: Material's parser is given nothing to read
        if shortened is not page.content:
            _HELD[page.file.src_uri] = page.content
            page.content = shortened
    return context


def _material_search_index(config: MkDocsConfig) -> Any:
    """Material's search index, when its search plugin is on (else None)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and getattr(
            plugin.config, "enabled", False
        ):
            return getattr(plugin, "search_index", None)
    return None


def _index(index: Any, page: Page, found: list[Any]) -> None:
    """A page's sections into Material's search index, as its plugin adds them when it parses
    the page itself (`SearchIndex.add_entry_from_context`): its own entry code makes each one."""
    if (page.meta.get("search") or {}).get("exclude"):
        return
    for section in found:
        index.create_entry_for_section(section, page.toc, page.url, page)


@event_priority(-50)  # after the search plugin: the theme renders the whole page
def _page_context_last(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    held = _HELD.pop(page.file.src_uri, None)
    if held is not None:
        page.content = for_readers(held)
    return context


on_page_context = CombinedEvent(_page_context_first, _page_context_last)


class _Unindented(Extension):
    """The theme's HTML templates read without their indentation."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return compact(source) if name and name.endswith(".html") else source


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Pages are written without the indentation of the theme's templates (a fifth of a role
    page's bytes): it is taken out of each template once, when the template is compiled."""
    env.add_extension(_Unindented)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Publish the exports beside the pages: roles.json, roles.csv, skills.csv, the schema."""
    build = attached(config)
    site = Path(config.site_dir)
    plan = build.site()
    ctx = build.context("index.md")
    urls = {rid: ctx.links.page_url(src) for rid, src in plan.role_pages.items()}
    for name, text in exports(build.handbook, build.audience, urls).items():
        (site / name).write_text(text, encoding="utf-8")


def on_startup(command: str, dirty: bool) -> None:
    """Full garbage collections a tenth as often. A build keeps a few hundred thousand objects
    alive until it ends (the handbook, the pages, the search index), and each full collection
    walks all of them: at 1,000 roles the two a build ran took 0.15 s, and found next to
    nothing. Young collections still run as before, and so do full ones, later."""
    del command, dirty
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


def on_shutdown() -> None:
    """The process is about to end: the objects of the build are moved out of the garbage
    collector's reach. Python's exit runs full collections over every object still alive; at
    1,000 roles (the handbook, its plan, the search index) those took 0.6 s after the site was
    written, and the memory is the system's again when the process ends anyway."""
    gc.freeze()
