"""Own figures (`basis: own`) in the comparisons and routes: each one marked where it is shown,
the mark explained once under the view, sourced figures unmarked. Golden files:
tests/golden/compare_roles_own.md and career_path_own.md (regenerate on purpose with
UPDATE_GOLDEN=1), on the fixture handbook with some of its figures declared as its own."""

from __future__ import annotations

import dataclasses
import re

from handbook.model import Basis, Role
from handbook.render import own, tables
from handbook.render.context import Context, Links
from handbook.validation import read_handbook
from tests.conftest import FIXTURES
from tests.test_render import check_golden

MARK = '<span class="hb-own" title="'
NOTE = f'<span class="hb-own">{own.LABEL}</span>: set by'


def _own(role: Role, pay: bool, targets: bool, months: bool) -> Role:
    """`role` with its band, KPI targets and typical times declared as the organisation's own."""
    update: dict[str, object] = {}
    if pay and role.salary is not None:
        update["salary"] = role.salary.model_copy(update={"basis": Basis.OWN})
    if targets:
        update["kpis"] = [k.model_copy(update={"basis": Basis.OWN}) for k in role.kpis]
    if months:
        update["progression"] = [
            m.model_copy(
                update={"typical_months": m.typical_months.model_copy(update={"basis": Basis.OWN})}
            )
            for m in role.progression
        ]
    return role.model_copy(update=update)


def context(**own_figures: tuple[bool, bool, bool]) -> Context:
    """The fixture handbook; `own_figures` maps a role id to (pay, targets, months) own."""
    handbook = read_handbook(FIXTURES / "valid").handbook
    assert handbook is not None
    roles = {
        rid: _own(role, *own_figures[rid]) if rid in own_figures else role
        for rid, role in handbook.roles.items()
    }
    handbook = dataclasses.replace(handbook, roles=roles)
    pages = {rid: f"roles/{r.department}/{rid}.md" for rid, r in handbook.roles.items()}
    return Context(handbook, Links("careers/compare.md", pages))


def test_golden_comparison_with_own_figures() -> None:
    # The agent's band and KPI targets are its own; the team leader's are sourced.
    ctx = context(agent=(True, True, False))
    check_golden("compare_roles_own.md", tables.compare_roles(ctx, "agent", "team-leader"))


def test_golden_route_with_own_figures() -> None:
    # The agent's move is timed by the organisation; the team leader's pay is its own.
    ctx = context(agent=(False, False, True), **{"team-leader": (True, False, False)})
    check_golden("career_path_own.md", tables.career_path(ctx, "agent", "director"))


def test_a_comparison_marks_each_own_figure_and_explains_the_mark_once() -> None:
    ctx = context(agent=(True, True, False))
    agent = ctx.handbook.roles["agent"]
    text = tables.compare_roles(ctx, "agent", "team-leader")
    targets = sum(1 for k in agent.kpis if k.target)
    assert targets, "the fixture's agent has no KPI target"
    assert text.count(MARK) == 1 + targets
    assert text.count(NOTE) == 1
    pay = re.search(r'<th scope="row">Pay</th><td>(.*?)</td><td>(.*?)</td>', text)
    assert pay and MARK in pay[1] and MARK not in pay[2], pay


def test_a_route_marks_own_times_and_bands_and_their_total() -> None:
    ctx = context(agent=(False, False, True), **{"team-leader": (True, False, False)})
    text = tables.career_path(ctx, "agent", "director")
    steps = re.findall(r"<li>.*?</li>", text.split("<ol>", 1)[1])
    assert len(steps) == 2
    # The agent's move: an own time, to the team leader's own band.
    assert re.search(r"typically after [^<.]+ " + re.escape(MARK), steps[0]), steps[0]
    assert re.search(r"Pay: USD [^<]+" + re.escape(MARK), steps[0]), steps[0]
    # The team leader's move: a sourced time, to a sourced band.
    assert MARK not in steps[1], steps[1]
    assert re.search(r"in all" + re.escape(f" {MARK}"), text), "the total is not marked"
    assert text.count(NOTE) == 1


def test_sourced_figures_leave_comparisons_and_routes_unmarked() -> None:
    ctx = context()
    for text in (
        tables.compare_roles(ctx, "agent", "team-leader"),
        tables.career_path(ctx, "agent", "director"),
    ):
        assert "hb-own" not in text
