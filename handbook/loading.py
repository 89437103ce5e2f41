"""YAML files → plain data, keeping the line of every value and refusing duplicate keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook import placeholders
from handbook.problems import Problem

try:  # libyaml's parser is about five times faster than the pure-Python one.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """One parsed YAML file: its data and the line (1-based) where each value sits."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Whether the text holds a `<FILL IN: …>` placeholder anywhere (most files do not).
    placeholders: bool = False

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    """Builds Python values from composed nodes in one pass, noting lines and duplicate keys.

    PyYAML's own constructor is generic and slow; role files use plain mappings, lists and
    scalars, so this pass does the common cases itself and hands other tags to PyYAML.
    """

    def __init__(self, loader: SafeLoader) -> None:
        self.loader = loader
        self.constructors = loader.yaml_constructors
        self.lines: dict[Path_, int] = {}
        self.dupes: list[tuple[Path_, int]] = []

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return self.constructors[node.tag](self.loader, node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise _NeedsPyYaml
                key = self.build(key_node, (*path, "<key>"))
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
                child = (*path, key)
                line = key_node.start_mark.line + 1
                if key in out:
                    self.dupes.append((child, line))
                    continue
                self.lines[child] = line
                out[key] = self.build(value_node, child)
            return out
        raise _NeedsPyYaml  # pragma: no cover - only three node kinds exist


class _NeedsPyYaml(Exception):
    """A feature (such as `<<` merge keys) that only PyYAML's own constructor handles."""


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML text; on a syntax error return no document and the error as a problem."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(file, None), []
        builder = _Builder(loader)
        try:
            data = builder.build(node, ())
        except _NeedsPyYaml:
            data = loader.construct_document(node)
        lines, dupes = builder.lines, builder.dupes
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = err.problem or err.context or "invalid YAML"
        if err.context and err.problem and err.context_mark:
            start = err.context_mark
            reason += (
                f" ({err.context} started at line {start.line + 1}, column {start.column + 1})"
            )
        where = f" at column {column}" if column else ""
        return None, [Problem(file, line, "", f"YAML syntax error{where}: {reason}", column)]
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        message = (
            f"YAML syntax error at column {column}: character {err.character!r} is not allowed"
        )
        return None, [Problem(file, line, "", message, column)]
    finally:
        loader.dispose()
    problems = [
        Problem(
            file,
            line,
            _dotted(path),
            f"duplicate key {path[-1]!r}: it is already set above in the same mapping; "
            "remove one of the two",
        )
        for path, line in dupes
    ]
    return Document(file, data, lines, placeholders.MARK in text), problems


# Parsed files by (name shown, text): a rebuild in `mkdocs serve`, or the writers' guide
# re-checking the handbook once per example mistake, parses only the files that changed.
# Documents are shared between callers, who only read them.
_PARSED: dict[tuple[str, str], tuple[Document | None, tuple[Problem, ...]]] = {}
_PARSED_LIMIT = 20_000


def clear_cache() -> None:
    _PARSED.clear()


def load_yaml(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; unreadable files are problems, not exceptions."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [Problem(display, None, "", f"cannot read file: {err}")]
    key = (display, text)
    cached = _PARSED.get(key)
    if cached is None:
        doc, problems = parse_yaml(text, display)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        cached = _PARSED[key] = (doc, tuple(problems))
    return cached[0], list(cached[1])
