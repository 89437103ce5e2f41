"""A role's page, section by section: each function returns text for the page and does no I/O.

Headings are Markdown (so the table of contents and permalinks work); the content under them is
HTML built here, escaped with `markup`, which keeps Python-Markdown's work per page small. The
sections come in the order people ask: what the role is (summary, level and what it means,
department, manager, pay, pattern), the writer's own words, what it does and needs, who it works
with, how people get in and where it leads, and where the facts come from.
"""

from __future__ import annotations

from collections.abc import Iterable

from handbook.model import MoveKind, Progression, Role, Visibility
from handbook.render import diagram, markup, own, recent
from handbook.render.context import Context
from handbook.render.diagram import Edge, Node
from handbook.render.plural import ngettext

KPI_GLOSSARY = "reference/kpis.md"
LEVELS = "reference/levels.md"
ORG_CHART = "org-chart.md"
RACI = "reference/responsibilities.md"

_PROFICIENCY = {1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert"}
_RACI_WORDS = {
    "R": "responsible: does the work",
    "A": "accountable: signs it off",
    "C": "consulted beforehand",
    "I": "informed of the outcome",
}


def a(ctx: Context, role_id: str) -> str:
    """An HTML link to a role's page."""
    return f'<a href="{ctx.links.url(role_id)}">{markup.html(ctx.title(role_id))}</a>'


def _a(url: str, text: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f'<a href="{markup.html(url)}"{cls}>{markup.html(text)}</a>'


def proficiency(level: int) -> str:
    dots = "●" * level + "○" * (5 - level)
    return (
        f'<span class="hb-level" role="img" aria-label="{level} of 5">{dots}</span> '
        f"{level} – {_PROFICIENCY[level]}"
    )


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


def months_text(move: Progression) -> str:
    return markup.months(move.typical_months.min, move.typical_months.max)


def move_label(move: Progression) -> str:
    kind = "Promotion" if move.kind is MoveKind.PROMOTION else "Lateral move"
    return f"{kind}, typically after {months_text(move)} in the role"


def _kind(move: Progression) -> str:
    return "promotion" if move.kind is MoveKind.PROMOTION else "lateral move"


def _block(tag: str, inner: str, css: str = "", search: bool = True) -> str:
    """One HTML block on a single line (Python-Markdown leaves it as it is)."""
    attrs = f' class="{css}"' if css else ""
    if not search:
        attrs += ' data-search-exclude="true"'
    return f"<{tag}{attrs}>{inner}</{tag}>"


# ---- the top: title, summary and facts --------------------------------------------------------


def role_title(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    return f"# {markup.md(ctx.handbook.roles[rid].title)}"


def _fact(term: str, value: str) -> str:
    return f"<div><dt>{markup.html(term)}</dt> <dd>{value}</dd></div> "


def role_summary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    handbook = ctx.handbook
    role = handbook.roles[rid]
    level = handbook.levels[role.level]
    levels_url = ctx.links.page_url(LEVELS, f"level-{level.id}")
    facts = [
        _fact(
            "Level",
            _a(levels_url, level.name)
            + f' <span class="hb-muted">— {markup.html(level.description)}</span>',
        ),
    ]
    department = handbook.departments[role.department]
    if role.department in ctx.links.department_pages:
        facts.append(
            _fact("Department", _a(ctx.links.department_url(role.department), department.name))
        )
    else:
        facts.append(_fact("Department", markup.html(department.name)))
    facts.append(
        _fact(
            "Reports to",
            a(ctx, role.reports_to)
            if role.reports_to
            else "nobody: this role heads the organization",
        )
    )
    if role.aliases:
        facts.append(_fact("Also known as", ", ".join(markup.html(x) for x in role.aliases)))
    pay_mark = own.marker(ctx, role.salary.basis) if role.salary is not None else ""
    facts.append(_fact("Pay", markup.html(salary_text(ctx, rid) or "no band published") + pay_mark))
    pattern = role.working_pattern
    if pattern:
        work = "Shift rota" if pattern.shifts else "Regular hours"
        work += ", remote work possible" if pattern.remote_eligible else ", on site"
        notes = f". {markup.html(pattern.notes)}" if pattern.notes else ""
        facts.append(_fact("Working pattern", work + notes))
    changed = recent.last_changed(ctx, rid)  # from the data's git history, when known
    if changed:
        facts.append(_fact("Last changed", changed))
    return "\n\n".join(
        [
            _block("p", markup.html(role.summary), "hb-summary"),
            _block("dl", "".join(facts), "hb-facts", search=False),
            *([own.note(ctx)] if pay_mark else []),
        ]
    )


def role_header(ctx: Context, role_id: str | None) -> str:
    """The top of a role page: its title, summary and key facts."""
    return "\n\n".join([role_title(ctx, role_id), role_summary(ctx, role_id)]) + "\n"


# ---- what the role does and needs -------------------------------------------------------------


def role_responsibilities(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    items = "".join(
        f"<li><strong>{markup.html(r.area)}</strong> {markup.html(r.description)}</li>"
        for r in ctx.handbook.roles[rid].responsibilities
    )
    return "## Responsibilities\n\n" + _block("ul", items, "hb-list hb-resp")


def role_skills(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    skills = ctx.handbook.skills
    needs = sorted(ctx.handbook.roles[rid].skills, key=lambda s: (-s.level, skills[s.skill].name))
    items = "".join(
        f'<li><span class="hb-skill__name">{markup.html(skills[n.skill].name)}</span> '
        f"{proficiency(n.level)}"
        f'<span class="hb-skill__desc">{markup.html(skills[n.skill].description)}</span></li>'
        for n in needs
    )
    legend = _block("p", "Proficiency runs from 1 (basic) to 5 (expert).", "hb-muted", search=False)
    return "## Skills\n\n" + _block("ul", items, "hb-skills", search=False) + "\n\n" + legend


def role_qualifications(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    q = ctx.handbook.roles[rid].qualifications
    if q.experience_years:
        experience = f"at least {markup.years(q.experience_years)}"
    else:
        experience = "no set number of years"
    if q.experience:
        experience += f" — {markup.html(q.experience)}"
    items = [
        f"<li><strong>Education</strong> {markup.html(q.education)}</li>",
        f"<li><strong>Experience</strong> {experience}</li>",
    ]
    if q.certifications:
        items.append(
            "<li><strong>Certifications</strong> "
            + "; ".join(markup.html(c) for c in q.certifications)
            + "</li>"
        )
    return "## Qualifications\n\n" + _block("ul", "".join(items), "hb-list")


def kpi_name(ctx: Context, kpi_id: str) -> str:
    """A KPI's name as HTML, with its abbreviation as an <abbr> hint when it has one."""
    kpi = ctx.handbook.kpis[kpi_id]
    name = markup.html(kpi.name)
    if kpi.abbreviation:
        name += f' (<abbr title="{name}">{markup.html(kpi.abbreviation)}</abbr>)'
    return name


def role_kpis(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    kpis = ctx.handbook.kpis
    items = []
    marked = False
    for item in ctx.handbook.roles[rid].kpis:
        kpi = kpis[item.kpi]
        url = ctx.links.page_url(KPI_GLOSSARY, f"kpi-{kpi.id}")
        target = ""
        if item.target:
            mark = own.marker(ctx, item.basis)
            marked = marked or bool(mark)
            target = f" — target {markup.html(item.target)}{mark}"
        better = "higher is better" if kpi.better.value == "higher" else "lower is better"
        items.append(
            f'<li><a href="{url}">{kpi_name(ctx, item.kpi)}</a>{target}'
            f'<span class="hb-kpi__def">{markup.html(kpi.definition)} ({better})</span></li>'
        )
    note = "\n\n" + own.note(ctx) if marked else ""
    return "## KPIs\n\n" + _block("ul", "".join(items), "hb-list hb-kpis") + note


def role_salary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    text = salary_text(ctx, rid)
    if text is None or role.salary is None:
        return "## Salary band\n\n" + _block("p", "No salary band is published for this role.")
    mark = own.marker(ctx, role.salary.basis)
    return (
        "## Salary band\n\n"
        + _block(
            "p",
            f"<strong>{markup.html(text)}</strong>{mark}. "
            f"Source: {markup.html(role.salary.source)}",
        )
        + ("\n\n" + own.note(ctx) if mark else "")
    )


# ---- who the role works with ------------------------------------------------------------------


def role_hierarchy(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    chain = ctx.relations.chain(rid)
    reports = ctx.relations.reports[rid]
    parts = []
    if chain:
        path = " → ".join(
            [f"<strong>{markup.html(role.title)}</strong>", *(a(ctx, m) for m in chain)]
        )
        parts.append(_block("p", f"Reporting line, up to the top: {path}", search=False))
    else:
        parts.append(
            _block("p", f"The {markup.html(role.title)} heads the organization.", search=False)
        )
    if reports:
        listed = ", ".join(a(ctx, r) for r in reports)
        parts.append(_block("p", f"Reporting to this role: {listed}.", search=False))
    else:
        parts.append(_block("p", "No roles report to this one.", search=False))
    parts.append(
        _block(
            "p",
            "See the whole structure on the "
            f"{_a(ctx.links.page_url(ORG_CHART), 'organization chart')}.",
            search=False,
        )
    )
    return "## Where the role sits\n\n" + "\n\n".join(parts)


def role_processes(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    taken = ctx.relations.processes.get(rid, [])
    if not taken:
        return ""
    items = []
    for pid, letters in taken:
        process = ctx.handbook.processes[pid]
        url = ctx.links.page_url(RACI, f"process-{pid}")
        what = "; ".join(_RACI_WORDS[letter] for letter in letters)
        items.append(f'<li><a href="{url}">{markup.html(process.name)}</a> — {what}</li>')
    return "## Processes\n\n" + _block("ul", "".join(items), "hb-list", search=False)


# ---- how people get in, and where the role leads ----------------------------------------------


def role_incoming(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    incoming = ctx.relations.incoming.get(rid, [])
    title = markup.html(ctx.handbook.roles[rid].title)
    if not incoming:
        body = _block(
            "p",
            f"No move in this handbook leads into the {title}: people join it from outside.",
            search=False,
        )
    else:
        items = "".join(
            f"<li>{a(ctx, m.from_role)} — {_kind(m.move)}, typically after "
            f"{markup.html(months_text(m.move))}{_months_marker(ctx, m.move)}</li>"
            for m in incoming
        )
        body = _block("ul", items, "hb-list", search=False)
        if any(_months_marker(ctx, m.move) for m in incoming):
            body += "\n\n" + own.note(ctx)
    return "## How people get here\n\n" + body


def _gaps(ctx: Context, from_id: str, to_id: str) -> list[tuple[str, str]]:
    """(item key, HTML) for each skill to gain or raise for the move."""
    roles, skills = ctx.handbook.roles, ctx.handbook.skills
    have = {s.skill: s.level for s in roles[from_id].skills}
    out = []
    for need in sorted(roles[to_id].skills, key=lambda s: skills[s.skill].name):
        current = have.get(need.skill, 0)
        if need.level > current:
            change = f"{current} → {need.level}" if current else f"new, to {need.level}"
            name = markup.html(skills[need.skill].name)
            out.append(
                (
                    f"skill:{need.skill}",
                    f"{name}: {change} ({_PROFICIENCY[need.level]})",
                )
            )
    return out


def _months_marker(ctx: Context, move: Progression) -> str:
    return own.marker(ctx, move.typical_months.basis)


def _pay(ctx: Context, role_id: str) -> str:
    """A role's band as HTML with its own-figure mark, or 'not published'."""
    text = salary_text(ctx, role_id)
    salary = ctx.handbook.roles[role_id].salary
    if text is None or salary is None:
        return "not published"
    return markup.html(text) + own.marker(ctx, salary.basis)


def _move_details(ctx: Context, from_id: str, move: Progression) -> str:
    """What changes with a move, and a checklist a person can tick for themselves."""
    key = f"{from_id}--{move.to or markup.slug(move.outside or '')}"
    items = [("requirements", f"What it takes: {markup.html(move.requirements)}")]
    facts = []
    if move.to is not None:
        items += _gaps(ctx, from_id, move.to)
        target = ctx.handbook.roles[move.to]
        measured = {k.kpi for k in ctx.handbook.roles[from_id].kpis}
        new_kpis = [kpi_name(ctx, k.kpi) for k in target.kpis if k.kpi not in measured]
        if new_kpis:
            facts.append(f"<li>New measures: {', '.join(new_kpis)}</li>")
        if salary_text(ctx, from_id) or salary_text(ctx, move.to):
            facts.append(f"<li>Pay: {_pay(ctx, from_id)} → {_pay(ctx, move.to)}</li>")
        years = target.qualifications.experience_years
        if years:
            facts.append(f"<li>Experience asked for: at least {markup.years(years)}</li>")
    checklist = "".join(
        f'<li><label><input type="checkbox" data-hb-item="{markup.html(item)}"> {text}</label></li>'
        for item, text in items
    )
    return (
        '<details class="hb-move__details"><summary>What changes, and am I ready?</summary>'
        + (f'<ul class="hb-list">{"".join(facts)}</ul>' if facts else "")
        + f'<div class="hb-ready" data-hb-ready="{markup.html(key)}">'
        '<p class="hb-muted">Tick what you already have. Your ticks stay in this browser '
        "only.</p>"
        f'<ul class="hb-ready__list">{checklist}</ul></div></details>'
    )


def next_steps_diagram(ctx: Context, role_id: str) -> str:
    """This role and the roles its moves lead to, on a ladder of levels."""
    handbook = ctx.handbook
    role = handbook.roles[role_id]
    rank = handbook.rank(role_id)
    nodes = [Node(role_id, role.title, rank, ctx.links.url(role_id), "current")]
    edges = []
    for i, move in enumerate(role.progression):
        if move.to is not None:
            target = handbook.roles[move.to]
            other = target.department != role.department
            note = handbook.departments[target.department].name if other else ""
            nodes.append(
                Node(
                    move.to,
                    target.title,
                    handbook.rank(move.to),
                    ctx.links.url(move.to),
                    "role",
                    note,
                )
            )
            edges.append(Edge(role_id, move.to, move.kind is MoveKind.LATERAL))
        else:
            key = f"outside-{i}"
            above = rank + 0.5 if move.kind is MoveKind.PROMOTION else rank
            nodes.append(
                Node(key, move.outside or "", above, None, "outside", "outside this handbook")
            )
            edges.append(Edge(role_id, key, move.kind is MoveKind.LATERAL))
    label = f"Next steps from {role.title}: solid arrows are promotions, dashed are lateral moves"
    return diagram.render(nodes, edges, label, layout="fan")


def role_next_steps(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    title = markup.html(role.title)
    if not role.progression:
        if role.reports_to is None:
            text = f"The {title} heads the organization: there is no further step inside it."
        else:
            text = (
                f"This handbook names no move from the {title}. Talk to your manager about "
                "where your experience could take you."
            )
        return "## Next steps\n\n" + _block("p", text)
    items = []
    for move in role.progression:
        if move.to is not None:
            head = a(ctx, move.to)
        else:
            head = (
                f'<span class="hb-move__outside">{markup.html(move.outside or "")}</span> '
                '<span class="hb-muted">(outside this handbook)</span>'
            )
        items.append(
            f'<li class="hb-move"><p class="hb-move__head">{head} '
            f'<span class="hb-move__kind hb-move__kind--{move.kind.value}">{_kind(move)}</span> '
            f"typically after {markup.html(months_text(move))}{_months_marker(ctx, move)}</p>"
            f"{_move_details(ctx, rid, move)}</li>"
        )
    legend = _block(
        "p",
        "Solid arrows are promotions, dashed arrows lateral moves; select a role to open it.",
        "hb-muted hb-no-print",
        search=False,
    )
    marked = any(_months_marker(ctx, move) for move in role.progression)
    # The drawing and the list of moves share a block, which print lays out side by side.
    return (
        "## Next steps\n\n"
        + '<div class="hb-next">'
        + next_steps_diagram(ctx, rid)
        + legend
        + _block("ol", "".join(items), "hb-moves", search=False)
        + (own.note(ctx) if marked else "")
        + "</div>"
    )


def role_sources(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role: Role = ctx.handbook.roles[rid]
    notes = []
    if role.sources:
        notes.append(f"<p>{markup.html(role.sources)}</p>")
    if role.salary is not None:
        notes.append(f"<p>Pay: {markup.html(role.salary.source)}</p>")
    if not notes:
        return ""
    return "## About these facts\n\n" + (
        '<details class="hb-fold hb-sources" data-search-exclude="true">'
        "<summary>Where this page's facts come from</summary>" + "".join(notes) + "</details>"
    )


# ---- whole pages ------------------------------------------------------------------------------

DETAILS = (
    role_responsibilities,
    role_skills,
    role_qualifications,
    role_kpis,
    role_hierarchy,
    role_processes,
    role_incoming,
    role_next_steps,
    role_sources,
)


def role_details(ctx: Context, role_id: str | None) -> str:
    """The rest of a role page, after the summary (and after a writer's prose)."""
    return "\n\n".join(filter(None, (section(ctx, role_id) for section in DETAILS))) + "\n"


def role_page(ctx: Context, role_id: str | None) -> str:
    """The standard role page: every section in order."""
    return role_header(ctx, role_id) + "\n" + role_details(ctx, role_id)


def role_problems(ctx: Context, role_id: str) -> str:
    """The page of a role that cannot be shown yet (in a preview): what to fix, and where."""
    info = ctx.broken.get(role_id)
    if info is None:
        return role_page(ctx, ctx.resolve(role_id))
    heading = ngettext(
        "This role has 1 problem to fix", "This role has %(n)s problems to fix", len(info.problems)
    )
    lines = [
        f"# {markup.md(info.title)}",
        "",
        f'!!! failure "{heading}"',
        "",
        f"    The page shows once <code>{markup.html(info.file)}</code> is fixed. "
        "`handbook check` lists the same problems.",
        "",
    ]
    lines += [f"    - <code>{markup.html(str(problem))}</code>" for problem in info.problems]
    return "\n".join(lines) + "\n"


def titles(ctx: Context, role_ids: Iterable[str]) -> str:
    return ", ".join(a(ctx, rid) for rid in role_ids)
