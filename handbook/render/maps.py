"""Career maps and routes as ladder diagrams (handbook.render.diagram), with text equivalents.

This module gathers each department's roles and moves; the templates under maps/ write the
page section (a drawing, the moves as a list, the legend) in the handbook's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from handbook.graph import Step
from handbook.model import MoveKind
from handbook.render import diagram, phrases
from handbook.render.context import Context
from handbook.render.diagram import Edge, Node

# A department with more roles than this gets its moves as a list, not drawn: a ladder of more
# roles is too wide and tall to read, and laying it out costs more than linearly.
MAP_LIMIT = 40


def _department_map(ctx: Context, department: str) -> dict[str, Any] | None:
    """One department's map (template maps/department.md): its drawing, unless it has more
    than MAP_LIMIT roles, and its moves; None when it has no roles."""
    handbook = ctx.handbook
    language = ctx.language
    members = ctx.relations.members.get(department, [])
    if not members:
        return None
    nodes = {
        rid: Node(rid, ctx.title(rid), handbook.rank(rid), ctx.links.url(rid)) for rid in members
    }
    edges: list[Edge] = []
    moves: list[dict[str, Any]] = []
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
                where, url = ctx.title(move.to), ctx.links.url(move.to)
            else:
                key = f"{rid}-outside-{i}"
                rank = handbook.rank(rid) + (0 if lateral else 0.5)
                outside = language.gettext("outside this handbook")
                nodes[key] = Node(key, move.outside or "", rank, None, "outside", outside)
                edges.append(Edge(rid, key, lateral))
                where, url = move.outside or "", None
            moves.append(
                {
                    "source": ctx.title(rid),
                    "source_url": ctx.links.url(rid),
                    "target": where,
                    "target_url": url,
                    "lateral": lateral,
                    "time": phrases.months(
                        language, move.typical_months.min, move.typical_months.max
                    ),
                }
            )
    name = handbook.departments[department].name
    drawing = None
    if len(members) <= MAP_LIMIT:
        label = language.gettext("Career moves in %(department)s", department=name)
        drawing = Markup(
            diagram.render(list(nodes.values()), edges, label, templates=ctx.templates)
        )
    return {"name": name, "count": len(members), "drawing": drawing, "moves": moves}


def career_map(ctx: Context, department: str | None = None) -> str:
    """Every move, as one ladder per department (or for one department), with a list of moves."""
    department = ctx.department(department)
    if department is not None:
        found = _department_map(ctx, department)
        return ctx.render("maps/department_map.md", map=found, limit=MAP_LIMIT)
    maps = [_department_map(ctx, dept) for dept in ctx.handbook.departments]
    return ctx.render("maps/career_map.md", maps=[m for m in maps if m], limit=MAP_LIMIT)


def path_diagram(ctx: Context, steps: Sequence[Step]) -> str:
    """A route: each role on it, from the start at the bottom to the goal at the top."""
    if not steps:
        return ""
    ids = [steps[0].from_role] + [s.move.to for s in steps if s.move.to]
    nodes = []
    for index, rid in enumerate(ids):
        kind = "current" if index in (0, len(ids) - 1) else "role"
        # One row per step, so the route reads from the bottom up even through lateral moves.
        nodes.append(Node(rid, ctx.title(rid), float(index), ctx.links.url(rid), kind))
    edges = [Edge(s.from_role, s.move.to or "", s.move.kind is MoveKind.LATERAL) for s in steps]
    label = ctx.language.gettext(
        "Route from %(start)s to %(goal)s", start=ctx.title(ids[0]), goal=ctx.title(ids[-1])
    )
    return diagram.render(nodes, edges, label, templates=ctx.templates)
