"""The handbook's words in its language: locales, catalogs, the renderers' templates, the
general pages' prose."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jinja2 import UndefinedError
from markupsafe import Markup

from handbook import compat, i18n, prose
from handbook.model import Period, Settings
from handbook.render import phrases
from handbook.render.templating import Templates, join_lines

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("en", "es", "zh_Hans")


# ---- locales --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "catalog", "theme"),
    [
        ("en", "en", "en"),
        ("en-GB", "en", "en"),
        ("es", "es", "es"),
        ("es-MX", "es", "es"),
        ("zh", "zh_Hans", "zh"),
        ("zh-CN", "zh_Hans", "zh"),
        ("zh-Hans", "zh_Hans", "zh"),
        ("zh-TW", None, "zh-TW"),  # Traditional Chinese: no catalog, never the Simplified one
        ("pt-BR", None, "pt-BR"),
    ],
)
def test_a_language_code_finds_its_catalog_and_the_themes_translation(
    tag: str, catalog: str | None, theme: str
) -> None:
    language = i18n.load(tag)
    assert language.catalog == catalog
    material = {"en", "es", "zh", "zh-TW", "zh-Hant", "pt", "pt-BR"}
    assert i18n.theme_language(language.locale, material) == theme


def test_a_language_without_a_catalog_is_said_once_and_keeps_its_formats() -> None:
    language = i18n.load("de")
    problem = i18n.language_problem(language)
    assert problem is not None and "German" in problem and "English" in problem
    assert language.number(32000) == "32.000"
    assert i18n.language_problem(i18n.load("es")) is None


def test_an_unknown_language_code_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match="BCP 47 code such as 'en', 'es'"):
        Settings(organisation="Acme", language="klingon-xx")
    assert Settings(organisation="Acme", language="es").language == "es"


def test_amounts_follow_the_locales_plurals_and_digits() -> None:
    en, es, zh = (i18n.load(t) for t in ("en", "es", "zh"))
    assert phrases.months(en, 1, 1) == "1 month"
    assert phrases.months(en, 6, 6) == "6 months"
    assert phrases.months(en, 6, 18) == "6–18 months"
    assert phrases.months(en, 12, 24) == "1–2 years"
    assert phrases.months(en, 18, 36) == "1.5–3 years"
    assert phrases.years(en, 2.5) == "2.5 years"
    assert phrases.pay(en, "USD", 32000, 35000, Period.YEAR) == "USD 32,000–35,000 per year"
    assert phrases.months(es, 1, 1) == "1 mes"
    assert phrases.months(es, 6, 6) == "6 meses"
    assert phrases.years(es, 2.5) == "2,5 años"
    assert "32.000" in phrases.pay(es, "EUR", 32000, 35000, Period.YEAR)
    assert "35.000" in phrases.pay(es, "EUR", 32000, 35000, Period.YEAR)
    assert phrases.months(zh, 6, 6) == "6个月"
    assert "32,000" in phrases.pay(zh, "CNY", 32000, 35000, Period.YEAR)
    assert es.date(dt.date(2025, 3, 12)) == "12 de marzo de 2025"
    assert zh.date(dt.date(2025, 3, 12)) == "2025年3月12日"


# ---- templates ------------------------------------------------------------------------------


def test_an_html_paragraph_of_a_template_is_one_line_and_other_paragraphs_keep_theirs() -> None:
    source = (
        "## {{ title|md }}\n\n"
        '<ul class="x">\n  {% for i in items %}\n  <li>{{ i }}\n    and more</li>\n'
        "  {% endfor %}\n</ul>\n\n| a | b |\n| --- | --- |\n"
    )
    assert join_lines(source) == (
        "## {{ title|md }}\n\n"
        '<ul class="x">{% for i in items %}<li>{{ i }} and more</li>{% endfor %}</ul>\n\n'
        "| a | b |\n| --- | --- |\n"
    )


HOSTILE = '<script>alert(1)</script> {{ 7*7 }} "quoted" & *bold* | [x](y)\n\n# heading'


def test_values_are_text_wherever_a_template_writes_them(tmp_path: Path) -> None:
    overrides = tmp_path / "handbook"
    (overrides / "probe").mkdir(parents=True)
    (overrides / "probe" / "all.md").write_text(
        "## {{ value|md }}\n\n"
        '<p title="{{ value }}">{{ value }} {{ _("Reports to %(who)s", who=value) }}</p>\n',
        encoding="utf-8",
    )
    out = Templates(i18n.ENGLISH, overrides).render("probe/all.md", value=HOSTILE)
    heading, block = out.split("\n\n")
    assert "<script" not in out and "{{" not in out and "7*7 }}" not in out.replace("&#125;", "")
    assert heading.startswith("## ") and "*" not in heading and "|" not in heading
    assert block.count("\n") == 0  # the value's blank line did not break the block
    assert block.startswith('<p title="&lt;script&gt;')
    assert "Reports to &lt;script&gt;" in block


def test_markup_made_by_the_code_is_kept_and_gettext_values_are_escaped() -> None:
    templates = Templates(i18n.load("es"))
    link = Markup('<a href="/x/">Supervisor</a>')
    say = templates.env.globals["_"]
    template = templates.env.from_string('{{ _("Reports to %(manager)s", manager=m) }}')
    assert template.render(m=link).endswith('<a href="/x/">Supervisor</a>')
    assert "&lt;b&gt;" in template.render(m="<b>")
    assert callable(say)


# Everything a template may write, for the two code generators to write alike.
WRITES = (
    "{{ value }}|{{ value|upper }}|{{ nothing }}|{{ number }}|{{ fraction }}|{{ made }}|"
    '{{ view.name }}|{{ view.items()|list|length }}|{{ _("Reports to %(who)s", who=value) }}|'
    '{{ ngettext("%(num)s role", "%(num)s roles", number) }}|'
    "{% set block %}<b>{{ value }}</b>{% endset %}{{ block }}|{{ value ~ made }}|"
    '{{ [value, made]|join(", ") }}|{{ value|replace("&", "and") }}|{{ value|md }}|'
    "{% macro m(x) %}<i>{{ x }}</i>{% endmacro %}{{ m(value) }}|{{ m(made)|trim }}"
)


def test_the_quick_code_generator_writes_what_jinjas_own_writes() -> None:
    quick, jinja = Templates(i18n.load("es"), quick=True), Templates(i18n.load("es"), quick=False)
    assert quick.env.code_generator_class is compat.quick_output() is not None
    assert jinja.env.code_generator_class is not quick.env.code_generator_class
    view = {
        "value": HOSTILE,
        "nothing": None,
        "number": 12500,
        "fraction": 2.5,
        "made": Markup("<em>made</em>"),
        "view": {"name": "<b>name</b>", "other": 1},
    }
    written = quick.env.from_string(WRITES).render(view)
    assert written == jinja.env.from_string(WRITES).render(view)
    assert "<script" not in written and "&lt;b&gt;name&lt;/b&gt;" in written
    assert "12.500 roles" in written and "<em>made</em>" in written  # the locale's digits
    assert "|<b>&lt;script&gt;" in written and "|<i>&lt;script&gt;" in written
    for templates in (quick, jinja):
        with pytest.raises(UndefinedError):
            templates.env.from_string("{{ view.missing }}").render(view)


def test_a_project_template_replaces_the_packages(tmp_path: Path) -> None:
    overrides = tmp_path / "handbook"
    (overrides / "role").mkdir(parents=True)
    (overrides / "role" / "responsibilities.md").write_text(
        "## {{ _('What you do') }}\n\n"
        "<ol>{% for i in items %}<li>{{ i.area }}</li>{% endfor %}</ol>\n",
        encoding="utf-8",
    )
    templates = Templates(i18n.ENGLISH, overrides)

    class Item:
        area = "Calls"

    out = templates.render("role/responsibilities.md", items=[Item()])
    assert out == "## What you do\n\n<ol><li>Calls</li></ol>"


def test_a_link_to_nothing_among_the_overrides_leaves_the_packages_template(
    tmp_path: Path,
) -> None:
    overrides = tmp_path / "handbook"
    (overrides / "role").mkdir(parents=True)
    (overrides / "role" / "responsibilities.md").symlink_to(tmp_path / "gone.md")
    templates = Templates(i18n.ENGLISH, overrides)
    assert str(overrides / "role" / "responsibilities.md") in templates.sources
    package = Templates(i18n.ENGLISH)
    view = {"items": [{"area": "Calls", "description": "Answer the queue."}]}
    out = templates.render("role/responsibilities.md", **view)
    assert out == package.render("role/responsibilities.md", **view)
    assert "Calls" in out


# ---- the general pages' prose ---------------------------------------------------------------


PAGE = """---
search:
  exclude: true
---
# Career paths

There is usually more than one way
to grow, as [the guide](writing.md) says.

- **Find your role.** Type a title.
- Plan your next move.

{{ career_map() }}

!!! note "Before you start"

| Macro | What it shows |
| --- | --- |
| `{{ x() }}` | A chart of moves. |

```yaml
title: Agent
```
"""


def test_a_page_is_cut_into_its_pieces_of_prose() -> None:
    assert [text for _, text in prose.pieces(PAGE)] == [
        "Career paths",
        "There is usually more than one way\nto grow, as [the guide](writing.md) says.",
        "**Find your role.** Type a title.",
        "Plan your next move.",
        "Before you start",
        "Macro",
        "What it shows",
        "A chart of moves.",
    ]


def test_a_page_takes_each_pieces_translation_in_its_place() -> None:
    assert prose.translate(PAGE, lambda text: text) == PAGE
    out = prose.translate(PAGE, lambda text: f"«{text.replace(chr(10), ' ')}»")
    assert "# «Career paths»" in out
    assert (
        "«There is usually more than one way to grow, as [the guide](writing.md) says.»\n\n" in out
    )
    assert "- «**Find your role.** Type a title.»\n- «Plan your next move.»" in out
    assert '!!! note "«Before you start»"' in out
    assert "| `{{ x() }}` | «A chart of moves.» |" in out
    assert "{{ career_map() }}" in out and "title: Agent" in out
    assert out.startswith("---\nsearch:\n  exclude: true\n---\n")


# ---- the catalogs ---------------------------------------------------------------------------


def _catalog(name: str):  # type: ignore[no-untyped-def]
    path = i18n.CATALOGS / name / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    with path.open("rb") as po:
        return read_po(po, locale=name)


_PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{\{.*?\}\}|\{%.*?%\}|\]\([^)]*\)|`[^`]*`")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDERS.findall(text))


@pytest.mark.parametrize("name", SHIPPED)
def test_every_message_has_its_translation_with_the_same_placeholders(name: str) -> None:
    catalog = _catalog(name)
    template = _catalog_template()
    missing, broken = [], []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = () if found is None else found.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        if found is None or found.fuzzy or not all(strings):
            missing.append(message.id)
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for form, text in enumerate(strings):
            # Placeholders, macros, link targets and code stay as they are (a plural form may
            # leave out the count: 'the one role').
            source = ids[0] if form == 0 and len(strings) > 1 else ids[-1]
            wanted = set(_placeholders(source)) - {"%(num)s"}
            if not wanted <= set(_placeholders(text)):
                broken.append((source, text))
    assert not missing, f"{len(missing)} message(s) untranslated in {name}: {missing[:5]}"
    assert not broken, f"placeholders changed in {name}: {broken[:3]}"


def _catalog_template():  # type: ignore[no-untyped-def]
    with (i18n.CATALOGS / f"{i18n.DOMAIN}.pot").open("rb") as pot:
        return read_po(pot)


def test_the_catalogs_hold_every_message_the_code_templates_and_pages_have(tmp_path: Path) -> None:
    """`make catalogs` was run after the last change of wording: extracting again finds the
    messages the catalog template has, no more and no fewer."""
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [
            *(str(Path(sys.executable).parent / "pybabel"), "-q", "extract"),
            *("-F", "babel.cfg", "-k", "hb_t", "-o", str(out), "handbook"),
        ],
        cwd=ROOT,
        check=True,
    )
    with out.open("rb") as pot:
        fresh = {m.id for m in read_po(pot) if m.id}
    kept = {m.id for m in _catalog_template() if m.id}
    assert fresh - kept == set(), "run `make catalogs`: messages not in the catalogs"
    assert kept - fresh == set(), "run `make catalogs`: the catalogs hold messages no longer used"
