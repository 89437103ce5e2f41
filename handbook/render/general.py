"""The bodies of the general pages, for any organisation: notes, featured examples, overviews.

The general pages (home, organisation chart, careers, compare, reference) are shipped with the
generator and must read right for whatever organisation is in roles_data/. Everything they say
about the organisation comes from here: its own words (settings `about` and `notes`), the
comparisons and routes it features (settings `featured`, or chosen from the data when it names
none), and one section per department.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from handbook.problems import Problem
from handbook.render import markup
from handbook.render.context import Context, RenderError
from handbook.render.orgchart import org_chart
from handbook.render.plural import ngettext
from handbook.render.tables import career_path, compare_roles, skills_matrix
from handbook.validation import BrokenRole

NOTE_PAGES = ("home", "org_chart", "careers", "compare", "salaries")


def about(ctx: Context) -> str:
    """The organisation's paragraph about its handbook (settings `about`), if it wrote one."""
    text = ctx.handbook.settings.about
    return markup.paragraph(text) if text else ""


def roles_described(ctx: Context) -> str:
    """How many roles the handbook describes, for a sentence: 'all 25 roles', 'the one role'."""
    return ngettext("the one role", "all %(n)s roles", len(ctx.handbook.roles))


def page_notes(ctx: Context, page: str) -> str:
    """The organisation's own paragraphs for one general page (settings `notes`)."""
    if page not in NOTE_PAGES:
        raise RenderError(f"unknown page {page!r} for notes: use one of {', '.join(NOTE_PAGES)}")
    paragraphs = getattr(ctx.handbook.settings.notes, page)
    return "\n\n".join(markup.paragraph(text) for text in paragraphs)


def _department_title(ctx: Context, department: str) -> str:
    name = markup.md(ctx.handbook.departments[department].name)
    return f"[{name}]({ctx.links.doc(ctx.links.department_pages[department])})"


def departments_overview(ctx: Context) -> str:
    """Each department with a sentence, its number of roles and a link to its page."""
    rows = []
    for dept, info in ctx.handbook.departments.items():
        members = ctx.relations.members.get(dept, [])
        if not members or dept not in ctx.links.department_pages:
            continue
        count = len(members)
        rows.append([_department_title(ctx, dept), markup.md(info.description), f"{count:,}"])
    if not rows:
        return "*No roles yet.*"
    return markup.table(["Department", "What it does", "Roles"], rows)


def org_charts(ctx: Context) -> str:
    """One organisation chart per department, each under its own heading."""
    parts = []
    for dept, info in ctx.handbook.departments.items():
        if not ctx.relations.members.get(dept):
            continue
        parts += [f"### {markup.md(info.name)}", "", org_chart(ctx, dept), ""]
    return "\n".join(parts).rstrip()


def skills_matrices(ctx: Context) -> str:
    """One skills matrix per department, each under its own heading."""
    parts = []
    for dept, info in ctx.handbook.departments.items():
        if not ctx.relations.members.get(dept):
            continue
        parts += [f"## {markup.md(info.name)}", "", skills_matrix(ctx, dept), ""]
    return "\n".join(parts).rstrip()


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
    parts = []
    for a, b, note in chosen_comparisons(ctx):
        parts += [
            f"## {markup.md(ctx.title(a))} and {markup.md(ctx.title(b))}",
            "",
            *([markup.paragraph(note), ""] if note else []),
            compare_roles(ctx, a, b),
            "",
        ]
    return "\n".join(parts).rstrip() or "*This handbook has no roles to compare yet.*"


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
    parts = []
    for start, goal in chosen_routes(ctx):
        parts += [
            f"### From {markup.md(ctx.title(start))} to {markup.md(ctx.title(goal))}",
            "",
            career_path(ctx, start, goal),
            "",
        ]
    return "\n".join(parts).rstrip() or "*No role in this handbook leads to another yet.*"


_LISTED = 20  # problems a banner lists; `handbook check` lists them all


def data_problems(problems: Iterable[Problem], broken: Iterable[BrokenRole]) -> str:
    """A banner for the top of a page in a preview: the errors in the data that no role's own
    page shows (the settings, the catalogs), each with its file, line and fix; '' for none.

    Its cost is the number of problems, not of roles: it is made for every page a preview
    rebuilds."""
    errors = [p for p in problems if not p.warning]
    if not errors:
        return ""
    on_role_pages = {p for info in broken for p in info.problems if p.file == info.file}
    errors = [p for p in errors if p not in on_role_pages]
    if not errors:
        return ""
    heading = ngettext(
        "The handbook's data has 1 problem to fix",
        "The handbook's data has %(n)s problems to fix",
        len(errors),
    )
    lines = [
        f'!!! failure "{heading}"',
        "",
        "    Pages may show data as it was before, or leave it out, until it is fixed. "
        "`handbook check` lists the same problems.",
        "",
    ]
    lines += [f"    - <code>{markup.html(str(p))}</code>" for p in errors[:_LISTED]]
    if len(errors) > _LISTED:
        more = ngettext("and 1 more", "and %(n)s more", len(errors) - _LISTED)
        lines.append(f"    - {more}")
    return "\n".join(lines) + "\n"
