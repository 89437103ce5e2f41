"""Where role pages live, and links to them from the page being rendered."""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Links:
    """Links from one page (`page`, a docs-relative .md path) to role pages and anchors."""

    page: str
    role_pages: Mapping[str, str]
    directory_urls: bool = True
    department_pages: Mapping[str, str] = field(default_factory=dict)

    def doc(self, path: str, anchor: str = "") -> str:
        """A Markdown link target to any page, by its docs-relative path (a relative .md path,
        which MkDocs validates and rewrites)."""
        target = _relpath(path, posixpath.dirname(self.page))
        return target + (f"#{anchor}" if anchor else "")

    def url(self, role_id: str, anchor: str = "") -> str:
        """A final URL relative to the built page, for raw HTML and diagrams (not rewritten)."""
        return self.page_url(self.role_pages[role_id], anchor)

    def department_url(self, department: str) -> str:
        return self.page_url(self.department_pages[department])

    def page_url(self, src: str, anchor: str = "") -> str:
        """The final URL of any page (by its docs-relative .md path), relative to this one."""
        return self._relative_url(self._url_of(src)) + (f"#{anchor}" if anchor else "")

    def _url_of(self, src: str) -> str:
        stem = src[: -len(".md")]
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index" or stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    @functools.cached_property
    def _base(self) -> str:
        """The folder of this page's URL, the start of every relative URL from it."""
        here = self._url_of(self.page)
        base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
        return base.rstrip("/")

    @functools.cached_property
    def _ups(self) -> list[tuple[str, str]]:
        """Each folder from this page's URL folder up to the site's root, with the relative
        URL that leads up to it: ('roles/ops/agent/', ''), ('roles/ops/', '../'), … ('', …)."""
        parts = self._base.split("/") if self._base else []
        return [
            ("/".join(parts[:n]) + "/" if n else "", "../" * (len(parts) - n))
            for n in range(len(parts), -1, -1)
        ]

    def _relative_url(self, target: str) -> str:
        """`target` (a site-relative URL) relative to this page: up to the nearest folder the
        two share, then down (the shared folders are the start of `target`)."""
        for folder, up in self._ups:
            if target.startswith(folder):
                return up + target[len(folder) :] or "./"
        raise AssertionError("unreachable: the root folder starts every URL")  # pragma: no cover


def _relpath(path: str, start: str) -> str:
    """`path` relative to the folder `start`, both relative to the same root and without `..`
    (as `posixpath.relpath` gives, without its look at the file system's working folder)."""
    to = [p for p in path.split("/") if p and p != "."]
    at = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    parts = [".."] * (len(at) - common) + to[common:]
    return "/".join(parts) or "."
