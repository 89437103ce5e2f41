"""A problem found in the handbook's data or pages, and how it is written for people and tools."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
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
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.warning:
            where += ": warning"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


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
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in problems:
        where = f"file={_escape(p.file, True)}"
        if p.line is not None:
            where += f",line={p.line}"
        message = f"{p.field}: {p.message}" if p.field else p.message
        kind = "warning" if p.warning else "error"
        lines.append(f"::{kind} {where},title=handbook check::{_escape(message)}")
    return "\n".join(lines)
