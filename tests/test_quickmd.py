"""Generated pages made HTML without Python-Markdown (handbook/quickmd.py, compat.QuickPage).

The short path must give exactly what Python-Markdown gives, or step aside. The unit tests
show what it declines; the build tests run real builds of three handbooks (the example, another
organisation in six scripts, the hostile fixture) in which every page the short path takes is
also rendered by MkDocs' own `Page.render` and the two compared: HTML, table of contents, title
and anchors. The same builds check search's short path (`handbook.searchtext.sections`, whose
unit tests are in test_pagetext.py): each page it divides is divided by Material's parser too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify, unique

from handbook.quickmd import convert
from tests.conftest import FIXTURES
from tests.orggen import generate
from tests.site import make_project, mkdocs_env

PAGE = """# Quality Coach

<!--hb-1a2b-0-->

## Responsibilities

<!--hb-1a2b-1-->

## Skills

<!--hb-1a2b-2-->

<!--hb-1a2b-3-->

*[AHT]: Average handling time
*[SL]: Service level
"""


def make_id(text: str, used: set[str]) -> str:
    return unique(slugify(text, "-"), used)


def test_a_generated_page_becomes_headings_and_its_blocks() -> None:
    done = convert(PAGE, make_id, "&para;")
    assert done is not None
    assert done.html == (
        '<h1 id="quality-coach">Quality Coach<a class="headerlink" href="#quality-coach" '
        'title="Permanent link">&para;</a></h1>\n<!--hb-1a2b-0-->\n\n'
        '<h2 id="responsibilities">Responsibilities<a class="headerlink" '
        'href="#responsibilities" title="Permanent link">&para;</a></h2>\n<!--hb-1a2b-1-->\n\n'
        '<h2 id="skills">Skills<a class="headerlink" href="#skills" title="Permanent link">'
        "&para;</a></h2>\n<!--hb-1a2b-2-->\n\n<!--hb-1a2b-3-->"
    )
    assert done.title == "Quality Coach"
    assert [t["id"] for t in done.toc] == ["quality-coach"]
    assert [t["name"] for t in done.toc[0]["children"]] == ["Responsibilities", "Skills"]
    assert done.ids == {"quality-coach", "responsibilities", "skills"}


def test_headings_get_unique_ids_as_the_toc_extension_gives_them() -> None:
    done = convert("# Skills\n\n## Skills\n\n## Skills\n", make_id, None)
    assert done is not None
    assert [t["id"] for t in [done.toc[0], *done.toc[0]["children"]]] == [
        "skills",
        "skills_1",
        "skills_2",
    ]
    assert "headerlink" not in done.html  # no permalinks asked for


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(PAGE.replace("Quality Coach", "Quality *Coach*"), id="emphasis"),
        pytest.param(PAGE.replace("Quality Coach", "Q&A Coach"), id="ampersand"),
        pytest.param(PAGE.replace("Quality Coach", "Coach <b>x</b>"), id="html"),
        pytest.param(PAGE.replace("Quality Coach", "Coach :smile:"), id="emoji"),
        pytest.param(PAGE.replace("Quality Coach", "Coach_x"), id="underscore"),
        pytest.param(PAGE.replace("Quality Coach", r"Coach \#1"), id="escape"),
        pytest.param(PAGE.replace("Quality Coach", "Coach { #id }"), id="attribute list"),
        pytest.param(PAGE.replace("Quality Coach", "SL Coach"), id="abbreviation in a heading"),
        pytest.param(PAGE.replace("## Skills\n", "Some prose.\n"), id="prose"),
        pytest.param(PAGE.replace("## Skills\n", "- a list\n"), id="list"),
        pytest.param(PAGE.replace("## Skills", "### Skills"), id="deeper heading"),
        pytest.param(PAGE.replace("## Skills", "# Skills"), id="second title"),
        pytest.param(PAGE.replace("# Quality Coach\n", ""), id="no title"),
        pytest.param(PAGE.replace("-2-->\n\n<!", "-2-->\n<!"), id="markers together"),
        pytest.param(PAGE + "\nMore prose.\n", id="prose after the abbreviations"),
        pytest.param("", id="empty"),
    ],
)
def test_anything_else_takes_the_usual_path(page: str) -> None:
    assert convert(page, make_id, "&para;") is None


# Runs a build in which every page the short path takes is also rendered by MkDocs itself.
DRIVER = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from handbook import compat
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
quick_render = compat.QuickPage.render
seen = {"quick": 0, "usual": 0, "differ": []}

def toc(items):
    return [(i.level, i.id, i.title, toc(i.children)) for i in items]

def compared(self, config, files):
    quick_render(self, config, files)
    usable, permalink = compat._quick_permalink(config)
    if not usable or compat.convert(self.markdown, compat._heading_id, permalink) is None:
        seen["usual"] += 1
        return
    seen["quick"] += 1
    mine = (self.content, toc(self.toc), self._title_from_render, sorted(self.present_anchor_ids))
    Page.render(self, config, files)
    usual = (self.content, toc(self.toc), self._title_from_render, sorted(self.present_anchor_ids))
    if mine != usual:
        seen["differ"].append([self.file.src_uri, repr(mine)[:2000], repr(usual)[:2000]])

compat.QuickPage.render = compared

# Every page search divides without Material's parser is divided by that parser too.
from material.plugins.search.plugin import Parser
quick_sections = compat.sections
seen.update({"search quick": 0, "search usual": 0, "search differ": []})
def compared_sections(html):
    found = quick_sections(html)
    if found is None:
        seen["search usual"] += 1
        return None
    seen["search quick"] += 1
    parser = Parser()
    parser.feed(html)
    parser.close()
    usual = [(s.el.tag, s.id, s.title, s.text, s.depth) for s in parser.data]
    mine = [(s.tag, s.id, s.title, s.text, s.depth) for s in found]
    if mine != usual:
        seen["search differ"].append([html[:2000], repr(mine)[:2000], repr(usual)[:2000]])
    return found
compat.sections = compared_sections
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
print(json.dumps(seen))
"""


def compared_build(project: Path, site: Path) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(site)],
        cwd=project,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("handbook", ["example", "other organisation", "hostile"])
def test_the_short_path_gives_what_python_markdown_gives(tmp_path: Path, handbook: str) -> None:
    if handbook == "example":
        project = make_project(tmp_path / "project", own_data=True)
        # Every second writer's page removed: those roles' pages are generated, the others
        # keep their prose (which takes the usual path).
        for page in sorted((project / "docs" / "roles").glob("*/*.md"))[::2]:
            if page.name != "index.md":
                page.unlink()
    elif handbook == "other organisation":
        org = generate(tmp_path / "data", 60)
        project = make_project(tmp_path / "project", data=org.root)
    else:
        project = make_project(tmp_path / "project", data=FIXTURES / "hostile")
    seen = compared_build(project, tmp_path / "site")
    assert seen["differ"] == []
    assert isinstance(seen["quick"], int) and seen["quick"] > 0, seen  # the short path was used
    # Search: every page of the build is divided into sections without Material's parser, and
    # the same as that parser divides it.
    assert seen["search differ"] == []
    assert seen["search usual"] == 0, seen["search usual"]
    assert isinstance(seen["search quick"], int) and seen["search quick"] > seen["quick"]
