"""Screenshots of the main pages in light and dark, on a desktop and a phone, for review.

They are written to test-artifacts/screenshots/ (or $HANDBOOK_ARTIFACTS/screenshots/) and the
run's summary names the folder.
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

PAGES = {
    "home": "",
    "org-chart": "org-chart/",
    "role-team-leader": "roles/operations/team-leader/",
}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES: dict[str, Scheme] = {"light": "default", "dark": "slate"}  # file name → Material's
MIN_BYTES = 20_000  # a blank or failed render compresses to far less


def capture(page: Page, target: Path, config: pytest.Config) -> None:
    """A full-page PNG of what the page shows now, recorded for the run's summary."""
    target.unlink(missing_ok=True)
    page.screenshot(path=target, full_page=True, animations="disabled")
    record_screenshot(config, target)


@pytest.mark.parametrize("device", VIEWPORTS)
def test_main_pages_are_captured_in_light_and_dark(
    contexts: Contexts,
    site: Site,
    screenshot_dir: Path,
    request: pytest.FixtureRequest,
    device: str,
) -> None:
    """Home, org chart and a role page, whole, as wide as the screen (no sideways scroll).

    Each page is shot as it loads (the system's light scheme), then again after the palette
    toggle has switched it to the dark scheme.
    """
    viewport = VIEWPORTS[device]
    page = contexts.page(viewport=viewport)
    for name, path in PAGES.items():
        open_page(page, site, path)
        shots = {}
        for scheme, material in SCHEMES.items():
            switch_scheme(page, material)
            shots[scheme] = screenshot_dir / f"{name}-{scheme}-{device}.png"
            capture(page, shots[scheme], request.config)

        for target in shots.values():
            width, height = png_size(target)
            assert width == viewport["width"], f"{target.name} is wider than the screen"
            assert height >= viewport["height"]
            assert target.stat().st_size > MIN_BYTES, f"{target.name} looks empty"
        light, dark = (shot.read_bytes() for shot in shots.values())
        assert light != dark, f"{name}: the dark screenshot is the light one"
