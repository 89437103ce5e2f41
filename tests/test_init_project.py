"""`handbook init DIR`: a whole project, mkdocs.yml and roles_data/, that builds as it is.

The project has no docs/ folder: every general page, the theme and the navigation come with the
handbook plugin. The builds run in the project's folder as a person runs them, `mkdocs build
--strict` (and ProperDocs'), with the virtual environment's tools.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from handbook import bundle, scaffold
from handbook.cli import main
from handbook.plugin import HandbookPlugin
from handbook.validation import SCHEMA_FILE
from tests.orggen import generate
from tests.site import PageParser, mkdocs_env, parse

BIN = Path(sys.executable).parent
# YAML and Markdown read ':', '"', '#' and '&' as syntax: the name must reach the site as it is.
NAME = 'Kōryū "Support" & Co: Ελλάς #1'
ENV_SETTINGS = ("HANDBOOK_DATA", "HANDBOOK_AUDIENCE", "HANDBOOK_MACROS_FAIL", "HANDBOOK_SITE_URL")
GENERAL_PAGES = (
    "index.html",
    "org-chart/index.html",
    "roles/index.html",
    "careers/index.html",
    "careers/compare/index.html",
    "reference/levels/index.html",
    "reference/skills/index.html",
    "reference/responsibilities/index.html",
    "reference/salaries/index.html",
    "reference/kpis/index.html",
    "changes/index.html",
    "writing/index.html",
)


def init(project: Path, name: str = NAME) -> subprocess.CompletedProcess[str]:
    """`handbook init` as a person runs it, from the folder that is to hold the project."""
    return subprocess.run(
        [sys.executable, "-m", "handbook", "init", project.name, "--organisation", name],
        cwd=project.parent,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_in(project: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_log(made: subprocess.CompletedProcess[str]) -> str:
    """The build's log, after asserting it succeeded with no warning or error."""
    log = made.stdout + made.stderr
    assert made.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    return log


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def raw_data(site: Path) -> list[str]:
    """Files of the data folder published as they are (role.schema.json is an export)."""
    return sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in {".yml", ".yaml"}
    )


def h1(page: Path) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert found, page
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def sidebar(page: Path) -> str:
    """The primary navigation of a page (the sidebar), as HTML."""
    text = page.read_text(encoding="utf-8")
    start = text.index("md-nav--primary")
    return text[start : text.index("md-sidebar--secondary", start)]


def article(page: Path) -> str:
    """The visible text of a page's content (its <article>), without the navigation."""
    text = page.read_text(encoding="utf-8")
    start = text.index("<article")
    parser = PageParser()
    parser.feed(text[start : text.index("</article>", start)])
    return parser.visible_text


def built(src: str) -> str:
    """The HTML file of the page `src` (directory URLs)."""
    stem = src.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def home_headings() -> list[str]:
    """The headings of the handbook's own home page."""
    text = bundle.page_path("index.md").read_text(encoding="utf-8")
    return re.findall(r"^## (.+)$", text, re.MULTILINE)


# ---- init, without a build ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["a folder with a file", "a file"])
def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    project = tmp_path / "acme"
    if kind == "a file":
        project.write_text("notes\n", encoding="utf-8")
    else:
        project.mkdir()
        (project / "notes.txt").write_text("notes\n", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    code = main(["init", str(project), "--organisation", "Acme"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"handbook init: {project.as_posix()}: already exists and is not empty: move it away, "
        "or name another",
        "handbook init: nothing was written",
    ]
    assert sorted(tmp_path.rglob("*")) == before


def test_init_writes_a_project_whose_mkdocs_yml_mkdocs_loads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    for name in ENV_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    project = tmp_path / "acme handbook"
    project.mkdir()  # an empty folder is used as it is
    assert main(["init", str(project), "--organisation", NAME, "--currency", "EUR"]) == 0
    out = capsys.readouterr().out
    data = project / "roles_data"
    written = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    starter = scaffold.starter_files(NAME, "EUR")
    assert written == sorted(
        [
            "mkdocs.yml",
            scaffold.OVERRIDES_KEEP,
            f"roles_data/{SCHEMA_FILE}",
            *(f"roles_data/{p}" for p in starter),
        ]
    )
    for relative, text in starter.items():  # the data folder is the starter, as before
        assert (data / relative).read_text(encoding="utf-8") == text
    for item in ("mkdocs.yml", "roles_data/handbook.yml"):
        assert f"  {(project / item).as_posix()}" in out.splitlines()
    assert f"  1. cd '{project.as_posix()}'" in out.splitlines()
    for step in ("handbook new-role", "handbook check", "mkdocs serve", "mkdocs build --strict"):
        assert step in out

    caplog.set_level("WARNING")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    assert [r.getMessage() for r in caplog.records if r.levelname != "INFO"] == []
    assert config.site_name == f"{NAME} handbook"
    assert config.docs_dir == str(data)
    assert config.edit_uri == "edit/main/docs/"
    assert config.theme.name == "material"
    assert config.theme["font"] is False
    assert {"navigation.sections", "search.suggest", "toc.follow"} <= set(config.theme["features"])
    names = list(config.plugins)
    assert names.index("material/search") < names.index("handbook") < names.index("macros")
    plugin = config.plugins["handbook"]
    assert isinstance(plugin, HandbookPlugin)
    assert (plugin.config.data_, plugin.config.audience) == ("roles_data", "public")
    macros = config.plugins["macros"].config
    assert (macros["modules"], macros["on_undefined"]) == (["handbook.macros"], "strict")

    monkeypatch.setenv("HANDBOOK_AUDIENCE", "internal")
    monkeypatch.setenv("HANDBOOK_DATA", "elsewhere")
    plugin = load_config(config_file=str(project / "mkdocs.yml")).plugins["handbook"]
    assert isinstance(plugin, HandbookPlugin)
    assert (plugin.config.data_, plugin.config.audience) == ("elsewhere", "internal")


def test_check_and_new_role_work_in_the_project_folder(tmp_path: Path) -> None:
    project = tmp_path / "acme"
    made = init(project, "Acme Support")
    assert made.returncode == 0, made.stdout + made.stderr
    check = run_in(project, sys.executable, "-m", "handbook", "check")
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout.splitlines() == ["roles_data: 1 role checked, no problems"]

    (example,) = sorted((project / "roles_data" / "roles").glob("*.yml"))
    role = yaml.safe_load(example.read_text(encoding="utf-8"))
    new = run_in(
        project,
        *(sys.executable, "-m", "handbook", "new-role", "Quality Coach", "--page"),
        *("--department", role["department"], "--level", role["level"]),
        *("--reports-to", example.stem),
    )
    assert new.returncode == 0, new.stdout + new.stderr
    assert (project / "roles_data" / "roles" / "quality-coach.yml").is_file()
    # Where the plugin reads a project's own pages: docs/ beside mkdocs.yml.
    assert (project / "docs" / "roles" / role["department"] / "quality-coach.md").is_file()
    check = run_in(project, sys.executable, "-m", "handbook", "check")
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    assert lines and all(line.startswith("roles_data/roles/quality-coach.yml:") for line in lines)
    assert "placeholder" in check.stderr


# ---- the builds --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project made by `handbook init`, built with `mkdocs build --strict` in its folder."""
    project = tmp_path_factory.mktemp("init") / "acme"
    made = init(project)
    assert made.returncode == 0, made.stdout + made.stderr
    build_log(run_in(project, str(BIN / "mkdocs"), "build", "--strict"))
    return project


@pytest.mark.build
def test_a_started_project_builds_the_whole_site_with_no_pages_of_its_own(started: Path) -> None:
    assert not (started / "docs").exists()
    site = started / "site"
    for page in GENERAL_PAGES:
        assert (site / page).is_file(), page
    for src in bundle.general_pages():  # every page the package carries
        assert (site / built(src)).is_file(), src
    assert h1(site / "index.html") == f"{NAME} handbook"

    (example,) = sorted((started / "roles_data" / "roles").glob("*.yml"))
    department = yaml.safe_load(example.read_text(encoding="utf-8"))["department"]
    role_page = site / "roles" / department / example.stem / "index.html"
    assert role_page.is_file()
    assert (site / "roles" / department / "index.html").is_file()
    departments = yaml.safe_load((started / "roles_data" / "departments.yml").read_text("utf-8"))
    name = next(d["name"] for d in departments if d["id"] == department)
    nav = sidebar(site / "index.html")
    assert f'href="roles/{department}/"' in nav
    shown = PageParser()
    shown.feed(nav)
    assert name in shown.visible_text

    for asset in ("assets/stylesheets/handbook.css", "assets/javascripts/planner.js"):
        assert (site / asset).is_file(), asset
    assert any(r.endswith("assets/stylesheets/handbook.css") for r in parse(role_page).resources)
    assert example.stem in (site / "roles.json").read_text(encoding="utf-8")
    assert f"\n{example.stem}," in (site / "roles.csv").read_text(encoding="utf-8")
    assert raw_data(site) == []
    for name in ("handbook.yml", "departments.yml", "search_terms.yml"):
        assert not list(site.rglob(name)), name


@pytest.mark.build
def test_properdocs_builds_the_same_pages_of_a_started_project(
    started: Path, tmp_path: Path
) -> None:
    project = tmp_path / "acme"
    shutil.copytree(started, project, ignore=shutil.ignore_patterns("site"))
    build_log(run_in(project, sys.executable, "-m", "properdocs", "build", "--strict"))
    assert not (project / "docs").exists()
    pages = html_pages(project / "site")
    assert pages == html_pages(started / "site")
    assert len(pages) >= len(GENERAL_PAGES) + 2
    assert raw_data(project / "site") == []


@pytest.mark.build
def test_another_organisation_s_roles_and_a_writer_s_home_page_in_a_started_project(
    tmp_path: Path,
) -> None:
    project = tmp_path / "hokuto"
    made = init(project, "Placeholder Org")
    assert made.returncode == 0, made.stdout + made.stderr
    shutil.rmtree(project / "roles_data")
    org = generate(project / "roles_data", 300)
    (project / "docs").mkdir()
    heading, sentence = "Welcome to the floor", "Start here: every team's roles are a click away."
    (project / "docs" / "index.md").write_text(f"# {heading}\n\n{sentence}\n", encoding="utf-8")
    build_log(run_in(project, str(BIN / "mkdocs"), "build", "--strict"))

    site = project / "site"
    home = site / "index.html"
    assert h1(home) == heading
    text = article(home)
    assert sentence in text
    assert home_headings()
    for packaged in home_headings():
        assert packaged not in text, packaged
    for page in GENERAL_PAGES:
        assert (site / page).is_file(), page
    for role_id in (org.top, sorted(org.roles)[len(org.roles) // 2]):
        department = org.roles[role_id]["department"]
        page = site / "roles" / department / role_id / "index.html"
        assert page.is_file(), role_id
        assert org.roles[role_id]["title"] in parse(page).visible_text
    nav = sidebar(home)
    for department in org.departments:
        assert f'href="roles/{department}/"' in nav, department
    assert raw_data(site) == []
    assert len(html_pages(site)) == len(GENERAL_PAGES) + len(org.roles) + len(org.departments) + 1
    assert len((site / "roles.csv").read_text(encoding="utf-8").splitlines()) == 1 + len(org.roles)


@pytest.mark.build
def test_a_data_folder_named_by_the_environment_leaves_roles_data_unpublished(
    tmp_path: Path,
) -> None:
    project = tmp_path / "acme"
    made = init(project, "Acme Support")
    assert made.returncode == 0, made.stdout + made.stderr
    other = generate(tmp_path / "hr-data", 60)
    built = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"],
        cwd=project,
        env=mkdocs_env(other.root),
        capture_output=True,
        text=True,
        timeout=600,
    )
    build_log(built)
    assert (project / "site" / "roles" / other.departments[0] / "index.html").is_file()
    assert raw_data(project / "site") == []
