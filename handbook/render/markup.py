"""Escaping for the languages the renderers write: Markdown and HTML (SVG included).

Every piece of text that comes from the data goes through one of these, so a title with
`<`, `"`, `|`, `[`, `{{` or a newline shows as that text, never as markup.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Sequence

from markupsafe import Markup

from handbook.names import id_from

# Characters that mean something to Markdown, its extensions, tables or Jinja, written as
# numeric entities: Markdown leaves entities alone and the browser shows the character.
# Text is always inline (never at the start of a line), so list and heading markers are safe.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in '\\`*_{}[]<>#|~=^:"&'}


# What would make a line start a block (a list item, an admonition, a collapsible block, a
# rule) when text is placed at the start of a line: its marker is written as an entity.
_BLOCK_START = re.compile(r"(?:[-+!?]|[0-9]+[.)])")


def md(text: str) -> str:
    """Markdown text (paragraphs, table cells, link text) that shows exactly `text`.

    Safe inline and at the start of a line: `- x`, `1. x`, `!!! note` or `??? x` stay text.
    """
    out = " ".join("".join(_MD_SPECIAL.get(c, c) for c in text).split())
    start = _BLOCK_START.match(out)
    if start:
        end = start.end() - 1
        out = out[:end] + f"&#{ord(out[end])};" + out[end + 1 :]
    return out


def paragraph(text: str) -> str:
    """A paragraph of its own holding exactly `text`."""
    return md(text)


# What `html` changes: the characters it escapes, and white space other than single spaces
# between words (`str.split`'s white space). Most text has none, and is returned as it is.
_HTML_CHANGES = re.compile(
    "[&<>\"'{}\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def html(text: str) -> str:
    """Text inside HTML elements or attribute values (braces too, so no template sees `{{`)."""
    if (
        _HTML_CHANGES.search(text) is None
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
    ):
        return text
    escaped = _html.escape(" ".join(text.split()), quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;")


def safe_html(text: str) -> Markup:
    """`html(text)` marked as safe for Jinja: for values the theme writes both raw and through
    its `e` filter (site name, page titles), which then show `text` as written in both."""
    return Markup(html(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def slug(text: str) -> str:
    """A short key for `text` made of lowercase letters, digits and hyphens (for HTML data)."""
    return id_from(text) or f"x{sum(map(ord, text)):x}"
