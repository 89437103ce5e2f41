"""Fixtures and helpers for the browser acceptance suite.

The session builds the default handbook once (strict, as CI does), serves it with a threaded
`http.server` on 127.0.0.1 and launches one Chromium; every test gets fresh browser contexts.
Chromium is the Debian package at /usr/bin/chromium, or the executable named by
HANDBOOK_CHROMIUM. Without it the tests are skipped, except under CI (`CI` set), where a
missing browser fails them. Screenshots go to test-artifacts/screenshots/ at the repository
root, or to $HANDBOOK_ARTIFACTS/screenshots/.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import struct
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Locator,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)

from handbook.model import Handbook
from handbook.validation import read_handbook
from tests.site import ROOT, Build, build

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Other hosts do not resolve, so a stray request fails at once instead of hanging a test
    # (the request is still reported to `page.on("request")`). Routing would do the same but
    # turns Chromium's HTTP cache off, which makes every page load slow.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
Scheme = Literal["default", "slate"]  # Material's light and dark colour schemes

SCREENSHOT_DIR = pytest.StashKey[Path]()
SCREENSHOTS = pytest.StashKey[list[Path]]()


# ---- Chromium ---------------------------------------------------------------------------------


def chromium_executable() -> Path:
    """The Chromium the suite drives: $HANDBOOK_CHROMIUM, else the Debian package's."""
    return Path(os.environ.get("HANDBOOK_CHROMIUM") or CHROMIUM)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's path; skips the browser tests without it (fails them when CI is set)."""
    path = chromium_executable()
    if path.is_file() and os.access(path, os.X_OK):
        return str(path)
    message = (
        f"no Chromium at {path}: the browser tests need it. Enable them with "
        "`apt-get install -y chromium`, or set HANDBOOK_CHROMIUM to a Chromium executable."
    )
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so a missing browser is a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(chromium: str, playwright: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


# ---- The role data and the built, served handbook ----------------------------------------------


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    """The default handbook's role data, read with the core package."""
    result = read_handbook(ROOT / "roles_data")
    assert result.handbook is not None, [str(problem) for problem in result.problems]
    return result.handbook


def role_path(handbook: Handbook, role_id: str) -> str:
    """The path of a role's page from the site root (docs/roles/<department>/<id>.md)."""
    return f"roles/{handbook.roles[role_id].department}/{role_id}/"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site, quietly, letting the browser cache it as a static host would."""

    def end_headers(self) -> None:
        # The site does not change during the session: without this, every page load asks the
        # server again for the same 3.5 MB of scripts and styles.
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The browser drops connections it no longer needs (a page left early): not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


@dataclass(frozen=True)
class Site:
    """The handbook built into `root` and served at `url` (which ends with a slash)."""

    url: str
    root: Path

    def __call__(self, path: str = "") -> str:
        """The absolute URL of a page, given its path from the site root ("careers/")."""
        return self.url + path.lstrip("/")

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")

    def path_of(self, url: str) -> str:
        """A served URL's path from the site root, without query or fragment."""
        path = urlparse(url).path
        return path.removeprefix(urlparse(self.url).path)

    def pages(self) -> list[str]:
        """The path of every page, as the built sitemap lists them."""
        tree = ElementTree.parse(self.root / "sitemap.xml")
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        return [self.path_of(loc.text or "") for loc in tree.iterfind("s:url/s:loc", namespace)]

    def html(self, path: str) -> str:
        """The built HTML of the page at `path`."""
        return (self.root / path / "index.html").read_text(encoding="utf-8")

    def heading(self, path: str) -> str:
        """The text of the built page's h1 (without its permalink)."""
        match = H1.search(self.html(path))
        assert match, f"{path} has no h1"
        text = re.sub(r"<a [^>]*headerlink[^>]*>.*?</a>", "", match.group(1), flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The default handbook, built once and served on 127.0.0.1 on a free port.

    The server binds first so the build can be given its address as HANDBOOK_SITE_URL, as CI
    gives the published one: Material's instant navigation only intercepts links found in
    sitemap.xml, and when matching them it keeps the sitemap's port.
    """
    root = tmp_path_factory.mktemp("browser") / "site"
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HANDBOOK_SITE_URL", url)
            result = build(ROOT, root)
        if result.code != 0:
            pytest.fail(f"the handbook did not build:\n{result.log}", pytrace=False)
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield Site(url, root)
        finally:
            server.shutdown()
            thread.join()
    finally:
        server.server_close()


@contextlib.contextmanager
def built_and_served(
    project: Path, root: Path, data: Path | None = None, audience: str | None = None
) -> Iterator[tuple[Site, Build]]:
    """Build `project` strictly into `root` and serve it on 127.0.0.1, as `site` does for the
    default handbook (the address is bound first and given to the build as its site URL).
    Yields the site and the build's result; the site is served only when the build succeeded.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HANDBOOK_SITE_URL", url)
            result = build(project, root, data=data, audience=audience)
        if result.code != 0:
            yield Site(url, root), result
            return
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        try:
            yield Site(url, root), result
        finally:
            server.shutdown()
            thread.join()
    finally:
        server.server_close()


def watch_dialogs(page: Page) -> list[str]:
    """Script dialogs (alert, confirm, prompt) `page` opens from now on; each is dismissed."""
    opened: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


# ---- Contexts and pages -----------------------------------------------------------------------


class Contexts:
    """Makes browser contexts for one test and closes them after it."""

    def __init__(self, browser: Browser, site: Site) -> None:
        self.browser = browser
        self.site = site
        self.opened: list[BrowserContext] = []

    def new(
        self, viewport: ViewportSize = DESKTOP, color_scheme: Literal["light", "dark"] = "light"
    ) -> BrowserContext:
        context = self.browser.new_context(
            viewport=viewport, color_scheme=color_scheme, base_url=self.site.url
        )
        self.opened.append(context)
        return context

    def page(
        self, viewport: ViewportSize = DESKTOP, color_scheme: Literal["light", "dark"] = "light"
    ) -> Page:
        """A page in a new context of its own."""
        return self.new(viewport, color_scheme).new_page()

    def close(self) -> None:
        for context in self.opened:
            context.close()


@pytest.fixture
def contexts(browser: Browser, site: Site) -> Iterator[Contexts]:
    made = Contexts(browser, site)
    yield made
    made.close()


@pytest.fixture
def page(contexts: Contexts) -> Page:
    """A desktop-sized (1280×800) page in the light scheme."""
    return contexts.page()


def watch_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of `page` from now on, collected as they happen."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"console error: {message.text} ({message.location.get('url')})")

    def on_page_error(error: Error) -> None:
        errors.append(f"uncaught: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


def expect_heading(page: Page, title: str) -> None:
    """Wait until the page's h1 reads `title` (its "¶" permalink aside)."""
    heading = page.locator("article h1")
    expect(heading).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))


def open_page(page: Page, site: Site, path: str) -> None:
    """Load a page of the site (diagrams are drawn at build time: nothing to wait for)."""
    page.goto(site(path))
    page.wait_for_load_state("load")


# ---- Search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One page in Material's search results: its path from the site root and its title, and
    the path (with its #anchor) of the page's best-matching section when one is listed."""

    path: str
    title: str
    section: str = ""


SEARCH_DONE = re.compile(r"\d+ matching documents?|No matching documents")


def _result_path(site: Site, href: str) -> str:
    """A result link's path from the site root, with its #anchor, without the highlight query."""
    parsed = urlparse(href)
    path = site.path_of(href)
    return path + (f"#{parsed.fragment}" if parsed.fragment else "")


def search(page: Page, site: Site, query: str) -> list[SearchHit]:
    """Type `query` into the header's search box and read the listed pages, best first.

    The query is entered at once, so the results shown are those of the whole query and
    never of a prefix still being typed; the results of an earlier query are cleared first.
    """
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    if SEARCH_DONE.fullmatch(meta.inner_text().strip()):  # an earlier query's results
        box.fill("")
        box.press("End")
        expect(meta).not_to_have_text(SEARCH_DONE)
    box.fill(query)
    box.press("End")  # Material searches on keyup
    expect(meta).to_have_text(SEARCH_DONE, timeout=15_000)
    found = re.match(r"\d+", meta.inner_text())
    if not found:
        # "No matching documents" may be the late answer to the cleared box: ask once more,
        # as a person would by pressing a key; a query that finds nothing still finds nothing.
        page.wait_for_timeout(300)
        box.fill(query + " ")
        box.press("End")
        box.fill(query)
        box.press("End")
        expect(meta).to_have_text(SEARCH_DONE, timeout=15_000)
        found = re.match(r"\d+", meta.inner_text())
    items = page.locator(".md-search-result__list > .md-search-result__item")
    # Material lists the first ten results at once, and more as the list is scrolled.
    expect(items).to_have_count(min(int(found[0]), 10) if found else 0)
    hits = []
    for item in items.all():
        links = item.locator("a.md-search-result__link")
        first = links.first
        section = (
            _result_path(site, links.nth(1).get_attribute("href") or "")
            if links.count() > 1
            else ""
        )
        hits.append(
            SearchHit(
                site.path_of(first.get_attribute("href") or ""),
                first.locator("h1").inner_text().strip(),
                section,
            )
        )
    return hits


# ---- Colour schemes and contrast --------------------------------------------------------------


def switch_scheme(page: Page, scheme: Scheme) -> None:
    """Click the palette toggle in the header until Material shows `scheme`.

    The toggle cycles system preference → light → dark; at most three clicks reach any.
    """
    body = page.locator("body")
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    for _ in range(3):
        if body.get_attribute("data-md-color-scheme") == scheme:
            return
        toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", scheme)


RGBA = tuple[float, float, float, float]
_COLOR = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_color(css: str, opacity: float = 1.0) -> RGBA:
    """A computed CSS colour ("rgb(…)"/"rgba(…)") as 0–255 channels and an alpha."""
    match = _COLOR.fullmatch(css.strip())
    if match is None:
        raise ValueError(f"cannot read the computed colour {css!r}")
    r, g, b, a = match.groups()
    alpha = 1.0 if a is None else float(a.rstrip("%")) / (100 if a.endswith("%") else 1)
    return float(r), float(g), float(b), alpha * opacity


def over(top: RGBA, bottom: RGBA) -> RGBA:
    """`top` painted over the opaque colour `bottom`."""
    a = top[3]
    r, g, b = (top[i] * a + bottom[i] * (1 - a) for i in range(3))
    return r, g, b, 1.0


def luminance(color: RGBA) -> float:
    """WCAG 2 relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in color[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: RGBA, second: RGBA) -> float:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Collects, for each element, a colour of it (its text colour unless told otherwise, maybe of a
# pseudo-element) and the backgrounds painted behind it, nearest first. A diagram's text
# (an SVG <text>) is painted over the node box drawn just before it, then the page.
_COLOURS = """(elements, [property, pseudo]) => elements.map((el) => {
  const layers = [];
  if (el instanceof SVGTextElement) {
    let shape = el.previousElementSibling;
    while (shape && !(shape instanceof SVGRectElement)) shape = shape.previousElementSibling;
    if (shape) {
      const s = getComputedStyle(shape);
      layers.push([s.fill, parseFloat(s.fillOpacity)]);
    }
  }
  for (let node = el; node; ) {
    if (node instanceof HTMLElement) {
      layers.push([getComputedStyle(node).backgroundColor, 1]);
    }
    const root = node.getRootNode();
    node = node.parentElement || (root instanceof ShadowRoot ? root.host : null);
  }
  const style = getComputedStyle(el, pseudo);
  const svgText = el instanceof SVGTextElement && property === "color";
  const colour = svgText ? style.fill : style[property];
  return {
    text: el.textContent.trim(),
    color: colour,
    size: parseFloat(style.fontSize),
    weight: parseInt(style.fontWeight, 10),
    layers,
  };
})"""


@dataclass(frozen=True)
class TextContrast:
    """A piece of text, its colour and effective background, and what WCAG AA asks of it."""

    text: str
    foreground: RGBA
    background: RGBA
    size: float
    weight: int

    @property
    def ratio(self) -> float:
        return contrast_ratio(self.foreground, self.background)

    @property
    def required(self) -> float:
        """4.5:1 for normal text, 3:1 for large text (24 px, or 18.66 px bold)."""
        large = self.size >= 24 or (self.size >= 18.66 and self.weight >= 700)
        return 3.0 if large else 4.5

    def __str__(self) -> str:
        return f"{self.text!r}: {self.ratio:.2f}:1 (needs {self.required}:1)"


def text_contrasts(
    texts: Locator, colour: str = "color", pseudo: str | None = None
) -> list[TextContrast]:
    """The contrast of every element `texts` matches against what is painted behind it.

    `colour` names another computed colour to measure (a border's, say), and `pseudo` a
    pseudo-element ("::before") to take it from.
    """
    results = []
    for sample in texts.evaluate_all(_COLOURS, [colour, pseudo]):
        background: RGBA = (255.0, 255.0, 255.0, 1.0)  # the canvas, under everything
        layers = [parse_color(color, opacity) for color, opacity in sample["layers"]]
        opaque = next((i for i, layer in enumerate(layers) if layer[3] >= 1), len(layers))
        if opaque < len(layers):
            background = layers[opaque]
        for layer in reversed(layers[:opaque]):
            background = over(layer, background)
        foreground = over(parse_color(sample["color"]), background)
        results.append(
            TextContrast(sample["text"], foreground, background, sample["size"], sample["weight"])
        )
    return results


# ---- Files: PDF pages, PNG screenshots --------------------------------------------------------


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF: its `/Type /Page` objects (the page tree's `/Pages` nodes excluded)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header; fails if the file is not a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE and head[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def artifacts_root() -> Path:
    """Where test artifacts go: $HANDBOOK_ARTIFACTS, else test-artifacts/ in the repository."""
    return Path(os.environ.get("HANDBOOK_ARTIFACTS") or ROOT / "test-artifacts")


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig: pytest.Config) -> Path:
    """The screenshots folder, created; the end-of-run summary names it."""
    path = artifacts_root() / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    pytestconfig.stash[SCREENSHOT_DIR] = path
    pytestconfig.stash[SCREENSHOTS] = []
    return path


def record_screenshot(config: pytest.Config, path: Path) -> None:
    """Note a screenshot written in this run, for the summary."""
    config.stash[SCREENSHOTS].append(path)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """After the run, say where this run's screenshots are."""
    folder = config.stash.get(SCREENSHOT_DIR, None)
    if folder is None:
        return
    written = config.stash.get(SCREENSHOTS, [])
    terminalreporter.write_sep("-", "browser screenshots")
    terminalreporter.write_line(f"{len(written)} screenshot(s) written to {folder}")
