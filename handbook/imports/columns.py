"""Which column holds which field: the site's roles.csv headers as they are, others by --map.

Headers are compared without regard to case, spaces, hyphens or underscores, so `Reports to`,
`reports_to` and `REPORTS-TO` are the same column. `--map "Job Title=title"` reads a column as
a field; `--map "Cost centre=-"` says a column is left out on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handbook.imports.table import Table, letters
from handbook.loading import decode, parse_yaml
from handbook.problems import did_you_mean
from handbook.render.export import ROLES_COLUMNS

# The columns of the site's roles.csv, in its order; level_rank is read for new levels and
# reports_to_title when reports_to is empty.
FIELDS = ROLES_COLUMNS
SKIP = "-"


def header_key(text: str) -> str:
    return "_".join(text.casefold().replace("-", " ").replace("_", " ").split())


@dataclass
class Columns:
    """Field → 0-based column, the columns left out, and every problem with the mapping."""

    fields: dict[str, int] = field(default_factory=dict)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)


def parse_maps(options: Sequence[str]) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """`--map` options → {header key: (field, the option as written)}, and problems."""
    maps: dict[str, tuple[str, str]] = {}
    problems: list[tuple[str, str]] = []
    for option in options:
        shown = f"--map {option!r}"
        header, sep, target = option.rpartition("=")
        target = SKIP if target.strip() == SKIP else header_key(target)
        if not sep or not header.strip():
            problems.append((shown, "write it as HEADER=FIELD, e.g. --map 'Job Title=title'"))
        elif target != SKIP and target not in FIELDS:
            problems.append((shown, _unknown_field(target)))
        else:
            maps[header_key(header)] = (target, shown)
    return maps, problems


def read_mapping_file(path: Path) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str]]]:
    """A YAML file of `Header: field` lines → like `parse_maps`."""
    shown = path.as_posix()
    if not path.is_file():
        return {}, [(shown, "no such file")]
    text, error = decode(path.read_bytes())
    if text is None:
        return {}, [(shown, error or "unreadable")]
    doc, problems = parse_yaml(text, shown)
    if doc is None or problems:
        return {}, [(f"{p.file}:{p.line}" if p.line else p.file, p.message) for p in problems]
    if not isinstance(doc.data, dict):
        return {}, [
            (shown, "expected lines of 'Header in the file: field', e.g. 'Job Title: title'")
        ]
    maps: dict[str, tuple[str, str]] = {}
    found: list[tuple[str, str]] = []
    for header, target in doc.data.items():
        where = f"{shown}:{doc.lines.get((header,), 0)}"
        key = header_key(str(target)) if isinstance(target, str) else ""
        key = SKIP if isinstance(target, str) and target.strip() == SKIP else key
        if key != SKIP and key not in FIELDS:
            found.append((where, f"{header}: {_unknown_field(str(target))}"))
        else:
            maps[header_key(str(header))] = (key, f"{where}: {header}")
    return maps, found


def _unknown_field(target: str) -> str:
    return (
        f"{target!r} is not a field the import reads{did_you_mean(target, FIELDS)}; the fields "
        f"are {', '.join(FIELDS)}, or '-' to leave the column out"
    )


def columns(table: Table, maps: dict[str, tuple[str, str]]) -> Columns:
    """Which column holds each field, given the header row and the mappings."""
    out = Columns()
    seen: dict[str, int] = {}
    keys = [header_key(h) for h in table.header]
    for key, (_, shown) in maps.items():
        if key not in keys:
            listed = ", ".join(repr(h) for h in table.header if h)
            out.problems.append(
                (shown, f"{table.name} has no column {key!r}; its columns are {listed}")
            )
    for index, (header, key) in enumerate(zip(table.header, keys, strict=True)):
        if not key:
            continue
        target = maps[key][0] if key in maps else (key if key in FIELDS else None)
        if target is None:
            out.ignored.append((index, header))
            continue
        if target == SKIP:
            continue
        if target in seen:
            first = seen[target]
            out.problems.append(
                (
                    table.cell(index, 1),
                    f"{header}: columns {letters(first)} and {letters(index)} are both read as "
                    f"{target!r}: leave one out with --map '{header}=-'",
                )
            )
            continue
        seen[target] = index
    out.fields = seen
    if "title" not in seen and "id" not in seen:
        out.problems.append(
            (
                table.cell(0, 1),
                "no column holds the roles' titles: name one 'title', or map it, e.g. "
                f"--map '{table.header[0]}=title'",
            )
        )
    return out
