"""A project's templates replace the package's: every template copied into the project's
overrides (`overrides/handbook/`, the custom_dir `handbook init` writes), each changed, and the
built site shows each change; the copies themselves are not published."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.render.templating import PACKAGE_TEMPLATES
from tests.languages import build_strictly, start

pytestmark = pytest.mark.build

BIN = Path(sys.executable).parent
_MACRO = re.compile(r"(\{%-?\s*macro\b[^%]*%\})")
_COMMENTS = re.compile(r"\{#.*?#\}", re.DOTALL)
_WORDS_ONLY = re.compile(r"(\s*\{%\s*set\b.*?%\}\s*)+", re.DOTALL)
# Templates a site of valid data does not show: the banner of a handbook whose settings have
# errors, and the list of a role's problems (a strict build stops on both).
CONDITIONAL = {"general/data_problems.md", "role/problems.md"}
# A writer's page that shows the sections the generated pages do not: one department's career
# map and a role's salary section on their own.
WRITERS_PAGE = "# Our moves\n\n{{ career_map('%s') }}\n\n{{ role_salary('%s') }}\n"


def marker(name: str) -> str:
    return f"HB-OVERRIDE[{name}]"


def changed(name: str, source: str) -> str:
    """The template with a mark of its own where its output begins; in a library of macros
    (whose text outside them is never written) in each macro, and in a library of words
    (`{% set %}` only, imported for its values) in each word."""
    if _MACRO.search(source):
        return _MACRO.sub(lambda m: m.group(1) + marker(name), source)
    if _WORDS_ONLY.fullmatch(_COMMENTS.sub("", source)):
        return source.replace('_("', f'"{marker(name)}" ~ _("')
    return marker(name) + source


def test_every_template_copied_into_the_overrides_and_changed_shows_its_change(
    tmp_path: Path,
) -> None:
    project = start(tmp_path / "hokuto", "en", roles=40)
    overrides = project.folder / "overrides" / "handbook"
    names = sorted(
        p.relative_to(PACKAGE_TEMPLATES).as_posix()
        for p in PACKAGE_TEMPLATES.rglob("*")
        if p.is_file()
    )
    assert len(names) > 40
    for name in names:
        copy = overrides / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        source = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
        copy.write_text(changed(name, source), encoding="utf-8")
    role_id = project.retitled
    department = project.org.roles[role_id]["department"]
    (project.folder / "docs").mkdir()
    (project.folder / "docs" / "moves.md").write_text(
        WRITERS_PAGE % (department, role_id), encoding="utf-8"
    )
    # The data folder's history, which gives each role page the date it last changed.
    for command in (
        ["git", "init", "-q"],
        ["git", "add", "roles_data"],
        [
            "git",
            "-c",
            "user.name=Writer",
            "-c",
            "user.email=w@example.org",
            "commit",
            "-qm",
            "Roles",
        ],
    ):
        subprocess.run(command, cwd=project.folder, check=True, timeout=60)
    build_strictly(project.folder)
    site = project.folder / "site"
    shown: set[str] = set()
    for page in site.rglob("*.html"):
        shown |= set(re.findall(r"HB-OVERRIDE\[([^\]]+)\]", page.read_text(encoding="utf-8")))
    assert shown == set(names) - CONDITIONAL
    # Each role page is written with the project's templates, its drawing of moves included.
    for role_id, role in project.org.roles.items():
        page = site / "roles" / role["department"] / role_id / "index.html"
        on_page = set(re.findall(r"HB-OVERRIDE\[([^\]]+)\]", page.read_text(encoding="utf-8")))
        assert {"role/title.md", "role/summary.html", "role/next_steps.md"} <= on_page, role_id
        if role.get("progression"):
            assert "diagram/diagram.html" in on_page, role_id
    assert not (site / "handbook").exists()  # the overrides are the project's, not the site's


def test_an_override_that_changes_a_section_changes_it_on_every_role_page(tmp_path: Path) -> None:
    """The README's example: responsibilities as a numbered list."""
    project = start(tmp_path / "hokuto", "en", roles=30)
    folder = project.folder / "overrides" / "handbook" / "role"
    folder.mkdir(parents=True)
    source = (PACKAGE_TEMPLATES / "role" / "responsibilities.md").read_text(encoding="utf-8")
    numbered = source.replace('<ul class="hb-list hb-resp">', '<ol class="hb-list">')
    numbered = numbered.replace("</ul>", "</ol>")
    assert numbered != source
    (folder / "responsibilities.md").write_text(numbered, encoding="utf-8")
    build_strictly(project.folder)
    for role_id, role in project.org.roles.items():
        page = project.folder / "site" / "roles" / role["department"] / role_id / "index.html"
        text = page.read_text(encoding="utf-8")
        assert '<ol class="hb-list"><li><strong>' in text, role_id
        assert "hb-resp" not in text, role_id
    shutil.rmtree(project.folder / "site")
