"""A department's page: what it does, its roles junior to senior, and its reporting lines."""

from __future__ import annotations

from handbook.render import markup
from handbook.render.context import Context, RenderError
from handbook.render.orgchart import org_chart
from handbook.render.role import link


def department_page(ctx: Context, department: str) -> str:
    dept = ctx.department(department)
    if dept is None:
        raise RenderError("no department given: pass a department id")
    handbook = ctx.handbook
    info = handbook.departments[dept]
    members = ctx.relations.members.get(dept, [])
    # Only the name is searched here: the description and lists would make this page match
    # queries meant for its roles.
    lines = [
        f"# {markup.md(info.name)}",
        "",
        f'<p data-search-exclude="true">{markup.html(info.description)}</p>',
        "",
    ]
    rows = [
        [
            link(ctx, rid),
            markup.md(handbook.levels[handbook.roles[rid].level].name),
            ", ".join(markup.md(a) for a in handbook.roles[rid].aliases) or "—",
        ]
        for rid in members
    ]
    broken = sorted(
        (b for b in ctx.broken.values() if b.department == dept), key=lambda b: b.title.casefold()
    )
    rows += [
        [
            f"[{markup.md(b.title)}]({ctx.links.md(b.role_id)})",
            "—",
            "*has problems to fix*",
        ]
        for b in broken
        if b.role_id in ctx.links.role_pages
    ]
    count = len(members)
    lines += [
        f"## Roles ({count})",
        "",
        (
            '<div data-search-exclude="true" markdown>\n\n'
            + markup.table(["Role", "Level", "Also known as"], rows)
            + "\n\n</div>"
        )
        if rows
        else "*No roles yet.*",
        "",
    ]
    if members:
        chart = org_chart(ctx, dept).replace("<nav ", '<nav data-search-exclude="true" ', 1)
        lines += ["## Reporting lines", "", chart, ""]
    return "\n".join(lines)
