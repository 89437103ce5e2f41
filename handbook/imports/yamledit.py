"""Changing values inside a YAML file and keeping every other byte: comments, order, quoting,
folded text and blank lines stay as the writer left them.

The file is composed once with PyYAML, whose nodes know where each value starts and ends in the
text; an edit replaces exactly that span, or inserts a new `key: value` line beside its
siblings with their indentation. Edits are applied together, last first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from handbook.loading import resolve_plain

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_FLOW_UNSAFE = set(",[]{}")  # anywhere: values may go in a flow list
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")  # at the start


class EditError(Exception):
    """The file is not laid out in a way these edits can change safely."""


def scalar(value: str) -> str:
    """`value` as a one-line YAML scalar: plain where YAML 1.1 and 1.2 both read it as this
    text, double-quoted otherwise."""
    plain = (
        value
        and value == value.strip()
        and type(resolve_plain(value)) is str
        and resolve_plain(value) == value
        and not (set(value) & _FLOW_UNSAFE)
        and ": " not in value
        and " #" not in value
        and value[0] not in _INDICATORS
        and not value.endswith(":")
        and value.isprintable()
    )
    if plain:
        return value
    text: str = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style='"')
    return text.split("\n...", 1)[0].rstrip("\n")


def _key_values(node: Any) -> list[tuple[Any, Any]]:
    if not isinstance(node, yaml.MappingNode):
        raise EditError("expected a mapping")
    return list(node.value)


def _content_end(text: str, node: Any) -> int:
    """Where the node's own text ends: without the blank lines and comments after a block."""
    if isinstance(node, yaml.ScalarNode):
        end = int(node.end_mark.index)
        if node.style in (">", "|"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return _content_end(text, last[1] if isinstance(last, tuple) else last)


class Editor:
    """Edits of one YAML text whose top is a mapping; `result()` applies them all."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            self.root = yaml.compose(text, Loader=_Loader)
        except yaml.YAMLError as err:
            raise EditError(f"not readable as YAML ({err})") from err
        if not isinstance(self.root, yaml.MappingNode):
            raise EditError("expected a mapping of fields")
        self.spans: list[tuple[int, int, str]] = []

    def node(self, path: Sequence[str]) -> Any | None:
        current = self.root
        for key in path:
            found = None
            for k, v in _key_values(current):
                if k.value == key:
                    found = v
            if found is None:
                return None
            current = found
        return current

    def _pair(self, mapping: Any, key: str) -> tuple[Any, Any] | None:
        for k, v in _key_values(mapping):
            if k.value == key:
                return k, v
        return None

    def replace(self, path: Sequence[str], value_text: str) -> None:
        """Replace the value at `path` (which must exist) with `value_text`, on its line."""
        node = self.node(path)
        if node is None:
            raise EditError(f"{'.'.join(path)} is not in the file")
        if not isinstance(node, yaml.ScalarNode) and not node.flow_style:
            raise EditError(f"{'.'.join(path)} is a block, not one value")
        start = int(node.start_mark.index)
        self.spans.append((start, _content_end(self.text, node), value_text))

    def set(self, path: Sequence[str], value_text: str, after: Sequence[str] = ()) -> None:
        """Replace the value at `path`, or add `key: value` to its mapping after the first key
        of `after` that is there (else after the mapping's last key)."""
        if self.node(path) is not None:
            self.replace(path, value_text)
            return
        mapping = self.node(path[:-1])
        if mapping is None or not isinstance(mapping, yaml.MappingNode) or mapping.flow_style:
            raise EditError(f"{'.'.join(path[:-1]) or 'the file'} cannot take a new field")
        pairs = _key_values(mapping)
        if not pairs:
            raise EditError(f"{'.'.join(path[:-1])} is empty")
        anchor = pairs[-1]
        for name in after:
            found = self._pair(mapping, name)
            if found is not None:
                anchor = found
                break
        indent = " " * int(pairs[0][0].start_mark.column)
        end = _content_end(self.text, anchor[1])
        line_end = self.text.find("\n", end)
        at = len(self.text) if line_end < 0 else line_end
        self.spans.append((at, at, f"\n{indent}{path[-1]}: {value_text}"))

    def set_list(self, path: Sequence[str], items: Sequence[str]) -> None:
        """Set a list of text values, in the style the file writes it (block or flow)."""
        node = self.node(path)
        flow = "[" + ", ".join(scalar(item) for item in items) + "]"
        if node is None:
            self.set(path, flow)
            return
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"{'.'.join(path)} is not a list")
        start = int(node.start_mark.index)
        if node.flow_style or not node.value or not items:
            self.spans.append((start, _content_end(self.text, node), flow))
            return
        indent = " " * int(node.start_mark.column)
        block = f"\n{indent}".join(f"- {scalar(item)}" for item in items)
        self.spans.append((start, _content_end(self.text, node), block))

    def insert_before(self, key: str, block: str) -> None:
        """Insert `block` (whole lines) before the top-level `key`'s line, or at the end."""
        found = self._pair(self.root, key)
        if found is None:
            at = len(self.text)
            prefix = "" if self.text.endswith("\n") or not self.text else "\n"
            self.spans.append((at, at, prefix + block))
            return
        start = int(found[0].start_mark.index)
        at = self.text.rfind("\n", 0, start) + 1
        self.spans.append((at, at, block))

    def replace_entry(self, key: str, block: str) -> None:
        """Replace the top-level `key` and its value, whole lines, with `block` (whole lines)."""
        found = self._pair(self.root, key)
        if found is None:
            raise EditError(f"{key} is not in the file")
        start = self.text.rfind("\n", 0, int(found[0].start_mark.index)) + 1
        end = self.text.find("\n", _content_end(self.text, found[1]))
        self.spans.append((start, len(self.text) if end < 0 else end + 1, block))

    def result(self) -> str:
        text = self.text
        last = len(text) + 1
        for start, end, new in sorted(self.spans, key=lambda s: (s[0], s[1]), reverse=True):
            if end > last:
                raise EditError("two edits overlap")
            text = text[:start] + new + text[end:]
            last = start
        return text
