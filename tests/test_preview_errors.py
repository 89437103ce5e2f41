"""The preview shows what the writer broke: a YAML syntax error appears in the browser, on the
page of the file that broke (a role file) or at the top of every page (settings, catalogs), with
the file, the line and the fix, and goes away when the file is fixed."""

from __future__ import annotations

import html

import pytest

from tests import test_serve
from tests.conftest import edit
from tests.test_serve import AGENT, TEAM_LEADER, Server

server = test_serve.server  # the fixture: a running `mkdocs serve` on a copy of the project

pytestmark = pytest.mark.build

LEADER_FILE = "roles_data/roles/team-leader.yml"


def _text(page: str) -> str:
    return html.unescape(page)


def test_a_syntax_error_in_a_role_file_shows_on_that_roles_page_and_goes_when_fixed(
    server: Server,
) -> None:
    role_file = server.project / LEADER_FILE
    assert "Leads a team of agents." in server.get(TEAM_LEADER)

    edit(role_file, "level: lead", "level: [lead")
    expected = (
        f"{LEADER_FILE}:5: YAML syntax error at column 11: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 4, column 8); close the list with ']', "
        "or put text that starts with '[' in quotes"
    )
    server.wait_for("the terminal's line", lambda: "YAML syntax error" in server.log)
    assert any(line.endswith(expected) for line in server.lines), server.log
    # The page the writer has open, at the same address, now says what to fix.
    server.wait_for(
        "the page to show the problem",
        lambda: "This role has 1 problem to fix" in server.get(TEAM_LEADER),
    )
    page = _text(server.get(TEAM_LEADER))
    assert expected in page
    assert "Leads a team of agents." not in page
    assert "Answers calls." in server.get(AGENT)  # other pages are as usual

    edit(role_file, "level: [lead", "level: lead")
    server.wait_for(
        "the fixed page",
        lambda: (
            "Leads a team of agents." in server.get(TEAM_LEADER)
            and "problem to fix" not in server.get(TEAM_LEADER)
        ),
    )
    assert "Traceback" not in server.log
    assert server.process.poll() is None


def test_a_syntax_error_shows_on_a_role_page_the_writer_added_prose_to(server: Server) -> None:
    prose = server.project / "docs" / "roles" / "operations" / "team-leader.md"
    prose.parent.mkdir(parents=True, exist_ok=True)
    prose.write_text("## A day in the role\n\nMorning huddles first.\n", encoding="utf-8")
    server.wait_for("the prose", lambda: "Morning huddles first." in server.get(TEAM_LEADER))

    edit(server.project / LEADER_FILE, "summary: Leads a team of agents.", "summary: Leads: a team")
    server.wait_for(
        "the page to show the problem",
        lambda: "This role has 1 problem to fix" in server.get(TEAM_LEADER),
    )
    page = _text(server.get(TEAM_LEADER))
    assert f"{LEADER_FILE}:6: YAML syntax error" in page
    assert "put a value that holds ': ' in quotes" in page
    # No wrong advice to move the writer's page: the broken file does not name a department.
    assert "move the file there" not in server.log

    edit(server.project / LEADER_FILE, "summary: Leads: a team", "summary: Leads a team of agents.")
    server.wait_for(
        "the fixed page",
        lambda: (
            "Morning huddles first." in server.get(TEAM_LEADER)
            and "problem to fix" not in server.get(TEAM_LEADER)
        ),
    )
    assert "Traceback" not in server.log


def test_a_syntax_error_in_a_catalog_shows_at_the_top_of_pages_and_goes_when_fixed(
    server: Server,
) -> None:
    settings = server.project / "roles_data" / "handbook.yml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original.replace("organisation: ", "organisation: [", 1), encoding="utf-8")
    banner = "The handbook's data has 1 problem to fix"
    for page in (AGENT, "", "org-chart/"):
        server.wait_for(
            f"the banner on {page or 'the home page'}",
            lambda p=page: banner in _text(server.get(p)),
        )
    shown = _text(server.get(AGENT))
    assert "roles_data/handbook.yml:2: YAML syntax error" in shown

    settings.write_text(original, encoding="utf-8")
    for page in (AGENT, "", "org-chart/"):
        server.wait_for(
            f"the banner to go from {page or 'the home page'}",
            lambda p=page: "problem to fix" not in server.get(p),
        )
    assert "Traceback" not in server.log
