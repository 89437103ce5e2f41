"""A role's page, section by section: each function returns Markdown and does no I/O."""

from __future__ import annotations

from handbook.model import MoveKind, Progression, Visibility
from handbook.render import markup
from handbook.render.context import Context
from handbook.render.mermaid import next_steps_diagram

KPI_GLOSSARY = "reference/kpis.md"
ORG_CHART = "org-chart.md"
SKILLS_MATRIX = "reference/skills.md"

_PROFICIENCY = {1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert"}


def link(ctx: Context, role_id: str) -> str:
    """A Markdown link to a role's page, with its escaped title as text."""
    return f"[{markup.md(ctx.title(role_id))}]({ctx.links.md(role_id)})"


def proficiency(level: int) -> str:
    dots = "●" * level + "○" * (5 - level)
    return (
        f'<span class="hb-level" title="{level} of 5">{dots}</span> {level} – {_PROFICIENCY[level]}'
    )


def role_title(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    return f"# {markup.md(role.title)}"


def role_summary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    handbook = ctx.handbook
    facts = [
        f"**Department:** {markup.md(handbook.departments[role.department].name)}",
        f"**Level:** {markup.md(handbook.levels[role.level].name)}",
        "**Reports to:** "
        + (link(ctx, role.reports_to) if role.reports_to else "nobody — the top of the hierarchy"),
    ]
    pattern = role.working_pattern
    if pattern:
        work = "shift rota" if pattern.shifts else "regular hours"
        work += ", remote work possible" if pattern.remote_eligible else ", on site"
        notes = f". {markup.md(pattern.notes)}" if pattern.notes else ""
        facts.append(f"**Working pattern:** {work}{notes}")
    parts = [f'<p class="hb-summary">{markup.html(role.summary)}</p>', ""]
    if role.aliases:
        parts += [
            "**Also known as:** " + ", ".join(markup.md(alias) for alias in role.aliases),
            "",
        ]
    parts.append("<br>\n".join(facts))
    return "\n".join(parts)


def role_hierarchy(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    chain = ctx.relations.chain(rid)
    reports = ctx.relations.reports[rid]
    lines = ["## Position in the hierarchy", ""]
    if chain:
        path = " → ".join(
            [f"**{markup.md(role.title)}**", *(link(ctx, manager) for manager in chain)]
        )
        lines += [f"Reporting line, up to the top: {path}", ""]
    else:
        lines += [f"The {markup.md(role.title)} heads the organisation.", ""]
    if reports:
        lines += ["Roles that report to this one:", ""]
        lines += [f"- {link(ctx, report)}" for report in reports]
    else:
        lines.append("No roles report to this one.")
    lines += [
        "",
        f"See the whole structure on the [organisation chart]({ctx.links.doc(ORG_CHART)}).",
    ]
    return "\n".join(lines)


def role_responsibilities(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    rows = [[f"**{markup.md(r.area)}**", markup.md(r.description)] for r in role.responsibilities]
    return "## Responsibilities\n\n" + markup.table(["Area", "What it involves"], rows)


def role_skills(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    skills = ctx.handbook.skills
    rows = [
        [
            markup.md(skills[need.skill].name),
            proficiency(need.level),
            markup.md(skills[need.skill].description),
        ]
        for need in sorted(role.skills, key=lambda s: (-s.level, skills[s.skill].name))
    ]
    return "## Skills\n\n" + markup.table(["Skill", "Required proficiency", "What it means"], rows)


def role_qualifications(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    q = role.qualifications
    experience = (
        f"about {markup.years(q.experience_years)}" if q.experience_years else "none required"
    )
    if q.experience:
        experience += f" — {markup.md(q.experience)}"
    lines = [
        "## Qualifications",
        "",
        f"- **Education:** {markup.md(q.education)}",
        f"- **Experience:** {experience}",
    ]
    if q.certifications:
        lines.append("- **Certifications:** " + "; ".join(markup.md(c) for c in q.certifications))
    return "\n".join(lines)


def role_kpis(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    kpis = ctx.handbook.kpis
    rows = []
    for item in role.kpis:
        kpi = kpis[item.kpi]
        name = f"[{markup.md(kpi.name)}]({ctx.links.doc(KPI_GLOSSARY, 'kpi-' + kpi.id)})"
        rows.append(
            [
                name,
                markup.md(kpi.definition),
                markup.md(item.target) if item.target else "—",
                f"{kpi.better.value}",
            ]
        )
    return "## KPIs\n\n" + markup.table(["KPI", "Definition", "Target", "Better when"], rows)


def salary_text(ctx: Context, role_id: str) -> str | None:
    """'USD 32,000–35,000 per year', or None when no band is visible to this audience."""
    salary = ctx.handbook.roles[role_id].salary
    if salary is None:
        return None
    currency = ctx.handbook.currency(role_id)
    if salary.max is None:
        band = f"{currency} {markup.money(salary.min)} or more per {salary.period}"
    else:
        band = (
            f"{currency} {markup.money(salary.min)}–{markup.money(salary.max)} per {salary.period}"
        )
    return band + (" (internal)" if salary.visibility is Visibility.INTERNAL else "")


def role_salary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    text = salary_text(ctx, rid)
    if text is None or role.salary is None:
        return "## Salary band\n\nNo salary band is published for this role."
    return "\n".join(
        [
            "## Salary band",
            "",
            f"**{markup.md(text)}**",
            "",
            f"*Source:* {markup.md(role.salary.source)}",
        ]
    )


def gap_table(ctx: Context, from_id: str, to_id: str) -> str:
    """What a move asks for: skills to gain or raise, new KPIs, and the change in pay."""
    roles, skills, kpis = ctx.handbook.roles, ctx.handbook.skills, ctx.handbook.kpis
    have = {s.skill: s.level for s in roles[from_id].skills}
    rows = []
    for need in sorted(roles[to_id].skills, key=lambda s: skills[s.skill].name):
        current = have.get(need.skill, 0)
        if need.level > current:
            change = f"{current} → {need.level}" if current else f"new, to {need.level}"
            rows.append(["Skill", markup.md(skills[need.skill].name), change])
    measured = {k.kpi for k in roles[from_id].kpis}
    for item in roles[to_id].kpis:
        if item.kpi not in measured:
            target = f"target: {markup.md(item.target)}" if item.target else "new measure"
            rows.append(["KPI", markup.md(kpis[item.kpi].name), target])
    before, after = salary_text(ctx, from_id), salary_text(ctx, to_id)
    if before or after:
        rows.append(
            [
                "Salary",
                "Band",
                f"{markup.md(before or 'not published')} → {markup.md(after or 'not published')}",
            ]
        )
    if not rows:
        return "No new skills or KPIs: the move builds on what the role already asks."
    return markup.table(["What", "Item", "Change"], rows)


def move_label(move: Progression) -> str:
    kind = "Promotion" if move.kind is MoveKind.PROMOTION else "Lateral move"
    months = markup.months(move.typical_months.min, move.typical_months.max)
    return f"{kind}, typically after {months} in the role"


def role_next_steps(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    lines = ["## Next steps", ""]
    if not role.progression:
        lines.append(
            f"The {markup.md(role.title)} is the most senior role in this handbook; "
            "there is no further step inside the center."
        )
        return "\n".join(lines)
    lines += [next_steps_diagram(ctx, rid), ""]
    for move in role.progression:
        if move.to is None:
            lines += [
                f"### {markup.md(move.outside or '')} (outside this handbook)",
                "",
                f"{move_label(move)}.",
                "",
                f"**What it takes:** {markup.md(move.requirements)}",
                "",
            ]
            continue
        lines += [
            f"### {link(ctx, move.to)}",
            "",
            f"{move_label(move)}.",
            "",
            f"**What it takes:** {markup.md(move.requirements)}",
            "",
            '<div class="hb-gap hb-no-print" markdown>',
            "",
            gap_table(ctx, rid, move.to),
            "",
            "</div>",
            "",
        ]
    return "\n".join(lines).rstrip()


def role_edit_link(ctx: Context, role_id: str | None) -> str:
    """A button to the role's YAML file in the repository's editor, when the repo is known."""
    rid = ctx.resolve(role_id)
    if not ctx.edit_base:
        return ""
    target = ctx.edit_base + ctx.handbook.role_files[rid]
    return f"[Edit role data]({target}){{ .md-button .hb-no-print }}"


def role_header(ctx: Context, role_id: str | None) -> str:
    """The top of a role page: its title and summary."""
    return "\n\n".join([role_title(ctx, role_id), role_summary(ctx, role_id)]) + "\n"


def role_details(ctx: Context, role_id: str | None) -> str:
    """The rest of a role page, after the summary (and after a writer's prose)."""
    sections = [
        role_hierarchy,
        role_responsibilities,
        role_skills,
        role_qualifications,
        role_kpis,
        role_salary,
        role_next_steps,
        role_edit_link,
    ]
    return "\n\n".join(filter(None, (section(ctx, role_id) for section in sections))) + "\n"


def role_page(ctx: Context, role_id: str | None) -> str:
    """The standard role page: every section in order."""
    return role_header(ctx, role_id) + "\n" + role_details(ctx, role_id)


def role_problems(ctx: Context, role_id: str) -> str:
    """The page of a role that cannot be shown yet (in a preview): what to fix, and where."""
    info = ctx.broken.get(role_id)
    if info is None:
        return role_page(ctx, ctx.resolve(role_id))
    count = len(info.problems)
    lines = [
        f"# {markup.md(info.title)}",
        "",
        f'!!! failure "This role has {count} problem{"s" if count != 1 else ""} to fix"',
        "",
        f"    The page shows once <code>{markup.html(info.file)}</code> is fixed. "
        "`handbook check` lists the same problems.",
        "",
    ]
    lines += [f"    - <code>{markup.html(str(problem))}</code>" for problem in info.problems]
    return "\n".join(lines) + "\n"
