"""roles_data/ → a Handbook and every problem in it, all collected before any is reported."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from handbook import graph
from handbook.loading import Document, load_yaml
from handbook.model import (
    ID_PATTERN,
    Department,
    Handbook,
    Kpi,
    Level,
    MoveKind,
    Process,
    Role,
    Salary,
    Settings,
    Skill,
)
from handbook.problems import Problem, did_you_mean, sort_problems
from handbook.records import catalog_records, validate_record

M = TypeVar("M", bound=BaseModel)

SETTINGS_FILE = "handbook.yml"
CATALOGS: dict[str, tuple[str, type[BaseModel], str]] = {
    "departments": ("departments.yml", Department, "departments"),
    "levels": ("levels.yml", Level, "levels"),
    "skills": ("skills.yml", Skill, "skills"),
    "kpis": ("kpis.yml", Kpi, "KPIs"),
    "processes": ("processes.yml", Process, "processes"),
}
ROLES_DIR = "roles"


@dataclass
class Result:
    """The outcome of reading roles_data/: the handbook when it is usable, and every problem."""

    handbook: Handbook | None
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    # Every id written in the files, valid records or not, per catalog and for "roles".
    ids: dict[str, set[str]] = field(default_factory=dict)
    # Role id → its parsed file, valid or not.
    role_documents: dict[str, Document] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


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

    def shown(self, path: Path) -> str:
        """How a file under the data folder is named in messages (resolved once, not per file)."""
        if self._shown_dir is None:
            self._shown_dir = _display(self.data_dir, self.display_root)
        return f"{self._shown_dir}/{path.relative_to(self.data_dir).as_posix()}"

    def document(self, path: Path) -> Document | None:
        shown = self.shown(path)
        if not path.is_file():
            self.problems.append(Problem(shown, None, "", "file is missing"))
            return None
        doc, problems = load_yaml(path, shown)
        self.problems += problems
        if doc is not None:
            self.documents[shown] = doc
        return doc

    def catalog(self, name: str) -> tuple[dict[str, Any], Document | None]:
        file_name, model, what = CATALOGS[name]
        doc = self.document(self.data_dir / file_name)
        records: dict[str, Any] = {}
        if doc is None:
            return records, None
        if isinstance(doc.data, list):
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
            self.problems.append(
                Problem(self.shown(roles_dir), None, "", "folder of role files is missing")
            )
            return roles, docs
        for path in sorted(roles_dir.iterdir()):
            shown = self.shown(path)
            if path.suffix != ".yml" or path.name.startswith("."):
                if path.is_file() and not path.name.startswith("."):
                    self.problems.append(
                        Problem(shown, None, "", "not a role file: role files are named <id>.yml")
                    )
                continue
            role_id = path.stem
            if not re.match(ID_PATTERN, role_id):
                self.problems.append(
                    Problem(
                        shown,
                        None,
                        "",
                        f"file name {path.name!r} is not a valid role id: use lowercase letters, "
                        "digits and hyphens, e.g. 'team-leader.yml'",
                    )
                )
                continue
            self.ids["roles"].add(role_id)
            doc = self.document(path)
            if doc is None:
                continue
            if not isinstance(doc.data, dict):
                self.problems.append(
                    Problem(shown, doc.line_of(()), "", "expected a mapping of role fields")
                )
                continue
            role, problems = validate_record(Role, doc.data, doc)
            self.problems += problems
            docs[role_id] = doc
            if role is not None:
                roles[role_id] = role
        if not self.ids["roles"]:
            self.problems.append(Problem(self.shown(roles_dir), None, "", "no role files found"))
        return roles, docs


def read_handbook(data_dir: Path, display_root: Path | None = None) -> Result:
    """Read and validate everything under `data_dir`."""
    reader = _Reader(data_dir, display_root)
    settings_doc = reader.document(data_dir / SETTINGS_FILE)
    settings = None
    if settings_doc is not None:
        settings, problems = validate_record(Settings, settings_doc.data, settings_doc)
        reader.problems += problems
    catalogs = {name: reader.catalog(name) for name in CATALOGS}
    roles, role_docs = reader.roles()
    handbook = None
    if settings is not None:
        handbook = Handbook(
            settings=settings,
            departments=catalogs["departments"][0],
            levels=catalogs["levels"][0],
            skills=catalogs["skills"][0],
            kpis=catalogs["kpis"][0],
            processes=catalogs["processes"][0],
            roles=roles,
            role_files={rid: doc.file for rid, doc in role_docs.items()},
        )
        processes_doc = catalogs["processes"][1]
        if processes_doc is not None:
            reader.problems += _check_processes(
                handbook, processes_doc, reader.indexes.get("processes", {}), reader.ids["roles"]
            )
        reader.problems += cross_check(handbook, role_docs, reader.ids)
    problems = sort_problems(set(reader.problems))
    return Result(
        handbook if not problems else None, problems, reader.documents, reader.ids, role_docs
    )


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
    handbook: Handbook, docs: Mapping[str, Document], ids: Mapping[str, Collection[str]]
) -> list[Problem]:
    """Problems between records: unknown ids, ambiguous titles, and the shape of the hierarchy.

    `ids` holds, per catalog and for "roles", every id written in the files, valid or not.
    """
    problems: list[Problem] = []
    for role_id, role in handbook.roles.items():
        problems += _check_role(handbook, role_id, role, docs[role_id], ids)
    problems += _check_titles(handbook, docs)
    problems += _check_hierarchy(handbook, docs)
    return problems


def _check_role(
    handbook: Handbook,
    role_id: str,
    role: Role,
    doc: Document,
    ids: Mapping[str, Collection[str]],
) -> list[Problem]:
    refs = _Refs(doc)
    role_ids = ids["roles"]
    refs.known(("department",), role.department, ids["departments"], "department")
    level_ok = refs.known(("level",), role.level, ids["levels"], "level")
    level_ok = level_ok and role.level in handbook.levels
    if role.reports_to is not None:
        if role.reports_to == role_id:
            refs.add(("reports_to",), "a role cannot report to itself")
        else:
            refs.known(("reports_to",), role.reports_to, role_ids, "role")
    _unique(refs, "skills", [s.skill for s in role.skills], "skill")
    for i, need in enumerate(role.skills):
        refs.known(("skills", i, "skill"), need.skill, ids["skills"], "skill")
    _unique(refs, "kpis", [k.kpi for k in role.kpis], "kpi")
    for i, kpi in enumerate(role.kpis):
        refs.known(("kpis", i, "kpi"), kpi.kpi, ids["kpis"], "KPI")
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


def _check_salary(refs: _Refs, salary: Salary) -> None:
    if salary.open_ended:
        if salary.max is not None:
            refs.add(
                ("salary", "max"),
                "an open-ended band has no top: remove max, or remove open_ended: true",
            )
        return
    if salary.max is None:
        refs.add(
            ("salary",),
            "max is missing: write the top of the band, or set open_ended: true for a band "
            "with no top (such as 'over 100,000')",
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
    """Titles and aliases must be unique (ignoring case) or search would be ambiguous."""
    uses: dict[str, list[tuple[str, tuple[str | int, ...], str]]] = {}
    for role_id, role in handbook.roles.items():
        names: list[tuple[tuple[str | int, ...], str]] = [(("title",), role.title)]
        names += [(("aliases", i), alias) for i, alias in enumerate(role.aliases)]
        for path, name in names:
            uses.setdefault(" ".join(name.casefold().split()), []).append((role_id, path, name))
    problems: list[Problem] = []
    for clashes in uses.values():
        for role_id, path, name in clashes if len(clashes) > 1 else []:
            others = [
                f"the {'title' if p == ('title',) else 'alias'} of "
                + ("this role" if rid == role_id else repr(rid))
                for rid, p, _ in clashes
                if (rid, p) != (role_id, path)
            ]
            refs = _Refs(docs[role_id])
            refs.add(path, f"{name!r} is also {' and '.join(others)}; search would be ambiguous")
            problems += refs.problems
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
