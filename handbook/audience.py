"""Who a build is for: the public handbook drops everything marked `visibility: internal`.

`publish` is the one way the site reads the data: it validates, filters for the audience and
returns only what that audience may see. Pages, search, exports, diagrams and the preview's
problem notes are all made from its result, so internal data cannot reach a public build by
any path that does not go through here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from handbook.model import Handbook, Visibility
from handbook.problems import Problem
from handbook.validation import BrokenRole, read_handbook


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


INTERNAL_NOTE = (
    "a problem in the internal salary band, which this edition does not show: run "
    "'handbook check' to see it"
)


def for_audience(handbook: Handbook, audience: Audience) -> Handbook:
    """The handbook as `audience` may see it; filtering happens once, before any rendering."""
    if audience is Audience.INTERNAL:
        return handbook
    roles = {
        role_id: (
            role.model_copy(update={"salary": None})
            if role.salary and role.salary.visibility is Visibility.INTERNAL
            else role
        )
        for role_id, role in handbook.roles.items()
    }
    return dataclasses.replace(handbook, roles=roles)


@dataclass(frozen=True)
class Published:
    """The handbook as one audience sees it, and the roles a preview shows as broken."""

    audience: Audience
    handbook: Handbook
    broken: dict[str, BrokenRole]
    # Every problem, for the build log and `handbook check` (neither is published); for the
    # public audience, messages about internal bands are replaced by INTERNAL_NOTE.
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)


def publish(data_dir: Path, audience: Audience, display_root: Path | None = None) -> Published:
    """Read `data_dir` and return what `audience` may see of it."""
    result = read_handbook(data_dir, display_root)
    handbook = for_audience(result.handbook, audience)
    problems = result.problems
    broken = result.broken
    if audience is Audience.PUBLIC:
        internal = {doc.file for doc in result.role_documents.values() if _maybe_internal(doc.data)}
        problems = [_redact(p, internal) for p in problems]
        broken = {
            rid: dataclasses.replace(b, problems=tuple(_redact(p, internal) for p in b.problems))
            for rid, b in broken.items()
        }
    return Published(audience, handbook, broken, problems)


def _maybe_internal(data: object) -> bool:
    """Whether a role file's salary band may be internal: marked so, or with a visibility that
    is not plainly 'public' ('INTERNAL', 'internl', 'private', a number). A public edition shows
    no figure of a band whose writer may have meant to keep it internal."""
    salary = data.get("salary") if isinstance(data, dict) else None
    if not isinstance(salary, dict) or "visibility" not in salary:
        return False
    return bool(salary["visibility"] != Visibility.PUBLIC.value)


def _redact(problem: Problem, internal_files: set[str]) -> Problem:
    if problem.file in internal_files and problem.field.startswith("salary"):
        return dataclasses.replace(problem, field="salary", message=INTERNAL_NOTE)
    return problem
