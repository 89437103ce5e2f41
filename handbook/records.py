"""Parsed YAML documents → validated model records, with pydantic's errors rewritten for writers."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handbook import placeholders
from handbook.loading import Document, Yaml11
from handbook.names import id_hint
from handbook.problems import Problem, did_you_mean

M = TypeVar("M", bound=BaseModel)


def _show(value: Any) -> str:
    if isinstance(value, bool):  # as YAML writes it
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _limit(number: object) -> str:
    return f"{number:,}" if isinstance(number, int) and abs(number) >= 10_000 else str(number)


_YES_NO = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}


def _type_fix(expects: str, value: Any) -> str:
    """Why `value` is not of the kind a field takes, with the fix: the messages of the one rule
    that values are taken as written (see `handbook.model.Strict`)."""
    wanted = {"whole": "a whole number", "number": "a number", "bool": "true or false"}[expects]
    got = f"expected {wanted}, got {_show(value)}"
    if expects == "bool":
        if isinstance(value, str) and value.strip().lower() in _YES_NO:
            word = "true" if _YES_NO[value.strip().lower()] else "false"
            return f"{got}, which is text: write {word}, without quotes"
        if type(value) is int and value in (0, 1):
            return f"{got}, which is a number: write {'true' if value else 'false'}"
        return got
    if isinstance(value, bool):
        return f"{got}, which is a yes-or-no value, not a number: write the figure in digits"
    if isinstance(value, str):
        written = value.strip()
        digits = written.replace(",", "").replace("_", "").replace(" ", "")
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?" if expects == "number" else "[0-9]+", digits):
            plain = digits if "." in digits else (digits.lstrip("0") or "0")
            if digits == written:  # digits only, so quoted: a plain one would be a number
                return f"{got}, which is text because of its quotes: write {plain}, without quotes"
            return f"{got}, which is text: write {plain}, in plain digits"
    return got


def too_long(value: str, limit: int) -> str:
    """The message for a value longer than its field allows (also used by `new-role`)."""
    return (
        f"{_show(value)} is {len(value):,} characters long, more than the {limit:,} this field "
        "allows: shorten it"
    )


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


def _annotation_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> Any:
    """The annotation of the field at `loc` inside `model` (list items: the item type)."""
    annotation: Any = model
    for part in loc:
        if isinstance(part, int):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            continue
        current = _submodel(annotation)
        info = current.model_fields.get(part) if current else None
        if info is None:
            return None
        annotation = info.annotation
    return annotation


def _expects(annotation: Any) -> str:
    """'bool', 'number', 'text' or '' for what a field holds."""
    options = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    kinds = set()
    for option in options:
        base = typing.get_origin(option) is typing.Annotated and typing.get_args(option)[0]
        option = base or option
        if option is bool:
            kinds.add("bool")
        elif option in (int, float):
            kinds.add("number")
        elif isinstance(option, type) and issubclass(option, str):
            kinds.add("text")
    return kinds.pop() if len(kinds) == 1 else ""


def _reading(value: object) -> str:
    if isinstance(value, bool):
        return "false" if value is False else "true"
    return f"the number {value}" if isinstance(value, int | float) else repr(value)


def ambiguity_message(value: Yaml11, expects: str) -> str:
    """Why a YAML 1.1-only value is refused, with the fix for the kind of field it is in."""
    text, kind, other = str(value), value.kind, value.yaml11
    if kind == "huge":
        digits = f"{text[:12]}… is a number of {len(text.lstrip('+-')):,} digits"
        if expects == "text":
            return f"{digits}: put it in quotes if it is meant as text"
        return f"{digits}, more than any value here: write the real figure"
    if expects == "bool" and kind == "bool":
        return (
            f"{text!r} means {_reading(other)} to some YAML tools and is text to others: "
            f"write {_reading(other)}"
        )
    if expects == "number" and kind != "bool" and kind != "date":
        if kind in {"octal", "leading-zero"}:
            plain = text.replace("_", "").lstrip("+").lstrip("0") or "0"
            return (
                f"{text} is read as {other} (an octal number) by some YAML tools: write "
                f"{plain}, without the leading zero"
                if kind == "octal"
                else f"{text} has a leading zero, which some YAML tools misread: write {plain}"
            )
        if kind in {"hex", "binary"}:
            base = "hexadecimal" if kind == "hex" else "binary"
            return f"{text} is a {base} number: write it in plain digits, {other}"
        if kind == "underscore":
            return f"{text} is text to some YAML tools: write {other}, without underscores"
        if kind == "base60":
            return (
                f"{text} is read as {other} (base 60) by some YAML tools and as text by "
                "others: write the number in plain digits"
            )
        return f"{text} is read differently by different YAML tools: write it in plain digits"
    what = {
        "bool": f"as {_reading(other)}",
        "date": "as a date",
        "exponent": "as text and by others as a number",
    }.get(kind, f"as {_reading(other)}")
    if expects == "text":
        quoted = f'"{text}"'
        return f"put {text} in quotes ({quoted}): some YAML tools read it {what}, not as text"
    return (
        f"{text!r} is read {what} by some YAML tools and as text by others: put it in quotes "
        "for text, or write a plain number, true or false"
    )


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
    if kind == "string_too_long" and isinstance(value, str):
        return too_long(value.strip(), int(ctx.get("max_length", 0)))
    if kind == "string_type":
        return f"expected text, got {_show(value)}"
    if kind == "string_pattern_mismatch":
        if "A-Z" in str(ctx.get("pattern", "")):
            return f"expected a three-letter currency code such as 'USD', got {_show(value)}"
        return f"{_show(value)} is not a valid id: {id_hint(value)}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _type_fix("whole", value)
    if kind in {"float_type", "float_parsing"}:
        return _type_fix("number", value)
    if kind in {"bool_type", "bool_parsing"}:
        return _type_fix("bool", value)
    if kind == "finite_number":
        return f"expected a number, got {_show(value)}: write the figure in digits"
    if kind == "greater_than_equal":
        return f"must be at least {_limit(ctx.get('ge'))}, got {_show(value)}"
    if kind == "less_than_equal":
        return f"must be at most {_limit(ctx.get('le'))}, got {_show(value)}"
    if kind == "enum":
        return f"expected one of {ctx.get('expected')}, got {_show(value)}"
    if kind == "list_type":
        return f"expected a list, got {_show(value)}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of fields, got {_show(value)}"
    if kind == "value_error":  # a field's own check (the language code): its message says why
        return str(ctx.get("error", err["msg"]))
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    return f"{err['msg']} (got {_show(value)})"


def validate_record(
    model: type[M], data: Any, doc: Document, prefix: tuple[int | str, ...] = ()
) -> tuple[M | None, list[Problem]]:
    """Validate one record of `doc` (found at `prefix`) against `model`.

    A field still holding a `<FILL IN: …>` placeholder is reported as such, once, and the
    errors the placeholder itself causes (a text in a number field) are left out. The outcome
    is kept with the document, which is shared by every read of the same text.
    """
    key = (model, prefix)
    kept = doc.validated.get(key)
    if kept is not None and kept[0] is data:
        return kept[1], list(kept[2])
    record, problems = _validate_record(model, data, doc, prefix)
    doc.validated[key] = (data, record, tuple(problems))
    return record, problems


def _validate_record(
    model: type[M], data: Any, doc: Document, prefix: tuple[int | str, ...]
) -> tuple[M | None, list[Problem]]:
    found = placeholders.find(data) if doc.placeholders else iter(())
    marked = [((*prefix, *path), placeholders.message(hint)) for path, hint in found]
    if doc.ambiguous:
        for loc, value in doc.ambiguous.items():
            if loc[: len(prefix)] == prefix:
                expects = _expects(_annotation_at(model, loc[len(prefix) :]))
                marked.append((loc, ambiguity_message(value, expects)))
    problems = [Problem(doc.file, doc.line_of(loc), _dotted(loc), text) for loc, text in marked]
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = (*prefix, *err["loc"])
            if any(loc[: len(seen)] == seen for seen, _ in marked):
                continue
            problems.append(Problem(doc.file, doc.line_of(loc), _dotted(loc), _message(model, err)))
        return None, problems
    # A record that still holds placeholders or ambiguous values is not used, even where
    # they are valid text.
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
