"""A template error in a page (an unknown macro, a stray `{{`) → one line naming page and fix.

Pages are Jinja templates: mkdocs-macros renders them with the handbook's macros. Its own
error report is a Markdown block with a Python traceback; writers get this line instead.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from types import TracebackType

from jinja2.exceptions import TemplateSyntaxError, UndefinedError

from handbook.problems import Problem, did_you_mean

RAW_HINT = "to show '{{' or '{%' as text, wrap that part in {% raw %} ... {% endraw %}"


def _template_line(trace: TracebackType | None) -> int | None:
    """The line of the page template where rendering failed, from Jinja's rewritten traceback."""
    line = None
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def line_naming(source: str, name: str) -> int | None:
    """The first line of the page that uses `name` inside a `{{ … }}` or `{% … %}`."""
    pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(name) + r"\b")
    for number, line in enumerate(source.splitlines(), 1):
        if pattern.search(line):
            return number
    return None


def page_error(
    error: Exception, shown: str, source: str, markdown: str, names: Collection[str]
) -> Problem:
    """Describe `error`, raised rendering `markdown` (the page `source` minus front matter).

    `names` are the macros and variables a page may use, for did-you-mean suggestions.
    """
    offset = max(len(source.splitlines()) - len(markdown.splitlines()), 0)

    def shifted(line: int | None) -> int | None:
        return None if line is None else line + offset

    if isinstance(error, TemplateSyntaxError):
        return Problem(
            shown,
            shifted(error.lineno),
            "",
            f"macro syntax error: {(error.message or '').rstrip('.')}; {RAW_HINT}",
        )
    if isinstance(error, UndefinedError):
        match = re.match(r"'([^']+)' is undefined", str(error))
        if match:
            name = match.group(1)
            line = line_naming(source, name) or shifted(_template_line(error.__traceback__))
            hint = did_you_mean(name, names) or f"; {RAW_HINT}"
            return Problem(
                shown, line, "", f"{name!r} is not a macro or variable of this handbook{hint}"
            )
        return Problem(shown, shifted(_template_line(error.__traceback__)), "", str(error))
    line = shifted(_template_line(error.__traceback__))
    return Problem(shown, line, "", f"macro failed: {type(error).__name__}: {error}")
