"""The organisation chart as semantic HTML: nested lists of links, styled by CSS, no JavaScript."""

from __future__ import annotations

from handbook import graph
from handbook.render import markup
from handbook.render.context import Context
from handbook.render.plural import ngettext


def _box(ctx: Context, role_id: str, note: str = "") -> str:
    handbook = ctx.handbook
    role = handbook.roles[role_id]
    department = handbook.departments[role.department].name
    level = handbook.levels[role.level].name
    # "Executive · Executive" says one thing twice: a level named like its department is shown
    # once.
    meta = department if level.casefold() == department.casefold() else f"{department} · {level}"
    if note:
        meta += f" · {note}"
    slot = ctx.relations.department_slot.get(role.department, 0) % 8
    return (
        f'<a class="hb-org__box hb-dept--{slot}" href="{ctx.links.url(role_id)}">'
        f'<span class="hb-org__title">{markup.html(role.title)}</span>'
        f'<span class="hb-org__meta">{markup.html(meta)}</span></a>'
    )


def _tree(
    ctx: Context,
    role_id: str,
    reports: dict[str, list[str]],
    keep: set[str] | None,
    depth: int,
    max_depth: int | None,
    note: str = "",
) -> str:
    children = [c for c in reports.get(role_id, []) if keep is None or c in keep]
    children.sort(key=lambda c: (-ctx.handbook.rank(c), ctx.handbook.roles[c].title))
    out = f"<li>{_box(ctx, role_id, note)}"
    if children and max_depth is not None and depth >= max_depth:
        below = len(graph.subtree(reports, role_id)) - 1
        more = ngettext("1 more role below", "%(n)s more roles below", below)
        out += f'<p class="hb-org__more">{more}</p>'
    elif children:
        out += (
            "<ul>"
            + "".join(_tree(ctx, c, reports, keep, depth + 1, max_depth) for c in children)
            + "</ul>"
        )
    return out + "</li>"


def org_chart(ctx: Context, department: str | None = None, depth: int | None = None) -> str:
    """The reporting tree (of one department when given), `depth` levels deep when given."""
    department = ctx.department(department)
    handbook = ctx.handbook
    reports = ctx.relations.reports
    if department is None:
        keep = None
        roots = graph.top_roles(handbook)[:1]
        label = f"Organization chart of {handbook.settings.organisation}"
    else:
        keep = {rid for rid, r in handbook.roles.items() if r.department == department}
        roots = sorted(
            (rid for rid in keep if handbook.roles[rid].reports_to not in keep),
            key=lambda rid: (-handbook.rank(rid), handbook.roles[rid].title),
        )
        label = f"Organization chart of {handbook.departments[department].name}"
    if not roots:
        return "*No roles to show.*"
    items = []
    for root in roots:
        manager = handbook.roles[root].reports_to
        note = f"reports to {handbook.roles[manager].title}" if keep and manager else ""
        items.append(_tree(ctx, root, reports, keep, 1, depth, note))
    return (
        f'<nav class="hb-org" aria-label="{markup.html(label)}">'
        f'<ul class="hb-org__tree">{"".join(items)}</ul></nav>'
    )
