"""A generated corpus of hostile text for the handbook's text fields, and what it must not do.

Used by tests/test_hostile.py (check and strict builds) and tests/browser/test_hostile_corpus.py
(Chromium). A payload mixes HTML and script, Markdown block starters, Jinja, YAML-looking text
and awkward Unicode; `HostileHandbook` puts payloads into every text field of a small handbook
and writes it with PyYAML's emitter, as a writer's editor or a script would.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from handbook import names, placeholders
from handbook.cli import main
from handbook.loading import Yaml11, resolve_plain
from tests.site import PageParser

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# ---- payloads ---------------------------------------------------------------------------------

SCRIPT_PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'\"><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<a href=javascript:alert(1)>click</a>",
    "<details open ontoggle=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    "<b onclick=alert(1)>bold</b>",
    "javascript:alert(1)",
    "&lt;b&gt; &amp; &#60;i&#62;",
    "<!-- comment",
    "]]> <![CDATA[",
]
MARKDOWN_PAYLOADS = [
    '!!! danger "Injected admonition"',
    '??? note "Injected details"',
    "- injected list item",
    "1. injected numbered item",
    "# Injected heading",
    "| a | b |\n| --- | --- |\n| c | d |",
    "> injected quote",
    "[injected link](javascript:alert(1))",
    "![injected image](x)",
    "**bold** _em_ ~~del~~",
    "`code` ```fence```",
    "*[HTML]: Hyper Text",
    "{: .injected }",
    ":smile: :material-alert:",
    '<div markdown="1">**x**</div>',
    "    indented code",
    "---",
    '=== "Tab"',
    "[^1]: footnote",
    "Term\n:   Definition",
    "\\* escaped \\",
]
JINJA_PAYLOADS = [
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{{ config }}",
    "{{ environment }}",
    "{% include 'base.html' %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{#",
    "{{",
    "}}",
    "{%- if true %}x{% endif -%}",
    "${7*7} #{7*7} <%= 7*7 %>",
]
YAML_PAYLOADS = [
    "no",
    "Yes",
    "~",
    "null",
    "040000",
    "0xABE0",
    "0o17",
    "1e3",
    "+.5",
    "1:30",
    "2024-13-45",
    "&anchor",
    "*alias",
    "!!python/name:os.system",
    "!Ref x",
    "<<: *a",
    "key: value",
    "- a",
    "'",
    '"',
    "|",
    ">",
    "? x",
    "@",
    "%TAG ! x",
    "---",
    "...",
    "#",
    "<FILL IN: nothing>",
]
UNICODE_PAYLOADS = [
    "\u202eevil\u202c",  # right-to-left override
    "e\u0301\u0301\u0301",  # combining accents
    "👩\u200d💻 🚀",  # emoji with a joiner
    "中文职位 日本語",
    "\u200b",
    "\ufeff",
    "مدير العمليات",
    "עברית",
    "Ｔｅａｍ",
    "ﬁle",
    "a\u00a0b",
    "İı ß",
    "Zalgo: Z\u0336\u0337a\u0335l\u0334g\u0338o",
]
ATOMS = SCRIPT_PAYLOADS + MARKDOWN_PAYLOADS + JINJA_PAYLOADS + YAML_PAYLOADS + UNICODE_PAYLOADS

# Free text from every script, without control characters (YAML files cannot hold them).
_free_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"), include_characters="\n\t"
    ),
    max_size=24,
)


@st.composite
def payloads(draw: st.DrawFn, long: bool = True) -> str:
    """One hostile text: a few atoms and free text, joined by spaces or line breaks."""
    parts = draw(st.lists(st.one_of(st.sampled_from(ATOMS), _free_text), min_size=1, max_size=4))
    joiner = draw(st.sampled_from([" ", "\n", "\n\n", ""]))
    text = joiner.join(parts)
    if long and draw(st.integers(0, 19)) == 0:  # now and then a long one
        text = (text + " ") * draw(st.integers(20, 200))
    return text


def visible(text: str) -> str:
    """How a data value reads on a page: its whitespace collapsed, as the renderers write it."""
    return " ".join(text.split())


def name_safe(text: str) -> str:
    """`text` fit to be a title, alias or catalog name that check accepts: no invisible
    characters and no word mixing look-alike scripts (both are refused, as tested elsewhere)."""
    plain = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(w for w in plain.split() if not names.mixed_script_words(w))


# ---- the handbook -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """PyYAML's emitter, quoting the few plain values YAML 1.2 reads as other than text.

    PyYAML writes YAML 1.1: it quotes `no` and `040000` but leaves `1e3`, `0o17` and `+.5`
    plain, which the handbook (YAML 1.2, like most editors) reads as numbers or refuses.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = None
    if value and value == value.strip():
        read = resolve_plain(value)
        if type(read) is not str or isinstance(read, Yaml11) or read != value:
            style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80)


@dataclass
class HostileHandbook:
    """The small valid fixture handbook with payloads in its text fields.

    `texts` maps a place in the handbook (e.g. "agent.title") to the text written there.
    Titles, aliases and catalog names are prefixed so that they stay distinct; with `clean`,
    they are also made acceptable to check (see `name_safe`), so the handbook builds.
    """

    payloads: list[str]
    clean: bool = False
    texts: dict[str, str] = field(default_factory=dict)

    def _take(self, place: str, prefix: str = "", name: bool = False) -> str:
        payload = self.payloads[len(self.texts) % len(self.payloads)]
        if self.clean:  # a placeholder is a mistake check reports (tested elsewhere)
            payload = payload.replace(placeholders.MARK, "<FILL-IN")
        if name and self.clean:
            payload = name_safe(payload)
        text = f"{prefix}{payload}" if prefix else payload
        if not text.strip():
            text = f"{place} (blank payload)"
        self.texts[place] = text
        return text

    def write(self, target: Path) -> Path:
        """Write the handbook as `target`/roles_data; returns that folder."""
        source = FIXTURES / "valid"
        data = target / "roles_data"
        shutil.rmtree(data, ignore_errors=True)
        (data / "roles").mkdir(parents=True)
        settings = yaml.safe_load((source / "handbook.yml").read_text(encoding="utf-8"))
        settings["organisation"] = self._take("organisation", "Org ", name=True)
        settings["about"] = self._take("about")
        (data / "handbook.yml").write_text(dump(settings), encoding="utf-8")
        for catalog, fields in (
            ("departments", ("name", "description")),
            ("levels", ("name", "description")),
            ("skills", ("name", "description")),
            ("kpis", ("name", "definition", "unit")),
            ("processes", ("name", "description")),
        ):
            items = yaml.safe_load((source / f"{catalog}.yml").read_text(encoding="utf-8"))
            for number, item in enumerate(items):
                for key in fields:
                    prefix = f"{catalog[:3].title()} {number} " if key == "name" else ""
                    item[key] = self._take(f"{catalog}.{item['id']}.{key}", prefix, key == "name")
            (data / f"{catalog}.yml").write_text(dump(items), encoding="utf-8")
        for path in sorted((source / "roles").glob("*.yml")):
            rid = path.stem
            role = yaml.safe_load(path.read_text(encoding="utf-8"))
            role["title"] = self._take(f"{rid}.title", f"Role {rid} ", name=True)
            role["aliases"] = [self._take(f"{rid}.aliases[0]", f"Alias {rid} ", name=True)]
            role["summary"] = self._take(f"{rid}.summary")
            role["responsibilities"] = [
                {
                    "area": self._take(f"{rid}.responsibilities[{i}].area"),
                    "description": self._take(f"{rid}.responsibilities[{i}].description"),
                }
                for i in range(2)
            ]
            role["qualifications"]["education"] = self._take(f"{rid}.education")
            if role.get("salary"):
                role["salary"]["source"] = self._take(f"{rid}.salary.source")
            for move in role.get("progression", []):
                move["requirements"] = self._take(f"{rid}.requirements")
            (data / "roles" / path.name).write_text(dump(role), encoding="utf-8")
        return data


# ---- running check in-process -----------------------------------------------------------------


def run_check(project: Path) -> tuple[int, list[str], str]:
    """`handbook check` run in `project` (which holds roles_data/ and docs/), in-process: exit
    code, the lines printed, and what went to stderr."""
    out, err = io.StringIO(), io.StringIO()
    (project / "docs").mkdir(exist_ok=True)
    with (
        contextlib.chdir(project),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        code = main(["check"])
    return code, out.getvalue().splitlines(), err.getvalue()


# A located message: file, optional line, optional field, then the message.
LOCATED = re.compile(r"^(?:roles_data|docs)/[^:\n]+(?::\d+)?(?:: warning)?: \S")


# ---- what a built page must not contain -------------------------------------------------------

# Elements or attributes a payload would create if it were read as markup.
INJECTED_SELECTOR = ", ".join(
    [
        'img[src="x"]',
        "iframe",
        "[onerror]",
        "[onload]",
        "[ontoggle]",
        "[onclick]",
        'a[href^="javascript:" i]',
        ".injected",
        "article .admonition",
        'article details:not([class^="hb-"])',
    ]
)


@dataclass
class Injection:
    """Elements of a built HTML page that a payload would have made (see INJECTED_SELECTOR)."""

    page: str
    found: list[str]


class _TagScan(PageParser):
    def __init__(self) -> None:
        super().__init__()
        self.injected: list[str] = []
        self.in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        values = {k.lower(): v or "" for k, v in attrs}
        shown = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)}>"
        if tag == "article":
            self.in_article += 1
        if any(k.startswith("on") for k in values):
            self.injected.append(shown)
        if tag == "img" and values.get("src") == "x":
            self.injected.append(shown)
        if tag == "iframe":
            self.injected.append(shown)
        if values.get("href", "").strip().lower().startswith("javascript:"):
            self.injected.append(shown)
        classes = values.get("class", "").split()
        if "injected" in classes:
            self.injected.append(shown)
        # The site's own folded details (class hb-…) are the only <details> it writes; data
        # starting with "???" or "!!!" must never become one, or an admonition.
        ours = any(c.startswith("hb-") for c in classes)
        if self.in_article and ((tag == "details" and not ours) or "admonition" in classes):
            self.injected.append(shown)
        if tag == "script" and not values.get("src"):
            self._inline_script = True

    def handle_endtag(self, tag: str) -> None:
        super().handle_endtag(tag)
        if tag == "article":
            self.in_article -= 1

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        if getattr(self, "_inline_script", False):
            if "alert(" in data:
                self.injected.append(f"<script>{data[:80]}")
            self._inline_script = False


def injected_elements(site: Path) -> Iterator[Injection]:
    """Every built HTML page that holds an element a payload would have made."""
    for path in sorted(site.rglob("*.html")):
        scan = _TagScan()
        scan.feed(path.read_text(encoding="utf-8"))
        if scan.injected:
            yield Injection(path.relative_to(site).as_posix(), scan.injected)
