"""The handbook's Markdown pages: which page shows which role, read from front matter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handbook.loading import parse_yaml
from handbook.problems import Problem, did_you_mean

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class PageIndex:
    """Role id → the docs-relative path of its page, and the problems found on the way."""

    role_pages: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def front_matter_role(text: str, shown: str) -> tuple[str | None, int | None, list[Problem]]:
    """The `role:` named in a page's front matter, its line, and any problem reading it."""
    match = _FRONT_MATTER.match(text)
    if not match or "role:" not in (match.group(1) or ""):
        return None, None, []
    doc, problems = parse_yaml(match.group(1) or "", shown)
    if doc is None:  # line numbers inside front matter are one off: the '---' line
        return (
            None,
            None,
            [Problem(p.file, (p.line or 0) + 1 or None, p.field, p.message) for p in problems],
        )
    data = doc.data if isinstance(doc.data, dict) else {}
    role = data.get("role")
    line = (doc.line_of(("role",)) or 0) + 1
    if not isinstance(role, str) or not role.strip():
        return None, line, [Problem(shown, line, "role", f"expected a role id, got {role!r}")]
    return role.strip(), line, []


def index_pages(
    docs_dir: Path, departments: Mapping[str, str], shown_root: str = "docs"
) -> PageIndex:
    """Find the page of every role (`departments`: role id → its department id).

    Reports pages naming unknown roles, roles with two pages, and roles with none.
    """
    role_ids = list(departments)
    index = PageIndex()
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        shown = f"{shown_root}/{relative}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            index.problems.append(Problem(shown, None, "", f"cannot read page: {err}"))
            continue
        role, line, problems = front_matter_role(text, shown)
        index.problems += problems
        if role is None:
            continue
        if role not in role_ids:
            index.problems.append(
                Problem(shown, line, "role", f"unknown role {role!r}{did_you_mean(role, role_ids)}")
            )
            continue
        if role in index.role_pages:
            other = index.role_pages[role]
            index.problems.append(
                Problem(shown, line, "role", f"role {role!r} already has a page: docs/{other}")
            )
            continue
        index.role_pages[role] = relative
    for role in sorted(set(role_ids) - set(index.role_pages)):
        suggested = f"{shown_root}/roles/{departments[role]}/{role}.md"
        index.problems.append(
            Problem(
                suggested,
                None,
                "",
                f"role {role!r} has no page: create this file with front matter 'role: {role}' "
                "and the line '{{ role_page() }}'",
            )
        )
    return index
