"""YAML loading: values, their lines, duplicate keys, and the YAML that handbook files refuse."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from handbook.loading import Yaml11, parse_yaml
from handbook.validation import read_handbook
from tests.conftest import edit


def test_lines_of_nested_values() -> None:
    doc, problems = parse_yaml("a: 1\nb:\n  - x: true\n    y: 2.5\n  - plain text\n", "f.yml")
    assert problems == []
    assert doc is not None
    assert doc.data == {"a": 1, "b": [{"x": True, "y": 2.5}, "plain text"]}
    assert doc.line_of(("b", 0, "y")) == 4
    assert doc.line_of(("b", 1)) == 5
    assert doc.line_of(("b", 7, "missing")) == 2  # nearest known ancestor


def test_duplicate_keys_are_problems_and_the_first_value_is_kept() -> None:
    doc, problems = parse_yaml("title: One\nsummary: s\ntitle:\n  nested: Two\n", "f.yml")
    assert doc is not None and doc.data["title"] == "One"
    assert doc.line_of(("title",)) == 1
    assert [str(p) for p in problems] == [
        "f.yml:3: title: duplicate key 'title': it is already set above in the same mapping; "
        "remove one of the two"
    ]


def test_empty_file_is_an_empty_document() -> None:
    doc, problems = parse_yaml("# only a comment\n", "f.yml")
    assert problems == [] and doc is not None and doc.data is None


def test_a_byte_order_mark_is_ignored() -> None:
    doc, problems = parse_yaml("\ufefftitle: Agent\n", "f.yml")
    assert problems == [] and doc is not None and doc.data == {"title": "Agent"}


ANCHORS = (
    "anchors and aliases (&name, *name) are not used in handbook files, so each file reads on "
    "its own: write the value out in full"
)


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            "base: &b {min: 1, max: 2}\nother:\n  <<: *b\n",
            [f"f.yml:1: anchor &b: {ANCHORS}", f"f.yml:3: merge key '<<': {ANCHORS}"],
        ),
        (
            "aliases: &a [*a]\n",
            [f"f.yml:1: anchor &a: {ANCHORS}", f"f.yml:1: alias *a: {ANCHORS}"],
        ),
        (
            "title: !Ref x\n",
            [
                "f.yml:1: YAML tag '!Ref' is not allowed here: write the value plainly: text in "
                "quotes, numbers in plain digits"
            ],
        ),
        (
            "run: !!python/name:os.system\n",
            [
                "f.yml:1: YAML tag '!!python/name:os.system' is not allowed here: write the value "
                "plainly: text in quotes, numbers in plain digits"
            ],
        ),
        (
            "salary:\n  min: !!int abc\n",
            [
                "f.yml:2: YAML tag '!!int' is not allowed here: write the value plainly: text in "
                "quotes, numbers in plain digits"
            ],
        ),
        (
            "when: !!timestamp 2024-13-45\n",
            [
                "f.yml:1: YAML tag '!!timestamp' is not allowed here: write the value plainly: "
                "text in quotes, numbers in plain digits"
            ],
        ),
        (
            "salary: !!map {min: 1}\n",
            ["f.yml:1: YAML tag '!!map' is not allowed here: remove it: a mapping needs no tag"],
        ),
        (
            "title: A\n---\ntitle: B\n",
            [
                "f.yml:2: a second YAML document starts here ('---'): a handbook file holds one; "
                "remove the line or move the rest to its own file"
            ],
        ),
        ("? [a, b]\n: 1\n", ["f.yml:1: a key must be a plain name, not a list or mapping"]),
    ],
)
def test_refused_yaml_is_named_with_its_line_and_fix(text: str, messages: list[str]) -> None:
    doc, problems = parse_yaml(text, "f.yml")
    assert doc is None
    assert [str(p) for p in problems] == messages


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    doc, problems = parse_yaml("\n".join(lines) + "\n", "f.yml")
    assert time.perf_counter() - start < 1.0
    assert doc is None
    assert str(problems[-1]) == f"f.yml:2: alias *a0: {ANCHORS}"


@pytest.mark.parametrize("depth", [25, 5_000, 100_000])
def test_deep_nesting_is_refused_without_recursion(depth: int) -> None:
    doc, problems = parse_yaml("x: " + "[" * depth + "]" * depth + "\n", "f.yml")
    assert doc is None
    assert [str(p) for p in problems] == [
        "f.yml:1: values are nested more than 24 levels deep here; handbook files need at most "
        "six: check the indentation and brackets"
    ]


@pytest.mark.parametrize(
    ("plain", "kind", "yaml11"),
    [
        ("040000", "octal", 16384),
        ("0xABE0", "hex", 44000),
        ("0b101", "binary", 5),
        ("1:30", "base60", 90),
        ("1_000", "underscore", 1000),
        ("089", "leading-zero", 89),
        ("no", "bool", False),
        ("On", "bool", True),
        ("2024-01-05", "date", "2024-01-05"),
        ("1e3", "exponent", "1e3"),
    ],
)
def test_values_yaml_1_1_reads_differently_stay_text_and_are_marked(
    plain: str, kind: str, yaml11: object
) -> None:
    doc, problems = parse_yaml(f"value: {plain}\nquoted: '{plain}'\n", "f.yml")
    assert problems == [] and doc is not None
    value = doc.data["value"]
    assert isinstance(value, Yaml11) and value == plain
    assert (value.kind, value.yaml11) == (kind, yaml11)
    assert doc.ambiguous == {("value",): value}
    assert not isinstance(doc.data["quoted"], Yaml11)


@pytest.mark.parametrize(
    ("plain", "value"),
    [("40000", 40000), ("-3", -3), ("2.5", 2.5), (".5", 0.5), ("~", None), ("True", True)],
)
def test_plain_values_yaml_1_1_and_1_2_agree_on(plain: str, value: object) -> None:
    doc, problems = parse_yaml(f"value: {plain}\n", "f.yml")
    assert problems == [] and doc is not None
    assert doc.data["value"] == value and doc.ambiguous == {}


def test_a_second_read_reuses_the_records_of_unchanged_files_only(data: Path) -> None:
    """`mkdocs serve` reads the handbook on every save: unchanged files are neither parsed nor
    validated again (their records are shared), a changed file is."""
    first = read_handbook(data)
    edit(data / "roles" / "agent.yml", "summary: Answers calls.", "summary: Takes calls.")
    second = read_handbook(data)
    assert second.problems == first.problems == []
    assert second.handbook.roles["team-leader"] is first.handbook.roles["team-leader"]
    assert second.handbook.roles["agent"].summary == "Takes calls."
    assert first.handbook.roles["agent"].summary == "Answers calls."
