"""Every use of an undocumented API of MkDocs (or ProperDocs), Material or mkdocs-macros.

The handbook's plugin (handbook/plugin.py) and macros (handbook/macros.py) use the tools'
public APIs; what they gain from an internal one is here, and only here:

- `attach_page`: generated pages that are only headings and the macros' set-aside HTML blocks
  are made HTML by `handbook.quickmd.convert` instead of Python-Markdown (`QuickPage` replaces
  `Page.render` and sets what it sets, among them the private `_title_from_render`);
- `use_sandbox`: pages are rendered in the handbook's Jinja sandbox by mkdocs-macros itself (its
  private `_env`), and `format_errors_with` has it word a page's mistakes (its `format_error`);
- `indexed`: a page's sections go into Material's search index without its HTMLParser (the
  index's `create_entry_for_section`);
- `segment_chinese`: Material's search cuts Chinese text into words only in a Chinese or
  Japanese handbook (its search module's `jieba`);
- `watch_data_folder`: `mkdocs serve` keeps watching a data folder removed and put back (the
  server's `observer` and its emitters);
- `quick_output`: the renderers' templates write a value with one call to the handbook's own
  escaping function instead of Jinja's `escape(finalize(value))` (Jinja's code generator's
  `_output_child_pre` and `_output_child_post`).

Each is used only with the versions the tests have checked (`TESTED`); with any other version,
or with `INTERNALS = False`, the callers take the public path: MkDocs renders every page, the
macros render a page in the sandbox before mkdocs-macros sees it (see macros.py), and templates
are compiled by Jinja's own code generator. The tests build the same pages both ways
(tests/test_plugin.py, tests/test_i18n.py).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
from collections.abc import Callable
from importlib import metadata
from typing import Any

import mkdocs
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markdown.extensions.toc import slugify, unique
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from handbook.quickmd import convert
from handbook.searchtext import sections

# The versions whose internals the tests have checked, by distribution (a version, or the
# start of one: "9.8." is any 9.8 release). The builder is MkDocs or ProperDocs, whichever runs.
TESTED: dict[str, tuple[str, ...]] = {
    "mkdocs": ("1.6.1",),
    "properdocs": ("1.6.7",),
    "mkdocs-material": ("9.8.",),
    "mkdocs-macros-plugin": ("1.5.0",),
    "jinja2": ("3.1.",),
}
# None: internals are used when the versions are tested ones; True or False overrides that.
INTERNALS: bool | None = None


def builder() -> str:
    """The distribution running the build: ProperDocs answers imports of `mkdocs` itself."""
    return "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"


@functools.cache
def _tested(distribution: str) -> bool:
    try:
        version = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return False
    return any(
        version == known or (known.endswith(".") and version.startswith(known))
        for known in TESTED.get(distribution, ())
    )


def internals(*distributions: str) -> bool:
    """Whether the internals of the builder and of `distributions` may be used."""
    if INTERNALS is not None:
        return INTERNALS
    return all(_tested(name) for name in (builder(), *distributions))


def versions() -> dict[str, str | None]:
    """The installed version of each distribution of `TESTED` (None when not installed)."""
    found: dict[str, str | None] = {}
    for name in TESTED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


# ---- The Markdown short path ------------------------------------------------------------------

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
    return str(unique(slugify(text, "-"), used))


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


def attach_page(file: File, config: MkDocsConfig) -> None:
    """Give a generated page's file its page, made HTML by the short path where it can be
    (with tested versions only; otherwise MkDocs makes the page, as for any file)."""
    if internals():
        QuickPage(None, file, config)  # becomes file.page


# ---- mkdocs-macros ----------------------------------------------------------------------------


def use_sandbox(env: Any, templates: Any) -> bool:
    """Have mkdocs-macros render pages with `templates` (the handbook's sandbox) in place of
    its own Jinja environment; False when its version is not one tested, and the caller
    renders pages itself."""
    if not internals("mkdocs-macros-plugin"):
        return False
    if env._env is not templates:
        env._env = templates
    return True


# ---- Material's search ------------------------------------------------------------------------


def indexed(config: MkDocsConfig, page: Page, html: str) -> bool:
    """Whether `page` (whose HTML for search is `html`) was put into Material's search index
    here, divided into sections by `handbook.searchtext.sections` instead of Material's
    HTMLParser; False leaves it to Material's search plugin."""
    if not internals("mkdocs-material"):
        return False
    index = _material_search_index(config)
    if index is None:
        return False
    found = sections(html)
    if found is None:
        return False
    if not (page.meta.get("search") or {}).get("exclude"):
        for section in found:  # as `SearchIndex.add_entry_from_context` adds them
            index.create_entry_for_section(section, page.toc, page.url, page)
    return True


def _material_search_index(config: MkDocsConfig) -> Any:
    """Material's search index, when its search plugin is on (else None)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search") and getattr(
            plugin.config, "enabled", False
        ):
            return getattr(plugin, "search_index", None)
    return None


# ---- Chinese word segmentation in search --------------------------------------------------------


def segment_chinese(chinese: bool) -> bool:
    """Have Material's search cut runs of Chinese characters into words (with jieba) only in a
    Chinese or Japanese handbook. Material does it in any site once jieba is installed, which
    puts zero-width spaces into the search results' titles of a role whose title holds one
    Chinese character, and changes what an English query finds. Its search module's `jieba`
    (undocumented) is set for the build; False when this version's is not known."""
    if not internals("mkdocs-material"):
        return False
    try:
        module = importlib.import_module("material.plugins.search.plugin")
        segmenter = importlib.import_module("jieba") if chinese else None
    except ImportError:
        return False
    if not hasattr(module, "jieba"):
        return False
    setattr(module, "jieba", segmenter)  # noqa: B010 (a module of Material's, not ours)
    return True


# ---- mkdocs-macros' error messages ------------------------------------------------------------


def format_errors_with(formatter: Callable[..., str]) -> None:
    """Have mkdocs-macros write a page's template error (a syntax error too) with `formatter`,
    through its undocumented `errors.format_error`. Needed only where mkdocs-macros renders the
    pages (`use_sandbox`); on the public path the macros render a page themselves and format
    its error directly."""
    if not internals("mkdocs-macros-plugin"):
        return
    from jinja2.exceptions import TemplateSyntaxError
    from mkdocs_macros.errors import format_error

    format_error.register(Exception, formatter)
    format_error.register(TemplateSyntaxError, formatter)


# ---- `mkdocs serve`'s watcher -----------------------------------------------------------------


def watch_data_folder(server: Any, folder: str) -> None:
    """Have `mkdocs serve` watch the data folder for as long as it runs. MkDocs' watch of a
    folder stops for good when the folder is removed; with the tested versions the folder's
    parent is watched too, through the server's undocumented `observer` and its emitters, and
    the folder is watched afresh when it is put back (restored from a copy, a branch switched).
    Otherwise the folder is watched with the public `server.watch`, as MkDocs watches docs/."""
    if not internals():
        server.watch(folder)
        return
    _DataFolderWatcher(server, folder).start()


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


# ---- The templates' output ----------------------------------------------------------------------


class _QuickOutput(CodeGenerator):
    """Jinja's code generator, writing each `{{ value }}` of an autoescaped template as
    `environment.handbook_out(value)` rather than `escape(environment.finalize(value))`: one
    call that answers the value's escaped text as a `str`, where Jinja's pair makes a `Markup`
    of every value (about a microsecond each; a role page writes some three hundred)."""

    def _quick(self, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return (
            not frame.eval_ctx.volatile
            and frame.eval_ctx.autoescape
            and finalize.src == "environment.finalize("
        )

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if self._quick(frame, finalize):
            self.write("environment.handbook_out(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        if self._quick(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


def quick_output() -> type[CodeGenerator] | None:
    """The code generator for the renderers' templates, whose environment has a `finalize`
    (values' escaped text, for Jinja's `escape`) and a `handbook_out` (the same as a `str`,
    for this generator); None when this Jinja's generator is not one tested, and templates
    are compiled by Jinja's own."""
    if not internals("jinja2") or not all(
        hasattr(CodeGenerator, name) for name in ("_output_child_pre", "_output_child_post")
    ):
        return None
    return _QuickOutput
