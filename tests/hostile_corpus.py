"""A generated corpus of hostile text for the handbook's text fields, and what it must not do.

Used by tests/test_hostile.py (check and strict builds), tests/test_hostile_text.py (the text
rules, settings and catalog names) and tests/browser/test_hostile_corpus.py (Chromium). A
payload mixes HTML and script, Markdown block starters, Jinja, YAML-looking text, awkward
Unicode and what the text rules refuse or keep (control and bidirectional formatting
characters, blank letters, joiners); `HostileHandbook` puts payloads into every text field of a
small handbook (settings and catalogs included) and writes it with PyYAML's emitter, as a
writer's editor or a script would (it escapes control characters in double quotes).
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
from handbook.model import MAX_LINE, MAX_TEXT
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
# Characters the text rules refuse or must keep (see handbook.names): controls, bidirectional
# formatting, blank letters used as spaces, joiners that real spelling needs, look-alikes.
TEXT_RULE_PAYLOADS = [
    "NUL\x00here",
    "\x1b[31mred\x1b[0m \x1b]0;title\x07",
    "next\x85line \x7f",
    "Team\u3164Lead",
    "Team\u2800Lead",
    "\u2800\u2800",
    "\u2066isolate\u2069 \u202aembed\u202c",
    "\u200f\u05e2\u05d1\u05e8\u05d9\u05ea\u200f",
    "کارشناس\u200cارشد",
    "क्\u200dष",
    "Agent 👩🏽\u200d💻",
    "Te\u200dam",
    "ТЕАМ РОС",
    "Support \u2013 Tier",
]
ATOMS = (
    SCRIPT_PAYLOADS
    + MARKDOWN_PAYLOADS
    + JINJA_PAYLOADS
    + YAML_PAYLOADS
    + UNICODE_PAYLOADS
    + TEXT_RULE_PAYLOADS
)

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


def text_safe(text: str, line: bool = False) -> str:
    """`text` without the characters the text rules refuse (control and bidirectional
    formatting characters, blank letters; in a one-line field, every format character)."""
    return "".join(
        c
        for c in text
        if not (
            (unicodedata.category(c) == "Cc" and c not in "\t\n\r")
            or unicodedata.bidirectional(c) in names.EXPLICIT_BIDI_CLASSES
            or c in names.BLANKS
            or (line and unicodedata.category(c) == "Cf")
        )
    )


def name_safe(text: str) -> str:
    """`text` fit to be a title, alias or catalog name that check accepts: no characters the
    text rules refuse and no word mixing look-alike scripts (both are refused, as tested
    elsewhere)."""
    plain = text_safe(text, line=True)
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

    Every text value of every file gets one: the settings (organisation, about, the page notes,
    a featured comparison's note), every catalog's names and descriptions, and the roles' text
    fields. `texts` maps a place in the handbook (e.g. "agent.title") to the text written there,
    and `fields` the place to the file and field a message about it names ("roles_data/
    roles/agent.yml", "title") and the kind of field ('name', 'line' or 'text').
    Titles, aliases and catalog names are prefixed so that they stay distinct; with `clean`,
    values are also made acceptable to check (see `text_safe` and `name_safe`), so the
    handbook builds.
    """

    payloads: list[str]
    clean: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    fields: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def _take(self, place: str, file: str, where: str, prefix: str = "", kind: str = "text") -> str:
        payload = self.payloads[len(self.texts) % len(self.payloads)]
        if self.clean:  # a placeholder is a mistake check reports (tested elsewhere)
            payload = payload.replace(placeholders.MARK, "<FILL-IN")
            payload = name_safe(payload) if kind == "name" else text_safe(payload, kind == "line")
            limit = MAX_TEXT if kind == "text" else MAX_LINE  # longer ones: tested elsewhere
            payload = payload[: limit - len(prefix)].strip()
        text = f"{prefix}{payload}" if prefix else payload
        if not text.strip():
            text = f"{place} (blank payload)"
        self.texts[place] = text
        self.fields[place] = (f"roles_data/{file}", where, kind)
        return text

    def write(self, target: Path) -> Path:
        """Write the handbook as `target`/roles_data; returns that folder."""
        source = FIXTURES / "valid"
        data = target / "roles_data"
        shutil.rmtree(data, ignore_errors=True)
        (data / "roles").mkdir(parents=True)
        settings = yaml.safe_load((source / "handbook.yml").read_text(encoding="utf-8"))
        take = self._take
        settings["organisation"] = take(
            "organisation", "handbook.yml", "organisation", "Org ", "name"
        )
        settings["about"] = take("about", "handbook.yml", "about")
        settings["notes"] = {
            page: [take(f"notes.{page}[0]", "handbook.yml", f"notes.{page}[0]")]
            for page in ("home", "salaries")
        }
        note = "featured.comparisons[0].note"
        settings["featured"] = {
            "comparisons": [
                {"a": "agent", "b": "team-leader", "note": take(note, "handbook.yml", note)}
            ]
        }
        (data / "handbook.yml").write_text(dump(settings), encoding="utf-8")
        for catalog, keys in (
            ("departments", ("name", "description")),
            ("levels", ("name", "description")),
            ("skills", ("name", "description")),
            ("kpis", ("name", "definition", "unit")),
            ("processes", ("name", "description")),
        ):
            items = yaml.safe_load((source / f"{catalog}.yml").read_text(encoding="utf-8"))
            for number, item in enumerate(items):
                for key in keys:
                    kind = {"name": "name", "unit": "line"}.get(key, "text")
                    item[key] = take(
                        f"{catalog}.{item['id']}.{key}",
                        f"{catalog}.yml",
                        f"[{number}].{key}",
                        f"{catalog[:3].title()} {number} " if key == "name" else "",
                        kind,
                    )
            (data / f"{catalog}.yml").write_text(dump(items), encoding="utf-8")
        for path in sorted((source / "roles").glob("*.yml")):
            rid = path.stem
            file = f"roles/{path.name}"
            role = yaml.safe_load(path.read_text(encoding="utf-8"))
            role["title"] = take(f"{rid}.title", file, "title", f"Role {rid} ", "name")
            role["aliases"] = [
                take(f"{rid}.aliases[0]", file, "aliases[0]", f"Alias {rid} ", "name")
            ]
            role["summary"] = take(f"{rid}.summary", file, "summary")
            role["responsibilities"] = [
                {
                    "area": take(
                        f"{rid}.responsibilities[{i}].area",
                        file,
                        f"responsibilities[{i}].area",
                        kind="line",
                    ),
                    "description": take(
                        f"{rid}.responsibilities[{i}].description",
                        file,
                        f"responsibilities[{i}].description",
                    ),
                }
                for i in range(2)
            ]
            role["qualifications"]["education"] = take(
                f"{rid}.education", file, "qualifications.education"
            )
            if role.get("salary"):
                role["salary"]["source"] = take(f"{rid}.salary.source", file, "salary.source")
            for i, move in enumerate(role.get("progression", [])):
                move["requirements"] = take(
                    f"{rid}.requirements", file, f"progression[{i}].requirements"
                )
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
