"""Common mistakes and the messages `handbook check` gives for them, shown in the writers' guide.

Each mistake is a small edit to the handbook's own files. The guide does not quote messages
from memory: it makes each edit on a copy of the data, runs the real checks, and shows what
they print, so the guide can never drift from the checker.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handbook.pages import index_pages
from handbook.problems import Problem
from handbook.validation import read_handbook

TEAM_LEADER = "roles_data/roles/team-leader.yml"


@dataclass(frozen=True)
class Mistake:
    """An edit to one file (`old` → `new`), what the messages mean, and how to fix it."""

    title: str
    file: str  # relative to the project: roles_data/… or docs/…
    old: str
    new: str
    meaning: str
    fix: str


MISTAKES = (
    Mistake(
        "Not valid YAML",
        TEAM_LEADER,
        "title: Team Leader\n",
        "title: Team Leader: days\n",
        "The file cannot be read as YAML at that line and column. Here a colon followed by a "
        "space sits inside a value, which YAML takes for the start of another field.",
        'Put the whole value in double quotes (`title: "Team Leader: days"`), or check the '
        "indentation of the line against the lines around it.",
    ),
    Mistake(
        "A field written twice",
        TEAM_LEADER,
        "level: lead\n",
        "level: lead\nlevel: supervisor\n",
        "The same field appears twice in one place. Only one of the two values could be kept, "
        "so nothing is guessed: the file is refused.",
        "Delete the line you did not mean to keep.",
    ),
    Mistake(
        "A misspelt field name",
        TEAM_LEADER,
        "summary: >-",
        "sumary: >-",
        "A field name is not one the handbook knows, so its value would be lost; and the "
        "field it was meant to be is now missing.",
        "Use the suggested name. The allowed names are listed in the editor's autocomplete "
        "when it reads the schema line at the top of the file.",
    ),
    Mistake(
        "Text where a number belongs",
        TEAM_LEADER,
        "experience_years: 1\n",
        "experience_years: one year\n",
        "The field takes a number, but holds words.",
        "Write only the number, such as `1` or `1.5`; put any explanation in `experience`.",
    ),
    Mistake(
        "An empty value",
        TEAM_LEADER,
        "  - area: Reporting\n",
        '  - area: ""\n',
        "A field that must hold text is empty.",
        "Write the text, or remove the whole entry if it is not needed.",
    ),
    Mistake(
        "An unknown role, department, level, skill or KPI",
        TEAM_LEADER,
        "reports_to: call-center-supervisor\n",
        "reports_to: call-centre-supervisor\n",
        "An id does not match any role file or catalog entry. The closest existing id is "
        "suggested when there is one.",
        "Use the suggested id, or look the id up: role ids are the file names in "
        "`roles_data/roles/`, the others are the `id` fields of the catalogs.",
    ),
    Mistake(
        "A title or alias used twice",
        TEAM_LEADER,
        "  - Team Lead\n",
        "  - CSR\n",
        "Two roles share a title or alias, so a search for it could not tell them apart. The "
        "message appears in both files.",
        "Remove the alias from the role it does not belong to, or make it more specific.",
    ),
    Mistake(
        "A reporting cycle",
        "roles_data/roles/call-center-supervisor.yml",
        "reports_to: call-center-manager\n",
        "reports_to: team-leader\n",
        "Following `reports_to` from role to role comes back to where it started, so these "
        "roles never reach the top of the organisation.",
        "Change one `reports_to` in the loop so that the chain leads up to the top role.",
    ),
    Mistake(
        "More than one top role",
        TEAM_LEADER,
        "reports_to: call-center-supervisor\n",
        "reports_to: null\n",
        "Only the head of the organisation may have no `reports_to`. Every role under a second "
        "top is cut off from the real one, so each is reported as not connected.",
        "Give the role its manager again in `reports_to`; the other messages then go away.",
    ),
    Mistake(
        "A salary band upside down",
        TEAM_LEADER,
        "  min: 38000\n",
        "  min: 48000\n",
        "The bottom of the band is above the top.",
        "Swap the two figures, or correct the one that was mistyped.",
    ),
    Mistake(
        "A promotion that is not a step up",
        TEAM_LEADER,
        "level: lead\n",
        "level: supervisor\n",
        "A move marked `promotion` must lead to a role at a higher level. After this edit the "
        "team leader is at the same level as the supervisor it is promoted to.",
        "Mark the move `lateral` if it changes the kind of work but not the level, or correct "
        "the level of one of the two roles.",
    ),
    Mistake(
        "A placeholder still to fill in",
        TEAM_LEADER,
        "  - area: Reporting\n",
        '  - area: "<FILL IN: a short name for an area of work>"\n',
        "`handbook new-role` writes placeholders for every fact it cannot know. Each one left "
        "is listed with the hint it carries.",
        "Replace the placeholder with the real fact. The role appears on the site once none "
        "are left.",
    ),
    Mistake(
        "A page naming a role that does not exist",
        "docs/roles/operations/team-leader.md",
        "role: team-leader\n",
        "role: team-leadr\n",
        "The `role:` in a page's front matter must be a role id. Here it is misspelt, so the "
        "page shows no role and the real role is left without a page.",
        "Correct the id in the front matter. A role without a page needs a page file at the "
        "path the message gives (`handbook new-role` creates it).",
    ),
)


@dataclass(frozen=True)
class Demonstration:
    mistake: Mistake
    problems: list[Problem]


class MistakeOutOfDate(ValueError):
    """The file no longer contains what a mistake edits: the guide's example needs updating."""


def demonstrate(data_dir: Path, docs_dir: Path) -> Iterator[Demonstration]:
    """Make each mistake on a copy of the handbook and collect what the checks report."""
    with tempfile.TemporaryDirectory(prefix="handbook-mistakes-") as tmp:
        root = Path(tmp)
        shutil.copytree(data_dir, root / "roles_data")
        shutil.copytree(docs_dir, root / "docs")
        for mistake in MISTAKES:
            path = root / mistake.file
            original = path.read_text(encoding="utf-8")
            if original.count(mistake.old) != 1:
                raise MistakeOutOfDate(
                    f"{mistake.file} no longer contains {mistake.old.strip()!r} exactly once: "
                    f"update the example {mistake.title!r} in handbook/mistakes.py"
                )
            path.write_text(original.replace(mistake.old, mistake.new), encoding="utf-8")
            try:
                yield Demonstration(mistake, _check(root))
            finally:
                path.write_text(original, encoding="utf-8")


def _check(root: Path) -> list[Problem]:
    result = read_handbook(root / "roles_data", display_root=root)
    problems = list(result.problems)
    if result.handbook is not None:
        departments = {rid: r.department for rid, r in result.handbook.roles.items()}
        problems += index_pages(root / "docs", departments, shown_root="docs").problems
    return problems
