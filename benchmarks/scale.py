"""Handbooks of any size for the benchmarks, and the plain Material site they are compared with.

- `make_handbook(target, count)`: at least `count` role files, whole copies of the default roles
  (renamed, references kept inside each copy, each copy's top reporting to the original top).
- `make_project(target, data)`: the example's mkdocs.yml around a data folder, with no pages
  written: every page comes from the handbook plugin.
- `make_plain_site(target, pages)`: a plain Material site of `pages` prose pages of about 3 KB,
  with the same theme, features and extensions and the same navigation shape as the handbook
  (sections sized like its departments, each with an index page; large sections not listed in
  the sidebar), which is the baseline the handbook's build is timed against.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LINKED = ("handbook",)


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
    """The example's mkdocs.yml around `data`, with no pages of its own: every page (general,
    department, role) is the handbook plugin's."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    (target / "docs").mkdir()
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


def department_sizes(count: int) -> list[int]:
    """The number of roles per department in `make_handbook(…, count)`, in catalog order."""

    source = ROOT / "roles_data"
    order = [d["id"] for d in yaml.safe_load((source / "departments.yml").read_text("utf-8"))]
    roles = [yaml.safe_load(p.read_text("utf-8")) for p in (source / "roles").glob("*.yml")]
    copies = -(-count // len(roles))
    return [copies * sum(r["department"] == d for r in roles) for d in order]


def make_plain_site(target: Path, pages: int) -> Path:
    """A Material site of `pages` prose pages of about 3 KB, with the handbook's nav shape.

    Same theme, features and Markdown extensions as the handbook; of the plugins only search.
    The pages are grouped in sections of the sizes the handbook's departments have at the same
    number of roles (`department_sizes`), under a "Topics" index page that links every page,
    as the handbook's roles index does. Each section has an index page with a table linking its
    pages (as a department page lists its roles); a section of more than NAV_ROLES_LIMIT pages
    lists only its index in the sidebar, its pages being `not_in_nav`, exactly as
    handbook/site.py lays out departments. The handbook's other pages (home, org chart, career
    paths, reference, the writers' guide) are there too, as prose pages at the same places in
    the nav. So both sites put the same links in every page's sidebar, and the comparison
    measures the cost of the pages, not of the navigation: a plain site with all 1,000 pages in
    its sidebar writes about 330 KB per page and builds slower than the handbook for that
    reason alone.
    """
    from handbook.bundle import DEFAULT_NAV, nav_sources, with_departments
    from handbook.site import NAV_ROLES_LIMIT, ROLES_INDEX

    rng = random.Random(7)
    docs = target / "docs"
    docs.mkdir(parents=True)
    sizes = department_sizes(pages)
    while sum(sizes) > pages:  # whole copies of the roles may overshoot: trim the largest
        sizes[sizes.index(max(sizes))] -= 1
    nav: list[object] = []
    hidden: list[str] = []
    everything: list[str] = []
    number = 0
    for section_number, size in enumerate(sizes):
        section = f"section-{section_number}"
        folder = docs / "topics" / section
        folder.mkdir(parents=True)
        names = []
        for _ in range(size):
            body = [f"# Page {number}", "", _prose(rng, 900), ""]
            for heading in ("Duties", "Skills", "Next"):
                body += [f"## {heading}", "", _prose(rng, 500), ""]
            body += [f"- {_prose(rng, 60)}" for _ in range(4)]
            (folder / f"page-{number}.md").write_text("\n".join(body) + "\n", encoding="utf-8")
            names.append(f"page-{number}")
            number += 1
        rows = "\n".join(f"| [Page {n[5:]}]({n}.md) | Level | — |" for n in names)
        index = f"# Section {section_number}\n\n{_prose(rng, 300)}\n\n"
        index += f"| Page | Level | Also known as |\n| --- | --- | --- |\n{rows}\n"
        (folder / "index.md").write_text(index, encoding="utf-8")
        entries = [f"topics/{section}/index.md"]
        if size <= NAV_ROLES_LIMIT:
            entries += [f"topics/{section}/{n}.md" for n in names]
        nav.append({f"Section {section_number}": entries})
        if size > NAV_ROLES_LIMIT:
            hidden.append(f"  /topics/{section}/page-*.md")
        everything += [f"- [Page {n[5:]}]({section}/{n}.md)" for n in names]
    (docs / "topics" / "index.md").write_text(
        "# Topics\n\n" + "\n".join(everything) + "\n", encoding="utf-8"
    )
    # The handbook's own pages, as prose, where its navigation puts them; the topics in place
    # of the roles.
    for path in sorted(nav_sources(DEFAULT_NAV) - {ROLES_INDEX}):
        page = docs / path
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {page.stem}\n\n{_prose(rng, 3000)}\n", encoding="utf-8")
    site_nav, placed = with_departments(list(DEFAULT_NAV), nav)
    assert placed, "the handbook's navigation has no roles index"
    site_nav = [
        {"Topics": ["topics/index.md", *nav]} if n == {"Roles": [ROLES_INDEX, *nav]} else n
        for n in site_nav
    ]
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The same theme, features and Markdown extensions; none of the handbook's plugins.
    config = re.sub(r"\nplugins:\n(?:  .*\n|\n)*", "\nplugins:\n  - search\n", config)
    # The handbook takes its repository's address from its data (repository and edit links).
    settings = yaml.safe_load((ROOT / "roles_data" / "handbook.yml").read_text(encoding="utf-8"))
    if settings.get("repo_url"):
        config = re.sub(r"\nrepo_url: .*\n", f"\nrepo_url: {settings['repo_url']}\n", config)
    if hidden:
        config += "not_in_nav: |\n" + "\n".join(hidden) + "\n"
    config += yaml.safe_dump({"nav": site_nav}, sort_keys=False, allow_unicode=True)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target
