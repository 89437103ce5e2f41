"""The HTML a writer's page may hold: what Markdown and the site's extensions make, nothing that
runs.

A writer's page (docs/*.md, docs/roles/<department>/<id>.md) is Markdown, and Markdown lets
raw HTML through. After it is made HTML, and before the handbook's own generated blocks are put
back (they are built escaped from the data and trusted), the page's HTML is cleaned by nh3 (the
Rust `ammonia` sanitiser, maintained, html5ever's parser) with the allow-list below: the
elements and attributes Python-Markdown, its extensions (tables, footnotes, admonitions,
details, abbreviations, attribute lists, emoji) and Material's styles use. Everything else is
dropped: `<script>`, `<style>`, `<iframe>`, `<object>`, forms and their fields, `<meta>`
(with their content where they have any), every `on…` event attribute, and links or images
whose address is not http(s), mailto, tel or relative (`javascript:`, `data:`, `vbscript:`).
Text is kept.

The writers' guide (handbook/pages/writing.md, "HTML in a page") says the same for writers.
"""

from __future__ import annotations

import re

import nh3

# Elements a page may hold: nh3's safe defaults, and what the site's Markdown extensions make
# (icons as inline SVG). No form controls: the handbook's own checklists are generated blocks.
_SVG = {"svg", "path", "g", "circle", "ellipse", "line", "polyline", "polygon", "rect", "title"}
TAGS = (set(nh3.ALLOWED_TAGS) | {"section", "tfoot", "picture", "source"} | _SVG) - {"map", "area"}
# Elements dropped with everything inside them (the rest keep their text).
DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "textarea"}
_EVERYWHERE = {"id", "class", "title", "lang", "dir", "role", "style", "tabindex", "hidden"}
ATTRIBUTES: dict[str, set[str]] = {
    "*": _EVERYWHERE,
    "a": {"href", "hreflang", "name", "target", "rel", "download"},
    "img": {"src", "alt", "width", "height", "loading", "align"},
    "source": {"srcset", "media", "type", "width", "height"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "headers", "scope"},
    "col": {"span", "align"},
    "colgroup": {"span", "align"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open", "name"},
    "time": {"datetime"},
    "data": {"value"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "bdo": {"dir"},
    "abbr": {"title"},
    "svg": {"viewBox", "xmlns", "width", "height", "fill", "focusable", "preserveAspectRatio"},
    "path": {"d", "fill", "stroke", "stroke-width", "fill-rule", "clip-rule", "transform"},
    "g": {"fill", "stroke", "transform"},
    "circle": {"cx", "cy", "r", "fill", "stroke"},
    "ellipse": {"cx", "cy", "rx", "ry", "fill", "stroke"},
    "line": {"x1", "y1", "x2", "y2", "stroke"},
    "polyline": {"points", "fill", "stroke"},
    "polygon": {"points", "fill", "stroke"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill", "stroke"},
}
PREFIXES = {"data-", "aria-"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Styles that place and colour text; not `position`, `background-image`, `behavior`, `content`.
STYLE_PROPERTIES = {
    "text-align",
    "vertical-align",
    "color",
    "background-color",
    "font-weight",
    "font-style",
    "text-decoration",
    "white-space",
    "width",
    "height",
    "max-width",
    "min-width",
    "max-height",
    "margin",
    "margin-top",
    "margin-bottom",
    "margin-left",
    "margin-right",
    "padding",
    "border",
    "border-collapse",
    "display",
    "float",
    "clear",
}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    generic_attribute_prefixes=PREFIXES,
    url_schemes=URL_SCHEMES,
    filter_style_properties=STYLE_PROPERTIES,
    strip_comments=False,  # the markers of the handbook's own blocks are comments
    link_rel=None,
)


# An anchor's start or end tag in nh3's output (attributes double-quoted, no `>` inside them).
_ANCHOR = re.compile(r"<a(\s[^>]*)?>|</a>")
_HREF = re.compile(r'\shref="')


def _unlinked(html: str) -> str:
    """Links whose address was removed (`javascript:…`) become plain text: a `<span>` with the
    link's other attributes (a link that leads nowhere would still look like one, and Material's
    instant navigation fails on a click on it)."""
    if "<a>" not in html and "<a " not in html:
        return html
    out: list[str] = []
    open_spans: list[bool] = []  # for each open <a>: whether it became a <span>
    last = 0
    for match in _ANCHOR.finditer(html):
        out.append(html[last : match.start()])
        last = match.end()
        if match.group(0) == "</a>":
            out.append("</span>" if open_spans and open_spans.pop() else "</a>")
            continue
        attributes = match.group(1) or ""
        unlinked = _HREF.search(attributes) is None
        open_spans.append(unlinked)
        out.append(f"<span{attributes}>" if unlinked else match.group(0))
    out.append(html[last:])
    return "".join(out)


def clean(html: str) -> str:
    """A writer's page's HTML without what may not reach the site (see the module's doc)."""
    return _unlinked(_CLEANER.clean(html))
