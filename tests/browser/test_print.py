"""Print: a role page prints as a short role card, without the site's navigation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from handbook.model import Handbook
from tests.browser.conftest import Site, open_page, pdf_page_count, role_path

pytestmark = pytest.mark.browser

ROLE = "team-leader"
SITE_CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
MAX_PAGES = 2

_DISPLAY = (
    "(selectors) => selectors.map((s) => [s, getComputedStyle(document.querySelector(s)).display])"
)


def test_print_hides_the_header_navigation_and_footer(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Under print media the header, both sidebars and the footer are not displayed."""
    open_page(page, site, role_path(handbook, ROLE))
    on_screen = dict(page.evaluate(_DISPLAY, SITE_CHROME))
    assert all(display != "none" for display in on_screen.values()), on_screen

    page.emulate_media(media="print")
    printed = dict(page.evaluate(_DISPLAY, SITE_CHROME))
    assert printed == dict.fromkeys(SITE_CHROME, "none")
    assert page.locator("article h1").is_visible()


def longest_role(handbook: Handbook) -> str:
    """The role with the most to print: responsibilities, skills, KPIs and moves (counted x2)."""

    def size(role_id: str) -> int:
        role = handbook.roles[role_id]
        parts = (role.responsibilities, role.skills, role.kpis)
        return sum(len(part) for part in parts) + 2 * len(role.progression)

    return max(handbook.roles, key=size)


@pytest.mark.parametrize("which", ["team-leader", "longest role"])
def test_role_page_prints_on_at_most_two_pages(
    page: Page, site: Site, handbook: Handbook, which: str
) -> None:
    """The team leader's page, and the longest role's, fit on two sheets of A4 or US Letter."""
    role = ROLE if which == ROLE else longest_role(handbook)
    open_page(page, site, role_path(handbook, role))
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pages = pdf_page_count(page.pdf(format=paper, print_background=True))
        assert 1 <= pages <= MAX_PAGES, f"{role}: {pages} pages on {paper}"
