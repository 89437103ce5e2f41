"""Parsed YAML documents → validated model records, with pydantic's errors rewritten for writers."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handbook import placeholders
from handbook.loading import Document
from handbook.problems import Problem, did_you_mean

M = TypeVar("M", bound=BaseModel)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _submodel(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation such as `list[Model]` or `Model | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _submodel(arg)
        if found:
            return found
    if isinstance(annotation, types.UnionType):  # pragma: no cover - covered by get_args
        return None
    return None


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names a mapping at `loc` (inside `model`) may have."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _submodel(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _message(model: type[BaseModel], err: Any) -> str:
    kind: str = err["type"]
    loc: tuple[int | str, ...] = err["loc"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        hint = did_you_mean(name, allowed) or (
            f" (allowed: {', '.join(allowed)})" if allowed else ""
        )
        return f"unknown field {name!r}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_type":
        return f"expected text, got {_show(value)}"
    if kind == "string_pattern_mismatch":
        if "A-Z" in str(ctx.get("pattern", "")):
            return f"expected a three-letter currency code such as 'USD', got {_show(value)}"
        return (
            f"{_show(value)} is not a valid id: use lowercase letters, digits and hyphens, "
            "e.g. 'team-leader'"
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"expected a whole number, got {_show(value)}"
    if kind in {"float_type", "float_parsing"}:
        return f"expected a number, got {_show(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {_show(value)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {_show(value)}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {_show(value)}"
    if kind == "enum":
        return f"expected one of {ctx.get('expected')}, got {_show(value)}"
    if kind == "list_type":
        return f"expected a list, got {_show(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of fields, got {_show(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    return f"{err['msg']} (got {_show(value)})"


def validate_record(
    model: type[M], data: Any, doc: Document, prefix: tuple[int | str, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate one record of `doc` (found at `prefix`) against `model`.

    A field still holding a `<FILL IN: …>` placeholder is reported as such, once, and the
    errors the placeholder itself causes (a text in a number field) are left out.
    """
    found = placeholders.find(data) if doc.placeholders else iter(())
    filled_in = [((*prefix, *path), hint) for path, hint in found]
    problems = [
        Problem(doc.file, doc.line_of(loc), _dotted(loc), placeholders.message(hint))
        for loc, hint in filled_in
    ]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*prefix, *err["loc"])
            if any(loc[: len(marked)] == marked for marked, _ in filled_in):
                continue
            problems.append(Problem(doc.file, doc.line_of(loc), _dotted(loc), _message(model, err)))
        return None, problems
    # A record that still holds placeholders is not used, even where they are valid text.
    return (None if problems else record), problems


def catalog_records(
    model: type[M], doc: Document, what: str
) -> Iterator[tuple[M | None, list[Problem], int]]:
    """Validate every item of a catalog file, which is a YAML list of records."""
    if not isinstance(doc.data, list):
        yield (
            None,
            [
                Problem(
                    doc.file,
                    doc.line_of(()),
                    "",
                    f"expected a list of {what}, got {_show(doc.data)}",
                )
            ],
            -1,
        )
        return
    for index, item in enumerate(doc.data):
        record, problems = validate_record(model, item, doc, (index,))
        yield record, problems, index
