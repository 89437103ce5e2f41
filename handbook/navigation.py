"""Adding a role page to the `nav` of mkdocs.yml, as text, so its comments and layout stay.

The handbook's nav lists role pages by department: a section per department under "Roles",
one `- roles/<department>/<id>.md` line per page. A new page goes after the last page of its
department; the first page of a department opens a new section after the last role page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NavChange:
    text: str  # the new mkdocs.yml text (unchanged when nothing was added)
    added: bool
    note: str  # what happened, for the person running the command


_ENTRY = re.compile(
    r"^(?P<indent>[ \t]*)- (?:[^:\n]+:[ \t]*)?(?P<path>roles/(?P<dept>[^/\s]+)/[^\s]+\.md)[ \t]*$"
)
_NAV = re.compile(r"^nav:[ \t]*$", re.MULTILINE)


def add_role_page(text: str, department: str, section_title: str, page: str) -> NavChange:
    """`text` with `page` (docs-relative, e.g. 'roles/quality/coach.md') in the nav."""
    if not _NAV.search(text):
        return NavChange(text, False, "mkdocs.yml has no nav: the page is listed automatically")
    lines = text.splitlines(keepends=True)
    entries = [(i, m) for i, line in enumerate(lines) if (m := _ENTRY.match(line.rstrip("\n")))]
    if any(m.group("path") == page for _, m in entries):
        return NavChange(text, False, f"{page} is already in the nav of mkdocs.yml")
    own = [(i, m) for i, m in entries if m.group("dept") == department]
    if own:
        index, match = own[-1]
        new = [f"{match.group('indent')}- {page}\n"]
        note = f"added {page} to the nav of mkdocs.yml, under {section_title}"
    elif entries:
        index, match = entries[-1]
        indent = match.group("indent")
        header = _section_indent(lines, index, len(indent))
        if header is None:
            return _manual(text, page, section_title)
        new = [f"{header}- {section_title}:\n", f"{indent}- {page}\n"]
        note = f"added a new section, {section_title}, with {page} to the nav of mkdocs.yml"
    else:
        return _manual(text, page, section_title)
    if not lines[index].endswith("\n"):
        lines[index] += "\n"
    lines[index + 1 : index + 1] = new
    return NavChange("".join(lines), True, note)


def _section_indent(lines: list[str], entry: int, width: int) -> str | None:
    """The indentation of the section header that holds the entry at line `entry`."""
    for line in reversed(lines[:entry]):
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith("- ") and stripped.rstrip().endswith(":") and len(indent) < width:
            return indent
    return None


def _manual(text: str, page: str, section_title: str) -> NavChange:
    return NavChange(
        text,
        False,
        f"could not find where role pages are listed in the nav of mkdocs.yml: add "
        f"'- {page}' under {section_title} yourself",
    )
