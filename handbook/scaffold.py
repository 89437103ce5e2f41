"""`handbook new-role`: the starting files of a new role, for a writer to fill in.

The role file carries a comment on every field and a `<FILL IN: …>` placeholder wherever a
writer must supply a fact; `handbook check` lists the placeholders left until none are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.loading import resolve_plain
from handbook.model import ID_PATTERN, MAX_ID, MAX_LINE
from handbook.names import id_from, id_hint, lookalike_key
from handbook.placeholders import placeholder
from handbook.problems import did_you_mean
from handbook.records import too_long
from handbook.roleid import bounded, role_id_problem
from handbook.textcheck import value_problems
from handbook.validation import Result


@dataclass(frozen=True)
class NewRole:
    """What the writer asked for: the title and where the role sits."""

    role_id: str
    title: str
    department: str
    level: str
    reports_to: str


def slug(title: str) -> str:
    """A role id from a title: 'Quality Coach (Remote)' → 'quality-coach-remote', cut at a
    hyphen to the length an id may have."""
    return bounded(id_from(title))


def name_problems(name: str) -> list[str]:
    """Why `name` (a title, the organisation's name) cannot be written as one, in the words of
    `check`: longer than a line, or breaking the text rules of a name."""
    if len(name) > MAX_LINE:
        return [too_long(name, MAX_LINE)]
    return value_problems(name, "name")


def argument_problems(new: NewRole, result: Result) -> list[tuple[str, str]]:
    """(option, message) for every argument that does not fit the data, as `check` words it:
    the title is held to the text rules of a name and compared as `check` compares titles (as
    they look), so no title `new-role` writes is one `check` then refuses."""
    problems: list[tuple[str, str]] = []
    if not new.title.strip():
        problems.append(("title", "must not be empty"))
    problems += [("title", message) for message in name_problems(new.title)]
    refused = role_id_problem(new.role_id, result.ids.get("departments", set()))
    if not re.match(ID_PATTERN, new.role_id):
        shown = new.role_id if len(new.role_id) <= MAX_ID else new.role_id[:MAX_ID] + "..."
        problems.append(("--id", f"{shown!r} is not a valid id: {id_hint(shown)}"))
    elif refused:
        problems.append(("--id", f"{refused}: pass another --id"))
    elif new.role_id in result.ids.get("roles", set()):
        problems.append(
            ("--id", f"role {new.role_id!r} already exists: choose another id with --id")
        )
    for option, value, catalog, what in (
        ("--department", new.department, "departments", "department"),
        ("--level", new.level, "levels", "level"),
        ("--reports-to", new.reports_to, "roles", "role"),
    ):
        known = result.ids.get(catalog, set())
        if value not in known:
            problems.append((option, f"unknown {what} {value!r}{did_you_mean(value, known)}"))
    wanted = lookalike_key(new.title.strip())
    for role_id, doc in sorted(result.role_documents.items()):
        data = doc.data if isinstance(doc.data, dict) else {}
        names = [("title", data.get("title"))]
        aliases = data.get("aliases")
        names += (
            [("alias", alias) for alias in aliases if isinstance(aliases, list)]
            if isinstance(aliases, list)
            else []
        )
        for kind, name in names:
            if isinstance(name, str) and lookalike_key(name.strip()) == wanted:
                clash = f"{new.title!r} is already the {kind} of {role_id!r}"
                problems.append(("title", clash + "; search would be ambiguous"))
    return problems


@functools.lru_cache(maxsize=4096)  # a file has two dozen placeholders; imports write many
def _scalar(value: str, style: str | None = None) -> str:
    """`value` as a YAML scalar, written by PyYAML's emitter: plain where YAML allows it and
    quoted where it does not (or always in `style`, such as '"').

    PyYAML writes YAML 1.1, which leaves `1e3`, `0o17`, `+.5` and `2024-1-5` plain; the
    handbook reads YAML 1.2, where they are numbers or dates, so such values are quoted too.
    """
    if style is None and value and value == value.strip():
        read = resolve_plain(value)
        if type(read) is not str or read != value:
            style = '"'
    text: str = yaml.safe_dump(
        {"v": value},
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
        default_style=style,
    )
    return text.split(": ", 1)[1].rstrip("\n")


def _fill(hint: str) -> str:
    return _scalar(placeholder(hint), style='"')


def _examples(values: Sequence[Any], fallback: str) -> str:
    chosen = [str(v) for v in values if isinstance(v, str) and v][:3] or [fallback]
    return ", ".join(chosen)


def role_file(new: NewRole, manager: dict[str, Any] | None, schema: str) -> str:
    """The text of roles_data/roles/<id>.yml for a new role."""
    manager = manager or {}
    skills = [s.get("skill") for s in manager.get("skills") or [] if isinstance(s, dict)]
    kpis = [k.get("kpi") for k in manager.get("kpis") or [] if isinstance(k, dict)]
    skill_hint = f"a skill id from roles_data/skills.yml, e.g. {_examples(skills, 'communication')}"
    kpi_hint = f"a KPI id from roles_data/kpis.yml, e.g. {_examples(kpis, 'customer-satisfaction')}"
    level_hint = "required proficiency, 1 (basic) to 5 (expert)"
    return f"""\
# yaml-language-server: $schema={schema}
# {new.title}: replace every "<FILL IN: …>" value (quotes included) with the real fact, then
# run `handbook check`, which lists the placeholders still left. The comments explain each
# field; keep or delete them as you like.

# The role's official title, as it appears in the handbook and in search.
title: {_scalar(new.title)}
# Other titles people search for, such as abbreviations or older names:
#   aliases:
#     - QC
aliases: []
# Ids from roles_data/departments.yml and roles_data/levels.yml.
department: {new.department}
level: {new.level}
# The id of the role this one reports to: a file name in roles_data/roles/ without ".yml".
reports_to: {new.reports_to}

# Two or three sentences, written to the reader, on why the role exists.
summary: {_fill("two or three sentences on why the role exists")}

# The main areas of work, each a short name and a sentence or two. Four or more make a
# useful page: copy an entry to add one.
responsibilities:
  - area: {_fill("a short name for an area of work, e.g. Call reviews")}
    description: {_fill("what the role does in this area, in a sentence or two")}
  - area: {_fill("a second area of work")}
    description: {_fill("what the role does in this area")}
  - area: {_fill("a third area of work")}
    description: {_fill("what the role does in this area")}
  - area: {_fill("a fourth area of work")}
    description: {_fill("what the role does in this area")}

# Skills from roles_data/skills.yml, each with the proficiency the role needs.
skills:
  - skill: {_fill(skill_hint)}
    level: {_fill(level_hint)}
  - skill: {_fill("another skill id from roles_data/skills.yml")}
    level: {_fill(level_hint)}
  - skill: {_fill("another skill id from roles_data/skills.yml")}
    level: {_fill(level_hint)}

qualifications:
  education: {_fill("the education the role asks for")}
  # Years of relevant experience expected before starting, e.g. 2 or 0.5.
  experience_years: {_fill("years of experience, a number")}
  experience: {_fill("what kind of experience counts, in a sentence")}
  # Certifications that help or are required, e.g. ["COPC Coordinator"]; [] for none.
  certifications: []

# The KPIs from roles_data/kpis.yml the role is measured on; a target is optional (delete
# the target line if there is none).
kpis:
  - kpi: {_fill(kpi_hint)}
    target: {_fill("the target, e.g. 90% or more")}
  - kpi: {_fill("another KPI id from roles_data/kpis.yml")}

# The pay band with where the figures come from. Delete the whole block if none is known.
# "visibility: internal" shows it only in the handbook built for staff.
salary:
  min: {_fill("bottom of the band, a whole number")}
  max: {_fill("top of the band, a whole number")}
  period: year
  source: {_fill("where the figures come from")}
  visibility: public

# The moves this role leads to: 'promotion' to a higher level or 'lateral' to other work.
# Uncomment and fill in to add one:
#   progression:
#     - to: {new.reports_to}
#       kind: promotion
#       typical_months: {{min: 12, max: 24}}
#       requirements: What the person needs to show before the move.
progression: []
"""


def role_page(new: NewRole) -> str:
    """The text of docs/roles/<department>/<id>.md: prose of the writer's own about the role."""
    return f"""\
<!-- Your own words about this role. The page shows the role's data from
roles_data/roles/{new.role_id}.yml, with this text after its summary. Delete this comment. -->

## A day in the role

Describe a typical day: what the work feels like, who you meet, what changes with the season.
"""


STARTER = Path(__file__).resolve().parent / "starter"


def starter_files(organisation: str, currency: str, language: str = "en") -> dict[str, str]:
    """The files of `handbook init`: relative path → text, with the organisation, currency and
    language filled in."""
    files = {}
    for path in sorted(STARTER.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("__ORGANISATION__", _scalar(organisation))
        text = text.replace("__CURRENCY__", _scalar(currency))
        text = text.replace("__LANGUAGE__", _scalar(language))
        files[path.relative_to(STARTER).as_posix()] = text
    return files


STARTER_PROJECT = Path(__file__).resolve().parent / "starter_project"
PROJECT_CONFIG = "mkdocs.yml"
OVERRIDES_KEEP = "overrides/.gitkeep"


def project_config(organisation: str) -> str:
    """The mkdocs.yml of a project `handbook init` starts, with the organisation's name in the
    site's (quoted by YAML's rules, so any name reads back as it was written)."""
    text = (STARTER_PROJECT / PROJECT_CONFIG).read_text(encoding="utf-8")
    return text.replace("__SITE_NAME__", _scalar(f"{organisation} handbook", style='"'))
