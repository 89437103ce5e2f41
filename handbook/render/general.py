"""The bodies of the general pages, for any organisation: notes, featured examples, overviews.

The general pages (home, organisation chart, careers, compare, reference) are shipped with the
generator and must read right for whatever organisation is in roles_data/. Everything they say
about the organisation comes from here: its own words (settings `about` and `notes`), the
comparisons and routes it features (settings `featured`, or chosen from the data when it names
none), and one section per department. This module chooses what to show; the templates of
handbook/templates/general/ write it, in the handbook's language.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from markupsafe import Markup

from handbook.problems import Problem
from handbook.render import markup, templating
from handbook.render.context import Context, RenderError
from handbook.render.orgchart import org_chart
from handbook.render.tables import career_path, compare_roles, skills_matrix
from handbook.render.templating import Templates
from handbook.validation import BrokenRole

NOTE_PAGES = ("home", "org_chart", "careers", "compare", "salaries")


def about(ctx: Context) -> str:
    """The organisation's paragraph about its handbook (settings `about`), if it wrote one."""
    text = ctx.handbook.settings.about
    return markup.paragraph(text) if text else ""


def roles_described(ctx: Context) -> str:
    """How many roles the handbook describes, for a sentence: 'all 25 roles', 'the one role'."""
    count = len(ctx.handbook.roles)
    if count == 1:
        return ctx.language.gettext("the one role")
    return ctx.language.ngettext("all %(num)s role", "all %(num)s roles", count)


def page_notes(ctx: Context, page: str) -> str:
    """The organisation's own paragraphs for one general page (settings `notes`)."""
    if page not in NOTE_PAGES:
        raise RenderError(f"unknown page {page!r} for notes: use one of {', '.join(NOTE_PAGES)}")
    paragraphs = getattr(ctx.handbook.settings.notes, page)
    return "\n\n".join(markup.paragraph(text) for text in paragraphs)


def departments_overview(ctx: Context) -> str:
    """Each department with a sentence, its number of roles and a link to its page."""
    departments = [
        {
            "name": info.name,
            "description": info.description,
            "count": len(ctx.relations.members[dept]),
            "page": ctx.links.doc(ctx.links.department_pages[dept]),
        }
        for dept, info in ctx.handbook.departments.items()
        if ctx.relations.members.get(dept) and dept in ctx.links.department_pages
    ]
    return ctx.render("general/departments.md", departments=departments)


def org_charts(ctx: Context) -> str:
    """One organisation chart per department, each under its own heading."""
    charts = [
        {"name": info.name, "chart": Markup(org_chart(ctx, dept))}
        for dept, info in ctx.handbook.departments.items()
        if ctx.relations.members.get(dept)
    ]
    return ctx.render("general/org_charts.md", charts=charts)


def skills_matrices(ctx: Context) -> str:
    """One skills matrix per department, each under its own heading."""
    matrices = [
        {"name": info.name, "matrix": Markup(skills_matrix(ctx, dept))}
        for dept, info in ctx.handbook.departments.items()
        if ctx.relations.members.get(dept)
    ]
    return ctx.render("general/skills_matrices.md", matrices=matrices)


def chosen_comparisons(ctx: Context, limit: int = 3) -> list[tuple[str, str, str | None]]:
    """The comparisons to feature: the settings' own, else a role and the role it is most often
    promoted into, for the largest departments."""
    featured = ctx.handbook.settings.featured.comparisons
    if featured:
        return [(c.a, c.b, c.note) for c in featured]
    roles = ctx.handbook.roles
    members = ctx.relations.members
    out: list[tuple[str, str, str | None]] = []
    for dept in sorted(members, key=lambda d: -len(members[d])):
        for rid in members[dept]:
            target = next(
                (m.to for m in roles[rid].progression if m.to in roles and m.kind == "promotion"),
                None,
            )
            if target:
                out.append((rid, target, None))
                break
        if len(out) >= limit:
            break
    return out


def featured_comparisons(ctx: Context) -> str:
    """The comparisons to feature, each under a heading naming the two roles."""
    comparisons = [
        {
            "first": ctx.title(a),
            "second": ctx.title(b),
            "note": note,
            "table": Markup(compare_roles(ctx, a, b)),
        }
        for a, b, note in chosen_comparisons(ctx)
    ]
    return ctx.render("general/featured_comparisons.md", comparisons=comparisons)


def longest_route(ctx: Context) -> tuple[str, str] | None:
    """The route with the most moves from an entry role (a role of the lowest level), found with
    one breadth-first search per entry role."""
    roles = ctx.handbook.roles
    if not roles:
        return None
    lowest = min(ctx.handbook.rank(rid) for rid in roles)
    best: tuple[int, str, str] | None = None
    for start in sorted(rid for rid in roles if ctx.handbook.rank(rid) == lowest):
        depth = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for move in roles[node].progression:
                if move.to in roles and move.to not in depth:
                    depth[move.to] = depth[node] + 1
                    queue.append(move.to)
        goal = max(depth, key=lambda rid: (depth[rid], -ctx.handbook.rank(rid) * 0, rid))
        if depth[goal] and (best is None or depth[goal] > best[0]):
            best = (depth[goal], start, goal)
    return (best[1], best[2]) if best else None


def chosen_routes(ctx: Context) -> list[tuple[str, str]]:
    featured = ctx.handbook.settings.featured.routes
    if featured:
        return [(r.start, r.goal) for r in featured]
    route = longest_route(ctx)
    return [route] if route else []


def featured_routes(ctx: Context) -> str:
    """The routes to feature, each under a heading naming where it starts and ends."""
    routes = [
        {
            "start": ctx.title(start),
            "goal": ctx.title(goal),
            "path": Markup(career_path(ctx, start, goal)),
        }
        for start, goal in chosen_routes(ctx)
    ]
    return ctx.render("general/featured_routes.md", routes=routes)


_LISTED = 20  # problems a banner lists; `handbook check` lists them all


def data_problems(
    problems: Iterable[Problem],
    broken: Iterable[BrokenRole],
    templates: Templates | None = None,
) -> str:
    """A banner for the top of a page in a preview: the errors in the data that no role's own
    page shows (the settings, the catalogs), each with its file, line and fix; '' for none.
    `templates` are the handbook's (its language and overrides; English by default).

    Its cost is the number of problems, not of roles: it is made for every page a preview
    rebuilds."""
    errors = [p for p in problems if not p.warning]
    if not errors:
        return ""
    on_role_pages = {p for info in broken for p in info.problems if p.file == info.file}
    errors = [p for p in errors if p not in on_role_pages]
    if not errors:
        return ""
    templates = templates or templating.templates()
    # Worked out here, as text, because the admonition's title is Markdown (escaped by `md`).
    heading = templates.language.ngettext(
        "The handbook's data has %(num)s problem to fix",
        "The handbook's data has %(num)s problems to fix",
        len(errors),
    )
    banner = templates.render(
        "general/data_problems.md",
        heading=heading,
        problems=[str(p) for p in errors[:_LISTED]],
        more=max(len(errors) - _LISTED, 0),
    )
    return banner + "\n"
