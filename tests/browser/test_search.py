"""Search: the names people use every day find the right pages in Material's search box."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from handbook.model import Handbook
from tests.browser.conftest import DESKTOP, Site, open_page, role_path, search

pytestmark = pytest.mark.browser

KPI_GLOSSARY = "reference/kpis/"


@pytest.fixture(scope="module")
def home(browser: Browser, site: Site) -> Iterator[Page]:
    """The home page, loaded once for all the searches here: each types a new query."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=site.url)
    page = context.new_page()
    open_page(page, site, "")
    yield page
    context.close()


def roles_named(handbook: Handbook, word: str) -> set[str]:
    """Paths of the role pages whose title contains `word` (case-insensitive)."""
    return {
        role_path(handbook, rid)
        for rid, role in handbook.roles.items()
        if word.lower() in role.title.lower().split()
    }


def test_searching_csr_lists_the_call_center_agent_first(
    home: Page, site: Site, handbook: Handbook
) -> None:
    """The alias "CSR" belongs to the Call Center Agent: that page is the first result."""
    [agent] = [rid for rid, role in handbook.roles.items() if "CSR" in role.aliases]
    hits = search(home, site, "CSR")
    assert hits, "searching CSR found nothing"
    assert hits[0].path == role_path(handbook, agent), [hit.title for hit in hits]
    assert hits[0].title == handbook.roles[agent].title == "Call Center Agent"


@pytest.mark.parametrize("word", ["supervisor", "quality", "workforce"])
def test_searching_a_word_of_a_title_lists_those_roles_first(
    home: Page, site: Site, handbook: Handbook, word: str
) -> None:
    """Every role whose title holds the word comes before any other page in the results."""
    expected = roles_named(handbook, word)
    assert expected, f"no role title contains {word!r}"
    hits = search(home, site, word)
    top = {hit.path for hit in hits[: len(expected)]}
    assert top == expected, [f"{hit.title} ({hit.path})" for hit in hits]


@pytest.mark.parametrize("kpi", ["first-call-resolution", "average-handling-time"])
def test_searching_a_kpi_name_finds_the_kpi_glossary(
    home: Page, site: Site, handbook: Handbook, kpi: str
) -> None:
    """Typing a KPI's name (as roles_data/kpis.yml spells it) lists the KPI glossary page."""
    name = handbook.kpis[kpi].name
    hits = search(home, site, name)
    glossary = [hit for hit in hits if hit.path == KPI_GLOSSARY]
    assert glossary, f"{name!r} did not find {KPI_GLOSSARY}: {[hit.path for hit in hits]}"
    assert glossary[0].title == "KPI glossary"
