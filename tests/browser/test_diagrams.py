"""Progression diagrams: Mermaid draws every role of a path, and each node opens its role."""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import Locator, Page

from handbook.model import Handbook
from tests.browser.conftest import Site, expect_heading, open_page, role_path, watch_errors

pytestmark = pytest.mark.browser

ROLE = "team-leader"
CAREERS = "careers/"


def drawn_labels(diagram: Locator) -> list[str]:
    """The node labels Mermaid drew in one diagram (inside its open shadow root)."""
    return [text.strip() for text in diagram.locator("g.node .nodeLabel").all_inner_texts()]


def test_role_page_diagram_draws_the_role_and_each_next_step(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """The team leader's "Next steps" diagram is an SVG with the role and every role it leads to."""
    errors = watch_errors(page)
    path = role_path(handbook, ROLE)
    open_page(page, site, path)
    role = handbook.roles[ROLE]
    expected = {role.title, *(handbook.roles[move.to].title for move in role.progression)}
    assert len(expected) > 1, "the team leader should lead somewhere"

    diagrams = page.locator("div.mermaid")
    assert diagrams.count() == len(site.diagram_labels(path)) == 1
    assert diagrams.first.locator("svg").count() == 1
    assert set(drawn_labels(diagrams.first)) == expected
    assert errors == []


def test_career_paths_page_draws_every_diagram_with_all_its_roles(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """The full map and each worked route render to SVG with exactly the nodes of their source."""
    errors = watch_errors(page)
    open_page(page, site, CAREERS)
    sources = site.diagram_labels(CAREERS)
    assert len(sources) >= 2, "the career paths page lost its diagrams"
    diagrams = page.locator("div.mermaid")
    assert diagrams.count() == len(sources)
    for index, source in enumerate(sources):
        assert Counter(drawn_labels(diagrams.nth(index))) == Counter(source), f"diagram {index}"
    full_map = set(drawn_labels(diagrams.first))
    assert full_map == {role.title for role in handbook.roles.values()}
    assert errors == []


def test_selecting_a_diagram_node_opens_that_role(
    page: Page, site: Site, handbook: Handbook
) -> None:
    """Clicking the next role's box in the team leader's diagram opens that role's page."""
    target = handbook.roles[ROLE].progression[0].to
    title = handbook.roles[target].title
    open_page(page, site, role_path(handbook, ROLE))
    page.locator("div.mermaid g.node", has_text=title).click()
    page.wait_for_url(site(role_path(handbook, target)))
    expect_heading(page, title)
