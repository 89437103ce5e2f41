"""What the handbook package carries for every handbook: its general pages, its theme (the
Material overrides, the CSS and the scripts) and the navigation those pages take.

A project needs none of it in its own folders. A page the project has at the same path in its
`docs/` replaces the package's (as a writer's role page adds to a generated one), and a file in
the project's `custom_dir` replaces the theme's file of the same name. Nothing here knows
MkDocs: the plugin turns it into files, theme folders and navigation.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from handbook.i18n import N_
from handbook.site import ROLES_INDEX

PACKAGE = Path(__file__).resolve().parent
# The general pages, at the paths they have in the site (index.md, reference/kpis.md, …).
PAGES_DIR = PACKAGE / "pages"
# A Material theme folder: main.html and partials/ (the overrides), assets/ (CSS, scripts).
THEME_DIR = PACKAGE / "theme"
STYLESHEETS = ("assets/stylesheets/handbook.css", "assets/stylesheets/planner.css")
SCRIPTS = ("assets/javascripts/handbook.js", "assets/javascripts/planner.js")

# The Markdown extensions the pages and the macros' output are written for (admonitions for
# problems, attribute lists and Markdown in HTML for the macros' blocks, tables, permalinks).
MARKDOWN_EXTENSIONS: Mapping[str, Mapping[str, object]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
}
# Material features the navigation relies on: a department's section opens on its page
# (indexes), and the sidebar of a page holds its own section only (prune), which keeps every
# page's size the same at ten roles or three thousand.
THEME_FEATURES = ("navigation.indexes", "navigation.prune")


# A nav in mkdocs.yml's shape: a list of page paths and one-key mappings (title → path or list).
Nav = list[object]

# The navigation of a project whose mkdocs.yml gives none. The departments (and their roles)
# go after the roles index. A section's first page is its index (Material's navigation.indexes),
# shown under the section's title.
DEFAULT_NAV: tuple[object, ...] = (
    {N_("Home"): "index.md"},
    {N_("Organization chart"): "org-chart.md"},
    {N_("Roles"): [ROLES_INDEX]},
    {N_("Career paths"): ["careers/index.md", "careers/compare.md"]},
    {
        N_("Reference"): [
            "reference/levels.md",
            "reference/skills.md",
            "reference/responsibilities.md",
            "reference/salaries.md",
            "reference/kpis.md",
        ]
    },
    {N_("What changed"): "changes.md"},
    {N_("Editing this handbook"): "writing.md"},
)


def general_pages() -> list[str]:
    """The package's general pages, as site paths, in a stable order."""
    return sorted(p.relative_to(PAGES_DIR).as_posix() for p in PAGES_DIR.rglob("*.md"))


def page_path(src: str) -> Path:
    """The package's file of the general page `src`."""
    return PAGES_DIR / src


def nav_sources(nav: Iterable[object]) -> set[str]:
    """Every page path a nav in mkdocs.yml's shape names."""
    found: set[str] = set()
    for item in nav:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, Mapping):
            for value in item.values():
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, list):
                    found |= nav_sources(value)
    return found


def default_nav(extra: Sequence[str]) -> Nav:
    """The navigation for a project whose mkdocs.yml gives none: the general pages, then the
    project's own pages (`extra`, paths) in the order given."""
    return copy.deepcopy(list(DEFAULT_NAV)) + list(extra)


def with_departments(nav: Nav, departments: Sequence[object]) -> tuple[Nav, bool]:
    """`nav` (mkdocs.yml's shape) with `departments` placed after the roles index, and whether
    it was there. A roles index standing alone becomes a section holding it and them."""
    out: Nav = []
    placed = False
    for item in nav:
        if placed:
            out.append(item)
            continue
        if item == ROLES_INDEX or (isinstance(item, Mapping) and ROLES_INDEX in item.values()):
            title = next(iter(item)) if isinstance(item, Mapping) else "Roles"
            out.append({title: [ROLES_INDEX, *departments]})
            placed = True
        elif isinstance(item, Mapping) and len(item) == 1:
            ((title, value),) = item.items()
            if isinstance(value, list) and ROLES_INDEX in nav_sources(value):
                if ROLES_INDEX in value:
                    at = value.index(ROLES_INDEX) + 1
                    out.append({title: [*value[:at], *departments, *value[at:]]})
                else:
                    inner, _ = with_departments(value, departments)
                    out.append({title: inner})
                placed = True
            else:
                out.append(item)
        else:
            out.append(item)
    return out, placed


def translated(nav: Nav, gettext: Callable[[str], str]) -> Nav:
    """`nav` with the package's section and page titles in the handbook's language (titles
    that are not the package's own, such as the departments', are left as they are)."""
    own = _titles(DEFAULT_NAV)
    out: Nav = []
    for entry in nav:
        if isinstance(entry, Mapping):
            ((title, value),) = entry.items()
            if isinstance(value, list):
                value = translated(value, gettext)
            out.append({gettext(title) if title in own else title: value})
        else:
            out.append(entry)
    return out


def _titles(nav: Iterable[object]) -> set[str]:
    found: set[str] = set()
    for entry in nav:
        if isinstance(entry, Mapping):
            for title, value in entry.items():
                found.add(title)
                if isinstance(value, list):
                    found |= _titles(value)
    return found
