"""A CSV file or an Excel sheet as rows of text, each cell named as a spreadsheet names it.

Cells are named `roles.csv:C14` and `roles.xlsx:Sheet1:C14`: the column letter and the row
number a spreadsheet shows (the header is row 1), so a writer finds the cell at once.
"""

from __future__ import annotations

import csv
import datetime
import importlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.loading import decode

MAX_BYTES = 50_000_000
# A cell that a spreadsheet would run as a formula is written by the site's CSV exports with an
# apostrophe before it (handbook/render/export.py); the import takes the apostrophe off again.
_FORMULA = re.compile("^[ \u00a0\u3000]*[=+\\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


class TableError(Exception):
    """The file cannot be read as a table; the message is one line with the fix."""


@dataclass(frozen=True)
class Table:
    """The header's cells and the rows under it, as text, with the name cells are shown under."""

    name: str  # 'roles.csv' or 'roles.xlsx:Sheet1'
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as shown, cells)

    def cell(self, column: int, row: int) -> str:
        """'roles.csv:C14' for the 0-based column 2 of row 14."""
        return f"{self.name}:{letters(column)}{row}"


def letters(column: int) -> str:
    """The spreadsheet name of a 0-based column: 0 → A, 25 → Z, 26 → AA."""
    name = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The table in `path` (.csv, or .xlsx with the first sheet or `sheet`)."""
    if not path.is_file():
        raise TableError(f"{path.as_posix()}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TableError(f"{path.as_posix()}: {size:,} bytes is more than an export of roles holds")
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx(path, sheet)
    if sheet is not None:
        raise TableError(f"--sheet {sheet!r}: {path.name} is a CSV file, which has no sheets")
    if suffix in {".csv", ".txt", ".tsv"}:
        return _csv(path)
    if suffix in {".xls", ".ods", ".numbers"}:
        raise TableError(
            f"{path.as_posix()}: {suffix} files are not read: save the sheet as .xlsx or as CSV "
            "(UTF-8)"
        )
    raise TableError(f"{path.as_posix()}: not a .csv or .xlsx file")


def _rows(name: str, records: Any) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, record in enumerate(records, start=1):
        cells = [_text(value) for value in record]
        while cells and not cells[-1]:
            cells.pop()
        if header is None:
            if not cells:
                continue  # blank lines above the header
            header = cells
            continue
        if cells:
            rows.append((number, cells))
    if header is None:
        raise TableError(f"{name}: the file is empty: it needs a header row and a row per role")
    return Table(name, header, rows)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    if text[:1] == "'" and _FORMULA.match(text[1:]):
        text = text[1:]  # the site's exports write a leading apostrophe before these
    return " ".join(text.split())


def _csv(path: Path) -> Table:
    text, error = decode(path.read_bytes())
    if text is None:
        raise TableError(f"{path.name}: {error} (in a spreadsheet: save as CSV UTF-8)")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        return _rows(path.name, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as err:
        raise TableError(f"{path.name}: not readable as CSV ({err})") from err


def _xlsx(path: Path, sheet: str | None) -> Table:
    openpyxl: Any = importlib.import_module("openpyxl")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise TableError(
            f"{path.name}: not readable as an Excel workbook ({err}): save it again as .xlsx"
        ) from err
    try:
        names = list(book.sheetnames)
        if sheet is None:
            chosen = names[0]
        elif sheet in names:
            chosen = sheet
        else:
            raise TableError(
                f"--sheet {sheet!r}: {path.name} has no such sheet; its sheets: {', '.join(names)}"
            )
        records = book[chosen].iter_rows(values_only=True)
        return _rows(f"{path.name}:{chosen}", records)
    finally:
        book.close()
