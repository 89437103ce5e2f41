"""The organisation chart: every box opens its role, and the chart stays readable on a phone."""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import Page

from handbook.model import Handbook
from tests.browser.conftest import PHONE, Contexts, Site, expect_heading, open_page, role_path

pytestmark = pytest.mark.browser

ORG_CHART = "org-chart/"
MIN_FONT_PX = 12

# Every element of the charts that holds text of its own, with its computed font size.
_TEXT_SIZES = """(charts) => charts.flatMap((chart) =>
  [...chart.querySelectorAll("*")]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => [el.textContent.trim(), parseFloat(getComputedStyle(el).fontSize)]))"""

# How each chart overflows and whether scrolling it moves the chart rather than the page.
_SCROLLING = """(charts) => charts.map((chart) => {
  const overflows = chart.scrollWidth > chart.clientWidth;
  chart.scrollLeft = chart.scrollWidth;
  const result = {
    label: chart.getAttribute("aria-label"),
    overflowX: getComputedStyle(chart).overflowX,
    overflows,
    scrolled: chart.scrollLeft,
    pageScrolled: window.scrollX,
  };
  chart.scrollLeft = 0;
  return result;
})"""


def test_every_box_is_a_link_to_the_page_of_its_role(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Each box on the chart page is a link, and it opens a page titled like the box."""
    open_page(page, site, ORG_CHART)
    boxes = page.locator("nav.hb-org .hb-org__box").evaluate_all(
        """(boxes) => boxes.map((box) => ({
          tag: box.tagName,
          href: box.getAttribute("href") ? box.href : null,
          title: box.querySelector(".hb-org__title").textContent.trim(),
        }))"""
    )
    assert len(boxes) >= len(handbook.roles)
    not_links = [box["title"] for box in boxes if box["tag"] != "A" or not box["href"]]
    assert not_links == [], f"boxes that are not links: {not_links}"

    targets = {box["href"]: box["title"] for box in boxes}
    expected = {site(role_path(handbook, rid)): role.title for rid, role in handbook.roles.items()}
    assert targets == expected
    for url, title in targets.items():
        response = page.request.get(url)
        assert response.status == 200, url
        assert f"<title>{html.escape(title)} - " in response.text(), f"{url} is not {title}"


def test_selecting_a_box_opens_that_roles_page(page: Page, site: Site, handbook: Handbook) -> None:
    """Clicking a box on the chart shows the page of the role it names."""
    rid, role = max(handbook.roles.items(), key=lambda item: len(item[1].title))
    open_page(page, site, ORG_CHART)
    page.locator("nav.hb-org").first.locator(f'.hb-org__box[href$="/{rid}/"]').click()
    page.wait_for_url(lambda url: url.split("#")[0] == site(role_path(handbook, rid)))
    expect_heading(page, role.title)


def test_on_a_phone_the_chart_scrolls_in_its_own_box_with_readable_text(
    contexts: Contexts, site: Site
) -> None:
    """At 390×844: no chart text below 12 px, wide charts scroll sideways, the page does not."""
    page = contexts.page(viewport=PHONE)
    open_page(page, site, ORG_CHART)
    charts = page.locator("nav.hb-org")
    assert charts.count() > 1

    sizes = charts.evaluate_all(_TEXT_SIZES)
    assert sizes, "no text found in the charts"
    small = [f"{text!r}: {size}px" for text, size in sizes if size < MIN_FONT_PX]
    assert small == [], f"chart text below {MIN_FONT_PX}px: {small}"

    scrolling = charts.evaluate_all(_SCROLLING)
    for chart in scrolling:
        assert chart["overflowX"] in {"auto", "scroll"}, chart
        if chart["overflows"]:
            assert chart["scrolled"] > 0, f"a wide chart does not scroll: {chart}"
        assert chart["pageScrolled"] == 0, chart

    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
