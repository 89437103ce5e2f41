"""Privacy: reading the handbook makes the browser ask no other host for anything."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, Response

from handbook.model import Handbook
from tests.browser.conftest import Contexts, Site, open_page, role_path, search, switch_scheme

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data:", "blob:")


def built_pages(site: Site) -> set[str]:
    """The path of every index.html the build wrote ("./" for the home page)."""
    return {
        path.parent.relative_to(site.root).as_posix() + "/"
        for path in site.root.rglob("index.html")
    }


def test_no_page_requests_anything_from_another_host(page: Page, site: Site) -> None:
    """Every page of the sitemap, then the palette toggle and search: all requests stay local."""
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    pages = site.pages()
    assert {path or "./" for path in pages} == built_pages(site), "sitemap and build differ"

    for path in pages:
        open_page(page, site, path)  # waits for the page's diagrams too
    switch_scheme(page, "slate")
    assert search(page, site, "supervisor"), "search found nothing"
    page.wait_for_load_state("networkidle")

    assert len(requested) > len(pages)
    elsewhere = [url for url in requested if not url.startswith((site.url, *LOCAL_SCHEMES))]
    assert elsewhere == [], f"requests to other hosts: {sorted(set(elsewhere))}"


FIRST_VISIT_LIMIT = 1_000_000  # bytes


def test_a_first_visit_to_a_role_page_downloads_at_most_a_megabyte(
    contexts: Contexts, site: Site, handbook: Handbook
) -> None:
    """Everything a new reader's browser fetches to show a role page, cache empty."""
    page = contexts.page()
    sizes: dict[str, int] = {}

    def record(response: Response) -> None:
        body = response.body() if response.status == 200 else b""
        sizes[response.url] = len(body)

    page.on("response", record)
    rid = max(handbook.roles, key=lambda r: len(handbook.roles[r].progression))
    open_page(page, site, role_path(handbook, rid))
    page.wait_for_load_state("networkidle")
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    assert total <= FIRST_VISIT_LIMIT, f"{total:,} bytes; largest: {largest}"
