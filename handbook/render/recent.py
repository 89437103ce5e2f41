"""What changed and when: the "What changed" page and the date on each role page.

Both come from `handbook.history` (the git history of the data folder, read once per build and
filtered for the audience). Without history they say so, or nothing: never a date or a change
that may be wrong. This module groups the changes by day and by role; the templates under
recent/ write them, dates in the handbook's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from handbook import history
from handbook.history import Entry, Line
from handbook.i18n import N_
from handbook.render.context import Context

NO_HISTORY = N_(
    "There is nothing to show here: this copy of the handbook was built without the history "
    "of its role data (git's record of each change), as happens with a downloaded copy or a "
    "folder that is not a git clone."
)


def last_changed(ctx: Context, role_id: str) -> str | None:
    """When the role last changed, as HTML for its facts (template recent/time.html); None when
    that is not known."""
    found = history.of(ctx.handbook)
    date = found.changed(role_id) if found is not None else None
    return Markup(ctx.render("recent/time.html", date=date)) if date is not None else None


def _by_role(ctx: Context, lines: Sequence[Line]) -> list[dict[str, Any]]:
    """Each role's changes, in the order the roles first appear: its title, the URL of its page
    (None when it has none: a role removed since) and what changed."""
    groups: dict[tuple[str | None, str], dict[str, Any]] = {}
    for line in lines:
        key = (line.role_id, line.title) if line.role_id is None else (line.role_id, "")
        if key not in groups:
            rid = line.role_id
            url = ctx.links.url(rid) if rid is not None and rid in ctx.links.role_pages else None
            groups[key] = {"title": line.title, "url": url, "texts": []}
        groups[key]["texts"].append(line.text)
    return list(groups.values())


def _day(ctx: Context, date: dt.date, entries: Sequence[Entry]) -> dict[str, Any]:
    """One day's changes: by role, then the handbook's beginning (with how many roles)."""
    lines = [line for entry in entries for line in entry.lines]
    began = [entry.began for entry in entries if entry.began is not None]
    return {"date": date, "roles": _by_role(ctx, lines), "began": began}


def recent_changes(ctx: Context) -> str:
    """The recent changes to the roles, newest first, under a heading per day (template
    recent/changes.md)."""
    found = history.of(ctx.handbook)
    view: dict[str, Any] = {"history": None, "reason": None, "began": False, "days": []}
    if found is not None and found.since is None and found.stops is not None:
        # A clone of the latest commit: what it holds is not known to be a change.
        return ctx.render("recent/changes.md", **view, stops=found.stops)
    if found is None or found.reason is not None or found.since is None:
        view["reason"] = ctx.language.gettext(NO_HISTORY)
        return ctx.render("recent/changes.md", **view, stops=None)
    days: dict[dt.date, list[Entry]] = {}
    for entry in found.entries:  # newest first; a day's commits stay together
        days.setdefault(entry.day, []).append(entry)
    view["history"] = found
    view["began"] = bool(found.entries) and found.entries[-1].began is not None
    view["days"] = [_day(ctx, date, days[date]) for date in sorted(days, reverse=True)]
    return ctx.render("recent/changes.md", **view, stops=found.stops) + "\n"
