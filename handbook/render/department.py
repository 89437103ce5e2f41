"""A department's page: what it does, its roles junior to senior, and its reporting lines."""

from __future__ import annotations

from handbook.render import markup
from handbook.render.context import Context, RenderError
from handbook.render.orgchart import org_chart
from handbook.render.tables import roles_table


def department_page(ctx: Context, department: str) -> str:
    dept = ctx.department(department)
    if dept is None:
        raise RenderError("no department given: pass a department id")
    info = ctx.handbook.departments[dept]
    members = ctx.relations.members.get(dept, [])
    # Only the name is searched here: the description and lists would make this page match
    # queries meant for its roles.
    lines = [
        f"# {markup.md(info.name)}",
        "",
        f'<p data-search-exclude="true">{markup.html(info.description)}</p>',
        "",
    ]
    broken = sorted(
        (
            b
            for b in ctx.broken.values()
            if b.department == dept and b.role_id in ctx.links.role_pages
        ),
        key=lambda b: b.title.casefold(),
    )
    count = len(members)
    lines += [
        f"## Roles ({count})",
        "",
        roles_table(ctx, members, f"Roles in {info.name}", broken, search=False)
        if members or broken
        else "*No roles yet.*",
        "",
    ]
    if members:
        chart = org_chart(ctx, dept).replace("<nav ", '<nav data-search-exclude="true" ', 1)
        lines += ["## Reporting lines", "", chart, ""]
    return "\n".join(lines)
