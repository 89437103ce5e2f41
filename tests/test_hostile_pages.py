"""A writer's pages cannot exhaust the machine, hang the build or run script (issue 19, items 3
and 9): one test per row of the issue's table, each asserting the exact lines `handbook check`
prints and what a real strict build (and the preview) does, within 10 s and 1 GB.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
import yaml

from handbook import sanitize
from handbook.frontmatter import front_matter_problems
from handbook.pagelimits import MAX_ITERATIONS, MAX_MACRO_CALLS, MAX_OUTPUT, MAX_VALUE
from tests.conftest import Check
from tests.hostile_corpus import injected_elements
from tests.site import ROOT, Build, PageParser, mkdocs_env, own_page, parse
from tests.test_hostile import (
    ANCHORS,
    alias_bomb,
    assert_no_traceback,
    fixture_project,
    problem_lines,
    serving,
)

GIB = 1 << 30
SECONDS = 10.0


def bounded_build(project: Path, site: Path, strict: bool = True) -> tuple[Build, float]:
    """`mkdocs build` as tests.site.build runs it, in at most 1 GiB of address space (a page
    that tried to hold 200 MB of text would fail with MemoryError, not pass), and its time."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))

    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "-d", site],
        cwd=project,
        env=mkdocs_env(project / "roles_data"),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    seconds = time.perf_counter() - start
    result = Build(proc.returncode, proc.stdout + proc.stderr, site)
    assert_no_traceback(result.log)
    return result, seconds


def _text(site: Path, page: str) -> str:
    return parse(site / page / "index.html").visible_text


# ---- Row: what a page's template may compute ---------------------------------------------------

LIMITED_PAGES = {
    "power.md": (
        "# Power\n\n{{ 9**(9**9) }}\n",
        "docs/power.md:3: '**' would make a number of about 369,693,100 digits; a number in a "
        "page has at most 1,000: use smaller numbers",
    ),
    "macro-loop.md": (
        "# Macro loop\n\nIntro.\n\n{% for i in 'x'*100000 %}{{ role_page('agent') }}{% endfor %}\n",
        f"docs/macro-loop.md:5: role_page() and the handbook's other macros would be called more "
        f"than {MAX_MACRO_CALLS} times in this page, the most a page may call them: call them "
        "fewer times (role_index() and department_page() list many roles at once)",
    ),
    "join.md": (
        "# Join\n\n{{ (('ab'*1000)|list)|join('x'*100000) }}\n",
        "docs/join.md:3: 'join' would make a text or list of 199,902,000 characters or items; a "
        f"value in a page holds at most {MAX_VALUE:,}: repeat or join less",
    ),
    "repeat.md": (
        "# Repeat\n\n{{ 'ab' * 100000000 }}\n",
        "docs/repeat.md:3: '*' would make a text or list of 200,000,000 characters or items; a "
        f"value in a page holds at most {MAX_VALUE:,}: repeat or join less",
    ),
    "nested-loops.md": (
        "# Loops\n\n{% for i in 'x'*1000 %}\n{% for j in 'x'*1000 %}{% endfor %}\n{% endfor %}\n",
        f"docs/nested-loops.md:4: loops in this page would run more than {MAX_ITERATIONS:,} "
        "times, the most a page may loop: loop over fewer items",
    ),
    "output.md": (
        "# Output\n\n{% for i in 'x'*1000 %}{{ 'y'*100000 }}{% endfor %}\n",
        f"docs/output.md:3: this page would be more than {MAX_OUTPUT:,} characters long, the most "
        "a page may be: show less (fewer loops or macro calls), or split it into pages",
    ),
    "recursion.md": (
        "# Recursion\n\n{% macro twice(n) %}{{ twice(n) }}{{ twice(n) }}{% endmacro %}\n\n"
        "{{ twice(1) }}\n",
        "docs/recursion.md:3: a macro defined in this page calls itself without end: give it a "
        "case that stops",
    ),
}


def _limited_project(tmp_path: Path) -> Path:
    project = fixture_project(tmp_path)
    for name, (text, _) in LIMITED_PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
    return project


@pytest.mark.build
def test_a_page_computing_too_much_fails_the_strict_build_with_one_located_line(
    tmp_path: Path,
) -> None:
    result, seconds = bounded_build(_limited_project(tmp_path), tmp_path / "site")
    assert result.code != 0, result.log
    assert sorted(problem_lines(result.log)) == sorted(m for _, m in LIMITED_PAGES.values())
    assert seconds < SECONDS, seconds


@pytest.mark.build
def test_the_preview_shows_a_page_over_its_limits_as_text(tmp_path: Path) -> None:
    result, seconds = bounded_build(_limited_project(tmp_path), tmp_path / "site", strict=False)
    assert result.code == 0, result.log
    assert seconds < SECONDS, seconds
    for name, (_, message) in LIMITED_PAGES.items():
        path = result.site / name.removesuffix(".md") / "index.html"
        assert path.stat().st_size < 200_000, name  # no 200 MB page, nor a part of one
        assert f"This page could not be built {message}" in parse(path).visible_text, name


def test_a_page_within_the_limits_renders_as_before() -> None:
    """Loops, filters, arithmetic and formatting that pages use are not limited."""
    from jinja2 import StrictUndefined

    from handbook.templates import PageTemplates

    env = PageTemplates(StrictUndefined, {"shout": lambda text: text.upper()}, {"n": 3})
    page = (
        "{% for i in [1, 2, 3] %}{{ loop.index }}{% endfor %} {{ 2**10 }} {{ 'ab' * 3 }} "
        "{{ ['a', 'b']|join(', ') }} {{ '%05.1f' % 3.14159 }} {{ '{:>4}'.format('x') }} "
        "{{ shout('hi') ~ '!' }} {{ [1, 2, 3]|sum }} {{ 'x'|center(5) }}|"
    )
    assert env.from_string(page).render() == "123 1024 ababab a, b 003.1    x HI! 6   x  |"


DOUBLED = "{% set a = 'x'*4000000 %}{% set b = [a, a] %}{% set c = [b, b] %}"
TOO_WIDE = "a width or precision of 999999999 would make a text longer than a page may build"
LONGER = "would make a text or list of"
DOUBLING = "{% macro m(n) %}{% if n %}{{ m(n-1) }}{{ m(n-1) }}{% endif %}{% endmacro %}{{ m(30) }}"


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("{{ 'x'|center(10**9) }}", f"'center' {LONGER} 1,000,000,000"),
        ("{{ 'x'.ljust(10**9) }}", f"'.ljust()' {LONGER} 1,000,000,000"),
        ("{{ '%0999999999d' % 1 }}", f"'%' formatting: {TOO_WIDE}"),
        ("{{ '{:>999999999}'.format(1) }}", f"'.format()': {TOO_WIDE}"),
        ("{{ ('x'*4000000)|replace('', 'yy') }}", f"'replace' {LONGER} 12,000,002"),
        ("{{ 'ab'|wordwrap(1, wrapstring='x'*4000000) }}", f"'wordwrap' {LONGER} 12,000,002"),
        ("{{ [1]|batch(10**9, 0)|list }}", f"'batch' {LONGER} 1,000,000,000"),
        ("{{ [[1]]*1000|sum(start=[]) }}", "'sum' adds numbers only in a page"),
        (DOUBLED + "{{ c }}", f"'{{{{ … }}}}' {LONGER} 16,000,018 characters"),
        (DOUBLED + "{{ 'x' ~ c }}", f"'~' {LONGER} 16,000,018 characters"),
        (
            "{% for i in 'x'*100 %}{{ ('y'*4000000)|length }}{% endfor %}",
            "this page would build more than 100,000,000 characters or items",
        ),
        (DOUBLING, "this page would make more than 100,000 calls"),
    ],
)
def test_every_way_a_page_can_amplify_is_refused_before_the_work(page: str, message: str) -> None:
    """Each within 1 GiB of memory and a second: refused before the text or number is made."""
    from jinja2 import StrictUndefined

    from handbook.templates import PageTemplates, page_error

    env = PageTemplates(StrictUndefined, {}, {})
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (4 * GIB, hard))  # the process's own modules too
    start = time.perf_counter()
    try:
        with pytest.raises(Exception) as refused:
            env.from_string(page).render()
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert time.perf_counter() - start < 1.0
    line = str(page_error(refused.value, "docs/p.md", page, page, []))
    assert line.startswith(f"docs/p.md:1: {message}"), line


# ---- Row: a YAML alias bomb in a page's front matter -------------------------------------------

BOMB_PAGE = "---\n" + alias_bomb() + "---\n# Bomb\n\nThe page's own text.\n"
BOMB_LINES = [
    f"docs/bomb.md:2: front matter: anchor &l0: {ANCHORS}",
    f"docs/bomb.md:3: front matter: alias *l0: {ANCHORS}",
    f"docs/bomb.md:3: front matter: anchor &l1: {ANCHORS}",
]
TAG_PAGE = "---\ntitle: !!python/name:os.system\n---\n# Tagged\n"
TAG_LINE = (
    "docs/roles/operations/agent.md:2: front matter: YAML tag "
    "'!!python/name:os.system' is not allowed here: write the value plainly: text in "
    "quotes, numbers in plain digits"
)


def test_check_refuses_anchors_aliases_and_tags_in_front_matter(
    project: Path, check: Check
) -> None:
    (project / "docs" / "bomb.md").write_text(BOMB_PAGE, encoding="utf-8")
    (project / "docs" / "roles" / "operations").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "roles" / "operations" / "agent.md").write_text(TAG_PAGE, "utf-8")
    start = time.perf_counter()
    assert check() == (1, [*BOMB_LINES, TAG_LINE])
    assert time.perf_counter() - start < 1.0


@pytest.mark.build
def test_front_matter_bomb_fails_the_strict_build_and_the_preview_shows_the_page(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    (project / "docs" / "bomb.md").write_text(BOMB_PAGE, encoding="utf-8")
    (project / "docs" / "roles" / "operations").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "roles" / "operations" / "agent.md").write_text(TAG_PAGE, "utf-8")
    result, seconds = bounded_build(project, tmp_path / "site")
    assert result.code != 0
    assert sorted(problem_lines(result.log)) == sorted([*BOMB_LINES, TAG_LINE])
    assert seconds < SECONDS, seconds
    preview, _ = bounded_build(project, tmp_path / "preview", strict=False)
    assert preview.code == 0, preview.log
    text = _text(preview.site, "bomb")
    assert "This page's front matter could not be read" in text
    for line in BOMB_LINES:
        assert line in text
    assert "Bomb ¶ The page's own text." in text


def test_front_matter_is_found_exactly_where_mkdocs_finds_it() -> None:
    from mkdocs.utils.meta import YAML_RE

    from handbook.frontmatter import FRONT_MATTER

    assert FRONT_MATTER.pattern == YAML_RE.pattern and FRONT_MATTER.flags == YAML_RE.flags
    assert front_matter_problems("---\ntitle: Fine\n---\n# x\n", "docs/x.md") == []
    assert front_matter_problems("# x\n\n---\nk: &a 1\n---\n", "docs/x.md") == []


# ---- Row: FIFOs, devices and symbolic-link loops under docs/ and roles_data/ --------------------

SPECIAL = "not an ordinary file, so it is not read: delete it, or put an ordinary file in its place"
LOOP = "is a symbolic link to a folder that holds it (a loop), so it is not read: delete the link"


def _special_files(project: Path) -> list[str]:
    """Every kind of file that would hang or stop a build; the lines check prints for them."""
    docs, roles = project / "docs", project / "roles_data" / "roles"
    (docs / "roles" / "operations").mkdir(parents=True, exist_ok=True)
    os.mkfifo(docs / "notes.md")
    os.mkfifo(docs / "roles" / "operations" / "agent.md")
    (docs / "assets").mkdir(exist_ok=True)
    os.mkfifo(docs / "assets" / "diagram.png")
    (docs / "loop.md").symlink_to("loop.md")
    (docs / "roles" / "up").symlink_to("..")
    os.mkfifo(roles / "ghost.yml")
    (roles / "zero.yml").symlink_to("/dev/zero")
    return [
        f"docs/assets/diagram.png: is a named pipe (FIFO), {SPECIAL}",
        f"docs/loop.md: is a symbolic link that leads back to itself (a loop), {SPECIAL}",
        f"docs/notes.md: is a named pipe (FIFO), {SPECIAL}",
        f"docs/roles/operations/agent.md: is a named pipe (FIFO), {SPECIAL}",
        f"docs/roles/up: {LOOP}",
        f"roles_data/roles/ghost.yml: is a named pipe (FIFO), {SPECIAL}",
        f"roles_data/roles/zero.yml: is a symbolic link to '/dev/zero', a character device, "
        f"{SPECIAL}",
    ]


def test_check_names_special_files_by_what_they_are(project: Path, check: Check) -> None:
    expected = _special_files(project)
    start = time.perf_counter()
    assert check() == (1, expected)
    assert time.perf_counter() - start < 1.0


@pytest.mark.build
def test_special_files_fail_the_strict_build_with_one_line_each_and_nothing_hangs(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    expected = _special_files(project)
    result, seconds = bounded_build(project, tmp_path / "site")
    assert result.code != 0
    assert sorted(problem_lines(result.log)) == expected
    assert seconds < SECONDS, seconds


@pytest.mark.build
def test_serve_answers_with_special_files_in_docs(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    expected = _special_files(project)
    with serving(project) as server:
        for line in expected:
            assert line in server.log
        assert "Operations" in server.get("roles/operations/")


# ---- Row: HTML in a writer's page -------------------------------------------------------------

WRITER_PAGE = """\
A writer's prose about the role.

<script>alert(1)</script>

[a link](javascript:alert(2)) and [another](jAvAsCrIpT:alert(3)) and [a third](https://example.org/)

<img src="y.png" onerror="alert(4)"> <a href="#" onclick="alert(5)">click</a>

<iframe src="https://evil.example/"></iframe>

<form action="https://evil.example/"><input type="text" name="q"></form>

Styled text.
{ onmouseover="alert(6)" style="color: red; position: fixed" }

<details><summary>Kept</summary>
<p>Details stay, as do <abbr title="Average handle time">AHT</abbr> and <kbd>Ctrl</kbd>.</p>
</details>
"""
HOME_FRONT_MATTER = (
    "---\n"
    'title: "<img src=y onerror=alert(7)> Home & away"\n'
    "description: '\"><script>alert(8)</script>'\n"
    "---\n"
)


@pytest.mark.build
def test_a_writers_page_publishes_no_script_and_its_title_shows_as_text(
    tmp_path: Path,
) -> None:
    project = fixture_project(tmp_path)
    (project / "docs" / "roles" / "operations").mkdir(parents=True, exist_ok=True)
    (project / "docs" / "roles" / "operations" / "agent.md").write_text(WRITER_PAGE, "utf-8")
    home = own_page(project, "index.md")
    home.write_text(HOME_FRONT_MATTER + home.read_text("utf-8"), "utf-8")
    result, seconds = bounded_build(project, tmp_path / "site")
    assert result.code == 0, result.log
    assert seconds < SECONDS, seconds
    # Nothing that runs; the writer's own <details> is kept, as the guide allows.
    assert [(i.page, i.found) for i in injected_elements(result.site)] == [
        ("roles/operations/agent/index.html", ["<details >"])
    ]
    agent_html = (result.site / "roles" / "operations" / "agent" / "index.html").read_text("utf-8")
    article = agent_html[agent_html.index("<article") : agent_html.index("</article>")]
    agent = PageParser()
    agent.feed(article)
    for tag in ("iframe", "form", "script"):
        assert tag not in agent.tags
    # The only inputs are the handbook's own checklist's ("am I ready?").
    inputs = re.findall(r"<input[^>]*>", article)
    assert inputs and all("data-hb-item" in i for i in inputs), inputs
    assert "alert(" not in agent_html
    assert "evil.example" not in agent_html
    hrefs = [href for href, _ in agent.links]
    assert "https://example.org/" in hrefs
    assert not [h for h in hrefs if "script" in h.lower()]
    text = agent.visible_text
    for kept in ("A writer's prose about the role.", "a link and another and a third", "click"):
        assert kept in text
    assert "Kept Details stay, as do AHT and Ctrl" in text
    assert '<abbr title="Average handle time">AHT</abbr>' in agent_html
    assert 'style="color:red"' in agent_html
    # The role's own sections, generated from the data, are there in full.
    assert 'class="hb-' in agent_html
    home_html = (result.site / "index.html").read_text("utf-8")
    title = "&lt;img src=y onerror=alert(7)&gt; Home &amp; away"
    assert f"<title>{title} - Fixture Contact Center handbook</title>" in home_html
    assert f"\n{title}\n" in home_html  # the header's topic
    description = "&quot;&gt;&lt;script&gt;alert(8)&lt;/script&gt;"
    assert f'<meta name="description" content="{description}">' in home_html


RICH_PAGE = """\
# A page { #top .special data-note="kept" }

Text with **bold**, *emphasis*, `code`, a [link](../x/ "Its title"), an
[address](https://example.org/?a=1&b=2), mail to <someone@example.org>,
an emoji :smile:, an icon :material-account:,
an AHT and a footnote.[^1]

*[AHT]: Average handle time

!!! note "A note"

    Inside a note.

??? tip "Folded"

    Inside details.

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |

Term
:   Its definition.

```python
print("code")
```

<div markdown>
Markdown **inside** HTML, and an image ![alt text](pic.png){ width="300" }.
</div>

[^1]: The footnote.
"""


def _structure(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The elements and attributes of `markup`, in order, as a browser's parser reads them."""

    class Tags(PageParser):
        found: list[tuple[str, list[tuple[str, str | None]]]]

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            # A style is written back without spaces or a last semicolon.
            norm = {
                k: "".join((v or "").split()).rstrip(";") if k == "style" else v or ""
                for k, v in attrs
            }
            self.found.append((tag, sorted(norm.items())))

    parser = Tags()
    parser.found = []
    parser.feed(markup)
    return parser.found


def test_the_sanitiser_keeps_everything_the_sites_markdown_makes() -> None:
    """Every extension of mkdocs.yml, on a page that uses them all: not an element or an
    attribute is lost (only how entities are written may change)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    extensions, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        extensions.append(name)
        configs[name] = options or {}
    extensions.append("footnotes")
    made = markdown.markdown(RICH_PAGE, extensions=extensions, extension_configs=configs)
    assert "<svg" in made and "<table" in made and "footnote" in made  # the page is rich
    assert _structure(sanitize.clean(made)) == _structure(made)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's tags (!ENV, !!python/name) read as what they name."""


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    module, _, name = suffix.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def test_the_writers_guide_states_the_limits_and_what_html_a_page_may_hold() -> None:
    from handbook.pagelimits import MAX_BUILT, MAX_CALLS, MAX_DIGITS

    guide = (ROOT / "handbook" / "pages" / "writing.md").read_text("utf-8")
    limits = (MAX_OUTPUT, MAX_ITERATIONS, MAX_CALLS, MAX_MACRO_CALLS, MAX_VALUE, MAX_BUILT)
    for limit in (*limits, MAX_DIGITS):
        assert f"{limit:,}" in guide, limit
    assert "## HTML in a page" in guide
    assert LIMITED_PAGES["power.md"][1].replace("docs/power.md", "docs/notes.md") in guide
