"""The reporting tree and the progression graph: pure functions over role ids."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from handbook.model import Handbook, Progression, Role


def parents(roles: Mapping[str, Role]) -> dict[str, str | None]:
    return {role_id: role.reports_to for role_id, role in roles.items()}


def direct_reports(roles: Mapping[str, Role]) -> dict[str, list[str]]:
    """Each role id → the ids that report to it, in id order."""
    out: dict[str, list[str]] = {role_id: [] for role_id in roles}
    for role_id, role in roles.items():
        if role.reports_to in out:
            out[role.reports_to].append(role_id)
    return out


def reporting_chain(roles: Mapping[str, Role], role_id: str) -> list[str]:
    """The managers of `role_id`, nearest first, up to the top (stops before repeating a role)."""
    chain: list[str] = []
    seen = {role_id}
    current = roles[role_id].reports_to
    while current is not None and current in roles and current not in seen:
        chain.append(current)
        seen.add(current)
        current = roles[current].reports_to
    return chain


def find_cycles(parent: Mapping[str, str | None]) -> list[list[str]]:
    """Every cycle of the parent relation, each starting at its smallest id and closed."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles: list[list[str]] = []
    for start in sorted(parent):
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent and state.get(node) is None:
            state[node] = 1
            walk.append(node)
            node = parent[node]
        if node is not None and state.get(node) == 1:
            loop = walk[walk.index(node) :]
            first = loop.index(min(loop))
            loop = loop[first:] + loop[:first]
            cycles.append([*loop, loop[0]])
        for visited in walk:
            state[visited] = 2
    return cycles


def top_roles(handbook: Handbook) -> list[str]:
    """Roles with no manager, most senior first."""
    tops = [rid for rid, role in handbook.roles.items() if role.reports_to is None]

    def rank(rid: str) -> int:
        level = handbook.levels.get(handbook.roles[rid].level)
        return level.rank if level else -1

    return sorted(tops, key=lambda rid: (-rank(rid), rid))


def subtree(reports: Mapping[str, list[str]], root: str) -> list[str]:
    """`root` and everyone below it, breadth first."""
    out, queue = [], deque([root])
    while queue:
        node = queue.popleft()
        out.append(node)
        queue.extend(reports.get(node, []))
    return out


@dataclass(frozen=True)
class Step:
    """One move of a career path: from a role, by a progression."""

    from_role: str
    move: Progression


def career_path(roles: Mapping[str, Role], start: str, goal: str) -> list[Step] | None:
    """The route with fewest moves from `start` to `goal`; ties go to the shorter typical time."""
    if start == goal:
        return []
    # Dijkstra on (moves, months): few roles, so a simple priority by tuple is plenty.
    best: dict[str, tuple[int, int]] = {start: (0, 0)}
    came: dict[str, Step] = {}
    frontier: list[tuple[tuple[int, int], str]] = [((0, 0), start)]
    while frontier:
        frontier.sort(reverse=True)
        cost, node = frontier.pop()
        if node == goal:
            break
        if cost > best.get(node, cost):
            continue
        for move in roles[node].progression:
            if move.to is None or move.to not in roles:
                continue
            new = (cost[0] + 1, cost[1] + move.typical_months.max)
            if new < best.get(move.to, (1 << 30, 0)):
                best[move.to] = new
                came[move.to] = Step(node, move)
                frontier.append((new, move.to))
    if goal not in came:
        return None
    path: list[Step] = []
    node = goal
    while node != start:
        step = came[node]
        path.append(step)
        node = step.from_role
    return path[::-1]
