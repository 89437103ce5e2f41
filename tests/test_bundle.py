"""What the package carries for a project: its general pages, theme and navigation, each
replaced by the project's own where it has one (handbook/bundle.py, handbook/plugin.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handbook import bundle
from tests.conftest import FIXTURES, ROOT
from tests.site import Build, build, make_project, own_page, parse

DEPARTMENTS = [{"Sales": ["roles/sales/index.md"]}, {"Care": ["roles/care/index.md"]}]


def test_departments_go_after_the_roles_index_in_its_section() -> None:
    nav = [{"Home": "index.md"}, {"Roles": ["roles/index.md", "extra.md"]}, "about.md"]
    placed, found = bundle.with_departments(nav, DEPARTMENTS)
    assert found
    assert placed == [
        {"Home": "index.md"},
        {"Roles": ["roles/index.md", *DEPARTMENTS, "extra.md"]},
        "about.md",
    ]


def test_a_roles_index_standing_alone_becomes_a_section() -> None:
    placed, found = bundle.with_departments(["index.md", {"People": "roles/index.md"}], DEPARTMENTS)
    assert found
    assert placed == ["index.md", {"People": ["roles/index.md", *DEPARTMENTS]}]


def test_a_nested_roles_index_is_found() -> None:
    nav = [{"Staff": [{"Roles": ["roles/index.md"]}, "x.md"]}]
    placed, found = bundle.with_departments(nav, DEPARTMENTS)
    assert found
    assert placed == [{"Staff": [{"Roles": ["roles/index.md", *DEPARTMENTS]}, "x.md"]}]


def test_a_nav_without_a_roles_index_is_left_as_it_is() -> None:
    placed, found = bundle.with_departments(["index.md"], DEPARTMENTS)
    assert (placed, found) == (["index.md"], False)


def test_the_default_nav_names_every_general_page_once() -> None:
    named = bundle.nav_sources(bundle.DEFAULT_NAV)
    assert named == set(bundle.general_pages())
    assert bundle.default_nav(["own.md"])[-1] == "own.md"


# ---- builds ----------------------------------------------------------------------------------


def _project(tmp_path: Path) -> Path:
    """The fixture handbook with the example's mkdocs.yml and no pages of its own."""
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    shutil.rmtree(project / "docs" / "roles")
    return project


def _build(project: Path, tmp_path: Path) -> Build:
    done = build(project, tmp_path / "site", data=project / "roles_data")
    assert done.code == 0, done.log
    assert "WARNING" not in done.log, done.log
    return done


def _sidebar(site: Path, page: str = "index.html") -> list[str]:
    """The titles of the entries of the page's sidebar (with its table of contents), in order."""
    html = (site / page).read_text("utf-8")
    html = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
    return [t.strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', html, re.S)]


@pytest.mark.build
def test_a_project_s_own_page_joins_the_navigation_after_the_handbook_s(tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "docs" / "holidays.md").write_text("# Holidays\n\nTen days.\n", "utf-8")
    site = _build(project, tmp_path).site
    links = _sidebar(site)
    assert "Holidays" in links
    assert links.index("Editing this handbook") < links.index("Holidays")
    assert "Ten days." in parse(site / "holidays" / "index.html").visible_text


@pytest.mark.build
def test_a_general_page_left_out_of_mkdocs_yml_s_nav_is_built_without_a_warning(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - Home: index.md\n  - Roles:\n      - roles/index.md\n")
    site = _build(project, tmp_path).site
    links = _sidebar(site)
    assert "KPI glossary" not in links  # not in the nav the project gave
    assert (site / "reference" / "kpis" / "index.html").is_file()  # role pages link to it
    assert "Roles" in links and "Operations" in links  # the departments, after the index


@pytest.mark.build
def test_the_project_s_files_replace_the_package_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_REPO_URL", "https://github.com/acme/handbook")
    project = _project(tmp_path)
    kpis = own_page(project, "reference/kpis.md")
    kpis.write_text(kpis.read_text("utf-8").replace("# KPI glossary", "# Our measures"), "utf-8")
    css = project / "docs" / "assets" / "stylesheets" / "handbook.css"
    css.parent.mkdir(parents=True)
    css.write_text("/* ours */\n", "utf-8")
    overrides = project / "overrides" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "source.html").write_text('<span class="our-source">ours</span>\n', "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), "utf-8"
    )
    site = _build(project, tmp_path).site
    page = (site / "reference" / "kpis" / "index.html").read_text("utf-8")
    assert "Our measures" in page
    assert (site / "assets" / "stylesheets" / "handbook.css").read_text("utf-8") == "/* ours */\n"
    assert (site / "assets" / "javascripts" / "planner.js").read_bytes() == (
        bundle.THEME_DIR / "assets" / "javascripts" / "planner.js"
    ).read_bytes()
    home = (site / "index.html").read_text("utf-8")
    assert '<span class="our-source">ours</span>' in home
    assert 'class="hb-print-source"' in home  # the package's main.html, still used


@pytest.mark.build
def test_a_project_without_the_macros_is_told_how_to_list_them(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = (project / "mkdocs.yml").read_text("utf-8")
    start = config.index("  - macros:")
    end = config.index("\nmarkdown_extensions:")
    (project / "mkdocs.yml").write_text(config[:start] + config[end:], "utf-8")
    done = build(project, tmp_path / "site", data=project / "roles_data")
    assert done.code != 0
    line = (
        "mkdocs.yml: plugins: the handbook's pages call its macros: list `- macros: {modules: "
        "[handbook.macros]}` under `plugins`, after `- handbook`"
    )
    assert done.log.count(line) == 1, done.log
    assert "Traceback" not in done.log


def test_the_example_carries_no_copy_of_the_package_s_files() -> None:
    """Northwind's docs/ holds its own prose only: every general page, style and script comes
    from the package, so upgrading the package upgrades them."""
    own = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.*")}
    assert own and all(path.startswith("roles/") and path.count("/") == 2 for path in own), own
    assert not (ROOT / "overrides").exists()
