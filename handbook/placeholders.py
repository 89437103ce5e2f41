"""Placeholders: the `<FILL IN: …>` values that `handbook new-role` writes and writers replace.

A field still holding one is reported as a placeholder left to fill in, with the hint it
carries, instead of the type error it would otherwise cause (a placeholder in a number field
is not "expected a whole number").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Path_ = tuple[str | int, ...]

MARK = "<FILL IN"
_PATTERN = re.compile(MARK + r":?\s*(?P<hint>[^>]*)>")


def placeholder(hint: str) -> str:
    """The placeholder text for a field, e.g. `<FILL IN: bottom of the band>`."""
    return f"<FILL IN: {hint}>"


def find(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every value under `data` that still holds a placeholder: its path and its hint."""
    if isinstance(data, str):
        match = _PATTERN.search(data)
        if match:
            yield path, match.group("hint").strip()
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from find(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from find(value, (*path, index))


def message(hint: str) -> str:
    return f"placeholder left to fill in: {hint}" if hint else "placeholder left to fill in"


def is_placeholder_message(text: str) -> bool:
    return text.startswith("placeholder left to fill in")
