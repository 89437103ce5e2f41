"""MkDocs hooks: the pages and the navigation the role data makes, and the files it exports.

Glue only: what the pages are, where they go in the navigation and what each depends on is
decided by `handbook.site`; this module turns that plan into MkDocs files and nav items, logs
problems, and writes the exports. (Zensical runs mkdocs-macros' `define_env` but not MkDocs
hooks: there the pages and navigation of that plan would have to be written as files.)
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from jinja2.ext import Extension
from markdown.extensions.toc import slugify, unique
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from handbook import sanitize
from handbook.build import Build, attached
from handbook.compact import compact
from handbook.frontmatter import front_matter_problems, without_front_matter
from handbook.loading import decode, read_bytes, special_kind, special_message
from handbook.pagefiles import LOOP, folder_loops
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
    build = attached(config)
    build.defer_html = True  # on_page_content puts the macros' HTML blocks back
    # Settings refused (an address that is not one, a data folder that is not a folder) are
    # reported once and left out before MkDocs and the theme write any of them into a page.
    _report(build, [*build.setting_problems, *build.published.problems])
    config["site_url"] = build.site_url
    repo = build.repo_url
    if repo and not config.repo_url:  # from the data: the environment (CI) wins over it
        config["repo_url"] = repo.rstrip("/")
        config["repo_name"] = "GitHub" if "github.com" in repo else "Repository"
    if not repo:  # no repository, or one refused: no edit or repository links
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


# Pages whose front matter was refused, by page: the text they are built from instead (see
# on_page_read_source). Replaced in every build.
_REFUSED_FRONT_MATTER: dict[str, str] = {}


def _special_files(files: Files, config: MkDocsConfig, problems: list[Problem]) -> None:
    """Named pipes, devices, sockets and symbolic links in a loop or to nothing, anywhere under
    docs/: reported by what they are and left out, never opened (MkDocs would wait forever on a
    pipe, copy /dev/zero until the disk is full, or stop with a traceback)."""
    docs = os.path.join(config.docs_dir, "")
    # A folder that links to a folder holding it: MkDocs followed it (some forty times over).
    loops = folder_loops(Path(docs))
    problems += [Problem(f"docs/{loop}", None, "", LOOP) for loop in loops]
    inside = tuple(loop + "/" for loop in loops)
    for file in list(files):
        if file.abs_src_path and file.abs_src_path.startswith(docs):
            if inside and file.src_uri.startswith(inside):
                files.remove(file)
                continue
            kind = special_kind(file.abs_src_path)
            if kind is not None:
                problems.append(Problem(f"docs/{file.src_uri}", None, "", special_message(kind)))
                files.remove(file)


def _refused_front_matter(src: str, text: str, problems: list[Problem]) -> None:
    """A page whose front matter is refused (anchors, aliases, tags: see handbook/frontmatter.py)
    is reported, and built without it, showing the problem where it was."""
    refused = front_matter_problems(text, f"docs/{src}")
    if refused:
        problems += refused
        lines = "\n".join(f"    {markup.md(str(p))}\n" for p in refused)
        _REFUSED_FRONT_MATTER[src] = (
            f'!!! failure "This page\'s front matter could not be read"\n\n{lines}\n'
            + without_front_matter(text)
        )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = attached(config)
    problems: list[Problem] = []
    views: list[str] = []  # the general pages that show role data
    _REFUSED_FRONT_MATTER.clear()
    _special_files(files, config, problems)
    for file in list(files.documentation_pages()):
        if not file.abs_src_path:
            continue
        # Its edit button's address: MkDocs writes the file's path into it as it is.
        file.edit_uri = quote(file.src_uri)
        shown = f"docs/{file.src_uri}"
        raw, unreadable = read_bytes(Path(file.abs_src_path), shown)
        text, error = decode(raw) if raw is not None else (None, None)
        if text is None:  # MkDocs would stop with a traceback reading it
            problems.append(unreadable or Problem(shown, None, "", error or "unreadable"))
            files.remove(file)
            continue
        _refused_front_matter(file.src_uri, text, problems)
        if any(mark in text for mark in _USES_DATA):
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


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """A page whose front matter was refused is read without it (MkDocs would read it with
    PyYAML, which expands aliases); every other page is read by MkDocs as usual."""
    return _REFUSED_FRONT_MATTER.get(page.file.src_uri)


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


# Front matter fields Material writes into pages as HTML, unescaped (the page's title in the
# header, its description in a <meta> attribute, a subtitle and status in the navigation).
_META_SHOWN = ("title", "description", "subtitle", "status")


def _meta_as_text(page: Page) -> None:
    """A writer's front matter shows as text: `title: <b>x</b>` is the title "<b>x</b>"."""
    for key in _META_SHOWN:
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = markup.safe_html(value)
    title = page.meta.get("title")
    if title is not None and page.title is not title and not isinstance(page.title, Markup):
        # mkdocs-macros rendered a `{{ … }}` in the title: the result is text as well.
        page.title = markup.safe_html(str(page.title))


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A writer's page's HTML is cleaned of what may run (scripts, event handlers,
    `javascript:` links: handbook/sanitize.py) and its front matter's title shows as text;
    then the macros' HTML blocks, built escaped from the data, go back into the page (see
    Build.set_aside); and a title taken
    from a rendered heading, plain text that may show data such as the organisation's name, is
    escaped for the theme, which writes page titles as HTML (and mkdocs-macros, which renders
    titles as templates)."""
    if page.file.abs_src_path:  # a writer's page: its own HTML is cleaned (see below)
        html_text = sanitize.clean(html_text)
        _meta_as_text(page)
    html_text = attached(config).put_back(page.file.src_uri, html_text)
    rendered = getattr(page, "_title_from_render", None)
    if rendered and "title" not in page.meta and page.title == rendered:
        page.title = markup.safe_html(rendered)
    elif (
        page.file.abs_src_path
        and isinstance(page.title, str)
        and not isinstance(page.title, Markup)
    ):
        # A writer's page titled by mkdocs.yml's nav or, with no heading, after its file's
        # name (`a"><img ….md`): the theme writes the title as HTML.
        page.title = markup.safe_html(page.title)
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
    edit_url = build.edit_url(path or "")
    if edit_url is not None:
        page.edit_url = edit_url
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


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """`mkdocs serve` watches the data folder (also one given by HANDBOOK_DATA) for as long as
    it runs: MkDocs' watcher of a folder stops for good when the folder is removed, so its
    parent is watched too, and when the folder is removed or put back (restored from a copy,
    a branch switched) the preview is rebuilt and the folder watched afresh."""
    folder = os.path.abspath(attached(config).data_dir)
    # The data folder is watched here only (mkdocs.yml's `watch:` lists it too): a second
    # watch of it would keep MkDocs from ever renewing the one that stopped.
    config.watch[:] = [w for w in config.watch if os.path.abspath(w) != folder]
    watcher = _DataFolderWatcher(server, folder)
    watcher.start()
    return server


class _DataFolderWatcher:
    """Keeps a LiveReloadServer watching `folder` when the folder is removed and put back."""

    def __init__(self, server: Any, folder: str) -> None:
        self.server = server
        self.folder = folder
        self.watching = False

    def start(self) -> None:
        from watchdog.events import FileSystemEvent, FileSystemEventHandler

        watcher = self

        class _Parent(FileSystemEventHandler):
            def on_any_event(self, event: FileSystemEvent) -> None:
                paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or "")}
                if watcher.folder in paths:
                    watcher.changed()

        self._watch()
        parent = os.path.dirname(self.folder)
        if os.path.isdir(parent):
            self.server.observer.schedule(_Parent(), parent, recursive=False)

    def _watch(self) -> None:
        """Watch the folder afresh (MkDocs' watch of a folder that was removed has stopped)."""
        if self.watching:
            self.server.unwatch(self.folder)
            self.watching = False
        if not os.path.isdir(self.folder):
            return
        try:
            self.server.watch(self.folder)
            self.watching = True
        except OSError:  # removed again meanwhile: its parent's watch sees it come back
            with contextlib.suppress(KeyError):
                self.server.unwatch(self.folder)

    def changed(self) -> None:
        """The folder was removed or put back: watch the one now there, and rebuild."""
        from watchdog.events import FileModifiedEvent

        if os.path.isdir(self.folder):
            self._watch()
        # MkDocs rebuilds on an event about a file under a path it watches (a removed folder's
        # watch is still registered, stopped).
        for emitter in list(self.server.observer.emitters):
            if os.path.abspath(emitter.watch.path) == self.folder:
                emitter.queue_event(FileModifiedEvent(self.folder))
                return


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
