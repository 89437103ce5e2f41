"""Instant navigation: site links swap the page in place, and diagrams still draw after it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from handbook.model import Handbook
from tests.browser.conftest import (
    Site,
    expect_heading,
    open_page,
    role_path,
    wait_for_diagrams,
    watch_errors,
)

pytestmark = pytest.mark.browser

CAREERS = "careers/"


def same_document(page: Page) -> bool:
    """Whether the marker set on the first load is still there, i.e. nothing reloaded."""
    return bool(page.evaluate("window.__handbookMarker === 'first load'"))


def test_links_swap_pages_without_a_reload_and_diagrams_still_draw(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Org chart → a role (chart box) → career paths (site navigation), all in one document."""
    errors = watch_errors(page)
    open_page(page, site, "org-chart/")
    page.evaluate("window.__handbookMarker = 'first load'")

    role_id = next(rid for rid, r in handbook.roles.items() if r.progression and r.reports_to)
    role = handbook.roles[role_id]
    page.locator("nav.hb-org").first.locator(f'.hb-org__box[href$="/{role_id}/"]').first.click()
    page.wait_for_url(site(role_path(handbook, role_id)))
    expect_heading(page, role.title)
    diagrams = wait_for_diagrams(page, 1)
    inside = [m for m in role.progression if m.to in handbook.roles]
    assert diagrams.first.locator("g.node").count() == 1 + len(inside)
    assert same_document(page), "following an org chart box reloaded the page"

    page.locator(f'nav.md-nav--primary a.md-nav__link[href$="/{CAREERS}"]').first.click()
    page.wait_for_url(site(CAREERS))
    expect_heading(page, "Career paths")
    expected = site.diagram_labels(CAREERS)
    diagrams = wait_for_diagrams(page, len(expected))
    assert diagrams.count() == len(expected)
    assert diagrams.first.locator("g.node").count() == len(handbook.roles)
    assert same_document(page), "following the navigation reloaded the page"
    assert errors == []
