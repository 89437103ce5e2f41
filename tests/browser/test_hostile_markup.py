"""Markup in department, level and organisation names shows as text in Chromium, and never runs.

The issue's row: a name holding `<img src=x onerror=alert(1)>` ran as script on every role page
of its department (tag chips), the tags page, in search results on every page and on the home
page. The handbook now shows those names in each role's facts, on the department and levels
pages, in search and on the home page: each is opened in Chromium, and searched, with dialogs
and errors watched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    Site,
    built_and_served,
    open_page,
    search,
    watch_dialogs,
    watch_errors,
)
from tests.conftest import FIXTURES, edit
from tests.hostile_corpus import INJECTED_SELECTOR
from tests.site import make_project

pytestmark = pytest.mark.browser

DEPARTMENT = "<img src=x onerror=alert(1)>"
LEVEL = "<img src=x onerror=alert(2)>"
ORGANISATION = "<img src=x onerror=alert(3)> Support"
AGENT = "roles/operations/agent/"
TEAM_LEADER = "roles/operations/team-leader/"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-markup")
    project = make_project(tmp / "project", data=FIXTURES / "valid")
    data = project / "roles_data"
    edit(data / "departments.yml", "name: Operations", f'name: "{DEPARTMENT}"')
    edit(data / "levels.yml", "name: Entry", f'name: "{LEVEL}"')
    edit(
        data / "handbook.yml",
        "organisation: Fixture Contact Center",
        f'organisation: "{ORGANISATION}"',
    )
    with built_and_served(project, tmp / "site", data=data) as (site, result):
        assert result.code == 0, result.log
        yield site


@pytest.fixture(scope="module")
def watched(browser: Browser, hostile_site: Site) -> Iterator[tuple[Page, list[str], list[str]]]:
    """One page for the module, with its dialogs and errors collected across every visit."""
    context = browser.new_context(viewport=DESKTOP, base_url=hostile_site.url)
    page = context.new_page()
    dialogs, errors = watch_dialogs(page), watch_errors(page)
    yield page, dialogs, errors
    context.close()


def assert_inert(page: Page, dialogs: list[str], errors: list[str]) -> None:
    page.wait_for_timeout(300)  # an onerror handler runs once the broken image fails to load
    assert dialogs == []
    assert errors == []
    assert page.locator(INJECTED_SELECTOR).count() == 0
    assert page.locator("img").evaluate_all("(imgs) => imgs.map((i) => i.src)") == []


def text_of(page: Page, selector: str) -> str:
    return " ".join(page.locator(selector).first.text_content().split())  # type: ignore[union-attr]


@pytest.mark.parametrize("path", [AGENT, TEAM_LEADER])
def test_role_pages_show_department_and_level_as_text(
    watched: tuple[Page, list[str], list[str]], hostile_site: Site, path: str
) -> None:
    page, dialogs, errors = watched
    open_page(page, hostile_site, path)
    facts = text_of(page, "dl.hb-facts")
    level = LEVEL if path == AGENT else "Lead"
    assert f"Level {level}" in facts and f"Department {DEPARTMENT}" in facts
    assert ORGANISATION in text_of(page, "header")
    assert_inert(page, dialogs, errors)


def test_the_department_and_levels_pages_show_the_names_as_text(
    watched: tuple[Page, list[str], list[str]], hostile_site: Site
) -> None:
    page, dialogs, errors = watched
    open_page(page, hostile_site, "roles/operations/")
    assert text_of(page, "article h1").removesuffix("¶").strip() == DEPARTMENT
    assert DEPARTMENT in text_of(page, "nav.md-nav--primary")
    assert_inert(page, dialogs, errors)
    open_page(page, hostile_site, "reference/levels/")
    headings = [
        " ".join(h.split()).removesuffix("¶") for h in page.locator("article h2").all_inner_texts()
    ]
    assert LEVEL in headings
    assert_inert(page, dialogs, errors)


def test_the_home_page_names_the_organisation_as_text(
    watched: tuple[Page, list[str], list[str]], hostile_site: Site
) -> None:
    page, dialogs, errors = watched
    open_page(page, hostile_site, "")
    article = text_of(page, "article")
    assert article.startswith(f"{ORGANISATION} handbook")
    assert f"This handbook describes all 3 roles at {ORGANISATION}:" in article
    assert DEPARTMENT in text_of(page, "article table")
    assert_inert(page, dialogs, errors)


@pytest.mark.parametrize("query", ["onerror", "img src", "Support"])
def test_search_results_show_the_names_as_text(
    watched: tuple[Page, list[str], list[str]], hostile_site: Site, query: str
) -> None:
    page, dialogs, errors = watched
    open_page(page, hostile_site, "careers/")
    hits = search(page, hostile_site, query)
    assert hits
    titles = [hit.title for hit in hits]
    assert f"{ORGANISATION} handbook" in titles
    if query != "Support":
        assert DEPARTMENT in titles  # the department's page
        results = " ".join(page.locator(".md-search-result").inner_text().split())
        assert DEPARTMENT in results  # the department page's search tag, shown as text
    assert_inert(page, dialogs, errors)
    page.keyboard.press("Escape")


def test_the_phone_layout_shows_the_names_as_text(browser: Browser, hostile_site: Site) -> None:
    """On a phone the navigation drawer lists the department's section by its name."""
    context = browser.new_context(viewport=PHONE, base_url=hostile_site.url)
    try:
        page = context.new_page()
        dialogs, errors = watch_dialogs(page), watch_errors(page)
        open_page(page, hostile_site, AGENT)
        page.locator("label.md-header__button[for='__drawer']").click()
        drawer = " ".join((page.locator("nav.md-nav--primary").text_content() or "").split())
        assert re.search(re.escape(DEPARTMENT), drawer)
        assert_inert(page, dialogs, errors)
    finally:
        context.close()


def test_the_salary_bands_page_opens_without_a_script_error(
    browser: Browser, hostile_site: Site
) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=hostile_site.url)
    try:
        page = context.new_page()
        dialogs, errors = watch_dialogs(page), watch_errors(page)
        open_page(page, hostile_site, "reference/salaries/")
        assert_inert(page, dialogs, errors)
    finally:
        context.close()
