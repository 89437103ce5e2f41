"""Handbooks in other languages, as an organisation starts one: `handbook init --language`,
another organisation's roles (tests/orggen.py), a few of them titled in that language."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from tests.orggen import Organisation, generate
from tests.site import mkdocs_env

# Titles written in the handbook's language, for the roles the tests search for.
TITLES = {
    "en": ("Quality coordinator", "coordinator"),
    "es": ("Coordinadora de calidad", "coordinadora"),
    "zh-Hans": ("质量协调员", "协调员"),
    "de": ("Qualitätskoordinatorin", "qualitätskoordinatorin"),
}


@dataclass
class Project:
    language: str
    folder: Path
    org: Organisation
    retitled: str  # the id of the role given TITLES[language]

    @property
    def title(self) -> str:
        return TITLES[self.language][0]

    @property
    def word(self) -> str:
        return TITLES[self.language][1]


def start(folder: Path, language: str, roles: int = 60) -> Project:
    """A project made by `handbook init --language` holding another organisation's roles."""
    made = subprocess.run(
        [
            *(sys.executable, "-m", "handbook", "init", folder.name),
            *("--organisation", "Hokuto", "--currency", "EUR", "--language", language),
        ],
        cwd=folder.parent,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stdout + made.stderr
    settings = (folder / "roles_data" / "handbook.yml").read_text(encoding="utf-8")
    shutil.rmtree(folder / "roles_data")
    org = generate(folder / "roles_data", roles)
    # The generated settings, with the language `init` wrote.
    generated = folder / "roles_data" / "handbook.yml"
    language_line = next(line for line in settings.splitlines() if line.startswith("language:"))
    generated.write_text(
        generated.read_text(encoding="utf-8") + f"\n{language_line}\n", encoding="utf-8"
    )
    retitled = sorted(org.roles)[len(org.roles) // 3]
    role_file = folder / "roles_data" / "roles" / f"{retitled}.yml"
    text = role_file.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: {TITLES[language][0]}", text, count=1)
    role_file.write_text(text, encoding="utf-8")
    org.roles[retitled]["title"] = TITLES[language][0]
    return Project(language, folder, org, retitled)


def build_strictly(folder: Path) -> str:
    """`mkdocs build --strict` in the project `folder`; its log, once it succeeded with no
    warning, error or traceback."""
    made = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"],
        cwd=folder,
        env=mkdocs_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = made.stdout + made.stderr
    assert made.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    return log


class _Text(HTMLParser):
    """A page's words as a reader meets them: the text (SVG labels included) and the labels
    of attributes a screen reader or a tooltip shows, without code, scripts and styles."""

    SKIPPED = frozenset({"script", "style", "code", "pre", "template"})
    LABELS = ("aria-label", "title", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skipping.append(tag)
        for name, value in attrs:
            if name in self.LABELS and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    # Soft hyphens and zero-width spaces (long titles, Chinese search) are not word breaks, nor
    # is a word a diagram's label wraps with a hyphen ("directr-" / "ice").
    text = re.sub("[\u00ad\u200b]", "", html.unescape(" ".join(parser.parts)))
    return re.sub(r"(\w)-\s+(?=[^\W\d_])", r"\1", text)


WORD = re.compile(r"[A-Za-z][a-z]{2,}")


def words(text: str) -> set[str]:
    """The Latin words of `text` of three letters or more, in lower case."""
    return {w.lower() for w in WORD.findall(text)}


def data_words(data: Path) -> set[str]:
    """Every word the role data holds: its values as read (YAML may write a letter as an
    escape) and its keys, which are ids."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.update(words(value))

    for path in data.rglob("*.yml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found
