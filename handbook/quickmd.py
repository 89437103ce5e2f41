"""Generated pages that are only headings and set-aside HTML blocks, made HTML without a parser.

Once the macros have run, a generated role page is a title, section headings, the markers of
its HTML blocks (`Build.set_aside`) and the KPI abbreviations appended for the `abbr`
extension. Python-Markdown spends about 2 ms on such a page setting up and running its
extensions over next to nothing: at 1,000 roles, a fifth of the build. `convert` writes the
same HTML, table of contents and title that Python-Markdown with the `toc` extension gives,
and declines (returns None) on anything else, which then takes the ordinary path: a heading
with any character Markdown or an extension could treat specially, a line of prose, a list.
The adapter says which ids to give headings (the `toc` extension's own functions) and calls
this only when the configured extensions are ones that leave such a page alone. A test holds
both paths equal on every generated page of several handbooks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Text Markdown and the handbook's extensions leave as it is: letters and digits of any script,
# spaces and a little punctuation (no emphasis, code, links, entities, attribute lists, emoji
# shortcodes, escapes or HTML).
_PLAIN = re.compile(r"(?:[^\W_]|[.,;'()/?%+-])+(?: (?:[^\W_]|[.,;'()/?%+-])+)*")
_HEADING = re.compile(r"(#{1,2}) (.*)")
_MARKER = re.compile(r"<!--[\w-]*-->")
_ABBREVIATION = re.compile(r"\*\[([^\]\\]+)\]: \S.*")


@dataclass
class Converted:
    """A page's HTML, its table of contents (MkDocs' token shape) and its title."""

    html: str
    toc: list[dict[str, Any]]
    title: str | None
    ids: set[str] = field(default_factory=set)


def convert(
    markdown: str, make_id: Callable[[str, set[str]], str], permalink: str | None
) -> Converted | None:
    """`markdown` as HTML when it holds only one title (`# …`), section headings (`## …`),
    HTML comment markers on lines of their own between blank lines, and abbreviation
    definitions; None otherwise. `make_id(text, used)` gives a heading's id (and records it in
    `used`); `permalink` is the text of each heading's permanent link, None for none."""
    lines = markdown.split("\n")
    parts: list[str] = []
    headings: list[tuple[int, str, str]] = []
    terms: list[str] = []
    used: set[str] = set()
    for i, line in enumerate(lines):
        if not line:
            continue
        if terms and not _ABBREVIATION.fullmatch(line):
            return None  # the definitions close the page
        heading = _HEADING.fullmatch(line)
        if heading is not None:
            level, text = len(heading.group(1)), heading.group(2)
            if not _PLAIN.fullmatch(text) or (level == 1) != (not headings):
                return None
            anchor = make_id(text, used)
            link = (
                f'<a class="headerlink" href="#{anchor}" title="Permanent link">{permalink}</a>'
                if permalink is not None
                else ""
            )
            parts.append(f'<h{level} id="{anchor}">{text}{link}</h{level}>\n')
            headings.append((level, anchor, text))
        elif _MARKER.fullmatch(line):
            if (i and lines[i - 1]) or (i + 1 < len(lines) and lines[i + 1]):
                return None  # Markdown would read it together with its neighbour
            parts.append(line + "\n\n")
        elif _ABBREVIATION.fullmatch(line):
            terms.append(_ABBREVIATION.fullmatch(line).group(1))  # type: ignore[union-attr]
        else:
            return None
    if not headings:
        return None
    if any(term in text for term in terms for _, _, text in headings):
        return None  # the abbr extension would mark the term up
    (_, top, title), *sections = headings
    toc = [
        {
            "level": 1,
            "id": top,
            "name": title,
            "children": [
                {"level": 2, "id": anchor, "name": text, "children": []}
                for _, anchor, text in sections
            ],
        }
    ]
    return Converted("".join(parts).strip(), toc, title, used)
