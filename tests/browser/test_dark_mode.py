"""Dark mode: after the palette toggle, the org chart and diagrams keep WCAG AA contrast."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page

from handbook.model import Handbook
from tests.browser.conftest import (
    Scheme,
    Site,
    open_page,
    role_path,
    switch_scheme,
    text_contrasts,
)

pytestmark = pytest.mark.browser

# Light, then dark, then light again: switching back must restore legible colours too.
SCHEMES: list[Scheme] = ["default", "slate", "default"]
NON_TEXT = 3.0  # WCAG 1.4.11: lines needed to read a chart


def illegible(texts: Locator) -> list[str]:
    """The texts among `texts` whose contrast is below WCAG AA for their size."""
    found = text_contrasts(texts)
    assert found, "nothing to measure"
    return [str(text) for text in found if text.ratio < text.required]


def page_background(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def faint_lines(items: Locator) -> list[str]:
    """Connector lines (drawn by the items' ::before) below WCAG's 3:1 for graphics."""
    found = text_contrasts(items, colour="border-left-color", pseudo="::before")
    assert found, "no connector lines"
    return [f"{line.ratio:.2f}:1" for line in found if line.ratio < NON_TEXT]


def test_org_chart_boxes_stay_legible_in_light_and_dark(page: Page, site: Site) -> None:
    """Role titles and details in the chart's boxes, and the lines joining them, in both schemes."""
    open_page(page, site, "org-chart/")
    chart = page.locator("nav.hb-org").first
    texts = chart.locator(".hb-org__title, .hb-org__meta")
    nested = chart.locator("li li")
    backgrounds = set()
    for scheme in SCHEMES:
        switch_scheme(page, scheme)
        backgrounds.add(page_background(page))
        assert illegible(texts) == [], scheme
        assert faint_lines(nested) == [], f"connector lines in {scheme}"
    assert len(backgrounds) == 2, "the palette toggle did not change the page's colours"


def test_diagram_labels_stay_legible_in_light_and_dark(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """The titles and notes in a role's next-steps diagram contrast enough in both schemes."""
    rid = max(handbook.roles, key=lambda r: len(handbook.roles[r].progression))
    open_page(page, site, role_path(handbook, rid))
    texts = page.locator("figure.hb-diagram").first.locator("text")
    assert texts.count() >= 1 + len(handbook.roles[rid].progression)
    for scheme in SCHEMES:
        switch_scheme(page, scheme)
        assert illegible(texts) == [], f"diagram text in {scheme}"
