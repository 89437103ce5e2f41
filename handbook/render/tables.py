"""Handbook-wide views: role index, skills matrix, KPI glossary, levels, who does what,
comparisons and routes.

Each view is HTML under Markdown headings (headings keep the table of contents and
permalinks); wide tables scroll in their own box with a shadow at the edge that has more to
show, and their first column stays in view. The skills matrix is made to fit instead: role
titles written upwards, at most MATRIX_ROLES roles a table; two roles compared stack their
rows on a phone (handbook.css). A figure the organisation set itself (a pay band, a KPI target,
a typical time: `basis: own`) is marked where a comparison or a route shows it, and explained
once under it (handbook/render/own.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from handbook import graph
from handbook.model import Basis, Role
from handbook.render import markup, own
from handbook.render.context import Context, RenderError
from handbook.render.maps import path_diagram
from handbook.render.plural import ngettext
from handbook.render.role import a, kpi_name, months_text, salary_text
from handbook.validation import BrokenRole

_LETTERS = (
    ("A", "Accountable", "signs it off"),
    ("R", "Responsible", "does the work"),
    ("C", "Consulted", "asked beforehand"),
    ("I", "Informed", "told the outcome"),
)


def _scroll(table: str, label: str) -> str:
    """A wide table in a box of its own that scrolls sideways (and can take the focus)."""
    return (
        '<div class="hb-table-scroll" role="region" tabindex="0" '
        f'aria-label="{markup.html(label)}">{table}</div>'
    )


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
) -> str:
    """Roles with their level and other names, one row each, in a box of its own (`label`
    names it for screen readers). `broken` roles, whose files have problems, follow with a
    link to the page that lists them; `search=False` keeps the table out of the search index."""
    handbook = ctx.handbook
    rows = "".join(
        f"<tr><td>{a(ctx, rid)}</td>"
        f"<td>{markup.html(handbook.levels[handbook.roles[rid].level].name)}</td>"
        f"<td>{', '.join(markup.html(x) for x in handbook.roles[rid].aliases) or '—'}</td>"
        "</tr>"
        for rid in members
    )
    rows += "".join(
        f'<tr><td><a href="{ctx.links.url(b.role_id)}">{markup.html(b.title)}</a></td>'
        "<td>—</td><td><em>has problems to fix</em></td></tr>"
        for b in broken
    )
    excluded = "" if search else ' data-search-exclude="true"'
    table = (
        f'<table class="hb-table"{excluded}><thead><tr><th scope="col">Role</th>'
        '<th scope="col">Level</th><th scope="col">Also known as</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )
    return _scroll(table, label)


def role_index(ctx: Context) -> str:
    """Every role, by department and then by level, junior first."""
    out = []
    for dept, info in ctx.handbook.departments.items():
        members = ctx.relations.members.get(dept, [])
        if not members:
            continue
        out += [
            f"## {markup.md(info.name)}",
            "",
            f"<p>{markup.html(info.description)}</p>",
            "",
            roles_table(ctx, members, f"Roles in {info.name}"),
            "",
        ]
    return "\n".join(out).rstrip()


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
    if not members:
        return "*No roles in this department.*"
    roles = ctx.handbook.roles
    needs = {rid: {s.skill: s.level for s in roles[rid].skills} for rid in members}
    name = ctx.handbook.departments[department].name if department else "all roles"
    chunks = _chunks(members, MATRIX_ROLES)
    tables = []
    first = 1
    for chunk in chunks:
        label = f"Skills matrix of {name}"
        caption = ""
        if len(chunks) > 1:
            part = f"roles {first}–{first + len(chunk) - 1} of {len(members)}"
            label += f", {part}"
            caption = f'<caption class="hb-matrix__part">{markup.html(part.capitalize())}</caption>'
        first += len(chunk)
        table = _matrix_table(ctx, chunk, needs, caption)
        if table:
            tables.append(_scroll(table, label))
    if not tables:
        return "*No roles in this department.*"
    legend = (
        '<p class="hb-muted">Proficiency runs from 1 (basic) to 5 (expert); darker cells need '
        "more, and a dot means the role does not need the skill. Roles run from junior on the "
        "left to senior on the right.</p>"
    )
    return "\n\n".join(tables) + "\n\n" + legend


def _matrix_table(
    ctx: Context, members: list[str], needs: dict[str, dict[str, int]], caption: str
) -> str:
    """One table of the skills matrix: the skills these roles need, one column per role."""
    skills = ctx.handbook.skills
    used = sorted({s for rid in members for s in needs[rid]}, key=lambda s: skills[s].name)
    if not used:
        return ""
    head = "".join(
        f'<th scope="col" class="hb-matrix__role"><span class="hb-matrix__title">{a(ctx, rid)}'
        "</span></th>"
        for rid in members
    )
    rows = []
    for skill in used:
        cells = []
        for rid in members:
            level = needs[rid].get(skill)
            if level:
                cells.append(
                    f'<td class="hb-shade hb-shade--{level}"><span class="hb-shade__n">{level}'
                    f'</span><span class="hb-sr-only"> of 5</span></td>'
                )
            else:
                cells.append(
                    '<td class="hb-shade hb-shade--0"><span aria-label="not needed">·</span></td>'
                )
        rows.append(
            f'<tr><th scope="row">{markup.html(skills[skill].name)}</th>{"".join(cells)}</tr>'
        )
    return (
        f'<table class="hb-table hb-matrix" data-search-exclude="true">{caption}<thead><tr>'
        f'<th scope="col">Skill</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def kpi_glossary(ctx: Context) -> str:
    """Each KPI with its abbreviation, definition, unit, direction and the roles measured on it."""
    handbook = ctx.handbook
    measured: dict[str, list[str]] = {kpi: [] for kpi in handbook.kpis}
    for dept in handbook.departments:
        for rid in reversed(ctx.relations.members.get(dept, [])):
            for item in handbook.roles[rid].kpis:
                measured[item.kpi].append(rid)
    out = []
    for kpi_id, kpi in sorted(handbook.kpis.items(), key=lambda item: item[1].name.casefold()):
        short = f" ({markup.md(kpi.abbreviation)})" if kpi.abbreviation else ""
        roles = measured[kpi_id]
        listed = ", ".join(a(ctx, rid) for rid in roles) or "no role yet"
        out += [
            f"## {markup.md(kpi.name)}{short} {{ #kpi-{kpi_id} }}",
            "",
            f"<p>{markup.html(kpi.definition)}</p>",
            "",
            '<ul class="hb-list">'
            f"<li><strong>Unit</strong> {markup.html(kpi.unit)}</li>"
            f"<li><strong>Better when</strong> {kpi.better.value}</li>"
            f'<li data-search-exclude="true"><strong>Measured for</strong> {listed}</li></ul>',
            "",
        ]
    return "\n".join(out).rstrip()


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
    at_level: dict[str, list[str]] = {level: [] for level in handbook.levels}
    for dept in handbook.departments:
        for rid in ctx.relations.members.get(dept, []):
            at_level[handbook.roles[rid].level].append(rid)
    out = []
    for level_id, level in sorted(handbook.levels.items(), key=lambda item: item[1].rank):
        roles = at_level[level_id]
        listed = ", ".join(a(ctx, rid) for rid in roles) or "no role yet"
        out += [
            f"## {markup.md(level.name)} {{ #level-{level_id} }}",
            "",
            f"<p>{markup.html(level.description)}</p>",
            "",
            f'<p data-search-exclude="true"><strong>Roles at this level:</strong> {listed}</p>',
            "",
        ]
    return "\n".join(out).rstrip()


def raci_matrix(ctx: Context) -> str:
    """Each key process: what it is, and who is accountable, responsible, consulted, informed."""
    handbook = ctx.handbook
    out = []
    for pid, process in handbook.processes.items():
        raci = process.raci
        people = {
            "A": [raci.accountable],
            "R": raci.responsible,
            "C": raci.consulted,
            "I": raci.informed,
        }
        rows = "".join(
            f'<div><dt><abbr title="{word}">{letter}</abbr> {word}</dt>'
            f"<dd>{', '.join(a(ctx, rid) for rid in people[letter] if rid in handbook.roles)}"
            "</dd></div>"
            for letter, word, _ in _LETTERS
            if any(rid in handbook.roles for rid in people[letter])
        )
        out += [
            f"## {markup.md(process.name)} {{ #process-{pid} }}",
            "",
            f"<p>{markup.html(process.description)}</p>",
            "",
            f'<dl class="hb-facts hb-raci" data-search-exclude="true">{rows}</dl>',
            "",
        ]
    return "\n".join(out).rstrip()


def compare_roles(ctx: Context, a_id: str, b_id: str) -> str:
    """Two roles side by side; skills that differ are marked, with the gap."""
    first = ctx.resolve(a_id)
    second = ctx.resolve(b_id)
    handbook = ctx.handbook
    role_a, role_b = handbook.roles[first], handbook.roles[second]

    def both(fn: Callable[[str, Role], str]) -> str:
        return f"<td>{fn(first, role_a)}</td><td>{fn(second, role_b)}</td>"

    def row(label: str, cells: str) -> str:
        return f'<tr><th scope="row">{label}</th>{cells}</tr>'

    rows = [
        row("Level", both(lambda _, r: markup.html(handbook.levels[r.level].name))),
        row("Department", both(lambda _, r: markup.html(handbook.departments[r.department].name))),
        row("Reports to", both(lambda _, r: a(ctx, r.reports_to) if r.reports_to else "—")),
        row(
            "Responsibilities",
            both(lambda _, r: "<br>".join(markup.html(x.area) for x in r.responsibilities)),
        ),
        row("Education", both(lambda _, r: markup.html(r.qualifications.education))),
        row(
            "Experience",
            both(lambda _, r: f"at least {markup.years(r.qualifications.experience_years)}"),
        ),
        row(
            "KPIs",
            both(
                lambda _, r: "<br>".join(
                    kpi_name(ctx, k.kpi)
                    + (f": {markup.html(k.target)}{own.marker(ctx, k.basis)}" if k.target else "")
                    for k in r.kpis
                )
            ),
        ),
        row("Pay", both(lambda rid, _: _pay(ctx, rid))),
    ]
    levels_a = {s.skill: s.level for s in role_a.skills}
    levels_b = {s.skill: s.level for s in role_b.skills}
    for skill_id in sorted(set(levels_a) | set(levels_b), key=lambda s: handbook.skills[s].name):
        la, lb = levels_a.get(skill_id, 0), levels_b.get(skill_id, 0)
        name = markup.html(handbook.skills[skill_id].name)
        cells = f"<td>{la or '—'}</td><td>{lb or '—'}</td>"
        if la != lb:
            name = f"<mark>{name}</mark>"
            cells = f"<td><strong>{la or '—'}</strong></td><td><strong>{lb or '—'}</strong></td>"
        rows.append(row(f"Skill: {name}", cells))
    table = (
        '<table class="hb-table hb-compare"><thead><tr><td></td>'
        f'<th scope="col">{a(ctx, first)}</th><th scope="col">{a(ctx, second)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    label = f"{role_a.title} and {role_b.title} compared"
    marked = any(_own_pay(ctx, r) or _own_target(ctx, r) for r in (first, second))
    return (
        _scroll(table, label)
        + '\n\n<p class="hb-muted">Skills run from 1 (basic) to 5 (expert); highlighted skills '
        "differ between the two roles.</p>" + ("\n\n" + own.note(ctx) if marked else "")
    )


def _pay(ctx: Context, rid: str) -> str:
    """A role's band as HTML with its own-figure mark, or 'not published'."""
    text = salary_text(ctx, rid)
    salary = ctx.handbook.roles[rid].salary
    if text is None or salary is None:
        return "not published"
    return markup.html(text) + own.marker(ctx, salary.basis)


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
        return f"<p>{a(ctx, from_id)} is already the destination.</p>"
    low = sum(s.move.typical_months.min for s in steps)
    high = sum(s.move.typical_months.max for s in steps)
    count = len(steps)
    # A total made of any own typical time is the organisation's own figure too.
    own_time = any(s.move.typical_months.basis is Basis.OWN for s in steps)
    items = []
    for step in steps:
        assert step.move.to is not None
        kind = "promotion" if step.move.kind.value == "promotion" else "lateral move"
        items.append(
            f"<li>{a(ctx, step.from_role)} → {a(ctx, step.move.to)}: {kind}, typically after "
            f"{markup.html(months_text(step.move))}"
            f"{own.marker(ctx, step.move.typical_months.basis)}. "
            f"{markup.html(step.move.requirements)} "
            f'<span class="hb-muted">Pay: {_pay(ctx, step.move.to)}.</span></li>'
        )
    summary = (
        f"<p><strong>{ngettext('1 move', '%(n)s moves', count)}</strong>, typically "
        f"{markup.html(markup.months(low, high))} in all"
        f"{own.marker(ctx, Basis.OWN if own_time else Basis.SOURCED)}. Pay at the start: "
        f"{_pay(ctx, from_id)}.</p>"
    )
    marked = own_time or any(_own_pay(ctx, r) for r in [from_id, *(s.move.to for s in steps)] if r)
    parts = [path_diagram(ctx, steps), summary, f"<ol>{''.join(items)}</ol>"]
    return "\n\n".join(parts + ([own.note(ctx)] if marked else []))
