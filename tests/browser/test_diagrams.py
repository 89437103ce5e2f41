"""Diagrams drawn at build time: every node a link, fitting the column, readable on a phone,
following the colour scheme, printing, and with a text equivalent.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from handbook.model import Handbook
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    Contexts,
    Site,
    expect_heading,
    open_page,
    role_path,
    switch_scheme,
    watch_errors,
)

pytestmark = pytest.mark.browser

MIN_TEXT_PX = 12

# Each diagram on the page: its drawing's width, its box's width, the rendered size of its
# smallest text, its links and whether its box (not the page) scrolls.
_DIAGRAMS = """() => [...document.querySelectorAll("figure.hb-diagram")].map((figure) => {
  const box = figure.querySelector(".hb-diagram__scroll");
  const svg = figure.querySelector("svg");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")].map(
    (t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {
    label: box.getAttribute("aria-label"),
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
    smallest: Math.min(...sizes),
    nodes: svg.querySelectorAll("rect.hb-node").length,
    outside: svg.querySelectorAll("rect.hb-node--outside").length,
    links: [...figure.querySelectorAll("a.hb-diagram__link")].map((a) => a.getAttribute("href")),
    overflowX: getComputedStyle(box).overflowX,
  };
})"""


def diagram_pages(site: Site, handbook: Handbook) -> list[str]:
    """Every page with a diagram: role pages with moves, and the career paths page."""
    pages = [role_path(handbook, rid) for rid, r in handbook.roles.items() if r.progression]
    return [*pages, "careers/"]


def test_next_steps_diagram_shows_the_role_and_each_move_each_a_link(
    page: Page, site: Site, handbook: Handbook
) -> None:
    for rid, role in handbook.roles.items():
        if not role.progression:
            continue
        open_page(page, site, role_path(handbook, rid))
        [drawing] = [d for d in page.evaluate(_DIAGRAMS) if d["label"].startswith("Next steps")]
        assert drawing["nodes"] == 1 + len(role.progression), rid
        assert drawing["outside"] == sum(1 for m in role.progression if m.outside), rid
        linked = {
            page.evaluate("(h) => new URL(h, location.href).href", h) for h in drawing["links"]
        }
        expected = {site(role_path(handbook, rid))}
        expected |= {site(role_path(handbook, m.to)) for m in role.progression if m.to}
        assert linked == expected, rid
        # The list below is the diagram's text equivalent: a line per move.
        assert page.locator("ol.hb-moves > li").count() == len(role.progression)


def test_every_diagram_fits_the_column_on_a_desktop(
    page: Page, site: Site, handbook: Handbook
) -> None:
    for path in diagram_pages(site, handbook):
        open_page(page, site, path)
        for drawing in page.evaluate(_DIAGRAMS):
            assert drawing["scrollWidth"] <= drawing["clientWidth"] + 1, (path, drawing["label"])
            assert drawing["smallest"] >= MIN_TEXT_PX, (path, drawing)


def test_on_a_phone_diagrams_stay_readable_and_the_page_never_scrolls_sideways(
    contexts: Contexts, site: Site, handbook: Handbook
) -> None:
    page = contexts.page(viewport=PHONE)
    for path in diagram_pages(site, handbook):
        open_page(page, site, path)
        for drawing in page.evaluate(_DIAGRAMS):
            assert drawing["smallest"] >= MIN_TEXT_PX - 0.05, (path, drawing)
            assert drawing["overflowX"] in {"auto", "scroll"}
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{path} scrolls sideways: {widths}"


def test_selecting_a_diagram_node_opens_that_role_without_a_reload(
    page: Page, site: Site, handbook: Handbook
) -> None:
    rid, role = next(
        (rid, r) for rid, r in handbook.roles.items() if any(m.to for m in r.progression)
    )
    target = next(m.to for m in role.progression if m.to)
    assert target is not None
    errors = watch_errors(page)
    open_page(page, site, role_path(handbook, rid))
    page.evaluate("window.__marker = 1")
    link = page.locator(f'figure.hb-diagram a.hb-diagram__link[href$="/{target}/"]').first
    link.click()
    # Material's navigation.tracking may add the section in view to the address: ignore it.
    page.wait_for_url(lambda url: url.split("#")[0] == site(role_path(handbook, target)))
    expect_heading(page, handbook.roles[target].title)
    assert page.evaluate("window.__marker === 1"), "following a diagram link reloaded the page"
    assert errors == []


def test_diagram_colours_follow_the_palette(page: Page, site: Site, handbook: Handbook) -> None:
    rid = next(rid for rid, r in handbook.roles.items() if any(m.to for m in r.progression))
    open_page(page, site, role_path(handbook, rid))
    colours = """() => {
      const node = document.querySelector("figure.hb-diagram rect.hb-node--role");
      const text = document.querySelector("figure.hb-diagram text.hb-node__title--role");
      return [getComputedStyle(node).fill, getComputedStyle(text).fill];
    }"""
    switch_scheme(page, "default")
    light = page.evaluate(colours)
    switch_scheme(page, "slate")
    dark = page.evaluate(colours)
    assert light[0] != dark[0] and light[1] != dark[1], (light, dark)


def test_diagrams_print(page: Page, site: Site, handbook: Handbook) -> None:
    rid = next(rid for rid, r in handbook.roles.items() if r.progression)
    open_page(page, site, role_path(handbook, rid))
    page.emulate_media(media="print")
    shown = page.evaluate(
        "() => { const f = document.querySelector('figure.hb-diagram');"
        " return [getComputedStyle(f).display, f.getBoundingClientRect().height]; }"
    )
    assert shown[0] != "none" and shown[1] > 50


def test_career_maps_list_their_moves_as_text(page: Page, site: Site, handbook: Handbook) -> None:
    open_page(page, site, "careers/")
    lists = page.locator("details.hb-map__list")
    assert lists.count() == sum(
        1
        for dept in handbook.departments
        if any(r.department == dept for r in handbook.roles.values())
    )
    moves = sum(len(r.progression) for r in handbook.roles.values())
    assert page.locator("details.hb-map__list li").count() == moves


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_the_salary_chart_never_breaks_instant_navigation(
    contexts: Contexts, site: Site, viewport: dict[str, int]
) -> None:
    """Reaching the salary bands by an in-site link, then leaving by another: no script error."""
    page = contexts.page(viewport=viewport)  # type: ignore[arg-type]
    errors = watch_errors(page)
    open_page(page, site, "")
    page.locator('a[href$="/reference/salaries/"]').first.click()
    page.wait_for_url(site("reference/salaries/"))
    expect_heading(page, site.heading("reference/salaries/"))
    page.locator("figure.hb-bands a").first.click()
    page.wait_for_load_state("load")
    assert errors == []
