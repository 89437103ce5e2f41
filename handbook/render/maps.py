"""Career maps and routes as ladder diagrams (handbook.render.diagram), with text equivalents."""

from __future__ import annotations

from collections.abc import Sequence

from handbook.graph import Step
from handbook.model import MoveKind
from handbook.render import diagram, markup
from handbook.render.context import Context
from handbook.render.diagram import Edge, Node
from handbook.render.role import a, months_text

# A department with more roles than this gets its moves as a list, not drawn: a ladder of more
# roles is too wide and tall to read, and laying it out costs more than linearly.
MAP_LIMIT = 40

LEGEND = (
    '<p class="hb-muted hb-no-print" data-search-exclude="true">Solid arrows are promotions, '
    "dashed arrows lateral moves; dashed boxes are roles outside this handbook. Select a role "
    "to open it.</p>"
)


def _department_map(ctx: Context, department: str) -> str:
    handbook = ctx.handbook
    members = ctx.relations.members.get(department, [])
    if not members:
        return ""
    nodes = {
        rid: Node(rid, ctx.title(rid), handbook.rank(rid), ctx.links.url(rid)) for rid in members
    }
    edges: list[Edge] = []
    moves: list[str] = []
    for rid in members:
        for i, move in enumerate(handbook.roles[rid].progression):
            lateral = move.kind is MoveKind.LATERAL
            if move.to is not None:
                if move.to not in nodes:
                    target = handbook.roles[move.to]
                    note = handbook.departments[target.department].name
                    nodes[move.to] = Node(
                        move.to,
                        target.title,
                        handbook.rank(move.to),
                        ctx.links.url(move.to),
                        "other",
                        note,
                    )
                edges.append(Edge(rid, move.to, lateral))
                where = a(ctx, move.to)
            else:
                key = f"{rid}-outside-{i}"
                rank = handbook.rank(rid) + (0 if lateral else 0.5)
                nodes[key] = Node(
                    key, move.outside or "", rank, None, "outside", "outside this handbook"
                )
                edges.append(Edge(rid, key, lateral))
                where = f"{markup.html(move.outside or '')} (outside this handbook)"
            kind = "lateral move" if lateral else "promotion"
            after = markup.html(months_text(move))
            moves.append(f"<li>{a(ctx, rid)} → {where}: {kind}, typically after {after}</li>")
    name = handbook.departments[department].name
    listed = f'<ul class="hb-list">{"".join(moves) or "<li>No moves yet.</li>"}</ul>'
    if len(members) > MAP_LIMIT:
        return (
            f'<p class="hb-muted">{markup.html(name)} has {len(members)} roles, too many to draw '
            f"on one map (the limit is {MAP_LIMIT}): its moves are listed here, and each role's "
            "page draws its own next steps.</p>\n\n"
            f'<div class="hb-map__list" data-search-exclude="true">{listed}</div>'
        )
    drawing = diagram.render(list(nodes.values()), edges, f"Career moves in {name}")
    listing = (
        '<details class="hb-map__list hb-fold" data-search-exclude="true">'
        f"<summary>The moves as a list</summary>{listed}</details>"
    )
    return drawing + "\n\n" + listing


def career_map(ctx: Context, department: str | None = None) -> str:
    """Every move, as one ladder per department (or for one department), with a list of moves."""
    department = ctx.department(department)
    if department is not None:
        return (
            (_department_map(ctx, department) or "*No roles in this department.*") + "\n\n" + LEGEND
        )
    parts = [LEGEND, ""]
    for dept, info in ctx.handbook.departments.items():
        body = _department_map(ctx, dept)
        if body:
            parts += [f"### {markup.md(info.name)}", "", body, ""]
    return "\n".join(parts).rstrip()


def path_diagram(ctx: Context, steps: Sequence[Step]) -> str:
    """A route: each role on it, from the start at the bottom to the goal at the top."""
    if not steps:
        return ""
    handbook = ctx.handbook
    ids = [steps[0].from_role] + [s.move.to for s in steps if s.move.to]
    nodes = []
    for index, rid in enumerate(ids):
        kind = "current" if index in (0, len(ids) - 1) else "role"
        # One row per step, so the route reads from the bottom up even through lateral moves.
        nodes.append(Node(rid, ctx.title(rid), float(index), ctx.links.url(rid), kind))
    edges = [Edge(s.from_role, s.move.to or "", s.move.kind is MoveKind.LATERAL) for s in steps]
    start, goal = ctx.title(ids[0]), ctx.title(ids[-1])
    del handbook
    return diagram.render(nodes, edges, f"Route from {start} to {goal}")
