"""What a page gives the search index: its HTML without the parts marked to stay out of search.

Material's search reads every tag of a page's HTML with Python's HTMLParser and drops the
elements that carry `data-search-exclude` only after parsing them. On a role page those are
the diagram, the checklists and the other repeated lists, more than half of its tags: cutting
them out of the text first, with one regular-expression scan, gives the same index for a
fraction of the parsing.
"""

from __future__ import annotations

import functools
import re

ATTRIBUTE = "data-search-exclude"
_EXCLUDED = re.compile(r"<([a-zA-Z][\w-]*)(?=[\s/>])[^>]*?\sdata-search-exclude(?=[\s=/>])[^>]*>")
# Starting with a literal lets the engine jump between candidates instead of trying every
# character of the page (20 times faster on a role page).
_SEARCH_ATTRIBUTES = re.compile(r' data-search-\w+="[^"]*"')
_VOID = frozenset(
    "area base br col embed hr img input link meta source track wbr".split()  # noqa: SIM905
)


@functools.cache
def _tags_named(name: str) -> re.Pattern[str]:
    """Opening and closing tags of elements called `name` (not of longer names)."""
    return re.compile(rf"<(/?){re.escape(name)}(?![\w-])[^>]*?(/?)>", re.IGNORECASE)


def for_search(html: str) -> str:
    """`html` without the elements marked `data-search-exclude` (each with all it holds)."""
    if ATTRIBUTE not in html:
        return html
    out: list[str] = []
    position = 0
    while (found := _EXCLUDED.search(html, position)) is not None:
        out.append(html[position : found.start()])
        name = found.group(1).lower()
        position = found.end()
        if name in _VOID or found.group(0).endswith("/>"):
            continue
        depth = 1
        tags = _tags_named(name)
        while depth:
            tag = tags.search(html, position)
            if tag is None:  # not closed: the element runs to the end, as a browser reads it
                position = len(html)
                break
            position = tag.end()
            if tag.group(1):
                depth -= 1
            elif not tag.group(2):
                depth += 1
    out.append(html[position:])
    return "".join(out)


def for_readers(html: str) -> str:
    """`html` without the search attributes, which only the indexer reads (as Material does)."""
    return _SEARCH_ATTRIBUTES.sub("", html)
