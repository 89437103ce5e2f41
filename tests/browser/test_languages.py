"""Handbooks in Spanish and Chinese in Chromium: a reader finds a role by a word of its title
in the handbook's language, typed into the search box, and the page reads in that language."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from handbook import i18n
from tests.browser.conftest import DESKTOP, PHONE, Site, built_and_served, record_screenshot
from tests.languages import Project, start

pytestmark = pytest.mark.browser


def found_pages(page: Page, site: Site, query: str) -> list[str]:
    """The paths of the pages search lists for `query`, best first (in any language: the
    count of results is read from the list, not from Material's words for it)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    items = page.locator(".md-search-result__list > .md-search-result__item")
    expect(items.first).to_be_visible(timeout=15_000)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    return [site.path_of(link.get_attribute("href") or "") for link in links.all()]


@pytest.mark.parametrize(("language", "lang"), [("es", "es"), ("zh-Hans", "zh")])
def test_a_reader_finds_a_role_by_a_word_of_its_title_in_the_handbooks_language(
    browser: Browser,
    tmp_path: Path,
    pytestconfig: pytest.Config,
    screenshot_dir: Path,
    language: str,
    lang: str,
) -> None:
    project: Project = start(tmp_path / "hokuto", language, roles=40)
    with built_and_served(project.folder, tmp_path / "site") as (site, result):
        assert result.code == 0, result.log
        role = project.org.roles[project.retitled]
        wanted = f"roles/{role['department']}/{project.retitled}/"
        for viewport in (DESKTOP, PHONE):
            context = browser.new_context(viewport=viewport, base_url=site.url)
            try:
                page = context.new_page()
                page.goto(site(""))
                assert page.locator("html").get_attribute("lang") == lang
                if viewport is PHONE:
                    page.locator("label[for='__search']").first.click()
                paths = found_pages(page, site, project.word)
                assert wanted in paths[:3], (project.word, paths[:5])
                page.locator(f".md-search-result__item > a[href$='{wanted}']").first.click()
                expect(page.locator("h1").first).to_contain_text(project.title)
                placeholder = page.locator("input.md-search__input").get_attribute("placeholder")
                assert placeholder and placeholder != "Search", placeholder  # Material's own words
                shot = screenshot_dir / f"language-{language}-{viewport['width']}.png"
                page.screenshot(path=shot)
                record_screenshot(pytestconfig, shot)
            finally:
                context.close()
    assert i18n.load(language).catalog is not None  # the words came from a shipped catalog
