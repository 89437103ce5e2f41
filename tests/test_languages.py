"""A handbook in Spanish and one in Chinese, made with `handbook init --language` and holding
another organisation's 60 roles, built strictly: every page in its language.

"No English word the handbook writes" is checked against the English build of the same data:
a word of the English site that is neither in the data nor in the language's own catalog
(where a translator kept it, as 'YAML' or 'KPI') must not be on any page of the other site.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handbook import i18n
from tests.languages import Project, build_strictly, data_words, page_text, start, words

BIN = Path(sys.executable).parent

pytestmark = pytest.mark.build

LANGUAGES = ("es", "zh-Hans")
CATALOG = {"es": "es", "zh-Hans": "zh_Hans"}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Project]:
    root = tmp_path_factory.mktemp("languages")
    made = {}
    for language in ("en", *LANGUAGES):
        project = start(root / f"hokuto-{language.lower()}", language)
        build_strictly(project.folder)
        made[language] = project
    return made


def pages(project: Project) -> list[Path]:
    return sorted((project.folder / "site").rglob("*.html"))


def catalog_words(name: str) -> set[str]:
    path = i18n.CATALOGS / name / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=name)
    found: set[str] = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            found |= words(text or "")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_the_handbooks_language(
    projects: dict[str, Project], language: str
) -> None:
    english, project = projects["en"], projects[language]
    kept = data_words(project.folder / "roles_data") | catalog_words(CATALOG[language])
    handbook_words = set().union(*(words(page_text(p)) for p in pages(english))) - kept
    assert len(handbook_words) > 200  # the English site's own words: the comparison is real
    site = project.folder / "site"
    english_pages = {p.relative_to(english.folder / "site") for p in pages(english)}
    assert {p.relative_to(site) for p in pages(project)} == english_pages
    left: dict[str, set[str]] = {}
    for page in pages(project):
        text = page_text(page)
        found = words(text) & handbook_words
        if found:
            left[page.relative_to(site).as_posix()] = found
        head = page.read_text(encoding="utf-8")[:300]
        expected = "zh" if language.startswith("zh") else language
        assert f'<html lang="{expected}"' in head, page
    assert left == {}, f"English words on the {language} site: {sorted(left.items())[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pay_is_written_in_the_locales_digits(projects: dict[str, Project], language: str) -> None:
    project = projects[language]
    locale = i18n.load(language)
    bands = page_text(project.folder / "site" / "reference" / "salaries" / "index.html")
    figures = re.findall(r"\d{1,3}(?:[.,\u00a0\u202f]\d{3})+", bands)
    assert figures, "no pay figures on the salary bands page"
    group = locale.number(10000)[2]  # the locale's grouping mark ('.' in Spanish, ',' in Chinese)
    assert all(group in figure for figure in figures), figures[:5]
    role = project.org.roles[project.retitled]
    page = project.folder / "site" / "roles" / role["department"] / project.retitled / "index.html"
    assert project.title in page_text(page)


def test_the_english_site_is_in_english(projects: dict[str, Project]) -> None:
    project = projects["en"]
    home = (project.folder / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    assert "Find your way in" in page_text(project.folder / "site" / "index.html")


def test_a_language_the_handbook_has_no_catalog_for_builds_in_english_and_says_so(
    tmp_path: Path,
) -> None:
    project = start(tmp_path / "hokuto-de", "de", roles=30)
    log = build_strictly(project.folder)
    assert "no German translation yet" in log
    home = project.folder / "site" / "index.html"
    assert '<html lang="de"' in home.read_text(encoding="utf-8")
    assert "Find your way in" in page_text(home)
