"""A department's page: what it does, its roles junior to senior, and its reporting lines.

The page is written by the template department/page.md, in the handbook's language; its table
of roles is tables/roles_table.html and its chart the organisation chart's.
"""

from __future__ import annotations

from markupsafe import Markup

from handbook.render.context import Context, RenderError
from handbook.render.orgchart import org_chart
from handbook.render.tables import roles_table


def department_page(ctx: Context, department: str) -> str:
    dept = ctx.department(department)
    if dept is None:
        raise RenderError("no department given: pass a department id")
    info = ctx.handbook.departments[dept]
    members = ctx.relations.members.get(dept, [])
    broken = sorted(
        (
            b
            for b in ctx.broken.values()
            if b.department == dept and b.role_id in ctx.links.role_pages
        ),
        key=lambda b: b.title.casefold(),
    )
    table = None
    if members or broken:
        label = ctx.language.gettext("Roles in %(department)s", department=info.name)
        table = roles_table(ctx, members, label, broken, search=False)
    chart = None
    if members:
        # Kept out of search, as the table is: the page is found by the department's name.
        # (The chart's template has no such switch, so the attribute is added to its <nav>.)
        chart = Markup(org_chart(ctx, dept).replace("<nav ", '<nav data-search-exclude="true" ', 1))
    page = ctx.render(
        "department/page.md",
        name=info.name,
        description=info.description,
        count=len(members),
        table=table,
        chart=chart,
    )
    return page + "\n"
