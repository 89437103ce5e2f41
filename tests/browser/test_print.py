"""Print: a role page prints as a short role card, without the site's navigation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from handbook.model import Handbook
from tests.browser.conftest import Site, open_page, pdf_page_count, role_path

pytestmark = pytest.mark.browser


SITE_CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
MAX_PAGES = 2

_DISPLAY = (
    "(selectors) => selectors.map((s) => [s, getComputedStyle(document.querySelector(s)).display])"
)


def test_print_hides_the_header_navigation_and_footer(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Under print media the header, both sidebars and the footer are not displayed."""
    open_page(page, site, role_path(handbook, next(iter(handbook.roles))))
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


@pytest.mark.parametrize("which", ["first role", "longest role"])
def test_role_page_prints_on_at_most_two_pages(
    page: Page, site: Site, handbook: Handbook, which: str
) -> None:
    """A role's page, and the longest role's, fit on two sheets of A4 or US Letter."""
    role = next(iter(handbook.roles)) if which == "first role" else longest_role(handbook)
    open_page(page, site, role_path(handbook, role))
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pages = pdf_page_count(page.pdf(format=paper, print_background=True))
        assert 1 <= pages <= MAX_PAGES, f"{role}: {pages} pages on {paper}"


def test_a_printed_role_card_says_where_it_comes_from(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Handbook name and build date, shown in print only. The browser suite's build is local
    (127.0.0.1), so its cards name no address (test_reading.py checks a published build's)."""
    rid = next(iter(handbook.roles))
    path = role_path(handbook, rid)
    open_page(page, site, path)
    source = page.locator(".hb-print-source")
    assert not source.is_visible()
    page.emulate_media(media="print")
    assert source.is_visible()
    text = " ".join(source.inner_text().split())
    assert text.startswith(f"{handbook.settings.organisation} handbook · built "), text
    assert site.origin not in text
    assert re.search(r"built [A-Z][a-z]+ \d{1,2}, \d{4}$", text), text  # Babel's long date
