"""YAML loading: values, their lines, duplicate keys, and the features writers may use."""

from __future__ import annotations

from handbook.loading import parse_yaml


def test_lines_of_nested_values() -> None:
    doc, problems = parse_yaml("a: 1\nb:\n  - x: yes\n    y: 2.5\n  - plain text\n", "f.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"a": 1, "b": [{"x": True, "y": 2.5}, "plain text"]}
    assert doc.line_of(("b", 0, "y")) == 4
    assert doc.line_of(("b", 1)) == 5
    assert doc.line_of(("b", 7, "missing")) == 2  # nearest known ancestor


def test_duplicate_keys_are_problems_and_the_first_value_is_kept() -> None:
    doc, problems = parse_yaml("title: One\nsummary: s\ntitle: Two\n", "f.yml")
    assert doc is not None and doc.data["title"] == "One"
    assert [str(p) for p in problems] == [
        "f.yml:3: title: duplicate key 'title': it is already set above in the same mapping; "
        "remove one of the two"
    ]


def test_anchors_and_merge_keys_still_work() -> None:
    doc, problems = parse_yaml("base: &b {min: 1, max: 2}\nother:\n  <<: *b\n  max: 3\n", "f.yml")
    assert problems == []
    assert doc is not None and doc.data["other"] == {"min": 1, "max": 3}


def test_empty_file_is_an_empty_document() -> None:
    doc, problems = parse_yaml("# only a comment\n", "f.yml")
    assert problems == [] and doc is not None and doc.data is None
