"""A problem found in the handbook's data or pages, and how it is written for people and tools."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a writer must fix, located as precisely as the data allows."""

    file: str
    line: int | None
    field: str
    message: str
    column: int | None = None
    # A warning is worth fixing but does not stop `handbook check` or a strict build.
    warning: bool = False

    def __str__(self) -> str:
        """The problem on one line, as `handbook check` and the build's log show it: whatever
        a file name or value holds, its control characters are shown escaped (see `shown`)."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.warning:
            where += ": warning"
        return shown(
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


# Where a problem with a setting given by an environment variable is said to be: its field is
# the variable's name ("environment: HANDBOOK_DATA: ...").
ENVIRONMENT = "environment"

# What a line of text output must not hold as it is: control characters (C0, DEL, C1), which
# end a line or move a terminal's cursor; the line and paragraph separators; the bidirectional
# controls, which show a line in another order than it is read (UAX #9); lone surrogates (a
# file name that is not UTF-8), which cannot be written out; and GitHub Actions' legacy command
# prefix "##[", which its runner obeys anywhere in a line of a job's log.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|##\\["
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    found = match.group()
    if found == "##[":
        return "#\\x23["
    if found in _NAMED:
        return _NAMED[found]
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str, keep: Collection[str] = ()) -> str:
    """`text` fit to print on one line of a terminal or a CI log: the characters listed above
    written as Python escapes (a line break as \\n, ESC as \\x1b), except those in `keep`."""
    if keep:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escaped(m), text)
    return _UNSAFE.sub(_escaped, text)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


class HandbookError(Exception):
    """Raised when the handbook cannot be used because its data has problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(format_text(self.problems))


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.message))


def format_text(problems: Sequence[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def format_json(problems: Sequence[Problem]) -> str:
    return json.dumps({"problems": [asdict(p) for p in problems]}, indent=2, ensure_ascii=False)


def _escape(text: str, properties: bool = False) -> str:
    """`text` as a workflow command's data (or, with `properties`, a property's value): line
    breaks in GitHub's own escapes, which its runner reads back; other control characters shown
    escaped, as in text output, since the runner has no escape for them."""
    text = shown(text, keep=("\r", "\n", "##[")).replace("%", "%25")
    text = text.replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and line
    (a problem with the environment, on none)."""
    lines = []
    for p in problems:
        where = [] if p.file == ENVIRONMENT else [f"file={_escape(p.file, True)}"]
        if p.line is not None:
            where.append(f"line={p.line}")
        where.append("title=handbook check")
        message = f"{p.field}: {p.message}" if p.field else p.message
        kind = "warning" if p.warning else "error"
        lines.append(f"::{kind} {','.join(where)}::{_escape(message)}")
    return "\n".join(lines)
