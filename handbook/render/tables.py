"""Handbook-wide views: role index, skills matrix, KPI glossary, RACI, comparisons, routes."""

from __future__ import annotations

from collections.abc import Callable

from handbook import graph
from handbook.model import Role
from handbook.render import markup
from handbook.render.context import Context, RenderError
from handbook.render.mermaid import path_diagram
from handbook.render.role import link, move_label, salary_text


def _by_seniority(ctx: Context, role_ids: list[str]) -> list[str]:
    roles = ctx.handbook.roles
    return sorted(role_ids, key=lambda rid: (-ctx.handbook.rank(rid), roles[rid].title))


def _in_department(ctx: Context, department: str | None) -> list[str]:
    department = ctx.department(department)
    return _by_seniority(
        ctx,
        [
            rid
            for rid, role in ctx.handbook.roles.items()
            if department is None or role.department == department
        ],
    )


def role_index(ctx: Context) -> str:
    """Every role, by department and then by level, most senior first."""
    handbook = ctx.handbook
    out = []
    for dept_id, dept in handbook.departments.items():
        members = _in_department(ctx, dept_id)
        if not members:
            continue
        rows = [
            [
                link(ctx, rid),
                markup.md(handbook.levels[handbook.roles[rid].level].name),
                ", ".join(markup.md(a) for a in handbook.roles[rid].aliases) or "—",
            ]
            for rid in members
        ]
        out += [
            f"## {markup.md(dept.name)}",
            "",
            markup.md(dept.description),
            "",
            markup.table(["Role", "Level", "Also known as"], rows),
            "",
        ]
    return "\n".join(out).rstrip()


def skills_matrix(ctx: Context, department: str | None = None) -> str:
    """Skills down the side, roles across the top, required proficiency in the cells."""
    members = _in_department(ctx, department)
    roles, skills = ctx.handbook.roles, ctx.handbook.skills
    needs = {rid: {s.skill: s.level for s in roles[rid].skills} for rid in members}
    used = sorted({s for rid in members for s in needs[rid]}, key=lambda s: skills[s].name)
    if not used:
        return "*No roles in this department.*"
    headers = ["Skill", *(link(ctx, rid) for rid in members)]
    rows = [
        [markup.md(skills[s].name), *(str(needs[rid].get(s, "")) or "·" for rid in members)]
        for s in used
    ]
    return markup.table(headers, rows) + "\n\nProficiency runs from 1 (basic) to 5 (expert)."


def kpi_glossary(ctx: Context) -> str:
    """Each KPI with its definition, unit, direction and the roles measured on it."""
    handbook = ctx.handbook
    out = []
    for kpi_id, kpi in sorted(handbook.kpis.items(), key=lambda item: item[1].name):
        measured = _by_seniority(
            ctx, [rid for rid, r in handbook.roles.items() if any(k.kpi == kpi_id for k in r.kpis)]
        )
        out += [
            f"## {markup.md(kpi.name)} {{ #kpi-{kpi_id} }}",
            "",
            markup.md(kpi.definition),
            "",
            f"- **Unit:** {markup.md(kpi.unit)}",
            f"- **Better when:** {kpi.better.value}",
            "- **Measured for:** "
            + (", ".join(link(ctx, rid) for rid in measured) or "no role yet"),
            "",
        ]
    return "\n".join(out).rstrip()


def raci_matrix(ctx: Context) -> str:
    """Key processes down the side, the roles involved across the top, R/A/C/I in the cells."""
    handbook = ctx.handbook
    involved: set[str] = set()
    for process in handbook.processes.values():
        raci = process.raci
        involved.update([raci.accountable, *raci.responsible, *raci.consulted, *raci.informed])
    columns = _by_seniority(ctx, sorted(involved))
    rows = []
    for process in handbook.processes.values():
        raci = process.raci
        cells = [
            "".join(
                letter
                for letter, held in (
                    ("R", rid in raci.responsible),
                    ("A", rid == raci.accountable),
                    ("C", rid in raci.consulted),
                    ("I", rid in raci.informed),
                )
                if held
            )
            or "·"
            for rid in columns
        ]
        rows.append([f"**{markup.md(process.name)}**", *cells])
    headers = ["Process", *(link(ctx, rid) for rid in columns)]
    legend = (
        "**R** responsible: does the work · **A** accountable: signs it off · "
        "**C** consulted: asked beforehand · **I** informed: told the outcome"
    )
    details = [
        f"- **{markup.md(p.name)}:** {markup.md(p.description)}"
        for p in handbook.processes.values()
    ]
    return "\n".join([markup.table(headers, rows), "", legend, "", *details])


def compare_roles(ctx: Context, a: str, b: str) -> str:
    """Two roles side by side; skill rows that differ are marked."""
    a = ctx.resolve(a)
    role_a = ctx.handbook.roles[a]
    b = ctx.resolve(b)
    role_b = ctx.handbook.roles[b]
    handbook = ctx.handbook
    head = ["", link(ctx, a), link(ctx, b)]

    def both(fn: Callable[[str, Role], str]) -> list[str]:
        return [fn(a, role_a), fn(b, role_b)]

    rows = [
        ["**Level**", *both(lambda _, r: markup.md(handbook.levels[r.level].name))],
        ["**Department**", *both(lambda _, r: markup.md(handbook.departments[r.department].name))],
        [
            "**Reports to**",
            *both(lambda _, r: link(ctx, r.reports_to) if r.reports_to else "—"),
        ],
        [
            "**Responsibilities**",
            *both(lambda _, r: "<br>".join(markup.md(x.area) for x in r.responsibilities)),
        ],
        [
            "**Education**",
            *both(lambda _, r: markup.md(r.qualifications.education)),
        ],
        [
            "**Experience**",
            *both(lambda _, r: markup.years(r.qualifications.experience_years)),
        ],
        [
            "**KPIs**",
            *both(lambda _, r: "<br>".join(markup.md(handbook.kpis[k.kpi].name) for k in r.kpis)),
        ],
        [
            "**Salary band**",
            *both(lambda rid, _: markup.md(salary_text(ctx, rid) or "not published")),
        ],
    ]
    levels_a = {s.skill: s.level for s in role_a.skills}
    levels_b = {s.skill: s.level for s in role_b.skills}
    skill_rows = []
    for skill_id in sorted(set(levels_a) | set(levels_b), key=lambda s: handbook.skills[s].name):
        la, lb = levels_a.get(skill_id, 0), levels_b.get(skill_id, 0)
        differs = la != lb
        name = markup.md(handbook.skills[skill_id].name)
        cells = [str(la) if la else "—", str(lb) if lb else "—"]
        if differs:
            name = f'<mark title="differs">{name}</mark>'
            cells = [f"**{c}**" for c in cells]
        skill_rows.append([name, *cells])
    return "\n".join(
        [
            markup.table(head, rows),
            "",
            "**Skills** (required proficiency, 1–5; highlighted where the roles differ)",
            "",
            markup.table(["Skill", *head[1:]], skill_rows),
        ]
    )


def career_path(ctx: Context, from_id: str, to_id: str) -> str:
    """The route with fewest moves between two roles, step by step."""
    from_id = ctx.resolve(from_id)
    to_id = ctx.resolve(to_id)
    steps = graph.career_path(ctx.handbook.roles, from_id, to_id)
    if steps is None:
        raise RenderError(
            f"no route of moves leads from {from_id!r} to {to_id!r}; check the roles' "
            "progression lists, or pick another pair"
        )
    if not steps:
        return f"{link(ctx, from_id)} is already the destination."
    low = sum(s.move.typical_months.min for s in steps)
    high = sum(s.move.typical_months.max for s in steps)
    lines = [
        path_diagram(ctx, steps),
        "",
        f"**{len(steps)} move{'s' if len(steps) != 1 else ''}**, typically "
        f"{markup.months(low, high)} in all. Starting band: "
        f"{markup.md(salary_text(ctx, from_id) or 'not published')}.",
        "",
    ]
    for number, step in enumerate(steps, 1):
        assert step.move.to is not None
        band = salary_text(ctx, step.move.to)
        lines += [
            f"{number}. **{link(ctx, step.from_role)} → {link(ctx, step.move.to)}** — "
            f"{move_label(step.move).lower()}. {markup.md(step.move.requirements)} "
            f"*Band:* {markup.md(band or 'not published')}.",
        ]
    return "\n".join(lines)
