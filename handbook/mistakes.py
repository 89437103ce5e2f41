"""Common mistakes and the messages `handbook check` gives for them, shown in the writers' guide.

Each mistake is a small edit to the example handbook shipped with this package
(handbook/guide_example/), never to the organisation's own data: no change to an
organisation's roles can change or break the guide. The guide does not quote messages from
memory: it makes each edit on a copy of the example, runs the real checks and shows what they
print, so the guide cannot drift from the checker. The example is tiny, so this costs the same
few milliseconds whatever the size of the organisation.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from handbook.i18n import N_
from handbook.problems import Problem
from handbook.relations import relate
from handbook.site import plan_site
from handbook.validation import read_handbook

EXAMPLE = Path(__file__).resolve().parent / "guide_example"
# A title pasted with the sentence that explains it: longer than a name may be.
_LONG_TITLE = (
    "Team Leader, who coaches a team of eight to twelve agents on the floor, runs the daily "
    "huddle, covers the queue at peak times and reports the team's results to the manager"
)
# Files of the guide's own small handbook (handbook/guide_example/), never the organisation's.
TEAM_LEADER = "roles_data/roles/team-leader.yml"
AGENT = "roles_data/roles/agent.yml"


@dataclass(frozen=True)
class Mistake:
    """An edit to one file (`old` → `new`; a new file when `old` is empty), what the messages
    mean, and how to fix them."""

    title: str  # the title, meaning and fix are messages of the catalogs (N_), in English
    file: str  # relative to the project: roles_data/… or docs/…
    old: str
    new: str
    meaning: str
    fix: str


MISTAKES = (
    Mistake(
        N_("Not valid YAML"),
        TEAM_LEADER,
        "title: Team Leader\n",
        "title: Team Leader: days\n",
        N_(
            "The file cannot be read as YAML at that line and column. Here a colon followed by a "
            "space sits inside a value, which YAML takes for the start of another field."
        ),
        N_(
            'Put the whole value in double quotes (`title: "Team Leader: days"`), or check the '
            "indentation of the line against the lines around it."
        ),
    ),
    Mistake(
        N_("A field written twice"),
        TEAM_LEADER,
        "level: lead\n",
        "level: lead\nlevel: manager\n",
        N_(
            "The same field appears twice in one place. Only one of the two values could be kept, "
            "so nothing is guessed: the file is refused."
        ),
        N_("Delete the line you did not mean to keep."),
    ),
    Mistake(
        N_("A misspelt field name"),
        TEAM_LEADER,
        "summary: Leads",
        "sumary: Leads",
        N_(
            "A field name is not one the handbook knows, so its value would be lost; and the "
            "field it was meant to be is now missing."
        ),
        N_(
            "Use the suggested name. The allowed names are listed in the editor's autocomplete "
            "when it reads the schema line at the top of the file."
        ),
    ),
    Mistake(
        N_("Text where a number belongs"),
        TEAM_LEADER,
        "experience_years: 1\n",
        "experience_years: one year\n",
        N_("The field takes a number, but holds words."),
        N_("Write only the number, such as `1` or `1.5`; put any explanation in `experience`."),
    ),
    Mistake(
        N_("A number some tools read differently"),
        TEAM_LEADER,
        "  max: 44000\n",
        "  max: 044000\n",
        N_(
            "A number written with a leading zero is an octal (base 8) number to some YAML tools "
            "and a plain number to others. Values like `1:30`, `0x1F` and `1_000` have the same "
            "problem, so the handbook refuses them rather than guess."
        ),
        N_("Write the number in plain digits, as the message says; for text, put it in quotes."),
    ),
    Mistake(
        N_("yes, no, on or off"),
        AGENT,
        "  shifts: true\n",
        "  shifts: yes\n",
        N_("Some YAML tools read `yes`, `no`, `on` and `off` as true or false, others as text."),
        N_(
            "Write `true` or `false` in a yes-or-no field; put the word in quotes where you mean "
            'text (`title: "No"`).'
        ),
    ),
    Mistake(
        N_("A number in quotes"),
        TEAM_LEADER,
        "  max: 44000\n",
        '  max: "44000"\n',
        N_(
            "Quotes make a value text, and a field that takes a number takes only a number: the "
            "handbook does not guess that text was meant as one. In the same way `true` and "
            "`false` are not numbers, and a number is not true or false."
        ),
        N_(
            "Write the number without quotes, as the message says; in a yes-or-no field write "
            "`true` or `false`, without quotes."
        ),
    ),
    Mistake(
        N_("A value too long"),
        TEAM_LEADER,
        "title: Team Leader\n",
        f"title: {_LONG_TITLE}\n",
        N_(
            "A name (a title, an alias, a catalog entry's name, the organisation's name, an area, "
            "a KPI target) is one line of at most %(max_line)s characters; any other text, such "
            "as a summary or a description, at most %(max_text)s; an id at most %(max_id)s. "
            "Numbers have ranges too: a skill level is 1 to 5, a pay figure at most "
            "%(max_pay)s."
        ),
        N_("Shorten the value; put the explanation in the field meant for it (here `summary`)."),
    ),
    Mistake(
        N_("An empty value"),
        TEAM_LEADER,
        "  - area: Reporting\n",
        '  - area: ""\n',
        N_("A field that must hold text is empty."),
        N_("Write the text, or remove the whole entry if it is not needed."),
    ),
    Mistake(
        N_("An unknown role, department, level, skill or KPI"),
        TEAM_LEADER,
        "reports_to: manager\n",
        "reports_to: managr\n",
        N_(
            "An id does not match any role file or catalog entry. The closest existing id is "
            "suggested when there is one."
        ),
        N_(
            "Use the suggested id, or look the id up: role ids are the file names in "
            "`roles_data/roles/`, the others are the `id` fields of the catalogs."
        ),
    ),
    Mistake(
        N_("A title or alias used twice"),
        TEAM_LEADER,
        "  - Team Lead\n",
        "  - CSR\n",
        N_(
            "Two roles share a title or alias, so a search for it could not tell them apart. The "
            "message appears in both files. Names are compared as people read them: capitals, "
            "spacing, full-width letters, invisible characters and letters of other scripts drawn "
            "alike (Cyrillic 'А' and Latin 'A', after Unicode's list of confusable characters) do "
            "not make two names differ; a word that mixes such scripts is reported on its own."
        ),
        N_("Remove the alias from the role it does not belong to, or make it more specific."),
    ),
    Mistake(
        N_("Characters that are not text"),
        TEAM_LEADER,
        "title: Team Leader\n",
        'title: "Team\\u200bLeader"\n',
        N_(
            "The value holds a character you cannot see. No value may hold control characters or "
            "the characters that make text show in another order than it is read (bidirectional "
            "overrides), nor letters that draw nothing and so fake a space (the Hangul fillers, a "
            "blank Braille cell outside Braille). A name may not hold invisible characters either "
            "(a zero-width space, a soft hyphen), except the joiners its script or an emoji needs: "
            "Persian and the Indian scripts, and emoji such as 👩‍💻, are written as usual. Such "
            "characters usually arrive with text pasted from a web page or a chat."
        ),
        N_(
            "Delete the characters (or type a space where a space was meant): the message names "
            "each one."
        ),
    ),
    Mistake(
        N_("A role file named after a page the site needs"),
        "roles_data/roles/index.yml",
        "",
        "title: Index Clerk\n",
        N_(
            "A role's id is its file name and part of its page's address: `index` (the name of "
            "each department's own page) and the id of a department would take another page's "
            "place, so the file is not read."
        ),
        N_("Rename the file after the role's title, such as `index-clerk.yml`."),
    ),
    Mistake(
        N_("An address the site cannot link to"),
        "roles_data/handbook.yml",
        "currency: USD\n",
        "currency: USD\nrepo_url: github.com/example/handbook\n",
        N_(
            "Every page links to the repository (`repo_url`) and each edit button opens a file in "
            "it, so the address must be one a browser opens as it is: `https://` or `http://`, a "
            "host name, and no quotes, angle brackets, braces, backslashes, spaces or invisible "
            "characters. Anything else is refused rather than guessed at, and the site is built "
            "without the links. The addresses set by CI (`HANDBOOK_REPO_URL`, `HANDBOOK_SITE_URL`) "
            "follow the same rule; a message about one of them names the variable."
        ),
        N_("Copy the address from your browser's address bar."),
    ),
    Mistake(
        N_("A reporting cycle"),
        "roles_data/roles/manager.yml",
        "reports_to: null\n",
        "reports_to: team-leader\n",
        N_(
            "Following `reports_to` from role to role comes back to where it started, so these "
            "roles never reach the top of the organisation."
        ),
        N_("Change one `reports_to` in the loop so that the chain leads up to the top role."),
    ),
    Mistake(
        N_("More than one top role"),
        TEAM_LEADER,
        "reports_to: manager\n",
        "reports_to: null\n",
        N_(
            "Only the head of the organisation may have no `reports_to`. Every role under a second "
            "top is cut off from the real one."
        ),
        N_("Give the role its manager again in `reports_to`; the other messages then go away."),
    ),
    Mistake(
        N_("A salary band upside down"),
        TEAM_LEADER,
        "  min: 38000\n",
        "  min: 48000\n",
        N_("The bottom of the band is above the top."),
        N_("Swap the two figures, or correct the one that was mistyped."),
    ),
    Mistake(
        N_("A currency code that does not exist"),
        TEAM_LEADER,
        "  source: An example figure.\n",
        "  source: An example figure.\n  currency: ABC\n",
        N_(
            "Currency codes are checked against ISO 4217, the list every bank and spreadsheet uses."
        ),
        N_("Use the three-letter code of the currency, such as USD, EUR, GBP or JPY."),
    ),
    Mistake(
        N_("A promotion that is not a step up"),
        TEAM_LEADER,
        "level: lead\n",
        "level: manager\n",
        N_(
            "A move marked `promotion` must lead to a role at a higher level. After this edit the "
            "team leader is at the same level as the manager it is promoted to."
        ),
        N_(
            "Mark the move `lateral` if it changes the kind of work but not the level, or correct "
            "the level of one of the two roles."
        ),
    ),
    Mistake(
        N_("A placeholder still to fill in"),
        TEAM_LEADER,
        "  - area: Reporting\n",
        '  - area: "<FILL IN: a short name for an area of work>"\n',
        N_(
            "`handbook new-role` writes placeholders for every fact it cannot know. Each one left "
            "is listed with the hint it carries. In the preview, the role's page shows the same "
            "list; every other page shows as usual."
        ),
        N_("Replace the placeholder with the real fact."),
    ),
    Mistake(
        N_("A role page named after no role"),
        "docs/roles/operations/team-leadr.md",
        "",
        "## A day in the role\n\nMost of the day is spent on the floor.\n",
        N_(
            "A page in `docs/roles/<department>/` adds prose to the role whose id is its file "
            "name. This one is misspelt, so it belongs to no role."
        ),
        N_("Rename the file to the role's id (its file name in `roles_data/roles/`)."),
    ),
)


@dataclass(frozen=True)
class Demonstration:
    mistake: Mistake
    problems: list[Problem]


class MistakeOutOfDate(ValueError):
    """The example no longer contains what a mistake edits: the guide's example needs updating."""


def demonstrate(example: Path = EXAMPLE) -> Iterator[Demonstration]:
    """Make each mistake on a copy of the example handbook and collect what the checks report."""
    with tempfile.TemporaryDirectory(prefix="handbook-mistakes-") as tmp:
        root = Path(tmp)
        shutil.copytree(example, root / "roles_data")
        (root / "docs").mkdir()
        for mistake in MISTAKES:
            path = root / mistake.file
            if not mistake.old:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(mistake.new, encoding="utf-8")
                try:
                    yield Demonstration(mistake, _check(root))
                finally:
                    path.unlink()
                continue
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
    docs = root / "docs"
    writer = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
    plan = plan_site(result.handbook, relate(result.handbook), result.broken, writer)
    return result.errors + plan.problems


@functools.cache
def demonstrations() -> tuple[Demonstration, ...]:
    """The demonstrations, made once per process (they depend only on this package)."""
    return tuple(demonstrate())
