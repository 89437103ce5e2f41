"""The handbook as a MkDocs plugin: the pages and the navigation the role data makes, and the
files it exports.

Glue only: what the pages are, where they go in the navigation and what each depends on is
decided by `handbook.site`; this module turns that plan into MkDocs files and nav items, logs
problems, and writes the exports. It uses MkDocs' public plugin API; what an undocumented one
gains is in handbook/compat.py. The macros pages call are registered through mkdocs-macros by
the project's own macros.py, which takes the build from this plugin (`plugin_of`).

    plugins:
      - search
      - handbook:
          data: !ENV [HANDBOOK_DATA, roles_data]
          audience: !ENV [HANDBOOK_AUDIENCE, public]
      - macros:
          module_name: macros
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from jinja2 import Environment
from jinja2.ext import Extension
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from handbook import compat, sanitize
from handbook.audience import Audience
from handbook.build import AUDIENCE, DATA_DIR, Build, open_build
from handbook.compact import compact
from handbook.frontmatter import front_matter_problems, without_front_matter
from handbook.loading import decode, read_bytes, special_kind, special_message
from handbook.pagefiles import LOOP, folder_loops
from handbook.problems import Problem
from handbook.render import markup
from handbook.render.export import exports
from handbook.searchtext import for_readers, for_search
from handbook.site import ROLES_DIR, ROLES_INDEX, PageSpec
from handbook.validation import ROLES_DIR as DATA_ROLES_DIR

LOG = logging.getLogger("mkdocs.plugins.handbook")
AUDIENCES = tuple(a.value for a in Audience)  # ("public", "internal")


class HandbookConfig(Config):  # type: ignore[no-untyped-call]  # (MkDocs' __init_subclass__)
    """The plugin's options in mkdocs.yml."""

    # The folder of the role data (handbook.yml, the catalogs, roles/), from the project folder.
    # (The option `data`: MkDocs drops the underscore, which keeps the name off Config's own
    # `data`, the mapping of its values.)
    data_ = c.Type(str, default=DATA_DIR)
    # Who the site is for: `internal` shows the pay bands marked internal, `public` leaves them
    # out of everything the build writes.
    audience = c.Choice(AUDIENCES, default=Audience.PUBLIC.value)


# A general page that shows role data: it calls a macro.
_USES_DATA = ("{{", "{%")


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
        page = cast(
            DataPage, DataPage.generated(config, spec.src, abs_src_path=existing.abs_src_path)
        )
        page.edit_uri = existing.edit_uri  # a writer's file: its edit action opens it
    else:
        page = cast(DataPage, DataPage.generated(config, spec.src, content=spec.markdown or ""))
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


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]
    """The handbook's pages, navigation and exports, made from the role data."""

    def __init__(self) -> None:
        super().__init__()
        self.build: Build | None = None
        # Pages whose front matter was refused, by page: the text they are built from instead
        # (see on_page_read_source).
        self.refused_front_matter: dict[str, str] = {}
        # The page's whole HTML while the search plugin reads the shortened one, by page.
        self.held: dict[str, str] = {}
        # For macros.py: the one-line problem of each page whose template failed, and the
        # everyday words that lead to each page (worked out once per build).
        self.page_errors: dict[str, str] = {}
        self.search_words: dict[str, list[str]] | None = None
        # macros.py's Jinja sandbox for this build's pages (handbook.templates.PageTemplates).
        self.templates: Any = None
        # Pages macros.py rendered itself (compat's public path), by source.
        self.rendered_here: set[str] = set()

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """An audience that is not one, given by HANDBOOK_AUDIENCE (mkdocs.yml reads it with
        !ENV), is reported in the handbook's words by on_config (as `handbook check` reports
        it), and the build goes on for the public; one written in mkdocs.yml is MkDocs'
        configuration error."""
        value = options.get("audience")
        if value is not None and value not in AUDIENCES and value == os.environ.get(AUDIENCE):
            options = {**options, "audience": Audience.PUBLIC.value}
        return super().load_config(options, config_file_path)

    @property
    def current(self) -> Build:
        """This build's handbook (read in on_config)."""
        if self.build is None:
            raise PluginError("the handbook plugin has not read its configuration yet")
        return self.build

    def _report(self, problems: list[Problem]) -> None:
        for problem in self.current.unreported(problems):
            if problem.warning:
                LOG.info(str(problem))
            else:
                LOG.error(str(problem))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Full garbage collections a tenth as often. A build keeps a few hundred thousand
        objects alive until it ends (the handbook, the pages, the search index), and each full
        collection walks all of them: at 1,000 roles the two a build ran took 0.15 s, and found
        next to nothing. Young collections still run as before, and so do full ones, later."""
        del command, dirty
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, 100)

    @event_priority(100)  # before mkdocs-macros, whose define_env reads the same build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        build = self.build = open_build(
            config, data=self.config.data_, audience=Audience(self.config.audience)
        )
        self.refused_front_matter = {}
        self.held = {}
        self.page_errors = {}
        self.search_words = None
        self.templates = None
        self.rendered_here = set()
        build.defer_html = True  # on_page_content puts the macros' HTML blocks back
        # Settings refused (an address that is not one, a data folder that is not a folder) are
        # reported once and left out before MkDocs and the theme write any of them into a page.
        self._report([*build.setting_problems, *build.published.problems])
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

    def _refused(self, src: str, text: str, problems: list[Problem]) -> None:
        """A page whose front matter is refused (anchors, aliases, tags: see
        handbook/frontmatter.py) is reported, and built without it, showing the problem where
        it was."""
        refused = front_matter_problems(text, f"docs/{src}")
        if refused:
            problems += refused
            lines = "\n".join(f"    {markup.md(str(p))}\n" for p in refused)
            self.refused_front_matter[src] = (
                f'!!! failure "This page\'s front matter could not be read"\n\n{lines}\n'
                + without_front_matter(text)
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The role and department pages the plan makes, added as generated files (a writer's
        page at the same path gives its prose); pages depend on the data files they show."""
        build = self.current
        problems: list[Problem] = []
        views: list[str] = []  # the general pages that show role data
        self.refused_front_matter.clear()
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
            self._refused(file.src_uri, text, problems)
            if any(mark in text for mark in _USES_DATA):
                views.append(file.src_uri)
        writer_pages = [
            f.src_uri for f in files.documentation_pages() if f.src_uri.startswith(ROLES_DIR + "/")
        ]
        plan = build.site(writer_pages)
        for src in writer_pages:
            if src not in plan.pages and src != ROLES_INDEX:  # reported by the plan, not twice
                writers = files.get_file_from_path(src)
                if writers is not None:
                    writers.inclusion = InclusionLevel.NOT_IN_NAV
        absolute: dict[str, str] = {}
        mtimes: dict[str, float | None] = {}
        for spec in plan.pages.values():
            existing = files.get_file_from_path(spec.src)
            if existing is not None:
                files.remove(existing)
            page = _data_page(config, spec, existing, absolute, mtimes)
            files.append(page)
            compat.attach_page(page, config)
        # A general page that shows role data (the organisation chart, the indexes, the
        # reference pages) depends on every data file: a dirty rebuild in `mkdocs serve`
        # rebuilds it after any save, or it would keep showing a title or a reporting line as
        # it was before. The roles folder is one of them: its time changes when a role file is
        # added or deleted.
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
        self._report(problems + plan.problems)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A page whose front matter was refused is read without it (MkDocs would read it with
        PyYAML, which expands aliases); every other page is read by MkDocs as usual."""
        return self.refused_front_matter.get(page.file.src_uri)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The roles' part of the navigation: departments in catalog order, roles junior
        first."""
        plan = self.current.site()
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

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A writer's page's HTML is cleaned of what may run (scripts, event handlers,
        `javascript:` links: handbook/sanitize.py) and its front matter's title shows as text;
        then the macros' HTML blocks, built escaped from the data, go back into the page (see
        Build.set_aside); and a title that is plain text (taken from a rendered heading, which
        may show data such as the organisation's name, or from the file's name) is escaped for
        the theme, which writes page titles as HTML (and mkdocs-macros, which renders titles as
        templates)."""
        if page.file.abs_src_path:  # a writer's page: its own HTML is cleaned (see below)
            html = sanitize.clean(html)
            _meta_as_text(page)
        html = self.current.put_back(page.file.src_uri, html)
        title = page.title
        if title and "title" not in page.meta and not isinstance(title, Markup):
            page.title = markup.safe_html(title)
        return html

    @event_priority(50)  # before Material's search plugin (priority 0) reads the page
    def _page_context_first(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        """A role page's edit action opens the role's data file, where its facts are written;
        the search index gets the page without the parts marked to stay out of search."""
        build = self.current
        role = build.site().role_of(page.file.src_uri)
        path = build.handbook.role_files.get(role or "")
        edit_url = build.edit_url(path or "")
        if edit_url is not None:
            page.edit_url = edit_url
        if page.content:
            shortened = for_search(page.content)
            if compat.indexed(config, page, shortened):
                shortened = ""  # indexed: Material's parser is given nothing to read
            if shortened is not page.content:
                self.held[page.file.src_uri] = page.content
                page.content = shortened
        return context

    @event_priority(-50)  # after the search plugin: the theme renders the whole page
    def _page_context_last(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        held = self.held.pop(page.file.src_uri, None)
        if held is not None:
            page.content = for_readers(held)
        return context

    on_page_context = CombinedEvent(_page_context_first, _page_context_last)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Pages are written without the indentation of the theme's templates (a fifth of a
        role page's bytes): it is taken out of each template once, when it is compiled."""
        env.add_extension(_Unindented)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Publish the exports beside the pages: roles.json, roles.csv, skills.csv, the
        schema."""
        build = self.current
        site = Path(config.site_dir)
        plan = build.site()
        ctx = build.context("index.md")
        urls = {rid: ctx.links.page_url(src) for rid, src in plan.role_pages.items()}
        for name, text in exports(build.handbook, build.audience, urls).items():
            (site / name).write_text(text, encoding="utf-8")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` watches the data folder (also one given by HANDBOOK_DATA) for as long
        as it runs: MkDocs' watcher of a folder stops for good when the folder is removed, so
        its parent is watched too, and when the folder is removed or put back (restored from a
        copy, a branch switched) the preview is rebuilt and the folder watched afresh."""
        folder = os.path.abspath(self.current.data_dir)
        # The data folder is watched here only: a second watch of it would keep MkDocs from
        # ever renewing the one that stopped.
        config.watch[:] = [w for w in config.watch if os.path.abspath(w) != folder]
        watcher = _DataFolderWatcher(server, folder)
        watcher.start()
        return server

    def on_shutdown(self) -> None:
        """The process is about to end: the objects of the build are moved out of the garbage
        collector's reach. Python's exit runs full collections over every object still alive;
        at 1,000 roles (the handbook, its plan, the search index) those took 0.6 s after the
        site was written, and the memory is the system's again when the process ends anyway."""
        gc.freeze()


def plugin_of(config: Any) -> HandbookPlugin:
    """The handbook plugin of the build `config` configures (for macros.py)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, HandbookPlugin):
            return plugin
    raise PluginError(
        "the handbook's macros need the handbook plugin: list `- handbook` under `plugins:` in "
        "mkdocs.yml, before `- macros`"
    )


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


class _Unindented(Extension):
    """The theme's HTML templates read without their indentation."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return compact(source) if name and name.endswith(".html") else source


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
