"""`handbook new-role`: a writer starts a role, fills in the placeholders, and the site builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from handbook.cli import main
from tests.conftest import Check
from tests.site import build, parse

COACH = ["Quality Coach", "--department", "quality", "--level", "mid"]
COACH_ARGS = [*COACH, "--reports-to", "quality-assurance-manager"]

# What a writer might put in place of each placeholder, by field name.
FILLED = {
    "summary": "Coaches agents one to one on the calls that quality reviews flag.",
    "area": "Coaching sessions",
    "description": "Plan and run short sessions built around recorded calls.",
    "education": "High school diploma; a degree in a people subject helps.",
    "experience_years": "2",
    "experience": "Two years on the phones with strong quality scores.",
    "target": "90% or more",
    "min": "42000",
    "max": "52000",
    "source": "Internal estimate, between the analyst and manager bands.",
    "level": "3",
}
SKILLS = ["coaching", "communication", "attention-to-detail"]
KPIS = ["quality-score", "customer-satisfaction"]


def new_role(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new-role", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def fill_in(path: Path, keep: tuple[str, ...] = ()) -> None:
    """Replace the placeholders (but those of the fields in `keep`) as a writer would."""
    skills, kpis = iter(SKILLS), iter(KPIS)
    lines = []
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
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_role_writes_data_page_and_nav_and_says_what_next(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = new_role(capsys, *COACH_ARGS)
    assert (code, err) == (0, "")
    data = project / "roles_data" / "roles" / "quality-coach.yml"
    page = project / "docs" / "roles" / "quality" / "quality-coach.md"
    text = data.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../role.schema.json\n")
    values = yaml.safe_load(text)
    assert values["title"] == "Quality Coach"
    assert values["reports_to"] == "quality-assurance-manager"
    assert page.read_text(encoding="utf-8").startswith(
        "---\nrole: quality-coach\n---\n{{ role_page() }}\n"
    )
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert (
        "          - roles/quality/quality-assurance-manager.md\n"
        "          - roles/quality/quality-coach.md\n"
        "      - Workforce Management:\n"
    ) in nav
    assert "roles_data/roles/quality-coach.yml  the role's facts, with 24 placeholders" in out
    assert "http://127.0.0.1:8000/roles/quality/quality-coach/" in out


def test_check_lists_the_placeholders_left_until_none_are(
    project: Path, capsys: pytest.CaptureFixture[str], check: Check
) -> None:
    assert new_role(capsys, *COACH_ARGS)[0] == 0
    code, lines = check()
    assert code == 1
    assert len(lines) == 24
    assert all("placeholder left to fill in" in line for line in lines)
    assert lines[0] == (
        "roles_data/roles/quality-coach.yml:19: summary: placeholder left to fill in: "
        "two or three sentences on why the role exists"
    )
    # A placeholder in a number field is not also reported as "expected a number".
    assert (
        "roles_data/roles/quality-coach.yml:60: salary.min: placeholder left to fill in: "
        "bottom of the band, a whole number"
    ) in lines

    path = project / "roles_data" / "roles" / "quality-coach.yml"
    fill_in(path, keep=("summary",))
    assert check() == (1, [lines[0]])
    fill_in(path)
    assert check() == (0, ["roles_data: 24 roles checked, no problems"])


def test_a_filled_in_role_builds_with_its_page_in_the_navigation(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert new_role(capsys, *COACH_ARGS)[0] == 0
    fill_in(project / "roles_data" / "roles" / "quality-coach.yml")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    page = parse(tmp_path / "site" / "roles" / "quality" / "quality-coach" / "index.html")
    assert "Coaches agents one to one" in page.visible_text
    # The navigation of its department's pages lists it.
    sibling = parse(tmp_path / "site" / "roles" / "quality" / "quality-analyst" / "index.html")
    assert any(href == "../quality-coach/" for href, _ in sibling.links)


def test_new_role_refuses_unknown_ids_with_suggestions_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / "mkdocs.yml").read_text(encoding="utf-8")
    code, out, err = new_role(
        capsys, "Quality Coach", "--department", "qualty", "--level", "middle",
        "--reports-to", "quality-assurance-manger",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "handbook new-role: --department: unknown department 'qualty' (did you mean 'quality'?)",
        "handbook new-role: --level: unknown level 'middle' (did you mean 'mid'?)",
        "handbook new-role: --reports-to: unknown role 'quality-assurance-manger' "
        "(did you mean 'quality-assurance-manager'?)",
        "handbook new-role: nothing was written",
    ]
    assert not (project / "roles_data" / "roles" / "quality-coach.yml").exists()
    assert not (project / "docs" / "roles" / "quality").joinpath("quality-coach.md").exists()
    assert (project / "mkdocs.yml").read_text(encoding="utf-8") == before


def test_new_role_refuses_to_overwrite_or_to_reuse_a_title(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "docs" / "roles" / "quality" / "quality-coach.md"
    page.write_text("A page a writer already started.\n", encoding="utf-8")
    code, _, err = new_role(capsys, *COACH_ARGS)
    assert code == 1
    assert (
        "handbook new-role: docs/roles/quality/quality-coach.md: already exists; edit it, "
        "or pass another --id"
    ) in err
    assert page.read_text(encoding="utf-8") == "A page a writer already started.\n"

    code, _, err = new_role(
        capsys, "CSR", "--department", "operations", "--level", "entry",
        "--reports-to", "team-leader",
    )  # fmt: skip
    assert code == 1
    assert (
        "handbook new-role: title: 'CSR' is already the alias of 'call-center-agent'; "
        "search would be ambiguous"
    ) in err


def test_the_first_role_of_a_department_opens_a_nav_section(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    departments = project / "roles_data" / "departments.yml"
    departments.write_text(
        departments.read_text(encoding="utf-8")
        + "- id: analytics\n  name: Analytics\n  description: Reporting and insight.\n",
        encoding="utf-8",
    )
    code, out, _ = new_role(
        capsys, "Reporting Analyst", "--department", "analytics", "--level", "mid",
        "--reports-to", "operations-manager",
    )  # fmt: skip
    assert code == 0
    nav = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert (
        "          - roles/executive/chief-customer-officer.md\n"
        "      - Analytics:\n"
        "          - roles/analytics/reporting-analyst.md\n"
        "  - Career paths:\n"
    ) in nav
    assert (
        "added a new section, Analytics, with roles/analytics/reporting-analyst.md "
        "to the nav of mkdocs.yml"
    ) in out
