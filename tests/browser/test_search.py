"""Search finds people's words: a relevance set typed into Material's search box in Chromium.

The set is made from the data, so it holds for any organisation: every role's title and other
names find that role first; every KPI's name and short form find its glossary entry first;
every department's name finds its page first; the everyday words of the organisation's search
terms (roles_data/search_terms.yml) and the handbook's own pay words find the page they lead to
first; a question about a role's pay ("how much does a team leader earn", "supervisor salary")
finds that role and the salary bands in the first three, the salary bands' result listing the
role's row of the chart with its band; "becoming a supervisor" finds the supervisor. A few
queries people type about the handbook itself ("org chart") complete it. The set is scored as
a person would judge it (the share of queries whose expected page comes first, and in the
first three) and every query must find its page. The same set, made from another
organisation's data (tests/orggen.py), is run on that organisation's handbook. Diagrams and
generated tables stay out of the text shown under results, the writers' guide stays out of
employees' results, and a result shows only the tags its query matched.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

from handbook.model import Handbook, Visibility
from handbook.validation import read_handbook
from tests.browser.conftest import (
    DESKTOP,
    SearchHit,
    Site,
    built_and_served,
    open_page,
    role_path,
    search,
)
from tests.orggen import generate
from tests.site import make_project

pytestmark = pytest.mark.browser

KPI_GLOSSARY = "reference/kpis/"
SALARY_PAGE = "reference/salaries/"
# What people type to ask about pay.
PAY_QUERIES = (
    "salary",
    "salaries",
    "pay",
    "earn",
    "earnings",
    "wage",
    "wages",
    "how much",
    "income",
)
WRITERS_GUIDE = "writing/"
ABOUT_THE_HANDBOOK = {
    "org chart": "org-chart/",
    "levels": "reference/levels/",
    "skills matrix": "reference/skills/",
    "RACI": "reference/responsibilities/",
}
# Roles asked about by pay or by "becoming": all of them in a small handbook, an even sample
# of a large one (each query is typed into the browser).
SAMPLE = 30


@dataclass(frozen=True)
class Case:
    """A query, the pages any of which may rightly come first, and what else must be in the
    first three results ("#" marks a section: the page's best-matching section is compared)."""

    query: str
    first: tuple[str, ...]
    why: str
    also: tuple[str, ...] = ()
    # The role's title and the bottom of its band, which the salary bands' result must list as
    # a section of the page (the chart's row).
    band: tuple[str, ...] = ()

    def found(self, hits: Sequence[SearchHit]) -> tuple[bool, bool]:
        """Whether an expected page came first, and whether one was in the first three; either
        only with the pages `also` expects in the first three."""
        top = hits[:3]
        also = all(any(_is(hit, want) for hit in top) for want in self.also)
        first = bool(hits) and any(_is(hits[0], want) for want in self.first)
        in_top = any(_is(hit, want) for hit in top for want in self.first)
        return first and also, in_top and also


def _is(hit: SearchHit, expected: str) -> bool:
    return (hit.section if "#" in expected else hit.path) == expected


def _sample(ids: list[str]) -> list[str]:
    if len(ids) <= SAMPLE:
        return ids
    step = len(ids) / SAMPLE
    return [ids[int(i * step)] for i in range(SAMPLE)]


def relevance_set(handbook: Handbook, terms: Mapping[str, str]) -> list[Case]:
    """The cases for this handbook's data; `terms` maps each everyday word of its search terms
    (and the handbook's pay words) to the path of the page it leads to."""
    cases: list[Case] = []
    for rid, role in handbook.roles.items():
        page = role_path(handbook, rid)
        cases.append(Case(role.title, (page,), "title"))
        cases += [Case(alias, (page,), "alias") for alias in role.aliases]
    for kpi_id, kpi in handbook.kpis.items():
        entry = f"{KPI_GLOSSARY}#kpi-{kpi_id}"
        cases.append(Case(kpi.name, (entry,), "KPI name"))
        if kpi.abbreviation:
            cases.append(Case(kpi.abbreviation, (entry,), "KPI short form"))
    for dept_id, dept in handbook.departments.items():
        if any(r.department == dept_id for r in handbook.roles.values()):
            cases.append(Case(dept.name, (f"roles/{dept_id}/",), "department"))
    cases += [
        Case(query, (path,), "about the handbook") for query, path in ABOUT_THE_HANDBOOK.items()
    ]
    for word, path in terms.items():
        why = "pay word" if path == SALARY_PAGE else "everyday word"
        cases.append(Case(word, (path,), why))
    for rid in _sample(list(handbook.roles)):
        role = handbook.roles[rid]
        page = role_path(handbook, rid)
        # What people call the role: its first other name ("Supervisor"), else its title.
        name = (role.aliases or [role.title])[0]
        both = (page, SALARY_PAGE)
        salary = role.salary
        band = ()
        if salary is not None and salary.visibility is Visibility.PUBLIC:
            band = (role.title, f"{salary.min:,}")
        cases.append(Case(f"how much does a {role.title} earn", both, "pay of a role", both, band))
        cases.append(Case(f"{name} salary", both, "pay of a role", both, band))
        cases.append(Case(f"becoming a {name}", (page,), "becoming a role"))
    return cases


@dataclass(frozen=True)
class Score:
    """How the relevance set fared: queries, those whose expected page came first, and those
    with it in the first three; with the queries that missed, for the failure message."""

    size: int
    first: int
    top3: int
    misses: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.size} queries: {self.first} ({self.first / self.size:.0%}) first, "
            f"{self.top3} ({self.top3 / self.size:.0%}) in the top 3"
        )


_RESULTS = ".md-search-result__list > .md-search-result__item"


def band_shown(page: Page, site: Site, case: Case) -> str:
    """Why the salary bands' result (a search just made) does not list the role `case` asks
    about with its band, as a section of the page, or "" when it does."""
    title, amount = case.band
    for item in page.locator(_RESULTS).all():
        link = item.locator("a.md-search-result__link").first
        if site.path_of(link.get_attribute("href") or "") != SALARY_PAGE:
            continue
        sections = item.locator("article").all()[1:]
        texts = [" ".join(article.text_content().split()) for article in sections]
        heads = [
            " ".join((article.locator("h2").text_content() or "").split()) for article in sections
        ]
        for head, text in zip(heads, texts, strict=True):
            if head == title and amount in text:
                return ""
        return f"the salary bands' result lists no section {title!r} with {amount}: {heads[:5]}"
    return "the salary bands are not listed"


def score(page: Page, site: Site, cases: Sequence[Case]) -> Score:
    """Type every query of `cases` into the search box and judge the results (a case whose
    salary bands' result does not show the band it asks about counts as a miss)."""
    first = top3 = 0
    misses = []
    for case in cases:
        hits = search(page, site, case.query)
        is_first, in_top = case.found(hits)
        wrong = band_shown(page, site, case) if case.band and in_top else ""
        if wrong:
            is_first = in_top = False
            misses.append(f"{case.query!r} ({case.why}): {wrong}")
        first += is_first
        top3 += in_top
        if not is_first and not wrong:
            listed = [hit.section or hit.path for hit in hits[:3]]
            wanted = " or ".join(case.first) + (
                f", with {', '.join(case.also)} in the top 3" if case.also else ""
            )
            misses.append(f"{case.query!r} ({case.why}): expected {wanted}, got {listed}")
    return Score(len(cases), first, top3, tuple(misses))


def url_of(src: str) -> str:
    """The path from the site root of the page written in docs/ as `src`."""
    path = src.removesuffix(".md")
    return path.removesuffix("index") if path == "index" or path.endswith("/index") else path + "/"


def expected_terms(handbook: Handbook) -> dict[str, str]:
    """Every everyday word of `handbook`'s search terms, with the path of the page it leads
    to, and the pay words people type, which lead to the salary bands."""
    pages = {
        "role": {rid: role_path(handbook, rid) for rid in handbook.roles},
        "department": {dept: f"roles/{dept}/" for dept in handbook.departments},
    }
    terms = {word: SALARY_PAGE for word in PAY_QUERIES}
    for term in handbook.search_terms:
        path = url_of(term.target) if term.kind == "page" else pages[term.kind][term.target]
        terms.update(dict.fromkeys(term.words, path))
    return terms


# ---- the example handbook --------------------------------------------------------------------


@pytest.fixture(scope="module")
def home(browser: Browser, site: Site) -> Iterator[Page]:
    """The home page, loaded once for all the searches here: each types a new query."""
    context = browser.new_context(viewport=DESKTOP, color_scheme="light", base_url=site.url)
    page = context.new_page()
    open_page(page, site, "")
    yield page
    context.close()


def test_the_relevance_set_is_large_enough(handbook: Handbook) -> None:
    cases = relevance_set(handbook, expected_terms(handbook))
    assert len(cases) >= 150
    assert {case.why for case in cases} == {
        "title",
        "alias",
        "KPI name",
        "KPI short form",
        "department",
        "about the handbook",
        "pay word",
        "everyday word",
        "pay of a role",
        "becoming a role",
    }
    queries = {case.query for case in cases}
    # The searches people tried that found the wrong page, or nothing.
    assert {"earn", "VP", "call taker", "help desk", "becoming a Supervisor"} <= queries
    assert {"how much does a Team Leader earn", "Supervisor salary"} <= queries


def test_every_query_of_the_relevance_set_finds_its_page_first(
    home: Page, site: Site, handbook: Handbook
) -> None:
    result = score(home, site, relevance_set(handbook, expected_terms(handbook)))
    print(f"relevance set, example handbook: {result}")
    assert result.misses == (), f"{result}\n" + "\n".join(result.misses)


@pytest.mark.parametrize(
    "query", ["promotion", "salary", "coach", "career", "pay band", "YAML", "placeholder"]
)
def test_the_writers_guide_stays_out_of_employees_results(
    home: Page, site: Site, query: str
) -> None:
    """The guide for the people who keep the handbook is not among anyone's results (it
    mentions promotions, salaries and coaching in every other paragraph)."""
    assert (site.root / WRITERS_GUIDE / "index.html").is_file()  # published, not searched
    hits = search(home, site, query)
    assert WRITERS_GUIDE not in [hit.path for hit in hits]


def chips(page: Page) -> tuple[list[str], list[str]]:
    """The tags of the first result's page: those shown, and all of them."""
    tags = page.locator(f"{_RESULTS} article").first.locator(".md-tag")
    shown = [tag.inner_text().strip() for tag in tags.all() if tag.is_visible()]
    return shown, [" ".join(text.split()) for text in tags.all_text_contents()]


def test_pay_questions_show_why_the_salary_page_is_listed(home: Page, site: Site) -> None:
    """A pay word found among the salary page's tags is marked in the result, so the reader sees
    which of their words led there; the page's other pay words are not shown."""
    hits = search(home, site, "earn")
    assert hits and hits[0].path == SALARY_PAGE
    shown, tags = chips(home)
    assert "salary" in tags and "how much" in tags, tags
    marked = home.locator(f"{_RESULTS} article").first.locator(".md-tag mark")
    expect(marked.first).to_be_visible()
    assert shown and all(text.startswith("earn") for text in shown), shown
    assert "salary" not in shown and "how much" not in shown, shown


def test_a_result_shows_only_the_tags_its_query_matched(
    home: Page, site: Site, handbook: Handbook
) -> None:
    """A role found by one of its other names shows that name's chip and hides the others; a
    role found by its title, which matches none of them, shows no chip at all."""
    rid, role = max(handbook.roles.items(), key=lambda item: len(item[1].aliases))
    assert len(role.aliases) >= 2, "no role has two other names"
    page = role_path(handbook, rid)

    # An other name that shares no word with the title or the other names: only its chip matches.
    def words(names: list[str]) -> set[str]:
        return {word.casefold() for name in names for word in name.split()}

    alias = next(
        (
            name
            for name in role.aliases
            if not words([name]) & words([role.title, *(n for n in role.aliases if n != name)])
        ),
        None,
    )
    if alias is None:
        pytest.skip(f"every other name of {role.title} shares a word with another")
    hits = search(home, site, alias)
    assert hits and hits[0].path == page, [h.path for h in hits]
    shown, tags = chips(home)
    assert all(" ".join(name.split()) in tags for name in role.aliases), tags
    assert shown == [" ".join(alias.split())], (shown, tags)


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


# ---- another organisation's handbook ---------------------------------------------------------

OTHER_ROLES = 60


@dataclass(frozen=True)
class OtherSite:
    site: Site
    handbook: Handbook


def _other_terms(data: Path, handbook: Handbook) -> None:
    """The other organisation's own everyday words, in its own languages: for its top role,
    a role of two departments, a department and a general page."""

    def first(department: str) -> str:
        return min(rid for rid, r in handbook.roles.items() if r.department == department)

    top = next(rid for rid, r in handbook.roles.items() if r.reports_to is None)
    terms = [
        {"words": ["PDG"], "role": top},
        {"words": ["телефонист", "телефонистка"], "role": first("svyaz")},
        {"words": ["受付係"], "role": first("kyaku")},
        {"words": ["plan de charge"], "department": "yojana"},
        {"words": ["grille salariale"], "page": "reference/salaries.md"},
    ]
    text = yaml.safe_dump(terms, allow_unicode=True, sort_keys=False)
    (data / "search_terms.yml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OtherSite]:
    """Another organisation's handbook (tests/orggen.py) with search terms of its own, served."""
    tmp = tmp_path_factory.mktemp("other-search")
    org = generate(tmp / "data", OTHER_ROLES)
    generated = read_handbook(org.root).handbook
    _other_terms(org.root, generated)
    project = make_project(tmp / "project", data=org.root)
    with built_and_served(project, tmp / "site", data=project / "roles_data") as (site, result):
        if result.code != 0:
            pytest.fail(f"the other handbook did not build:\n{result.log}", pytrace=False)
        read = read_handbook(project / "roles_data")
        assert read.ok, [str(p) for p in read.problems]
        yield OtherSite(site, read.handbook)


def test_the_relevance_set_holds_for_another_organisation(
    browser: Browser, other: OtherSite
) -> None:
    """The same set, made from another organisation's data (six scripts, no English names)
    and its own search terms, finds every page first in its handbook."""
    cases = relevance_set(other.handbook, expected_terms(other.handbook))
    assert {"PDG", "телефонист", "受付係", "plan de charge", "grille salariale"} <= {
        case.query for case in cases
    }
    context = browser.new_context(viewport=DESKTOP, base_url=other.site.url)
    try:
        page = context.new_page()
        open_page(page, other.site, "")
        result = score(page, other.site, cases)
    finally:
        context.close()
    print(f"relevance set, another organisation: {result}")
    assert result.misses == (), f"{result}\n" + "\n".join(result.misses)
