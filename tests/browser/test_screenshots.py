"""Screenshots of every page, light and dark, on a desktop and a phone, for review.

They are written to test-artifacts/screenshots/ (or $HANDBOOK_ARTIFACTS/screenshots/), one
file per page, scheme and device, and the run's summary names the folder. Each is checked: as
wide as the screen (no page scrolls sideways), and not blank.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    Contexts,
    Scheme,
    Site,
    open_page,
    png_size,
    record_screenshot,
    switch_scheme,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES: dict[str, Scheme] = {"light": "default", "dark": "slate"}  # file name → Material's
MIN_BYTES = 15_000  # a blank or failed render compresses to far less


def capture(page: Page, target: Path, config: pytest.Config) -> None:
    """A full-page PNG of what the page shows now, recorded for the run's summary."""
    target.unlink(missing_ok=True)
    page.screenshot(path=target, full_page=True, animations="disabled")
    record_screenshot(config, target)


def file_name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize("device", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_is_captured(
    contexts: Contexts,
    site: Site,
    screenshot_dir: Path,
    request: pytest.FixtureRequest,
    device: str,
    scheme: str,
) -> None:
    viewport = VIEWPORTS[device]
    page = contexts.page(viewport=viewport)
    open_page(page, site, "")
    switch_scheme(page, SCHEMES[scheme])  # Material keeps the choice for the next pages
    problems = []
    for path in site.pages():
        open_page(page, site, path)
        target = screenshot_dir / f"{file_name(path)}-{scheme}-{device}.png"
        capture(page, target, request.config)
        width, height = png_size(target)
        if width != viewport["width"]:
            problems.append(f"{target.name}: {width} px wide, the page scrolls sideways")
        if height < viewport["height"] or target.stat().st_size < MIN_BYTES:
            problems.append(f"{target.name} looks empty")
    assert problems == [], "\n".join(problems)
