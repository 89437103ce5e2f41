"""Rows of an HR export → the files to write, or every problem with its fix.

Nothing is written here. Each row is one role: matched to an existing role by its id (or, with
no id column, by its title), else a new role. Empty cells leave a field as it is. Departments
and levels are matched to the catalogs by id or name; unknown ones are planned as new catalog
entries (unless refused). Every value is checked and every problem collected, named by its
cell, before any file is planned; each planned file is read back to prove it says what was
meant and nothing else changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook import placeholders, scaffold
from handbook.imports.columns import Columns
from handbook.imports.table import Table
from handbook.imports.yamledit import EditError, Editor, scalar
from handbook.loading import parse_yaml
from handbook.model import ID_PATTERN
from handbook.names import comparison_key, id_from, id_hint, lookalike_key
from handbook.problems import did_you_mean
from handbook.roleid import role_id_problem
from handbook.textcheck import value_problems
from handbook.validation import CATALOGS, ROLES_DIR, SCHEMA_FILE, Result, currency_problem

PERIODS = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "per year": "year",
    "month": "month",
    "monthly": "month",
    "per month": "month",
    "hour": "hour",
    "hourly": "hour",
    "per hour": "hour",
}
_MONEY_SEPARATORS = re.compile(r"[\s,'_\u00a0\u202f]")
_ROLE_ORDER = ("title", "aliases", "department", "level", "reports_to")
_AFTER_SALARY = ("progression", "working_pattern", "sources")


@dataclass(frozen=True)
class FileWrite:
    """A file to write: its new text, and the text it had (None for a new file)."""

    path: Path
    text: str
    original: str | None


@dataclass
class Plan:
    problems: list[tuple[str, str]] = field(default_factory=list)
    writes: list[FileWrite] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (role id, title)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # (role id, what)
    unchanged: list[str] = field(default_factory=list)
    catalog_added: list[str] = field(default_factory=list)
    placeholders: int = 0


@dataclass
class _Row:
    number: int
    role_id: str
    existing: bool
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # field → cell name


@dataclass
class _Catalog:
    """A catalog's ids and names, and the entries this import adds to it."""

    name: str  # 'departments' or 'levels'
    what: str  # 'department' or 'level'
    by_key: dict[str, str]  # id, or comparison key of a name → id
    names: dict[str, str]  # id → name, for suggestions
    added: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # id → (name, rank)


def _catalog(result: Result, name: str, what: str) -> _Catalog:
    records: dict[str, Any] = getattr(result.handbook, name)
    by_key: dict[str, str] = {}
    names: dict[str, str] = {}
    for record_id in sorted(result.ids.get(name, set())):
        by_key[record_id] = record_id
        names[record_id] = record_id
    for record_id, record in records.items():
        by_key.setdefault(comparison_key(record.name), record_id)
        names[record_id] = record.name
    return _Catalog(name, what, by_key, names)


class Planner:
    def __init__(
        self, table: Table, cols: Columns, data: Path, result: Result, no_new: bool
    ) -> None:
        self.table, self.cols, self.data, self.result = table, cols, data, result
        self.no_new = no_new
        self.plan = Plan()
        self.docs = result.role_documents
        self.unreadable = result.ids.get("roles", set()) - set(self.docs)
        self.titles: dict[str, str] = {}  # comparison key of an existing title → role id
        for rid, doc in sorted(self.docs.items()):
            title = doc.data.get("title") if isinstance(doc.data, dict) else None
            if isinstance(title, str):
                self.titles.setdefault(comparison_key(title), rid)
        self.catalogs = {
            "department": _catalog(result, "departments", "department"),
            "level": _catalog(result, "levels", "level"),
        }
        self.rows: list[_Row] = []
        self.cell_problems: list[tuple[int, int, str, str]] = []
        self.row_of: dict[str, int] = {}  # role id → row number

    # ---- cells --------------------------------------------------------------------------------

    def problem(self, row: int, name: str, message: str) -> None:
        column = self.cols.fields[name]
        where = self.table.cell(column, row)
        self.cell_problems.append((row, column, where, f"{self.table.header[column]}: {message}"))

    def sorted_problems(self) -> list[tuple[str, str]]:
        """The cells' problems so far, row by row and left to right."""
        found = [(where, message) for _, _, where, message in sorted(self.cell_problems)]
        self.cell_problems = []
        return found

    def cell(self, cells: list[str], name: str) -> str:
        column = self.cols.fields.get(name)
        if column is None or column >= len(cells):
            return ""
        return cells[column].strip()

    # ---- the rows -----------------------------------------------------------------------------

    def run(self) -> Plan:
        self.plan.problems += self.cols.problems
        if self.cols.problems:
            return self.plan
        for number, cells in self.table.rows:
            row = self.read_row(number, cells)
            if row is not None:
                self.rows.append(row)
        self.resolve_managers()
        self.check_names()
        self.plan.problems += self.sorted_problems()
        if self.plan.problems:
            return self.plan
        self.plan_files()
        self.plan.problems += self.sorted_problems()
        return self.plan

    def read_row(self, number: int, cells: list[str]) -> _Row | None:
        rid, title = self.cell(cells, "id"), " ".join(self.cell(cells, "title").split())
        if rid:
            if not re.match(ID_PATTERN, rid):
                self.problem(number, "id", f"{rid!r} is not a valid role id: {id_hint(rid)}")
                return None
        elif title:
            rid = self.titles.get(comparison_key(title)) or scaffold.slug(title)
            if not rid:
                self.problem(
                    number,
                    "title",
                    f"cannot make a role id from {title!r}: add an 'id' column with an id for "
                    f"it ({id_hint('')})",
                )
                return None
        else:
            field_name = "title" if "title" in self.cols.fields else "id"
            self.problem(number, field_name, "empty: each row needs the role's id or title")
            return None
        if rid in self.row_of:
            self.problem(
                number,
                "id" if "id" in self.cols.fields else "title",
                f"role {rid!r} is also on row {self.row_of[rid]}: each role takes one row",
            )
            return None
        self.row_of[rid] = number
        if rid in self.unreadable:
            shown = f"{self.data.as_posix()}/{ROLES_DIR}/{rid}.yml"
            self.problem(
                number,
                "id" if "id" in self.cols.fields else "title",
                f"{shown} cannot be read as a role file: run 'handbook check' and fix it first",
            )
            return None
        row = _Row(number, rid, rid in self.docs)
        refused = None if row.existing else role_id_problem(rid, self.catalogs["department"].names)
        if refused:
            where = "id" if "id" in self.cols.fields else "title"
            self.problem(number, where, f"{refused}: give the role another id in an 'id' column")
            return None
        if title:
            self.set(row, "title", title)
        elif not row.existing:
            self.problem(number, "id", "a new role needs its title: add a title column or cell")
        self.read_values(row, cells)
        return row

    def set(self, row: _Row, name: str, value: Any) -> None:
        row.values[name] = value
        column = self.cols.fields.get(name)
        if column is not None:
            row.cells[name] = self.table.header[column]

    def read_values(self, row: _Row, cells: list[str]) -> None:
        number = row.number
        aliases = self.cell(cells, "aliases")
        if aliases:
            found = [" ".join(a.split()) for a in re.split(r"[;\n]", aliases)]
            self.set(row, "aliases", [a for a in found if a])
        rank_text = self.cell(cells, "level_rank")
        rank = None
        if rank_text:
            rank = _whole(rank_text)
            if rank is None:
                self.problem(
                    number,
                    "level_rank",
                    f"{rank_text!r} is not a rank: write a whole number (1 is the most junior)",
                )
        for what in ("department", "level"):
            value = self.cell(cells, what)
            if value:
                found_id = self.match(number, what, value, rank)
                if found_id:
                    self.set(row, what, found_id)
        self.read_pay(row, cells)

    def match(self, number: int, what: str, value: str, rank: int | None) -> str | None:
        catalog = self.catalogs[what]
        name = " ".join(value.split())
        found = catalog.by_key.get(name) or catalog.by_key.get(comparison_key(name))
        if found is None and id_from(name) in catalog.by_key:
            found = catalog.by_key[id_from(name)]
        if found is not None:
            return found
        file = f"{self.data.as_posix()}/{CATALOGS[catalog.name][0]}"
        hint = did_you_mean(name, list(catalog.names.values()))
        if self.no_new:
            self.problem(
                number,
                what,
                f"unknown {what} {name!r}{hint}: use the name or id of one in {file}, or "
                "import without --no-new to add it there",
            )
            return None
        new_id = id_from(name)
        if not new_id:
            self.problem(
                number,
                what,
                f"cannot make an id for the new {what} {name!r}: add it to {file} yourself, "
                "then use its id here",
            )
            return None
        catalog.added[new_id] = (name, rank if what == "level" else None)
        catalog.by_key[new_id] = catalog.by_key[comparison_key(name)] = new_id
        catalog.names[new_id] = name
        return new_id

    def read_pay(self, row: _Row, cells: list[str]) -> None:
        number = row.number
        pay: dict[str, Any] = {}
        for name in ("pay_min", "pay_max"):
            text = self.cell(cells, name)
            if not text:
                continue
            amount = _whole(_MONEY_SEPARATORS.sub("", text))
            if amount is None or amount < 0:
                self.problem(
                    number,
                    name,
                    f"{text!r} is not a whole amount: write the figure in digits, e.g. 38000",
                )
            else:
                pay[name] = amount
        low, high = pay.get("pay_min"), pay.get("pay_max")
        if low is not None and high is not None and high < low:
            self.problem(
                number,
                "pay_max",
                f"the top of the band ({high:,}) is below its bottom ({low:,}): swap the two "
                "figures",
            )
        currency = self.cell(cells, "pay_currency").upper()
        if currency:
            wrong = currency_problem(currency)
            if wrong:
                self.problem(number, "pay_currency", wrong)
            else:
                pay["pay_currency"] = currency
        period = self.cell(cells, "pay_period")
        if period:
            known = PERIODS.get(" ".join(period.casefold().split()))
            if known is None:
                self.problem(
                    number,
                    "pay_period",
                    f"{period!r} is not a pay period: write year, month or hour",
                )
            else:
                pay["pay_period"] = known
        for name, value in pay.items():
            self.set(row, name, value)

    def resolve_managers(self) -> None:
        """Each row's manager, by id or title, among the existing roles and the file's rows."""
        if "reports_to" not in self.cols.fields and "reports_to_title" not in self.cols.fields:
            return
        titles = dict(self.titles)
        for row in self.rows:
            if "title" in row.values:
                titles[comparison_key(row.values["title"])] = row.role_id
        known = set(self.docs) | set(self.row_of) | self.unreadable
        cells = dict(self.table.rows)
        for row in self.rows:
            line = cells[row.number]
            name = "reports_to"
            value = self.cell(line, "reports_to")
            if not value:
                name, value = "reports_to_title", self.cell(line, "reports_to_title")
            if not value:
                if not row.existing and "reports_to" in self.cols.fields:
                    self.set(row, "reports_to", None)  # a new role at the top
                continue
            value = " ".join(value.split())
            found = value if value in known else titles.get(comparison_key(value))
            if found is None:
                self.problem(
                    row.number,
                    name,
                    f"no role {value!r} in this file or in {self.data.as_posix()}/{ROLES_DIR}/"
                    f"{did_you_mean(value, known)}: write the id or title of the role it "
                    "reports to",
                )
            elif found == row.role_id:
                self.problem(
                    row.number,
                    name,
                    f"{value!r} is this row's own role: a role cannot report to itself",
                )
            else:
                row.values["reports_to"] = found
                row.cells["reports_to"] = self.table.header[self.cols.fields[name]]

    def check_names(self) -> None:
        """No two roles end up with the same title or alias (search could not tell them apart)."""
        for each in self.rows:  # the text rules `handbook check` holds names to
            for name_field in ("title", "aliases"):
                values = each.values.get(name_field)
                for name in [values] if isinstance(values, str) else values or []:
                    for message in value_problems(name, "name"):
                        self.problem(each.number, name_field, message)
        owners: dict[str, list[tuple[str, str]]] = {}  # key → [(role id, 'title'/'alias')]
        rows = {row.role_id: row for row in self.rows}
        for rid in sorted(set(self.docs) | set(rows)):
            row = rows.get(rid)
            data = self.docs[rid].data if rid in self.docs else {}
            data = data if isinstance(data, dict) else {}
            title = row.values.get("title") if row else None
            aliases = row.values.get("aliases") if row else None
            title = title if title is not None else data.get("title")
            aliases = aliases if aliases is not None else data.get("aliases")
            names = [(title, "title")] + [(a, "alias") for a in aliases or [] if aliases]
            for name, kind in names:
                if isinstance(name, str):
                    owners.setdefault(lookalike_key(name), []).append((rid, kind))
        for row in self.rows:
            for name_field, kind in (("title", "title"), ("aliases", "alias")):
                values = row.values.get(name_field)
                for name in [values] if isinstance(values, str) else values or []:
                    others = [
                        (rid, k)
                        for rid, k in owners.get(lookalike_key(name), [])
                        if rid != row.role_id
                    ]
                    if others:
                        rid, other_kind = others[0]
                        self.problem(
                            row.number,
                            name_field,
                            f"{name!r} is also the {other_kind} of the role {rid!r}: search "
                            f"could not tell them apart; give each role its own {kind}",
                        )

    # ---- the files ----------------------------------------------------------------------------

    def plan_files(self) -> None:
        for what, catalog in self.catalogs.items():
            if catalog.added:
                self.plan_catalog(what, catalog)
        roles = self.data / ROLES_DIR
        for row in self.rows:
            path = roles / f"{row.role_id}.yml"
            if row.existing:
                original = path.read_text(encoding="utf-8")
                text, changes = self.edit_role(row, original, self.docs[row.role_id].data)
                if not changes:
                    self.plan.unchanged.append(row.role_id)
                    continue
                self.plan.changed.append((row.role_id, changes))
            else:
                original = None
                text = self.new_role(row, self.manager_data(row.values.get("reports_to")))
                self.plan.added.append((row.role_id, row.values["title"]))
            self.verify(path, text, row)
            self.plan.writes.append(FileWrite(path, text, original))

    def manager_data(self, rid: str | None) -> dict[str, Any] | None:
        doc = self.docs.get(rid) if rid else None
        return doc.data if doc is not None and isinstance(doc.data, dict) else None

    def plan_catalog(self, what: str, catalog: _Catalog) -> None:
        path = self.data / CATALOGS[catalog.name][0]
        original = path.read_text(encoding="utf-8") if path.is_file() else ""
        entries = []
        for new_id, (name, rank) in catalog.added.items():
            lines = [f"- id: {new_id}", f"  name: {scalar(name)}"]
            if what == "level":
                rank_text = (
                    str(rank)
                    if rank is not None
                    else scalar(
                        placeholders.placeholder("its rank, a whole number; 1 is the most junior")
                    )
                )
                lines.append(f"  rank: {rank_text}")
            hint = f"what the {what} is, in a sentence or two"
            lines.append(f"  description: {scalar(placeholders.placeholder(hint))}")
            entries.append("\n".join(lines) + "\n")
            self.plan.catalog_added.append(f"{what} {name!r} (id {new_id}) in {path.as_posix()}")
        text = original
        if text.strip() in {"", "[]"}:
            text = "" if not text.strip() else text.replace("[]", "", 1).rstrip() + "\n"
        elif not text.endswith("\n"):
            text += "\n"
        text += "".join(entries)
        doc, problems = parse_yaml(text, path.as_posix())
        if doc is None or problems or not isinstance(doc.data, list):
            self.plan.problems.append(
                (path.as_posix(), f"cannot add the new {what}s to it safely: add them by hand")
            )
            return
        self.plan.placeholders += len(list(placeholders.find(doc.data)))
        self.plan.writes.append(FileWrite(path, text, original if path.is_file() else None))

    def edit_role(self, row: _Row, text: str, data: Any) -> tuple[str, list[str]]:
        data = data if isinstance(data, dict) else {}
        editor = Editor(text)
        what: list[str] = []
        values = row.values
        for name in ("title", "department", "level", "reports_to"):
            if name in values and values[name] != data.get(name):
                new = values[name]
                editor.set(
                    [name], "null" if new is None else scalar(new), _before(_ROLE_ORDER, name)
                )
                what.append(f"{name.replace('_', ' ')}: {_shown(data.get(name))} → {_shown(new)}")
        if "aliases" in values and values["aliases"] != (data.get("aliases") or []):
            editor.set_list(["aliases"], values["aliases"])
            what.append(f"aliases: {'; '.join(values['aliases'])}")
        what += self.edit_pay(editor, row, data)
        return (editor.result() if what else text), what

    def edit_pay(self, editor: Editor, row: _Row, data: dict[str, Any]) -> list[str]:
        values = row.values
        salary = data.get("salary")
        currency_now = self.result.handbook.settings.currency
        if not isinstance(salary, dict):
            if "pay_min" not in values:
                if "pay_max" in values:
                    self.problem(
                        row.number,
                        "pay_max",
                        "the role has no pay band yet: give the band's bottom figure too",
                    )
                return []
            editor.insert_before(
                next((k for k in _AFTER_SALARY if k in data), "\0"),
                _salary_block(values, currency_now),
            )
            return [f"pay band added: {_band_words(values)}"]
        what = []
        currency = salary.get("currency") or currency_now
        for name, key in (("pay_min", "min"), ("pay_max", "max")):
            if name in values and values[name] != salary.get(key):
                after = ("min",) if key == "max" else ()
                editor.set(["salary", key], str(values[name]), after)
                what.append(f"pay {key}: {_shown(salary.get(key))} → {values[name]:,}")
        if "pay_max" in values and salary.get("open_ended") is True:
            editor.replace(["salary", "open_ended"], "false")
        if "pay_currency" in values and values["pay_currency"] != currency:
            editor.set(["salary", "currency"], values["pay_currency"], ("max", "min"))
            what.append(f"pay currency: {currency} → {values['pay_currency']}")
        period = salary.get("period") or "year"
        if "pay_period" in values and values["pay_period"] != period:
            editor.set(["salary", "period"], values["pay_period"], ("currency", "max", "min"))
            what.append(f"pay period: {period} → {values['pay_period']}")
        return what

    def new_role(self, row: _Row, manager: dict[str, Any] | None) -> str:
        values = row.values
        if "reports_to" in values:
            reports_to = values["reports_to"] or "null"
        else:
            reports_to = scalar(placeholders.placeholder("the id of the role it reports to"))
        fill = {
            "department": scalar(placeholders.placeholder("a department id from departments.yml")),
            "level": scalar(placeholders.placeholder("a level id from levels.yml")),
        }
        new = scaffold.NewRole(
            role_id=row.role_id,
            title=values["title"],
            department=values.get("department") or fill["department"],
            level=values.get("level") or fill["level"],
            reports_to=reports_to,
        )
        text = scaffold.role_file(new, manager, schema="../" + SCHEMA_FILE)
        if reports_to == "null":
            text = text.replace("#     - to: null\n", "#     - to: another-role-id\n")
        editor = Editor(text)
        if values.get("aliases"):
            editor.set_list(["aliases"], values["aliases"])
        if "pay_min" in values:
            currency = self.result.handbook.settings.currency
            editor.replace_entry("salary", _salary_block(values, currency))
        text = editor.result()
        doc, _ = parse_yaml(text, "")
        self.plan.placeholders += len(list(placeholders.find(doc.data))) if doc else 0
        return text

    def verify(self, path: Path, text: str, row: _Row) -> None:
        """Read the planned text back: it must hold the row's values."""
        doc, problems = parse_yaml(text, path.as_posix())
        data = doc.data if doc is not None and isinstance(doc.data, dict) else None
        ok = data is not None and not problems
        if data is not None:
            for name in ("title", "department", "level", "reports_to", "aliases"):
                if name in row.values and data.get(name) != row.values[name]:
                    ok = False
            found = data.get("salary")
            salary: dict[str, Any] = found if isinstance(found, dict) else {}
            for name, key in (("pay_min", "min"), ("pay_max", "max")):
                if name in row.values and salary.get(key) != row.values[name]:
                    ok = False
        if not ok:
            self.plan.problems.append(
                (
                    path.as_posix(),
                    "the import could not change it safely (its layout is unusual): make the "
                    f"change of row {row.number} by hand",
                )
            )


def _before(order: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The fields that come before `name`, nearest first (a missing field goes after them)."""
    return tuple(reversed(order[: order.index(name)]))


def _whole(text: str) -> int | None:
    if re.fullmatch(r"[0-9]+(?:\.0+)?", text):
        return int(text.split(".")[0])
    return None


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _band_words(values: dict[str, Any]) -> str:
    top = values.get("pay_max")
    figures = f"{values['pay_min']:,}" + (f"–{top:,}" if top is not None else " or more")
    return f"{figures} per {values.get('pay_period', 'year')}"


def _salary_block(values: dict[str, Any], currency: str) -> str:
    """A new salary block: the row's figures, and a placeholder for where they come from."""
    lines = ["salary:", f"  min: {values['pay_min']}"]
    if values.get("pay_max") is not None:
        lines.append(f"  max: {values['pay_max']}")
    else:
        lines.append("  open_ended: true")
    if values.get("pay_currency", currency) != currency:
        lines.append(f"  currency: {values['pay_currency']}")
    lines.append(f"  period: {values.get('pay_period', 'year')}")
    source = placeholders.placeholder("where the figures come from")
    lines.append(f"  source: {scalar(source)}")
    lines.append("  visibility: public")
    return "\n".join(lines) + "\n"


def plan_import(table: Table, cols: Columns, data: Path, result: Result, no_new: bool) -> Plan:
    """Every file the import would write, or every problem that stops it."""
    try:
        return Planner(table, cols, data, result, no_new).run()
    except EditError as err:  # a file that parsed for the loader but not for the editor
        plan = Plan()
        plan.problems.append((data.as_posix(), f"a role file cannot be edited: {err}"))
        return plan
