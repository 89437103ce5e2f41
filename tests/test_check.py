"""`handbook check`: every problem kind, with its exact message, on the small fixture handbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, Check, edit

AGENT = "roles_data/roles/agent.yml"
LEADER = "roles_data/roles/team-leader.yml"


def test_valid_fixture_passes(data: Path, check: Check) -> None:
    assert check() == (0, ["roles_data: 3 roles checked, no problems"])


def test_default_handbook_passes(check: Check, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, lines = check()
    assert code == 0, "\n".join(lines)


CASES = [
    pytest.param(
        "agent.yml",
        "title: Agent",
        "title: [Agent",
        [
            f"{AGENT}:2: YAML syntax error at column 8: did not find expected ',' or ']' "
            "(while parsing a flow sequence started at line 1, column 8); "
            "close the list with ']', or put text that starts with '[' in quotes"
        ],
        id="yaml-syntax",
    ),
    pytest.param(
        "agent.yml",
        "level: entry\n",
        "level: entry\ndepartment: operations\n",
        [
            f"{AGENT}:5: department: duplicate key 'department': it is already set above in the "
            "same mapping; remove one of the two"
        ],
        id="duplicate-key",
    ),
    pytest.param(
        "agent.yml",
        "summary: Answers calls.\n",
        "",
        [f"{AGENT}:1: summary: required field is missing"],
        id="missing-field",
    ),
    pytest.param(
        "agent.yml",
        "experience_years: 0",
        "experience_years: none yet",
        [f"{AGENT}:15: qualifications.experience_years: expected a number, got 'none yet'"],
        id="wrong-type",
    ),
    pytest.param(
        "agent.yml",
        "responsibilities:",
        "respnsibilities:",
        [
            f"{AGENT}:1: responsibilities: required field is missing",
            f"{AGENT}:7: respnsibilities: unknown field 'respnsibilities' "
            "(did you mean 'responsibilities'?)",
        ],
        id="unknown-field",
    ),
    pytest.param(
        "agent.yml",
        "title: Agent",
        'title: ""',
        [f"{AGENT}:1: title: must not be empty"],
        id="empty-text",
    ),
    pytest.param(
        "agent.yml",
        "level: 3\n",
        "level: 7\n",
        [f"{AGENT}:12: skills[0].level: must be at most 5, got 7"],
        id="proficiency-range",
    ),
    pytest.param(
        "agent.yml",
        "kind: promotion",
        "kind: promoted",
        [
            f"{AGENT}:25: progression[0].kind: expected one of 'promotion' or 'lateral', "
            "got 'promoted'"
        ],
        id="bad-choice",
    ),
    pytest.param(
        "team-leader.yml",
        "reports_to: director",
        "reports_to: directr",
        [f"{LEADER}:5: reports_to: unknown role 'directr' (did you mean 'director'?)"],
        id="unknown-role",
    ),
    pytest.param(
        "agent.yml",
        "department: operations",
        "department: operation",
        [f"{AGENT}:3: department: unknown department 'operation' (did you mean 'operations'?)"],
        id="unknown-department",
    ),
    pytest.param(
        "agent.yml",
        "level: entry",
        "level: entyr",
        [f"{AGENT}:4: level: unknown level 'entyr' (did you mean 'entry'?)"],
        id="unknown-level",
    ),
    pytest.param(
        "agent.yml",
        "skill: communication",
        "skill: comunication",
        [
            f"{AGENT}:11: skills[0].skill: unknown skill 'comunication' "
            "(did you mean 'communication'?)"
        ],
        id="unknown-skill",
    ),
    pytest.param(
        "agent.yml",
        "kpi: average-handling-time",
        "kpi: average-handle-time",
        [
            f"{AGENT}:17: kpis[0].kpi: unknown KPI 'average-handle-time' "
            "(did you mean 'average-handling-time'?)"
        ],
        id="unknown-kpi",
    ),
    pytest.param(
        "agent.yml",
        "aliases: [CSR, Customer Service Representative]",
        "aliases: [CSR, team lead]",
        [
            f"{AGENT}:2: aliases[1]: 'team lead' is also the alias of 'team-leader' "
            "('Team Lead'); search would be ambiguous",
            f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' ('team lead'); "
            "search would be ambiguous",
        ],
        id="duplicate-alias",
    ),
    pytest.param(
        "agent.yml",
        "title: Agent",
        "title: Director",
        [
            f"{AGENT}:1: title: 'Director' is also the title of 'director'; "
            "search would be ambiguous",
            "roles_data/roles/director.yml:1: title: 'Director' is also the title of 'agent'; "
            "search would be ambiguous",
        ],
        id="duplicate-title",
    ),
    pytest.param(
        "team-leader.yml",
        "reports_to: director",
        "reports_to: agent",
        [
            f"{AGENT}:5: reports_to: reporting cycle: 'agent' -> 'team-leader' -> 'agent'",
        ],
        id="reporting-cycle",
    ),
    pytest.param(
        "team-leader.yml",
        "reports_to: director",
        "reports_to: null",
        [
            f"{AGENT}:5: reports_to: not connected to the top role 'director': "
            "its chain ends at 'team-leader'",
            f"{LEADER}:5: reports_to: more than one top role: 'team-leader' and 'director' both "
            "have no reports_to; only one role may head the hierarchy",
        ],
        id="two-top-roles",
    ),
    pytest.param(
        "agent.yml",
        "max: 35000",
        "max: 30000",
        [f"{AGENT}:20: salary.min: min (32000) is greater than max (30000); swap them"],
        id="salary-min-over-max",
    ),
    pytest.param(
        "agent.yml",
        "- to: team-leader",
        "- to: agent",
        [f"{AGENT}:24: progression[0].to: a role cannot progress to itself"],
        id="progression-to-self",
    ),
    pytest.param(
        "team-leader.yml",
        "- to: director",
        "- to: agent",
        [
            f"{LEADER}:25: progression[0].kind: promotion to 'agent' (level 'entry') is not above "
            "this role's level 'lead'; mark it 'lateral' or correct a level"
        ],
        id="promotion-to-lower-level",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_problem_messages(
    data: Path, check: Check, file: str, old: str, new: str, expected: list[str]
) -> None:
    edit(data / "roles" / file, old, new)
    assert check() == (1, expected)


def test_not_connected_to_top(data: Path, check: Check) -> None:
    edit(data / "roles" / "team-leader.yml", "reports_to: director", "reports_to: null")
    (data / "roles" / "trainee.yml").write_text(
        (data / "roles" / "agent.yml")
        .read_text()
        .replace("title: Agent", "title: Trainee")
        .replace("aliases: [CSR, Customer Service Representative]", "aliases: []")
        .replace("reports_to: team-leader", "reports_to: agent")
    )
    edit(data / "roles" / "agent.yml", "reports_to: team-leader", "reports_to: null")
    code, lines = check()
    assert code == 1
    assert lines == [
        f"{AGENT}:5: reports_to: more than one top role: 'agent' and 'director' both have no "
        "reports_to; only one role may head the hierarchy",
        f"{LEADER}:5: reports_to: more than one top role: 'team-leader' and 'director' both have "
        "no reports_to; only one role may head the hierarchy",
        "roles_data/roles/trainee.yml:5: reports_to: not connected to the top role 'director': "
        "its chain ends at 'agent'",
    ]


def test_every_problem_in_one_run(data: Path, check: Check) -> None:
    edit(data / "roles" / "agent.yml", "department: operations", "department: sales")
    edit(data / "roles" / "team-leader.yml", "level: lead", "level: boss")
    edit(data / "kpis.yml", "better: lower", "better: less")
    assert check() == (
        1,
        [
            "roles_data/kpis.yml:10: [1].better: expected one of 'higher' or 'lower', got 'less'",
            f"{AGENT}:3: department: unknown department 'sales'",
            f"{LEADER}:4: level: unknown level 'boss'",
        ],
    )


def test_catalog_problems(data: Path, check: Check) -> None:
    edit(data / "skills.yml", "- id: leadership", "- id: communication")
    edit(data / "processes.yml", "accountable: team-leader", "accountable: team-lead")
    assert check() == (
        1,
        [
            "roles_data/processes.yml:6: [0].raci.accountable: unknown role 'team-lead' "
            "(did you mean 'team-leader'?)",
            "roles_data/roles/director.yml:11: skills[0].skill: unknown skill 'leadership'",
            "roles_data/roles/team-leader.yml:11: skills[0].skill: unknown skill 'leadership'",
            "roles_data/skills.yml:4: [1].id: duplicate id 'communication': each skill id must "
            "be unique",
        ],
    )


def test_role_file_names(data: Path, check: Check) -> None:
    (data / "roles" / "Agent_One.yml").write_text((data / "roles" / "agent.yml").read_text())
    (data / "roles" / "notes.txt").write_text("hello")
    assert check() == (
        1,
        [
            "roles_data/roles/Agent_One.yml: file name 'Agent_One.yml' is not a valid role id: "
            "use lowercase letters, digits and hyphens, such as 'agent-one.yml'",
            "roles_data/roles/notes.txt: not a role file: roles_data/roles/ holds only <id>.yml "
            "files",
        ],
    )


@pytest.mark.parametrize(
    "text",
    ["", "just a sentence", "- a\n- list\n", "title: [", "\x00\x01", "a: b: c", "? [a]\n: 1\n"],
)
def test_hostile_files_never_crash(data: Path, check: Check, text: str) -> None:
    (data / "roles" / "agent.yml").write_text(text)
    code, lines = check()
    assert code == 1
    assert lines and all(line.startswith(AGENT) for line in lines), lines


def test_json_format(data: Path, check: Check) -> None:
    edit(data / "roles" / "team-leader.yml", "reports_to: director", "reports_to: directr")
    code, lines = check("--format", "json")
    assert code == 1
    assert json.loads("\n".join(lines)) == {
        "problems": [
            {
                "file": LEADER,
                "line": 5,
                "field": "reports_to",
                "message": "unknown role 'directr' (did you mean 'director'?)",
                "column": None,
                "warning": False,
            }
        ]
    }


def test_github_format_annotates_the_file_and_line_in_a_pull_request(
    data: Path, check: Check
) -> None:
    edit(data / "roles" / "team-leader.yml", "reports_to: director", "reports_to: directr")
    edit(data / "roles" / "agent.yml", "title: Agent", "title: Agent\ntitle: Agent")
    code, lines = check("--format", "github")
    assert code == 1
    assert lines[-1] == (
        f"::error file={LEADER},line=5,title=handbook check::"
        "reports_to: unknown role 'directr' (did you mean 'director'?)"
    )
    assert all(line.startswith("::error file=roles_data/roles/") for line in lines)


def test_json_format_when_valid(data: Path, check: Check) -> None:
    code, lines = check("--format", "json")
    assert (code, json.loads("\n".join(lines))) == (0, {"problems": []})


def test_usage_errors_exit_2(data: Path, check: Check, capsys: pytest.CaptureFixture[str]) -> None:
    assert check("--format", "xml")[0] == 2
    assert check("--data", "no-such-folder")[0] == 2


def test_data_option(tmp_path: Path, check: Check, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = check("--data", str(ROOT / "tests" / "fixtures" / "valid"))
    assert code == 0
    assert lines[-1].endswith("3 roles checked, no problems")


def test_role_pages_writers_add_are_checked_against_roles(data: Path, check: Check) -> None:
    docs = data.parent / "docs"
    (docs / "roles" / "operations").mkdir(parents=True)
    (docs / "roles" / "executive").mkdir(parents=True)
    (docs / "roles" / "operations" / "agent.md").write_text("## A day in the role\n\nCalls.\n")
    (docs / "roles" / "operations" / "team-leadr.md").write_text("Prose.\n")
    (docs / "roles" / "executive" / "team-leader.md").write_text("Prose.\n")
    (docs / "index.md").write_text("# Home\n")
    assert check() == (
        1,
        [
            "docs/roles/executive/team-leader.md: this is the page of role 'team-leader', which "
            "belongs in docs/roles/operations/team-leader.md: move the file there",
            "docs/roles/operations/team-leadr.md: no role 'team-leadr' (did you mean "
            "'team-leader'?): a page in docs/roles/<department>/ is named after a role id "
            "(<id>.md) or is the department's index.md",
        ],
    )


def test_roles_need_no_page_of_their_own(data: Path, check: Check) -> None:
    (data.parent / "docs").mkdir()
    (data.parent / "docs" / "index.md").write_text("# Home\n")
    assert check() == (0, ["roles_data: 3 roles checked, no problems"])


def test_an_invalid_id_is_answered_with_the_writers_own_value_made_valid() -> None:
    from handbook.names import id_hint

    assert (
        id_hint("Team_Lead 2") == "use lowercase letters, digits and hyphens, such as 'team-lead-2'"
    )
    assert id_hint("Agent_One", ".yml").endswith("such as 'agent-one.yml'")
    # Nothing Latin to keep, or not text at all: the rule alone, never another handbook's id.
    assert id_hint("オペレーター") == "use lowercase letters, digits and hyphens"
    assert id_hint(False) == "use lowercase letters, digits and hyphens"
