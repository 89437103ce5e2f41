"""The page text helpers the adapter applies to every page: what search reads, what is written,
and relative links between pages."""

from __future__ import annotations

import itertools
import posixpath

from material.plugins.search.plugin import SearchIndex

from handbook.compact import compact
from handbook.render.links import _relpath
from handbook.searchtext import for_readers, for_search


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
