"""Golden tests for the renderers: fixture data in, exact Markdown and HTML out.

Regenerate the expected files on purpose with:  UPDATE_GOLDEN=1 pytest tests/test_render.py
"""

from __future__ import annotations

import dataclasses
import html as html_module
import json
import os
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.audience import Audience, for_audience
from handbook.i18n import ENGLISH
from handbook.model import Handbook, Visibility
from handbook.render import (
    department,
    diagram,
    maps,
    markup,
    orgchart,
    phrases,
    role,
    salary,
    tables,
)
from handbook.render.context import Context, RenderError
from handbook.render.export import export_roles
from handbook.render.links import Links
from handbook.validation import BrokenRole, read_handbook
from tests.conftest import FIXTURES

GOLDEN = Path(__file__).parent / "golden"
PAGES = {
    "agent": "roles/operations/agent.md",
    "team-leader": "roles/operations/team-leader.md",
    "director": "roles/executive/director.md",
}


def load(name: str, audience: Audience = Audience.PUBLIC) -> Handbook:
    result = read_handbook(FIXTURES / name)
    assert result.handbook is not None, result.problems
    return for_audience(result.handbook, audience)


def context(name: str = "valid", page: str = "roles/operations/agent.md") -> Context:
    return Context(load(name), Links(page, PAGES), edit_base="https://example.org/edit/main/")


CASES: dict[str, Callable[[Context], str]] = {
    "role_page_agent.md": lambda c: role.role_page(c, "agent"),
    "role_page_director.md": lambda c: role.role_page(c, "director"),
    "org_chart.html": lambda c: orgchart.org_chart(c),
    "org_chart_operations.html": lambda c: orgchart.org_chart(c, "operations"),
    "org_chart_depth_1.html": lambda c: orgchart.org_chart(c, depth=1),
    "department_page_operations.md": lambda c: department.department_page(c, "operations"),
    "career_map.md": lambda c: maps.career_map(c),
    "levels.md": lambda c: tables.levels_table(c),
    "career_path.md": lambda c: tables.career_path(c, "agent", "director"),
    "compare_roles.md": lambda c: tables.compare_roles(c, "agent", "team-leader"),
    "skills_matrix.md": lambda c: tables.skills_matrix(c),
    "kpi_glossary.md": lambda c: tables.kpi_glossary(c),
    "role_index.md": lambda c: tables.role_index(c),
    "raci_matrix.md": lambda c: tables.raci_matrix(c),
    "salary_bands.md": lambda c: salary.salary_bands(c),
}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    check_golden(name, CASES[name](context()))


def test_a_department_page_lists_roles_with_problems_after_its_roles_as_links() -> None:
    # A role whose file has problems has a page saying what to fix: its department lists it,
    # last, with its title as written (escaped) and a link to that page.
    broken = {
        rid: BrokenRole(rid, title, "operations", f"roles_data/roles/{rid}.yml", ())
        for rid, title in [("qa-lead", "Quality <lead>"), ("coach", "Coach & mentor")]
    }
    pages = {
        **PAGES,
        "qa-lead": "roles/operations/qa-lead.md",
        "coach": "roles/operations/coach.md",
    }
    ctx = Context(load("valid"), Links("roles/operations/index.md", pages), broken=broken)
    page = department.department_page(ctx, "operations")
    rows = re.findall(
        r"<tr><td><a href=\"([^\"]+)\">([^<]*)</a></td><td>([^<]*)</td><td>(.*?)</td>", page
    )
    assert [(href, unescape(text)) for href, text, _, _ in rows] == [
        ("agent/", "Agent"),
        ("team-leader/", "Team Leader"),
        ("coach/", "Coach & mentor"),
        ("qa-lead/", "Quality <lead>"),
    ]
    assert [last for *_, last in rows[2:]] == ["<em>has problems to fix</em>"] * 2
    # The table is one HTML block, kept out of search: the page is found by its name only.
    table = next(line for line in page.splitlines() if "<table" in line)
    assert table.startswith("<div") and 'data-search-exclude="true"' in table


def test_golden_roles_json() -> None:
    handbook = load("valid")
    urls = {rid: f"roles/x/{rid}/" for rid in handbook.roles}
    exported = export_roles(handbook, Audience.PUBLIC, urls)
    assert exported.count("\n") == 1, "roles.json is written on one line"
    # Compared indented, so a change shows as a readable diff.
    shown = json.dumps(json.loads(exported), indent=2, ensure_ascii=False) + "\n"
    check_golden("roles.json", shown)


def test_golden_hostile_role_page() -> None:
    check_golden("role_page_hostile.md", role.role_page(context("hostile"), "agent"))


HOSTILE_TITLE = (
    'Agent </title><script>alert(1)</script> "Q" | [x](y) {{ end }} `tick` #1; second line'
)


@pytest.mark.parametrize(
    "render",
    [
        lambda c: role.role_page(c, "agent"),
        lambda c: role.role_page(c, "team-leader"),
        lambda c: orgchart.org_chart(c),
        lambda c: maps.career_map(c),
        lambda c: tables.levels_table(c),
        lambda c: tables.kpi_glossary(c),
        lambda c: tables.skills_matrix(c),
        lambda c: tables.compare_roles(c, "agent", "team-leader"),
        lambda c: tables.role_index(c),
        lambda c: tables.raci_matrix(c),
        lambda c: salary.salary_bands(c),
        lambda c: tables.career_path(c, "agent", "director"),
    ],
)
def test_hostile_text_is_never_markup(render: Callable[[Context], str]) -> None:
    out = render(context("hostile"))
    assert "<script" not in out and "<b>" not in out and "<i>" not in out
    assert "{{" not in out and "{%" not in out
    for line in out.splitlines():  # a table row keeps its column count: no raw '|' from data
        if line.startswith("| ") and "Agent" in line:
            assert "| [x]" not in line
    for text in re.findall(r"<text[^>]*>(.*?)</text>", out):  # diagram labels are escaped
        assert not set(text) & set('<>"'), text


def test_escaping_round_trips_through_the_browser_text() -> None:
    assert unescape(markup.md(HOSTILE_TITLE)) == HOSTILE_TITLE
    assert unescape(markup.html(HOSTILE_TITLE)) == HOSTILE_TITLE


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(" a&<>\"'{}\t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000é字"), max_size=12
    )
)
def test_html_text_is_escaped_and_its_white_space_made_single_spaces(text: str) -> None:
    # Text that needs no change is returned as it is (most text): anything else is changed.
    words = " ".join(text.split())
    expected = html_module.escape(words).replace("{", "&#123;").replace("}", "&#125;")
    assert markup.html(text) == expected
    assert unescape(markup.html(text)) == words


@pytest.mark.parametrize("start", ["- item", "1. item", "!!! note", "??? x", "+ y", "10) z"])
def test_data_never_starts_a_markdown_block(start: str) -> None:
    import markdown

    html = markdown.Markdown(extensions=["admonition", "pymdownx.details"]).convert(
        markup.paragraph(start + " text")
    )
    assert html.startswith("<p>") and "<li>" not in html and "admonition" not in html
    assert unescape(html[3:-4]) == start + " text"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Team Leader", ["Team Leader"]),
        ("Workforce Management Analyst", ["Workforce", "Management Analyst"]),
        ("A" * 40, ["A" * 18 + "-", "A" * 18 + "-", "A" * 4]),
        ("one two three four five six seven eight nine ten eleven twelve", None),
    ],
)
def test_diagram_titles_wrap_into_at_most_three_lines(text: str, lines: list[str] | None) -> None:
    wrapped = diagram.wrap(text)
    assert len(wrapped) <= diagram.MAX_LINES
    assert all(len(line) <= diagram.CHARS_PER_LINE for line in wrapped)
    if lines is not None:
        assert wrapped == lines
    else:
        assert wrapped[-1].endswith("…")


def test_unknown_ids_suggest_the_closest() -> None:
    ctx = context()
    with pytest.raises(
        RenderError, match=r"unknown role 'team-leadr' \(did you mean 'team-leader'\?\)"
    ):
        role.role_page(ctx, "team-leadr")
    with pytest.raises(RenderError, match=r"unknown department 'operation' \(did you mean"):
        orgchart.org_chart(ctx, "operation")
    with pytest.raises(RenderError, match="no role given"):
        role.role_page(ctx, None)


def test_career_path_without_a_route_says_so() -> None:
    with pytest.raises(RenderError, match="no route of moves leads from 'director' to 'agent'"):
        tables.career_path(context(), "director", "agent")


def test_internal_salary_only_for_the_internal_audience() -> None:
    result = read_handbook(FIXTURES / "valid")
    assert result.handbook is not None
    original = result.handbook.roles["team-leader"]
    assert original.salary is not None
    internal_salary = original.salary.model_copy(update={"visibility": Visibility.INTERNAL})
    roles = dict(result.handbook.roles)
    roles["team-leader"] = original.model_copy(update={"salary": internal_salary})
    handbook = dataclasses.replace(result.handbook, roles=roles)
    public = Context(for_audience(handbook, Audience.PUBLIC), Links("x.md", PAGES))
    internal = Context(for_audience(handbook, Audience.INTERNAL), Links("x.md", PAGES))
    assert "38,000" not in role.role_page(public, "team-leader")
    assert "38,000" not in salary.salary_bands(public)
    assert "38000" not in export_roles(public.handbook, Audience.PUBLIC, {})
    assert "USD 38,000–44,000 per year (internal)" in role.role_page(internal, "team-leader")


def test_links_between_pages() -> None:
    links = Links("roles/operations/team-leader.md", {**PAGES, "home": "index.md"})
    assert links.doc(PAGES["agent"]) == "agent.md"
    assert links.doc(PAGES["director"], "skills") == "../executive/director.md#skills"
    assert links.url("agent") == "../agent/"
    assert links.url("director") == "../../executive/director/"
    assert links.url("home") == "../../../"
    flat = Links("roles/operations/team-leader.md", PAGES, directory_urls=False)
    assert flat.url("director") == "../executive/director.html"


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [(12, 24, "1–2 years"), (6, 18, "6–18 months"), (12, 12, "1 year"), (48, 102, "4–8.5 years")],
)
def test_months(low: int, high: int, text: str) -> None:
    assert phrases.months(ENGLISH, low, high) == text


def test_search_boost_favours_the_role_whose_name_is_part_of_a_longer_one(data: Path) -> None:
    from handbook.relations import ROLE_PAGE_BOOST, relate

    leader = data / "roles" / "team-leader.yml"
    leader.write_text(leader.read_text().replace("aliases: [Team Lead]", "aliases: [Senior CSR]"))
    result = read_handbook(data)
    assert result.ok, result.problems
    boosts = relate(result.handbook).boosts
    # "CSR" (agent) is a word-for-word part of "Senior CSR" (team leader): the agent ranks first.
    assert boosts == {
        "agent": ROLE_PAGE_BOOST + 1,
        "team-leader": ROLE_PAGE_BOOST,
        "director": ROLE_PAGE_BOOST,
    }


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (36_750, [0, 10_000, 20_000, 30_000, 40_000]),
        (6_300_000, [0, 2_000_000, 4_000_000, 6_000_000, 8_000_000]),
        (1.05e12, [0, 2.5e11, 5e11, 7.5e11, 1e12, 1.25e12]),
        (42.0, [0, 10, 20, 30, 40, 50]),
        (0.0, [0, 1]),
    ],
)
def test_salary_axis_has_round_ticks_for_any_amount(top: float, ticks: list[float]) -> None:
    assert salary.nice_ticks(top) == ticks
    assert [salary.compact(t) for t in salary.nice_ticks(6_300_000)] == [
        "0", "2M", "4M", "6M", "8M",
    ]  # fmt: skip


def test_salary_chart_keeps_currencies_and_periods_apart_and_shows_open_bands(
    data: Path,
) -> None:
    roles = data / "roles"
    for name, band in (
        ("agent.yml", "  min: 4000000\n  max: 6000000\n  currency: JPY\n"),
        ("team-leader.yml", "  min: 21\n  max: 28\n  period: hour\n"),
        ("director.yml", "  min: 100000\n  open_ended: true\n"),
    ):
        text = (roles / name).read_text()
        text = re.sub(r"salary:\n(?:  .*\n)+", "", text)
        (roles / name).write_text(text + "salary:\n" + band + "  source: Test.\n")
    result = read_handbook(data)
    assert result.ok, result.problems
    ctx = Context(result.handbook, Links("reference/salaries.md", PAGES))
    out = salary.salary_bands(ctx)
    headings = re.findall(r"^## (.+)$", out, re.MULTILINE)
    assert headings == ["JPY per year", "USD per year", "USD per hour"]
    assert "JPY 4,000,000–6,000,000" in out and ">2M</span>" in out
    assert "USD 21–28" in out and ">30</span>" in out
    assert "USD 100,000 or more" in out and "hb-band__bar--open" in out
