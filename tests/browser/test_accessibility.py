"""Accessibility: axe-core finds nothing serious or critical on any page, light or dark."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import Site, open_page, switch_scheme

pytestmark = pytest.mark.browser

AXE = Axe()
BLOCKING = {"serious", "critical"}
# What changes with the colour scheme: the rest of axe's findings cannot differ in dark mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def describe(violation: dict[str, Any]) -> str:
    """One readable line per violation: rule, impact, what to do, and where (a few elements)."""
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    shown = ", ".join(targets[:3]) + (f" and {len(targets) - 3} more" if len(targets) > 3 else "")
    return f"{violation['id']} ({violation['impact']}): {violation['help']} — {shown}"


def blocking_violations(
    page: Page, site: Site, path: str, rules: list[str] | None = None
) -> list[str]:
    """axe-core's serious and critical findings on the page as shown now (of `rules` only)."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    results = AXE.run(page, options=options)
    assert results.response["url"] == site(path), "axe did not check this page"
    return [describe(v) for v in results.response["violations"] if v["impact"] in BLOCKING]


def test_no_page_has_a_serious_or_critical_axe_violation(page: Page, site: Site) -> None:
    """All of axe-core's rules on every page; in the dark scheme, its colour rules again."""
    found = []
    for path in site.pages():
        open_page(page, site, path)
        found += [f"{path or 'home'}: {v}" for v in blocking_violations(page, site, path)]
    switch_scheme(page, "slate")
    for path in site.pages():
        open_page(page, site, path)
        dark = blocking_violations(page, site, path, COLOUR_RULES)
        found += [f"{path or 'home'} (dark): {v}" for v in dark]
    assert not found, "\n".join(found)
