"""Every text value of a handbook file held against the text rules of `handbook.names`.

Which values are names, one-line fields or paragraphs comes from the model: a field typed
`Line` (titles, aliases, catalog names, areas, targets) is one line, the organisation's name,
titles, aliases and catalog names are names, other text is a paragraph; ids, choices and
addresses have rules of their own. The raw data is walked, so a value is checked even when
something else in its record is wrong; the result is kept with the parsed file, so a rebuild
in `mkdocs serve` walks only the files that changed.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, StringConstraints

from handbook import names
from handbook.loading import Document
from handbook.model import MAX_LINE
from handbook.problems import Problem

Path_ = tuple[str | int, ...]

# Fields that name something people look for: they also may not mix look-alike scripts.
NAME_FIELDS = frozenset({"title", "aliases", "name", "organisation"})
_CACHE_KEY = "text rules"


def text_problems(doc: Document, model: type[BaseModel]) -> list[Problem]:
    """The text rules broken in `doc`, a file of `model` records (a catalog: a list of them)."""
    if doc.plain:  # ASCII without escapes or controls: no rule can apply
        return []
    key = (_CACHE_KEY, model)
    found = doc.validated.get(key)
    if found is None:
        found = doc.validated[key] = tuple(_walk(doc, model))
    return list(found)


def _walk(doc: Document, model: type[BaseModel]) -> Iterator[Problem]:
    top = doc.data
    stack: list[tuple[Path_, Any, type[BaseModel]]] = (
        [((i,), item, model) for i, item in enumerate(top)]
        if isinstance(top, list)
        else [((), top, model)]
    )
    while stack:
        path, data, current = stack.pop()
        if not isinstance(data, dict):
            continue
        fields = _fields(current)
        for key, value in data.items():
            kind, inner = fields.get(key, ("", None))
            if not kind:
                continue
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for index, item in items:
                where = (*path, key) if index is None else (*path, key, index)
                if inner is not None:
                    stack.append((where, item, inner))
                elif isinstance(item, str):
                    for message in value_problems(item, kind):
                        yield Problem(doc.file, doc.line_of(where), _dotted(where), message)


def value_problems(value: str, kind: str) -> list[str]:
    """Messages for one value: `kind` is 'name', 'line' or 'text'."""
    value = value.strip()  # as the model keeps it
    found = [rule.message(value) for rule in names.text_rules(value, line=kind != "text")]
    if kind == "name":
        found += [
            f"{value!r} mixes {' and '.join(mixed.scripts)} letters in {mixed.word!r} "
            f"({mixed.odd!r} only looks like a letter of the other script): retype the word in "
            "one script"
            for mixed in names.mixed_script_words(value)
        ]
    return found


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, tuple[str, type[BaseModel] | None]]:
    """Each field of `model` by the key a file writes it with: what kind of text it holds
    ('name', 'line', 'text', or '' for none) or, for a record inside, 'record' and its model."""
    out: dict[str, tuple[str, type[BaseModel] | None]] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = _record(info.annotation)
        if inner is not None:
            out[key] = ("record", inner)
            continue
        kind = _text_kind(info.annotation, info.metadata)
        if kind and key.endswith("_url"):
            kind = ""  # an address: checked by handbook.urls
        if kind and name in NAME_FIELDS:
            kind = "name"
        out[key] = (kind, None)
    return out


def _options(annotation: Any) -> list[Any]:
    """The types an annotation allows, through `X | None` and `list[X]`."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return _options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [o for a in typing.get_args(annotation) if a is not type(None) for o in _options(a)]
    return [annotation]


def _record(annotation: Any) -> type[BaseModel] | None:
    for option in _options(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def _text_kind(annotation: Any, metadata: list[Any]) -> str:
    for option in _options(annotation):
        constraints = list(metadata)
        if typing.get_origin(option) is typing.Annotated:
            option, *extra = typing.get_args(option)
            constraints += extra
        if option is not str:
            continue
        limits = [c for c in constraints if isinstance(c, StringConstraints)]
        if any(c.pattern for c in limits):
            return ""  # an id or a code
        return "line" if any(c.max_length == MAX_LINE for c in limits) else "text"
    return ""
