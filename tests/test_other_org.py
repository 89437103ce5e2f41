"""The generator as another organisation uses it: its own data, no pages written, any script.

`tests/orggen.py` writes a handbook that shares nothing with the example (Japanese, Cyrillic,
Greek, Arabic, Devanagari and accented Latin names; a reporting chain thirteen deep; JPY, EUR,
INR and AED per year, month and hour). The project around it is the generator's own pages with
the example's role pages removed, as a new organisation starts. It must pass `handbook check`
and build strictly with a page for every role and department, and nothing of the example may
show through. The example handbook itself must survive ordinary edits (a role renamed), and
`handbook init` must start a handbook that builds on its own.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from handbook.audience import Audience, publish
from handbook.relations import relate
from handbook.render.context import Context
from handbook.render.links import Links
from handbook.render.maps import MAP_LIMIT, career_map
from handbook.render.salary import salary_bands
from handbook.site import NAV_ROLES_LIMIT, plan_site
from tests.orggen import DEPARTMENT_ORDER, ORGANISATION, REPO_URL, Organisation, generate
from tests.site import ROOT, Build, build, make_project, mkdocs_env, parse

ROLES = 300


@dataclass
class Other:
    org: Organisation
    project: Path
    check: subprocess.CompletedProcess[str]
    site: Build


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`handbook check` as a writer runs it, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "handbook", "check", *args],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Other:
    tmp = tmp_path_factory.mktemp("other-org")
    org = generate(tmp / "data", ROLES)
    project = make_project(tmp / "project", data=org.root)
    org.root = project / "roles_data"
    check = run_check(project)
    site = build(project, tmp / "site")
    return Other(org, project, check, site)


def role_page(other: Other, role_id: str) -> Path:
    department = other.org.roles[role_id]["department"]
    return other.site.site / "roles" / department / role_id / "index.html"


def plain(text: str) -> str:
    return " ".join(text.split())


# ---- the generated organisation itself (fast) ------------------------------------------------


def test_the_generated_organisation_is_what_the_issue_describes(tmp_path: Path) -> None:
    org = generate(tmp_path / "data", ROLES)
    roles = org.roles
    assert len(roles) == ROLES
    assert generate(tmp_path / "again", ROLES).roles == roles  # deterministic
    assert {r["department"] for r in roles.values()} == set(DEPARTMENT_ORDER)
    assert max(len(org.chain(rid)) for rid in roles) >= 12
    titles = " ".join(r["title"] for r in roles.values())
    for script, letter in [
        ("Japanese", "ー"),
        ("Cyrillic", "О"),
        ("Greek", "Α"),
        ("Arabic", "م"),
        ("Devanagari", "य"),
        ("accented Latin", "é"),
    ]:
        assert letter in titles, script
    bands = [r["salary"] for r in roles.values() if "salary" in r]
    assert {b.get("currency", "JPY") for b in bands} >= {"JPY", "EUR", "INR", "AED"}
    assert {b.get("period", "year") for b in bands} == {"year", "month", "hour"}
    assert any(b.get("open_ended") and "max" not in b for b in bands)
    moves = [m for r in roles.values() for m in r["progression"]]
    assert {m["kind"] for m in moves} == {"promotion", "lateral"}
    assert any("outside" in m for m in moves)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rid) for rid in roles)


# ---- check and build -------------------------------------------------------------------------

build_mark = pytest.mark.build


@build_mark
def test_check_passes_without_warnings(other: Other) -> None:
    assert other.check.returncode == 0, other.check.stdout + other.check.stderr
    assert other.check.stdout.strip() == f"roles_data: {ROLES} roles checked, no problems"
    assert other.check.stderr == ""


@build_mark
def test_strict_build_passes(other: Other) -> None:
    assert other.site.code == 0, other.site.log


@build_mark
def test_the_build_warns_about_nothing(other: Other) -> None:
    warnings = [line for line in other.site.log.splitlines() if line.startswith("WARNING")]
    unexpected = warnings
    assert unexpected == [], other.site.log
    assert "Traceback" not in other.site.log


def in_order(text: str, parts: list[str]) -> bool:
    """Whether every part occurs in `text`, each after the one before."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


@build_mark
def test_every_role_has_its_page_with_its_title_pay_and_reporting_line(other: Other) -> None:
    org = other.org
    for role_id, role in org.roles.items():
        page = role_page(other, role_id)
        assert page.is_file(), page
        text = parse(page).visible_text
        assert plain(role["title"]) in text, role_id
        salary = role.get("salary")
        if salary and salary.get("visibility") != "internal":
            # The band in its own currency and period, amounts grouped in thousands.
            amounts = [f"{salary['min']:,}", *([f"{salary['max']:,}"] if "max" in salary else [])]
            band = [salary.get("currency", "JPY"), *amounts, salary.get("period", "year")]
            assert in_order(text, band), (role_id, band)
    # The whole reporting line, thirteen managers up, on the deepest role's page.
    deepest = max(org.roles, key=lambda rid: len(org.chain(rid)))
    text = parse(role_page(other, deepest)).visible_text
    line = [plain(org.roles[rid]["title"]) for rid in org.chain(deepest)]
    assert len(line) >= 12
    assert in_order(text, line), line


def _article(path: Path) -> str:
    body = path.read_text("utf-8")
    return body[body.index("<article") : body.index("</article>")]


@build_mark
def test_department_pages_list_their_roles_junior_first_then_by_title(other: Other) -> None:
    for department in DEPARTMENT_ORDER:
        article = _article(other.site.site / "roles" / department / "index.html")
        members = other.org.members(department)
        linked = re.findall(r'href="(?:\.\./' + department + r'/)?([a-z0-9-]+)/"', article)
        listed = [rid for rid in dict.fromkeys(linked) if rid in set(members)]
        assert listed == members, department


@build_mark
def test_navigation_lists_departments_in_catalog_order(other: Other) -> None:
    home = (other.site.site / "index.html").read_text("utf-8")
    sidebar = home[home.index("md-nav--primary") :]
    departments = re.findall(r'href="roles/([a-z0-9-]+)/"', sidebar)
    assert list(dict.fromkeys(departments)) == list(DEPARTMENT_ORDER)
    # A department of at most NAV_ROLES_LIMIT roles lists them in the sidebar of its pages;
    # a larger one lists them only on its own page, so the sidebar stays small.
    for department in DEPARTMENT_ORDER:
        members = other.org.members(department)
        first = members[0]
        page = role_page(other, first).read_text("utf-8")
        nav = page[page.index("md-nav--primary") : page.index("md-content")]
        listed = [m for m in members if f'href="../{m}/"' in nav]  # the page itself is "./"
        if len(members) <= NAV_ROLES_LIMIT:
            assert listed == members[1:], department
        else:
            assert listed == [], department


@build_mark
def test_exports_hold_every_role(other: Other) -> None:
    site = other.site.site
    ids = set(other.org.roles)
    rows = list(csv.DictReader(io.StringIO((site / "roles.csv").read_text("utf-8"))))
    assert {r["id"] for r in rows} == ids
    assert {r["title"] for r in rows} == {r["title"] for r in other.org.roles.values()}
    skills = list(csv.DictReader(io.StringIO((site / "skills.csv").read_text("utf-8"))))
    assert {r["id"] for r in skills} == ids
    exported = json.loads((site / "roles.json").read_text("utf-8"))
    assert exported["organisation"] == ORGANISATION
    assert {r["id"] for r in exported["roles"]} == ids
    for record in exported["roles"]:
        assert (site / record["url"] / "index.html").is_file()


def _example_names() -> tuple[list[str], str]:
    """The example organisation's role ids and name, read from the project's own data.

    Ids the writers' guide uses for its worked example (handbook/guide_example, shipped with the
    package and shown on every handbook's 'Editing this handbook' page) are left out: they are
    the guide's, not the example organisation's.
    """
    guide = {p.stem for p in (ROOT / "handbook" / "guide_example" / "roles").glob("*.yml")}
    ids = sorted({p.stem for p in (ROOT / "roles_data" / "roles").glob("*.yml")} - guide)
    settings = yaml.safe_load((ROOT / "roles_data" / "handbook.yml").read_text("utf-8"))
    return ids, settings["organisation"]


@build_mark
def test_no_page_names_the_example_organisation(other: Other) -> None:
    ids, name = _example_names()
    assert ids and name
    id_pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    found = []
    for path in other.site.site.rglob("*"):
        if path.suffix not in {".html", ".json", ".csv", ".xml", ".txt"}:
            continue
        text = html.unescape(path.read_text("utf-8"))
        where = path.relative_to(other.site.site).as_posix()
        if name.casefold() in text.casefold():
            found.append(f"{where}: {name}")
        found += [f"{where}: {m}" for m in sorted(set(id_pattern.findall(text)))]
    assert found == []


@build_mark
def test_repository_and_edit_links_are_the_organisations_own(other: Other) -> None:
    page = role_page(other, other.org.top)
    hrefs = [href for href, _ in parse(page).links if "://" in href]
    foreign = [h for h in hrefs if "northwind" in h.casefold()]
    assert foreign == []
    assert any(h.startswith(REPO_URL + "/") for h in hrefs)


# ---- the salary chart with other currencies and periods (fast) -------------------------------


def _salary_chart(tmp_path: Path) -> str:
    org = generate(tmp_path / "data", ROLES)
    published = publish(org.root, Audience.PUBLIC)
    handbook = published.handbook
    relations = relate(handbook)
    plan = plan_site(handbook, relations, published.broken, [])
    links = Links("reference/salaries.md", plan.role_pages, True, plan.department_pages)
    return salary_bands(Context(handbook, links, relations=relations))


def test_career_map_draws_small_departments_and_lists_large_ones(tmp_path: Path) -> None:
    org = generate(tmp_path / "data", ROLES)
    published = publish(org.root, Audience.PUBLIC)
    handbook, relations = published.handbook, relate(published.handbook)
    plan = plan_site(handbook, relations, published.broken, [])
    ctx = Context(handbook, Links("careers/index.md", plan.role_pages, True), relations=relations)
    sizes = {d: len(relations.members.get(d, [])) for d in handbook.departments}
    large = [d for d, n in sizes.items() if n > MAP_LIMIT]
    small = [d for d, n in sizes.items() if 0 < n <= MAP_LIMIT]
    assert large and small, sizes
    for dept in large:
        part = career_map(ctx, dept)
        assert "<svg" not in part
        assert f"has {sizes[dept]} roles, too many to draw" in part
        assert part.count("<li>") == sum(
            len(handbook.roles[r].progression) for r in relations.members[dept]
        )
    for dept in small:
        part = career_map(ctx, dept)
        assert "<svg" in part and "too many" not in part


def test_salary_chart_draws_bands_in_millions(tmp_path: Path) -> None:
    chart = _salary_chart(tmp_path)
    assert "## JPY per year" in chart
    assert re.search(r'class="hb-band__tick"[^>]*>\d+(\.\d)?M<', chart), "no tick in millions"


def test_salary_chart_keeps_currencies_and_periods_apart(tmp_path: Path) -> None:
    chart = _salary_chart(tmp_path)
    published = publish(tmp_path / "data", Audience.PUBLIC)
    handbook = published.handbook
    titles = {role.title: role for role in handbook.roles.values()}
    charts = re.findall(
        r'<figure class="hb-bands" aria-label="Salary bands in ([A-Z]{3}) per (\w+)".*?</figure>',
        chart,
        flags=re.S,
    )
    assert len(charts) > 1
    for figure in re.finditer(
        r'aria-label="Salary bands in ([A-Z]{3}) per (\w+)".*?</figure>', chart, flags=re.S
    ):
        currency, period = figure.group(1), figure.group(2)
        for title in re.findall(r'<span class="hb-band__role"><a [^>]*>(.*?)</a>', figure.group(0)):
            role = titles[html.unescape(title)]
            assert role.salary is not None
            rid = next(r for r, v in handbook.roles.items() if v is role)
            assert (handbook.currency(rid), role.salary.period.value) == (currency, period), title


# ---- the example handbook after ordinary edits -----------------------------------------------

OLD_ID, NEW_ID = "team-leader", "floor-team-leader"
NEW_SUMMARY = "Leads one team of agents on the floor, coaches them and takes the hardest calls."


def _rename_everywhere(project: Path, old: str, new: str) -> list[Path]:
    """Rename a role: its data file, its page, and every reference in data and pages."""
    data = project / "roles_data"
    (data / "roles" / f"{old}.yml").rename(data / "roles" / f"{new}.yml")
    pages = project / "docs" / "roles"
    for page in pages.rglob(f"{old}.md"):
        page.rename(page.with_name(f"{new}.md"))
    reference = re.compile(r"(?<![\w-])" + re.escape(old) + r"(?![\w-])")
    changed = []
    for path in [*data.rglob("*.yml"), *pages.rglob("*.md")]:
        text = path.read_text("utf-8")
        updated = reference.sub(new, text)
        if updated != text:
            path.write_text(updated, "utf-8")
            changed.append(path.relative_to(project))
    return changed


@build_mark
def test_example_keeps_building_after_its_team_leader_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", own_data=True)
    role_file = project / "roles_data" / "roles" / f"{OLD_ID}.yml"
    text = role_file.read_text("utf-8")
    text, count = re.subn(r"(?m)^summary: >-\n(?:  .*\n)+", f"summary: {NEW_SUMMARY}\n", text)
    assert count == 1
    text, count = re.subn(
        r"(?m)^(salary:\n  min: )\d+\n  max: \d+\n", r"\g<1>41500\n  max: 47250\n", text
    )
    assert count == 1
    role_file.write_text(text, "utf-8")
    changed = {p.as_posix() for p in _rename_everywhere(project, OLD_ID, NEW_ID)}
    assert {"roles_data/processes.yml", "roles_data/handbook.yml"} <= changed
    assert (project / "docs" / "roles" / "operations" / f"{NEW_ID}.md").is_file()

    check = run_check(project)
    assert check.returncode == 0, check.stdout + check.stderr
    result = build(project, tmp_path / "site")
    assert result.code == 0, result.log
    page = result.site / "roles" / "operations" / NEW_ID / "index.html"
    text = parse(page).visible_text
    assert NEW_SUMMARY in text
    assert "USD 41,500–47,250 per year" in text
    assert "A day in the role" in text  # the writer's page moved with the role
    assert not (result.site / "roles" / "operations" / OLD_ID).exists()
    agent = parse(result.site / "roles" / "operations" / "call-center-agent" / "index.html")
    assert any(href.endswith(f"../{NEW_ID}/") for href, _ in agent.links)


# ---- a new organisation started with `handbook init` -----------------------------------------


@build_mark
def test_init_starts_a_handbook_that_checks_and_builds_on_its_own(tmp_path: Path) -> None:
    name = "Ōsaka Kōryū Support Ελλάς"
    project = tmp_path / "new_handbook"
    made = subprocess.run(
        [sys.executable, "-m", "handbook", "init", str(project), "--organisation", name],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        cwd=ROOT,
        timeout=60,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    # The project as init wrote it: mkdocs.yml and roles_data/, no pages of its own.
    assert sorted(p.name for p in project.iterdir()) == ["mkdocs.yml", "overrides", "roles_data"]
    check = run_check(project)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stderr == ""
    result = build(project, tmp_path / "site")
    assert result.code == 0, result.log
    assert name in parse(result.site / "index.html").visible_text
    roles = sorted((project / "roles_data" / "roles").glob("*.yml"))
    assert roles
    for path in roles:
        department = yaml.safe_load(path.read_text("utf-8"))["department"]
        assert (result.site / "roles" / department / path.stem / "index.html").is_file()


@build_mark
def test_the_readmes_start_your_own_walkthrough_works_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start your own handbook", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "the README's start-your-own section has no sh block"
    # The walkthrough ends by serving; here the same project is built strictly instead.
    script = block.group(1).replace("&& mkdocs serve", "&& mkdocs build --strict -d site")
    assert "mkdocs serve" not in script and "--strict" in script
    # `make install` downloads; the project's own environment, linked below, stands in for it.
    script = script.replace("make install", "test -x .venv/bin/handbook")
    clone = tmp_path / "handbook"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            (clone / name).write_bytes((ROOT / name).read_bytes())
    (clone / ".venv").symlink_to(Path(sys.prefix))
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=clone,
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        timeout=300,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "WARNING" not in ran.stderr, ran.stderr
    project = tmp_path / "acme-handbook"
    assert sorted(p.name for p in project.iterdir()) == [
        "mkdocs.yml",
        "overrides",
        "roles_data",
        "site",
    ]
    site = project / "site"
    assert "Acme Support" in parse(site / "index.html").visible_text
    (role,) = (project / "roles_data" / "roles").glob("*.yml")
    department = yaml.safe_load(role.read_text("utf-8"))["department"]
    assert (site / "roles" / department / role.stem / "index.html").is_file()
    assert (site / "reference" / "kpis" / "index.html").is_file()
