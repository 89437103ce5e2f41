"""`handbook new-role`: a writer starts a role, fills in the placeholders, and the site builds.

Runs in a project holding the small fixture handbook (tests/fixtures/valid), not the example
organisation, so nothing here depends on the example's ids or wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handbook.cli import main
from tests.conftest import Check
from tests.site import build, parse

COACH = ["Floor Coach", "--department", "operations", "--level", "entry"]
COACH_ARGS = [*COACH, "--reports-to", "team-leader"]
DATA = Path("roles_data/roles/floor-coach.yml")
PAGE = Path("docs/roles/operations/floor-coach.md")

# What a writer might put in place of each placeholder, by field name.
FILLED = {
    "summary": "Coaches agents one to one on the calls that reviews flag.",
    "area": "Coaching sessions",
    "description": "Plan and run short sessions built around recorded calls.",
    "education": "High school diploma; a degree in a people subject helps.",
    "experience_years": "2",
    "experience": "Two years on the phones with strong scores.",
    "target": "90% or more",
    "min": "34000",
    "max": "40000",
    "source": "Internal estimate.",
    "level": "3",
}
SKILLS = ["communication", "leadership", "delete-me"]
KPIS = ["customer-satisfaction", "average-handling-time"]


def new_role(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new-role", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def fill_in(path: Path, keep: tuple[str, ...] = ()) -> None:
    """Replace the placeholders (but those of the fields in `keep`) as a writer would; the
    fixture has two skills, so the third skill entry of the template is deleted."""
    skills, kpis = iter(SKILLS), iter(KPIS)
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r'^(\s*(?:- )?)(\w+): "<FILL IN:[^>]*>"$', line)
        if match and match.group(2) not in keep:
            indent, key = match.groups()
            if key == "skill":
                value = next(skills)
            elif key == "kpi":
                value = next(kpis)
            else:
                value = FILLED[key]
            line = f"{indent}{key}: {value}"
        if lines and lines[-1].endswith("- skill: delete-me"):
            lines.pop()
            continue
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_role_writes_the_data_file_and_says_what_next(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    code, out, err = new_role(capsys, *COACH_ARGS)
    assert (code, err) == (0, "")
    text = (project / DATA).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../role.schema.json\n")
    values = yaml.safe_load(text)
    assert (values["title"], values["reports_to"]) == ("Floor Coach", "team-leader")
    # No page and no navigation entry: both come from the data.
    assert not (project / PAGE).exists()
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before
    assert "roles_data/roles/floor-coach.yml  the role's facts, with 24 placeholders" in out
    assert "http://127.0.0.1:8000/roles/operations/floor-coach/" in out


def test_new_role_with_page_writes_a_prose_page(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = new_role(capsys, *COACH_ARGS, "--page")
    assert code == 0
    page = (project / PAGE).read_text(encoding="utf-8")
    assert "## A day in the role" in page and "role_page" not in page
    assert f"{PAGE.as_posix()}  a page for your own prose about the role" in out


@pytest.mark.parametrize(
    "title",
    [
        "[Temp] Agent",
        "'Quoted' Agent",
        '"Double" Agent',
        "| Pipe Agent",
        "@ Agent",
        "* Star Agent",
        "{ Brace } Agent",
        "% Percent Agent",
        "! Bang Agent",
        "> Folded Agent",
        "Agent: Nights",
        "Agent # Nights",
        "No",
        "0x10 Agent",
    ],
)
def test_any_title_is_written_as_valid_yaml(
    project: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    code, _, err = new_role(capsys, title, *COACH[1:], "--reports-to", "team-leader", "--id", "x")
    assert (code, err) == (0, "")
    values = yaml.safe_load((project / "roles_data/roles/x.yml").read_text(encoding="utf-8"))
    assert values["title"] == title


def test_check_lists_the_placeholders_left_until_none_are(
    project: Path, capsys: pytest.CaptureFixture[str], check: Check
) -> None:
    assert new_role(capsys, *COACH_ARGS)[0] == 0
    code, lines = check()
    assert code == 1
    assert len(lines) == 24
    assert all("placeholder left to fill in" in line for line in lines)
    assert lines[0] == (
        "roles_data/roles/floor-coach.yml:19: summary: placeholder left to fill in: "
        "two or three sentences on why the role exists"
    )
    # A placeholder in a number field is not also reported as "expected a number".
    assert (
        "roles_data/roles/floor-coach.yml:60: salary.min: placeholder left to fill in: "
        "bottom of the band, a whole number"
    ) in lines

    fill_in(project / DATA, keep=("summary",))
    assert check() == (1, [lines[0]])
    fill_in(project / DATA)
    assert check() == (0, ["roles_data: 4 roles checked, no problems"])


def test_a_filled_in_role_builds_with_its_page_in_the_navigation(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert new_role(capsys, *COACH_ARGS)[0] == 0
    fill_in(project / DATA)
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    page = parse(tmp_path / "site" / "roles" / "operations" / "floor-coach" / "index.html")
    assert "Coaches agents one to one" in page.visible_text
    # Its department's pages list it in the navigation.
    sibling = parse(tmp_path / "site" / "roles" / "operations" / "agent" / "index.html")
    assert any(href == "../floor-coach/" for href, _ in sibling.links)


def test_new_role_refuses_unknown_ids_with_suggestions_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new_role(
        capsys, "Floor Coach", "--department", "operation", "--level", "entyr",
        "--reports-to", "team-leadr",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "handbook new-role: --department: unknown department 'operation' "
        "(did you mean 'operations'?)",
        "handbook new-role: --level: unknown level 'entyr' (did you mean 'entry'?)",
        "handbook new-role: --reports-to: unknown role 'team-leadr' (did you mean 'team-leader'?)",
        "handbook new-role: nothing was written",
    ]
    assert not (project / DATA).exists()


def test_new_role_refuses_to_overwrite_or_to_reuse_a_title(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / PAGE).parent.mkdir(parents=True)
    (project / PAGE).write_text("A page a writer already started.\n", encoding="utf-8")
    code, _, err = new_role(capsys, *COACH_ARGS, "--page")
    assert code == 1
    assert err.splitlines() == [
        "handbook new-role: docs/roles/operations/floor-coach.md: already exists; edit it, or "
        "choose another name",
        "handbook new-role: nothing was written",
    ]
    assert (project / PAGE).read_text(encoding="utf-8") == "A page a writer already started.\n"
    assert not (project / DATA).exists()

    code, _, err = new_role(
        capsys, "ｃｓｒ", "--department", "operations", "--level", "entry",
        "--reports-to", "team-leader", "--id", "csr-two",
    )  # fmt: skip
    assert code == 1
    assert (
        "handbook new-role: title: 'ｃｓｒ' is already the alias of 'agent'; search would be "
        "ambiguous"
    ) in err


def test_a_file_where_a_folder_belongs_leaves_nothing_behind(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "roles" / "operations").write_text("not a folder\n", encoding="utf-8")
    code, _, err = new_role(capsys, *COACH_ARGS, "--page")
    assert code == 1
    assert err.splitlines() == [
        "handbook new-role: docs/roles/operations/floor-coach.md: docs/roles/operations is a "
        "file where a folder is needed",
        "handbook new-role: nothing was written",
    ]
    assert not (project / DATA).exists()


def test_a_title_with_no_latin_letters_needs_an_id(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = new_role(capsys, "オペレーター", *COACH[1:], "--reports-to", "team-leader")
    assert code == 1
    assert err.splitlines()[0] == (
        "handbook new-role: --id: cannot make an id from the title 'オペレーター': pass --id, "
        "e.g. --id agent"
    )
    code, _, err = new_role(
        capsys, "オペレーター", *COACH[1:], "--reports-to", "team-leader", "--id", "operator"
    )
    assert (code, err) == (0, "")
