"""Web addresses from settings (the repository's, the site's): what the site may link to.

A setting's address is written by the theme into every page, inside attributes and scripts,
and MkDocs' templates do not escape it. So an address is accepted only when it is an http(s)
address that holds nothing markup or a script could read another way: no quotes, angle
brackets, backslashes, braces, white space or invisible characters. Anything else is refused,
with the reason and the fix, rather than escaped into a link that goes somewhere else.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_LENGTH = 2_000
REPOSITORY_EXAMPLE = "https://github.com/org/handbook"
SITE_EXAMPLE = "https://org.github.io/handbook/"

# Characters no address from a setting may hold: markup and script delimiters, and those that
# RFC 3986 never allows unencoded (a browser's address bar shows them percent-encoded).
_MARKUP = frozenset("\"'<>\\`{}|^")
_HOST = re.compile(r"[\w.-]+|\[[0-9A-Fa-f:.]+\]")
_SHOWN_LENGTH = 100


def _names(chars: list[str]) -> str:
    """'", <, > and spaces': the characters found, in a list a writer can read."""
    names = []
    for char in chars:
        if char == " ":
            names.append("spaces")
        elif char.isspace() or not char.isprintable():
            names.append(f"invisible characters ({ascii(char)[1:-1]})")
        else:
            names.append(char)
    names = list(dict.fromkeys(names))
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _reason(value: str) -> str | None:
    """Why `value` is not an address the site can link to, or None when it is."""
    if len(value) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH:,} characters"
    found = [c for c in value if c in _MARKUP or c.isspace() or not c.isprintable()]
    if found:
        return f"holds {_names(list(dict.fromkeys(found)))}, which a web address cannot hold"
    parts = urlsplit(value)
    if parts.scheme.lower() not in {"http", "https"} or not value.lower().startswith(
        f"{parts.scheme.lower()}://"
    ):
        return "does not start with https:// or http://"
    if "@" in parts.netloc:
        return "holds a user name or password (before '@'), which every page would show"
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    if not host or not _HOST.fullmatch(host):
        return "has no valid host name after '://'"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return "has a port that is not a number from 0 to 65535"
    return None


def _quoted(value: str) -> str:
    """The value as a message quotes it: in quotes, shortened, credentials left out."""
    if "@" in value:
        head, sep, tail = value.partition("://")
        if sep and "@" in tail.split("/", 1)[0]:
            value = f"{head}://…@{tail.split('@', 1)[1]}"
    if len(value) > _SHOWN_LENGTH:
        value = value[:_SHOWN_LENGTH] + "…"
    return repr(value)


def address_problem(value: str, example: str) -> str | None:
    """The message saying why `value` cannot be a setting's web address and how to write it
    (like `example`), or None when it can."""
    reason = _reason(value)
    if reason is None:
        return None
    return (
        f"{_quoted(value)} is not a web address the site can link to: it {reason}; write it "
        f"as your browser's address bar shows it, such as {example}"
    )
