"""Real strict builds of the handbook, with assertions on what they produce."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from handbook.validation import read_handbook
from tests.conftest import FIXTURES
from tests.site import ROOT, Build, build, make_project, parse

pytestmark = pytest.mark.build

HANDBOOK = read_handbook(ROOT / "roles_data").handbook


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(ROOT, tmp_path_factory.mktemp("public") / "site")
    assert result.code == 0, result.log
    return result


@pytest.fixture(scope="module")
def internal(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = build(ROOT, tmp_path_factory.mktemp("internal") / "site", audience="internal")
    assert result.code == 0, result.log
    return result


def page_of(site: Path, role_id: str) -> Path:
    department = HANDBOOK.roles[role_id].department
    return site / "roles" / department / role_id / "index.html"


def test_every_role_has_a_page_with_its_title_and_aliases(public: Build) -> None:
    for role_id, role in HANDBOOK.roles.items():
        text = parse(page_of(public.site, role_id)).visible_text
        assert role.title in text
        for alias in role.aliases:
            assert alias in text


def test_org_chart_boxes_all_link_to_existing_role_pages(public: Build) -> None:
    page = public.site / "org-chart" / "index.html"
    parser = parse(page)
    boxes = [href for href, attrs in parser.links if "hb-org__box" in (attrs.get("class") or "")]
    assert len(boxes) >= len(HANDBOOK.roles)
    base = "http://site/org-chart/"
    targets = set()
    for href in boxes:
        path = urlparse(urljoin(base, href)).path
        assert (public.site / path.lstrip("/") / "index.html").is_file(), href
        targets.add(path)
    assert len(targets) == len(HANDBOOK.roles)


EXTERNAL = re.compile(r"^(?:https?:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]((?:https?:)?//[^'"]+)""", re.I)


def test_no_resource_comes_from_another_host(public: Build) -> None:
    offenders = []
    for path in public.site.rglob("*.html"):
        for ref in parse(path).resources:
            if EXTERNAL.match(ref):
                offenders.append(f"{path.relative_to(public.site)}: {ref}")
    for path in public.site.rglob("*.css"):
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(public.site)}: {u}" for u in CSS_URL.findall(text)]
        offenders += [f"{path.relative_to(public.site)}: {u}" for u in CSS_IMPORT.findall(text)]
    assert offenders == []


def test_scripts_only_fall_back_to_other_hosts_when_the_site_provides_nothing(
    public: Build,
) -> None:
    """Material's bundle names two other hosts, each behind a guard the handbook never opens.

    - unpkg.com, for Mermaid, only when a page holds a Mermaid diagram: the handbook draws its
      diagrams at build time and no page has one;
    - the forge API, only from the `source` header component: our override drops its marker.
    Other names in it are attributions (clipboardjs.com) or XML namespaces, never fetched.
    """
    for path in public.site.rglob("*.html"):
        assert 'class="mermaid"' not in path.read_text(encoding="utf-8"), path
    assert not list(public.site.rglob("mermaid*.js"))
    html = (public.site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in html
    for path in public.site.rglob("*.js"):
        if "/lunr/" in path.as_posix():
            continue
        hosts = set(re.findall(r"https?://([a-z0-9.-]+\.[a-z]{2,})", path.read_text("utf-8")))
        hosts -= {"unpkg.com", "api.github.com", "gitlab.com", "github.com", "www.w3.org"}
        hosts -= {"clipboardjs.com", "lunrjs.com", "tartarus.org", "bit.ly"}  # licence notes
        assert not hosts, f"{path.name} names {sorted(hosts)}"


def test_search_index_holds_each_roles_other_names_as_its_search_tags(public: Build) -> None:
    index = json.loads((public.site / "search" / "search_index.json").read_text("utf-8"))
    by_location = {d["location"]: d for d in index["docs"]}
    for role_id, role in HANDBOOK.roles.items():
        entry = by_location[f"roles/{role.department}/{role_id}/"]
        assert entry["title"] == html.escape(role.title, quote=False)
        # Its names, then the everyday words roles_data/search_terms.yml sends to it.
        terms = [t for t in HANDBOOK.search_terms if (t.kind, t.target) == ("role", role_id)]
        words = [word for term in terms for word in term.words]
        names = [role.title, *role.aliases, *words]
        assert entry.get("tags", []) == [html.escape(name) for name in names]
        assert entry["boost"] > 1
    # Diagrams and generated lists stay out of what search shows.
    assert not any("<svg" in d["text"] or "hb-node" in d["text"] for d in index["docs"])
    checklists = [d["location"] for d in index["docs"] if "Tick what you already have" in d["text"]]
    assert not checklists, checklists


def test_pages_are_written_without_indentation_and_keep_their_code_blocks(
    public: Build,
) -> None:
    pages = list(public.site.rglob("*.html"))
    assert len(pages) > len(HANDBOOK.roles)
    for path in pages:
        text = path.read_text("utf-8")
        outside = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "", text, flags=re.S)
        assert not re.search(r"\n[ \t]", outside), f"{path} keeps the theme's indentation"
        assert "data-search-exclude" not in text, f"{path} keeps the search attributes"
    # The writers' guide shows YAML: its lines keep their indentation in the code block.
    guide = (public.site / "writing" / "index.html").read_text("utf-8")
    yaml_block = re.search(
        r'<pre><span></span><code><span class="nt">.*?</code></pre>', guide, re.S
    )
    assert yaml_block and re.search(r'\n<span class="w">  </span>', yaml_block.group(0))


def test_roles_json_matches_the_data(public: Build) -> None:
    exported = json.loads((public.site / "roles.json").read_text("utf-8"))
    assert exported["audience"] == "public"
    assert [r["id"] for r in exported["roles"]] == list(HANDBOOK.roles)
    for record in exported["roles"]:
        role = HANDBOOK.roles[record["id"]]
        assert record["title"] == role.title
        assert record["aliases"] == role.aliases
        assert record["reports_to"] == role.reports_to if role.reports_to else True
        assert [s["id"] for s in record["skills"]] == [s.skill for s in role.skills]
        assert (public.site / record["url"] / "index.html").is_file()
    # The departments in catalog order, each listing its roles junior first: every role once.
    assert [d["id"] for d in exported["departments"]] == list(HANDBOOK.departments)
    listed = [rid for d in exported["departments"] for rid in d["roles"]]
    assert sorted(listed) == sorted(HANDBOOK.roles)
    for dept in exported["departments"]:
        ranks = [HANDBOOK.rank(rid) for rid in dept["roles"]]
        assert ranks == sorted(ranks), dept["id"]
        assert all(HANDBOOK.roles[rid].department == dept["id"] for rid in dept["roles"])
    schema = json.loads((public.site / "role.schema.json").read_text("utf-8"))
    assert schema["title"] == "Role"


def test_the_internal_edition_shows_what_the_public_one_leaves_out(
    public: Build, internal: Build
) -> None:
    public_roles = json.loads((public.site / "roles.json").read_text("utf-8"))["roles"]
    internal_roles = json.loads((internal.site / "roles.json").read_text("utf-8"))["roles"]
    for role_id, role in HANDBOOK.roles.items():
        shown = next(r for r in internal_roles if r["id"] == role_id)
        hidden = next(r for r in public_roles if r["id"] == role_id)
        if role.salary is None:
            continue
        assert shown["salary"]["min"] == role.salary.min
        assert ("salary" in hidden) == (role.salary.visibility == "public")


def test_role_pages_link_to_their_data_file_for_editing(public: Build) -> None:
    for role_id in HANDBOOK.roles:
        hrefs = [href for href, _ in parse(page_of(public.site, role_id)).links]
        assert any(h.endswith(f"/edit/main/roles_data/roles/{role_id}.yml") for h in hrefs)


def test_exports_hold_every_role(public: Build) -> None:
    rows = (public.site / "roles.csv").read_text("utf-8").splitlines()
    assert rows[0].startswith("id,title,aliases,department,level,level_rank,reports_to")
    assert sorted(r.split(",", 1)[0] for r in rows[1:]) == sorted(HANDBOOK.roles)
    skills = (public.site / "skills.csv").read_text("utf-8").splitlines()
    assert len(skills) == len(HANDBOOK.roles) + 1


def failed_build(tmp_path: Path, pages: dict[str, str]) -> str:
    """The log of a strict build of a fixture handbook with `pages` added or replaced."""
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    for name, text in pages.items():
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (project / "docs" / name).write_text(text)
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code != 0, result.log
    assert "Traceback" not in result.log
    return result.log


def test_a_page_naming_an_unknown_role_fails_with_page_and_suggestion(tmp_path: Path) -> None:
    log = failed_build(
        tmp_path,
        {
            "roles/operations/team-leadr.md": "Prose.\n",
            "guide.md": "# Guide\n\n{{ compare_roles('team-leader', 'agnt') }}\n",
        },
    )
    assert (
        "docs/roles/operations/team-leadr.md: no role 'team-leadr' (did you mean 'team-leader'?)"
    ) in log
    assert "docs/guide.md:3: compare_roles: unknown role 'agnt' (did you mean 'agent'?)" in log


def test_an_unknown_macro_fails_the_build_with_one_line_naming_page_line_and_fix(
    tmp_path: Path,
) -> None:
    log = failed_build(
        tmp_path, {"index.md": "---\ntitle: Home\n---\n# Home\n\n{{ org_chrt() }}\n"}
    )
    assert (
        "docs/index.md:6: 'org_chrt' is not a macro or variable of this handbook "
        "(did you mean 'org_chart'?)"
    ) in log


def test_a_stray_template_tag_fails_the_build_and_says_how_to_show_it_as_text(
    tmp_path: Path,
) -> None:
    log = failed_build(tmp_path, {"index.md": "# Home\n\nType {% here to open a block.\n"})
    line = next(line for line in log.splitlines() if "docs/index.md:3:" in line)
    assert "macro syntax error" in line
    assert "wrap that part in {% raw %} ... {% endraw %}" in line


def test_invalid_role_data_fails_the_build_with_check_messages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "valid")
    path = project / "roles_data" / "roles" / "team-leader.yml"
    path.write_text(path.read_text().replace("reports_to: director", "reports_to: directr"))
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code != 0
    assert (
        "roles_data/roles/team-leader.yml:5: reports_to: unknown role 'directr' "
        "(did you mean 'director'?)"
    ) in result.log
    assert "Traceback" not in result.log


def test_hostile_titles_render_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", data=FIXTURES / "hostile")
    result = build(project, tmp_path / "site", data=project / "roles_data")
    assert result.code == 0, result.log
    page = result.site / "roles" / "operations" / "agent" / "index.html"
    parser = parse(page)
    title = 'Agent </title><script>alert(1)</script> "Q" | [x](y) {{ end }} `tick` #1; second line'
    assert title in parser.visible_text
    assert "Says <b>hello</b> & {% raw %} | ok" in parser.visible_text
    plain = parse(result.site / "roles" / "executive" / "director" / "index.html")
    assert parser.tags.count("script") == plain.tags.count("script")  # nothing injected
    assert "b" not in parser.tags and "i" not in parser.tags
    assert not any(href == "y" for href, _ in parser.links)
    home = (result.site / "index.html").read_text("utf-8")
    assert "<script>alert" not in home


def test_writers_guide_shows_real_check_messages_and_literal_braces(public: Build) -> None:
    text = parse(public.site / "writing" / "index.html").visible_text
    assert (
        "roles_data/roles/team-leader.yml:6: reports_to: unknown role 'managr' "
        "(did you mean 'manager'?)"
    ) in text
    assert "placeholder left to fill in: a short name for an area of work" in text
    assert "Start a role page with {{ role_page() }} and add your own words" in text
    assert "{% raw %}" in text and "{% endraw %}" in text
