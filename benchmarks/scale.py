"""Handbooks of any size for the benchmarks, and the plain Material site they are compared with.

- `make_handbook(target, count)`: at least `count` role files, whole copies of the default roles
  (renamed, references kept inside each copy, each copy's top reporting to the original top).
- `make_project(target, data)`: a site project (mkdocs.yml, generic pages, adapter) around a
  data folder, with no role pages written: every role page is generated.
- `make_plain_site(target, pages)`: a plain Material site of `pages` prose pages of about 3 KB,
  with the same theme, features and extensions, grouped in sections like the handbook's
  departments, which is the baseline the handbook's build is timed against.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINKED = ("macros.py", "hooks.py", "overrides", "handbook")


def make_handbook(target: Path, count: int) -> int:
    """At least `count` role files: whole copies of the default roles, each copy self-contained."""
    source = ROOT / "roles_data"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("roles"))
    (target / "roles").mkdir()
    originals = {
        p.stem: p.read_text(encoding="utf-8") for p in sorted((source / "roles").glob("*.yml"))
    }
    top = next(rid for rid, text in originals.items() if "\nreports_to: null" in text)
    copies = -(-count // len(originals))  # whole copies, so every reference stays valid
    ids = sorted(originals, key=len, reverse=True)
    for copy in range(copies):
        for role_id, text in originals.items():
            new_id = role_id if copy == 0 else f"{role_id}-{copy}"
            body = text
            if copy:
                for other in ids:
                    body = re.sub(
                        rf"(: |\[|, ){re.escape(other)}(?=[\n,\]])", rf"\g<1>{other}-{copy}", body
                    )
                body = body.replace(f"reports_to: {top}-{copy}\n", f"reports_to: {top}\n")
                if role_id == top:
                    body = body.replace("reports_to: null", f"reports_to: {top}")
                body = _retitle(body, copy)
            (target / "roles" / f"{new_id}.yml").write_text(body, encoding="utf-8")
    _widen_processes(target, copies, originals)
    return copies * len(originals)


def _retitle(body: str, copy: int) -> str:
    lines = []
    in_aliases = False
    for line in body.splitlines():
        if line.startswith("title: "):
            line = f"{line} ({copy})"
        if line.startswith("aliases:"):
            in_aliases = not line.strip().endswith("[]")
            line = "aliases: []"
        elif in_aliases and line.startswith("  - "):
            continue
        else:
            in_aliases = in_aliases and line.startswith("  ")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _widen_processes(target: Path, copies: int, originals: dict[str, str]) -> None:
    """Leave the processes as they are: they name the original roles, which every copy keeps."""


def make_project(target: Path, data: Path) -> Path:
    """A site project around `data`, with the generic pages only (no role pages written)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("roles"))
    (target / "docs" / "roles").mkdir()
    shutil.copy(ROOT / "docs" / "roles" / "index.md", target / "docs" / "roles" / "index.md")
    for name in LINKED:
        (target / name).symlink_to(ROOT / name)
    if data.resolve() != (target / "roles_data").resolve():
        (target / "roles_data").symlink_to(data.resolve())
    return target


WORDS = [
    "agents",
    "customers",
    "calls",
    "queue",
    "shift",
    "coaching",
    "quality",
    "schedule",
    "forecast",
    "center",
    "team",
    "leader",
    "service",
    "level",
    "handling",
    "time",
    "resolution",
    "survey",
    "escalation",
    "training",
    "floor",
    "report",
    "manager",
    "workload",
    "channel",
    "chat",
    "email",
    "policy",
    "script",
    "review",
    "feedback",
    "target",
    "week",
    "month",
    "peak",
]


def _prose(rng: random.Random, size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
        parts.append(sentence + ".")
        length += len(sentence) + 2
        if rng.random() < 0.2:
            parts.append("\n\n")
    return " ".join(parts)


def make_plain_site(target: Path, pages: int, sections: int = 8) -> Path:
    """A Material site of `pages` prose pages of about 3 KB (headings, paragraphs, a list)."""
    rng = random.Random(7)
    docs = target / "docs"
    docs.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config[: config.index("\nnav:")] + "\n"
    # The same theme, features and Markdown extensions; none of the handbook's plugins.
    config = re.sub(r"\nplugins:\n(?:  .*\n|\n)*", "\nplugins:\n  - search\n", config)
    config = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", config)
    config = re.sub(r"\nwatch:\n(?:  - .*\n)+", "\n", config)
    config = config.replace("  custom_dir: overrides\n", "")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n" + _prose(rng, 1500) + "\n", encoding="utf-8")
    for number in range(pages):
        section = docs / f"section-{number % sections}"
        section.mkdir(exist_ok=True)
        body = [f"# Page {number}", "", _prose(rng, 900), ""]
        for heading in ("Duties", "Skills", "Next"):
            body += [f"## {heading}", "", _prose(rng, 500), ""]
        body += [f"- {_prose(rng, 60)}" for _ in range(4)]
        (section / f"page-{number}.md").write_text("\n".join(body) + "\n", encoding="utf-8")
    for number in range(sections):
        index = docs / f"section-{number}" / "index.md"
        index.write_text(f"# Section {number}\n\n{_prose(rng, 600)}\n", encoding="utf-8")
    return target
