"""The handbook as a MkDocs plugin (handbook/plugin.py), and the public path of handbook/compat.py.

The plugin is found by its entry point and configured in mkdocs.yml; its options come from
the environment through `!ENV` as the README documents. Every use of an undocumented API is in
handbook/compat.py, used only with the versions the tests have checked: with any other, the
public path builds the same site, which the build tests here compare file by file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from handbook import compat
from handbook.plugin import HandbookPlugin
from tests.conftest import FIXTURES, ROOT, edit
from tests.orggen import generate
from tests.site import build, make_project, mkdocs_env, own_page

AUDIENCE_LINE = (
    "environment: HANDBOOK_AUDIENCE: 'Internal' is not an audience: use 'public' or 'internal'"
)


def test_mkdocs_finds_the_plugin_by_its_entry_point() -> None:
    (entry,) = [e for e in metadata.entry_points(group="mkdocs.plugins") if e.name == "handbook"]
    assert entry.load() is HandbookPlugin


def test_mkdocs_yml_runs_the_plugin_after_search_and_before_the_macros() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    names = list(config.plugins)
    assert names.index("material/search") < names.index("handbook") < names.index("macros")
    assert not any(name.startswith("hooks") for name in names)  # no hooks.py any more
    plugin = config.plugins["handbook"]
    assert isinstance(plugin, HandbookPlugin)
    assert plugin.config.data_ == "roles_data"
    assert plugin.config.audience == "public"


def test_the_options_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_AUDIENCE", "internal")
    monkeypatch.setenv("HANDBOOK_DATA", "elsewhere")
    plugin = load_config(str(ROOT / "mkdocs.yml")).plugins["handbook"]
    assert isinstance(plugin, HandbookPlugin)
    assert (plugin.config.data_, plugin.config.audience) == ("elsewhere", "internal")


def test_an_audience_written_in_mkdocs_yml_is_a_choice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path / "project")
    edit(project / "mkdocs.yml", "audience: !ENV [HANDBOOK_AUDIENCE, public]", "audience: staff")
    with pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert "option 'audience': Expected one of: ('public', 'internal')" in caplog.text


def test_internals_are_used_with_the_tested_versions_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = compat.versions()
    assert compat.builder() == "mkdocs"
    assert compat.internals("mkdocs-material", "mkdocs-macros-plugin")  # the pinned ones
    compat._tested.cache_clear()
    monkeypatch.setitem(compat.TESTED, "mkdocs-material", ("9.7.0",))
    try:
        assert installed["mkdocs-material"] != "9.7.0"
        assert not compat.internals("mkdocs-material")
        assert compat.internals("mkdocs-macros-plugin")
        monkeypatch.setattr(compat, "INTERNALS", True)
        assert compat.internals("mkdocs-material")  # the override, for tests
    finally:
        compat._tested.cache_clear()


# A build in which compat's internals are not used (as with versions the tests have not checked).
PUBLIC_ONLY = """
import sys
from handbook import compat
compat.INTERNALS = sys.argv[1] == "internals"
from mkdocs.__main__ import cli
cli(["build", *sys.argv[3:], "-d", sys.argv[2]])
"""


def _build(project: Path, site: Path, internals: bool, *options: str) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            PUBLIC_ONLY,
            "internals" if internals else "public",
            str(site),
            *options,
        ],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if "--strict" in options:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.suffix != ".gz"  # (the sitemap's archive holds its time)
    }


def _problems(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(("ERROR", "WARNING"))]


@pytest.mark.build
@pytest.mark.parametrize("handbook", ["example", "other organisation"])
def test_the_public_path_builds_the_same_site(tmp_path: Path, handbook: str) -> None:
    if handbook == "example":
        project = make_project(tmp_path / "project")
    else:
        org = generate(tmp_path / "data", 60)
        project = make_project(tmp_path / "project", data=org.root)
    _build(project, tmp_path / "fast", True, "--strict")
    _build(project, tmp_path / "public", False, "--strict")
    fast, public = _files(tmp_path / "fast"), _files(tmp_path / "public")
    assert sorted(fast) == sorted(public)
    assert any(name.startswith("roles/") for name in fast)
    # With jieba installed, Material's search cuts Chinese text into words with zero-width
    # spaces in any site; the tested versions have it do so in Chinese handbooks only
    # (compat.segment_chinese), so the public path's index differs by those spaces alone.
    index = "search/search_index.json"
    public[index] = public[index].replace(b"\\u200b", b"").replace("\u200b".encode(), b"")
    differ = [name for name in fast if fast[name] != public[name]]
    assert differ == []


@pytest.mark.build
def test_the_public_path_reports_a_page_s_mistakes_the_same(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    edit(own_page(project, "org-chart.md"), "{{ org_charts()", "{{ org_chrts()")
    (project / "docs" / "system.md").write_text(
        "---\ntitle: '{{ organisation }} and {{ lipsum() }}'\n---\n# System\n\n"
        "{{ role_page('nobody') }}\n\n{{ ''.__class__ }}\n",
        encoding="utf-8",
    )
    fast_log = _build(project, tmp_path / "fast", True)
    public_log = _build(project, tmp_path / "public", False)
    assert _problems(fast_log) == _problems(public_log)
    assert any("'org_chrts' is not a macro" in line for line in _problems(fast_log))
    fast, public = _files(tmp_path / "fast"), _files(tmp_path / "public")
    assert sorted(fast) == sorted(public)
    assert [name for name in fast if fast[name] != public[name]] == []


@pytest.mark.build
def test_an_unknown_audience_is_one_line_of_the_build_which_goes_on_for_the_public(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    result = build(project, tmp_path / "site", audience="Internal")
    assert result.code != 0
    assert "Traceback" not in result.log
    assert [line for line in result.log.splitlines() if "HANDBOOK_AUDIENCE" in line] == [
        f"ERROR   -  {AUDIENCE_LINE}"
    ]
    lenient = build(project, tmp_path / "lenient", audience="Internal", strict=False)
    assert lenient.code == 0, lenient.log
    assert (tmp_path / "lenient" / "roles.json").is_file()


@pytest.mark.build
def test_the_data_option_names_a_folder_from_mkdocs_yml_s_own(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    org = generate(project / "people" / "data", 60)
    edit(
        project / "mkdocs.yml",
        "data: !ENV [HANDBOOK_DATA, roles_data]",
        "data: people/data",
    )
    for folder in (project / "docs" / "roles").iterdir():
        if folder.is_dir():  # the example's own role pages
            for page in folder.iterdir():
                page.unlink()
            folder.rmdir()
    result = build(project, tmp_path / "site")
    assert result.code == 0, result.log
    names = (tmp_path / "site" / "roles.csv").read_text(encoding="utf-8")
    assert org.root == project / "people" / "data"
    some_role = next((org.root / "roles").glob("*.yml")).stem
    assert f"\n{some_role}," in names


# ---- ProperDocs, the maintained MkDocs 1.x: the same site ----------------------------------

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.build
def test_properdocs_builds_the_same_site_as_mkdocs(tmp_path: Path) -> None:
    properdocs = Path(sys.executable).parent / "properdocs"
    if not properdocs.exists():  # pragma: no cover - `make install` installs it
        pytest.fail("properdocs is not installed: run `make install`")
    project = make_project(tmp_path / "project")
    made = build(project, tmp_path / "mkdocs")
    assert made.code == 0, made.log
    proc = subprocess.run(
        [str(properdocs), "build", "--strict", "-d", str(tmp_path / "properdocs")],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    mkdocs_site, properdocs_site = _files(tmp_path / "mkdocs"), _files(tmp_path / "properdocs")
    assert sorted(mkdocs_site) == sorted(properdocs_site)
    role_pages = [name for name in mkdocs_site if name.startswith("roles/") and "/" in name[6:]]
    assert len(role_pages) > 20
    # Every file the same, but the generator each names in a page's <head>.
    differ = [
        name
        for name in mkdocs_site
        if _GENERATOR.sub(b"", mkdocs_site[name]) != _GENERATOR.sub(b"", properdocs_site[name])
    ]
    assert differ == []
    assert b"ProperDocs" in properdocs_site["index.html"]
