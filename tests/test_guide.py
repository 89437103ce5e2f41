"""The writers' guide (docs/writing.md): its commands, examples and messages are the real ones.

The guide is built for a handbook nobody tuned it to (the small fixture organisation): the
commands it shows are taken from the built page and run, and its messages compared with what
the tools print.
"""

from __future__ import annotations

import html
import re
import shlex
import shutil
from pathlib import Path

import jinja2
import pytest
import yaml

from handbook import macros
from handbook.cli import main
from handbook.mistakes import EXAMPLE, MISTAKES, demonstrate
from handbook.templates import page_error
from handbook.validation import read_handbook
from tests.site import ROOT, build

GUIDE = (ROOT / "handbook" / "pages" / "writing.md").read_text(encoding="utf-8")


def _code_blocks(page: Path) -> list[str]:
    """The text of every code block of a built page."""
    blocks = re.findall(r"<pre[^>]*>(.*?)</pre>", page.read_text(encoding="utf-8"), re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks]


@pytest.fixture
def built_guide(project: Path, tmp_path: Path) -> list[str]:
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    return _code_blocks(tmp_path / "site" / "writing" / "index.html")


def _command(blocks: list[str]) -> list[str]:
    line = next(line for b in blocks for line in b.splitlines() if "handbook new-role" in line)
    program, *args = shlex.split(line)
    assert program == ".venv/bin/handbook"
    return args


def test_the_guides_new_role_command_works_on_this_handbook(
    project: Path, built_guide: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = _command(built_guide)
    assert main(args) == 0
    out = capsys.readouterr().out
    written = re.search(r"(roles_data/roles/[a-z0-9-]+\.yml)  the role's facts", out)
    assert written and (project / written.group(1)).is_file()
    page = (project.parent / "site" / "writing" / "index.html").read_text(encoding="utf-8")
    assert f"<code>{written.group(1)}</code>" in page  # the guide names the file it writes
    # The placeholder the guide quotes is the one in the file.
    quoted = re.search(r'placeholder such as <code>("&lt;FILL IN: [^<]+&gt;")</code>', page)
    assert quoted
    text = (project / written.group(1)).read_text(encoding="utf-8")
    assert f"summary: {html.unescape(quoted.group(1))}\n" in text


def test_the_guides_refusal_example_is_what_the_command_prints(
    built_guide: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    example = next(block for block in built_guide if "handbook new-role:" in block)
    args = _command(built_guide)
    department = args[args.index("--department") + 1]
    args[args.index("--department") + 1] = department[:-1]
    assert main(args) == 1
    assert capsys.readouterr().err == example


def test_the_guides_preview_example_is_the_checkers_message(built_guide: list[str]) -> None:
    example = next(block for block in built_guide if block.startswith("ERROR"))
    demos = {d.mistake.title: d for d in demonstrate()}
    unknown = demos["An unknown role, department, level, skill or KPI"]
    assert example == f"ERROR   -  {unknown.problems[0]}\n"


def test_the_guide_lists_this_handbooks_ids(project: Path, tmp_path: Path) -> None:
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    text = (tmp_path / "site" / "writing" / "index.html").read_text(encoding="utf-8")
    assert "<code>operations</code> (Operations), <code>executive</code> (Executive)" in text
    assert "<code>entry</code> (Entry), <code>lead</code> (Lead)" in text


def test_the_guides_yaml_examples_are_valid_role_data(tmp_path: Path) -> None:
    examples = re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL)
    assert len(examples) >= 2
    for example in examples:
        data = tmp_path / "roles_data"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(EXAMPLE, data)
        agent = data / "roles" / "agent.yml"
        values = yaml.safe_load(agent.read_text(encoding="utf-8"))
        values.update(yaml.safe_load(example))
        agent.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
        result = read_handbook(data, display_root=tmp_path)
        assert result.problems == [], example


def test_the_guides_macro_error_example_is_what_a_build_reports() -> None:
    example = re.search(r"^(docs/org-chart\.md:\d+: 'org_chrt' .+)$", GUIDE, re.MULTILINE)
    assert example
    source = (ROOT / "handbook" / "pages" / "org-chart.md").read_text(encoding="utf-8")
    broken = source.replace("{{ org_chart(", "{{ org_chrt(", 1)
    names = [*macros.ROLE_SECTIONS, *macros.VIEWS]
    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(broken)
    with pytest.raises(jinja2.UndefinedError) as caught:
        template.render({name: (lambda *_: "") for name in names if name != "org_chart"})
    problem = page_error(caught.value, "docs/org-chart.md", broken, broken, names)
    assert str(problem) == example.group(1)


def test_every_mistake_in_the_guide_is_reported_in_the_file_it_edits() -> None:
    before = {p: p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()}
    assert read_handbook(EXAMPLE).problems == []
    demos = list(demonstrate())
    assert [d.mistake for d in demos] == list(MISTAKES)
    for demo in demos:
        files = {problem.file for problem in demo.problems}
        assert demo.mistake.file in files, (demo.mistake.title, demo.problems)
    # The copy is edited, never the example itself.
    assert {p: p.read_bytes() for p in EXAMPLE.rglob("*") if p.is_file()} == before
