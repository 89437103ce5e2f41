"""Progression diagrams as Mermaid flowcharts: promotions solid, lateral moves dotted.

Node ids are generated (`n0`, `n1`, ...) so no role id can collide with Mermaid keywords
such as `end`; labels go through `markup.mermaid`; every node links to its role page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from handbook.graph import Step
from handbook.model import MoveKind
from handbook.render import markup
from handbook.render.context import Context

LEGEND = "Solid arrows are promotions; dotted arrows are lateral moves. Select a role to open it."


class _Chart:
    def __init__(self, ctx: Context, direction: str = "LR") -> None:
        self.ctx = ctx
        self.lines = [f"flowchart {direction}"]
        self.ids: dict[str, str] = {}

    def node(self, role_id: str, css: str = "") -> str:
        if role_id not in self.ids:
            node_id = f"n{len(self.ids)}"
            self.ids[role_id] = node_id
            label = markup.mermaid(self.ctx.title(role_id))
            self.lines.append(f'  {node_id}["{label}"]' + (f":::{css}" if css else ""))
        return self.ids[role_id]

    def edge(self, source: str, target: str, kind: MoveKind, label: str = "") -> None:
        arrow = "-->" if kind is MoveKind.PROMOTION else "-.->"
        text = f'|"{markup.mermaid(label)}"|' if label else ""
        self.lines.append(f"  {self.node(source)} {arrow}{text} {self.node(target)}")

    def render(self, current: Iterable[str] = ()) -> str:
        for role_id, node_id in self.ids.items():
            title = markup.mermaid(f"Open {self.ctx.title(role_id)}")
            self.lines.append(f'  click {node_id} href "{self.ctx.links.url(role_id)}" "{title}"')
        marked = [self.ids[r] for r in current if r in self.ids]
        if marked:
            self.lines.append("  classDef current stroke-width:3px,font-weight:bold")
            self.lines.append(f"  class {','.join(marked)} current")
        # Natural size: a big map scrolls in its box instead of shrinking its text to nothing.
        config = "---\nconfig:\n  flowchart:\n    useMaxWidth: false\n---\n"
        return "```mermaid\n" + config + "\n".join(self.lines) + "\n```"


def next_steps_diagram(ctx: Context, role_id: str) -> str:
    """This role and the roles its moves lead to."""
    chart = _Chart(ctx)
    chart.node(role_id)
    for move in ctx.handbook.roles[role_id].progression:
        if move.to is None:
            continue
        label = markup.months(move.typical_months.min, move.typical_months.max)
        chart.edge(role_id, move.to, move.kind, label)
    return chart.render(current=[role_id])


def career_map(ctx: Context, department: str | None = None) -> str:
    """Every move between roles (of one department, with the roles they lead to outside it)."""
    department = ctx.department(department)
    handbook = ctx.handbook
    chart = _Chart(ctx, "TB")
    ordered = sorted(
        handbook.roles, key=lambda rid: (handbook.rank(rid), handbook.roles[rid].title)
    )
    inside = [
        rid for rid in ordered if department is None or handbook.roles[rid].department == department
    ]
    for rid in inside:
        chart.node(rid)
    for rid in inside:
        for move in handbook.roles[rid].progression:
            if move.to is not None:
                chart.edge(rid, move.to, move.kind)
    if len(chart.ids) == 0:
        return "*No roles in this department.*"
    return chart.render(current=inside if department else ()) + "\n\n" + LEGEND


def path_diagram(ctx: Context, steps: Sequence[Step]) -> str:
    chart = _Chart(ctx)
    for step in steps:
        assert step.move.to is not None
        chart.edge(step.from_role, step.move.to, step.move.kind)
    ends = [steps[0].from_role, steps[-1].move.to or ""] if steps else []
    return chart.render(current=ends)
