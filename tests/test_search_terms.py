"""Search terms: the catalog of everyday words (roles_data/search_terms.yml), how it is checked,
where its words lead, and the search separator that leaves out the words around them.

What people find in the browser is measured by tests/browser/test_search.py; here the catalog
is checked as a writer meets it (`handbook check`, a build), and the built search index is read.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook import searchterms
from handbook.build import open_build
from handbook.bundle import general_pages
from handbook.searchterms import (
    PAY_PAGE,
    PAY_WORDS,
    SEARCH_TERMS_FILE,
    SEPARATOR,
    STOP_WORDS,
    Term,
    search_words,
    words_by_page,
)
from handbook.validation import read_handbook
from tests.conftest import FIXTURES, ROOT, Check
from tests.site import build, make_project, mkdocs_env

TERMS = """\
# Everyday words.
- words: [call taker, phone agent]
  role: agent
- words: [boss]
  department: executive
- words: [grille salariale, wages]
  page: reference/salaries.md
"""


def write_terms(data: Path, text: str) -> Path:
    path = data / SEARCH_TERMS_FILE
    path.write_text(text, encoding="utf-8")
    return path


# ---- the separator: what search leaves out -----------------------------------------------------


def _search_options(tmp_path: Path, search: str) -> Any:
    """The search plugin's options once the plugins' on_config ran, in a project whose
    mkdocs.yml lists search as `search`."""
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ntheme: {name: material}\n"
        f"plugins:\n  - {search}\n  - handbook:\n      data: {ROOT / 'roles_data'}\n"
        "  - macros: {modules: [handbook.macros]}\n",
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    return next(p for p in config.plugins.values() if "separator" in p.config).config


def test_the_plugin_splits_words_as_the_handbook_says(tmp_path: Path) -> None:
    options = _search_options(tmp_path, "search")
    assert options["separator"] == SEPARATOR
    assert options["pipeline"] == []
    assert options["fields"]["tags"] == {"boost": 1500}


def test_a_project_s_own_search_settings_are_kept(tmp_path: Path) -> None:
    options = _search_options(tmp_path, "search: {separator: '[\\s]+', pipeline: [trimmer]}")
    assert options["separator"] == "[\\s]+"
    assert options["pipeline"] == ["trimmer"]


@pytest.mark.parametrize("word", STOP_WORDS)
def test_a_stop_word_is_left_out_in_lower_case_and_capitalised(word: str) -> None:
    assert search_words(word) == []
    assert search_words(word.capitalize()) == []
    assert search_words(f"team {word} leader") == ["team", "leader"]
    assert search_words(f"{word.capitalize()} team, {word}: leader") == ["team", "leader"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("how much does a team leader earn", ["much", "team", "leader", "earn"]),
        ("How do I become a Supervisor?", ["Supervisor"]),
        ("IT Support Specialist", ["IT", "Support", "Specialist"]),  # capitals are a word
        ("Director of Customer Service", ["Director", "Customer", "Service"]),
        ("Average handling time (AHT)", ["Average", "handling", "time", "AHT"]),
        ("First-call resolution", ["First", "call", "resolution"]),
        ("Q&A", ["Q&A"]),
        # Inside a word, a stop word is a part of it: "an" in "Analyst", "is" in "Crisis".
        ("Analyst Crisis Itinerary Anthem", ["Analyst", "Crisis", "Itinerary", "Anthem"]),
        ("Île-de-France", ["Île", "de", "France"]),
        ("受付係 и телефонист", ["受付係", "и", "телефонист"]),
    ],
)
def test_search_keeps_the_words_that_matter(text: str, words: list[str]) -> None:
    assert search_words(text) == words


def test_the_separator_is_a_javascript_regular_expression_without_lookbehind() -> None:
    """Material compiles it with `new RegExp`; older Safari has no lookbehind."""
    assert "(?<" not in SEPARATOR
    assert "(?P" not in SEPARATOR and "\\A" not in SEPARATOR and "\\Z" not in SEPARATOR
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js to compile the separator as JavaScript")
    script = (
        "const s = new RegExp(process.argv[1]);"
        "const t = 'How much does a team leader earn';"
        "console.log(JSON.stringify(t.split(new RegExp(s, 'g')).filter(Boolean)))"
    )
    done = subprocess.run(
        [node, "-e", script, SEPARATOR], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["much", "team", "leader", "earn"]


# ---- where the words lead ----------------------------------------------------------------------


def test_words_lead_to_their_pages_and_pay_words_to_the_salary_bands() -> None:
    terms = [
        Term(("call taker",), "role", "agent", "f.yml", 2, "[0].role"),
        Term(("boss",), "department", "executive", "f.yml", 4, "[1].department"),
        Term(("VP",), "page", "careers/index.md", "f.yml", 6, "[2].page"),
        Term(("ghost",), "role", "broken-role", "f.yml", 8, "[3].role"),
    ]
    pages = words_by_page(
        terms,
        {"agent": "roles/operations/agent.md"},
        {"executive": "roles/executive/index.md"},
    )
    assert pages == {
        "roles/operations/agent.md": ["call taker"],
        "roles/executive/index.md": ["boss"],
        "careers/index.md": ["VP"],
        PAY_PAGE: list(PAY_WORDS),
    }


def test_a_pay_word_the_catalog_sends_elsewhere_leaves_the_salary_bands() -> None:
    terms = [Term(("Wages", "bonus"), "page", "benefits.md", "f.yml", 2, "[0].page")]
    pages = words_by_page(terms, {}, {})
    assert pages["benefits.md"] == ["Wages", "bonus"]
    assert "wages" not in pages[PAY_PAGE]
    assert "salary" in pages[PAY_PAGE]


# ---- the catalog as a writer meets it: handbook check -----------------------------------------


def test_the_catalog_is_optional_and_read_when_present(data: Path) -> None:
    assert read_handbook(data).handbook.search_terms == ()
    write_terms(data, TERMS)
    result = read_handbook(data)
    assert result.ok, [str(p) for p in result.problems]
    terms = result.handbook.search_terms
    assert [(t.words, t.kind, t.target) for t in terms] == [
        (("call taker", "phone agent"), "role", "agent"),
        (("boss",), "department", "executive"),
        (("grille salariale", "wages"), "page", "reference/salaries.md"),
    ]
    assert terms[0].line == 3 and terms[0].field == "[0].role"


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "[]\n"])
def test_an_empty_catalog_is_valid(data: Path, text: str) -> None:
    write_terms(data, text)
    result = read_handbook(data)
    assert result.ok, [str(p) for p in result.problems]
    assert result.handbook.search_terms == ()


MISTAKES = """\
- words: [call taker]
  role: agnet
- words: [boss]
  department: exec
- words: [VP]
  page: docs/careers/index.md
- words: [map]
  page: ../outside.md
- words: [chart]
  page: org-chart
- words: [both]
  role: agent
  page: careers/index.md
- words: [nowhere]
- words: [phone agent, Call Taker, Team Lead, CSR, how, the a]
  role: agent
- words: [floor]
  roles: agent
- words: []
  role: agent
- words: [<b>ok</b>]
  role: director
"""


def test_every_mistake_in_the_catalog_is_one_located_line(data: Path, check: Check) -> None:
    write_terms(data, MISTAKES)
    code, lines = check("--data", str(data))
    assert code == 1
    file = "roles_data/search_terms.yml"
    expected = [
        f"{file}:2: [0].role: unknown role 'agnet' (did you mean 'agent'?)",
        f"{file}:4: [1].department: unknown department 'exec' (did you mean 'executive'?)",
        f"{file}:6: [2].page: write the page as a file in docs/, without 'docs/': "
        "'careers/index.md'",
        f"{file}:8: [3].page: '../outside.md' is not a file in docs/: write its path from "
        "docs/, as 'careers/index.md'",
        f"{file}:10: [4].page: 'org-chart' is not a page: write the Markdown file, e.g. "
        "'careers/index.md'",
        f"{file}:13: [5].page: a search term leads to one place: give one of role (a role id), "
        "department (a department id) or page (a file in docs/)",
        f"{file}:14: [6]: a search term leads to one place: give one of role (a role id), "
        "department (a department id) or page (a file in docs/)",
        f"{file}:15: [7].words[1]: 'Call Taker' is listed twice (line 1): a word leads to one "
        "place; remove one",
        f"{file}:15: [7].words[2]: 'Team Lead' is the alias of role 'team-leader', which search "
        "finds by it: remove it here, or from that role",
        f"{file}:15: warning: [7].words[3]: 'CSR' is already this role's alias, which search "
        "finds it by: remove it",
        f"{file}:15: [7].words[4]: 'how' is made only of words search leaves out (such as 'how' "
        "or 'the'): write the word that matters",
        f"{file}:15: [7].words[5]: 'the a' is made only of words search leaves out (such as "
        "'how' or 'the'): write the word that matters",
        f"{file}:18: [8].roles: unknown field 'roles' (did you mean 'role'?)",
        f"{file}:19: [9].words: needs at least 1 item(s)",
    ]
    for line in expected:
        assert line in lines, "\n".join(lines)
    # One line per mistake: the entries above and nothing more about this file.
    assert len([line for line in lines if line.startswith(file)]) == len(expected), lines
    # The words that are right are kept, escaped only where they are shown.
    terms = read_handbook(data).handbook.search_terms
    assert ("phone agent",) in [t.words for t in terms]
    assert ("<b>ok</b>",) in [t.words for t in terms]


def test_a_catalog_that_is_not_a_list_says_so(data: Path, check: Check) -> None:
    write_terms(data, "call taker: agent\n")
    code, lines = check("--data", str(data))
    assert code == 1
    assert any(
        line.startswith("roles_data/search_terms.yml:1: ")
        and "expected a list of search terms" in line
        for line in lines
    ), lines


def test_a_catalog_with_a_yaml_error_is_one_line(data: Path, check: Check) -> None:
    write_terms(data, "- words: [call taker\n  role: agent\n")
    code, lines = check("--data", str(data))
    assert code == 1
    mine = [line for line in lines if line.startswith("roles_data/search_terms.yml:")]
    assert len(mine) == 1 and "YAML" in mine[0], lines


def test_a_word_for_a_broken_role_is_not_reported_twice(data: Path, check: Check) -> None:
    """The role's own file says what is wrong; the catalog naming it is not a second problem."""
    agent = data / "roles" / "agent.yml"
    agent.write_text(agent.read_text(encoding="utf-8").replace("title: Agent", "title: 7"))
    write_terms(data, "- words: [call taker]\n  role: agent\n")
    code, lines = check("--data", str(data))
    assert code == 1
    assert not [line for line in lines if "search_terms.yml" in line], lines


# ---- handbook init: a commented starter --------------------------------------------------------


def test_init_writes_a_commented_catalog_that_checks(tmp_path: Path) -> None:
    project = tmp_path / "acme"
    data = project / "roles_data"
    made = subprocess.run(
        [sys.executable, "-m", "handbook", "init", str(project), "--organisation", "Acme"],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        cwd=tmp_path,
        timeout=60,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    text = (data / SEARCH_TERMS_FILE).read_text(encoding="utf-8")
    for field in ("words", "role:", "department:", "page:"):
        assert field in text
    assert "salary" in text  # says that pay words need no listing
    result = read_handbook(data)
    assert result.ok, [str(p) for p in result.problems]
    entries = yaml.safe_load(text)
    assert [t.words for t in result.handbook.search_terms] == [
        tuple(entry["words"]) for entry in entries
    ]


# ---- the build: tags in the search index, pages that do not exist -----------------------------


def test_in_the_preview_a_saved_catalog_rebuilds_the_pages(data: Path) -> None:
    """`make serve` rebuilds a page when one of its sources is newer: the catalog is a source of
    every page once it exists (and not before, or every page would count as changed)."""
    environ = {"HANDBOOK_DATA": str(data)}
    config = {"config_file_path": str(data.parent / "mkdocs.yml")}
    assert not [f for f in open_build(config, environ).catalog_files() if "search_terms" in f]
    write_terms(data, TERMS)
    build = open_build(config, environ)
    assert "roles_data/search_terms.yml" in build.catalog_files()
    sources = build.site().pages["roles/operations/agent.md"].sources
    assert "roles_data/search_terms.yml" in sources


def _index(site: Path) -> list[dict[str, object]]:
    docs: list[dict[str, object]] = json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8")
    )["docs"]
    return docs


def _tags(docs: list[dict[str, object]], location: str) -> list[str]:
    entry = next(doc for doc in docs if doc["location"] == location)
    tags = entry.get("tags")
    assert isinstance(tags, list)
    return [str(tag) for tag in tags]


def test_the_build_puts_the_words_in_the_search_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    write_terms(
        project / "roles_data",
        TERMS + "- words: ['<img src=x onerror=alert(1)>']\n  role: director\n",
    )
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    docs = _index(result.site)
    assert _tags(docs, "roles/operations/agent/") == [
        "Agent",
        "CSR",
        "Customer Service Representative",
        "call taker",
        "phone agent",
    ]
    assert _tags(docs, "roles/executive/") == ["Executive", "boss"]
    salaries = _tags(docs, "reference/salaries/")
    assert salaries[:2] == ["grille salariale", "wages"]
    assert set(salaries) == {"grille salariale", *PAY_WORDS}
    # Material writes tags into results as HTML: a word is escaped for it.
    director = _tags(docs, "roles/executive/director/")
    assert html.escape("<img src=x onerror=alert(1)>") in director
    assert not any("<img" in tag for tag in director)
    # The writers' guide is for writers: not in employees' search.
    assert not [doc for doc in docs if str(doc["location"]).startswith("writing/")]
    assert (result.site / "writing" / "index.html").is_file()


def test_a_page_the_catalog_names_must_exist(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    write_terms(project / "roles_data", "- words: [VP]\n  page: careers/indx.md\n")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code != 0
    line = (
        "roles_data/search_terms.yml:2: [0].page: no page 'careers/indx.md' in the "
        "site (did you mean 'careers/index.md'?)"
    )
    assert result.log.count(line) == 1, result.log


def test_missing_pages_are_listed_with_the_closest_page() -> None:
    terms = [
        Term(("VP",), "page", "careers/index.md", "f.yml", 2, "[0].page"),
        Term(("boss",), "page", "carers/index.md", "f.yml", 4, "[1].page"),
        Term(("x",), "role", "agent", "f.yml", 6, "[2].role"),
    ]
    problems = searchterms.missing_pages(terms, {"careers/index.md", "index.md"})
    assert [str(p) for p in problems] == [
        "f.yml:4: [1].page: no page 'carers/index.md' in the site (did you mean "
        "'careers/index.md'?)"
    ]


# ---- the writers' guide ------------------------------------------------------------------------


def test_the_guides_example_is_a_valid_catalog(tmp_path: Path) -> None:
    """The example in "Help people find a role" checks on the guide's small handbook."""
    guide = (ROOT / "handbook" / "pages" / "writing.md").read_text(encoding="utf-8")
    section = guide.split("## Help people find a role", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert example, "the guide shows no search terms"
    data = tmp_path / "roles_data"
    shutil.copytree(ROOT / "handbook" / "guide_example", data)
    write_terms(data, example.group(1))
    result = read_handbook(data)
    assert result.ok, [str(p) for p in result.problems]
    assert {t.kind for t in result.handbook.search_terms} == {"role", "page"}
    pages = [t.target for t in result.handbook.search_terms if t.kind == "page"]
    assert searchterms.missing_pages(result.handbook.search_terms, general_pages()) == []
    assert pages
