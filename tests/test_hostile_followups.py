"""Issue 19, follow-ups found in review: file names in addresses, `new-role` held to the rules
of `check`, the organisation's name as one line, and catalog names that break the text rules in
a preview.

Each test makes the mistake as a writer would (a page's file name, a title typed on the command
line, a name in a catalog) and asserts what `handbook check`, `handbook new-role` or a real
build does with it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import annotated_types
import pytest
from pydantic import BaseModel

from handbook.build import open_build
from handbook.cli import main
from handbook.mistakes import MISTAKES
from handbook.model import (
    MAX_ID,
    MAX_LINE,
    MAX_PAY,
    MAX_TEXT,
    Level,
    MonthRange,
    Qualifications,
    Salary,
    SkillRequirement,
)
from handbook.textcheck import value_problems
from handbook.urls import MAX_LENGTH as URL_LENGTH
from handbook.validation import read_handbook
from tests.conftest import FIXTURES, Check, edit
from tests.hostile_corpus import injected_elements
from tests.site import ROOT, build, parse
from tests.test_hostile import assert_no_traceback, fixture_project, problem_lines, site_files

MARKUP = '"><img src=x onerror=alert(1)>'
# The page's file name, and the same name as it must be written in an address.
PAGE = f"a{MARKUP}.md"
QUOTED_PAGE = "a%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
QUOTED_FOLDER = "data%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
REPO = "https://github.com/org/handbook"
SITE = "https://org.example/handbook/"
NEW_ROLE = ["--department", "operations", "--level", "entry", "--reports-to", "team-leader"]


# ---- A file name in the addresses of a page: edit buttons, sitemap, canonical, print footer -----


def test_an_edit_address_quotes_the_path_and_names_only_files_of_the_project() -> None:
    config = {"repo_url": REPO, "config_file_path": str(FIXTURES / "mkdocs.yml")}
    opened = open_build(config, environ={"HANDBOOK_DATA": str(FIXTURES / "valid")})
    assert opened.edit_base == f"{REPO}/edit/main/"
    assert opened.edit_url(f"x{MARKUP}/roles/a b#c?.yml") == (
        f"{REPO}/edit/main/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/roles/"
        "a%20b%23c%3F.yml"
    )
    assert opened.edit_url("roles_data/roles/agent.yml") == (
        f"{REPO}/edit/main/roles_data/roles/agent.yml"
    )
    for outside in ("/etc/passwd", "../elsewhere/roles/agent.yml", ""):
        assert opened.edit_url(outside) is None
    without = open_build(
        {"config_file_path": str(FIXTURES / "mkdocs.yml")},
        environ={"HANDBOOK_DATA": str(FIXTURES / "valid")},
    )
    assert without.edit_url("roles_data/roles/agent.yml") is None


@pytest.mark.build
def test_file_names_with_markup_reach_addresses_quoted_and_titles_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer's page named `a"><img …>.md` (in the navigation without a title, so MkDocs
    titles it after the file) and a data folder named `data"><img …>`, with a repository and a
    published address set: every address quotes the name, and the title shows as text."""
    monkeypatch.setenv("HANDBOOK_SITE_URL", SITE)
    monkeypatch.delenv("HANDBOOK_REPO_URL", raising=False)
    project = fixture_project(tmp_path)
    data = project / f"data{MARKUP}"
    shutil.move(project / "roles_data", data)
    with (data / "handbook.yml").open("a", encoding="utf-8") as settings:
        settings.write(f"repo_url: '{REPO}'\n")
    (project / "docs" / PAGE).write_text("Notes without a heading.\n", encoding="utf-8")
    # The navigation lists it after the handbook's pages, untitled: MkDocs titles it after
    # its file.
    result = build(project, tmp_path / "site", data=data)
    assert result.code == 0, result.log
    assert_no_traceback(result.log)
    assert list(injected_elements(result.site)) == []

    page = result.site / PAGE.removesuffix(".md") / "index.html"
    text = page.read_text(encoding="utf-8")
    links = dict(parse(page).links)
    edit_link = f"{REPO}/edit/main/docs/{QUOTED_PAGE}.md"
    assert links[edit_link]["title"] == "Edit this page"
    assert f'<link rel="canonical" href="{SITE}{QUOTED_PAGE}/">' in text
    # MkDocs titles the page after its file name: shown as text in its heading, the browser's
    # tab, the navigation of every page and the printed card's footer.
    title = 'A"><img src=x onerror=alert(1)>'
    assert f"<h1>{html.escape(title)}</h1>" in text
    tab = re.search(r"<title>(.*?)</title>", text)
    assert tab is not None and html.unescape(tab.group(1)).startswith(f"{title} - ")
    home = parse(result.site / "index.html")
    assert title in home.visible_text
    assert f"{QUOTED_PAGE}/" in [href for href, _ in home.links]
    footer = re.search(r'<p class="hb-print-source">(.*?)</p>', text, re.DOTALL)
    assert footer is not None
    assert f"{SITE}{QUOTED_PAGE}/ ·" in html.unescape(footer.group(1))
    sitemap = (result.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}{QUOTED_PAGE}/</loc>" in sitemap

    # A role page's edit button opens the role's data file, in the folder named with markup.
    agent = parse(result.site / "roles" / "operations" / "agent" / "index.html")
    hrefs = [href for href, attrs in agent.links if attrs.get("title") == "Edit this page"]
    assert hrefs == [f"{REPO}/edit/main/{QUOTED_FOLDER}/roles/agent.yml"]

    # Nowhere is the name written raw where it would be markup, exports included.
    raw = [f"{path.relative_to(result.site)}" for path, body in site_files(result.site)
           if "<img src=x" in body and not path.name.endswith(".map")]  # fmt: skip
    assert raw == []
    roles = json.loads((result.site / "roles.json").read_text(encoding="utf-8"))
    assert {r["url"] for r in roles["roles"]} == {
        "roles/operations/agent/",
        "roles/operations/team-leader/",
        "roles/executive/director/",
    }


# ---- new-role holds a title to the rules check holds it to ---------------------------------------


def _new_role(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["new-role", *args])
    out = capsys.readouterr()
    assert_no_traceback(out.out + out.err)
    return code, out.err.splitlines()


def _title_lines(check: Check, file: str) -> list[str]:
    return [line for line in check()[1] if line.startswith(f"{file}:") and ": title: " in line]


def _role_titled(project: Path, title: str) -> None:
    """roles_data/roles/floor-coach.yml: a copy of the agent, with `title` and no aliases."""
    roles = project / "roles_data" / "roles"
    text = (roles / "agent.yml").read_text(encoding="utf-8")
    text = text.replace("title: Agent", f"title: {json.dumps(title, ensure_ascii=False)}")
    text = text.replace("aliases: [CSR, Customer Service Representative]", "aliases: []")
    (roles / "floor-coach.yml").write_text(text, encoding="utf-8")


REFUSED = [
    pytest.param(
        "ТЕАМ LEAD",  # Cyrillic ТЕАМ: drawn as the alias 'Team Lead', though no word mixes scripts
        ["'ТЕАМ LEAD' is already the alias of 'team-leader'; search would be ambiguous"],
        id="look-alike-of-an-alias",
    ),
    pytest.param(
        "Floor\u3164Coach",
        [
            "'Floor\u3164Coach' contains characters that look like a space but are not one "
            "(U+3164 HANGUL FILLER): type a space instead, or delete them"
        ],
        id="hangul-filler",
    ),
    pytest.param(
        "Floor\u2800Coach",
        [
            "'Floor\u2800Coach' contains characters that look like a space but are not one "
            "(U+2800 BRAILLE PATTERN BLANK): type a space instead, or delete them"
        ],
        id="braille-blank",
    ),
    pytest.param(
        "Floor Coach\x1b[2J",
        ["'Floor Coach\\x1b[2J' contains control characters (U+001B): delete them"],
        id="escape",
    ),
    pytest.param(
        "Floor \u202eCoach",
        [
            "'Floor \\u202eCoach' contains bidirectional formatting characters (U+202E "
            "RIGHT-TO-LEFT OVERRIDE), which show the text in another order than it is read: "
            "delete them"
        ],
        id="bidi-override",
    ),
    pytest.param(
        "Floor\u200bCoach",
        [
            "'Floor\\u200bCoach' contains invisible characters (U+200B ZERO WIDTH SPACE): "
            "delete them"
        ],
        id="zero-width-space",
    ),
    pytest.param(
        "Team Lead\u200b",  # invisible, and then the alias 'Team Lead'
        [
            "'Team Lead\\u200b' contains invisible characters (U+200B ZERO WIDTH SPACE): "
            "delete them",
            "'Team Lead\\u200b' is already the alias of 'team-leader'; search would be ambiguous",
        ],
        id="invisible-look-alike",
    ),
    pytest.param(
        "Flоor Coach",  # a Cyrillic о
        [
            "'Flоor Coach' mixes Cyrillic and Latin letters in 'Flоor' ('о' only looks like a "
            "letter of the other script): retype the word in one script"
        ],
        id="mixed-scripts",
    ),
]


@pytest.mark.parametrize(("title", "messages"), REFUSED)
def test_new_role_refuses_the_titles_check_refuses_with_checks_words(
    project: Path,
    check: Check,
    capsys: pytest.CaptureFixture[str],
    title: str,
    messages: list[str],
) -> None:
    code, err = _new_role(capsys, title, *NEW_ROLE, "--id", "floor-coach")
    assert code == 1
    assert err == [
        *(f"handbook new-role: title: {message}" for message in messages),
        "handbook new-role: nothing was written",
    ]
    assert not (project / "roles_data" / "roles" / "floor-coach.yml").exists()
    # The same title in a complete role file written by hand: check refuses it too, with the
    # same words for the text rules.
    file = "roles_data/roles/floor-coach.yml"
    _role_titled(project, title)
    found = _title_lines(check, file)
    assert found, title
    rules = value_problems(title, "name")
    assert [line.split(": title: ", 1)[1] for line in found if "is also" not in line] == rules
    assert len(found) == len(messages)


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Agent 👩\u200d💻", id="emoji-zwj"),
        pytest.param("کارشناس\u200cارشد", id="persian-zwnj"),
        pytest.param("Team Lead Coach", id="plain"),
    ],
)
def test_new_role_accepts_titles_check_accepts(
    project: Path, check: Check, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    code, err = _new_role(capsys, title, *NEW_ROLE, "--id", "floor-coach")
    assert (code, err) == (0, [])
    written = (project / "roles_data" / "roles" / "floor-coach.yml").read_text(encoding="utf-8")
    assert f"\ntitle: {title}\n" in written
    _role_titled(project, title)  # the same title in a complete role: check accepts it
    assert check() == (0, ["roles_data: 4 roles checked, no problems"])


# ---- The organisation's name is one line ---------------------------------------------------------


def test_the_organisation_is_a_line_of_at_most_150_characters(data: Path, check: Check) -> None:
    name = "Fixture " * 18 + "Center"  # 150 characters
    edit(data / "handbook.yml", "organisation: Fixture Contact Center", f"organisation: {name}")
    assert check() == (0, ["roles_data: 3 roles checked, no problems"])
    edit(data / "handbook.yml", f"organisation: {name}", f"organisation: {name}s")
    assert check() == (
        1,
        [
            "roles_data/handbook.yml:1: organisation: 'Fixture Fixture Fixture Fixture Fixture "
            "Fixture Fixture ... is 151 characters long, more than the 150 this field allows: "
            "shorten it"
        ],
    )
    # A preview names the handbook as it does without a name, rather than with 151 characters.
    assert read_handbook(data).handbook.settings.organisation == "Handbook"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param(
            "Acme " * 30 + "Support",
            "'Acme Acme Acme Acme Acme Acme Acme Acme Acme Acme Acme A... is 157 characters "
            "long, more than the 150 this field allows: shorten it",
            id="too-long",
        ),
        pytest.param(
            "Acme \u202eSupport",
            "'Acme \\u202eSupport' contains bidirectional formatting characters (U+202E "
            "RIGHT-TO-LEFT OVERRIDE), which show the text in another order than it is read: "
            "delete them",
            id="bidi-override",
        ),
    ],
)
def test_init_refuses_an_organisation_check_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    folder = tmp_path / "acme"
    code = main(["init", str(folder), "--organisation", name, "--currency", "EUR"])
    err = capsys.readouterr().err.splitlines()
    assert (code, err[0]) == (1, f"handbook init: --organisation: {message}")
    assert not folder.exists()


# ---- A preview shows a catalog name that breaks the text rules as its id -------------------------


def _bad_names(data: Path) -> None:
    edit(data / "departments.yml", "name: Operations", 'name: "Oper\\x1bations\\u202e"')
    edit(data / "levels.yml", "name: Entry", 'name: "En\\u200btry"')
    edit(data / "skills.yml", "name: Communication", 'name: "Commu\\u3164nication"')
    edit(
        data / "handbook.yml",
        "organisation: Fixture Contact Center",
        'organisation: "Fixture \\u202eContact Center"',
    )


BAD = ("\x00", "\x1b", "\u202e", "\u200b", "\u3164")
# The files of a site that hold text from the data (the theme's assets and gzip files aside).
TEXT_FILES = {".html", ".json", ".csv", ".xml", ".txt", ".js"}
PROBLEM = re.compile(r"roles_data/[a-z/-]+\.yml:[0-9]+: [^<\n]*")


def test_catalog_names_that_break_the_text_rules_are_shown_as_their_ids(
    data: Path, check: Check
) -> None:
    _bad_names(data)
    code, lines = check()
    assert code == 1
    assert [line.split(": ", 1)[0] for line in lines] == [
        "roles_data/departments.yml:2",
        "roles_data/departments.yml:2",
        "roles_data/handbook.yml:1",
        "roles_data/levels.yml:2",
        "roles_data/skills.yml:2",
    ]
    read = read_handbook(data).handbook
    assert read.departments["operations"].name == "operations"
    assert read.levels["entry"].name == "entry"
    assert read.skills["communication"].name == "communication"
    assert read.settings.organisation == "Handbook"
    # Names that keep to the rules are kept, and so is every other field.
    assert read.departments["executive"].name == "Executive"
    assert read.departments["operations"].description == "Takes the calls."
    assert read.skills["leadership"].name == "Leadership"


@pytest.mark.build
def test_a_preview_shows_and_exports_broken_catalog_names_as_their_ids(tmp_path: Path) -> None:
    """Catalog names, the organisation's name and a role's title (a NUL and an ESC in it) that
    break the text rules: a preview writes none of them into a page or an export."""
    project = fixture_project(tmp_path)
    _bad_names(project / "roles_data")
    director = project / "roles_data" / "roles" / "director.yml"
    edit(director, "title: Director", 'title: "Dir\\0ector\\e[2J"')
    result = build(project, tmp_path / "site", data=project / "roles_data", strict=False)
    assert result.code == 0, result.log
    assert len(problem_lines(result.log)) == 6
    # The characters are nowhere in the site but in the problems a preview lists (where the
    # message quotes the value, escaped as check prints it, a blank letter left as it is).
    found = [
        f"{path.relative_to(result.site)}: {char!r}"
        for path, text in site_files(result.site)
        if path.suffix in TEXT_FILES and "assets" not in path.relative_to(result.site).parts
        for char in BAD
        if char in PROBLEM.sub("", text)
    ]
    assert found == []
    agent = parse(result.site / "roles" / "operations" / "agent" / "index.html").visible_text
    assert "Department operations Reports to" in agent
    assert "Level entry" in agent
    rows = list(csv.reader(io.StringIO((result.site / "roles.csv").read_text("utf-8"))))
    agent_row = next(row for row in rows if row[0] == "agent")
    assert (agent_row[3], agent_row[4]) == ("operations", "entry")
    header = next(csv.reader(io.StringIO((result.site / "skills.csv").read_text("utf-8"))))
    assert header[:3] == ["id", "title", "communication"]
    roles = json.loads((result.site / "roles.json").read_text(encoding="utf-8"))
    assert roles["organisation"] == "Handbook"
    assert roles["departments"][0]["name"] == "operations"
    # The broken role is named by its id on its own page, which lists its problem, and is in no
    # export.
    page = (result.site / "roles" / "executive" / "director" / "index.html").read_text("utf-8")
    assert '<h1 id="director">director<' in page
    assert "<title>director - Handbook handbook</title>" in page
    assert "contains control characters (U+0000, U+001B)" in page
    assert "director" not in [row[0] for row in rows]
    assert "director" not in [role["id"] for role in roles["roles"]]


# ---- The writers' guide states the rules with the checker's own figures ------------------------


def _bounds(model: type[BaseModel], name: str) -> tuple[int, int]:
    """The smallest and largest value the model allows in a number field."""
    metadata = model.model_fields[name].metadata
    low = next(m.ge for m in metadata if isinstance(m, annotated_types.Ge))
    high = next(m.le for m in metadata if isinstance(m, annotated_types.Le))
    return int(low), int(high)


def test_the_writers_guide_states_the_rules_with_the_checkers_figures() -> None:
    guide = (ROOT / "handbook" / "pages" / "writing.md").read_text(encoding="utf-8")
    section = guide.split("\n## What the handbook refuses\n", 1)[1].split("\n## ", 1)[0]
    level = "{} to {}".format(*_bounds(SkillRequirement, "level"))
    experience = "{} to {}".format(*_bounds(Qualifications, "experience_years"))
    months = "{} to {}".format(*_bounds(MonthRange, "max"))
    rank_low, rank_high = _bounds(Level, "rank")
    assert _bounds(Salary, "max") == (0, MAX_PAY)
    for stated in (
        f"at most {MAX_ID} characters",
        f"one line of at most {MAX_LINE} characters; any other text at most {MAX_TEXT:,}",
        f"A skill level is {level}, years of experience {experience}, typical months {months}",
        f"a level's rank {rank_low} to {rank_high:,}",
        f"a pay figure a whole number up to {MAX_PAY:,}",
        f"in at most {URL_LENGTH:,} characters",
        "`index`",
        "`HANDBOOK_REPO_URL`, `HANDBOOK_SITE_URL`",
        "[HTML in a page](#html-in-a-page)",
        "[What a page may compute](#what-a-page-may-compute)",
    ):
        assert stated in section, stated
    # The joiners the guide shows as allowed are allowed, in a name.
    for name in ("کارشناس\u200cارشد", "Agent 👩\u200d💻"):
        assert name in section
        assert value_problems(name, "name") == []
    # Each new rule has its example in "What the messages mean", made by the checker itself.
    titles = {mistake.title for mistake in MISTAKES}
    assert {
        "A number in quotes",
        "A value too long",
        "Characters that are not text",
        "A role file named after a page the site needs",
        "An address the site cannot link to",
    } <= titles


# ---- make clean removes what a killed build leaves --------------------------------------------


def test_make_clean_removes_what_a_killed_build_leaves(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    for folder in ("site", "site.tmp", "site.old", "roles_data", "docs"):
        (tmp_path / folder / "sub").mkdir(parents=True)
        (tmp_path / folder / "sub" / "index.html").write_text("x", encoding="utf-8")
    done = subprocess.run(
        ["make", "--no-print-directory", "clean"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "docs", "roles_data"]
