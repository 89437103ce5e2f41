"""Instant navigation: every page is reached by clicking in-site links, in one document.

The walk starts on the home page and explores the site as a reader would: on each page it
notes the in-site links a person can see and click, and goes to the nearest page not yet seen
by clicking along links it has seen, until every page of the sitemap has been shown. Each
arrival is checked: the address, the page's heading, no script error, and no reload (a marker
set on the first page survives).
"""

from __future__ import annotations

from collections import deque

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import PHONE, Contexts, Site, expect_heading, open_page, watch_errors

pytestmark = pytest.mark.browser

# The in-site links a person can see and click on the page now, as paths from the site root.
_VISIBLE_LINKS = """(root) => {
  const seen = new Set();
  for (const a of document.querySelectorAll("a[href]")) {
    if (a.closest(".md-search, .md-footer, [hidden]")) continue;
    const rect = a.getBoundingClientRect();
    const style = getComputedStyle(a);
    if (!rect.width || !rect.height || style.visibility === "hidden") continue;
    const url = new URL(a.href, location.href);
    if (url.origin + "/" !== root && !url.href.startsWith(root)) continue;
    if (!url.href.startsWith(root)) continue;
    let path = url.pathname.slice(new URL(root).pathname.length);
    if (path.endsWith("index.html")) path = path.slice(0, -"index.html".length);
    if (!path.endsWith("/") && path !== "") continue;  // files such as roles.json
    seen.add(path);
  }
  return [...seen];
}"""

_CLICK = """([root, target]) => {
  for (const a of document.querySelectorAll("a[href]")) {
    if (a.closest(".md-search, .md-footer, [hidden]")) continue;
    const rect = a.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    const url = new URL(a.href, location.href);
    if (url.hash && url.pathname === location.pathname) continue;
    let path = url.pathname.slice(new URL(root).pathname.length);
    if (path.endsWith("index.html")) path = path.slice(0, -"index.html".length);
    if (path === target) { a.setAttribute("data-walk-next", ""); return true; }
  }
  return false;
}"""


# What the top of the open menu shows: a nested panel's back arrow, or the main menu.
_PANEL_TOP = """() => {
  const element = document.elementFromPoint(24, 24);
  return element && element.closest("label.md-nav__title[for^='__nav_']") ? "back" : "main";
}"""


def same_document(page: Page) -> bool:
    """Whether the marker set on the first load is still there, i.e. nothing reloaded."""
    return bool(page.evaluate("window.__handbookMarker === 'first load'"))


def _path_to(graph: dict[str, set[str]], start: str, wanted: set[str]) -> list[str] | None:
    """The shortest chain of known links from `start` to any page of `wanted`."""
    came: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node in wanted:
            path = [node]
            while came[path[-1]] is not None:
                path.append(came[path[-1]])  # type: ignore[arg-type]
            return path[::-1]
        for nxt in sorted(graph.get(node, ())):
            if nxt not in came:
                came[nxt] = node
                queue.append(nxt)
    return None


def walk(page: Page, site: Site) -> list[str]:
    """Visit every page of the sitemap by clicking; returns the pages in the order shown."""
    errors = watch_errors(page)
    open_page(page, site, "")
    page.evaluate("window.__handbookMarker = 'first load'")
    pages = set(site.pages())
    here = ""
    shown = [here]
    graph: dict[str, set[str]] = {here: set(page.evaluate(_VISIBLE_LINKS, site.url))}
    while pages - set(shown):
        route = _path_to(graph, here, pages - set(shown))
        assert route, f"no visible link leads on to {sorted(pages - set(shown))[:5]}"
        for target in route[1:]:
            assert page.evaluate(_CLICK, [site.url, target]), f"no link to {target} on {here}"
            page.locator("[data-walk-next]").first.click()
            page.wait_for_url(site(target))
            expect_heading(page, site.heading(target))
            assert same_document(page), f"following a link to {target} reloaded the page"
            assert errors == [], f"on {target}: {errors}"
            here = target
            if target not in graph:
                graph[target] = set(page.evaluate(_VISIBLE_LINKS, site.url))
                shown.append(target)
    return shown


# The words of role names in tables that a line break cuts in two, on the page now.
_BROKEN_WORDS = """() => {
  const broken = [];
  for (const a of document.querySelectorAll(".hb-table a")) {
    for (const text of a.childNodes) {
      if (text.nodeType !== Node.TEXT_NODE) continue;
      const words = /\\S+/g;
      for (let m; (m = words.exec(text.data)); ) {
        const range = document.createRange();
        range.setStart(text, m.index);
        range.setEnd(text, m.index + m[0].length);
        if (range.getClientRects().length > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_every_page_is_reached_by_clicking_without_a_reload(page: Page, site: Site) -> None:
    shown = walk(page, site)
    assert set(shown) == set(site.pages())


def test_on_a_phone_the_menu_and_page_links_reach_every_department(
    contexts: Contexts, site: Site
) -> None:
    """On a 390 px phone, through the drawer menu: each department's page, without a reload."""
    page = contexts.page(viewport=PHONE)
    errors = watch_errors(page)
    open_page(page, site, "")
    page.evaluate("window.__handbookMarker = 'first load'")
    departments = [p for p in site.pages() if p.count("/") == 2 and p.startswith("roles/")]
    assert departments
    for target in departments:
        page.locator("label.md-header__button[for='__drawer']").click()
        page.wait_for_timeout(600)  # the drawer slides in
        drawer = page.locator("nav.md-nav--primary")
        link = drawer.locator(f'a[href$="/{target}"]').first
        for _ in range(4):  # the menu opens at the current page's section: go back up to Roles
            try:
                link.click(trial=True, timeout=1_000)
                break
            except PlaywrightError:
                pass
            top = page.evaluate(_PANEL_TOP)
            if top == "back":
                page.mouse.click(24, 24)  # the open panel's back arrow
            else:
                drawer.locator(".md-nav__container:has(> a[href$='/roles/']) > label").first.click()
            page.wait_for_timeout(400)
        link.click()
        page.wait_for_url(site(target))
        expect_heading(page, site.heading(target))
        assert same_document(page), f"the menu's link to {target} reloaded the page"
        # The department's roles are listed in a table whose names keep their words whole.
        assert page.locator(".hb-table a").count() > 0, target
        assert page.evaluate(_BROKEN_WORDS) == [], target
    assert errors == []
