"""Any id, any size, bounded; types mean what they say (issue 19, items 2 and 4).

One test (or parametrized case) per row of the issue's table for reserved role ids, long titles,
values of the wrong type, huge numbers and `new-role` with a long title: each asserts the exact
lines `handbook check` prints and what a strict build does with the same data.
"""

from __future__ import annotations

import html
import random
import time
from collections import defaultdict
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.wordruns import held_by_others
from tests.conftest import Check, edit
from tests.test_hostile import (
    assert_no_traceback,
    failing_build,
    fixture_project,
    problem_lines,
    serving,
    site_files,
)

AGENT = "roles_data/roles/agent.yml"
LEADER = "roles_data/roles/team-leader.yml"
NEW_ROLE = ["--department", "operations", "--level", "entry", "--reports-to", "team-leader"]


def _new_role(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    code = main(["new-role", *args])
    out = capsys.readouterr()
    assert_no_traceback(out.out + out.err)
    return code, out.out, out.err.splitlines()


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*"))


# ---- Row: a role file named index.yml (or after a department) ---------------------------------

INDEX = (
    "roles_data/roles/index.yml: 'index' cannot be a role id, as each department's own page is "
    "roles/<department>/index.md: rename the file after the role's title"
)
DEPARTMENT = (
    "roles_data/roles/operations.yml: 'operations' cannot be a role id, as it is the id of a "
    "department (whose page is roles/operations/): rename the file after the role's title"
)


def _reserved_roles(data: Path) -> None:
    """Two copies of the agent, under ids whose pages would take a department's address."""
    agent = (data / "roles" / "agent.yml").read_text(encoding="utf-8")
    for rid in ("index", "operations"):
        text = agent.replace("title: Agent", f"title: Agent {rid}").replace(
            "aliases: [CSR, Customer Service Representative]", "aliases: []"
        )
        (data / "roles" / f"{rid}.yml").write_text(text, encoding="utf-8")


def test_role_ids_that_take_a_department_page_are_refused_by_check(
    project: Path, check: Check
) -> None:
    _reserved_roles(project / "roles_data")
    # A role that names one of them is not told again that the id is unknown.
    edit(project / "roles_data" / "roles" / "director.yml", "reports_to: null", "reports_to: index")
    assert check() == (1, [INDEX, DEPARTMENT])


def test_a_role_file_name_longer_than_an_id_may_be_is_refused(data: Path, check: Check) -> None:
    name = "-".join(["night"] * 15)  # 89 characters
    (data / "roles" / f"{name}.yml").write_text("title: Night\n", encoding="utf-8")
    assert check() == (
        1,
        [
            f"roles_data/roles/{name}.yml: 'night-night-night-night-night-night-n...' is 89 "
            "characters long, more than the 64 a role id may have: rename the file after the "
            "role's title"
        ],
    )


@pytest.mark.build
def test_role_ids_that_take_a_department_page_fail_the_strict_build_with_the_same_lines(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    _reserved_roles(project / "roles_data")
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [INDEX, DEPARTMENT]


@pytest.mark.build
def test_serve_reports_a_role_named_index_and_keeps_serving_the_department(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    index = project / "roles_data" / "roles" / "index.yml"
    with serving(project) as server:
        builds = server.builds()
        index.write_text(
            (project / "roles_data" / "roles" / "agent.yml")
            .read_text(encoding="utf-8")
            .replace("title: Agent", "title: Index Agent")
            .replace("[CSR, Customer Service Representative]", "[]"),
            encoding="utf-8",
        )
        server.wait_for("the refusal", lambda: INDEX in server.log)
        server.wait_for("the rebuild", lambda: server.builds() > builds)
        department = html.unescape(server.get("roles/operations/"))
        assert "Team Leader" in department and "Index Agent" not in department
        assert "Answers calls." in server.get("roles/operations/agent/")
        assert_no_traceback(server.log)
        assert server.process.poll() is None


@pytest.mark.parametrize(
    ("args", "error"),
    [
        pytest.param(
            ["Records Clerk", "--id", "index"],
            "handbook new-role: --id: 'index' cannot be a role id, as each department's own "
            "page is roles/<department>/index.md: pass another --id",
            id="id-index",
        ),
        pytest.param(
            ["Index"],
            "handbook new-role: --id: 'index' cannot be a role id, as each department's own "
            "page is roles/<department>/index.md: pass another --id",
            id="title-index",
        ),
        pytest.param(
            ["Operations"],
            "handbook new-role: --id: 'operations' cannot be a role id, as it is the id of a "
            "department (whose page is roles/operations/): pass another --id",
            id="title-department",
        ),
    ],
)
def test_new_role_refuses_an_id_that_takes_a_department_page(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    before = _files(project / "roles_data")
    code, out, err = _new_role(capsys, *args, *NEW_ROLE, "--page")
    assert (code, out, err) == (1, "", [error, "handbook new-role: nothing was written"])
    assert _files(project / "roles_data") == before


# ---- Row: a title of 2,000 words, or of a megabyte ---------------------------------------------


def _words(count: int) -> str:
    words = ["Senior", "Agent", "of", "the", "Night", "Shift"]
    return " ".join(words[i % len(words)] for i in range(count))


LONG_TITLES = [
    pytest.param(
        _words(2_000),
        f"{AGENT}:1: title: 'Senior Agent of the Night Shift Senior Agent of the Nigh... is "
        "10,668 characters long, more than the 150 this field allows: shorten it",
        id="2000-words",
    ),
    pytest.param(
        _words(180_000),
        f"{AGENT}:1: title: 'Senior Agent of the Night Shift Senior Agent of the Nigh... is "
        "959,999 characters long, more than the 150 this field allows: shorten it",
        id="1-megabyte",
    ),
]


@pytest.mark.parametrize(("title", "line"), LONG_TITLES)
def test_a_very_long_title_is_one_line_at_once(
    data: Path, check: Check, title: str, line: str
) -> None:
    edit(data / "roles" / "agent.yml", "title: Agent\n", f"title: {title}\n")
    start = time.perf_counter()
    assert check() == (1, [line])
    assert time.perf_counter() - start < 2.0


def test_every_one_line_field_has_a_limit_and_every_id(data: Path, check: Check) -> None:
    edit(data / "roles" / "agent.yml", "aliases: [CSR,", f"aliases: [{'CSR ' * 40},")
    edit(data / "roles" / "agent.yml", "  - area: Calls", f"  - area: {'Calls ' * 30}")
    edit(data / "departments.yml", "name: Operations", f"name: {'Operations ' * 15}")
    edit(data / "roles" / "agent.yml", "  - to: team-leader", f"  - to: {'team-' * 13}leader")
    assert check() == (
        1,
        [
            "roles_data/departments.yml:2: [0].name: 'Operations Operations Operations Operations "
            "Operations O... is 164 characters long, more than the 150 this field allows: "
            "shorten it",
            f"{AGENT}:2: aliases[0]: 'CSR CSR CSR CSR CSR CSR CSR CSR CSR CSR CSR CSR CSR CSR ... "
            "is 159 characters long, more than the 150 this field allows: shorten it",
            f"{AGENT}:8: responsibilities[0].area: 'Calls Calls Calls Calls Calls Calls Calls "
            "Calls Calls Ca... is 179 characters long, more than the 150 this field allows: "
            "shorten it",
            f"{AGENT}:24: progression[0].to: 'team-team-team-team-team-team-team-team-team-team-"
            "team-t... is 71 characters long, more than the 64 this field allows: shorten it",
        ],
    )


@pytest.mark.build
def test_a_megabyte_title_fails_the_strict_build_in_seconds(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    title, line = LONG_TITLES[1].values
    edit(project / "roles_data" / "roles" / "agent.yml", "title: Agent\n", f"title: {title}\n")
    start = time.perf_counter()
    result = failing_build(project, tmp_path / "site")
    assert time.perf_counter() - start < 10
    assert problem_lines(result.log) == [line]
    assert len(result.log) < 20_000


def _runs_held(names: dict[str, list[str]]) -> set[str]:
    """The search boost's question answered by listing every run of words of every name."""
    parts: dict[str, set[str]] = defaultdict(set)
    for owner, keys in names.items():
        for key in keys:
            words = key.split()
            for size in range(1, len(words)):
                for start in range(len(words) - size + 1):
                    parts[" ".join(words[start : start + size])].add(owner)
    return {o for o, keys in names.items() if any(parts.get(k, set()) - {o} for k in keys)}


def test_names_inside_other_names_are_found_as_every_run_of_words_would_find_them() -> None:
    rng = random.Random(19)
    for _ in range(3_000):
        vocabulary = "abcd"[: rng.randint(1, 4)]
        names = {
            f"r{i}": [
                " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 6)))
                for _ in range(rng.randint(1, 3))
            ]
            for i in range(rng.randint(1, 5))
        }
        assert held_by_others(names) == _runs_held(names), names


def test_names_inside_other_names_are_found_in_time_linear_in_their_length() -> None:
    """Names of 20,000 words: listing every run of words of one takes hours."""
    names = {
        "long": [_words(20_000).lower(), "a " * 20_000],
        "same-word": ["a " * 20_000, "a"],
        "night-shift": ["night shift"],
        "chain": [" ".join(["a"] * n) for n in range(1, 300)],
    }
    start = time.perf_counter()
    assert held_by_others(names) == {"night-shift", "chain", "same-word"}
    assert time.perf_counter() - start < 2.0


# ---- Row: true, 1 and "no" where a number or true/false belongs --------------------------------

TYPES = [
    pytest.param(
        (LEADER, "  min: 38000", "  min: true"),
        f"{LEADER}:20: salary.min: expected a whole number, got true, which is a yes-or-no "
        "value, not a number: write the figure in digits",
        id="salary-min-true",
    ),
    pytest.param(
        (LEADER, "    level: 3", "    level: true"),
        f"{LEADER}:12: skills[0].level: expected a whole number, got true, which is a yes-or-no "
        "value, not a number: write the figure in digits",
        id="skill-level-true",
    ),
    pytest.param(
        (LEADER, "{min: 36, max: 60}", "{min: true, max: 60}"),
        f"{LEADER}:26: progression[0].typical_months.min: expected a whole number, got true, "
        "which is a yes-or-no value, not a number: write the figure in digits",
        id="months-min-true",
    ),
    pytest.param(
        (AGENT, "  shifts: true", '  shifts: "no"'),
        f"{AGENT}:29: working_pattern.shifts: expected true or false, got 'no', which is text: "
        "write false, without quotes",
        id="shifts-quoted-no",
    ),
    pytest.param(
        (AGENT, "  shifts: true", "  shifts: 1"),
        f"{AGENT}:29: working_pattern.shifts: expected true or false, got 1, which is a number: "
        "write true",
        id="shifts-1",
    ),
    pytest.param(
        (LEADER, "  max: 44000", '  max: "44000"'),
        f"{LEADER}:21: salary.max: expected a whole number, got '44000', which is text because "
        "of its quotes: write 44000, without quotes",
        id="quoted-number",
    ),
    pytest.param(
        (LEADER, "  max: 44000", "  max: 44,000"),
        f"{LEADER}:21: salary.max: expected a whole number, got '44,000', which is text: write "
        "44000, in plain digits",
        id="number-with-commas",
    ),
    pytest.param(
        (AGENT, "  experience_years: 0", '  experience_years: "1.5"'),
        f"{AGENT}:15: qualifications.experience_years: expected a number, got '1.5', which is "
        "text because of its quotes: write 1.5, without quotes",
        id="quoted-decimal",
    ),
    pytest.param(
        (AGENT, "  experience_years: 0", "  experience_years: .inf"),
        f"{AGENT}:15: qualifications.experience_years: expected a number, got inf: write the "
        "figure in digits",
        id="infinity",
    ),
    pytest.param(
        (AGENT, "  max: 35000", "  max: 35000.0"),
        f"{AGENT}:21: salary.max: expected a whole number, got 35000.0",
        id="float-for-whole-number",
    ),
]


@pytest.mark.parametrize(("change", "line"), TYPES)
def test_values_of_the_wrong_type_are_refused_with_the_fix(
    data: Path, check: Check, change: tuple[str, str, str], line: str
) -> None:
    file, old, new = change
    edit(data.parent / file, old, new)
    assert check() == (1, [line])


@pytest.mark.build
def test_values_of_the_wrong_type_fail_the_strict_build_and_are_never_shown(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    expected = []
    for case in [*TYPES[:4], TYPES[5]]:  # the table's row, each in a field of its own
        (file, old, new), line = case.values
        edit(project / file, old, new)
        expected.append(line)
    result = failing_build(project, tmp_path / "site")
    assert sorted(problem_lines(result.log)) == sorted(expected)
    for path, text in site_files(result.site):
        assert "USD 1–44,000" not in text and "USD 1–35,000" not in text, path


# ---- Row: a pay band of 400 digits ---------------------------------------------------------------

HUGE = [
    pytest.param(
        (LEADER, "  max: 44000", f"  max: {'9' * 400}"),
        f"{LEADER}:21: salary.max: must be at most 1,000,000,000,000,000, got {'9' * 57}...",
        id="max-400-digits",
    ),
    pytest.param(
        (LEADER, "  max: 44000", f"  max: {'9' * 5_000}"),
        f"{LEADER}:21: salary.max: 999999999999… is a number of 5,000 digits, more than any "
        "value here: write the real figure",
        id="max-5000-digits",
    ),
    pytest.param(
        ("roles_data/levels.yml", "rank: 3", f"rank: {'9' * 30}"),
        "roles_data/levels.yml:7: [1].rank: must be at most 1000, got "
        "999999999999999999999999999999",
        id="rank-30-digits",
    ),
    pytest.param(
        (AGENT, "  experience_years: 0", f"  experience_years: {'9' * 400}.0"),
        f"{AGENT}:15: qualifications.experience_years: expected a number, got inf: write the "
        "figure in digits",
        id="years-400-digits",
    ),
]


@pytest.mark.parametrize(("change", "line"), HUGE)
def test_numbers_beyond_what_a_field_can_hold_are_refused(
    data: Path, check: Check, change: tuple[str, str, str], line: str
) -> None:
    file, old, new = change
    edit(data.parent / file, old, new)
    assert check() == (1, [line])


@pytest.mark.build
def test_a_pay_band_of_400_digits_fails_the_strict_build_with_one_line(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    (file, old, new), line = HUGE[0].values
    edit(project / file, old, new)
    result = failing_build(project, tmp_path / "site")
    assert "OverflowError" not in result.log
    assert problem_lines(result.log) == [line]


# ---- Row: new-role with a 300-character title --------------------------------------------------


def test_new_role_refuses_a_300_character_title_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = _words(60)[:300]
    before = _files(project / "roles_data")
    code, out, err = _new_role(capsys, title, *NEW_ROLE, "--page")
    assert (code, out, err) == (
        1,
        "",
        [
            "handbook new-role: title: 'Senior Agent of the Night Shift Senior Agent of the "
            "Nigh... is 300 characters long, more than the 150 this field allows: shorten it",
            "handbook new-role: nothing was written",
        ],
    )
    assert _files(project / "roles_data") == before


def test_new_role_refuses_a_300_character_id_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    role_id = "-".join(["coach"] * 50)
    code, out, err = _new_role(capsys, "Quality Coach", *NEW_ROLE, "--id", role_id)
    assert (code, out, err[1:]) == (1, "", ["handbook new-role: nothing was written"])
    assert err[0] == (
        "handbook new-role: --id: 'coach-coach-coach-coach-coach-coach-c...' is 299 characters "
        "long, more than the 64 a role id may have: pass another --id"
    )


def test_new_role_cuts_the_id_of_a_long_title_at_a_hyphen(
    project: Path, capsys: pytest.CaptureFixture[str], check: Check
) -> None:
    title = _words(25)  # 134 characters: a title, but too long for an id
    code, out, err = _new_role(capsys, title, *NEW_ROLE)
    assert (code, err) == (0, [])
    role_id = "senior-agent-of-the-night-shift-senior-agent-of-the-night-shift"
    assert f"Started the role {role_id!r}" in out
    assert (project / "roles_data" / "roles" / f"{role_id}.yml").is_file()
    code, lines = check()
    assert code == 1 and all("placeholder left to fill in" in line for line in lines), lines


def test_new_role_names_a_path_the_system_refuses_in_one_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = "d" * 300
    before = _files(project)
    code, out, err = _new_role(capsys, "Quality Coach", *NEW_ROLE, "--page", "--docs", docs)
    page = f"{docs}/roles/operations/quality-coach.md"
    assert (code, out, err) == (
        1,
        "",
        [
            f"handbook new-role: {page}: cannot be written (File name too long)",
            "handbook new-role: nothing was written",
        ],
    )
    assert _files(project) == before
