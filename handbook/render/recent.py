"""What changed and when: the "What changed" page and the date on each role page.

Both come from `handbook.history` (the git history of the data folder, read once per build and
filtered for the audience). Without history they say so, or nothing: never a date or a change
that may be wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date

from handbook import history
from handbook.history import Entry, History, Line
from handbook.render import markup
from handbook.render.context import Context
from handbook.render.plural import ngettext

# The handbook's language for dates (English for now; a translation sets the handbook's own).
LOCALE = "en"

NO_HISTORY = (
    "There is nothing to show here: this copy of the handbook was built without the history "
    "of its role data (git's record of each change), as happens with a downloaded copy or a "
    "folder that is not a git clone."
)


def day(date: dt.date) -> str:
    """A date in the handbook's long format ('March 12, 2025' in English)."""
    return str(format_date(date, format="long", locale=LOCALE))


def _time(date: dt.date) -> str:
    return f'<time datetime="{date.isoformat()}">{markup.html(day(date))}</time>'


def last_changed(ctx: Context, role_id: str) -> str | None:
    """When the role last changed, as HTML for its facts; None when that is not known."""
    found = history.of(ctx.handbook)
    date = found.changed(role_id) if found is not None else None
    return _time(date) if date is not None else None


def _stops(date: dt.date) -> str:
    return f"This copy's history stops on {day(date)}: what changed before is not shown."


def _scope(found: History) -> str:
    """The sentence that says which changes the page lists."""
    began = bool(found.entries) and found.entries[-1].began is not None
    if found.more:
        text = ngettext(
            "The latest change to the role data, on %(day)s.",
            "The changes of the last %(n)s commits to the role data, since %(day)s.",
            found.looked_at,
        )
    elif began:
        text = "Every change to the role data since the handbook began, on %(day)s."
    else:
        text = "Every change to the role data since %(day)s."
    assert found.since is not None
    parts = [text.replace("%(day)s", day(found.since))]
    if found.stops is not None:
        parts.append(_stops(found.stops))
    return " ".join(parts)


def _by_role(lines: Sequence[Line]) -> list[tuple[Line, list[str]]]:
    """Each role's changes, in the order the roles first appear."""
    groups: dict[tuple[str | None, str], tuple[Line, list[str]]] = {}
    for line in lines:
        key = (line.role_id, line.title) if line.role_id is None else (line.role_id, "")
        groups.setdefault(key, (line, []))[1].append(line.text)
    return list(groups.values())


def _role_name(ctx: Context, line: Line) -> str:
    title = markup.html(line.title)
    if line.role_id is not None and line.role_id in ctx.links.role_pages:
        return f'<a href="{ctx.links.url(line.role_id)}">{title}</a>'
    return f"<strong>{title}</strong>"


def _day_section(ctx: Context, date: dt.date, entries: Sequence[Entry]) -> str:
    parts = [f"## {markup.md(day(date))}"]
    lines = [line for entry in entries for line in entry.lines]
    if lines:
        items = "".join(
            f"<li>{_role_name(ctx, first)}<ul>"
            + "".join(f"<li>{markup.html(text)}</li>" for text in texts)
            + "</ul></li>"
            for first, texts in _by_role(lines)
        )
        parts.append(f'<ul class="hb-list hb-changes">{items}</ul>')
    for entry in entries:
        if entry.began is not None:
            began = ngettext(
                "The handbook began, with one role.",
                "The handbook began, with %(n)s roles.",
                entry.began,
            )
            parts.append(f"<p>{markup.html(began)}</p>")
    return "\n\n".join(parts)


def recent_changes(ctx: Context) -> str:
    """The recent changes to the roles, newest first, under a heading per day."""
    found = history.of(ctx.handbook)
    if found is not None and found.since is None and found.stops is not None:
        return f"<p>{markup.html(_stops(found.stops))}</p>"  # a clone of the latest commit
    if found is None or found.reason is not None or found.since is None:
        return f"<p>{markup.html(NO_HISTORY)}</p>"
    parts = [f"<p>{markup.html(_scope(found))}</p>"]
    if not found.entries:
        parts.append("<p>No role has changed in that time.</p>")
    days: dict[dt.date, list[Entry]] = {}
    for entry in found.entries:  # newest first; a day's commits stay together
        days.setdefault(entry.day, []).append(entry)
    for date in sorted(days, reverse=True):
        parts.append(_day_section(ctx, date, days[date]))
    return "\n\n".join(parts) + "\n"
