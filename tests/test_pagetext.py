"""The page text helpers the adapter applies to every page: what search reads, what is written,
and relative links between pages."""

from __future__ import annotations

import itertools
import posixpath
import random

import pytest
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from handbook.compact import compact
from handbook.render.links import Links, _relpath
from handbook.searchtext import for_readers, for_search, sections


class _Page:
    """What Material's search index reads of a page."""

    def __init__(self, content: str) -> None:
        self.content = content
        self.meta: dict[str, object] = {}
        self.toc: list[object] = []
        self.url = "page/"
        self.title = "Page"


def _index(content: str) -> list[dict[str, object]]:
    index = SearchIndex()
    index.add_entry_from_context(_Page(content))
    return index.entries


PAGE = (
    '<h1 id="agent">Agent</h1><p>Answers <strong>calls</strong>.</p>'
    '<figure data-search-exclude="true"><svg><text>Team Leader</text></svg>'
    '<div><div data-search-exclude="true">nested</div>still excluded</div></figure>'
    '<h2 id="skills">Skills</h2><ul><li>Empathy <input data-search-exclude="true"> kept</li>'
    '<li data-search-exclude="true">Coaching <em>in depth</em></li></ul>'
    '<div class="x" data-search-exclude="true"/>after a self-closed one'
    "<p>Divisions <pre>not  <p>touched</p></pre> end</p>"
)


def test_search_reads_the_same_index_from_the_shortened_page() -> None:
    shortened = for_search(PAGE)
    assert "Team Leader" not in shortened and "nested" not in shortened
    assert "still excluded" not in shortened and "Coaching" not in shortened
    assert "Empathy" in shortened and "kept" in shortened and "after a self-closed" in shortened
    assert _index(shortened) == _index(PAGE)


def test_an_element_holding_others_of_its_name_is_cut_whole() -> None:
    # (Material's parser would end the exclusion at the inner item's end.)
    text = '<ul><li data-search-exclude="true">a<ul><li>b</li></ul>c</li><li>d</li></ul>'
    assert for_search(text) == "<ul><li>d</li></ul>"


def test_an_element_left_open_runs_to_the_end() -> None:
    assert for_search('<p>a</p><div data-search-exclude="true"><div>b</div>') == "<p>a</p>"


def test_a_longer_tag_name_is_not_the_excluded_element_closing() -> None:
    text = '<p data-search-exclude="true"><path/><param>x</param></p><p>kept</p>'
    assert for_search(text) == "<p>kept</p>"


def test_a_page_without_exclusions_is_returned_as_it_is() -> None:
    page = "<p>nothing to cut</p>"
    assert for_search(page) is page


def test_readers_get_the_page_without_search_attributes() -> None:
    assert for_readers('<p data-search-exclude="true" class="a">x</p>') == '<p class="a">x</p>'


def test_compact_keeps_line_breaks_and_preformatted_text() -> None:
    page = (
        "<nav>\n    <ul>\n\n      <li>Home</li>\n    </ul>\n</nav>\n"
        "<pre><code>a\n    indented\n\n  code</code></pre>\n  <p>word\n   next</p>"
        "<script>\n  let s = `\n    kept`;\n</script>\n\t<textarea>\n  as typed</textarea>"
    )
    assert compact(page) == (
        "<nav>\n<ul>\n<li>Home</li>\n</ul>\n</nav>\n"
        "<pre><code>a\n    indented\n\n  code</code></pre>\n<p>word\nnext</p>"
        "<script>\n  let s = `\n    kept`;\n</script>\n<textarea>\n  as typed</textarea>"
    )


def test_relative_paths_match_posixpath() -> None:
    paths = ["", "a", "a/b", "a/b/c", "x", "x/y", "a/x", "roles/ops/x", "roles/ops", "roles"]
    for path, start in itertools.product(paths, repeat=2):
        assert _relpath(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)


# ---- sections: Material's division of a page, without its parser ---------------------------


def _material(html: str) -> object:
    """What Material's parser makes of `html`: each section's heading, id, title, text, depth."""
    parser = Parser()
    try:
        parser.feed(html)
        parser.close()
    except ValueError:  # (its parser fails on some broken markup)
        return "fails"
    return [(s.el.tag, s.id, s.title, s.text, s.depth) for s in parser.data]


def _mine(html: str) -> object:
    found = sections(html)
    return None if found is None else [(s.tag, s.id, s.title, s.text, s.depth) for s in found]


def test_a_page_is_divided_as_material_divides_it() -> None:
    shortened = for_search(PAGE)
    assert _mine(shortened) == _material(shortened)
    assert [s[0] for s in _mine(shortened)] == ["h1", "h2"]  # type: ignore[union-attr]
    stray = "<p>a</p></li><h2>b</h2>"  # an end tag without its start, ignored by both
    assert _mine(stray) == _material(stray)


def test_its_sections_make_the_index_entries_materials_parser_makes() -> None:
    shortened = for_search(PAGE)
    index = SearchIndex()
    page = _Page(shortened)
    for section in sections(shortened) or []:
        index.create_entry_for_section(section, page.toc, page.url, page)
    assert index.entries == _index(shortened)
    assert [e["location"] for e in index.entries] == ["page/", "page/#skills"]


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<p>a</p><!-- note --><p>b</p>", id="comment"),
        pytest.param("<!DOCTYPE html><p>a</p>", id="declaration"),
        pytest.param("<p>a</p><script>let a = '<p>';</script>", id="script"),
        pytest.param("<style>p { color: red }</style>", id="style"),
        pytest.param("<p>1 < 2</p>", id="a < that starts no tag"),
        pytest.param("<p>a</ p>", id="an unusual end tag"),
        pytest.param('<a class=headerlink/>x<h2 id="b">B</h2>', id="plain value before />"),
        pytest.param('<p data-search-exclude="true">a</p>', id="an element still to cut"),
        pytest.param('<p DATA-SEARCH-EXCLUDE="true">a</p>', id="the attribute in capitals"),
        pytest.param('<div class="linenodiv">1</div>', id="line numbers"),
    ],
)
def test_what_it_does_not_read_for_certain_it_leaves_to_material(html: str) -> None:
    assert sections(html) is None


_TAGS = ["div", "p", "ul", "li", "ol", "span", "a", "h1", "h2", "h3", "pre", "code", "strong"]
_TAGS += ["table", "td", "sub", "br", "hr", "img", "details", "summary", "A", "P", "LI", "H2"]
_TEXTS = ["x", "word", " ", "\n", "  \n  ", "a &amp; b", "&lt;t&gt;", "&#123;", "é", "\t"]
_TEXTS += ["one two", "&nbsp;", "&copy", "a\nb", "{{ x }}", "Ω ≠ ∞"]


def _fragment(rng: random.Random, depth: int = 0) -> str:
    """Random markup of the kinds a page holds: nested, unclosed, self-closed, upper case,
    headings with and without ids, permalinks, entities, preformatted text."""
    out = []
    for _ in range(rng.randint(0, 5)):
        if rng.random() < 0.35 or depth > 4:
            out.append(rng.choice(_TEXTS))
            continue
        tag = rng.choice(_TAGS)
        attrs = ""
        if tag.lower() in ("h1", "h2", "h3") and rng.random() < 0.7:
            attrs += f' id="{rng.choice(["a", "b", "x&amp;y", ""])}"'
        if tag.lower() == "a" and rng.random() < 0.6:
            attrs += rng.choice(
                [' class="headerlink" href="#a"', ' href="x"', " class=headerlink", ' class="x"']
            )
        if rng.random() < 0.1:
            attrs += rng.choice([' title="a>b"', " hidden", " title='q'"])
        if rng.random() < 0.05:
            out.append(f"<{tag}{attrs}/>")
            continue
        inner = _fragment(rng, depth + 1)
        close = f"</{tag}>" if rng.random() < 0.9 else rng.choice(["", f"</{rng.choice(_TAGS)}>"])
        out.append(f"<{tag}{attrs}>{inner}{close}")
    return "".join(out)


def test_random_markup_is_divided_as_material_divides_it_or_declined() -> None:
    rng = random.Random(20261124)
    read = 0
    for _ in range(4000):
        html = _fragment(rng)
        mine = _mine(html)
        if mine is not None:
            read += 1
            assert mine == _material(html), html
    assert read > 3800  # declining is for the unusual, not the rule


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_urls_match_the_urls_mkdocs_writes(directory_urls: bool) -> None:
    # Every page to every page (and to anchors), as MkDocs links them from a page's own URL.
    srcs = [
        "index.md",
        "about.md",
        "roles/index.md",
        "roles/ops/index.md",
        "roles/ops/agent.md",
        "roles/ops/agent-lead.md",
        "roles/opsx/agent.md",
        "roles/x/y/deep.md",
        "r/index.md",
    ]
    url = {src: File(src, "docs", "site", directory_urls).url for src in srcs}
    for page, target in itertools.product(srcs, repeat=2):
        links = Links(page, {}, directory_urls)
        expected = get_relative_url(url[target], url[page])
        assert links.page_url(target) == expected, (page, target)
        assert links.page_url(target, "pay") == f"{expected}#pay"
