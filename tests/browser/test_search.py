"""Search finds people's words: a relevance set typed into Material's search box in Chromium.

The set is made from the data, so it holds for any organisation: every role's title and other
names find that role first; every KPI's name and short form find its glossary entry first;
every department's name finds its page first. A few queries people type about the handbook
itself ("salary", "org chart") complete it. Diagrams and generated tables stay out of the text
shown under results.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from handbook.model import Handbook
from tests.browser.conftest import DESKTOP, Site, open_page, role_path, search

pytestmark = pytest.mark.browser

KPI_GLOSSARY = "reference/kpis/"
ABOUT_THE_HANDBOOK = {
    "salary": "reference/salaries/",
    "pay": "reference/salaries/",
    "org chart": "org-chart/",
    "levels": "reference/levels/",
    "skills matrix": "reference/skills/",
    "RACI": "reference/responsibilities/",
}


@pytest.fixture(scope="module")
def home(browser: Browser, site: Site) -> Iterator[Page]:
    """The home page, loaded once for all the searches here: each types a new query."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=site.url)
    page = context.new_page()
    open_page(page, site, "")
    yield page
    context.close()


def relevance_set(handbook: Handbook) -> list[tuple[str, str, str]]:
    """(query, expected first result, why) for this handbook's data."""
    cases: list[tuple[str, str, str]] = []
    for rid, role in handbook.roles.items():
        cases.append((role.title, role_path(handbook, rid), "title"))
        cases += [(alias, role_path(handbook, rid), "alias") for alias in role.aliases]
    for kpi_id, kpi in handbook.kpis.items():
        entry = f"{KPI_GLOSSARY}#kpi-{kpi_id}"
        cases.append((kpi.name, entry, "KPI name"))
        if kpi.abbreviation:
            cases.append((kpi.abbreviation, entry, "KPI short form"))
    for dept_id, dept in handbook.departments.items():
        if any(r.department == dept_id for r in handbook.roles.values()):
            cases.append((dept.name, f"roles/{dept_id}/", "department"))
    cases += [(query, path, "about the handbook") for query, path in ABOUT_THE_HANDBOOK.items()]
    return cases


def test_the_relevance_set_is_large_enough(handbook: Handbook) -> None:
    kinds = {why for _, _, why in relevance_set(handbook)}
    assert len(relevance_set(handbook)) >= 25
    assert kinds == {
        "title",
        "alias",
        "KPI name",
        "KPI short form",
        "department",
        "about the handbook",
    }


def test_every_query_of_the_relevance_set_finds_its_page_first(
    home: Page, site: Site, handbook: Handbook
) -> None:
    misses = []
    for query, expected, why in relevance_set(handbook):
        hits = search(home, site, query)
        first = hits[0] if hits else None
        found = "" if first is None else (first.section if "#" in expected else first.path)
        if found != expected:
            listed = [hit.section or hit.path for hit in hits[:3]]
            misses.append(f"{query!r} ({why}): expected {expected}, got {listed}")
    assert misses == [], "\n".join(misses)


@pytest.mark.parametrize(
    ("query", "department"),
    [("WFM", "workforce-management"), ("QA", "quality")],
)
def test_a_short_form_of_a_department_finds_its_pages_first(
    home: Page, site: Site, handbook: Handbook, query: str, department: str
) -> None:
    """Short forms that name no single role ("QA") find pages of their department first."""
    if department not in handbook.departments:
        pytest.skip(f"this handbook has no {department} department")
    hits = search(home, site, query)
    assert hits and hits[0].path.startswith(f"roles/{department}/"), [h.path for h in hits]


@pytest.mark.parametrize(
    ("query", "kpi_id"),
    [("SLA", "service-level"), ("service level agreement", "service-level")],
)
def test_a_word_a_kpi_is_explained_with_finds_its_entry_first(
    home: Page, site: Site, handbook: Handbook, query: str, kpi_id: str
) -> None:
    """A term that is not a KPI's own short form but is written in its definition ("SLA" for
    the service level, in the example) finds that KPI's glossary entry first."""
    kpi = handbook.kpis.get(kpi_id)
    if kpi is None or query.lower() not in kpi.definition.lower():
        pytest.skip(f"this handbook's KPIs do not explain {query!r}")
    hits = search(home, site, query)
    assert hits and hits[0].section == f"{KPI_GLOSSARY}#kpi-{kpi_id}", [
        h.section or h.path for h in hits[:3]
    ]


def test_results_show_words_not_diagram_source_or_table_soup(
    home: Page, site: Site, handbook: Handbook
) -> None:
    """The text under results never shows diagram markup or a run of table cells."""
    role = next(iter(handbook.roles.values()))
    search(home, site, role.title)
    texts = home.locator(
        ".md-search-result__article p, .md-search-result__article"
    ).all_inner_texts()
    joined = " ".join(texts)
    assert "flowchart" not in joined and "config:" not in joined and "hb-node" not in joined
    assert "Proficiency runs" not in joined  # the skills grid is left out of search
