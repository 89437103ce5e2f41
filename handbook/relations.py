"""Who relates to whom, computed once per build so that no page has to look at every role.

Every renderer of a single role (its page, its card, its search boost) reads what it needs from
here in time proportional to that role's neighbours, which keeps a build linear in the number of
roles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from handbook import names, wordruns
from handbook.model import Handbook, Progression

ROLE_PAGE_BOOST = 4


@dataclass(frozen=True)
class Incoming:
    """A move into a role: from which role, and the move as written there."""

    from_role: str
    move: Progression


@dataclass
class Relations:
    handbook: Handbook
    # Role id → the ids that report to it, most senior first, then by title.
    reports: dict[str, list[str]] = field(default_factory=dict)
    # Role id → the moves that lead into it.
    incoming: dict[str, list[Incoming]] = field(default_factory=dict)
    # Department id → its role ids, most junior first (level rank, then title).
    members: dict[str, list[str]] = field(default_factory=dict)
    # Department id → its position in the catalog (for colours that tell departments apart).
    department_slot: dict[str, int] = field(default_factory=dict)
    # Role id → its search boost.
    boosts: dict[str, int] = field(default_factory=dict)
    # Process id → role id → the letters it holds (R, A, C, I).
    raci: dict[str, dict[str, str]] = field(default_factory=dict)
    # Role id → the processes it takes part in, with its letters.
    processes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def order(self, role_id: str) -> tuple[int, str, str]:
        """Sort key: junior first, then by title."""
        role = self.handbook.roles[role_id]
        level = self.handbook.levels[role.level]
        return (level.rank, names.comparison_key(role.title), role_id)

    def chain(self, role_id: str) -> list[str]:
        """The managers of `role_id`, nearest first, up to the top (stops before repeating)."""
        roles = self.handbook.roles
        out: list[str] = []
        seen = {role_id}
        current = roles[role_id].reports_to
        while current is not None and current in roles and current not in seen:
            out.append(current)
            seen.add(current)
            current = roles[current].reports_to
        return out


def relate(handbook: Handbook) -> Relations:
    """Index `handbook` (already filtered for its audience) once, in time linear in its size."""
    rel = Relations(handbook)
    roles = handbook.roles
    rel.reports = {rid: [] for rid in roles}
    rel.incoming = {rid: [] for rid in roles}
    members: dict[str, list[str]] = defaultdict(list)
    for rid, role in roles.items():
        if role.reports_to in rel.reports:
            rel.reports[role.reports_to].append(rid)
        for move in role.progression:
            if move.to in rel.incoming:
                rel.incoming[move.to].append(Incoming(rid, move))
        members[role.department].append(rid)
    for reports in rel.reports.values():
        reports.sort(key=lambda r: (-rel.order(r)[0], *rel.order(r)[1:]))
    for moves in rel.incoming.values():
        moves.sort(key=lambda m: rel.order(m.from_role))
    rel.members = {
        dept: sorted(members.get(dept, []), key=rel.order) for dept in handbook.departments
    }
    rel.boosts = _boosts(handbook)
    rel.department_slot = {dept: i for i, dept in enumerate(handbook.departments)}
    for pid, process in handbook.processes.items():
        cells: dict[str, str] = {}
        raci = process.raci
        for letter, ids in (
            ("R", raci.responsible),
            ("A", [raci.accountable]),
            ("C", raci.consulted),
            ("I", raci.informed),
        ):
            for rid in ids:
                if rid in roles:
                    cells[rid] = cells.get(rid, "") + letter
        rel.raci[pid] = cells
        for rid, letters in cells.items():
            rel.processes.setdefault(rid, []).append((pid, letters))
    return rel


def _boosts(handbook: Handbook) -> dict[str, int]:
    """A role page ranks above pages that mention it, and one step more when one of its names
    is a word-for-word part of another role's longer name ("CSR" and "Senior CSR").

    Search scores "CSR" alike on both pages; the plain name means the role that carries it.
    Linear in the length of all the names (see `handbook.wordruns`).
    """
    own = {
        rid: [names.comparison_key(n) for n in (role.title, *role.aliases)]
        for rid, role in handbook.roles.items()
    }
    inside = wordruns.held_by_others(own)
    return {rid: ROLE_PAGE_BOOST + (1 if rid in inside else 0) for rid in own}
