"""The writer's live preview in Chromium: a real `mkdocs serve` (as `make serve` runs it), the
role's page open in the browser while its file is broken and fixed (issue 20).

A YAML syntax error shows in the browser, on the page of the file that broke (a role file) or
at the top of every page (the settings), with the file, the line and the fix, without the
writer reloading: the preview reloads by itself after each save. Fixing the file brings the
page back, and a reload by hand shows the same. (tests/test_preview_errors.py checks the served
HTML; this checks what a writer sees.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import test_serve
from tests.browser.conftest import DESKTOP, watch_errors
from tests.conftest import edit
from tests.test_serve import AGENT, SUMMARY, TEAM_LEADER, Server

server = test_serve.server  # the fixture: a running `mkdocs serve` on a copy of the project

pytestmark = pytest.mark.browser

LEADER_FILE = "roles_data/roles/team-leader.yml"
# A rebuild after a save, and the reload that follows it, take a few seconds on a busy machine.
REBUILT = 90_000  # ms


@pytest.fixture
def writer(browser: Browser, server: Server) -> Iterator[Page]:
    """A browser page, as a writer keeps one open beside their editor."""
    context = browser.new_context(viewport=DESKTOP, base_url=server.url)
    try:
        yield context.new_page()
    finally:
        context.close()


def problem_box(page: Page) -> str:
    """The visible text of the page's content, on one line."""
    return " ".join(page.locator("article").inner_text().split())


def test_a_yaml_error_shows_on_the_open_role_page_and_goes_when_fixed(
    writer: Page, server: Server
) -> None:
    """Open the team leader's page, break its file with an unclosed list, and the page in the
    browser shows (by itself) the file and line, what is wrong and how to fix it, and no longer
    the role; fix the file and the role comes back; a reload by hand agrees."""
    errors = watch_errors(writer)
    writer.goto(server.url + TEAM_LEADER)
    article = writer.locator("article")
    expect(article).to_contain_text(SUMMARY)

    edit(server.project / LEADER_FILE, "level: lead", "level: [lead")
    expect(article).to_contain_text("YAML syntax error", timeout=REBUILT)
    shown = problem_box(writer)
    assert re.search(rf"{re.escape(LEADER_FILE)}:5\b", shown), shown
    assert "close the list with ']'" in shown, shown  # the fix, in the writer's words
    assert "put text that starts with '[' in quotes" in shown, shown
    expect(article.get_by_text(re.compile(r"problem to fix"))).to_be_visible()
    expect(article).not_to_contain_text(SUMMARY)
    assert "Traceback" not in shown

    edit(server.project / LEADER_FILE, "level: [lead", "level: lead")
    expect(article).to_contain_text(SUMMARY, timeout=REBUILT)
    expect(article).not_to_contain_text("YAML syntax error")
    writer.reload()
    expect(writer.locator("article")).to_contain_text(SUMMARY)
    expect(writer.locator("article")).not_to_contain_text("problem to fix")
    assert not [e for e in errors if "livereload" not in e], errors


def test_a_yaml_error_in_the_settings_shows_as_a_banner_on_the_open_page(
    writer: Page, server: Server
) -> None:
    """A syntax error in the settings (roles_data/handbook.yml) is not a role's: the page the
    writer has open (another role's) shows a banner naming the file, line and fix, and the
    banner goes when the file is fixed."""
    settings = server.project / "roles_data" / "handbook.yml"
    original = settings.read_text(encoding="utf-8")
    writer.goto(server.url + AGENT)
    expect(writer.locator("article")).to_contain_text("Answers calls.")

    settings.write_text(original.replace("organisation: ", "organisation: [", 1), encoding="utf-8")
    banner = writer.get_by_text(re.compile(r"The handbook's data has 1 problem to fix"))
    expect(banner).to_be_visible(timeout=REBUILT)
    text = " ".join(writer.locator("body").inner_text().split())
    assert "roles_data/handbook.yml:2: YAML syntax error" in text, text
    assert "close the list with ']'" in text, text

    settings.write_text(original, encoding="utf-8")
    expect(banner).to_have_count(0, timeout=REBUILT)
    writer.reload()
    expect(writer.get_by_text(re.compile(r"problem to fix"))).to_have_count(0)
    expect(writer.locator("article")).to_contain_text("Answers calls.")
