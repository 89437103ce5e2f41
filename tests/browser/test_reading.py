"""Charts, tables and controls that read right at every width, in Chromium (issue 20).

Each test is one thing a reader tried: the salary chart's bars against its axis, the skills
matrix and the comparison of two roles on a desktop and a phone, the keyboard's focus, the
light/dark toggle, a search result opened, the planner's choices in the browser's history and
a printed card's footer. Expectations come from the published roles.json, and the layout
tests run on the example handbook and on another organisation's (tests/orggen.py), built with
a published address.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from handbook.model import Handbook, Visibility
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    Contexts,
    Site,
    _QuietHandler,
    _Server,
    built_and_served,
    contrast_ratio,
    expect_heading,
    open_page,
    over,
    parse_color,
    record_screenshot,
    role_path,
    search,
    watch_errors,
)
from tests.orggen import generate
from tests.site import ROOT, build, make_project, mkdocs_env
from tests.test_content import _readme_steps

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
TOLERANCE = 1.5  # px: the issue asks for 1–2 px
PUBLISHED = "https://handbook.example.org/hokuto/"
SALARIES = "reference/salaries/"
SKILLS = "reference/skills/"
COMPARE = "careers/compare/"


# ---- Another organisation's handbook, built for a published address and served here ----------


@dataclass(frozen=True)
class Published:
    site: Site
    roles: dict[str, Any]  # roles.json


def roles_json(site: Site) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site.root / "roles.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    """tests/orggen.py's organisation (120 roles), built with HANDBOOK_SITE_URL set to a public
    address, as CI builds for GitHub Pages, and served on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("reading-other")
    org = generate(tmp / "data", 120)
    project = make_project(tmp / "project", data=org.root)
    root = tmp / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HANDBOOK_SITE_URL", PUBLISHED)
        result = build(project, root, data=project / "roles_data")
    assert result.code == 0, result.log
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        site = Site(f"http://127.0.0.1:{server.server_address[1]}/", root)
        yield Published(site, roles_json(site))
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def handbooks(site: Site, other: Published) -> list[tuple[str, Site]]:
    return [("example", site), ("other", other.site)]


_PAGE_BOX = """(el) => {
  const r = el.getBoundingClientRect();
  return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
}"""


def shoot(page: Page, element: Locator, target: Path, config: pytest.Config) -> None:
    """A screenshot of `element` and a margin around it, cut from the whole page (so that
    Material's sticky header, drawn at the top of the page, does not cover it)."""
    box = element.evaluate(_PAGE_BOX)
    width = page.evaluate("document.documentElement.scrollWidth")
    x = max(0.0, box["x"] - 8)
    clip = {
        "x": x,
        "y": max(0.0, box["y"] - 8),
        "width": min(width - x, box["width"] + 16),
        "height": box["height"] + 16,
    }
    page.screenshot(path=str(target), full_page=True, clip=clip, animations="disabled")
    record_screenshot(config, target)


NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


# ---- Salary bands: bars meet their axis values --------------------------------------------------

_CHARTS = """() => [...document.querySelectorAll("figure.hb-bands")].map((figure) => ({
  ticks: [...figure.querySelectorAll(".hb-band__tick")].map((tick) => {
    const r = tick.getBoundingClientRect();
    return { text: tick.textContent.trim(), x: r.left + r.width / 2 };
  }),
  rows: [...figure.querySelectorAll("li.hb-band")].map((row) => {
    const r = row.querySelector(".hb-band__bar").getBoundingClientRect();
    return {
      href: row.querySelector(".hb-band__role a").href,
      left: r.left,
      right: r.right,
      open: row.querySelector(".hb-band__bar--open") !== null,
    };
  }),
}))"""

_SUFFIX = {"": 1, "K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def tick_value(text: str) -> float:
    """A tick label's amount: '0', '25K', '2.5M', '1T'."""
    match = re.fullmatch(r"([\d.]+)([KMBT]?)", text)
    assert match, f"cannot read the tick label {text!r}"
    return float(match[1]) * _SUFFIX[match[2]]


def misplaced_bars(page: Page, site: Site, roles: dict[str, Any]) -> tuple[int, list[str]]:
    """The bars measured, and those whose ends lie more than TOLERANCE px from where the
    chart's own ticks put their amounts (and ticks off their even spacing)."""
    by_url = {site(role["url"]): role for role in roles["roles"]}
    wrong: list[str] = []
    measured = 0
    charts = page.evaluate(_CHARTS)
    assert charts, "no salary chart"
    for chart in charts:
        ticks = [(tick_value(t["text"]), t["x"]) for t in chart["ticks"]]
        (v0, x0), (vn, xn) = ticks[0], ticks[-1]
        scale = (xn - x0) / (vn - v0)

        def at(amount: float, x0: float = x0, v0: float = v0, scale: float = scale) -> float:
            return x0 + (amount - v0) * scale

        for value, x in ticks:
            if abs(x - at(value)) > TOLERANCE:
                wrong.append(f"tick {value:g} at {x:.1f}px, not {at(value):.1f}px")
        for row in chart["rows"]:
            salary = by_url[row["href"]]["salary"]
            title = by_url[row["href"]]["title"]
            measured += 1
            if abs(row["left"] - at(salary["min"])) > TOLERANCE:
                wrong.append(
                    f"{title}: bar starts at {row['left']:.1f}px, {salary['min']:g} is at "
                    f"{at(salary['min']):.1f}px"
                )
            top = vn if row["open"] else salary["max"]
            # A very narrow band is drawn 0.6% wide, so that it shows: its right end is not its top.
            if top - salary["min"] > 0.01 * vn and abs(row["right"] - at(top)) > TOLERANCE:
                wrong.append(
                    f"{title}: bar ends at {row['right']:.1f}px, {top:g} is at {at(top):.1f}px"
                )
    return measured, wrong


@pytest.mark.parametrize("width", WIDTHS)
def test_salary_bars_meet_their_axis_values(
    contexts: Contexts,
    site: Site,
    other: Published,
    width: str,
    screenshot_dir: Path,
    pytestconfig: pytest.Config,
) -> None:
    """Each bar's ends lie on the axis where the chart's ticks put its band's figures, within
    1.5 px, at 1280 and 390 px: the example handbook and another organisation's."""
    for name, served in handbooks(site, other):
        page = contexts.page(WIDTHS[width])
        open_page(page, served, SALARIES)
        roles = other.roles if served is other.site else roles_json(served)
        measured, wrong = misplaced_bars(page, served, roles)
        assert measured >= 2, f"{name}: {measured} bars"
        assert wrong == [], f"{name} at {width}: " + "; ".join(wrong)
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name}: the page scrolls sideways"
        shot = screenshot_dir / f"reading-salaries-{name}-{width}.png"
        shoot(page, page.locator("figure.hb-bands").first, shot, pytestconfig)


# ---- Skills matrix: every role of a department without scrolling sideways -----------------------

_MATRICES = """() => [...document.querySelectorAll("table.hb-matrix")].map((table) => {
  const box = table.closest(".hb-table-scroll");
  const heads = [...table.tHead.rows[0].cells].slice(1);
  return {
    department: table.closest(".hb-table-scroll").getAttribute("aria-label"),
    roles: heads.map((th) => th.querySelector("a").href),
    overflow: box.scrollWidth - box.clientWidth,
    right: table.getBoundingClientRect().right,
    boxRight: box.getBoundingClientRect().right,
    titles: heads.map((th) => {
      const r = th.querySelector("a").getBoundingClientRect();
      const c = th.getBoundingClientRect();
      return r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.height > 0;
    }),
  };
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_skills_matrix_shows_every_role_without_scrolling_sideways(
    contexts: Contexts,
    site: Site,
    other: Published,
    width: str,
    screenshot_dir: Path,
    pytestconfig: pytest.Config,
) -> None:
    """On the skills page, each department's tables together name each of its roles that needs
    a skill once, junior first, and no table is wider than its box: at 1280 px and at 390 px,
    for the example handbook and another organisation's 120 roles in six scripts."""
    for name, served in handbooks(site, other):
        roles = other.roles if served is other.site else roles_json(served)
        page = contexts.page(WIDTHS[width])
        open_page(page, served, SKILLS)
        tables = page.evaluate(_MATRICES)
        shown: list[str] = [href for table in tables for href in table["roles"]]
        by_id = roles_by_id(roles)
        expected = [
            served(by_id[rid]["url"])
            for dept in roles["departments"]
            for rid in dept["roles"]
            if by_id[rid]["skills"]
        ]
        assert shown == expected, f"{name}: the matrices do not show each role once, in order"
        for table in tables:
            where = f"{name} at {width}, {table['department']}"
            assert table["overflow"] <= 0, f"{where}: {table['overflow']} px to scroll sideways"
            assert table["right"] <= table["boxRight"] + 0.5, where
            assert all(table["titles"]), f"{where}: a role's title sticks out of its column"
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name}: the page scrolls sideways"
        largest = max(range(len(tables)), key=lambda i: len(tables[i]["roles"]))
        matrix = page.locator(".hb-table-scroll:has(> table.hb-matrix)").nth(largest)
        shoot(page, matrix, screenshot_dir / f"reading-skills-{name}-{width}.png", pytestconfig)


def roles_by_id(roles: dict[str, Any]) -> dict[str, Any]:
    return {role["id"]: role for role in roles["roles"]}


# ---- Two roles compared: stacked rows on a phone -----------------------------------------------

_COMPARISONS = """() => [...document.querySelectorAll("table.hb-compare")].map((table) => {
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
  };
  const box = table.closest(".hb-table-scroll");
  return {
    overflow: box.scrollWidth - box.clientWidth,
    table: rect(table),
    heads: [...table.tHead.rows[0].querySelectorAll("th")].map(rect),
    rows: [...table.tBodies[0].rows]
      .filter((tr) => tr.getClientRects().length)
      .map((tr) => ({ label: rect(tr.cells[0]), values: [...tr.cells].slice(1).map(rect) })),
  };
})"""


def layout_problems(tables: list[dict[str, Any]], screen: int, stacked: bool) -> list[str]:
    """What keeps the comparisons from reading at `screen` px: anything past the screen's
    edge or to scroll; with `stacked`, a label not above its values, the two values not side
    by side under the two roles' names."""
    found: list[str] = []
    assert tables, "no comparison"
    for n, table in enumerate(tables):
        if table["overflow"] > 0 or table["table"]["right"] > screen:
            found.append(f"table {n}: {table['overflow']} px to scroll, ends at {table['table']}")
        heads = table["heads"]
        assert len(heads) == 2 and table["rows"], f"table {n} is not two roles compared"
        for i, row in enumerate(table["rows"]):
            label, values = row["label"], row["values"]
            where = f"table {n}, row {i}"
            if any(v["right"] > screen + 0.5 or v["left"] < -0.5 for v in values):
                found.append(f"{where}: a value runs off the screen")
            for value, head in zip(values, heads, strict=True):
                if abs(value["left"] - head["left"]) > TOLERANCE:
                    found.append(f"{where}: a value is not under its role's name")
            if stacked:
                if label["bottom"] > min(v["top"] for v in values) + 0.5:
                    found.append(f"{where}: the label is not above the values")
                if abs(values[0]["top"] - values[1]["top"]) > 0.5:
                    found.append(f"{where}: the two values are not side by side")
            elif label["right"] > values[0]["left"] + 0.5:
                found.append(f"{where}: the label is not left of the values")
    return found


def two_roles(roles: dict[str, Any]) -> tuple[str, str]:
    """Two roles of different departments with the most rows to compare."""
    ranked = sorted(
        roles["roles"],
        key=lambda r: -(len(r["skills"]) + len(r["kpis"]) + len(r["responsibilities"])),
    )
    first = ranked[0]
    second = next(r for r in ranked if r["department"]["id"] != first["department"]["id"])
    return first["id"], second["id"]


def test_two_roles_compared_read_on_a_phone(
    contexts: Contexts, site: Site, screenshot_dir: Path, pytestconfig: pytest.Config
) -> None:
    """The written comparisons and the planner's: side by side at 1280 px; at 390 px each
    row's label above the two roles' values, which sit side by side under the roles' names,
    nothing past the screen's edge and nothing to swipe. The rows stay a table's rows."""
    roles = roles_json(site)
    a, b = two_roles(roles)
    for width, viewport in WIDTHS.items():
        page = contexts.page(viewport)
        errors = watch_errors(page)
        page.goto(site(f"{COMPARE}?a={a}&b={b}"))
        planner = page.locator('[data-hb-planner="compare"]')
        expect(planner.locator("table.hb-compare")).to_be_visible()
        stacked = width == "phone"
        tables = page.evaluate(_COMPARISONS)
        assert len(tables) >= 2, "the planner's comparison and a written one"
        assert layout_problems(tables, viewport["width"], stacked) == [], width
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the page scrolls sideways at {width}"
        written = page.locator("article .hb-table-scroll:has(> table.hb-compare)").last
        rows = written.locator("tbody tr")
        expect(written.get_by_role("rowheader")).to_have_count(rows.count())
        expect(written.get_by_role("columnheader")).to_have_count(2)
        # "Show only what differs" still hides the same rows.
        planner.get_by_label("Show only what differs").check()
        tables = page.evaluate(_COMPARISONS)
        assert layout_problems(tables, viewport["width"], stacked) == [], f"{width}, differs"
        for kind, element in (
            ("planner", planner.locator(".hb-table-scroll")),
            ("written", written),
        ):
            shot = screenshot_dir / f"reading-compare-{kind}-{width}.png"
            shoot(page, element, shot, pytestconfig)
        assert not errors, errors


# ---- Keyboard focus ----------------------------------------------------------------------------

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's palette toggle is a hidden radio button: its label shows the focus.
  const shown = el.matches("input.md-option") ? el.nextElementSibling : el;
  const s = getComputedStyle(shown);
  const r = shown.getBoundingClientRect();
  return {
    what: `${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ""}.${el.className}`,
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 40),
    control: el.matches("input, select, button, summary, [tabindex]:not(a), input.md-option"),
    inArticle: Boolean(el.closest("article")) || el.matches("input.md-option"),
    style: s.outlineStyle,
    width: parseFloat(s.outlineWidth),
    color: s.outlineColor,
    size: r.width * r.height,
  };
}"""


def focus_problems(page: Page, presses: int) -> tuple[set[str], list[str]]:
    """Tab `presses` times; the kinds of control reached in the page's content (and the
    palette toggle), and those that showed no focus ring of at least 2 px and 3:1 against
    the page (or the browser's own ring, outline-style auto)."""
    background = parse_color(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    reached: set[str] = set()
    wrong: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if not focused or not focused["inArticle"] or not focused["control"]:
            continue
        reached.add(focused["what"].split(".")[0])
        described = f"{focused['what']} {focused['text']!r}"
        if focused["style"] == "auto":
            continue
        if focused["style"] == "none" or focused["width"] < 2 or focused["size"] == 0:
            wrong.append(f"{described}: outline {focused['style']} {focused['width']}px")
            continue
        ring = over(parse_color(focused["color"]), background)
        if contrast_ratio(ring, over(background, (255.0, 255.0, 255.0, 1.0))) < 3:
            wrong.append(f"{described}: the ring {focused['color']} is too faint")
    return reached, wrong


def test_every_control_shows_keyboard_focus(contexts: Contexts, site: Site) -> None:
    """Tabbing through a role page (its "am I ready?" checklists open) and the compare page
    (two roles chosen), in light and dark: every checkbox, picker, button, folded section and
    scrolling box shows a visible focus ring (outline-style not none, 2 px or more, 3:1)."""
    roles = roles_json(site)
    busiest = max(roles["roles"], key=lambda r: len(r["progression"]))
    a, b = two_roles(roles)
    for scheme in ("light", "dark"):
        page = contexts.page(DESKTOP, scheme)
        open_page(page, site, busiest["url"])
        page.evaluate("document.querySelectorAll('article details').forEach((d) => d.open = true)")
        reached, wrong = focus_problems(page, 250)
        assert wrong == [], f"role page, {scheme}: " + "; ".join(wrong)
        assert {"input[checkbox]", "summary", "input[radio]"} <= reached, reached
        page.goto(site(f"{COMPARE}?a={a}&b={b}"))
        expect(page.locator("table.hb-planner__table")).to_be_visible()
        reached, wrong = focus_problems(page, 120)
        assert wrong == [], f"compare page, {scheme}: " + "; ".join(wrong)
        assert {"select[select-one]", "button[button]", "input[checkbox]", "div"} <= reached, (
            reached
        )


# ---- The light/dark toggle -----------------------------------------------------------------------


def scheme(page: Page) -> str | None:
    return page.locator("body").get_attribute("data-md-color-scheme")


def toggle(page: Page) -> None:
    page.locator("form[data-md-component=palette] label:not([hidden])").click()


def test_dark_mode_is_one_click_away_and_a_first_visit_follows_the_system(
    contexts: Contexts, site: Site
) -> None:
    """A first visit shows the system's scheme; one click switches to the other, the next
    click back, and the choice holds on the next page."""
    for system, first, other in (("light", "default", "slate"), ("dark", "slate", "default")):
        page = contexts.page(DESKTOP, system)  # type: ignore[arg-type]
        open_page(page, site, "")
        assert scheme(page) == first, f"a {system} system"
        toggle(page)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", other)
        open_page(page, site, SKILLS)
        assert scheme(page) == other, "the choice did not hold on the next page"
        toggle(page)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", first)


# ---- A search result opened ----------------------------------------------------------------------


def test_a_search_result_opens_without_painting_the_words_searched(page: Page, site: Site) -> None:
    """Search "call center agent" and open the first result: the page shows exactly the marks
    it has when opened directly (none added on the words searched), and its address no query."""
    words = ["call", "center", "agent"]
    open_page(page, site, "")
    hits = search(page, site, " ".join(words))
    assert hits, "no result"
    page.locator(".md-search-result__list a.md-search-result__link").first.click()
    content = page.locator(".md-content article")  # (Material's results are <article>s too)
    expect(content.locator("h1")).to_have_text(re.compile(rf"^\s*{re.escape(hits[0].title)}"))
    expect(page).to_have_url(re.compile(re.escape(site(hits[0].path))))
    page.wait_for_timeout(300)
    text = content.inner_text().casefold()
    assert any(word in text for word in words), "the page does not hold the words searched"
    assert "h=" not in page.url.partition("?")[2], page.url
    marks = content.locator("mark").count()
    highlighted = content.locator("[data-md-highlight]").count()
    page.goto(site(hits[0].path))
    assert highlighted == 0
    assert content.locator("mark").count() == marks


# ---- The planner's choices in the browser's history --------------------------------------------


def pickers(page: Page) -> list[str]:
    selects = page.locator('[data-hb-planner="compare"] select')
    expect(selects).to_have_count(2)
    return [selects.nth(0).input_value(), selects.nth(1).input_value()]


def test_planner_choices_are_history_entries_with_clean_addresses(page: Page, site: Site) -> None:
    """Each choice in the compare planner is a step in the browser's history: Back and Forward
    go through them in the page itself, the address naming the pair and no section, and Back
    past the first choice leaves for the page before. Scrolling past the headings adds no
    #section to the address."""
    roles = roles_json(site)
    a, b = two_roles(roles)
    errors = watch_errors(page)
    open_page(page, site, "")
    page.evaluate("window.__sameDocument = true")
    page.locator(f'nav.md-nav--primary a.md-nav__link[href$="{COMPARE}"]').first.click()
    expect_heading(page, "Compare roles")
    select = page.locator('[data-hb-planner="compare"] select')
    select.nth(0).select_option(a)
    select.nth(1).select_option(b)
    page.get_by_role("button", name="Swap the two roles").click()
    assert pickers(page) == [b, a]
    for _ in range(8):  # past the page's headings: the address names no section
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(250)
        assert page.url == site(f"{COMPARE}?a={b}&b={a}"), page.url
    for expected, address in (
        ([a, b], f"?a={a}&b={b}"),
        ([a, ""], f"?a={a}"),
        (["", ""], ""),
    ):
        page.go_back()
        expect(page).to_have_url(site(COMPARE + address))
        assert pickers(page) == expected
        expect(page.locator('[data-hb-planner="compare"] .hb-planner__status')).not_to_be_empty()
    page.go_forward()
    expect(page).to_have_url(site(f"{COMPARE}?a={a}"))
    assert pickers(page) == [a, ""]
    page.go_back()
    page.go_back()
    expect(page).to_have_url(site(""))
    assert page.evaluate("window.__sameDocument === true"), "a page was reloaded"
    assert not errors, errors


# ---- A printed card's footer -------------------------------------------------------------------


def footer(page: Page) -> str:
    page.emulate_media(media="print")
    source = page.locator(".hb-print-source")
    expect(source).to_be_visible()
    return " ".join(source.inner_text().split())


def test_a_printed_card_names_the_published_address_or_none(
    page: Page, site: Site, other: Published, handbook: Handbook
) -> None:
    """A build for a published address prints that address; a local build (the browser
    suite's, on 127.0.0.1) prints the handbook's name and date and no address."""
    path = role_path(handbook, next(iter(handbook.roles)))
    open_page(page, site, path)
    text = footer(page)
    assert re.fullmatch(
        rf"{re.escape(handbook.settings.organisation)} handbook · built \w+ \d{{1,2}}, \d{{4}}",
        text,
    ), text
    role = other.roles["roles"][0]
    open_page(page, other.site, role["url"])
    text = footer(page)
    assert f" · {PUBLISHED}{role['url']} · built " in text, text
    assert "127.0.0.1" not in text


# ---- Own figures in the planner -----------------------------------------------------------------


def _own_pay(role: dict[str, Any]) -> bool:
    return bool(role.get("salary")) and role["salary"]["basis"] == "own"


def test_the_planner_marks_own_figures_and_explains_the_mark_once(page: Page, site: Site) -> None:
    """roles.json says which bands, KPI targets and typical times the organisation set itself:
    the compare and route planners mark each where they show it ("own figure"), leave sourced
    ones unmarked, and explain the mark once under the view."""
    roles = roles_json(site)
    by_id = roles_by_id(roles)
    own_role = next(r for r in roles["roles"] if _own_pay(r) and r.get("url"))
    sourced = next(r for r in roles["roles"] if r.get("salary") and not _own_pay(r))
    errors = watch_errors(page)
    page.goto(site(f"{COMPARE}?a={own_role['id']}&b={sourced['id']}"))
    planner = page.locator('[data-hb-planner="compare"]')
    pay = planner.locator("tr", has=page.locator("th", has_text=re.compile(r"^Pay"))).first
    expect(pay).to_be_visible()
    cells = pay.locator("td")
    expect(cells.nth(0).locator(".hb-own")).to_have_text("own figure")
    expect(cells.nth(1).locator(".hb-own")).to_have_count(0)
    # Each own KPI target of the two roles is marked in its cell.
    own_targets = sum(
        1 for r in (own_role, sourced) for k in r["kpis"] if k.get("target") and k["basis"] == "own"
    )
    table = planner.locator("table.hb-planner__table")
    kpi_marks = table.locator("tr", has=page.locator("th", has_text="KPI:")).locator(".hb-own")
    expect(kpi_marks).to_have_count(own_targets)
    notes = planner.locator(".hb-own-note")
    expect(notes).to_have_count(1)
    expect(notes).to_contain_text(f"set by {roles['organisation']} itself")

    # A move whose typical time is the organisation's own, as a route of one move.
    start, move = next(
        (r, m)
        for r in roles["roles"]
        for m in r.get("progression", [])
        if m.get("to") in by_id and m["typical_months"]["basis"] == "own"
    )
    page.goto(site(f"careers/?from={start['id']}&to={move['to']}"))
    route = page.locator('[data-hb-planner="route"]')
    step = route.locator(".hb-route__step").first
    expect(step.locator(".hb-route__head .hb-own")).to_have_text("own figure")
    total = route.locator(".hb-route__total").first
    expect(total.locator(".hb-own").first).to_be_visible()
    goal = by_id[move["to"]]
    pay_marks = step.locator(".hb-route__facts li", has_text="Pay:").locator(".hb-own")
    expect(pay_marks).to_have_count(1 if _own_pay(goal) else 0)
    expect(route.locator(".hb-own-note")).to_have_count(1)
    assert not errors, errors


# ---- Every role page: its pay, and its own figures marked where they are shown ---------------


def _pay_text(role: dict[str, Any]) -> str:
    """A role's band as its page writes it: 'USD 32,000–35,000 per year'."""
    salary = role["salary"]
    top = " or more" if salary.get("max") is None else f"–{salary['max']:,}"
    return f"{salary['currency']} {salary['min']:,}{top} per {salary['period']}"


def test_every_role_page_shows_its_pay_and_marks_its_own_figures(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Each role of the example has a band, shown at the top of its page (the public edition
    says "no band published" only for a band kept for the internal one); a band, KPI target or
    typical time the organisation set itself carries a visible "own figure" mark where it is
    shown, explained in a visible line; and no move to a higher level is called lateral."""
    roles = roles_json(site)
    by_id = roles_by_id(roles)
    marked_pages = 0
    for role in roles["roles"]:
        where = role["title"]
        assert handbook.roles[role["id"]].salary is not None, f"{where} has no band"
        open_page(page, site, role["url"])
        pay = page.locator(".hb-facts div", has=page.locator("dt", has_text="Pay")).locator("dd")
        if not role.get("salary"):  # kept for the internal edition
            band = handbook.roles[role["id"]].salary
            assert band is not None and band.visibility is Visibility.INTERNAL, where
            expect(pay).to_have_text("no band published")
        else:
            expect(pay).to_contain_text(_pay_text(role))
        own_pay = bool(role.get("salary")) and role["salary"]["basis"] == "own"
        expect(pay.locator(".hb-own")).to_have_count(1 if own_pay else 0)
        own_targets = sum(1 for k in role["kpis"] if k.get("target") and k["basis"] == "own")
        expect(page.locator(".hb-kpis .hb-own")).to_have_count(own_targets)
        moves = [m for m in role.get("progression", []) if m.get("to") in by_id]
        own_times = sum(
            1 for m in role.get("progression", []) if m["typical_months"]["basis"] == "own"
        )
        heads = page.locator(".hb-moves .hb-move__head")
        expect(heads.locator(".hb-own")).to_have_count(own_times)
        for mark in page.locator(
            ".hb-facts .hb-own, .hb-kpis .hb-own, .hb-move__head .hb-own"
        ).all():
            expect(mark).to_be_visible()
        if own_pay or own_targets or own_times:
            marked_pages += 1
            expect(page.locator("article .hb-own-note").first).to_be_visible()
        for move in moves:
            head = heads.filter(has=page.locator(f'a[href$="{by_id[move["to"]]["url"]}"]'))
            kind = head.locator(".hb-move__kind").first.text_content() or ""
            if by_id[move["to"]]["level"]["rank"] > role["level"]["rank"]:
                assert "lateral" not in kind.casefold(), f"{where} → {move['title']}: {kind}"
    assert marked_pages, "no role page shows an own figure"


# ---- A new handbook, started as the README says: one role, sentences that agree ---------------


def test_a_handbook_started_as_the_readme_says_reads_right_with_one_role(
    contexts: Contexts, tmp_path: Path
) -> None:
    """The README's "Start your own handbook" steps, run as written in a copy of the project,
    give a handbook of one role that builds; in Chromium its home page says "the one role"
    (never "1 roles") and the role's page opens from the roles index."""
    project = make_project(tmp_path / "handbook", own_data=True)
    for name in (
        "Makefile",
        "pyproject.toml",
        "requirements.lock",
        "package.json",
        "package-lock.json",
    ):
        shutil.copy2(ROOT / name, project / name)
    for name in (".venv", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    script = "\n".join(_readme_steps())
    script = script.replace("make install", "make -q install").replace("&& mkdocs serve", "")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (script, done.stdout, done.stderr)
    project = tmp_path / "acme-handbook"  # the project the steps made beside the clone
    with built_and_served(project, tmp_path / "site", data=project / "roles_data") as (
        served,
        result,
    ):
        assert result.code == 0, result.log
        page = contexts.page()
        errors = watch_errors(page)
        open_page(page, served, "")
        text = " ".join(page.locator("article").inner_text().split())
        assert "the one role" in text, text[:400]
        assert not re.search(r"\b1 roles\b", text), text
        open_page(page, served, "roles/")
        page.locator("article table a").first.click()
        expect(page.locator("article h1")).to_be_visible()
        assert "1 roles" not in page.locator("article").inner_text()
        assert not errors, errors
