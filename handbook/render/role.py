"""A role's page, section by section: each function returns text for the page and does no I/O.

Each section is a template of `handbook/templates/role/` (Markdown headings, so the table of
contents and permalinks work, over HTML blocks, which keeps Python-Markdown's work per page
small); the functions here compute what it shows. The sections come in the order people ask:
what the role is (summary, level and what it means, department, manager, pay, pattern), the
writer's own words, what it does and needs, who it works with, how people get in and where it
leads, and where the facts come from. `a`, `kpi_name` and `salary_text` give other renderers a
role's link, a KPI's name and a pay band the way role pages write them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from handbook.i18n import ENGLISH, Language
from handbook.model import Basis, Kpi, MoveKind, Progression, Visibility
from handbook.render import diagram, markup, phrases, recent
from handbook.render.context import Context
from handbook.render.diagram import Edge, Node
from handbook.render.templating import Templates, templates

KPI_GLOSSARY = "reference/kpis.md"
LEVELS = "reference/levels.md"
ORG_CHART = "org-chart.md"
RACI = "reference/responsibilities.md"


# Babel's number formatting is the costliest step of writing a role page, and a build writes the
# same few pay bands and spans of time thousands of times: each phrase is made once a language.
_pay = functools.cache(phrases.pay)
_months = functools.cache(phrases.months)
_years_phrase = functools.cache(phrases.years)


# ---- what the templates are given (plain data: the templates escape it) -----------------------


@dataclass(frozen=True, slots=True)
class Link:
    """A link to a role's page: its URL from the page being written, and the role's title."""

    url: str
    title: str


@dataclass(frozen=True, slots=True)
class KpiItem:
    """A KPI a role is measured on, with its entry in the glossary and the role's target."""

    kpi: Kpi
    url: str
    target: str | None
    basis: Basis  # of the target


@dataclass(frozen=True, slots=True)
class Arrival:
    """A move into a role: the role it starts from, and the typical time before it in words."""

    link: Link
    move: Progression
    months: str


@dataclass(frozen=True, slots=True)
class Gap:
    """A skill to gain or raise for a move: its id and name, the level now (0: new), needed."""

    skill: str
    name: str
    current: int
    needed: int


@dataclass(frozen=True, slots=True)
class Band:
    """A role's pay band for a move's facts: its words (None when not published), its basis."""

    text: str | None
    basis: Basis | None


@dataclass(frozen=True, slots=True)
class Pay:
    """The pay bands of the two roles of a move."""

    current: Band
    next: Band


@dataclass(frozen=True, slots=True)
class Step:
    """A move from a role, as its next steps show it (role/move.html)."""

    move: Progression
    months: str  # the typical time before it, in words
    key: str  # the name of its checklist in the browser
    link: Link | None = None  # None for a role outside the handbook
    gaps: list[Gap] = field(default_factory=list)
    new_kpis: list[Kpi] = field(default_factory=list)
    pay: Pay | None = None  # None when neither role's band is shown
    years: str | None = None  # the experience the next role asks for, in words


def _link(ctx: Context, role_id: str) -> Link:
    return Link(ctx.links.url(role_id), ctx.title(role_id))


def _module(found: Templates, name: str) -> Any:
    """What a template of macros defines (its macros and values), for use from Python: a macro
    call costs less than rendering a template, and the module is made once."""
    return found.template(name).module


def a(ctx: Context, role_id: str) -> str:
    """An HTML link to a role's page (the `a` macro of links.html)."""
    link: Markup = _module(ctx.templates, "links.html").a(
        ctx.links.url(role_id), ctx.title(role_id)
    )
    return link


def proficiency(level: int, ctx: Context | None = None) -> str:
    """A proficiency level, 1 to 5, as five dots and its word (HTML; in English without
    `ctx`)."""
    found = ctx.templates if ctx is not None else templates()
    shown: Markup = _module(found, "role/proficiency.html").proficiency[level]
    return shown


def kpi_name(ctx: Context, kpi_id: str) -> str:
    """A KPI's name as HTML, with its abbreviation as an <abbr> hint when it has one."""
    name: Markup = _module(ctx.templates, "role/kpi_name.html").kpi_name(ctx.handbook.kpis[kpi_id])
    return name


def salary_text(ctx: Context, role_id: str) -> str | None:
    """'USD 32,000–35,000 per year' (plain text, in the handbook's language), or None when no
    band is visible to this audience."""
    salary = ctx.handbook.roles[role_id].salary
    if salary is None:
        return None
    currency = ctx.handbook.currency(role_id)
    band = _pay(ctx.language, currency, salary.min, salary.max, salary.period)
    if salary.visibility is Visibility.INTERNAL:
        return ctx.language.gettext("%(band)s (internal)", band=band)
    return band


def months_text(move: Progression, language: Language = ENGLISH) -> str:
    """The typical time before a move, in words ('1–2 years'; in English without `language`)."""
    return _months(language, move.typical_months.min, move.typical_months.max)


def move_label(move: Progression, language: Language = ENGLISH) -> str:
    """'Promotion, typically after 1–2 years in the role' (in English without `language`)."""
    time = months_text(move, language)
    if move.kind is MoveKind.PROMOTION:
        return language.gettext("Promotion, typically after %(time)s in the role", time=time)
    return language.gettext("Lateral move, typically after %(time)s in the role", time=time)


def _years(ctx: Context, value: float) -> str:
    """Years of experience in words: '1 year', '2.5 years' (a whole number of years is given to
    gettext as an int, whose plural rules take no float)."""
    return _years_phrase(ctx.language, int(value) if value == int(value) else value)


def _marks(ctx: Context) -> dict[str, object]:
    """The view's `organisation`, and `own` and `own_note`: the mark of a figure it set itself
    and the line explaining it."""
    organisation = ctx.handbook.settings.organisation
    own, note = ctx.templates.marks(organisation)
    return {"organisation": organisation, "own": own, "own_note": note}


# ---- the top: title, summary and facts --------------------------------------------------------


def role_title(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    return ctx.render("role/title.md", title=ctx.handbook.roles[rid].title)


def role_summary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    handbook, links = ctx.handbook, ctx.links
    role = handbook.roles[rid]
    level = handbook.levels[role.level]
    changed = recent.last_changed(ctx, rid)  # from the data's git history, when known
    return ctx.render(
        "role/summary.html",
        role=role,
        level=level,
        levels_url=links.page_url(LEVELS, f"level-{level.id}"),
        department=handbook.departments[role.department],
        department_url=(
            links.department_url(role.department)
            if role.department in links.department_pages
            else None
        ),
        manager=_link(ctx, role.reports_to) if role.reports_to else None,
        pay=salary_text(ctx, rid),
        pay_basis=role.salary.basis if role.salary is not None else None,
        **_marks(ctx),
        changed=Markup(changed) if changed else None,
    )


def role_header(ctx: Context, role_id: str | None) -> str:
    """The top of a role page: its title, summary and key facts."""
    return "\n\n".join([role_title(ctx, role_id), role_summary(ctx, role_id)]) + "\n"


# ---- what the role does and needs -------------------------------------------------------------


def role_responsibilities(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    return ctx.render("role/responsibilities.md", items=ctx.handbook.roles[rid].responsibilities)


def role_skills(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    skills = ctx.handbook.skills
    needs = sorted(ctx.handbook.roles[rid].skills, key=lambda s: (-s.level, skills[s.skill].name))
    view = [
        {"name": skills[n.skill].name, "description": skills[n.skill].description, "level": n.level}
        for n in needs
    ]
    return ctx.render("role/skills.md", needs=view)


def role_qualifications(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    q = ctx.handbook.roles[rid].qualifications
    years = _years(ctx, q.experience_years) if q.experience_years else None
    return ctx.render("role/qualifications.md", q=q, years=years)


def role_kpis(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    kpis = ctx.handbook.kpis
    items = [
        KpiItem(
            kpis[item.kpi],
            ctx.links.page_url(KPI_GLOSSARY, f"kpi-{item.kpi}"),
            item.target,
            item.basis,
        )
        for item in ctx.handbook.roles[rid].kpis
    ]
    marked = any(item.target and item.basis is Basis.OWN for item in items)
    return ctx.render("role/kpis.md", items=items, marked=marked, **_marks(ctx))


def role_salary(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    return ctx.render(
        "role/salary.md",
        pay=salary_text(ctx, rid),
        salary=ctx.handbook.roles[rid].salary,
        **_marks(ctx),
    )


# ---- who the role works with ------------------------------------------------------------------


def role_hierarchy(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    return ctx.render(
        "role/hierarchy.md",
        title=ctx.title(rid),
        chain=[_link(ctx, m) for m in ctx.relations.chain(rid)],
        reports=[_link(ctx, r) for r in ctx.relations.reports[rid]],
        org_chart_url=ctx.links.page_url(ORG_CHART),
    )


def role_processes(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    taken = ctx.relations.processes.get(rid, [])
    if not taken:
        return ""
    processes = [
        {
            "process": ctx.handbook.processes[pid],
            "url": ctx.links.page_url(RACI, f"process-{pid}"),
            "letters": letters,
        }
        for pid, letters in taken
    ]
    return ctx.render("role/processes.md", processes=processes)


# ---- how people get in, and where the role leads ----------------------------------------------


def role_incoming(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    incoming = ctx.relations.incoming.get(rid, [])
    moves = [
        Arrival(_link(ctx, m.from_role), m.move, months_text(m.move, ctx.language))
        for m in incoming
    ]
    return ctx.render(
        "role/incoming.md",
        title=ctx.title(rid),
        moves=moves,
        marked=any(_own_time(m.move) for m in incoming),
        **_marks(ctx),
    )


def _own_time(move: Progression) -> bool:
    return move.typical_months.basis is Basis.OWN


def _gaps(ctx: Context, from_id: str, to_id: str) -> list[Gap]:
    """The skills to gain or raise for the move, by name."""
    roles, skills = ctx.handbook.roles, ctx.handbook.skills
    have = {s.skill: s.level for s in roles[from_id].skills}
    return [
        Gap(need.skill, skills[need.skill].name, have.get(need.skill, 0), need.level)
        for need in sorted(roles[to_id].skills, key=lambda s: skills[s.skill].name)
        if need.level > have.get(need.skill, 0)
    ]


def _band(ctx: Context, role_id: str) -> Band:
    salary = ctx.handbook.roles[role_id].salary
    return Band(salary_text(ctx, role_id), salary.basis if salary is not None else None)


def _step(ctx: Context, from_id: str, move: Progression, band: Band) -> Step:
    """A move from `from_id` (whose pay `band` is): what changes with it, for a checklist a
    person can tick for themselves."""
    months = months_text(move, ctx.language)
    key = f"{from_id}--{move.to or markup.slug(move.outside or '')}"
    if move.to is None:
        return Step(move, months, key)
    roles = ctx.handbook.roles
    target = roles[move.to]
    measured = {k.kpi for k in roles[from_id].kpis}
    shown = roles[from_id].salary is not None or target.salary is not None
    years = target.qualifications.experience_years
    return Step(
        move,
        months,
        key,
        link=_link(ctx, move.to),
        gaps=_gaps(ctx, from_id, move.to),
        new_kpis=[ctx.handbook.kpis[k.kpi] for k in target.kpis if k.kpi not in measured],
        pay=Pay(band, _band(ctx, move.to)) if shown else None,
        years=_years(ctx, years) if years else None,
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
            outside = ctx.language.gettext("outside this handbook")
            nodes.append(Node(key, move.outside or "", above, None, "outside", outside))
            edges.append(Edge(role_id, key, move.kind is MoveKind.LATERAL))
    label = ctx.language.gettext(
        "Next steps from %(title)s: solid arrows are promotions, dashed are lateral moves",
        title=role.title,
    )
    return diagram.render(nodes, edges, label, layout="fan", templates=ctx.templates)


def role_next_steps(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    band = _band(ctx, rid)
    moves = [_step(ctx, rid, move, band) for move in role.progression]
    return ctx.render(
        "role/next_steps.md",
        title=role.title,
        heads=role.reports_to is None,
        moves=moves,
        diagram=Markup(next_steps_diagram(ctx, rid)) if moves else None,
        marked=any(_own_time(move) for move in role.progression),
        **_marks(ctx),
    )


def role_sources(ctx: Context, role_id: str | None) -> str:
    rid = ctx.resolve(role_id)
    role = ctx.handbook.roles[rid]
    if not role.sources and role.salary is None:
        return ""
    return ctx.render("role/sources.md", sources=role.sources, salary=role.salary)


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
    problems = [str(problem) for problem in info.problems]
    return (
        ctx.render("role/problems.md", title=info.title, file=info.file, problems=problems) + "\n"
    )
