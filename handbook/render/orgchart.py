"""The organisation chart as semantic HTML: nested lists of links, styled by CSS, no JavaScript.

This module works out the tree (who reports to whom, how deep to go, what each box says); the
template orgchart/chart.html writes it, in the handbook's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook import graph
from handbook.render.context import Context


@dataclass(slots=True)
class _Box:
    """One role's box in the chart, with those who report to it (`children`), or, below the
    depth asked for, how many roles there are below it (`below`)."""

    title: str
    url: str
    slot: int  # its department's colour, 0 to 7
    department: str
    level: str | None  # None when named like its department
    note: str  # under whom the top of a department sits, or empty
    below: int | None = None
    children: list[_Box] = field(default_factory=list)


def _box(ctx: Context, role_id: str, note: str = "") -> _Box:
    """What one role's box shows: its title, department and level, and its link."""
    handbook = ctx.handbook
    role = handbook.roles[role_id]
    department = handbook.departments[role.department].name
    level = handbook.levels[role.level].name
    return _Box(
        title=role.title,
        url=ctx.links.url(role_id),
        slot=ctx.relations.department_slot.get(role.department, 0) % 8,
        department=department,
        # "Executive · Executive" says one thing twice: a level named like its department is
        # shown once.
        level=None if level.casefold() == department.casefold() else level,
        note=note,
    )


def _tree(
    ctx: Context,
    role_id: str,
    reports: dict[str, list[str]],
    keep: set[str] | None,
    depth: int,
    max_depth: int | None,
    note: str = "",
) -> _Box:
    """A role's box and, to the depth asked for, the boxes below it."""
    children = [c for c in reports.get(role_id, []) if keep is None or c in keep]
    children.sort(key=lambda c: (-ctx.handbook.rank(c), ctx.handbook.roles[c].title))
    box = _box(ctx, role_id, note)
    if children and max_depth is not None and depth >= max_depth:
        box.below = len(graph.subtree(reports, role_id)) - 1
    elif children:
        box.children = [_tree(ctx, c, reports, keep, depth + 1, max_depth) for c in children]
    return box


def org_chart(ctx: Context, department: str | None = None, depth: int | None = None) -> str:
    """The reporting tree (of one department when given), `depth` levels deep when given."""
    department = ctx.department(department)
    handbook = ctx.handbook
    reports = ctx.relations.reports
    if department is None:
        keep = None
        roots = graph.top_roles(handbook)[:1]
        name = handbook.settings.organisation
    else:
        keep = {rid for rid, r in handbook.roles.items() if r.department == department}
        roots = sorted(
            (rid for rid in keep if handbook.roles[rid].reports_to not in keep),
            key=lambda rid: (-handbook.rank(rid), handbook.roles[rid].title),
        )
        name = handbook.departments[department].name
    items = []
    for root in roots:
        manager = handbook.roles[root].reports_to
        note = ""
        if keep and manager:  # the top of a department, said under whom it sits
            note = ctx.language.gettext(
                "reports to %(manager)s", manager=handbook.roles[manager].title
            )
        items.append(_tree(ctx, root, reports, keep, 1, depth, note))
    return ctx.render("orgchart/chart.html", name=name, roots=items)
