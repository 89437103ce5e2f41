"""Hostile or mistaken input is refused clearly: nothing runs, nothing leaks, nothing is lost.

One test (or parametrized case) per row of the issue's table, each asserting the exact lines
`handbook check` prints and, for what reaches the site, what a real strict build (or a preview
build, or `mkdocs serve`) does with it; then internal figures grepped for in every file of a
public build, and a generated corpus of hostile text through check and strict builds. The
Chromium side is in tests/browser/test_hostile_*.py.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from handbook.audience import INTERNAL_NOTE
from handbook.cli import main
from handbook.loading import parse_yaml
from handbook.validation import read_handbook
from tests.conftest import FIXTURES, Check, edit
from tests.hostile_corpus import (
    LOCATED,
    HostileHandbook,
    injected_elements,
    payloads,
    run_check,
    visible,
)
from tests.site import ROOT, SUB_MAKE, Build, PageParser, build, make_project, parse
from tests.test_serve import Server, _free_port

AGENT = "roles_data/roles/agent.yml"
LEADER = "roles_data/roles/team-leader.yml"
ANCHORS = (
    "anchors and aliases (&name, *name) are not used in handbook files, so each file reads on "
    "its own: write the value out in full"
)
PLAIN = "write the value plainly: text in quotes, numbers in plain digits"
HTML_PAYLOAD = "<img src=x onerror=alert(1)>"
# The build's log of a problem: "ERROR   -  <the line handbook check prints>".
LOGGED = re.compile(r"^(?:ERROR|WARNING) +- +(?:\[macros\] - ERROR )?(.*)$")


def alias_bomb() -> str:
    """'Billion laughs': 558 bytes that expand to 9^9 strings in a YAML loader that follows
    aliases."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def deep_nesting(depth: int = 5_000) -> str:
    return "[" * depth + "]" * depth


def timed_check(check: Check) -> tuple[int, list[str], float]:
    start = time.perf_counter()
    code, lines = check()
    return code, lines, time.perf_counter() - start


def problem_lines(log: str) -> list[str]:
    """The problems a build logged, as `handbook check` prints them (MkDocs' own lines aside)."""
    found = []
    for line in log.splitlines():
        match = LOGGED.match(line)
        if match and not match.group(1).startswith(("Aborted", "The following pages")):
            found.append(match.group(1))
    return found


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text, text
    for error in ("RecursionError", "MemoryError", "KeyError", "StopIteration", "ValueError"):
        assert error not in text, text


def failing_build(project: Path, site: Path) -> Build:
    result = build(project, site, data=project / "roles_data")
    assert result.code != 0, result.log
    assert_no_traceback(result.log)
    return result


def fixture_project(tmp_path: Path, source: Path = FIXTURES / "valid") -> Path:
    return make_project(tmp_path / "project", data=source)


def site_files(site: Path) -> Iterator[tuple[Path, str]]:
    """Every file of a built site, as text (binary files decoded leniently)."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", errors="replace")


# ---- Row: markup in department, level and organisation names -----------------------------------


def _html_names(data: Path) -> None:
    edit(data / "departments.yml", "name: Operations", f'name: "{HTML_PAYLOAD}"')
    edit(data / "levels.yml", "name: Entry", 'name: "<script>alert(2)</script>"')
    edit(
        data / "handbook.yml",
        "organisation: Fixture Contact Center",
        "organisation: \"<svg onload=alert(3)> 'Org'\"",
    )


def test_markup_in_names_is_valid_data(data: Path, check: Check) -> None:
    """Names are plain text: markup in them is no mistake, so check passes."""
    _html_names(data)
    assert check() == (0, ["roles_data: 3 roles checked, no problems"])


@pytest.mark.build
def test_markup_in_names_is_published_as_text(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _html_names(project / "roles_data")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    assert list(injected_elements(result.site)) == []
    agent = parse(result.site / "roles" / "operations" / "agent" / "index.html").visible_text
    assert "Level <script>alert(2)</script> — First job on the floor." in agent
    assert f"Department {HTML_PAYLOAD} Reports to" in agent
    department = parse(result.site / "roles" / "operations" / "index.html").visible_text
    assert f"{HTML_PAYLOAD} ¶" in department or HTML_PAYLOAD in department
    levels = parse(result.site / "reference" / "levels" / "index.html").visible_text
    assert "<script>alert(2)</script>" in levels
    home = parse(result.site / "index.html").visible_text
    assert "This handbook describes all 3 roles at <svg onload=alert(3)> 'Org'" in home
    index = json.loads((result.site / "search" / "search_index.json").read_text("utf-8"))
    for doc in index["docs"]:
        # The index holds HTML: data shows in it escaped, never as a tag.
        for raw in ("<img", "<script>alert", "<svg"):
            assert raw not in doc["text"] + doc["title"] + " ".join(doc.get("tags", [])), doc
    department_doc = next(d for d in index["docs"] if d["location"] == "roles/operations/")
    assert department_doc["tags"] == ["&lt;img src=x onerror=alert(1)&gt;"]


@pytest.mark.build
def test_markup_in_the_organisation_shows_as_written_in_the_browser_tab(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _html_names(project / "roles_data")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    page = (result.site / "roles" / "operations" / "agent" / "index.html").read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title is not None
    assert html.unescape(title.group(1)) == "Agent - <svg onload=alert(3)> 'Org' handbook"
    logo = re.search(r'title="([^"]*)"\s+class="md-header__button md-logo"', page)
    assert logo is not None
    assert html.unescape(logo.group(1)) == "<svg onload=alert(3)> 'Org' handbook"


# ---- Row: an internal band in the writers' guide and the search index --------------------------

FIGURES = ("71234", "81234")
NOTE = "Quillfeather payroll ledger 7Q (confidential)"


def figure_pattern(figure: str) -> re.Pattern[str]:
    """Every way a page might write `figure` (71234): 71234, 71,234, 71.234, 71 234 (also with
    a no-break or thin space), 71k and 71.2k."""
    head, tail = figure[:2], figure[2:]
    return re.compile(
        rf"(?<![0-9A-Za-z]){head}(?:[,. \u00a0\u202f\u2009]?{tail}|(?:\.{tail[0]})?[kK])"
        rf"(?![0-9A-Za-z])"
    )


def leaks(site: Path) -> list[str]:
    """Every file of `site` that shows an internal figure or the internal band's note."""
    found = []
    patterns = [figure_pattern(f) for f in FIGURES]
    for path, text in site_files(site):
        for pattern in patterns:
            found += [f"{path.relative_to(site)}: {m.group()!r}" for m in pattern.finditer(text)]
        if "Quillfeather" in text:
            found.append(f"{path.relative_to(site)}: the internal band's note")
    return found


def _internal_band(data: Path, low: int = 71234, high: int = 81234) -> None:
    edit(
        data / "roles" / "team-leader.yml",
        "  min: 38000\n  max: 44000\n  source: Survey\n",
        f"  min: {low}\n  max: {high}\n  source: {NOTE}\n  visibility: internal\n",
    )


def test_figure_pattern_finds_every_way_of_writing_a_figure() -> None:
    pattern = figure_pattern("71234")
    for shown in ["71234", "71,234", "71.234", "71 234", "71\u00a0234", "71k", "71K", "71.2k"]:
        assert pattern.search(f"USD {shown} per year"), shown
    for other in ["171234", "712345", "71kg", "a71k", "71,2345"]:
        assert not pattern.search(other), other


@pytest.mark.build
def test_internal_figures_reach_no_file_of_the_public_build(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _internal_band(project / "roles_data")
    public = build(project, tmp_path / "public", data=project / "roles_data")
    internal = build(
        project, tmp_path / "internal", data=project / "roles_data", audience="internal"
    )
    assert public.code == 0, public.log
    assert internal.code == 0, internal.log
    assert leaks(public.site) == []
    # The same search finds them in the internal edition, so it is looking in the right places.
    shown = "\n".join(leaks(internal.site))
    assert "roles/operations/team-leader/index.html: '71,234'" in shown
    assert "roles.json: '71234'" in shown
    assert "search/search_index.json" in shown
    assert "the internal band's note" in shown
    page = parse(internal.site / "roles" / "operations" / "team-leader" / "index.html")
    assert "USD 71,234–81,234 per year (internal)" in page.visible_text
    # The writers' guide demonstrates mistakes on its own example, never on these figures.
    guide = parse(public.site / "writing" / "index.html").visible_text
    assert "min (48000) is greater than max (44000)" in guide
    assert "Quillfeather" not in guide


@pytest.mark.build
def test_a_broken_internal_band_in_a_public_preview_shows_no_figures(tmp_path: Path) -> None:
    """The row of the issue: `salary: {visibility: internal}` on a band with min over max."""
    project = fixture_project(tmp_path)
    _internal_band(project / "roles_data", low=81234, high=71234)
    preview = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
    assert preview.code == 0, preview.log
    assert_no_traceback(preview.log)
    assert leaks(preview.site) == []
    page = parse(preview.site / "roles" / "operations" / "team-leader" / "index.html")
    assert "This role has 1 problem to fix" in page.visible_text
    assert f"{LEADER}:20: salary: {INTERNAL_NOTE}" in page.visible_text
    # The public build's log (a CI log may be public) does not show them either.
    assert problem_lines(preview.log) == [f"{LEADER}:20: salary: {INTERNAL_NOTE}"]


def test_check_names_the_internal_bands_figures_to_the_writer(data: Path, check: Check) -> None:
    _internal_band(data, low=81234, high=71234)
    assert check() == (
        1,
        [f"{LEADER}:20: salary.min: min (81234) is greater than max (71234); swap them"],
    )


# ---- Rows: alias bomb; anchors, deep nesting and tags ------------------------------------------

REFUSED_YAML = [
    pytest.param(
        ("title: Agent\n", alias_bomb()),
        [
            f"{AGENT}:1: anchor &l0: {ANCHORS}",
            f"{AGENT}:2: alias *l0: {ANCHORS}",
            f"{AGENT}:2: anchor &l1: {ANCHORS}",
        ],
        id="alias-bomb",
    ),
    pytest.param(
        ("aliases: [CSR, Customer Service Representative]", "aliases: &a [*a]"),
        [f"{AGENT}:2: alias *a: {ANCHORS}", f"{AGENT}:2: anchor &a: {ANCHORS}"],
        id="self-alias",
    ),
    pytest.param(
        ("aliases: [CSR, Customer Service Representative]", "aliases: " + deep_nesting()),
        [
            f"{AGENT}:2: values are nested more than 24 levels deep here; handbook files need at "
            "most six: check the indentation and brackets"
        ],
        id="5000-nested-lists",
    ),
    pytest.param(
        ("title: Agent", "title: !Ref x"),
        [f"{AGENT}:1: YAML tag '!Ref' is not allowed here: {PLAIN}"],
        id="custom-tag",
    ),
    pytest.param(
        ("summary: Answers calls.", "summary: !!python/name:os.system"),
        [f"{AGENT}:6: YAML tag '!!python/name:os.system' is not allowed here: {PLAIN}"],
        id="python-name",
    ),
    pytest.param(
        ("min: 32000", "min: !!int abc"),
        [f"{AGENT}:20: YAML tag '!!int' is not allowed here: {PLAIN}"],
        id="int-tag-on-text",
    ),
    pytest.param(
        ("summary: Answers calls.", "summary: !!timestamp 2024-13-45"),
        [f"{AGENT}:6: YAML tag '!!timestamp' is not allowed here: {PLAIN}"],
        id="bad-timestamp",
    ),
]


@pytest.mark.parametrize(("change", "expected"), REFUSED_YAML)
def test_refused_yaml_is_one_located_message_at_once(
    data: Path, check: Check, change: tuple[str, str], expected: list[str]
) -> None:
    old, new = change
    if old == "title: Agent\n":  # the bomb is the whole file
        (data / "roles" / "agent.yml").write_text(new, encoding="utf-8")
    else:
        edit(data / "roles" / "agent.yml", old, new)
    code, lines, seconds = timed_check(check)
    assert (code, lines) == (1, expected)
    assert seconds < 1.0


@pytest.mark.build
def test_refused_yaml_fails_the_strict_build_with_the_same_lines(tmp_path: Path) -> None:
    """Each construct in a role file of its own; one strict build reports them all."""
    project = fixture_project(tmp_path)
    roles = project / "roles_data" / "roles"
    agent = (roles / "agent.yml").read_text(encoding="utf-8")
    expected = []
    for case in REFUSED_YAML:
        (old, new), lines = case.values
        name = f"{case.id}.yml"
        text = new if old == "title: Agent\n" else agent.replace(old, new)
        (roles / name).write_text(text, encoding="utf-8")
        expected += [line.replace(AGENT, f"roles_data/roles/{name}") for line in lines]
    start = time.perf_counter()
    result = failing_build(project, tmp_path / "site")
    assert time.perf_counter() - start < 60
    assert sorted(problem_lines(result.log)) == sorted(expected)


# ---- Row: YAML 1.1 numbers --------------------------------------------------------------------


def test_yaml_1_1_numbers_are_refused_with_the_fix_for_their_field(
    data: Path, check: Check
) -> None:
    leader = data / "roles" / "team-leader.yml"
    edit(leader, "min: 38000", "min: 040000")
    edit(leader, "max: 44000", "max: 0xABE0")
    edit(leader, "target: 85%", "target: 1:30")
    assert check() == (
        1,
        [
            f'{LEADER}:18: kpis[0].target: put 1:30 in quotes ("1:30"): some YAML tools read it '
            "as the number 90, not as text",
            f"{LEADER}:20: salary.min: 040000 is read as 16384 (an octal number) by some YAML "
            "tools: write 40000, without the leading zero",
            f"{LEADER}:21: salary.max: 0xABE0 is a hexadecimal number: write it in plain digits, "
            "44000",
        ],
    )


@pytest.mark.build
def test_yaml_1_1_numbers_fail_the_strict_build_and_are_never_shown(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    leader = project / "roles_data" / "roles" / "team-leader.yml"
    edit(leader, "min: 38000", "min: 040000")
    edit(leader, "max: 44000", "max: 0xABE0")
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [
        f"{LEADER}:20: salary.min: 040000 is read as 16384 (an octal number) by some YAML tools: "
        "write 40000, without the leading zero",
        f"{LEADER}:21: salary.max: 0xABE0 is a hexadecimal number: write it in plain digits, 44000",
    ]
    # The pages name the values only in the problem's message, never as a band.
    for path, text in site_files(result.site):
        for band in ("16,384", "44,000", '"min": 16384', "pay_min"):
            if band == "pay_min" and path.name == "roles.csv":
                assert ",16384," not in text
            elif band != "pay_min":
                assert band not in text, (path, band)


# ---- Row: a page that reaches into Python, the configuration or the environment ----------------

MARKER = "handbook-hostile-page-ran"
INJECTED_PAGES = {
    "popen.md": (
        "# Popen\n\nSome text.\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n",
        "docs/popen.md:5: pages may use the handbook's macros and variables only: '__init__' "
        "reaches into Python, which pages may not; remove that expression",
    ),
    "system.md": (
        "# System\n\n{{ lipsum.__globals__['os'].system('touch " + MARKER + "') }}\n",
        "docs/system.md:3: 'lipsum' is not a macro or variable of this handbook; to show '{{' or "
        "'{%' as text, wrap that part in {% raw %} ... {% endraw %}",
    ),
    "config.md": (
        "# Config\n\n{{ config }}\n",
        "docs/config.md:3: 'config' is not a macro or variable of this handbook; to show '{{' or "
        "'{%' as text, wrap that part in {% raw %} ... {% endraw %}",
    ),
    "environment.md": (
        "---\ntitle: Environment\n---\n# Environment\n\n{{ environment }}\n",
        "docs/environment.md:6: 'environment' is not a macro or variable of this handbook; to "
        "show '{{' or '{%' as text, wrap that part in {% raw %} ... {% endraw %}",
    ),
    "subclasses.md": (
        "# Subclasses\n\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n",
        "docs/subclasses.md:3: pages may use the handbook's macros and variables only: "
        "'__class__' reaches into Python, which pages may not; remove that expression",
    ),
    "macro-globals.md": (
        "# Macro\n\n{{ role_page|attr('__globals__') }}\n",
        "docs/macro-globals.md:3: pages may use the handbook's macros and variables only: "
        "'__globals__' reaches into Python, which pages may not; remove that expression",
    ),
    "include.md": (
        "# Include\n\n{% include '/etc/passwd' %}\n",
        "docs/include.md:3: pages cannot include or import other files ('/etc/passwd'); copy the "
        "text into the page instead",
    ),
    "plugin-macro.md": (
        "# Plugin\n\n{{ macros_info() }}\n",
        "docs/plugin-macro.md:3: 'macros_info' is not a macro or variable of this handbook; to "
        "show '{{' or '{%' as text, wrap that part in {% raw %} ... {% endraw %}",
    ),
}


def _injected_project(tmp_path: Path) -> Path:
    project = fixture_project(tmp_path)
    for name, (text, _) in INJECTED_PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    return project


def _nothing_ran_or_leaked(project: Path, site: Path) -> None:
    assert not (project / MARKER).exists()
    uid = re.compile(r"uid=\d+\(")
    secrets = [str(project.resolve()), str(ROOT), "site_dir", "config_file_path", "HOSTNAME"]
    for path, text in site_files(site):
        assert not uid.search(text), path
        for secret in secrets:
            assert secret not in text, (path, secret)


@pytest.mark.build
def test_a_page_reaching_into_python_fails_the_strict_build_naming_page_and_line(
    tmp_path: Path,
) -> None:
    project = _injected_project(tmp_path)
    result = failing_build(project, tmp_path / "site")
    assert sorted(problem_lines(result.log)) == sorted(m for _, m in INJECTED_PAGES.values())
    _nothing_ran_or_leaked(project, result.site)


@pytest.mark.build
def test_a_page_reaching_into_python_publishes_nothing_in_a_preview(tmp_path: Path) -> None:
    project = _injected_project(tmp_path)
    preview = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
    assert preview.code == 0, preview.log
    assert_no_traceback(preview.log)
    _nothing_ran_or_leaked(project, preview.site)
    popen = parse(preview.site / "popen" / "index.html").visible_text
    assert "reaches into Python, which pages may not; remove that expression" in popen


@pytest.mark.build
def test_the_preview_shows_a_page_error_as_written(tmp_path: Path) -> None:
    project = _injected_project(tmp_path)
    preview = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
    assert preview.code == 0, preview.log
    popen = parse(preview.site / "popen" / "index.html").visible_text
    assert INJECTED_PAGES["popen.md"][1] in popen


@pytest.mark.build
def test_data_values_are_never_evaluated_as_templates(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    agent = project / "roles_data" / "roles" / "agent.yml"
    edit(agent, "summary: Answers calls.", 'summary: "{{ 7*7 }} {% if true %}x{% endif %}"')
    edit(agent, "description: Answers customer calls.", 'description: "{{ config }}"')
    edit(
        project / "roles_data" / "handbook.yml",
        "organisation: Fixture Contact Center",
        "organisation: \"{{ cycler.__init__.__globals__.os.popen('id').read() }}\"",
    )
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    text = parse(result.site / "roles" / "operations" / "agent" / "index.html").visible_text
    assert "{{ 7*7 }} {% if true %}x{% endif %}" in text
    assert "{{ config }}" in text and "49" not in text
    home = parse(result.site / "index.html").visible_text
    assert "{{ cycler.__init__.__globals__.os.popen('id').read() }}" in home
    _nothing_ran_or_leaked(project, result.site)


@pytest.mark.build
def test_description_lines_starting_blocks_stay_text(tmp_path: Path) -> None:
    """`!!!`, `???`, `- `, `1. `, `#`, `|` and `>` at the start of a line of a description."""
    project = fixture_project(tmp_path)
    starters = [
        '!!! danger "Injected"',
        '??? note "Injected"',
        "- injected item",
        "1. injected item",
        "# Injected heading",
        "| a | b |",
        "> injected quote",
    ]
    agent = project / "roles_data" / "roles" / "agent.yml"
    description = "".join(f"      {line}\n\n" for line in starters)
    edit(
        agent,
        "    description: Answers customer calls.\n",
        f"    description: |\n{description}",
    )
    edit(agent, "summary: Answers calls.", 'summary: "- first\\n1. second\\n!!! note"')
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    page = result.site / "roles" / "operations" / "agent" / "index.html"
    assert list(injected_elements(result.site)) == []
    text = parse(page).visible_text
    assert " ".join(starters) in text
    assert "- first 1. second !!! note" in text
    html = page.read_text(encoding="utf-8")
    assert "Injected heading</h1>" not in html and "<blockquote" not in html


# ---- Row: role files where the handbook does not read them -------------------------------------


def test_role_files_outside_roles_are_reported(data: Path, check: Check) -> None:
    agent = (data / "roles" / "agent.yml").read_text(encoding="utf-8")
    (data / "roles" / "extra").mkdir()
    (data / "roles" / "extra" / "floor-coach.yml").write_text(agent, encoding="utf-8")
    (data / "floor-coach.yml").write_text(agent, encoding="utf-8")
    assert check() == (
        1,
        [
            "roles_data/floor-coach.yml: unexpected file: roles_data/ holds handbook.yml, "
            "departments.yml, levels.yml, skills.yml, kpis.yml, processes.yml, role.schema.json "
            "and the roles/ folder; a role file belongs in roles_data/roles/, named <id>.yml",
            "roles_data/roles/extra: folder in roles_data/roles/ with 1 role file "
            "(floor-coach.yml): role files go directly in roles_data/roles/, so move them up one "
            "level",
        ],
    )


@pytest.mark.build
def test_role_files_outside_roles_fail_the_strict_build(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    data = project / "roles_data"
    (data / "roles" / "extra").mkdir()
    shutil.copy(data / "roles" / "agent.yml", data / "roles" / "extra" / "floor-coach.yml")
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [
        "roles_data/roles/extra: folder in roles_data/roles/ with 1 role file (floor-coach.yml): "
        "role files go directly in roles_data/roles/, so move them up one level"
    ]


# ---- Row: pages saved with a byte-order mark or as latin-1 -------------------------------------

LATIN1 = (
    "docs/roles/operations/team-leader.md: is not UTF-8 text (byte 0xe9 at line 3, column 4): "
    "save the file with the UTF-8 encoding"
)


def _encoded_pages(root: Path, latin1: bool) -> None:
    folder = root / "docs" / "roles" / "operations"
    folder.mkdir(parents=True, exist_ok=True)
    prose = "## A day in the role\n\nCafé calls all day.\n"
    (folder / "agent.md").write_bytes(("\ufeff" + prose).encode("utf-8"))
    if latin1:
        (folder / "team-leader.md").write_bytes(prose.encode("latin-1"))


def test_a_page_with_a_byte_order_mark_is_read_and_a_latin1_page_is_named(
    data: Path, check: Check
) -> None:
    _encoded_pages(data.parent, latin1=False)
    assert check() == (0, ["roles_data: 3 roles checked, no problems"])
    _encoded_pages(data.parent, latin1=True)
    assert check() == (1, [LATIN1])


@pytest.mark.build
def test_a_byte_order_mark_builds_and_latin1_fails_with_one_line(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _encoded_pages(project, latin1=False)
    good = build(project, tmp_path / "good", data=project / "roles_data")
    assert good.code == 0, good.log
    page = parse(good.site / "roles" / "operations" / "agent" / "index.html").visible_text
    assert "A day in the role" in page and "Café calls all day." in page
    assert "\ufeff" not in (good.site / "roles/operations/agent/index.html").read_text("utf-8")
    _encoded_pages(project, latin1=True)
    result = failing_build(project, tmp_path / "bad")
    assert problem_lines(result.log) == [LATIN1]
    assert "UnicodeDecodeError" not in result.log


# ---- Row: a missing or broken catalog ----------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        pytest.param(
            None,
            "roles_data/skills.yml: file is missing; 3 roles name skills from it, checked once it "
            "is fixed",
            id="missing",
        ),
        pytest.param(
            ("- id: communication", "- id: [communication"),
            "roles_data/skills.yml:2: YAML syntax error at column 7: did not find expected ',' or "
            "']' (while parsing a flow sequence started at line 1, column 7); close the list with "
            "']', or put text that starts with '[' in quotes; 3 roles name skills from it, checked "
            "once it is fixed",
            id="broken",
        ),
    ],
)
def test_a_missing_or_broken_catalog_is_one_message(
    data: Path, check: Check, broken: tuple[str, str] | None, expected: str
) -> None:
    if broken is None:
        (data / "skills.yml").unlink()
    else:
        edit(data / "skills.yml", *broken)
    assert check() == (1, [expected])


@pytest.mark.build
def test_a_missing_catalog_fails_the_strict_build_with_one_message(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    (project / "roles_data" / "skills.yml").unlink()
    result = failing_build(project, tmp_path / "site")
    assert problem_lines(result.log) == [
        "roles_data/skills.yml: file is missing; 3 roles name skills from it, checked once it "
        "is fixed"
    ]


# ---- Row: salary bands the chart cannot draw (the chart rewrite lands later) -------------------


def _band(project: Path, band: str) -> None:
    edit(project / "roles_data" / "roles" / "team-leader.yml", "  min: 38000\n  max: 44000\n", band)


@pytest.mark.build
@pytest.mark.parametrize(
    ("band", "shown"),
    [
        pytest.param(
            "  min: 4000000\n  max: 6000000\n  currency: JPY\n",
            ("JPY per year", "JPY 4,000,000–6,000,000"),
            id="jpy",
        ),
        pytest.param(
            "  min: 38000\n  max: 1000000000000\n",
            ("USD per year", "USD 38,000–1,000,000,000,000"),
            id="max-10-to-the-12",
        ),
    ],
)
def test_large_bands_build_and_show_their_figures(
    tmp_path: Path, band: str, shown: tuple[str, str]
) -> None:
    project = fixture_project(tmp_path)
    _band(project, band)
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert_no_traceback(result.log)
    assert result.code == 0, result.log
    heading, figures = shown
    html = (result.site / "reference" / "salaries" / "index.html").read_text("utf-8")
    chart = _chart(html, heading)
    assert figures in parse_html(chart).visible_text


@pytest.mark.build
def test_an_hourly_band_is_not_drawn_on_the_per_year_axis(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    _band(project, "  min: 18\n  max: 24\n  period: hour\n")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    html = (result.site / "reference" / "salaries" / "index.html").read_text("utf-8")
    assert "USD 18–24" in parse_html(_chart(html, "USD per hour")).visible_text
    assert "Team Leader" not in parse_html(_chart(html, "USD per year")).visible_text


def _chart(html: str, heading: str) -> str:
    """The salary chart whose label names `heading` ("USD per year"), as HTML."""
    match = re.search(
        rf'<figure class="hb-bands" aria-label="Salary bands in {re.escape(heading)}".*?</figure>',
        html,
        re.DOTALL,
    )
    assert match, f"no chart for {heading}"
    return match.group(0)


def parse_html(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    return parser


# ---- Row: handbook new-role with titles YAML gives a meaning to ---------------------------------

NEW_ROLE = ["--department", "operations", "--level", "entry", "--reports-to", "team-leader"]


def _new_role(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new-role", *args])
    out = capsys.readouterr()
    assert_no_traceback(out.out + out.err)
    return code, out.out, out.err


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
        "&anchor Agent",
        "? Question Agent",
        "No",
        "040000",
        "1:30",
        # Plain in YAML 1.1 (PyYAML's emitter) but numbers or dates in YAML 1.2:
        "1e3",
        "0o17",
        "+.5",
        "1.5e3",
        "2024-1-5",
    ],
)
def test_new_role_writes_any_title_so_that_check_reads_it_back(
    project: Path, capsys: pytest.CaptureFixture[str], check: Check, title: str
) -> None:
    code, _, err = _new_role(capsys, title, *NEW_ROLE, "--id", "x")
    assert (code, err) == (0, ""), err
    path = project / "roles_data" / "roles" / "x.yml"
    doc, problems = parse_yaml(path.read_text(encoding="utf-8"), "x.yml")
    assert problems == [] and doc is not None
    assert type(doc.data["title"]) is str and doc.data["title"] == title
    assert doc.ambiguous == {}
    code, lines = check()
    assert code == 1
    assert all("placeholder left to fill in" in line for line in lines), lines


def test_new_role_ignores_a_latin1_mkdocs_yml(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("Handbook", "Handbook Café", 1)
    config.write_bytes(text.encode("latin-1"))
    before = config.read_bytes()
    code, _, err = _new_role(capsys, "[Temp] Agent", *NEW_ROLE, "--page")
    assert (code, err) == (0, "")
    assert config.read_bytes() == before
    assert (project / "roles_data" / "roles" / "temp-agent.yml").is_file()
    assert (project / "docs" / "roles" / "operations" / "temp-agent.md").is_file()


def test_new_role_with_a_file_in_place_of_a_folder_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "roles" / "operations").write_text("not a folder\n", encoding="utf-8")
    before = sorted(p.relative_to(project) for p in project.rglob("*") if "site" not in p.parts)
    code, out, err = _new_role(capsys, "[Temp] Agent", *NEW_ROLE, "--page")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "handbook new-role: docs/roles/operations/temp-agent.md: docs/roles/operations is a file "
        "where a folder is needed",
        "handbook new-role: nothing was written",
    ]
    after = sorted(p.relative_to(project) for p in project.rglob("*") if "site" not in p.parts)
    assert after == before


# ---- Row: make build after a good build and a data error (lands later) -------------------------


def _make_project(tmp_path: Path) -> Path:
    """A project folder that `make build` runs in, using this checkout's installed tools."""
    project = fixture_project(tmp_path)
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "package.json"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copy2(ROOT / "package-lock.json", project / "package-lock.json")
    return project


def _make_build(
    project: Path, audience: str | None = None, **run: Any
) -> subprocess.CompletedProcess[str]:
    """`make build` in `project`, as a person runs it (not as a sub-make of `make test`, which
    says "make[1]"), with this checkout's tools; `run` goes to subprocess.run."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in ("HANDBOOK_AUDIENCE", "HANDBOOK_DATA", "HANDBOOK_MACROS_FAIL", *SUB_MAKE):
        env.pop(name, None)
    if audience:
        env["HANDBOOK_AUDIENCE"] = audience
    return subprocess.run(
        [
            "make",
            "--no-print-directory",
            "build",
            f"VENV={ROOT / '.venv'}",
            f"NODE_STAMP={ROOT / 'node_modules' / '.installed'}",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        **run,
    )


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.build
def test_a_failing_make_build_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = _make_project(tmp_path)
    good = _make_build(project)
    assert good.returncode == 0, good.stdout + good.stderr
    before = _snapshot(project / "site")
    assert "roles/operations/team-leader/index.html" in before
    edit(
        project / "roles_data" / "roles" / "team-leader.yml",
        "reports_to: director",
        "reports_to: directr",
    )
    bad = _make_build(project)
    assert bad.returncode != 0
    assert_no_traceback(bad.stdout + bad.stderr)
    after = _snapshot(project / "site")
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], "the failing build changed site/"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("site")) == ["site"]


@pytest.mark.build
def test_a_failing_public_make_build_leaves_no_internal_site_behind(tmp_path: Path) -> None:
    """Holds today (a failing build replaces site/); building into a temporary folder must keep
    it true: the last good site may be kept, but not an internal one where the public goes."""
    project = _make_project(tmp_path)
    _internal_band(project / "roles_data")
    internal = _make_build(project, audience="internal")
    assert internal.returncode == 0, internal.stdout + internal.stderr
    edit(
        project / "roles_data" / "roles" / "agent.yml",
        "reports_to: team-leader",
        "reports_to: team-leadr",
    )
    public = _make_build(project)
    assert public.returncode != 0
    site = project / "site"
    assert not site.exists() or leaks(site) == []


# ---- Row: names that look the same ------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        pytest.param(
            "Flоor Coach",
            [
                f"{AGENT}:2: aliases[1]: 'Flоor Coach' mixes Cyrillic and Latin letters in "
                "'Flоor' ('о' only looks like a letter of the other script): retype the word in "
                "one script"
            ],
            id="cyrillic-o",
        ),
        pytest.param(
            "Ｔеａｍ Coach",
            [
                f"{AGENT}:2: aliases[1]: 'Ｔеａｍ Coach' mixes Cyrillic and Latin letters in "
                "'Ｔеａｍ' ('е' only looks like a letter of the other script): retype the word in "
                "one script"
            ],
            id="fullwidth-and-cyrillic-named-as-written",
        ),
        pytest.param(
            "Ｔｅａｍ Ｌｅａｄ",
            [
                f"{AGENT}:2: aliases[1]: 'Ｔｅａｍ Ｌｅａｄ' is also the alias of 'team-leader' "
                "('Team Lead'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' "
                "('Ｔｅａｍ Ｌｅａｄ'); search would be ambiguous",
            ],
            id="fullwidth",
        ),
        pytest.param(
            "Team\u200b Lead",
            [
                f"{AGENT}:2: aliases[1]: 'Team\\u200b Lead' contains invisible characters "
                "(U+200B ZERO WIDTH SPACE): delete them",
                f"{AGENT}:2: aliases[1]: 'Team\\u200b Lead' is also the alias of 'team-leader' "
                "('Team Lead'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' "
                "('Team\\u200b Lead'); search would be ambiguous",
            ],
            id="zero-width-space",
        ),
        pytest.param(
            "team  LEAD",
            [
                f"{AGENT}:2: aliases[1]: 'team  LEAD' is also the alias of 'team-leader' "
                "('Team Lead'); search would be ambiguous",
                f"{LEADER}:2: aliases[0]: 'Team Lead' is also the alias of 'agent' "
                "('team  LEAD'); search would be ambiguous",
            ],
            id="case-and-spacing",
        ),
    ],
)
def test_names_that_look_the_same_are_reported(
    data: Path, check: Check, alias: str, expected: list[str]
) -> None:
    quoted = json.dumps(alias)  # a YAML double-quoted scalar
    edit(
        data / "roles" / "agent.yml",
        "aliases: [CSR, Customer Service Representative]",
        f"aliases: [CSR, {quoted}]",
    )
    assert check() == (1, expected)


# ---- Row: currency ABC, a 0–0 band, id: no ----------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            "roles/agent.yml",
            "source: Survey",
            "source: Survey\n  currency: ABC",
            [
                f"{AGENT}:23: salary.currency: unknown currency code 'ABC': use an ISO 4217 code "
                "such as USD, EUR or JPY"
            ],
            id="currency-abc",
        ),
        pytest.param(
            "handbook.yml",
            "currency: USD",
            "currency: XYZ",
            [
                "roles_data/handbook.yml:2: currency: unknown currency code 'XYZ': use an ISO "
                "4217 code such as USD, EUR or JPY"
            ],
            id="settings-currency",
        ),
        pytest.param(
            "roles/agent.yml",
            "min: 32000\n  max: 35000",
            "min: 0\n  max: 0",
            [
                f"{AGENT}:21: salary.max: a band of 0–0 says nothing: write the real figures, or "
                "remove the salary block"
            ],
            id="zero-band",
        ),
        pytest.param(
            "levels.yml",
            "- id: entry",
            "- id: no",
            [
                'roles_data/levels.yml:1: [0].id: put no in quotes ("no"): some YAML tools read '
                "it as false, not as text",
            ],
            id="id-no",
        ),
        pytest.param(
            "roles/agent.yml",
            "  shifts: true",
            "  shifts: yes",
            [
                f"{AGENT}:29: working_pattern.shifts: 'yes' means true to some YAML tools and is "
                "text to others: write true"
            ],
            id="shifts-yes",
        ),
    ],
)
def test_values_that_mean_nothing_are_refused_with_the_fix(
    data: Path, check: Check, file: str, old: str, new: str, expected: list[str]
) -> None:
    edit(data / file, old, new)
    if new == "- id: no":  # the roles name the level as it is meant: the text 'no'
        for role in ("agent", "director", "team-leader"):
            path = data / "roles" / f"{role}.yml"
            text = path.read_text(encoding="utf-8")
            if "level: entry\n" in text:
                edit(path, "level: entry\n", 'level: "no"\n')
    assert check() == (1, expected)


# ---- mkdocs serve: hostile saves print one line and the server keeps serving -------------------


@contextlib.contextmanager
def serving(project: Path) -> Iterator[Server]:
    """`mkdocs serve --dirty` on `project`, as tests/test_serve.py runs it."""
    import sys
    import threading

    from tests.site import mkdocs_env

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=mkdocs_env(project / "roles_data"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(project, f"http://127.0.0.1:{port}/", process)
    assert process.stdout is not None
    stdout = process.stdout
    reader = threading.Thread(
        target=lambda: running.lines.extend(line.rstrip("\n") for line in stdout), daemon=True
    )
    reader.start()
    try:
        running.wait_for("the first build", lambda: "Serving on" in running.log)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # pragma: no cover - only when serve hangs
            process.kill()
            process.wait()
        reader.join(timeout=5)
        stdout.close()


# Saves of the agent's file during `mkdocs serve` (from its text), and the line each gives; one
# serve per save, so that no case takes longer than one save and its repair.
HOSTILE_SAVES = {
    "alias-bomb": (lambda original: alias_bomb(), f"{AGENT}:2: alias *l0: {ANCHORS}"),
    "self-alias": (
        lambda original: original.replace(
            "aliases: [CSR, Customer Service Representative]", "aliases: &a [*a]"
        ),
        f"{AGENT}:2: anchor &a: {ANCHORS}",
    ),
    "deep-nesting": (
        lambda original: original.replace("[CSR, Customer Service Representative]", deep_nesting()),
        f"{AGENT}:2: values are nested more than 24 levels deep here",
    ),
    "python-tag": (
        lambda original: original.replace(
            "summary: Answers calls.", "summary: !!python/name:os.system"
        ),
        f"{AGENT}:6: YAML tag '!!python/name:os.system' is not allowed here: {PLAIN}",
    ),
    "timestamp-tag": (
        lambda original: original.replace(
            "summary: Answers calls.", "summary: !!timestamp 2024-13-45"
        ),
        f"{AGENT}:6: YAML tag '!!timestamp' is not allowed here: {PLAIN}",
    ),
}


@pytest.mark.build
@pytest.mark.parametrize("save", list(HOSTILE_SAVES))
def test_serve_answers_hostile_yaml_with_one_line_and_keeps_serving(
    tmp_path: Path, save: str
) -> None:
    project = fixture_project(tmp_path)
    agent = project / "roles_data" / "roles" / "agent.yml"
    original = agent.read_text(encoding="utf-8")
    make, expected = HOSTILE_SAVES[save]
    saves = [(make(original), expected)]
    with serving(project) as server:
        for text, message in saves:
            start = time.monotonic()
            agent.write_text(text, encoding="utf-8")
            server.wait_for(message, lambda message=message: message in server.log)
            assert time.monotonic() - start < 30
            # The file cannot be parsed, so the role's page says what to fix: at its usual
            # address where the department can still be read from its line, else outside any
            # department. Every other page is served as usual.
            page = "roles/operations/agent/" if "department: operations" in text else "roles/agent/"
            server.wait_for(
                "the broken role's page",
                lambda message=message, page=page: (
                    message.split(": ", 1)[1][:60] in html.unescape(server.get(page))
                ),
            )
            assert "Leads a team of agents." in server.get("roles/operations/team-leader/")
            builds = server.builds()
            agent.write_text(original, encoding="utf-8")
            server.wait_for("the repair", lambda builds=builds: server.builds() > builds)
            server.wait_for(
                "the repaired page",
                lambda: "Answers calls." in server.get("roles/operations/agent/"),
            )
        assert_no_traceback(server.log)
        assert server.process.poll() is None


# ---- The generated corpus: check and strict builds ---------------------------------------------

# Messages check may give for generated text (everything else would be a surprise).
EXPECTED_REFUSALS = re.compile(
    r"contains invisible characters|mixes \w+ and \w+ letters|placeholder left to fill in|"
    r"is also the (?:title|alias) of|must not be empty|"
    r"contains (?:control|bidirectional formatting) characters|look like a space but are not one|"
    r"is also the name of|characters long, more than the \d+ this field allows"
)


@settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(payloads(), min_size=1, max_size=8))
def test_check_reads_any_generated_text_back_or_names_it(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-check-") as tmp:
        handbook = HostileHandbook(texts)
        handbook.write(Path(tmp))
        code, lines, err = run_check(Path(tmp))
        assert_no_traceback("\n".join(lines) + err)
        assert code in (0, 1)
        if code == 0:
            assert lines == ["roles_data: 3 roles checked, no problems"]
            # Nothing is lost: each value reads back as written (text fields strip the ends).
            read = read_handbook(Path(tmp) / "roles_data").handbook
            texts = handbook.texts
            assert read.settings.organisation == texts["organisation"].strip()
            for rid, role in read.roles.items():
                assert role.title == texts[f"{rid}.title"].strip()
                assert role.summary == texts[f"{rid}.summary"].strip()
                assert role.responsibilities[1].description == (
                    texts[f"{rid}.responsibilities[1].description"].strip()
                )
            assert read.skills["communication"].name == texts["skills.communication.name"].strip()
            return
        for line in lines:
            assert LOCATED.match(line), line
            assert EXPECTED_REFUSALS.search(line), line


GENERATED_BUILDS = 5
# Examples generated so far by each case of the test below.
_generated: dict[int, int] = {}


@pytest.mark.build
@pytest.mark.parametrize("number", range(GENERATED_BUILDS))
@settings(
    max_examples=GENERATED_BUILDS,
    derandomize=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: each is a build
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(payloads(), min_size=4, max_size=12), st.booleans())
def test_strict_builds_of_generated_text_publish_it_as_text_or_fail_located(
    number: int, texts: list[str], clean: bool
) -> None:
    """Each case is given GENERATED_BUILDS derandomized examples and builds one, the
    `number`-th (the first is Hypothesis' simplest, the others differ from case to case): as
    many different builds in all, and no case longer than one build."""
    example = _generated[number] = _generated.get(number, -1) + 1
    if example % GENERATED_BUILDS != number:
        return
    with tempfile.TemporaryDirectory(prefix="hostile-build-") as tmp:
        root = Path(tmp)
        handbook = HostileHandbook(texts, clean=clean)
        project = make_project(root / "project", data=FIXTURES / "valid")
        shutil.rmtree(project / "roles_data")
        handbook.write(project)
        result = build(project, root / "site", data=project / "roles_data")
        assert_no_traceback(result.log)
        if result.code != 0:
            problems = problem_lines(result.log)
            assert problems, result.log
            for line in problems:
                assert LOCATED.match(line), line
            return
        assert list(injected_elements(result.site)) == []
        for rid, department in (("agent", "operations"), ("director", "executive")):
            page = result.site / "roles" / department / rid / "index.html"
            text = parse(page).visible_text
            for place in ("title", "summary", "responsibilities[0].description"):
                assert visible(handbook.texts[f"{rid}.{place}"]) in text, place
