"""The handbook as a MkDocs plugin: the pages and the navigation the role data makes, and the
files it exports.

Glue only: what the pages are, where they go in the navigation and what each depends on is
decided by `handbook.site`, and what the package carries for every handbook (its general
pages, its theme, the navigation around them) by `handbook.bundle`; this module turns both into
MkDocs files, theme folders and the `nav` setting, logs problems, and writes the exports. It
uses MkDocs' public plugin API; what an undocumented one gains is in handbook/compat.py. The
macros pages call are registered through mkdocs-macros by handbook/macros.py, a pluglet, which
takes the build from this plugin (`plugin_of`).

    plugins:
      - search
      - handbook:
          data: !ENV [HANDBOOK_DATA, roles_data]
          audience: !ENV [HANDBOOK_AUDIENCE, public]
      - macros:
          modules: [handbook.macros]
"""

from __future__ import annotations

import datetime
import gc
import importlib.util
import logging
import os
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.ext import Extension
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ConfigErrors, ConfigWarnings
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from handbook import bundle, compat, i18n, prose, sanitize
from handbook.audience import Audience
from handbook.build import AUDIENCE, DATA_DIR, Build, open_build
from handbook.compact import compact
from handbook.frontmatter import front_matter_problems, without_front_matter
from handbook.i18n import N_
from handbook.loading import decode, read_bytes, special_kind, special_message
from handbook.pagefiles import LOOP, folder_loops
from handbook.problems import Problem
from handbook.render import markup, templating
from handbook.render.export import exports
from handbook.searchterms import separator
from handbook.searchtext import for_readers, for_search
from handbook.site import ROLES_DIR, ROLES_INDEX, PageSpec, SitePlan
from handbook.validation import ROLES_DIR as DATA_ROLES_DIR
from handbook.validation import SETTINGS_FILE

LOG = logging.getLogger("mkdocs.plugins.handbook")
# The weight of a page's tags in search: a role's other names ("CSR"), a department's name and
# a page's everyday words count one and a half times a title's (tuned with the search
# relevance test).
TAGS_BOOST = 1500
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


_OUT_OF_NAV = (InclusionLevel.NOT_IN_NAV, InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)
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
    templated: tuple[str, ...] = (),
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
    for source in (*spec.sources, *templated):
        path = absolute.get(source)
        if path is None:
            path = absolute[source] = os.path.abspath(source)
        sources.append(path)
    page.sources = tuple(sources)
    page.mtimes = mtimes
    return page


def _special_files(files: Files, folder: str, problems: list[Problem]) -> None:
    """Named pipes, devices, sockets and symbolic links in a loop or to nothing, anywhere under
    docs/: reported by what they are and left out, never opened (MkDocs would wait forever on a
    pipe, copy /dev/zero until the disk is full, or stop with a traceback)."""
    docs = os.path.join(folder, "")
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
        # The general pages this build takes from the package (none of them the project's).
        self.packaged: set[str] = set()
        # Whether mkdocs.yml gives the navigation (the roles go into it), or the package does.
        self.own_nav = False
        # The paths of the site's pages (for macros.py's check of the search terms' pages).
        self.page_sources: set[str] = set()
        # Whether docs_dir is a data folder (a project with no pages of its own names its own).
        self.data_as_docs = False
        # The project's pages folder when it is not docs_dir (docs_dir being the data folder).
        self.pages_dir: str | None = None

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
            config["repo_name"] = (
                "GitHub" if "github.com" in repo else build.templates.language.gettext("Repository")
            )
        if not repo:  # no repository, or one refused: no edit or repository links
            config["repo_url"] = None
            config["edit_uri"] = None
        # Material writes these into pages as HTML: escaped like every value from the data.
        name = build.handbook.settings.organisation
        language = build.templates.language
        config.site_name = markup.safe_html(
            language.gettext("%(organisation)s handbook", organisation=name)
        )
        config.site_description = markup.safe_html(
            language.gettext(
                "Roles, reporting lines, responsibilities and career paths at %(organisation)s.",
                organisation=name,
            )
        )
        self.own_nav = config.nav is not None
        self._carry(config)
        return config

    def _carry(self, config: MkDocsConfig) -> None:
        """What every handbook needs, from the package, where the project's mkdocs.yml does not
        say otherwise: the theme (after the project's custom_dir, so a file there replaces the
        package's), the CSS and scripts, the Markdown extensions and Material features the
        pages are written for, the search settings, and the project's pages folder when
        mkdocs.yml's docs_dir is the data folder."""
        problems: list[Problem] = []
        theme = config.theme
        if theme.name == "material":
            at = 1 if theme.custom_dir else 0
            if str(bundle.THEME_DIR) not in theme.dirs:
                theme.dirs.insert(at, str(bundle.THEME_DIR))
            features = list(theme["features"] if "features" in theme else [])  # noqa: SIM401 (Theme has no get)
            theme["features"] = features + [f for f in bundle.THEME_FEATURES if f not in features]
        else:
            problems.append(
                Problem(
                    "mkdocs.yml",
                    None,
                    "theme",
                    "the handbook is drawn by Material for MkDocs: set `theme: {name: material}`",
                )
            )
        config.extra_css[:0] = [s for s in bundle.STYLESHEETS if s not in config.extra_css]
        scripts = {str(s) for s in config.extra_javascript}
        config.extra_javascript[:0] = [
            ExtraScriptValue(s) for s in bundle.SCRIPTS if s not in scripts
        ]
        for name, options in bundle.MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                if options:
                    config.mdx_configs[name] = dict(options)
        language = self.current.templates.language
        problems += self._language(config, language)
        search = _search_config(config)
        if search is not None:
            if not search.get("separator"):
                search["separator"] = separator(language)
            if search.get("pipeline") is None:
                search["pipeline"] = []
            fields = search.get("fields")
            if isinstance(fields, dict) and "tags" not in fields:
                fields["tags"] = {"boost": TAGS_BOOST}
        if not _has_macros(config):
            problems.append(
                Problem(
                    "mkdocs.yml",
                    None,
                    "plugins",
                    "the handbook's pages call its macros: "
                    "list `- macros: {modules: [handbook.macros]}` under `plugins`, after "
                    "`- handbook`",
                )
            )
        self.pages_dir = None
        docs = os.path.abspath(config.docs_dir)
        self.data_as_docs = docs == os.path.abspath(self.current.data_dir) or os.path.isfile(
            os.path.join(docs, SETTINGS_FILE)
        )
        if self.data_as_docs:
            # MkDocs needs docs_dir to be a folder that exists, and a project with no pages of
            # its own names its data folder: its pages, when it has some, are in docs/.
            pages = os.path.join(os.path.dirname(config.config_file_path or docs), "docs")
            if os.path.isdir(pages):
                self.pages_dir = pages
                config.watch.append(pages)
        self._report(problems)

    def _language(self, config: MkDocsConfig, language: i18n.Language) -> list[Problem]:
        """The handbook's language (handbook.yml) for the theme, which writes it as every
        page's `lang` and words its own labels in it, and for the search that Material
        configures from it; Chinese search needs jieba to find words in runs of characters."""
        problems: list[Problem] = []
        theme = config.theme
        if theme.name == "material":
            available = {
                name[: -len(".html")]
                for folder in theme.dirs
                if os.path.isdir(folder_path := os.path.join(folder, "partials", "languages"))
                for name in os.listdir(folder_path)
            }
            theme["language"] = i18n.theme_language(language.locale, available) or "en"
        compat.segment_chinese(language.locale.language in {"zh", "ja"})
        if language.locale.language == "zh" and importlib.util.find_spec("jieba") is None:
            problems.append(
                Problem(
                    self.current.catalog_files()[0],
                    None,
                    "language",
                    "search in Chinese needs the jieba package to find words: "
                    "install the handbook with its [chinese] extra (pip install 'jieba>=0.42.1')",
                )
            )
        unshipped = i18n.language_problem(language)
        if unshipped:
            LOG.info(unshipped)
        return problems

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
        """The role and department pages the plan makes, and the package's general pages,
        added as generated files (a project's page at the same path replaces a general page, and
        gives a role page its prose); pages depend on the data files they show. The navigation
        is set here, in mkdocs.yml's shape, for MkDocs to build."""
        build = self.current
        problems: list[Problem] = []
        views: list[str] = []  # the general pages that show role data
        self.refused_front_matter.clear()
        self._project_files(files, config, problems)
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
        # The general pages the project has not written itself come from the package; each
        # shows role data.
        self.packaged = set()
        for src in bundle.general_pages():
            if files.get_file_from_path(src) is None:
                path = str(bundle.page_path(src))
                files.append(File.generated(config, src, abs_src_path=path))
                self.packaged.add(src)
                views.append(src)
        plan = build.site(writer_pages)
        for src in writer_pages:
            if src not in plan.pages and src != ROLES_INDEX:  # reported by the plan, not twice
                writers = files.get_file_from_path(src)
                if writers is not None:
                    writers.inclusion = InclusionLevel.NOT_IN_NAV
        absolute: dict[str, str] = {}
        mtimes: dict[str, float | None] = {}
        templated = build.templates.sources
        for spec in plan.pages.values():
            existing = files.get_file_from_path(spec.src)
            if existing is not None:
                files.remove(existing)
            page = _data_page(config, spec, existing, absolute, mtimes, templated)
            files.append(page)
            compat.attach_page(page, config)
            if page.page is not None:  # Material writes titles as HTML
                page.page.title = markup.safe_html(spec.title)
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
            page = _data_page(config, view, existing, absolute, mtimes, templated)
            page.inclusion = existing.inclusion
            files.remove(existing)
            files.append(page)
        self._set_nav(config, files, plan)
        self.page_sources = {f.src_uri for f in files.documentation_pages()}
        self._report(problems + plan.problems)
        return files

    def _project_files(self, files: Files, config: MkDocsConfig, problems: list[Problem]) -> None:
        """The project's own files: nothing of the data folder is published as it is (its
        files are data, which reaches the site through the audience filter only); the pages
        folder, when docs_dir is the data folder, is read as docs_dir would be; and special
        files are left out (see _special_files)."""
        data = [os.path.join(os.path.abspath(self.current.data_dir), "")]
        overrides = self.current.templates.overrides
        if overrides is not None:  # the project's templates are the handbook's, not the site's
            data.append(os.path.join(os.path.abspath(overrides), ""))
        if self.data_as_docs:  # a data folder (HANDBOOK_DATA naming another): data all the same
            data.append(os.path.join(os.path.abspath(config.docs_dir), ""))
        for file in list(files):
            if file.abs_src_path and file.abs_src_path.startswith(tuple(data)):
                files.remove(file)
        folder = config.docs_dir
        if self.pages_dir is not None:
            folder = self.pages_dir
            docs_dir = config.docs_dir
            config.docs_dir = folder  # get_files walks docs_dir (and applies exclude_docs)
            try:
                for file in get_files(config):
                    if files.get_file_from_path(file.src_uri) is None:
                        files.append(file)
            finally:
                config.docs_dir = docs_dir
        _special_files(files, folder, problems)

    def _set_nav(self, config: MkDocsConfig, files: Files, plan: SitePlan) -> None:
        """The navigation: mkdocs.yml's, or the package's followed by the project's own pages;
        the departments, each with its roles (junior first), after the roles index."""
        departments: list[object] = []
        for department in plan.nav:
            entries: list[object] = [department.index]
            entries += [{markup.safe_html(plan.pages[s].title): s} for s in department.roles]
            departments.append({markup.safe_html(department.title): entries})
        if self.own_nav:
            nav = list(config.nav or [])
            named = bundle.nav_sources(nav)
            for src in self.packaged - named:  # left out of mkdocs.yml's nav on purpose
                file = files.get_file_from_path(src)
                if file is not None:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            named = bundle.nav_sources(bundle.DEFAULT_NAV)
            own = [
                f.src_uri
                for f in files.documentation_pages()
                if f.src_uri not in named
                and f.src_uri not in plan.pages
                and not f.src_uri.startswith(ROLES_DIR + "/")
                and f.inclusion not in _OUT_OF_NAV
            ]
            nav = bundle.default_nav(sorted(own))
        nav, placed = bundle.with_departments(nav, departments)
        if departments and not placed:
            nav.append({N_("Roles"): departments})
        gettext = self.current.templates.language.translations.gettext
        nav = bundle.translated(nav, gettext)
        config.nav = nav

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A page whose front matter was refused is read without it (MkDocs would read it with
        PyYAML, which expands aliases); every other page is read by MkDocs as usual."""
        src = page.file.src_uri
        refused = self.refused_front_matter.get(src)
        if refused is not None or src not in self.packaged:
            return refused
        language = self.current.templates.language
        if language.catalog in (None, i18n.SOURCE):
            return None  # the package's pages are written in English
        source = bundle.page_path(src).read_text(encoding="utf-8-sig")
        return prose.translate(source, language.translations.gettext)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Role pages the sidebar does not list (those of large departments) still belong to
        their department: its section opens when one of them is shown."""
        plan = self.current.site()
        sections: dict[str, Section] = {}  # by the src of the section's first page

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, Section) and item.children:
                    first = item.children[0]
                    if isinstance(first, Page):
                        sections.setdefault(first.file.src_uri, item)
                    walk(item.children)

        walk(nav.items)
        for spec in plan.pages.values():
            file = files.get_file_from_path(spec.src)
            if file is not None and file.page is not None and file.page.parent is None:
                index = plan.department_pages.get(spec.department or "")
                file.page.parent = sections.get(index or "")
        return nav

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A writer's page's HTML is cleaned of what may run (scripts, event handlers,
        `javascript:` links: handbook/sanitize.py) and its front matter's title shows as text;
        then the macros' HTML blocks, built escaped from the data, go back into the page (see
        Build.set_aside); and a title that is plain text (taken from a rendered heading, which
        may show data such as the organisation's name, or from the file's name) is escaped for
        the theme, which writes page titles as HTML (and mkdocs-macros, which renders titles as
        templates)."""
        # A page of the project's: its own HTML is cleaned (see below); the package's are not.
        if page.file.abs_src_path and page.file.src_uri not in self.packaged:
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
        # The handbook's words in the theme's own templates (main.html, partials/), in its
        # language: a message with its values escaped, and the build's date in its format.
        language = self.current.templates.language
        env.globals["hb_t"] = templating.words(language)["_"]
        env.globals["hb_markup"] = Markup
        env.globals["hb_built"] = language.date(datetime.datetime.now(datetime.UTC).date())
        if env.bytecode_cache is None:
            env.bytecode_cache = _COMPILED
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
        """`mkdocs serve` watches the project's templates (`<custom_dir>/handbook`, which MkDocs
        leaves alone as part of the theme), and the data folder (also one given by
        HANDBOOK_DATA) for as long as it runs: MkDocs' watcher of a folder stops for good when
        the folder is removed, so its parent is watched too, and when the folder is removed or
        put back (restored from a copy, a branch switched) the preview is rebuilt and the
        folder watched afresh."""
        overrides = self.current.templates.overrides
        if overrides is not None and overrides.is_dir():  # the renderers' templates: data too
            server.watch(str(overrides))
        folder = os.path.abspath(self.current.data_dir)
        if folder == os.path.abspath(config.docs_dir):  # MkDocs watches docs_dir itself
            return server
        # The data folder is watched here only: a second watch of it would keep MkDocs from
        # ever renewing the one that stopped.
        config.watch[:] = [w for w in config.watch if os.path.abspath(w) != folder]
        compat.watch_data_folder(server, folder)
        return server

    def on_shutdown(self) -> None:
        """The process is about to end: the objects of the build are moved out of the garbage
        collector's reach. Python's exit runs full collections over every object still alive;
        at 1,000 roles (the handbook, its plan, the search index) those took 0.6 s after the
        site was written, and the memory is the system's again when the process ends anyway."""
        gc.freeze()


def _search_config(config: MkDocsConfig) -> Any:
    """The options of the search plugin (Material's, or MkDocs' own), when it is on."""
    for plugin in config.plugins.values():
        module = type(plugin).__module__
        if module.startswith(("material.plugins.search", "mkdocs.contrib.search")):
            return plugin.config
    return None


def _has_macros(config: MkDocsConfig) -> bool:
    """Whether mkdocs-macros is on with the handbook's macros (handbook/macros.py)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("mkdocs_macros"):
            modules = plugin.config.get("modules") or []
            return any(str(m).split(":")[-1] == "handbook.macros" for m in modules)
    return False


def plugin_of(config: Any) -> HandbookPlugin:
    """The handbook plugin of the build `config` configures (for macros.py)."""
    for plugin in config.plugins.values():
        if isinstance(plugin, HandbookPlugin):
            return plugin
    raise PluginError(
        "the handbook's macros need the handbook plugin: list `- handbook` under `plugins:` in "
        "mkdocs.yml, before `- macros`"
    )


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


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process. `mkdocs serve` makes a new Jinja
    environment for every rebuild, which compiled the fifty-odd templates of the theme again
    (a third of a second of each rebuild at 1,000 roles); Jinja checks each template's source
    against the one its code was compiled from, so a changed template is compiled afresh."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class _Unindented(Extension):
    """The theme's HTML templates read without their indentation."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return compact(source) if name and name.endswith(".html") else source
