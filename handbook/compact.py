"""HTML without indentation: how the theme's templates are read, so pages are written without it.

Material's templates indent every line of a page's navigation, header and footer; that
indentation is a fifth of a role page's bytes and means nothing to a browser, which reads any
run of spaces and line breaks between words as one space. The adapter takes it out of each
template's source once, when the template is compiled, so no page pays for it. A line break is
kept wherever there was one, so text never runs together; `<pre>`, `<textarea>`, `<script>`
and `<style>` are left exactly as they are.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_INDENTED = re.compile(r"\n[ \t\r\n]+")


def compact(html: str) -> str:
    """`html` with each run of white space that holds a line break made one line break."""
    out: list[str] = []
    position = 0
    for kept in _KEPT.finditer(html):
        out.append(_INDENTED.sub("\n", html[position : kept.start()]))
        out.append(kept.group(0))
        position = kept.end()
    out.append(_INDENTED.sub("\n", html[position:]))
    return "".join(out)
