"""Career diagrams drawn at build time: inline SVG laid out in Python, no diagram JavaScript.

Moves go up a ladder of levels, so every diagram here is a ladder: one row per level, most
senior at the top, a node per role, arrows from each role to the roles its moves lead to
(promotions solid, lateral moves dashed). Roles outside the handbook are dashed boxes without
a link.

This module lays the diagram out (positions, arrow paths, as SVG numbers, never in the
locale's digits); the template diagram/diagram.html writes it: the SVG only draws, and each
node's link is an HTML `<a>` laid over its box (Material's instant navigation handles HTML
links, and breaks on links inside SVG). The drawing scales with the column, but never below the
width at which its text is 12 px; a wider diagram scrolls in its own box. Colours come from CSS
classes that follow the light and dark palettes, and each diagram has a text equivalent next to
it (on role pages, the list of moves). Its words (the label, notes such as "outside this
handbook") are the caller's, in the handbook's language.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from handbook.render.templating import Templates
from handbook.render.templating import templates as default_templates

NODE_W = 164
LINE_H = 16
PAD_Y = 8
GAP_X = 24
GAP_Y = 30
MARGIN = 8
FONT = 14
NOTE_FONT = 13
MIN_FONT = 12
CHARS_PER_LINE = 19  # what fits in a node at 14 px
MAX_LINES = 3
PER_ROW = 3
POINT_W = 6  # a routing point of a long edge
POINT_GAP = 10


@dataclass
class Node:
    key: str
    title: str
    rank: float  # the level's rank: higher is drawn higher
    url: str | None = None
    kind: str = "role"  # role, current, other (another department), outside (not in handbook)
    note: str = ""  # a second, smaller line, e.g. the department
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return PAD_Y * 2 + LINE_H * (len(self.lines) + (1 if self.note else 0))


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    lateral: bool


def wrap(text: str, width: int = CHARS_PER_LINE, lines: int = MAX_LINES) -> list[str]:
    """`text` in lines of at most `width` characters, cut with an ellipsis after `lines`."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:  # a word longer than a line is split
            if current:
                out.append(current)
                current = ""
            out.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out or [""]


# ---- layouts ----------------------------------------------------------------------------------


@dataclass
class _Point:
    """A routing point of a long edge, in a row the edge crosses."""

    key: str
    x: float = 0
    y: float = 0


def _rows(nodes: Sequence[Node], per_row: int) -> list[list[Node]]:
    """Rows by rank, senior first; a rank with more than `per_row` roles takes several rows."""
    ranks = sorted({n.rank for n in nodes}, reverse=True)
    rows: list[list[Node]] = []
    for rank in ranks:
        members = sorted((n for n in nodes if n.rank == rank), key=lambda n: n.title.casefold())
        for start in range(0, len(members), per_row):
            rows.append(members[start : start + per_row])
    return rows


def _ladder(
    nodes: Sequence[Node], edges: Sequence[Edge], per_row: int
) -> tuple[float, float, dict[tuple[str, str], list[tuple[float, float]]]]:
    """Layered layout: rows by rank; an edge that crosses rows gets a routing point in each row
    it crosses, so it passes between boxes instead of through them; within each row, items
    follow the average position of their neighbours (a few sweeps), which keeps crossings few.
    Returns the size and each long edge's routing points."""
    rows = _rows(nodes, per_row)
    row_of = {n.key: i for i, row in enumerate(rows) for n in row}
    layers: list[list[Node | _Point]] = [list(row) for row in rows]
    routes: dict[tuple[str, str], list[_Point]] = {}
    links: dict[str, list[str]] = {}
    for edge in edges:
        if edge.source not in row_of or edge.target not in row_of:
            continue
        a, b = row_of[edge.source], row_of[edge.target]
        step = 1 if b > a else -1
        route = []
        for row in range(a + step, b, step):
            point = _Point(f"{edge.source}>{edge.target}@{row}")
            layers[row].append(point)
            route.append(point)
        routes[(edge.source, edge.target)] = route
        chain = [edge.source, *(p.key for p in route), edge.target]
        for near, far in itertools.pairwise(chain):
            links.setdefault(near, []).append(far)
            links.setdefault(far, []).append(near)
    position: dict[str, float] = {}
    for layer in layers:
        for i, item in enumerate(layer):
            position[item.key] = i

    def weight(item: Node | _Point) -> float:
        near = [position[k] for k in links.get(item.key, []) if k in position]
        return sum(near) / len(near) if near else position[item.key]

    for sweep in range(4):
        for layer in layers if sweep % 2 == 0 else list(reversed(layers)):
            layer.sort(key=weight)
            for i, item in enumerate(layer):
                position[item.key] = i

    def item_width(item: Node | _Point) -> float:
        return NODE_W if isinstance(item, Node) else POINT_W

    def gap(a: Node | _Point, b: Node | _Point) -> float:
        return GAP_X if isinstance(a, Node) and isinstance(b, Node) else POINT_GAP

    def used(layer: list[Node | _Point]) -> float:
        return sum(map(item_width, layer)) + sum(gap(a, b) for a, b in itertools.pairwise(layer))

    widths = [used(layer) for layer in layers]
    width = MARGIN * 2 + max(widths, default=NODE_W)
    y = float(MARGIN)
    for layer, row_width in zip(layers, widths, strict=True):
        real = [i for i in layer if isinstance(i, Node)]
        for node in real:
            node.lines = wrap(node.title)
        tallest = max((n.height for n in real), default=LINE_H * 2.0)
        x = (width - row_width) / 2
        for index, item in enumerate(layer):
            if isinstance(item, Node):
                item.x, item.y = x, y + (tallest - item.height) / 2
            else:
                item.x, item.y = x + POINT_W / 2, y + tallest / 2
            x += item_width(item)
            if index + 1 < len(layer):
                x += gap(item, layer[index + 1])
        y += tallest + GAP_Y
    points = {key: [(p.x, p.y) for p in route] for key, route in routes.items()}
    return width, y - GAP_Y + MARGIN, points


FAN_GAP = 40


def _fan(nodes: Sequence[Node]) -> tuple[float, float]:
    """The first node on the left; the others in a column on the right, senior first."""
    first, rest = nodes[0], sorted(nodes[1:], key=lambda n: (-n.rank, n.title.casefold()))
    for node in nodes:
        node.lines = wrap(node.title)
    gap = 10.0
    column = sum(n.height for n in rest) + gap * (len(rest) - 1) if rest else first.height
    height = MARGIN * 2 + max(column, first.height)
    first.x, first.y = MARGIN, (height - first.height) / 2
    y = (height - column) / 2
    for node in rest:
        node.x, node.y = MARGIN + NODE_W + FAN_GAP, y
        y += node.height + gap
    width = MARGIN * 2 + NODE_W * 2 + FAN_GAP if rest else MARGIN * 2 + NODE_W
    return width, height


# ---- drawing ----------------------------------------------------------------------------------


def _border(node: Node, towards_x: float, towards_y: float) -> tuple[float, float]:
    """Where the line from the centre of `node` towards a point leaves its box."""
    cx, cy = node.x + NODE_W / 2, node.y + node.height / 2
    dx, dy = towards_x - cx, towards_y - cy
    if not dx and not dy:
        return cx, cy
    half_w, half_h = NODE_W / 2 + 2, node.height / 2 + 2
    scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def _center(node: Node) -> tuple[float, float]:
    return node.x + NODE_W / 2, node.y + node.height / 2


def _edge(points: list[tuple[float, float]], lateral: bool, curved: bool = False) -> dict[str, str]:
    """A line through `points` with an arrowhead at the last one: its kind and the SVG path
    data of the line and of the head."""
    kind = "lateral" if lateral else "promotion"
    (sx, sy), (tx, ty) = points[0], points[-1]
    if curved and len(points) == 2:  # a fan: leave and arrive horizontally
        mid = (sx + tx) / 2
        path = f"M{sx:.1f} {sy:.1f}C{mid:.1f} {sy:.1f} {mid:.1f} {ty:.1f} {tx:.1f} {ty:.1f}"
        before = (mid, ty)
    elif len(points) > 2:  # through routing points, with rounded bends
        path = f"M{sx:.1f} {sy:.1f}"
        for (px, py), (qx, qy) in itertools.pairwise(points[1:]):
            mx, my = (px + qx) / 2, (py + qy) / 2
            path += f"Q{px:.1f} {py:.1f} {mx:.1f} {my:.1f}"
        path += f"L{tx:.1f} {ty:.1f}"
        before = ((points[-2][0] + tx) / 2, (points[-2][1] + ty) / 2)
    else:
        path = f"M{sx:.1f} {sy:.1f}L{tx:.1f} {ty:.1f}"
        before = (sx, sy)
    angle = math.atan2(ty - before[1], tx - before[0])
    size = 8
    left = (tx - size * math.cos(angle - 0.45), ty - size * math.sin(angle - 0.45))
    right = (tx - size * math.cos(angle + 0.45), ty - size * math.sin(angle + 0.45))
    head = f"M{left[0]:.1f} {left[1]:.1f}L{tx:.1f} {ty:.1f}L{right[0]:.1f} {right[1]:.1f}Z"
    return {"kind": kind, "path": path, "head": head}


def _edges(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    layout: str,
    routes: dict[tuple[str, str], list[tuple[float, float]]],
) -> list[dict[str, str]]:
    """The lines of the edges whose two ends are drawn."""
    by_key = {n.key: n for n in nodes}
    drawn = []
    for edge in edges:
        a, b = by_key.get(edge.source), by_key.get(edge.target)
        if a is None or b is None:
            continue
        if layout == "fan":
            start = (a.x + NODE_W + 2, a.y + a.height / 2)
            end = (b.x - 2, b.y + b.height / 2)
            drawn.append(_edge([start, end], edge.lateral, curved=True))
            continue
        via = routes.get((edge.source, edge.target), [])
        first = via[0] if via else _center(b)
        last = via[-1] if via else _center(a)
        drawn.append(_edge([_border(a, *first), *via, _border(b, *last)], edge.lateral))
    return drawn


def _box(node: Node) -> dict[str, object]:
    """A node's box and its lines of text, at their places (coordinates as SVG numbers)."""
    cx = f"{node.x + NODE_W / 2:.1f}"
    y = node.y + PAD_Y + LINE_H - 4
    lines = []
    for line in node.lines:
        lines.append({"x": cx, "y": f"{y:.1f}", "text": line})
        y += LINE_H
    note = {"x": cx, "y": f"{y:.1f}", "text": node.note} if node.note else None
    return {
        "kind": node.kind,
        "x": f"{node.x:.1f}",
        "y": f"{node.y:.1f}",
        "width": NODE_W,
        "height": f"{node.height:.0f}",
        "lines": lines,
        "note": note,
    }


def _link(node: Node, width: float, height: float) -> dict[str, object]:
    """The HTML link laid over a node's box (its place in percent of the drawing)."""
    box = (
        f"left:{100 * node.x / width:.2f}%;top:{100 * node.y / height:.2f}%;"
        f"width:{100 * NODE_W / width:.2f}%;height:{100 * node.height / height:.2f}%"
    )
    return {"url": node.url, "style": box, "title": node.title, "current": node.kind == "current"}


def render(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    label: str,
    layout: str = "ladder",
    per_row: int = PER_ROW,
    *,
    templates: Templates | None = None,
) -> str:
    """The diagram as HTML (template diagram/diagram.html): an SVG drawing and, over it, a
    link per node.

    `layout` is "ladder" (rows by rank, senior at the top) or "fan" (the first node on the
    left, the others in a column on the right, senior first: one role and where it leads).
    `label` names the diagram for assistive technology, in the handbook's language (the
    caller's words); `templates` are the handbook's (`ctx.templates`: its language and the
    project's overrides), the package's own when not given.
    """
    if not nodes:
        return ""
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    if layout == "fan":
        width, height = _fan(nodes)
    else:
        width, height, routes = _ladder(nodes, edges, per_row)
    # The drawing never shrinks below the width at which its smallest text is 12 px.
    smallest = width * MIN_FONT / (NOTE_FONT if any(n.note for n in nodes) else FONT)
    return (templates or default_templates()).render(
        "diagram/diagram.html",
        label=label,
        width=f"{width:.0f}",
        height=f"{height:.0f}",
        smallest=f"{smallest:.0f}",
        edges=_edges(nodes, edges, layout, routes),
        boxes=[_box(node) for node in nodes],
        links=[_link(node, width, height) for node in nodes if node.url is not None],
    )
