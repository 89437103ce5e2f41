"""What a page gives the search index: its HTML without the parts marked to stay out of search.

Material's search reads every tag of a page's HTML with Python's HTMLParser and drops the
elements that carry `data-search-exclude` only after parsing them. On a role page those are
the diagram, the checklists and the other repeated lists, more than half of its tags: cutting
them out of the text first, with one regular-expression scan, gives the same index for a
fraction of the parsing.

`sections` then divides what is left into the parts Material's search indexes (the text under
each heading), as Material's parser divides it, without HTMLParser: a page of well-formed
markup, which the handbook's generated pages are, is read with one regular expression. For
anything it does not read the same way for certain it declines, and the page goes to Material's
parser as before.
"""

from __future__ import annotations

import functools
import html as html_module
import itertools
import re
from dataclasses import dataclass, field

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
        position = _element_end(html, name, position)
    out.append(html[position:])
    return "".join(out)


def _element_end(html: str, name: str, position: int) -> int:
    """Where the element `name`, whose start tag ends at `position`, ends (with its end tag)."""
    depth = 1
    tags = _tags_named(name)
    while depth:
        tag = tags.search(html, position)
        if tag is None:  # not closed: the element runs to the end, as a browser reads it
            return len(html)
        position = tag.end()
        if tag.group(1):
            depth -= 1
        elif not tag.group(2):
            depth += 1
    return position


def for_readers(html: str) -> str:
    """`html` without the search attributes, which only the indexer reads (as Material does)."""
    return _SEARCH_ATTRIBUTES.sub("", html)


# ---- sections --------------------------------------------------------------------------------

# The well-formed subset of HTML read here: start tags with quoted or plain attribute values,
# end tags, and text. Anything else (comments, declarations, a "<" that starts no tag, unusual
# attribute syntax) matches the last alternative, and the page is declined.
_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
# (An unquoted value ends before "/>" for HTMLParser only if a space comes between: declined.)
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`/]+(?!/))"""
_ATTRIBUTES = re.compile(rf"([a-zA-Z_:][-.a-zA-Z0-9_:]*)(?:\s*=\s*({_VALUE}))?")
_TOKEN = re.compile(
    rf"<({_NAME})((?:\s+[a-zA-Z_:][-.a-zA-Z0-9_:]*(?:\s*=\s*{_VALUE})?)*)\s*(/?)>"
    rf"|</({_NAME})\s*>|([^<]+)|(<)"
)
_START, _END, _TEXT, _STRAY = 3, 4, 5, 6  # which alternative matched (Match.lastindex)
# Material's parser: tags it keeps in the text, tags that hold no content.
_KEEP = frozenset(["p", "code", "pre", "li", "ol", "ul", "sub", "sup"])
_MATERIAL_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_READ_ATTRIBUTES = _HEADINGS | {"a"}
# Elements whose content a parser reads as raw text (or Material skips): declined.
_RAW = frozenset(
    "script style object textarea title noscript plaintext xmp iframe noembed noframes".split()  # noqa: SIM905
)


@dataclass
class Section:
    """The text under one heading, as Material's search parser collects it: `title` and `text`
    are the pieces it joins into an index entry's title and text; `id` the heading's anchor."""

    tag: str  # h1 … h6, or "hx" for text before the first heading
    depth: float
    id: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _attributes(text: str) -> dict[str, str | None]:
    """A start tag's attributes as HTMLParser gives them: names in lower case, values without
    their quotes and with character references replaced; None for an attribute without one."""
    found: dict[str, str | None] = {}
    for name, written in _ATTRIBUTES.findall(text):
        value: str | None = None
        if written:
            value = written[1:-1] if written[0] in "'\"" else written
            value = html_module.unescape(value) if value else value
        found[name.lower()] = value
    return found


def sections(html: str) -> list[Section] | None:
    """`html` divided as Material's search parser divides it, or None where that is not certain
    (then the page is for Material's parser). Mirrors `material.plugins.search.plugin.Parser`,
    quirks included: an element is known by its tag name alone, so text is in a section's title
    while any element of the heading's name is open. Give it `for_search(html)`: a page that
    still holds an element to exclude is declined."""
    if "<!" in html or "<?" in html or "linenodiv" in html:
        return None
    if ATTRIBUTE in html.lower():  # (in any case: Material's parser reads attribute names so)
        return None
    escape = html_module.escape
    unescape = html_module.unescape
    context: list[str] = []  # the open elements' names
    open_named: dict[str, int] = {}  # how many elements of each name are open
    permalinks: list[int] = []  # where in `context` an <a class="headerlink"> is open
    data: list[Section] = []
    section = Section("hx", 0)  # (a stand-in until there is a section: `data` stays empty)
    for match in _TOKEN.finditer(html):
        kind = match.lastindex
        if kind == _TEXT:
            text = match.group(_TEXT)
            if "&" in text:
                text = unescape(text)
            in_pre = open_named.get("pre")
            if not in_pre:
                text = text.replace("\n", " ") if not text.isspace() else " "
            if not data:
                data.append(section)
            if open_named.get(section.tag):
                if not permalinks:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                pieces = section.text
                if not pieces or not pieces[-1].isspace() or in_pre:
                    pieces.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue
        if kind == _STRAY:
            return None
        if kind == _START:
            start, attributes, closed = match.group(1, 2, 3)
            tag = start.lower()
            if tag in _RAW:
                return None
            if tag in _MATERIAL_VOID:
                continue
            context.append(tag)
            open_named[tag] = open_named.get(tag, 0) + 1
            # Only a permalink's class and a heading's id matter here.
            if attributes and tag in _READ_ATTRIBUTES:
                attrs = _attributes(attributes)
                if tag == "a":
                    if attrs.get("class") == "headerlink":
                        permalinks.append(len(context))
                elif "id" in attrs:
                    if tag != "h1" and not data:
                        data.append(Section("hx", len(context)))
                    section = Section(tag, len(context), attrs["id"] if data else None)
                    data.append(section)
            if not data:
                data.append(section)
            if tag in _KEEP:
                (section.title if open_named.get(section.tag) else section.text).append(f"<{tag}>")
            if not closed:
                continue
        else:
            tag = match.group(_END).lower()
        if not context or context[-1] != tag:
            continue
        depth = len(context)  # (this element still counted, as Material's parser counts)
        if section.depth > depth:
            for earlier in reversed(data):
                if earlier.depth <= depth:
                    section.depth = float("inf")
                    section = earlier
                    break
        if permalinks and permalinks[-1] == depth:
            permalinks.pop()
        context.pop()
        open_named[tag] -= 1
        if tag in _KEEP:
            pieces = section.title if open_named.get(section.tag) else section.text
            try:
                index = pieces.index(f"<{tag}>")
            except ValueError:  # Material's parser fails here; it is left to say so
                return None
            for piece in itertools.islice(pieces, index + 1, None):
                if not piece.isspace():
                    pieces.append(f"</{tag}>")
                    break
            else:  # an element with nothing but space in it is left out
                del pieces[index:]
    return data
