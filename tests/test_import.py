"""`handbook import FILE`: roles from an HR export (CSV or Excel), as a writer would run it."""

from __future__ import annotations

import csv
import importlib
import io
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from handbook.audience import Audience, publish
from handbook.cli import main
from handbook.loading import parse_yaml
from handbook.render.export import roles_csv
from handbook.validation import read_handbook
from tests import orggen
from tests.conftest import FIXTURES
from tests.site import ROOT

openpyxl: Any = importlib.import_module("openpyxl")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out, out.err


def _export(data: Path) -> str:
    """The site's roles.csv of a handbook, as the public build writes it."""
    return roles_csv(publish(data, Audience.PUBLIC).handbook)


def _empty_copy(source: Path, target: Path) -> Path:
    """The catalogs and settings of `source` with an empty roles folder."""
    target.mkdir()
    for path in source.glob("*.yml"):
        shutil.copy(path, target / path.name)
    (target / "roles").mkdir()
    return target


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _facts(data: Path, audience: Audience = Audience.PUBLIC) -> dict[str, dict[str, Any]]:
    """What roles.csv holds of each role, read from the role files: title, aliases,
    department, level, manager and pay."""
    handbook = publish(data, audience).handbook
    return {
        rid: {
            "title": role.title,
            "aliases": role.aliases,
            "department": role.department,
            "level": role.level,
            "reports_to": role.reports_to,
            "pay": (
                (role.salary.min, role.salary.max, handbook.currency(rid), role.salary.period.value)
                if role.salary
                else None
            ),
        }
        for rid, role in handbook.roles.items()
    }


def _imported_facts(data: Path, currency: str) -> dict[str, dict[str, Any]]:
    """The same facts, read from files that may still hold placeholders (not yet valid)."""
    facts = {}
    for path in sorted((data / "roles").glob("*.yml")):
        doc, problems = parse_yaml(path.read_text("utf-8"), path.name)
        assert doc is not None and not problems
        role = doc.data
        salary = role["salary"]
        pay = None
        if isinstance(salary["min"], int):
            pay = (
                salary["min"],
                salary.get("max"),
                salary.get("currency", currency),
                salary["period"],
            )
        facts[path.stem] = {
            "title": role["title"],
            "aliases": role["aliases"],
            "department": role["department"],
            "level": role["level"],
            "reports_to": role["reports_to"],
            "pay": pay,
        }
    return facts


def _write_xlsx(text: str, path: Path, sheet: str = "Roles") -> None:
    """The CSV's rows in a workbook, with numbers as numbers (as a spreadsheet holds them)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in csv.reader(io.StringIO(text)):
        ws.append([int(cell) if cell.isdigit() else cell for cell in row])
    book.save(path)


# ---- (a), (b): the example's own export round-trips ---------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_examples_roles_csv_imports_into_an_empty_roles_folder_as_the_same_roles(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = ROOT / "roles_data"
    export = tmp_path / f"roles.{kind}"
    if kind == "csv":
        export.write_text(_export(source), encoding="utf-8")
    else:
        _write_xlsx(_export(source), export)
    data = _empty_copy(source, tmp_path / "roles_data")
    catalogs = {name: (data / name).read_bytes() for name in ("departments.yml", "levels.yml")}

    code, out, err = _run(capsys, str(export), "--data", str(data))

    assert (code, err) == (0, "")
    expected = _facts(source)
    assert f"  {len(expected)} roles were added" in out.splitlines()
    imported = _imported_facts(data, read_handbook(source).handbook.settings.currency)
    assert imported == expected | {  # internal bands are not in the public export
        rid: {**facts, "pay": None} for rid, facts in expected.items() if facts["pay"] is None
    }
    # Matched by name to the catalogs, which are left as they were.
    assert {name: (data / name).read_bytes() for name in catalogs} == catalogs
    # What the row does not hold is a placeholder `handbook check` lists, and nothing else.
    assert main(["check", "--data", str(data)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("placeholder left to fill in" in line for line in lines)


# ---- (c): an updated export changes only what it changes ----------------------------------------


def test_an_updated_export_touches_only_the_changed_files_and_keeps_their_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "roles_data"
    shutil.copytree(ROOT / "roles_data", data)
    rows = list(csv.DictReader(io.StringIO(_export(data))))
    retitled = rows[0]
    repaid = next(r for r in rows[1:] if r["pay_max"])
    old_title, old_max = retitled["title"], repaid["pay_max"]
    retitled["title"] = old_title + " (Renamed)"
    repaid["pay_max"] = str(int(old_max) + 1250)
    export = tmp_path / "hr.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = _tree(data)

    code, out, err = _run(capsys, str(export), "--data", str(data))

    assert (code, err) == (0, "")
    after = _tree(data)
    first, second = f"roles/{retitled['id']}.yml", f"roles/{repaid['id']}.yml"
    assert {name for name in after if after[name] != before[name]} == {first, second}
    assert set(after) == set(before)
    # Byte for byte the same file but for the changed value: comments and prose kept.
    old_text = before[first].decode()
    assert old_text.count(f"\ntitle: {old_title}\n") == 1
    assert after[first].decode() == old_text.replace(
        f"\ntitle: {old_title}\n", f"\ntitle: {old_title} (Renamed)\n"
    )
    old_text = before[second].decode()
    assert old_text.count(f"  max: {old_max}\n") == 1
    assert after[second].decode() == old_text.replace(
        f"  max: {old_max}\n", f"  max: {int(old_max) + 1250}\n"
    )
    assert out.splitlines() == [
        f"hr.csv, {len(rows)} rows:",
        "  0 roles were added",
        "  2 roles were changed",
        f"    {data.as_posix()}/roles/{retitled['id']}.yml  title: {old_title} → "
        f"{old_title} (Renamed)",
        f"    {data.as_posix()}/roles/{repaid['id']}.yml  pay max: "
        f"{int(old_max):,} → {int(old_max) + 1250:,}",
        f"  {len(rows) - 2} roles left alone (the file says what they already say)",
    ]
    assert main(["check", "--data", str(data)]) == 0


def test_a_dry_run_says_the_same_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "roles_data"
    shutil.copytree(FIXTURES / "valid", data)
    export = tmp_path / "hr.csv"
    export.write_text(
        "title,department,level,reports to,pay min,pay max\n"
        "Night Agent,Operations,Entry,Team Leader,30000,33000\n"
        "Team Leader,,,,38000,45000\n",
        encoding="utf-8",
    )
    before = _tree(data)
    code, out, err = _run(capsys, str(export), "--data", str(data), "--dry-run")
    assert (code, err) == (0, "")
    assert _tree(data) == before
    lines = out.splitlines()
    assert lines[:6] == [
        "Dry run: nothing was written. hr.csv, 2 rows:",
        "  1 role would be added",
        f"    {data.as_posix()}/roles/night-agent.yml  Night Agent",
        "  1 role would be changed",
        f"    {data.as_posix()}/roles/team-leader.yml  pay max: 44,000 → 45,000",
        "  0 roles left alone (the file says what they already say)",
    ]
    code, out, _ = _run(capsys, str(export), "--data", str(data))
    assert code == 0 and out.splitlines()[1:6] == [
        line.replace("would be", "were") for line in lines[1:6]
    ]
    night = (data / "roles" / "night-agent.yml").read_text("utf-8")
    assert "\nreports_to: team-leader\n" in night
    assert "salary:\n  min: 30000\n  max: 33000\n  period: year\n" in night


# ---- (d): mapped headers, and rows with mistakes ------------------------------------------------

MAPS = [
    "--map", "Job Title=title",
    "--map", "Dept=department",
    "--map", "Grade=level",
    "--map", "Manager=reports_to",
    "--map", "Salary From=pay_min",
    "--map", "Salary To=pay_max",
    "--map", "Cost centre=-",
]  # fmt: skip

MISTAKES = """\
Job Title,Dept,Grade,Manager,Salary From,Salary To,Cost centre
Quality Coach,Operations,Lead,Director,40000,45000,CC-1
Night Agent,Operatons,Entry,Team Leader,30000,28000,CC-2
Floor Walker,operations,Grade 9,Head Office,3O000,,CC-3
quality coach,Operations,Lead,Director,,,CC-4
Escalations Lead,Executive,Lead,escalations-lead,41000,46000,CC-5
Advisor,Operations,Entry,Team Leader,30 000,32 000,CC-6
"""


def test_mapped_headers_and_every_mistake_reported_by_cell_before_anything_is_written(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(MISTAKES, encoding="utf-8")
    before = _tree(data)

    code, out, err = _run(capsys, str(export), "--data", "roles_data", "--no-new", *MAPS)

    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "hr.csv:B3: Dept: unknown department 'Operatons' (did you mean 'Operations'?): use the "
        "name or id of one in roles_data/departments.yml, or import without --no-new to add it "
        "there",
        "hr.csv:F3: Salary To: the top of the band (28,000) is below its bottom (30,000): swap "
        "the two figures",
        "hr.csv:C4: Grade: unknown level 'Grade 9': use the name or id of one in "
        "roles_data/levels.yml, or import without --no-new to add it there",
        "hr.csv:D4: Manager: no role 'Head Office' in this file or in roles_data/roles/: write "
        "the id or title of the role it reports to",
        "hr.csv:E4: Salary From: '3O000' is not a whole amount: write the figure in digits, "
        "e.g. 38000",
        "hr.csv:A5: Job Title: role 'quality-coach' is also on row 2: each role takes one row",
        "hr.csv:D6: Manager: 'escalations-lead' is this row's own role: a role cannot report "
        "to itself",
        "handbook import: 7 problems in hr.csv; nothing was written",
    ]
    assert _tree(data) == before


def test_a_corrected_file_imports_adds_the_new_department_and_leaves_out_unmapped_columns(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(
        "Job Title,Dept,Grade,Manager,Salary From,Salary To,Site\n"
        "Quality Coach,Quality & Training,Lead,Director,40000,45000,North\n"
        'Advisor,Operations,entry,Team Leader,30 000,"32,000",South\n',
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(
        "".join(f"{m.split('=')[0]}: {m.split('=')[1]}\n" for m in MAPS[1::2] if "Cost" not in m),
        encoding="utf-8",
    )
    code, out, err = _run(capsys, str(export), "--data", "roles_data", "--mapping", str(mapping))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        "  new department 'Quality & Training' (id quality-training) in roles_data/departments.yml"
        in lines
    )
    assert (
        "  column G ('Site') not imported: map it with --map 'Site=FIELD' if it holds a role's "
        "field" in lines
    )
    departments = (data / "departments.yml").read_text("utf-8")
    assert departments.endswith(
        "- id: quality-training\n"
        "  name: Quality & Training\n"
        '  description: "<FILL IN: what the department is, in a sentence or two>"\n'
    )
    advisor = (data / "roles" / "advisor.yml").read_text("utf-8")
    assert "\ndepartment: operations\nlevel: entry\n" in advisor
    assert "  min: 30000\n  max: 32000\n" in advisor
    coach = (data / "roles" / "quality-coach.yml").read_text("utf-8")
    assert "\ndepartment: quality-training\nlevel: lead\n# The id" in coach


def test_an_unknown_field_in_a_map_is_refused_with_the_fields_listed(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text("Job Title\nAgent\n", encoding="utf-8")
    code, _, err = _run(capsys, str(export), "--map", "Job Title=titel", "--map", "Grade=level")
    assert code == 2
    assert err.splitlines()[0] == (
        "--map 'Job Title=titel': 'titel' is not a field the import reads (did you mean "
        "'title'?); the fields are id, title, aliases, department, level, level_rank, "
        "reports_to, reports_to_title, pay_min, pay_max, pay_currency, pay_period, or '-' to "
        "leave the column out"
    )
    code, _out, err = _run(capsys, str(export), "--map", "Job Title=title", "--map", "Grade=level")
    assert code == 1
    assert (
        err.splitlines()[0]
        == "--map 'Grade=level': hr.csv has no column 'grade'; its columns are 'Job Title'"
    )


def test_workbook_cells_are_named_by_sheet_and_cell(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "roles.xlsx"
    _write_xlsx("title,department,level,pay_min\nNight Agent,Operations,Junior,lots\n", book, "HR")
    code, _out, err = _run(capsys, str(book), "--no-new")
    assert code == 1
    assert err.splitlines()[:2] == [
        "roles.xlsx:HR:C2: level: unknown level 'Junior': use the name or id of one in "
        "roles_data/levels.yml, or import without --no-new to add it there",
        "roles.xlsx:HR:D2: pay_min: 'lots' is not a whole amount: write the figure in digits, "
        "e.g. 38000",
    ]


def test_writes_are_all_or_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file that cannot be written (here a folder stands where the new role's file goes)
    leaves every file as it was, the ones already renamed into place too."""
    (data / "roles" / "zz-blocked.yml").mkdir()
    export = tmp_path / "hr.csv"
    export.write_text(
        "id,title,department,level,reports_to,pay_max\n"
        "agent,Agent,Operations,Entry,team-leader,36000\n"
        "zz-blocked,Blocked Role,Operations,Entry,team-leader,\n",
        encoding="utf-8",
    )
    before = _tree(data)
    code, _out, err = _run(capsys, str(export))
    assert code == 1
    assert err.startswith("handbook import: roles_data/roles/zz-blocked.yml: could not be written")
    assert err.rstrip().endswith("nothing was changed")
    assert _tree(data) == before
    assert not [p for p in (data / "roles").iterdir() if p.name.startswith(".")]


def test_a_thousand_rows_import_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source"
    orggen.generate(source, roles=1000)
    export = tmp_path / "roles.csv"
    export.write_text(_export(source), encoding="utf-8")
    data = _empty_copy(source, tmp_path / "roles_data")
    start = time.perf_counter()
    code, _out, err = _run(capsys, str(export), "--data", str(data))
    elapsed = time.perf_counter() - start
    assert (code, err) == (0, "")
    assert len(list((data / "roles").glob("*.yml"))) == len(_facts(source))
    assert elapsed < 20, f"1,000 rows took {elapsed:.1f} s"


def test_the_apostrophe_the_export_puts_before_formula_like_cells_is_taken_off(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(
        "title,aliases,department,level,reports_to\n"
        "'=Night Agent,'-Nights; @Desk,Operations,Entry,Team Leader\n",
        encoding="utf-8",
    )
    code, _, err = _run(capsys, str(export))
    assert (code, err) == (0, "")
    doc, problems = parse_yaml((data / "roles" / "night-agent.yml").read_text("utf-8"), "x")
    assert doc is not None and not problems
    assert (doc.data["title"], doc.data["aliases"]) == ("=Night Agent", ["-Nights", "@Desk"])


def test_names_are_held_to_checks_text_rules_and_look_alikes_are_caught(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A control character or a look-alike of another role's title (Cyrillic 'А' in 'Аgent')
    is refused by cell, as `handbook check` would refuse it once written."""
    title = next(
        line.split(": ", 1)[1]
        for line in (data / "roles" / "agent.yml").read_text(encoding="utf-8").splitlines()
        if line.startswith("title: ")
    )
    lookalike = "\u0410" + title[1:] if title[0] == "A" else title.replace("a", "\u0430", 1)
    export = tmp_path / "hr.csv"
    export.write_text(
        f"Job Title,Dept,Grade\nNight\x1bAgent,Operations,Entry\n{lookalike},Operations,Entry\n",
        encoding="utf-8",
    )
    before = _tree(data)

    code, _out, err = _run(capsys, str(export), "--data", "roles_data", *MAPS[:6])

    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("hr.csv:A2: Job Title: ") and "control characters" in lines[0]
    assert lines[1].startswith("hr.csv:A3: Job Title: ") and "also the title of" in lines[1]
    assert lines[2].startswith("hr.csv:A3: Job Title: ") and "mixes Cyrillic and Latin" in lines[2]
    assert lines[-1] == "handbook import: 3 problems in hr.csv; nothing was written"
    assert _tree(data) == before
