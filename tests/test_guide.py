"""The writers' guide (docs/writing.md): its commands, examples and messages are the real ones."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import jinja2
import pytest
import yaml

from handbook.cli import main
from handbook.mistakes import MISTAKES, demonstrate
from handbook.templates import page_error
from handbook.validation import read_handbook
from tests.site import ROOT

GUIDE = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.DOTALL)


def _new_role_command() -> list[str]:
    lines = [line for block in _blocks("sh") for line in block.splitlines()]
    command = next(line for line in lines if "handbook new-role" in line)
    program, *args = shlex.split(command)
    assert program == ".venv/bin/handbook"
    return args


def test_the_guides_new_role_command_writes_what_the_guide_says(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_new_role_command()) == 0
    capsys.readouterr()
    written = re.findall(r"^- `([^`]+)`", GUIDE.split("## Add a role", 1)[1], re.MULTILINE)
    assert written[:2] == [
        "roles_data/roles/quality-coach.yml",
        "docs/roles/quality/quality-coach.md",
    ]
    for path in written[:2]:
        assert (project / path).is_file(), path
    nav_line = re.search(r"gains the line `([^`]+)`", GUIDE)
    assert nav_line and nav_line.group(1) in (project / "mkdocs.yml").read_text(encoding="utf-8")
    # The placeholder the guide quotes is the one in the file.
    quoted = re.search(r'such as `("<FILL IN: [^`]+>")`', GUIDE)
    assert quoted and f"summary: {quoted.group(1)}\n" in (
        project / "roles_data/roles/quality-coach.yml"
    ).read_text(encoding="utf-8")


def test_the_guides_refusal_example_is_what_the_command_prints(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = next(block for block in _blocks("text") if "handbook new-role:" in block)
    args = _new_role_command()
    args[args.index("--department") + 1] = "qualty"
    assert main(args) == 1
    assert capsys.readouterr().err == example


def test_the_guides_yaml_examples_are_valid_role_data(tmp_path: Path) -> None:
    examples = _blocks("yaml")
    assert len(examples) >= 2
    for example in examples:
        data = tmp_path / "roles_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(ROOT / "roles_data", data)
        agent = data / "roles" / "call-center-agent.yml"
        values = yaml.safe_load(agent.read_text(encoding="utf-8"))
        values.update(yaml.safe_load(example))
        agent.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
        result = read_handbook(data, display_root=tmp_path)
        assert result.problems == [], example


def test_the_guides_preview_example_is_the_checkers_message() -> None:
    preview = GUIDE.split("## Preview the site", 1)[1]
    example = re.search(r"ERROR +- +(.+)", preview)
    assert example
    demos = {d.mistake.title: d for d in demonstrate(ROOT / "roles_data", ROOT / "docs")}
    unknown = demos["An unknown role, department, level, skill or KPI"]
    assert [str(p) for p in unknown.problems] == [example.group(1)]


def test_the_guides_macro_error_example_is_what_a_build_reports() -> None:
    example = re.search(r"^(docs/org-chart\.md:\d+: 'org_chrt' .+)$", GUIDE, re.MULTILINE)
    assert example
    source = (ROOT / "docs" / "org-chart.md").read_text(encoding="utf-8")
    broken = source.replace("{{ org_chart(", "{{ org_chrt(", 1)
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(broken)
    with pytest.raises(jinja2.UndefinedError) as caught:
        template.render(org_chart=lambda *_: "")
    problem = page_error(caught.value, "docs/org-chart.md", broken, broken, ["org_chart"])
    assert str(problem) == example.group(1)


def test_every_mistake_in_the_guide_is_reported_in_the_file_it_edits() -> None:
    assert read_handbook(ROOT / "roles_data").problems == []
    demos = list(demonstrate(ROOT / "roles_data", ROOT / "docs"))
    assert [d.mistake for d in demos] == list(MISTAKES)
    for demo in demos:
        files = {problem.file for problem in demo.problems}
        assert demo.mistake.file in files, (demo.mistake.title, demo.problems)
    # The copy is edited, never the handbook itself.
    assert read_handbook(ROOT / "roles_data").problems == []
