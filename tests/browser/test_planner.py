"""The career planner (handbook/theme/assets/javascripts/planner.js) in Chromium.

Compare any two roles, the route between any two, how people get into each role, and the
"am I ready?" checklists of role pages. Every pair is chosen from the published roles.json,
leaving out the pairs the handbook's pages were written for (handbook.yml `featured`), and
every expectation is worked out here from the same data, not copied from the pages.
"""

from __future__ import annotations

import copy
import heapq
import json
import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, Request, Route, expect

from handbook import graph
from handbook.i18n import ENGLISH
from handbook.model import Handbook
from handbook.render import phrases
from tests.browser.conftest import (
    PHONE,
    Contexts,
    Site,
    expect_heading,
    record_screenshot,
    switch_scheme,
    watch_errors,
)

pytestmark = pytest.mark.browser

COMPARE = "careers/compare/"
CAREERS = "careers/"
PROFICIENCY = {1: "basic", 2: "working", 3: "solid", 4: "advanced", 5: "expert"}
AXE = Axe()
BLOCKING = {"serious", "critical"}

Role = dict[str, Any]


# ---- The published data, and what the planner should make of it --------------------------------


class Data:
    """roles.json as the site publishes it, with the moves into each role."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.roles: dict[str, Role] = {r["id"]: r for r in document["roles"]}
        self.moves: dict[str, list[dict[str, Any]]] = {
            rid: [m for m in r.get("progression", []) if m.get("to") in self.roles]
            for rid, r in self.roles.items()
        }
        self.incoming: dict[str, list[tuple[str, dict[str, Any]]]] = {rid: [] for rid in self.roles}
        for rid, moves in self.moves.items():
            for move in moves:
                self.incoming[move["to"]].append((rid, move))

    def title(self, rid: str) -> str:
        return str(self.roles[rid]["title"])

    def reachable(self, start: str) -> set[str]:
        seen, queue = {start}, deque([start])
        while queue:
            for move in self.moves[queue.popleft()]:
                if move["to"] not in seen:
                    seen.add(move["to"])
                    queue.append(move["to"])
        return seen - {start}

    def quickest(self, start: str, goal: str) -> list[tuple[str, str]] | None:
        """Dijkstra on typical months (the larger figure of each move), fewer moves on a tie."""
        best: dict[str, tuple[int, int]] = {start: (0, 0)}
        came: dict[str, str] = {}
        queue = [((0, 0), start)]
        done: set[str] = set()
        while queue:
            cost, node = heapq.heappop(queue)
            if node in done:
                continue
            done.add(node)
            if node == goal:
                break
            for move in self.moves[node]:
                reached = (cost[0] + move["typical_months"]["max"], cost[1] + 1)
                if move["to"] not in done and reached < best.get(move["to"], (1 << 30, 0)):
                    best[move["to"]] = reached
                    came[move["to"]] = node
                    heapq.heappush(queue, (reached, move["to"]))
        if goal not in came:
            return None
        steps, node = [], goal
        while node != start:
            steps.append((came[node], node))
            node = came[node]
        return steps[::-1]


@pytest.fixture(scope="module")
def data(site: Site) -> Data:
    return Data(json.loads((site.root / "roles.json").read_text(encoding="utf-8")))


def featured(handbook: Handbook) -> set[tuple[str, str]]:
    """The pairs the handbook's pages were written for, either way round."""
    chosen = handbook.settings.featured
    pairs = {(c.a, c.b) for c in chosen.comparisons} | {(r.start, r.goal) for r in chosen.routes}
    return pairs | {(b, a) for a, b in pairs}


def pay_text(role: Role) -> str:
    salary = role.get("salary")
    if not salary:
        return "no band published"
    if salary.get("max") is None:
        band = f"{salary['currency']} {salary['min']:,} or more per {salary['period']}"
    else:
        band = f"{salary['currency']} {salary['min']:,}–{salary['max']:,} per {salary['period']}"
    band += " (internal)" if salary.get("visibility") == "internal" else ""
    return band + (" own figure" if salary.get("basis") == "own" else "")  # its mark, as shown


def skill_gaps(start: Role, goal: Role) -> set[str]:
    """'Coaching 2 → 3' for each skill the goal needs more of ('… 0 → 3 (new)' when new)."""
    have = {s["id"]: s["level"] for s in start["skills"]}
    gaps = set()
    for need in goal["skills"]:
        current = have.get(need["id"], 0)
        if need["level"] > current:
            new = "" if current else " (new)"
            gaps.add(f"{need['name']} {current} → {need['level']}{new}")
    return gaps


def words(text: str) -> str:
    return " ".join(text.split())


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


# ---- Driving the planner ------------------------------------------------------------------------


def planner(page: Page, kind: str) -> Locator:
    host = page.locator(f'[data-hb-planner="{kind}"]')
    expect(host).to_be_visible()
    expect(host.locator("select")).to_have_count(2)
    return host


def choose(page: Page, kind: str, first: str, second: str) -> Locator:
    """Pick two roles in a planner the way a person does; returns the planner."""
    host = planner(page, kind)
    selects = host.locator("select")
    selects.nth(0).select_option(first)
    selects.nth(1).select_option(second)
    return host


def status(host: Locator) -> Locator:
    return host.locator(".hb-planner__status")


TABLE_ROWS = """(table) => [...table.tBodies[0].rows].map((tr) => ({
  head: tr.cells[0].firstChild.textContent.trim(),
  cells: [...tr.cells].slice(1).map((td) => td.textContent.replace(/\\s+/g, " ").trim()),
  differs: tr.classList.contains("hb-planner__row--differs"),
}))"""


def compare_rows(host: Locator) -> dict[str, tuple[list[str], bool]]:
    rows = host.locator("table").evaluate(TABLE_ROWS)
    return {row["head"]: (row["cells"], row["differs"]) for row in rows}


def expected_compare(data: Data, a: str, b: str) -> dict[str, tuple[list[str], bool]]:
    """The rows the comparison must show, worked out from roles.json."""
    ra, rb = data.roles[a], data.roles[b]
    out: dict[str, tuple[list[str], bool]] = {}

    def row(head: str, cells: list[str], differs: bool | None = None) -> None:
        out[head] = (cells, cells[0] != cells[1] if differs is None else differs)

    row("Level", [ra["level"]["name"], rb["level"]["name"]])
    row("Department", [ra["department"]["name"], rb["department"]["name"]])
    managers = [r.get("reports_to") for r in (ra, rb)]
    row(
        "Reports to",
        [data.title(m) if m else "nobody: it heads the organization" for m in managers],
        managers[0] != managers[1],
    )
    row("Pay", [pay_text(ra), pay_text(rb)])
    levels = [{s["id"]: s["level"] for s in r["skills"]} for r in (ra, rb)]
    names = {s["id"]: s["name"] for s in ra["skills"] + rb["skills"]}
    for sid, name in names.items():
        got = [lv.get(sid, 0) for lv in levels]
        cells = [f"{n} ({PROFICIENCY[n]})" if n else "—not needed" for n in got]
        row(f"Skill: {name}", cells, got[0] != got[1])
    kpis = [{k["id"]: k for k in r["kpis"]} for r in (ra, rb)]
    kpi_names = {k["id"]: k["name"] for k in ra["kpis"] + rb["kpis"]}
    for kid, name in kpi_names.items():
        mine = [own.get(kid) for own in kpis]
        cells = [
            (
                (k["target"] + (" own figure" if k.get("basis") == "own" else ""))
                if k.get("target")
                else "measured, no set target"
            )
            if k
            else "—not measured"
            for k in mine
        ]
        row(f"KPI: {name}", [words(c) for c in cells])
    return out


STEP_TEXT = """(step) => [step.querySelector(".hb-route__head"), ...step.querySelectorAll("li")]
  .map((part) => part.textContent.replace(/\\s+/g, " ").trim()).join(" ")"""


def route_steps(host: Locator, block: int = 0) -> list[str]:
    """Each step's text as written (not as styled: the kind is shown in capitals)."""
    steps = host.locator(".hb-route").nth(block).locator(".hb-route__step")
    return [str(step.evaluate(STEP_TEXT)) for step in steps.all()]


def move_between(data: Data, start: str, goal: str) -> dict[str, Any]:
    return next(m for m in data.moves[start] if m["to"] == goal)


def check_route(host: Locator, data: Data, hops: list[tuple[str, str]], block: int = 0) -> None:
    """The route block shows `hops` step by step: kind, time, requirements, gaps, pay; and the
    totals."""
    shown = route_steps(host, block)
    assert len(shown) == len(hops), shown
    kinds = []
    for text, (start, goal) in zip(shown, hops, strict=True):
        move = move_between(data, start, goal)
        kind = "promotion" if move["kind"] == "promotion" else "lateral move"
        kinds.append(kind)
        typical = phrases.months(
            ENGLISH, move["typical_months"]["min"], move["typical_months"]["max"]
        )
        assert text.startswith(
            f"{data.title(start)} → {data.title(goal)} {kind} typically after {typical}"
        ), text
        assert f"What it takes: {words(move['requirements'])}" in text
        assert f"Pay: {pay_text(data.roles[goal])}" in text
        gaps = skill_gaps(data.roles[start], data.roles[goal])
        listed = re.search(r"Skills to build: (.*?) Pay:", text)
        assert listed is not None, text
        if gaps:
            assert set(listed[1].split("; ")) == gaps, text
        else:
            assert listed[1] == "none beyond what you have"
    moves_of = [move_between(data, s, g)["typical_months"] for s, g in hops]
    low, high = sum(m["min"] for m in moves_of), sum(m["max"] for m in moves_of)
    total = words(host.locator(".hb-route").nth(block).locator(".hb-route__total").inner_text())
    count = len(hops)
    assert total.startswith(f"{count} move{'s' if count != 1 else ''} ("), total
    promotions = kinds.count("promotion")
    assert (f"{promotions} promotion" in total) == bool(promotions), total
    assert f"typically {phrases.months(ENGLISH, low, high)} in all" in total, total
    assert f"Pay at the start, as {data.title(hops[0][0])}: {pay_text(data.roles[hops[0][0]])}" in (
        total
    )


def entry_routes(data: Data, handbook: Handbook) -> list[tuple[int, str, str]]:
    """(moves, start, goal) of every route from an entry role (the lowest level), longest first,
    leaving out the routes the pages were written for."""
    lowest = min(r["level"]["rank"] for r in data.roles.values())
    written = featured(handbook)
    routes = []
    for start, role in data.roles.items():
        if role["level"]["rank"] != lowest:
            continue
        for goal in sorted(data.reachable(start)):
            steps = graph.career_path(handbook.roles, start, goal)
            assert steps is not None
            if (start, goal) not in written:
                routes.append((len(steps), start, goal))
    return sorted(routes, key=lambda r: (-r[0], r[1], r[2]))


def hops_of(handbook: Handbook, start: str, goal: str) -> list[tuple[str, str]]:
    steps = graph.career_path(handbook.roles, start, goal)
    assert steps is not None
    return [(s.from_role, s.move.to or "") for s in steps]


# ---- Compare ------------------------------------------------------------------------------------


def pick_comparison(data: Data, handbook: Handbook) -> tuple[str, str]:
    """A pair no page was written for, in two departments, where a skill both need differs."""
    written = featured(handbook)
    for a in sorted(data.roles):
        for b in sorted(data.roles):
            ra, rb = data.roles[a], data.roles[b]
            if a == b or (a, b) in written or ra["department"]["id"] == rb["department"]["id"]:
                continue
            la = {s["id"]: s["level"] for s in ra["skills"]}
            if any(la.get(s["id"], 0) not in (0, s["level"]) for s in rb["skills"]):
                return a, b
    raise AssertionError("no pair of roles to compare")


def test_compare_any_two_roles_side_by_side(
    page: Page, site: Site, data: Data, handbook: Handbook
) -> None:
    a, b = pick_comparison(data, handbook)
    errors = watch_errors(page)
    page.goto(site(COMPARE))
    host = choose(page, "compare", a, b)
    expect(status(host)).to_contain_text(f"{data.title(a)} and {data.title(b)}")
    shown = compare_rows(host)
    for head, (cells, differs) in expected_compare(data, a, b).items():
        assert head in shown, f"no row {head!r}"
        assert shown[head] == (cells, differs), head
    for head in ("Responsibilities", "Education", "Experience", "Working pattern"):
        assert head in shown
    # The differing rows are marked in words too, and the status counts them.
    marked = host.locator("tr.hb-planner__row--differs .hb-planner__badge")
    differing = sum(1 for _, d in shown.values() if d)
    expect(marked).to_have_count(differing)
    expect(status(host)).to_contain_text(f"{differing} of {len(shown)} rows differ")
    # The skill gaps, both ways.
    for i, (start, goal) in enumerate([(a, b), (b, a)]):
        gapset = host.locator(".hb-planner__gapset").nth(i)
        expect(gapset.locator(".hb-planner__subhead")).to_have_text(
            f"From {data.title(start)} to {data.title(goal)}"
        )
        expected = skill_gaps(data.roles[start], data.roles[goal])
        assert set(gapset.locator("li").all_inner_texts()) == expected
    assert any(
        re.fullmatch(r".+ [1-4] → [2-5]", g) for g in skill_gaps(data.roles[a], data.roles[b])
    )
    # "Show only what differs" hides the rows that are the same.
    same = host.locator("tr.hb-planner__row:not(.hb-planner__row--differs)")
    expect(same.first).to_be_visible()
    host.get_by_label("Show only what differs").check()
    expect(same.first).to_be_hidden()
    expect(marked.first).to_be_visible()
    # Swapping the pickers swaps the columns and the address.
    host.get_by_role("button", name="Swap the two roles").click()
    assert query(page) == {"a": [b], "b": [a]}
    expect(host.locator("thead th").first).to_have_text(data.title(b))
    assert not errors, errors


def test_the_pickers_list_every_role_by_department(page: Page, site: Site, data: Data) -> None:
    page.goto(site(COMPARE))
    host = planner(page, "compare")
    groups = host.locator("select").first.evaluate(
        """(select) => [...select.querySelectorAll("optgroup")].map((g) => ({
          label: g.label, ids: [...g.querySelectorAll("option")].map((o) => o.value) }))"""
    )
    expected = [
        {"label": d["name"], "ids": d["roles"]} for d in data.document["departments"] if d["roles"]
    ]
    assert groups == expected
    ranks = [[data.roles[rid]["level"]["rank"] for rid in g["ids"]] for g in groups]
    assert all(r == sorted(r) for r in ranks), "roles run junior to senior"
    assert sorted(rid for g in groups for rid in g["ids"]) == sorted(data.roles)
    for select in host.locator("select").all():
        label = select.evaluate("(s) => s.labels[0] && s.labels[0].textContent")
        assert label, "each picker has a label"


def test_without_javascript_the_written_pages_remain(contexts: Contexts, site: Site) -> None:
    """The planners stay hidden; the written comparisons and routes show as before."""
    context = contexts.browser.new_context(java_script_enabled=False, base_url=site.url)
    contexts.opened.append(context)
    page = context.new_page()
    page.goto(site(COMPARE))
    expect(page.locator('[data-hb-planner="compare"]')).to_be_hidden()
    expect(page.locator("article table.hb-compare").first).to_be_visible()
    page.goto(site(CAREERS))
    expect(page.locator('[data-hb-planner="route"]')).to_be_hidden()
    expect(page.locator("article h3", has_text="From ").first).to_be_visible()


# ---- Route --------------------------------------------------------------------------------------


def test_longest_route_from_an_entry_role(
    page: Page, site: Site, data: Data, handbook: Handbook
) -> None:
    count, start, goal = entry_routes(data, handbook)[0]
    assert count >= 2, "the longest route from an entry role has several moves"
    errors = watch_errors(page)
    page.goto(site(CAREERS))
    host = choose(page, "route", start, goal)
    expect(status(host)).to_contain_text(f"{count} moves")
    expect(host.locator(".hb-route").first.locator(".hb-planner__heading")).to_have_text(
        "Fewest moves"
    )
    hops = hops_of(handbook, start, goal)
    check_route(host, data, hops)
    # A second, quicker route shows only when one takes less typical time.
    quick = data.quickest(start, goal)
    assert quick is not None
    slowest = sum(m["typical_months"]["max"] for m in (move_between(data, *h) for h in hops))
    quickest = sum(m["typical_months"]["max"] for m in (move_between(data, *h) for h in quick))
    expect(host.locator(".hb-route")).to_have_count(2 if quickest < slowest else 1)
    assert query(page) == {"from": [start], "to": [goal]}
    assert not errors, errors


def test_every_route_from_an_entry_role_matches_the_build(
    page: Page, site: Site, data: Data, handbook: Handbook
) -> None:
    """For every role an entry role can aim at, the planner's fewest-moves route is the one the
    build's routes would show (graph.career_path), and an unreachable goal says why."""
    page.goto(site(CAREERS))
    host = planner(page, "route")
    lowest = min(r["level"]["rank"] for r in data.roles.values())
    pairs = [
        [s, g]
        for s in sorted(data.roles)
        if data.roles[s]["level"]["rank"] == lowest
        for g in sorted(data.roles)
        if g != s
    ]
    shown = host.evaluate(
        """(host, pairs) => {
          const [from, to] = host.querySelectorAll("select");
          return pairs.map(([a, b]) => {
            from.value = a; to.value = b;
            to.dispatchEvent(new Event("change", { bubbles: true }));
            const block = host.querySelector(".hb-route");
            if (!block) return { none: host.querySelector(".hb-planner__none").textContent };
            return { steps: [...block.querySelectorAll(".hb-route__head")].map((h) =>
              [...h.querySelectorAll("a")].map((a) => a.textContent)) };
          });
        }""",
        pairs,
    )
    for (start, goal), result in zip(pairs, shown, strict=True):
        steps = graph.career_path(handbook.roles, start, goal)
        if steps is None:
            assert "none" in result, (start, goal)
            continue
        expected = [[data.title(s.from_role), data.title(s.move.to or "")] for s in steps]
        assert result.get("steps") == expected, (start, goal)


def test_no_route_says_why(page: Page, site: Site, data: Data, handbook: Handbook) -> None:
    written = featured(handbook)
    errors = watch_errors(page)
    page.goto(site(CAREERS))
    host = planner(page, "route")
    none = host.locator(".hb-planner__none")
    # A goal no move leads into: it is filled from outside.
    closed = sorted(rid for rid, moves in data.incoming.items() if not moves)
    assert closed, "the default handbook has roles that people join from outside"
    goal = closed[-1]
    start = next(rid for rid in sorted(data.roles) if data.moves[rid] and rid != goal)
    choose(page, "route", start, goal)
    expect(none).to_have_text(f"No move leads into {data.title(goal)}; it is filled from outside.")
    expect(status(host)).to_have_text(f"No route from {data.title(start)} to {data.title(goal)}.")
    expect(host.locator(".hb-route")).to_have_count(0)
    # A goal other roles lead to, but not from this start.
    start, goal = next(
        (s, g)
        for s in sorted(data.roles)
        for g in sorted(data.roles)
        if s != g
        and (s, g) not in written
        and data.moves[s]
        and data.incoming[g]
        and g not in data.reachable(s)
    )
    choose(page, "route", start, goal)
    expect(none).to_contain_text(
        f"No chain of moves leads from {data.title(start)} to {data.title(goal)} in this handbook"
    )
    for source, _ in data.incoming[goal][:5]:
        expect(none).to_contain_text(data.title(source))
    # A start with no move to another role of the handbook.
    start = next(rid for rid in sorted(data.roles) if not data.moves[rid])
    goal = next(rid for rid in sorted(data.roles) if data.incoming[rid] and rid != start)
    choose(page, "route", start, goal)
    expect(none).to_contain_text(
        f"No move leads from {data.title(start)} to another role in this handbook"
    )
    assert not errors, errors


def test_the_quickest_route_shows_when_it_differs(
    contexts: Contexts, site: Site, data: Data
) -> None:
    """With a direct move made slower than a two-move route, both routes show, each right."""
    document = copy.deepcopy(data.document)
    slowed = Data(document)
    start, goal = next(
        (s, m["to"])
        for s in sorted(slowed.roles)
        for m in slowed.moves[s]
        if any(
            m2["to"] == m["to"] for middle in slowed.moves[s] for m2 in slowed.moves[middle["to"]]
        )
    )
    direct = move_between(slowed, start, goal)
    direct["typical_months"] = {"min": 200, "max": 240}
    quick = slowed.quickest(start, goal)
    assert quick is not None and len(quick) > 1
    page = contexts.page()

    def fulfil(route: Route) -> None:
        route.fulfill(json=document)

    page.route("**/roles.json", fulfil)
    page.goto(site(f"{CAREERS}?from={start}&to={goal}"))
    host = planner(page, "route")
    expect(host.locator(".hb-route")).to_have_count(2)
    expect(host.locator(".hb-route .hb-planner__heading")).to_have_text(
        ["Fewest moves", "Quickest by typical time"]
    )
    check_route(host, slowed, [(start, goal)], 0)
    check_route(host, slowed, quick, 1)
    expect(status(host)).to_contain_text(f"quicker by {len(quick)} moves")


# ---- The address -------------------------------------------------------------------------------


def test_the_address_keeps_the_choice(
    contexts: Contexts, site: Site, data: Data, handbook: Handbook
) -> None:
    a, b = pick_comparison(data, handbook)
    _, start, goal = entry_routes(data, handbook)[-1]
    for path, kind, keys, pair in (
        (COMPARE, "compare", ("a", "b"), (a, b)),
        (CAREERS, "route", ("from", "to"), (start, goal)),
    ):
        page = contexts.page()
        page.goto(site(path))
        host = choose(page, kind, *pair)
        assert query(page) == {keys[0]: [pair[0]], keys[1]: [pair[1]]}
        shown = host.locator(".hb-planner__result").inner_text()
        said = status(host).inner_text()
        assert shown.strip()
        page.reload()
        host = planner(page, kind)
        expect(host.locator("select").nth(0)).to_have_value(pair[0])
        expect(host.locator("select").nth(1)).to_have_value(pair[1])
        expect(status(host)).to_have_text(said)
        assert host.locator(".hb-planner__result").inner_text() == shown
        # The shared address, opened in another browser.
        shared = contexts.page()
        shared.goto(page.url)
        other = planner(shared, kind)
        expect(status(other)).to_have_text(said)
        assert other.locator(".hb-planner__result").inner_text() == shown
        # An id this handbook does not have is left out, with a note.
        shared.goto(site(f"{path}?{keys[0]}={pair[0]}&{keys[1]}=no-such-role"))
        other = planner(shared, kind)
        expect(other.locator(".hb-planner__note")).to_contain_text("“no-such-role”")
        expect(other.locator("select").nth(0)).to_have_value(pair[0])
        expect(other.locator("select").nth(1)).to_have_value("")
        assert query(shared) == {keys[0]: [pair[0]]}


# ---- Keyboard, phone, instant navigation, accessibility ----------------------------------------


def tab_to(page: Page, target: Locator, limit: int = 150) -> None:
    """Press Tab until `target` has the focus."""
    for _ in range(limit):
        if target.evaluate("(el) => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the element")


def test_the_planner_works_with_the_keyboard(page: Page, site: Site, data: Data) -> None:
    page.goto(site(COMPARE))
    host = planner(page, "compare")
    first, second = host.locator("select").all()
    tab_to(page, first)
    page.keyboard.press("ArrowDown")
    chosen_a = first.input_value()
    assert chosen_a in data.roles
    page.keyboard.press("Tab")  # the swap button
    expect(host.get_by_role("button", name="Swap the two roles")).to_be_focused()
    page.keyboard.press("Tab")
    expect(second).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen_b = second.input_value()
    assert chosen_b in data.roles and chosen_b != chosen_a
    expect(status(host)).to_contain_text(f"{data.title(chosen_a)} and {data.title(chosen_b)}")
    assert query(page) == {"a": [chosen_a], "b": [chosen_b]}
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert query(page) == {"a": [chosen_b], "b": [chosen_a]}
    # The comparison's box scrolls and can take the focus, so keyboard users can scroll it.
    expect(host.locator(".hb-table-scroll")).to_have_attribute("tabindex", "0")


NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_the_planner_fits_a_phone(
    contexts: Contexts,
    site: Site,
    data: Data,
    handbook: Handbook,
    screenshot_dir: Path,
    pytestconfig: pytest.Config,
) -> None:
    a, b = pick_comparison(data, handbook)
    _, start, goal = entry_routes(data, handbook)[0]
    for scheme in ("light", "dark"):
        page = contexts.page(PHONE, scheme)
        errors = watch_errors(page)
        for path, kind, pair in ((COMPARE, "compare", (a, b)), (CAREERS, "route", (start, goal))):
            page.goto(site(path))
            host = choose(page, kind, *pair)
            expect(host.locator(".hb-planner__result > *").first).to_be_visible()
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 390 px"
            box = host.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
            for select in host.locator("select").all():
                size = select.bounding_box()
                assert size is not None and size["x"] + size["width"] <= PHONE["width"]
            shot = screenshot_dir / f"planner-{kind}-phone-{scheme}.png"
            host.screenshot(path=str(shot))
            record_screenshot(pytestconfig, shot)
        assert not errors, errors


def roles_json_requests(page: Page) -> list[str]:
    seen: list[str] = []

    def on_request(request: Request) -> None:
        if urlparse(request.url).path.endswith("/roles.json"):
            seen.append(request.url)

    page.on("request", on_request)
    return seen


def test_reached_by_instant_navigation(
    page: Page, site: Site, data: Data, handbook: Handbook
) -> None:
    """From the home page to the planners by the navigation, without a reload: they work, the
    data is fetched once, and no script fails. A page without a planner fetches nothing."""
    errors = watch_errors(page)
    fetched = roles_json_requests(page)
    page.goto(site(""))
    page.wait_for_load_state("networkidle")
    assert fetched == [], "a page without a planner fetched roles.json"
    page.evaluate("window.__sameDocument = true")
    page.locator(f'nav.md-nav--primary a.md-nav__link[href$="{COMPARE}"]').first.click()
    expect_heading(page, "Compare roles")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    ids = sorted(data.roles)
    host = choose(page, "compare", ids[0], ids[-1])
    expect(status(host)).to_contain_text(f"{data.title(ids[0])} and {data.title(ids[-1])}")
    page.locator(f'nav.md-nav--primary a.md-nav__link[href$="{CAREERS}"]').first.click()
    expect_heading(page, "Career paths")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    _, start, goal = entry_routes(data, handbook)[0]
    host = choose(page, "route", start, goal)
    expect(host.locator(".hb-route").first).to_be_visible()
    assert len(fetched) == 1, f"roles.json fetched {len(fetched)} times"
    # Back through the route's two choices (each a history entry), then to the comparison:
    # the address still holds the pair.
    page.go_back()
    page.go_back()
    expect(planner(page, "route").locator("select").nth(0)).to_have_value("")
    page.go_back()
    expect_heading(page, "Compare roles")
    host = planner(page, "compare")
    expect(host.locator("select").nth(0)).to_have_value(ids[0])
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    assert not errors, errors


def describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    return (
        f"{violation['id']} ({violation['impact']}): {violation['help']} — {', '.join(targets[:3])}"
    )


def blocking(page: Page, rules: list[str] | None = None) -> list[str]:
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = AXE.run(page, options=options)
    return [describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]


def test_axe_finds_nothing_serious(page: Page, site: Site, data: Data, handbook: Handbook) -> None:
    a, b = pick_comparison(data, handbook)
    _, start, goal = entry_routes(data, handbook)[0]
    role_id = start
    checks: list[tuple[str, Any]] = [
        (COMPARE, lambda: choose(page, "compare", a, b)),
        (CAREERS, lambda: choose(page, "route", start, goal)),
        (role_url(data, role_id), lambda: open_checklist(page).locator("input").first.check()),
    ]
    for path, act in checks:
        page.goto(site(path))
        act()
        found = blocking(page)
        assert not found, f"{path}:\n" + "\n".join(found)
        switch_scheme(page, "slate")
        found = blocking(page, ["color-contrast", "link-in-text-block"])
        assert not found, f"{path} in the dark scheme:\n" + "\n".join(found)
        switch_scheme(page, "default")


# ---- How people get in -------------------------------------------------------------------------


def role_url(data: Data, role_id: str) -> str:
    return str(data.roles[role_id]["url"])


def test_every_role_page_shows_how_people_get_in(page: Page, site: Site, data: Data) -> None:
    for rid, role in data.roles.items():
        page.goto(site(role_url(data, rid)))
        heading = page.locator("article h2#how-people-get-here")
        expect(heading).to_be_visible()
        section = heading.locator("xpath=following-sibling::*[1]")
        incoming = data.incoming[rid]
        if not incoming:
            expect(section).to_have_text(
                f"No move in this handbook leads into the {role['title']}: "
                "people join it from outside."
            )
            continue
        items = section.locator("li")
        expect(items).to_have_count(len(incoming))
        texts = [words(t) for t in items.all_inner_texts()]
        for source, move in incoming:
            kind = "promotion" if move["kind"] == "promotion" else "lateral move"
            typical = phrases.months(
                ENGLISH, move["typical_months"]["min"], move["typical_months"]["max"]
            )
            line = f"{data.title(source)} — {kind}, typically after {typical}"
            if move["typical_months"].get("basis") == "own":
                line += " own figure"  # the organisation's own figure, marked as such
            assert line in texts, f"{rid}: {line!r} not in {texts}"
            link = section.get_by_role("link", name=data.title(source), exact=True)
            href = link.evaluate("(a) => a.href")
            assert href == site(role_url(data, source)), rid


# ---- "Am I ready?" checklists ------------------------------------------------------------------


def checklist_role(data: Data) -> tuple[str, str]:
    """A role with a next step whose checklist has skill gaps as well as requirements."""
    for rid in sorted(data.roles):
        for move in data.moves[rid]:
            if len(skill_gaps(data.roles[rid], data.roles[move["to"]])) >= 2:
                return rid, move["to"]
    raise AssertionError("no move with skill gaps")


def open_checklist(page: Page, key: str | None = None) -> Locator:
    """Open the details of a next step (the first, or the one of `key`); returns its checklist."""
    selector = f'[data-hb-ready="{key}"]' if key else "[data-hb-ready]"
    details = page.locator("details.hb-move__details").filter(has=page.locator(selector)).first
    ready = details.locator("[data-hb-ready]")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(ready).to_be_visible()
    return ready


def test_checklist_ticks_stay_in_this_browser(page: Page, site: Site, data: Data) -> None:
    rid, goal = checklist_role(data)
    key = f"{rid}--{goal}"
    errors = watch_errors(page)
    page.goto(site(role_url(data, rid)))
    page.wait_for_load_state("networkidle")
    ready = open_checklist(page, key)
    boxes = ready.locator("input[data-hb-item]")
    assert boxes.count() >= 3
    sent: list[str] = []

    def on_request(request: Request) -> None:
        # The browser fetches the page's icon when it likes; anything else would be ours.
        if not urlparse(request.url).path.endswith("/favicon.png"):
            sent.append(f"{request.method} {request.url}")

    page.on("request", on_request)
    boxes.nth(0).check()
    boxes.nth(2).check()
    items = [boxes.nth(i).get_attribute("data-hb-item") for i in (0, 2)]
    expect(ready.locator(".hb-ready__progress")).to_contain_text(f"2 of {boxes.count()} ticked")
    page.wait_for_timeout(300)
    assert sent == [], f"ticking sent requests: {sent}"
    stored = page.evaluate("(key) => localStorage.getItem(key)", f"hb-ready:{key}")
    assert json.loads(stored) == items
    # A reload: still ticked, and the checklist opens where the person left off.
    page.reload()
    ready = page.locator(f'[data-hb-ready="{key}"]')
    expect(ready).to_be_visible()
    boxes = ready.locator("input[data-hb-item]")
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).not_to_be_checked()
    expect(boxes.nth(2)).to_be_checked()
    # Away and back by instant navigation (to the next role, then back by its incoming list).
    page.evaluate("window.__sameDocument = true")
    page.locator("ol.hb-moves .hb-move__head").get_by_role(
        "link", name=data.title(goal), exact=True
    ).first.click()
    expect_heading(page, data.title(goal))
    page.locator("article h2#how-people-get-here + ul").get_by_role(
        "link", name=data.title(rid), exact=True
    ).click()
    expect_heading(page, data.title(rid))
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    ready = page.locator(f'[data-hb-ready="{key}"]')
    boxes = ready.locator("input[data-hb-item]")
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(2)).to_be_checked()
    # Printing shows the checklist the reader has open, with its ticks; the checklists left
    # closed print as their one-line move, so the printed card stays short.
    closed = page.locator("details.hb-move__details:not([open]) [data-hb-ready]")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(ready).to_be_visible()
    expect(boxes.nth(0)).to_be_checked()
    expect(ready.locator(".hb-ready__clear")).to_be_hidden()
    if page.locator("[data-hb-ready]").count() > 1:
        expect(closed.first).to_be_hidden()
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    # Clearing forgets them, and sends nothing either.
    sent.clear()
    ready.get_by_role("button", name="Clear my ticks").click()
    expect(boxes.nth(0)).not_to_be_checked()
    assert page.evaluate("(key) => localStorage.getItem(key)", f"hb-ready:{key}") is None
    page.wait_for_timeout(300)
    assert sent == [], f"clearing sent requests: {sent}"
    assert not errors, errors


# ---- Text from the data stays text -------------------------------------------------------------

HOSTILE = '<img src="x" onerror="window.__hacked = 1">Agent & "Q" </option><b>'


def test_text_from_the_data_is_never_markup(contexts: Contexts, site: Site, data: Data) -> None:
    """A title, a requirement and a skill name full of markup show as typed, in every view."""
    document = copy.deepcopy(data.document)
    hostile = Data(document)
    start, goal = next((s, m["to"]) for s in sorted(hostile.roles) for m in hostile.moves[s])
    hostile.roles[start]["title"] = HOSTILE
    move_between(hostile, start, goal)["requirements"] = HOSTILE
    hostile.roles[goal]["skills"][0]["name"] = HOSTILE
    page = contexts.page()
    errors = watch_errors(page)

    def fulfil(route: Route) -> None:
        route.fulfill(json=document)

    page.route("**/roles.json", fulfil)
    for path, kind in ((f"{COMPARE}?a={start}&b={goal}", "compare"), (CAREERS, "route")):
        page.goto(site(path))
        host = planner(page, kind)
        if kind == "route":
            choose(page, kind, start, goal)
        expect(host.locator(".hb-planner__result")).to_contain_text(HOSTILE)
        expect(host.locator("select option", has_text=HOSTILE)).to_have_count(2)
        assert host.locator("img, b").count() == 0
        assert page.evaluate("window.__hacked") is None
    assert not errors, errors
