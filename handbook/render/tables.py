"""Handbook-wide views: role index, skills matrix, KPI glossary, levels, who does what,
comparisons and routes.

Each function here works out a view of the data (which roles, in what order, with which
figures) and renders it with a template of handbook/templates/tables/, which writes the HTML
under Markdown headings (headings keep the table of contents and permalinks) and the words, in
the handbook's language. Wide tables scroll in their own box with a shadow at the edge that has
more to show, and their first column stays in view (tables/scroll.html). The skills matrix is
made to fit instead: role titles written upwards, at most MATRIX_ROLES roles a table; two roles
compared stack their rows on a phone (handbook.css). A figure the organisation set itself (a
pay band, a KPI target, a typical time: `basis: own`) is marked where a comparison or a route
shows it, and explained once under it (handbook/render/own.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from handbook import graph
from handbook.model import Basis, Role
from handbook.render import phrases
from handbook.render.context import Context, RenderError
from handbook.render.maps import path_diagram
from handbook.render.role import kpi_name, salary_text
from handbook.validation import BrokenRole

# The RACI letters in the order a process lists them.
_LETTERS = ("A", "R", "C", "I")


def link(ctx: Context, role_id: str) -> dict[str, str]:
    """What a template needs for a link to a role's page (`a(url, title)`, links.html)."""
    return {"url": ctx.links.url(role_id), "title": ctx.title(role_id)}


def _members(ctx: Context, department: str | None) -> list[str]:
    """Role ids of a department (or all), junior first."""
    department = ctx.department(department)
    if department is not None:
        return list(ctx.relations.members.get(department, []))
    return [rid for dept in ctx.handbook.departments for rid in ctx.relations.members[dept]]


def roles_table(
    ctx: Context,
    members: list[str],
    label: str,
    broken: Sequence[BrokenRole] = (),
    search: bool = True,
) -> Markup:
    """Roles with their level and other names, one row each, in a box of its own (`label`
    names it for screen readers). `broken` roles, whose files have problems, follow with a
    link to the page that lists them; `search=False` keeps the table out of the search index."""
    handbook = ctx.handbook
    rows = [
        {
            **link(ctx, rid),
            "level": handbook.levels[handbook.roles[rid].level].name,
            "aliases": handbook.roles[rid].aliases,
        }
        for rid in members
    ]
    problems = [{"url": ctx.links.url(b.role_id), "title": b.title} for b in broken]
    return Markup(
        ctx.render(
            "tables/roles_table.html", label=label, rows=rows, broken=problems, search=search
        )
    )


def role_index(ctx: Context) -> str:
    """Every role, by department and then by level, junior first."""
    departments = []
    for dept, info in ctx.handbook.departments.items():
        members = ctx.relations.members.get(dept, [])
        if members:
            label = ctx.language.gettext("Roles in %(department)s", department=info.name)
            departments.append(
                {
                    "name": info.name,
                    "description": info.description,
                    "table": roles_table(ctx, members, label),
                }
            )
    return ctx.render("tables/role_index.md", departments=departments)


# Roles per skills matrix table: with their titles written upwards, this many columns fit
# beside the skill names on a 390 px phone, and at 1280 px with room to spare. A department of
# more roles gets several tables, as even as can be, junior roles first.
MATRIX_ROLES = 8


def _chunks(members: list[str], size: int) -> list[list[str]]:
    """`members` in order, cut into the fewest runs of at most `size`, as even as can be."""
    count = -(-len(members) // size)
    base, extra = divmod(len(members), count)
    out, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        out.append(members[start:end])
        start = end
    return out


def skills_matrix(ctx: Context, department: str | None = None) -> str:
    """Skills down the side, roles across the top (junior to senior, titles written upwards),
    proficiency shaded; more than MATRIX_ROLES roles are shown in several tables."""
    members = _members(ctx, department)
    tables: list[dict[str, Any]] = []
    if members:
        roles = ctx.handbook.roles
        needs = {rid: {s.skill: s.level for s in roles[rid].skills} for rid in members}
        chunks = _chunks(members, MATRIX_ROLES)
        first = 1
        for chunk in chunks:
            part = None
            if len(chunks) > 1:
                part = {"first": first, "last": first + len(chunk) - 1, "count": len(members)}
            first += len(chunk)
            table = _matrix_table(ctx, chunk, needs)
            if table is not None:
                tables.append({**table, "part": part})
    name = ctx.handbook.departments[department].name if department else None
    return ctx.render("tables/skills_matrix.md", department=name, tables=tables)


def _matrix_table(
    ctx: Context, members: list[str], needs: dict[str, dict[str, int]]
) -> dict[str, Any] | None:
    """One table of the skills matrix: the skills these roles need, one column per role
    (None when they need none)."""
    skills = ctx.handbook.skills
    used = sorted({s for rid in members for s in needs[rid]}, key=lambda s: skills[s].name)
    if not used:
        return None
    return {
        "roles": [link(ctx, rid) for rid in members],
        "skills": [
            {"name": skills[skill].name, "levels": [needs[rid].get(skill, 0) for rid in members]}
            for skill in used
        ],
    }


def kpi_glossary(ctx: Context) -> str:
    """Each KPI with its abbreviation, definition, unit, direction and the roles measured on it."""
    handbook = ctx.handbook
    measured: dict[str, list[dict[str, str]]] = {kpi: [] for kpi in handbook.kpis}
    for dept in handbook.departments:
        for rid in reversed(ctx.relations.members.get(dept, [])):
            for item in handbook.roles[rid].kpis:
                measured[item.kpi].append(link(ctx, rid))
    kpis = [
        {
            "id": kpi_id,
            "name": kpi.name,
            "abbreviation": kpi.abbreviation,
            "definition": kpi.definition,
            "unit": kpi.unit,
            "better": kpi.better.value,
            "roles": measured[kpi_id],
        }
        for kpi_id, kpi in sorted(handbook.kpis.items(), key=lambda item: item[1].name.casefold())
    ]
    return ctx.render("tables/kpi_glossary.md", kpis=kpis)


def abbreviations(ctx: Context) -> str:
    """The KPI abbreviations as Markdown abbreviation definitions (the `abbr` extension)."""
    lines = []
    for kpi in ctx.handbook.kpis.values():
        if kpi.abbreviation:
            lines.append(f"*[{kpi.abbreviation}]: {' '.join(kpi.name.split())}")
    return "\n".join(lines)


def levels_table(ctx: Context) -> str:
    """Each level, junior first: what it means and the roles at it."""
    handbook = ctx.handbook
    at_level: dict[str, list[dict[str, str]]] = {level: [] for level in handbook.levels}
    for dept in handbook.departments:
        for rid in ctx.relations.members.get(dept, []):
            at_level[handbook.roles[rid].level].append(link(ctx, rid))
    levels = [
        {
            "id": level_id,
            "name": level.name,
            "description": level.description,
            "roles": at_level[level_id],
        }
        for level_id, level in sorted(handbook.levels.items(), key=lambda item: item[1].rank)
    ]
    return ctx.render("tables/levels.md", levels=levels)


def raci_matrix(ctx: Context) -> str:
    """Each key process: what it is, and who is accountable, responsible, consulted, informed."""
    handbook = ctx.handbook
    processes = []
    for pid, process in handbook.processes.items():
        raci = process.raci
        people = {
            "A": [raci.accountable],
            "R": raci.responsible,
            "C": raci.consulted,
            "I": raci.informed,
        }
        shown = {
            letter: [link(ctx, rid) for rid in people[letter] if rid in handbook.roles]
            for letter in _LETTERS
        }
        processes.append(
            {
                "id": pid,
                "name": process.name,
                "description": process.description,
                "people": [(letter, shown[letter]) for letter in _LETTERS if shown[letter]],
            }
        )
    return ctx.render("tables/raci.md", processes=processes)


def compare_roles(ctx: Context, a_id: str, b_id: str) -> str:
    """Two roles side by side; skills that differ are marked, with the gap."""
    first = ctx.resolve(a_id)
    second = ctx.resolve(b_id)
    handbook = ctx.handbook
    role_a, role_b = handbook.roles[first], handbook.roles[second]
    levels_a = {s.skill: s.level for s in role_a.skills}
    levels_b = {s.skill: s.level for s in role_b.skills}
    skills = []
    for skill_id in sorted(set(levels_a) | set(levels_b), key=lambda s: handbook.skills[s].name):
        la, lb = levels_a.get(skill_id, 0), levels_b.get(skill_id, 0)
        skills.append(
            {"name": handbook.skills[skill_id].name, "levels": [la, lb], "differ": la != lb}
        )
    marked = any(_own_pay(ctx, r) or _own_target(ctx, r) for r in (first, second))
    return ctx.render(
        "tables/compare.md",
        roles=[_compared(ctx, first, role_a), _compared(ctx, second, role_b)],
        skills=skills,
        organisation=ctx.handbook.settings.organisation,
        marked=marked,
    )


def _compared(ctx: Context, rid: str, role: Role) -> dict[str, Any]:
    """One role's column of a comparison."""
    handbook = ctx.handbook
    return {
        **link(ctx, rid),
        "level": handbook.levels[role.level].name,
        "department": handbook.departments[role.department].name,
        "manager": link(ctx, role.reports_to) if role.reports_to else None,
        "responsibilities": [r.area for r in role.responsibilities],
        "education": role.qualifications.education,
        "experience": phrases.years(ctx.language, _whole(role.qualifications.experience_years)),
        "kpis": [
            {"name": Markup(kpi_name(ctx, k.kpi)), "target": k.target, "basis": k.basis}
            for k in role.kpis
        ],
        "pay": _pay(ctx, rid),
    }


def _whole(value: float) -> float:
    """`value` as an int when it is a whole number (gettext picks a plural form by integers;
    experience is read as a float, 2.0 years)."""
    return int(value) if value == int(value) else value


def _pay(ctx: Context, rid: str) -> dict[str, str] | None:
    """A role's band for tables/pay.html: its text and basis, or None when no band is
    published."""
    text = salary_text(ctx, rid)
    salary = ctx.handbook.roles[rid].salary
    if text is None or salary is None:
        return None
    return {"text": text, "basis": salary.basis}


def _own_pay(ctx: Context, rid: str) -> bool:
    """Whether a role's band is shown and is the organisation's own."""
    salary = ctx.handbook.roles[rid].salary
    return salary_text(ctx, rid) is not None and salary is not None and salary.basis is Basis.OWN


def _own_target(ctx: Context, rid: str) -> bool:
    return any(k.target and k.basis is Basis.OWN for k in ctx.handbook.roles[rid].kpis)


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
        return ctx.render("tables/career_path.md", start=link(ctx, from_id), steps=[])
    low = sum(s.move.typical_months.min for s in steps)
    high = sum(s.move.typical_months.max for s in steps)
    # A total made of any own typical time is the organisation's own figure too.
    own_time = any(s.move.typical_months.basis is Basis.OWN for s in steps)
    view = []
    for step in steps:
        assert step.move.to is not None
        months = step.move.typical_months
        view.append(
            {
                "start": link(ctx, step.from_role),
                "goal": link(ctx, step.move.to),
                "promotion": step.move.kind.value == "promotion",
                "time": phrases.months(ctx.language, months.min, months.max),
                "basis": months.basis,
                "requirements": step.move.requirements,
                "pay": _pay(ctx, step.move.to),
            }
        )
    marked = own_time or any(_own_pay(ctx, r) for r in [from_id, *(s.move.to for s in steps)] if r)
    return ctx.render(
        "tables/career_path.md",
        start=link(ctx, from_id),
        start_pay=_pay(ctx, from_id),
        diagram=Markup(path_diagram(ctx, steps)),
        steps=view,
        time=phrases.months(ctx.language, low, high),
        basis=Basis.OWN if own_time else Basis.SOURCED,
        organisation=ctx.handbook.settings.organisation,
        marked=marked,
    )
