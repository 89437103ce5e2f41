"""The fix for a YAML syntax error, from the parser's own reason: what a writer should change.

PyYAML explains where it stopped ("did not find expected ',' or ']'"), not what to do. The
common mistakes of people editing role files by hand each have a short fix; anything else gets
the places to look. Hints are English text, added to the located message the loader reports.
"""

from __future__ import annotations

_HINTS = (
    ("expected ',' or ']'", "close the list with ']', or put text that starts with '[' in quotes"),
    (
        "expected ',' or '}'",
        "close the mapping with '}', or put text that starts with '{' in quotes",
    ),
    (
        "mapping values are not allowed",
        "put a value that holds ': ' in quotes, or line a field up with the fields around it",
    ),
    (
        "cannot start any token",
        "indent with spaces, not tabs, and put a value that starts with '@' or '`' in quotes",
    ),
    (
        "found unknown escape character",
        "write a backslash as \\\\ inside double quotes, or use single quotes",
    ),
    ("while scanning a quoted scalar", "close the quote this value opens, on the same value"),
    ("found unexpected end of stream", "close the quote or bracket this value opens"),
    (
        "could not find expected ':'",
        "write 'field: value', or indent a continued value under its field",
    ),
    ("expected '-' indicator", "line this list item up with the items around it"),
    ("did not find expected key", "line this field up with the fields around it (spaces only)"),
    ("expected <block end>", "line this field up with the fields around it (spaces only)"),
)
_DEFAULT = "check the quotes, brackets and indentation of this line and the one above"


def syntax_fix(reason: str) -> str:
    """What to change for the YAML syntax error PyYAML describes as `reason`."""
    return next((fix for found, fix in _HINTS if found in reason), _DEFAULT)
