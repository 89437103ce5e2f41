"""A writer's page with a script, an event handler and a `javascript:` link: in Chromium nothing
runs, the link leads nowhere, and the front matter's title shows as text (issue 19, item 9)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import (
    DESKTOP,
    Site,
    built_and_served,
    open_page,
    watch_dialogs,
    watch_errors,
)
from tests.conftest import FIXTURES
from tests.site import make_project

pytestmark = pytest.mark.browser

TITLE = "<img src=y onerror=alert(9)> Agent notes"
WRITER_PAGE = f"""---
title: "{TITLE}"
---
A writer's own words.

<script>alert(1)</script>

[Open the form](javascript:alert(2)) or <a href="#" onclick="alert(3)">this one</a>.

<img src="missing.png" onerror="alert(4)"> <svg onload="alert(5)"></svg>

<details open ontoggle="alert(6)"><summary>More</summary>Inside.</details>
"""


@pytest.fixture(scope="module")
def writer_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("hostile-pages")
    project = make_project(tmp / "project", data=FIXTURES / "valid")
    page = project / "docs" / "roles" / "operations" / "agent.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(WRITER_PAGE, encoding="utf-8")
    with built_and_served(project, tmp / "site", data=project / "roles_data") as (site, result):
        assert result.code == 0, result.log
        yield site


def test_a_writers_script_handlers_and_javascript_links_never_run(
    browser: Browser, writer_site: Site
) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=writer_site.url)
    page = context.new_page()
    dialogs, errors = watch_dialogs(page), watch_errors(page)
    try:
        open_page(page, writer_site, "roles/operations/agent/")
        page.wait_for_timeout(300)  # an onerror handler would run once the image fails
        article = page.locator("article")
        assert "A writer's own words." in article.inner_text()
        link = article.get_by_text("Open the form")
        assert link.get_attribute("href") is None
        link.click()
        article.get_by_role("link", name="this one", exact=True).click()
        article.locator("summary", has_text="More").click()
        page.wait_for_timeout(300)
        assert dialogs == []
        assert [e for e in errors if "missing.png" not in e] == []
        assert article.locator("script, [onclick], [onerror], [onload], [ontoggle]").count() == 0
        assert TITLE in page.title()
        assert TITLE in " ".join(page.locator(".md-header__topic").last.inner_text().split())
    finally:
        context.close()
