"""A page's front matter (the YAML between `---` lines at its top), held to the data's rules.

MkDocs reads front matter with PyYAML, which follows anchors and aliases: a "billion laughs"
block of a few hundred bytes expands to gigabytes in whatever walks it afterwards (a plugin's
debug output, a template). Front matter is held to the rules of the handbook's own files
(handbook/loading.py): no anchors, aliases, merge keys or explicit tags, bounded nesting. A page
whose front matter breaks them is reported, one line each, and built without it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from handbook.loading import parse_yaml
from handbook.problems import Problem

# Front matter exactly as MkDocs finds it (mkdocs.utils.meta.YAML_RE): a `---` line first, then
# the YAML up to a `---` or `...` line.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
FIELD = "front matter"


def front_matter_problems(text: str, shown: str) -> list[Problem]:
    """What stops the front matter of the page `text` (named `shown`) from being read: refused
    YAML constructs and syntax errors, located on the page's own lines. None for a page without
    front matter, or with front matter that reads (a duplicate key is left to MkDocs, which
    keeps the last value, as other YAML tools do)."""
    if not text.startswith("---"):
        return []
    match = FRONT_MATTER.match(text)
    if match is None:
        return []
    # The YAML starts on the page's second line: a blank line before it keeps lines as written.
    document, problems = parse_yaml("\n" + match.group(1), shown)
    if document is not None:
        return []
    return [replace(p, field=p.field or FIELD) for p in problems]


def without_front_matter(text: str) -> str:
    """The page `text` with its front matter taken out (a page whose front matter is refused is
    built without it)."""
    match = FRONT_MATTER.match(text)
    return text[match.end() :].lstrip("\n") if match else text
