"""The pages the data makes and the navigation of the roles: a plan computed once per build.

Every role gets a page at `roles/<department>/<id>.md` and every department an index page at
`roles/<department>/index.md`. A generated page is two lines of Markdown that call the
handbook's macros, so the macros still put the data into pages; a writer who wants to add prose
writes a file at the same path, which is then used instead. Nothing here knows MkDocs: the
adapter turns the plan into files and navigation.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from handbook.model import Handbook
from handbook.problems import Problem, did_you_mean
from handbook.relations import Relations
from handbook.validation import BrokenRole

ROLES_DIR = "roles"
ROLES_INDEX = "roles/index.md"
# A department with more roles than this lists them on its own page, not in the sidebar: the
# sidebar is in every page, so its size must not grow with the organisation.
NAV_ROLES_LIMIT = 30
# A writer's role page that calls one of these is laid out by the writer; one that does not is
# prose, placed in the standard page after the role's summary.
_ROLE_MACRO = re.compile(r"\{\{-?\s*role_")


@dataclass(frozen=True)
class PageSpec:
    """One page the plan knows: a role's, a department's, or a broken role's."""

    src: str  # docs-relative path
    title: str  # plain text
    markdown: str | None  # the generated page; None when the writer's own file is used
    role: str | None = None
    department: str | None = None
    # The data files (as the handbook names them) whose change can change this page.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavDepartment:
    department: str
    title: str
    index: str  # src of its index page
    roles: tuple[str, ...]  # srcs of the role pages listed under it (none when too many)


@dataclass
class SitePlan:
    pages: dict[str, PageSpec] = field(default_factory=dict)
    role_pages: dict[str, str] = field(default_factory=dict)  # role id → src
    department_pages: dict[str, str] = field(default_factory=dict)  # department id → src
    nav: list[NavDepartment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def role_of(self, src: str) -> str | None:
        spec = self.pages.get(src)
        return spec.role if spec else None

    def generated(self) -> list[PageSpec]:
        return [spec for spec in self.pages.values() if spec.markdown is not None]


def is_prose(markdown: str) -> bool:
    """Whether a writer's role page is prose only (the standard sections are added around it)."""
    return not _ROLE_MACRO.search(markdown)


# Generated pages name no id: the macros take the role or department of the page they are on,
# so every generated page is one of three templates, each compiled once per build.
def role_page_markdown(role_id: str) -> str:
    del role_id
    return "{{ role_page() }}\n"


def department_page_markdown(department: str) -> str:
    del department
    return "{{ department_page() }}\n"


def broken_page_markdown(role_id: str) -> str:
    del role_id
    return "{{ role_problems() }}\n"


def plan_site(
    handbook: Handbook,
    relations: Relations,
    broken: Mapping[str, BrokenRole],
    writer_pages: Iterable[str],
    catalog_files: Iterable[str] = (),
    docs_shown: str = "docs",
) -> SitePlan:
    """The plan for `handbook` (already filtered for its audience).

    `writer_pages` are the docs-relative paths of the writers' Markdown files under `roles/`;
    `catalog_files` the data files every page may depend on (settings and catalogs).
    """
    plan = SitePlan()
    catalogs = tuple(catalog_files)
    wanted: dict[str, tuple[str, str | None, str | None]] = {}  # src → (kind, role, dept)
    for dept in handbook.departments:
        wanted[f"{ROLES_DIR}/{dept}/index.md"] = ("department", None, dept)
    # The reader refuses role ids whose page would take another page's address (see
    # handbook.roleid); should one get here, the department's page keeps its place.
    for rid, role in handbook.roles.items():
        src = f"{ROLES_DIR}/{role.department}/{rid}.md"
        wanted.setdefault(src, ("role", rid, role.department))
    for rid, info in broken.items():
        folder = f"{ROLES_DIR}/{info.department}" if info.department else ROLES_DIR
        if f"{folder}/{rid}.md" != ROLES_INDEX:
            wanted.setdefault(f"{folder}/{rid}.md", ("broken", rid, info.department))
    by_stem = {
        posixpath.basename(src)[:-3]: src
        for src, (kind, _, _) in wanted.items()
        if kind != "department"
    }

    writers = set()
    for src in sorted(writer_pages):
        if src == ROLES_INDEX or not src.startswith(f"{ROLES_DIR}/"):
            continue
        if src in wanted:
            writers.add(src)
            continue
        stem = posixpath.basename(src)[:-3]
        shown = f"{docs_shown}/{src}"
        if stem in by_stem:  # a role's page in the wrong folder: used, and reported
            right = by_stem[stem]
            writers.add(src)
            wanted[src] = wanted.pop(right)
            if stem in broken and broken[stem].department is None:
                continue  # its data does not say its department: the page may well be right
            plan.problems.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"this is the page of role {stem!r}, which belongs in "
                    f"{docs_shown}/{right}: move the file there",
                )
            )
            continue
        role_ids = [*handbook.roles, *broken]
        plan.problems.append(
            Problem(
                shown,
                None,
                "",
                f"no role {stem!r}{did_you_mean(stem, role_ids)}: a page in "
                f"{docs_shown}/{ROLES_DIR}/<department>/ is named after a role id "
                "(<id>.md) or is the department's index.md",
            )
        )

    for src, (kind, role_id, folder_dept) in wanted.items():
        own = src in writers
        if kind == "department":
            assert folder_dept is not None
            members = relations.members.get(folder_dept, [])
            spec = PageSpec(
                src,
                handbook.departments[folder_dept].name,
                None if own else department_page_markdown(folder_dept),
                department=folder_dept,
                sources=(*catalogs, *(handbook.role_files[m] for m in members)),
            )
            plan.department_pages[folder_dept] = src
        elif kind == "role":
            assert role_id is not None
            spec = PageSpec(
                src,
                handbook.roles[role_id].title,
                None if own else role_page_markdown(role_id),
                role=role_id,
                department=folder_dept,
                sources=(*catalogs, *_neighbour_files(handbook, relations, role_id)),
            )
            plan.role_pages[role_id] = src
        else:
            assert role_id is not None
            info = broken[role_id]
            spec = PageSpec(
                src,
                info.title,
                None if own else broken_page_markdown(role_id),
                role=role_id,
                department=folder_dept,
                sources=(*catalogs, info.file),
            )
            plan.role_pages[role_id] = src
        plan.pages[src] = spec

    for dept, department in handbook.departments.items():
        members = relations.members.get(dept, [])
        broken_here = sorted(
            (rid for rid, info in broken.items() if info.department == dept),
            key=lambda rid: broken[rid].title.casefold(),
        )
        if not members and not broken_here:
            continue
        pages = plan.role_pages
        listed = [pages[rid] for rid in [*members, *broken_here] if rid in pages]
        plan.nav.append(
            NavDepartment(
                dept,
                department.name,
                plan.department_pages[dept],
                tuple(listed) if len(listed) <= NAV_ROLES_LIMIT else (),
            )
        )
    return plan


def _neighbour_files(handbook: Handbook, relations: Relations, rid: str) -> list[str]:
    """The role's own file and those of the roles its page names (titles, links), including
    the sidebar, which lists the department's roles when there are few enough."""
    role = handbook.roles[rid]
    ids = [rid, *relations.reports.get(rid, [])]
    ids += relations.chain(rid)
    ids += [m.to for m in role.progression if m.to]
    ids += [m.from_role for m in relations.incoming.get(rid, [])]
    members = relations.members.get(role.department, [])
    if len(members) <= NAV_ROLES_LIMIT:
        ids += members
    files = handbook.role_files
    return list(dict.fromkeys(files[i] for i in ids if i in files))
