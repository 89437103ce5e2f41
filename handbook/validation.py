"""roles_data/ → a Handbook and every problem in it, all collected before any is reported.

The result always carries a *usable* handbook: every record that is valid and whose references
resolve, with references to broken roles removed. A preview therefore shows every page it can,
and each broken role shows its own problems on its own page; a strict build and
`handbook check` still fail on any error.
"""

from __future__ import annotations

import dataclasses
import gc
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from babel.numbers import list_currencies
from pydantic import BaseModel

from handbook import graph, names
from handbook.loading import Document, load_yaml, special_kind
from handbook.model import (
    ID_PATTERN,
    MAX_LINE,
    Basis,
    Department,
    Featured,
    Handbook,
    Kpi,
    Level,
    MoveKind,
    Process,
    RaciEntry,
    Role,
    Salary,
    Settings,
    Skill,
)
from handbook.problems import Problem, did_you_mean, sort_problems
from handbook.records import catalog_records, validate_record
from handbook.roleid import role_id_problem
from handbook.searchterms import SEARCH_TERMS_FILE, Term, read_terms
from handbook.textcheck import text_problems
from handbook.urls import REPOSITORY_EXAMPLE, address_problem

M = TypeVar("M", bound=BaseModel)

SETTINGS_FILE = "handbook.yml"
SCHEMA_FILE = "role.schema.json"
CATALOGS: dict[str, tuple[str, type[BaseModel], str]] = {
    "departments": ("departments.yml", Department, "departments"),
    "levels": ("levels.yml", Level, "levels"),
    "skills": ("skills.yml", Skill, "skills"),
    "kpis": ("kpis.yml", Kpi, "KPIs"),
    "processes": ("processes.yml", Process, "processes"),
}
ROLES_DIR = "roles"
KNOWN_FILES = {
    SETTINGS_FILE,
    SCHEMA_FILE,
    SEARCH_TERMS_FILE,
    *(entry[0] for entry in CATALOGS.values()),
}
_LAYOUT = (
    "roles_data/ holds handbook.yml, departments.yml, levels.yml, skills.yml, kpis.yml, "
    "processes.yml, role.schema.json and the roles/ folder"
)


@dataclass(frozen=True)
class BrokenRole:
    """A role that cannot be shown as it stands, and what to fix (for its page in a preview)."""

    role_id: str
    title: str
    department: str | None
    file: str
    problems: tuple[Problem, ...]


@dataclass
class Result:
    """The outcome of reading roles_data/: the usable handbook, and every problem."""

    handbook: Handbook
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    # Every id written in the files, valid records or not, per catalog and for "roles".
    ids: dict[str, set[str]] = field(default_factory=dict)
    # Role id → its parsed file, valid or not.
    role_documents: dict[str, Document] = field(default_factory=dict)
    # Role id → why it is left out of the usable handbook.
    broken: dict[str, BrokenRole] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def ok(self) -> bool:
        return not self.errors


def _display(path: Path, root: Path | None) -> str:
    """Paths in messages are relative to the current folder when possible, as writers see them."""
    base = root or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _Reader:
    def __init__(self, data_dir: Path, display_root: Path | None) -> None:
        self.data_dir = data_dir
        self.display_root = display_root
        self.problems: list[Problem] = []
        self.documents: dict[str, Document] = {}
        self.indexes: dict[str, dict[str, int]] = {}
        self._shown_dir: str | None = None
        # Ids written in files, valid records or not: a broken record is reported once,
        # not again as an unknown id wherever it is named.
        self.ids: dict[str, set[str]] = {name: set() for name in (*CATALOGS, "roles")}
        # Catalogs that could not be read at all, and the index of their problem: roles'
        # references to them are not checked one by one but counted under that problem.
        self.unusable: dict[str, int] = {}
        # Role id → the file it was read from (also for files that did not parse).
        self.role_files: dict[str, str] = {}

    def shown(self, path: Path) -> str:
        """How a file under the data folder is named in messages (resolved once, not per file)."""
        if self._shown_dir is None:
            self._shown_dir = _display(self.data_dir, self.display_root)
        return f"{self._shown_dir}/{path.relative_to(self.data_dir).as_posix()}"

    def add(self, file: str, message: str, line: int | None = None, warning: bool = False) -> None:
        self.problems.append(Problem(file, line, "", message, warning=warning))

    def document(self, path: Path) -> Document | None:
        shown = self.shown(path)
        if path.is_dir():
            self.add(shown, "is a folder, but a file of this name is expected here")
            return None
        if not path.is_file() and special_kind(path) is None:  # special files: load_yaml
            self.add(shown, "file is missing")
            return None
        doc, problems = load_yaml(path, shown)
        self.problems += problems
        if doc is not None:
            self.documents[shown] = doc
        return doc

    def catalog(self, name: str) -> tuple[dict[str, Any], Document | None]:
        file_name, model, what = CATALOGS[name]
        before = len(self.problems)
        doc = self.document(self.data_dir / file_name)
        records: dict[str, Any] = {}
        if doc is None or not isinstance(doc.data, list):
            if doc is not None:
                self.add(doc.file, f"expected a list of {what}", doc.line_of(()))
            self.unusable[name] = before
            return records, doc
        self.ids[name].update(
            str(item["id"]) for item in doc.data if isinstance(item, dict) and "id" in item
        )
        for record, problems, index in catalog_records(model, doc, what):
            self.problems += problems
            if record is None:
                continue
            record_id = record.id  # type: ignore[attr-defined]
            if record_id in records:
                self.problems.append(
                    Problem(
                        doc.file,
                        doc.line_of((index, "id")),
                        f"[{index}].id",
                        f"duplicate id {record_id!r}: each {what[:-1]} id must be unique",
                    )
                )
                continue
            records[record_id] = record
            self.indexes.setdefault(name, {})[record_id] = index
        return records, doc

    def roles(self) -> tuple[dict[str, Role], dict[str, Document]]:
        roles_dir = self.data_dir / ROLES_DIR
        roles: dict[str, Role] = {}
        docs: dict[str, Document] = {}
        if not roles_dir.is_dir():
            message = (
                "is a file, but the folder of role files is expected here"
                if roles_dir.exists()
                else "folder of role files is missing"
            )
            self.add(self.shown(roles_dir), message)
            return roles, docs
        for path in sorted(roles_dir.iterdir()):
            if path.name.startswith("."):
                continue
            shown = self.shown(path)
            if path.is_dir():
                self.add(shown, _folder_in_roles(path))
                continue
            if path.suffix == ".yaml":
                self.add(shown, f"role files end in .yml: rename it to {path.stem}.yml")
                continue
            if path.suffix != ".yml":
                self.add(shown, "not a role file: roles_data/roles/ holds only <id>.yml files")
                continue
            role_id = path.stem
            if not re.match(ID_PATTERN, role_id):
                self.add(
                    shown,
                    f"file name {path.name!r} is not a valid role id: "
                    f"{names.id_hint(role_id, '.yml')}",
                )
                continue
            self.ids["roles"].add(role_id)
            refused = role_id_problem(role_id, self.ids["departments"])
            if refused:  # its page would take another's address: not read, named once
                self.add(shown, f"{refused}: rename the file after the role's title")
                continue
            self.role_files[role_id] = shown
            doc = self.document(path)
            if doc is None:
                continue
            if not isinstance(doc.data, dict):
                self.add(shown, "expected a mapping of role fields", doc.line_of(()))
                continue
            role, problems = validate_record(Role, doc.data, doc)
            self.problems += problems
            docs[role_id] = doc
            if role is not None:
                roles[role_id] = role
        if not self.ids["roles"]:
            self.add(self.shown(roles_dir), "no role files found")
        return roles, docs

    def unexpected(self) -> None:
        """Files and folders in roles_data/ that the handbook would otherwise ignore."""
        if not self.data_dir.is_dir():
            return
        for path in sorted(self.data_dir.iterdir()):
            name = path.name
            if name.startswith(".") or name in KNOWN_FILES or name == ROLES_DIR:
                continue
            shown = self.shown(path)
            if path.suffix in {".yml", ".yaml"}:
                self.add(
                    shown,
                    f"unexpected file: {_LAYOUT}; a role file belongs in roles_data/roles/, "
                    "named <id>.yml",
                )
            else:
                kind = "folder" if path.is_dir() else "file"
                self.add(
                    shown,
                    f"unexpected {kind}, not read by the handbook: {_LAYOUT}",
                    warning=True,
                )


def _folder_in_roles(path: Path) -> str:
    if path.suffix in {".yml", ".yaml"}:
        return "is a folder, not a role file: role files are files named <id>.yml"
    inside = sorted(p.name for p in path.rglob("*.yml"))
    if inside:
        count = len(inside)
        return (
            f"folder in roles_data/roles/ with {count} role file{'s' if count != 1 else ''} "
            f"({', '.join(inside[:3])}{', …' if count > 3 else ''}): role files go directly in "
            "roles_data/roles/, so move them up one level"
        )
    return "folder in roles_data/roles/, not read by the handbook: role files go directly in it"


_NO_ORGANISATION = "Handbook"


def _fallback_settings(doc: Document | None) -> Settings:
    """Settings for a preview when handbook.yml has problems: the name, when it can be read."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    name = data.get("organisation")
    return Settings(organisation=_shown_name(name, _NO_ORGANISATION))


def _shown_name(name: object, fallback: str) -> str:
    """`name` as a preview may show it: `fallback` for one that is not a name (empty, longer
    than a line, or breaking the text rules: control characters, bidirectional overrides,
    blank letters, invisible characters), as a broken role's title is its id."""
    text = name.strip() if isinstance(name, str) else ""
    if not text or len(text) > MAX_LINE or names.text_rules(text, line=True):
        return fallback
    return text


@contextmanager
def _collection_paused() -> Iterator[None]:
    """Python's cycle collector held off while the handbook is read.

    Reading allocates hundreds of thousands of small containers (parsed values, line numbers,
    records), all acyclic and freed by reference counting; the collector would walk the whole
    heap again and again meanwhile. That took a tenth of `handbook check` at 1,000 roles, and
    more in `mkdocs serve`, whose heap holds the previous build. Afterwards the objects are
    moved to the oldest generation as they are (freeze, then unfreeze: no walk), so the next
    young collection does not walk them all at once either; cycles among them, if any, are
    still found by the next full collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def read_handbook(data_dir: Path, display_root: Path | None = None) -> Result:
    """Read and validate everything under `data_dir`."""
    with _collection_paused():
        return _read_handbook(data_dir, display_root)


def _read_handbook(data_dir: Path, display_root: Path | None) -> Result:
    reader = _Reader(data_dir, display_root)
    settings_doc = reader.document(data_dir / SETTINGS_FILE)
    settings = None
    if settings_doc is not None:
        settings, problems = validate_record(Settings, settings_doc.data, settings_doc)
        reader.problems += problems
    catalogs = {name: reader.catalog(name) for name in CATALOGS}
    roles, role_docs = reader.roles()
    reader.unexpected()
    search_terms = _search_terms(reader, roles)
    full = Handbook(
        settings=settings or _fallback_settings(settings_doc),
        departments=catalogs["departments"][0],
        levels=catalogs["levels"][0],
        skills=catalogs["skills"][0],
        kpis=catalogs["kpis"][0],
        processes=catalogs["processes"][0],
        roles=roles,
        role_files=dict(reader.role_files),
        search_terms=tuple(search_terms),
    )
    processes_doc = catalogs["processes"][1]
    if processes_doc is not None and "processes" not in reader.unusable:
        reader.problems += _check_processes(
            full, processes_doc, reader.indexes.get("processes", {}), reader.ids["roles"]
        )
    unusable = set(reader.unusable)
    reader.problems += cross_check(full, role_docs, reader.ids, unusable)
    reader.problems += _check_names(settings_doc, catalogs, role_docs, reader.indexes)
    if settings is not None and settings_doc is not None:
        reader.problems += _check_settings(settings, settings_doc, reader.ids["roles"])
    _fold_catalog_problems(reader, role_docs)
    # Unused entries are a tidying hint, given once everything else is right: while a role
    # file is unread or a reference misspelt, "unused" would be a guess or a knock-on message.
    if not any(not p.warning for p in reader.problems):
        reader.problems += _unused_entries(catalogs, role_docs, reader.indexes, reader.unusable)
    problems = sort_problems(set(reader.problems))
    usable, broken = _usable(full, role_docs, problems, reader)
    return Result(usable, problems, reader.documents, reader.ids, role_docs, broken)


def _search_terms(reader: _Reader, roles: Mapping[str, Role]) -> list[Term]:
    """The optional catalog of search terms (see handbook.searchterms), checked."""
    path = reader.data_dir / SEARCH_TERMS_FILE
    if not (path.exists() or path.is_symlink()):
        return []
    doc = reader.document(path)
    if doc is None:
        return []
    terms, problems = read_terms(doc, reader.ids["roles"], reader.ids["departments"], roles)
    reader.problems += problems
    return terms


# ---- checks across records -------------------------------------------------------------------


class _Refs:
    """Checks references from one document to catalogs, with did-you-mean suggestions."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str) -> None:
        dotted = ""
        for part in path:
            dotted += f"[{part}]" if isinstance(part, int) else (f".{part}" if dotted else part)
        self.problems.append(Problem(self.doc.file, self.doc.line_of(path), dotted, message))

    def known(
        self, path: tuple[str | int, ...], value: str, choices: Collection[str], what: str
    ) -> bool:
        if value in choices:
            return True
        self.add(path, f"unknown {what} {value!r}{did_you_mean(value, choices)}")
        return False


def cross_check(
    handbook: Handbook,
    docs: Mapping[str, Document],
    ids: Mapping[str, Collection[str]],
    unusable: Collection[str] = (),
) -> list[Problem]:
    """Problems between records: unknown ids, ambiguous titles, and the shape of the hierarchy.

    `ids` holds, per catalog and for "roles", every id written in the files, valid or not;
    references to the `unusable` catalogs (files that could not be read) are not checked.
    """
    problems: list[Problem] = []
    for role_id, role in handbook.roles.items():
        problems += _check_role(handbook, role_id, role, docs[role_id], ids, unusable)
    problems += _check_titles(handbook, docs)
    problems += _check_hierarchy(handbook, docs)
    return problems


def _check_role(
    handbook: Handbook,
    role_id: str,
    role: Role,
    doc: Document,
    ids: Mapping[str, Collection[str]],
    unusable: Collection[str],
) -> list[Problem]:
    refs = _Refs(doc)
    role_ids = ids["roles"]
    if "departments" not in unusable:
        refs.known(("department",), role.department, ids["departments"], "department")
    level_ok = "levels" not in unusable and refs.known(
        ("level",), role.level, ids["levels"], "level"
    )
    level_ok = level_ok and role.level in handbook.levels
    if role.reports_to is not None:
        if role.reports_to == role_id:
            refs.add(("reports_to",), "a role cannot report to itself")
        else:
            refs.known(("reports_to",), role.reports_to, role_ids, "role")
    _unique(refs, "skills", [s.skill for s in role.skills], "skill")
    if "skills" not in unusable:
        for i, need in enumerate(role.skills):
            refs.known(("skills", i, "skill"), need.skill, ids["skills"], "skill")
    _unique(refs, "kpis", [k.kpi for k in role.kpis], "kpi")
    if "kpis" not in unusable:
        for i, kpi in enumerate(role.kpis):
            refs.known(("kpis", i, "kpi"), kpi.kpi, ids["kpis"], "KPI")
    for i, kpi in enumerate(role.kpis):
        if kpi.basis is Basis.OWN and kpi.target is None:
            refs.add(
                ("kpis", i, "basis"),
                "marks a target as the organisation's own, but there is no target: add a "
                "target, or remove basis",
            )
    if role.salary:
        _check_salary(refs, role.salary)
    _unique(refs, "progression", [p.to for p in role.progression if p.to], "move to", field="to")
    for i, move in enumerate(role.progression):
        where = ("progression", i, "to")
        months = move.typical_months
        if months.min > months.max:
            refs.add(
                ("progression", i, "typical_months", "min"),
                f"min ({months.min}) is greater than max ({months.max}); swap them",
            )
        if move.to is None and move.outside is None:
            refs.add(
                ("progression", i),
                "a move needs 'to' (the id of a role in this handbook) or 'outside' (the title "
                "of a role outside it)",
            )
            continue
        if move.to is not None and move.outside is not None:
            refs.add(
                ("progression", i, "outside"),
                "a move has either 'to' (a role in this handbook) or 'outside' (a title of a "
                "role outside it), not both; remove one",
            )
            continue
        if move.to is None:
            continue
        if move.to == role_id:
            refs.add(where, "a role cannot progress to itself")
            continue
        if not refs.known(where, move.to, role_ids, "role") or move.to not in handbook.roles:
            continue
        target = handbook.roles[move.to]
        if (
            move.kind is MoveKind.PROMOTION
            and level_ok
            and target.level in handbook.levels
            and handbook.levels[target.level].rank <= handbook.levels[role.level].rank
        ):
            refs.add(
                ("progression", i, "kind"),
                f"promotion to {move.to!r} (level {target.level!r}) is not above this role's "
                f"level {role.level!r}; mark it 'lateral' or correct a level",
            )
    return refs.problems


_CURRENCIES = frozenset(list_currencies())


def currency_problem(code: str) -> str | None:
    """Why `code` is not an ISO 4217 currency code (from babel's CLDR data), or None."""
    if code in _CURRENCIES:
        return None
    return f"unknown currency code {code!r}: use an ISO 4217 code such as USD, EUR or JPY"


def _check_salary(refs: _Refs, salary: Salary) -> None:
    if salary.currency is not None and (problem := currency_problem(salary.currency)):
        refs.add(("salary", "currency"), problem)
    if salary.open_ended:
        if salary.max is not None:
            refs.add(
                ("salary", "max"),
                "an open-ended band has no top: remove max, or remove open_ended: true",
            )
        elif salary.min == 0:
            refs.add(("salary", "min"), "an open-ended band needs its floor: write min")
        return
    if salary.max is None:
        refs.add(
            ("salary",),
            "max is missing: write the top of the band, or set open_ended: true for a band "
            "with no top (such as 'over 100,000')",
        )
    elif salary.max == 0:
        refs.add(
            ("salary", "max"),
            f"a band of {salary.min}–0 says nothing: write the real figures, or remove the "
            "salary block",
        )
    elif salary.min > salary.max:
        refs.add(
            ("salary", "min"), f"min ({salary.min}) is greater than max ({salary.max}); swap them"
        )


def _unique(refs: _Refs, key: str, ids: list[str], what: str, field: str = "") -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            path: tuple[str | int, ...] = (key, i, field) if field else (key, i)
            refs.add(path, f"{what} {value!r} is listed twice")
        seen.add(value)


def _check_titles(handbook: Handbook, docs: Mapping[str, Document]) -> list[Problem]:
    """Titles and aliases must be unique as people read them, or search would be ambiguous.

    Names are compared as they look (`handbook.names.lookalike_key`: Unicode folding and UTS
    #39's confusables); the characters of each name are held against the text rules with every
    other value of the files (`handbook.textcheck`).
    """
    uses: dict[str, list[tuple[str, tuple[str | int, ...], str]]] = {}
    problems: list[Problem] = []
    for role_id, role in handbook.roles.items():
        entries: list[tuple[tuple[str | int, ...], str]] = [(("title",), role.title)]
        entries += [(("aliases", i), alias) for i, alias in enumerate(role.aliases)]
        for path, name in entries:
            uses.setdefault(names.lookalike_key(name), []).append((role_id, path, name))
    for clashes in uses.values():
        for role_id, path, name in clashes if len(clashes) > 1 else []:
            others = [
                f"the {'title' if p == ('title',) else 'alias'} of "
                + ("this role" if rid == role_id else repr(rid))
                + ("" if other == name else f" ({other!r})")
                for rid, p, other in clashes
                if (rid, p) != (role_id, path)
            ]
            refs = _Refs(docs[role_id])
            refs.add(path, f"{name!r} is also {' and '.join(others)}; search would be ambiguous")
            problems += refs.problems
    return problems


_SINGULAR = {
    "departments": "department",
    "levels": "level",
    "skills": "skill",
    "kpis": "KPI",
    "processes": "process",
}


def _check_names(
    settings_doc: Document | None,
    catalogs: Mapping[str, tuple[Mapping[str, Any], Document | None]],
    role_docs: Mapping[str, Document],
    indexes: Mapping[str, Mapping[str, int]],
) -> list[Problem]:
    """The text rules in every value of every file (`handbook.textcheck`), and catalog names
    that look the same as another of their catalog (two departments both read 'Operations')."""
    problems: list[Problem] = []
    if settings_doc is not None:
        problems += text_problems(settings_doc, Settings)
    for name, (records, doc) in catalogs.items():
        if doc is None:
            continue
        problems += text_problems(doc, CATALOGS[name][1])
        seen: dict[str, tuple[str, str]] = {}
        for record_id, record in records.items():
            shown = str(getattr(record, "name", ""))
            key = names.lookalike_key(shown)
            if key not in seen:
                seen[key] = (record_id, shown)
                continue
            other_id, other = seen[key]
            index = indexes.get(name, {}).get(record_id)
            if index is None:
                continue
            problems.append(
                Problem(
                    doc.file,
                    doc.line_of((index, "name")),
                    f"[{index}].name",
                    f"{shown!r} is also the name of {_SINGULAR.get(name, name)} {other_id!r}"
                    + ("" if other == shown else f" ({other!r})")
                    + "; readers could not tell them apart: rename one",
                )
            )
    for doc in role_docs.values():
        problems += text_problems(doc, Role)
    return problems


def _check_hierarchy(handbook: Handbook, docs: Mapping[str, Document]) -> list[Problem]:
    roles = handbook.roles
    problems: list[Problem] = []
    parent = {
        rid: (r.reports_to if r.reports_to in roles and r.reports_to != rid else None)
        for rid, r in roles.items()
    }
    in_cycle: set[str] = set()
    for cycle in graph.find_cycles(parent):
        in_cycle.update(cycle)
        path = " -> ".join(repr(rid) for rid in cycle)
        problems.append(_at(docs, cycle[0], "reporting cycle: " + path))
    broken = {rid for rid, r in roles.items() if r.reports_to is not None and parent[rid] is None}
    tops = [rid for rid in graph.top_roles(handbook) if rid not in broken]
    if not tops:
        if roles and not in_cycle and not broken:  # pragma: no cover - a finite tree has a top
            problems.append(_at(docs, min(roles), "no top role: every role reports to another"))
        return problems
    top = tops[0]
    for extra in tops[1:]:
        problems.append(
            _at(
                docs,
                extra,
                f"more than one top role: {extra!r} and {top!r} both have no reports_to; "
                "only one role may head the hierarchy",
            )
        )
    connected = set(graph.subtree(graph.direct_reports(roles), top))
    for rid in sorted(roles):
        if rid in connected or rid in in_cycle or rid in tops or rid in broken:
            continue
        chain = graph.reporting_chain(roles, rid)
        end = chain[-1] if chain else rid
        if end in broken or roles[end].reports_to in broken:
            continue
        reason = (
            "its chain runs into a reporting cycle"
            if any(c in in_cycle for c in chain)
            else f"its chain ends at {end!r}"
        )
        problems.append(_at(docs, rid, f"not connected to the top role {top!r}: {reason}"))
    return problems


def _at(docs: Mapping[str, Document], role_id: str, message: str) -> Problem:
    doc = docs[role_id]
    return Problem(doc.file, doc.line_of(("reports_to",)), "reports_to", message)


def _check_processes(
    handbook: Handbook,
    doc: Document,
    indexes: Mapping[str, int],
    role_ids: Collection[str],
) -> list[Problem]:
    refs = _Refs(doc)
    for process_id, process in handbook.processes.items():
        index = indexes[process_id]
        raci = process.raci
        cells: Iterable[tuple[tuple[str | int, ...], str]] = [
            ((index, "raci", "accountable"), raci.accountable),
            *(((index, "raci", "responsible", i), r) for i, r in enumerate(raci.responsible)),
            *(((index, "raci", "consulted", i), r) for i, r in enumerate(raci.consulted)),
            *(((index, "raci", "informed", i), r) for i, r in enumerate(raci.informed)),
        ]
        for path, role_id in cells:
            refs.known(path, role_id, role_ids, "role")
    return refs.problems


def _check_settings(settings: Settings, doc: Document, role_ids: Collection[str]) -> list[Problem]:
    refs = _Refs(doc)
    if problem := currency_problem(settings.currency):
        refs.add(("currency",), problem)
    if settings.repo_url and (problem := address_problem(settings.repo_url, REPOSITORY_EXAMPLE)):
        refs.add(("repo_url",), problem)
    for i, pair in enumerate(settings.featured.comparisons):
        refs.known(("featured", "comparisons", i, "a"), pair.a, role_ids, "role")
        refs.known(("featured", "comparisons", i, "b"), pair.b, role_ids, "role")
        if pair.a == pair.b:
            refs.add(("featured", "comparisons", i, "b"), "compare two different roles")
    for i, route in enumerate(settings.featured.routes):
        refs.known(("featured", "routes", i, "from"), route.start, role_ids, "role")
        refs.known(("featured", "routes", i, "to"), route.goal, role_ids, "role")
    return refs.problems


def _fold_catalog_problems(reader: _Reader, role_docs: Mapping[str, Document]) -> None:
    """One cause, one message: a catalog that cannot be read says how many roles depend on it."""
    for name, index in reader.unusable.items():
        if name == "processes" or index >= len(reader.problems):
            continue
        what = CATALOGS[name][2]
        count = len(role_docs)
        if not count:
            continue
        cause = reader.problems[index]
        plural = "s name" if count != 1 else " names"
        reader.problems[index] = dataclasses.replace(
            cause,
            message=f"{cause.message}; {count} role{plural} {what} from it, checked once it is "
            "fixed",
        )


def _unused_entries(
    catalogs: Mapping[str, tuple[dict[str, Any], Document | None]],
    role_docs: Mapping[str, Document],
    indexes: Mapping[str, Mapping[str, int]],
    unusable: Collection[str],
) -> list[Problem]:
    """Warnings for catalog entries no role uses (counted from every role file, valid or not)."""
    if not role_docs:
        return []
    # Levels are a ladder: a rung no role stands on yet is normal, so levels are not listed.
    used: dict[str, set[str]] = {name: set() for name in ("departments", "skills", "kpis")}
    for doc in role_docs.values():
        data = doc.data
        used["departments"].add(str(data.get("department")))
        for key, catalog, inner in (("skills", "skills", "skill"), ("kpis", "kpis", "kpi")):
            items = data.get(key)
            if isinstance(items, list):
                used[catalog].update(str(i.get(inner)) for i in items if isinstance(i, dict))
    problems = []
    for name, ids in used.items():
        records, catalog_doc = catalogs[name]
        if catalog_doc is None or name in unusable:
            continue
        what = CATALOGS[name][2][:-1]
        for record_id in records:
            if record_id in ids:
                continue
            index = indexes[name][record_id]
            message = (
                f"{what} {record_id!r} has no roles: remove it, or give a role this {what}"
                if name == "departments"
                else f"{what} {record_id!r} is not used by any role: remove it, or add it to a role"
            )
            problems.append(
                Problem(
                    catalog_doc.file,
                    catalog_doc.line_of((index, "id")),
                    f"[{index}].id",
                    message,
                    warning=True,
                )
            )
    return problems


# ---- the usable handbook ---------------------------------------------------------------------


def _usable(
    full: Handbook,
    role_docs: Mapping[str, Document],
    problems: list[Problem],
    reader: _Reader,
) -> tuple[Handbook, dict[str, BrokenRole]]:
    """The part of `full` that can be shown, and why each other role cannot."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        if not problem.warning:
            by_file.setdefault(problem.file, []).append(problem)
    catalog_causes = [
        reader.problems[index] for index in reader.unusable.values() if index < len(reader.problems)
    ]
    good: set[str] = set()
    for rid, role in full.roles.items():
        if full.role_files[rid] in by_file:
            continue
        if (
            role.department in full.departments
            and role.level in full.levels
            and all(s.skill in full.skills for s in role.skills)
            and all(k.kpi in full.kpis for k in role.kpis)
        ):
            good.add(rid)
    roles = {rid: _prune(role, good) for rid, role in full.roles.items() if rid in good}
    processes = {}
    for pid, process in full.processes.items():
        raci = process.raci
        if raci.accountable not in good:
            continue
        responsible = [r for r in raci.responsible if r in good]
        if not responsible:
            continue
        processes[pid] = process.model_copy(
            update={
                "raci": RaciEntry(
                    responsible=responsible,
                    accountable=raci.accountable,
                    consulted=[r for r in raci.consulted if r in good],
                    informed=[r for r in raci.informed if r in good],
                )
            }
        )
    featured = full.settings.featured
    settings = full.settings.model_copy(
        update={
            "organisation": _shown_name(full.settings.organisation, _NO_ORGANISATION),
            "featured": Featured(
                comparisons=[c for c in featured.comparisons if {c.a, c.b} <= good],
                routes=[r for r in featured.routes if {r.start, r.goal} <= good],
            ),
        }
    )
    usable = dataclasses.replace(
        full,
        settings=settings,
        roles=roles,
        processes=_named(processes),
        departments=_named(full.departments),
        levels=_named(full.levels),
        skills=_named(full.skills),
        kpis=_named(full.kpis),
    )
    broken = {}
    for rid, file in full.role_files.items():
        if rid in good:
            continue
        doc = role_docs.get(rid)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        if doc is None:  # YAML could not read it: its page keeps its address in a preview
            data = _salvaged(reader.data_dir / ROLES_DIR / f"{rid}.yml")
        title = data.get("title")
        title = title.strip() if isinstance(title, str) else ""
        department = data.get("department")
        own = tuple(by_file.get(file, ()))
        broken[rid] = BrokenRole(
            role_id=rid,
            # A title too long for a role, or with characters no title may hold (a control
            # character, a bidirectional override), is not shown in a preview's navigation either.
            title=(
                title
                if title and len(title) <= MAX_LINE and not names.text_rules(title, line=True)
                else rid
            ),
            department=department if department in full.departments else None,
            file=file,
            problems=own or tuple(catalog_causes),
        )
    return usable, broken


def _named(records: dict[str, M]) -> dict[str, M]:
    """Catalog records as a preview shows them: a name that breaks the text rules (which
    `check` reports) is shown as the record's id, in pages and exports alike."""
    out = records
    for record_id, record in records.items():
        name = getattr(record, "name", None)
        if isinstance(name, str) and _shown_name(name, record_id) != name:
            if out is records:
                out = dict(records)
            out[record_id] = record.model_copy(update={"name": record_id})
    return out


_TOP_SCALAR = re.compile(
    r"^(title|department):[ \t]+([^\s#'\"|>&*!\[{][^\n#]*?)[ \t]*(?:#.*)?$", re.M
)
_SALVAGE_BYTES = 100_000


def _salvaged(path: Path) -> dict[str, str]:
    """The top-level `title` and `department` of a role file that YAML cannot parse, read line
    by line: a preview then shows the file's syntax error on the role's own page, at the address
    the browser already has open, instead of at a new one. Plain values only; an ordinary file
    only (never a pipe or a device), and only its start."""
    if special_kind(path) is not None or not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            text = handle.read(_SALVAGE_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, str] = {}
    for key, value in _TOP_SCALAR.findall(text):
        found.setdefault(key, value)
    return found


def _prune(role: Role, good: Collection[str]) -> Role:
    """`role` without references to roles that cannot be shown."""
    update: dict[str, Any] = {}
    if role.reports_to is not None and role.reports_to not in good:
        update["reports_to"] = None
    moves = [m for m in role.progression if m.to is None or m.to in good]
    if len(moves) != len(role.progression):
        update["progression"] = moves
    return role.model_copy(update=update) if update else role
