"""YAML files → plain data, keeping the line of every value; hostile or ambiguous YAML refused.

Handbook files are written by people and read by several tools (this checker, editors with
the YAML language server, GitHub's preview), so the loader accepts only the part of YAML on
which they all agree and says so, with the line and the fix, for anything else:

- anchors and aliases (`&name`, `*name`, `<<` merges) are refused. A role file is meant to be
  read on its own, and refusing them rules out "billion laughs" expansion by construction;
- explicit tags (`!!int`, `!Ref`, `!!python/name:…`) are refused: values are plain text,
  numbers, true/false or null;
- plain values that YAML 1.1 (PyYAML, many editors) and YAML 1.2 read differently —
  `040000` (octal), `0xABE0`, `1_000`, `1:30` (base 60), `yes`/`no`/`on`/`off`, dates — are
  kept as their text and marked, so validation can report them with the fix for the field
  they are in ("write 40000", "put 'no' in quotes");
- nesting is bounded and built without recursion, so deep input cannot exhaust the stack.

The file is read as libyaml events in one pass (faster than composing nodes) and values are
built with an explicit stack.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook import placeholders
from handbook.problems import Problem
from handbook.yaml_hints import syntax_fix

try:  # libyaml's parser is about five times faster than the pure-Python one.
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

Path_ = tuple[str | int, ...]

# A backslash (the start of an escape in a double-quoted value) or a control character other
# than tab and line breaks.
_NOT_PLAIN = re.compile(r"[\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DEPTH = 24  # role files nest five levels deep; anything far deeper is a mistake or an attack
MAX_BYTES = 5_000_000


class Yaml11(str):
    """A plain value that YAML 1.1 reads as something other than its text (see module doc).

    It stays text (the YAML 1.2 reading) and carries what YAML 1.1 makes of it, so the
    validator can name both readings and the fix.
    """

    # 'bool', 'octal', 'leading-zero', 'hex', 'binary', 'underscore', 'base60', 'date', ...,
    # or 'huge': an integer of more digits than PyYAML (and Python) read.
    kind: str
    yaml11: object  # the value a YAML 1.1 tool reads

    def __new__(cls, text: str, kind: str, yaml11: object) -> Yaml11:
        value = super().__new__(cls, text)
        value.kind = kind
        value.yaml11 = yaml11
        return value


@dataclass
class Document:
    """One parsed YAML file: its data and the line (1-based) where each value sits."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # Whether the text holds a `<FILL IN: …>` placeholder anywhere (most files do not).
    placeholders: bool = False
    # Values YAML 1.1 and 1.2 read differently, by path (empty for nearly every file).
    ambiguous: dict[Path_, Yaml11] = field(default_factory=dict)
    # Whether every value is plain ASCII text with no control character: the text was ASCII
    # with no backslash (no escape can make another character) and no control but white space.
    # The text rules (handbook.textcheck) have nothing to look at in such a file, nearly all.
    plain: bool = False
    # Records validated from this document, by (model, path of the record): documents are
    # cached by text (see load_yaml), so a rebuild in `mkdocs serve` validates only the files
    # that changed. Records are frozen, so they are shared as the documents are.
    validated: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


# ---- scalars ---------------------------------------------------------------------------------

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_BOOL_11 = {
    **dict.fromkeys(["yes", "Yes", "YES", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "off", "Off", "OFF"], False),
}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
_AMBIGUOUS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[-+]?0[0-7_]+"), "octal"),
    (re.compile(r"[-+]?0[0-9_]+"), "leading-zero"),
    (re.compile(r"[-+]?0x[0-9a-fA-F_]+"), "hex"),
    (re.compile(r"[-+]?0o[0-7_]+"), "octal"),
    (re.compile(r"[-+]?0b[01_]+"), "binary"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"), "base60"),
    (re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"), "underscore"),
    (re.compile(r"[-+]?[0-9]+[eE][-+]?[0-9]+"), "exponent"),
    (
        re.compile(
            r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
        ),
        "date",
    ),
]


def _yaml11_number(text: str, kind: str) -> object:
    """What a YAML 1.1 reader makes of a numeric-looking plain value (for the message)."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    body = digits.lstrip("+-")
    try:
        if kind == "octal":
            return sign * int(body.removeprefix("0o") or "0", 8)
        if kind == "hex":
            return sign * int(body[2:], 16)
        if kind == "binary":
            return sign * int(body[2:], 2)
        if kind == "base60":
            whole, _, fraction = body.partition(".")
            value = 0
            for part in whole.split(":"):
                value = value * 60 + int(part)
            return sign * (value + float("0." + fraction) if fraction else value) * 1
        if kind in {"underscore", "leading-zero"}:
            return sign * (float(body) if any(c in body for c in ".eE") else int(body))
    except ValueError:
        return text
    return text


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar: YAML 1.2's core schema, 1.1-only forms marked."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    first = text[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts (4,300 by default)
                return Yaml11(text, "huge", text)
        if _FLOAT.fullmatch(text) and ("." in text):
            return float(text)
        if text in _SPECIAL_FLOAT:
            return float(_SPECIAL_FLOAT[text])
        for pattern, kind in _AMBIGUOUS:
            if pattern.fullmatch(text) and (kind != "underscore" or "_" in text):
                yaml11 = text if kind in {"date", "exponent"} else _yaml11_number(text, kind)
                return Yaml11(text, kind, yaml11)
        return text
    if text in _BOOL_11:
        return Yaml11(text, "bool", _BOOL_11[text])
    return text


def _shown_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


# ---- documents -------------------------------------------------------------------------------


class _Refused(Exception):
    """The file uses YAML that handbook files do not allow; the problems say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


class _Frame:
    """An open mapping or list, and where it sits."""

    __slots__ = ("container", "is_dict", "key", "key_line", "path")

    def __init__(self, container: dict[Any, Any] | list[Any], path: Path_) -> None:
        self.container = container
        self.is_dict = type(container) is dict
        self.path = path
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_line = 0


_ANCHOR_FIX = (
    "anchors and aliases (&name, *name) are not used in handbook files, so each file reads on "
    "its own: write the value out in full"
)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.ambiguous: dict[Path_, Yaml11] = {}
        self.dupes: list[tuple[Path_, int]] = []
        self.refusals: list[Problem] = []

    def refuse(self, line: int, message: str) -> None:
        self.refusals.append(Problem(self.file, line, "", message))

    def check_node(self, event: Any, line: int, what: str) -> None:
        if event.anchor is not None:
            self.refuse(line, f"anchor &{event.anchor}: {_ANCHOR_FIX}")
        tag = getattr(event, "tag", None)
        if tag is not None and (what != "scalar" or not event.implicit[0]):
            fix = (
                "write the value plainly: text in quotes, numbers in plain digits"
                if what == "scalar"
                else f"remove it: a {what} needs no tag"
            )
            self.refuse(line, f"YAML tag {_shown_tag(tag)!r} is not allowed here: {fix}")

    def build(self, loader: Any) -> Any:
        """The document's value, from the parser's events.

        This loop runs for every value of every file (about 300 events per role file), so it
        dispatches on the event's class once and checks anchors and tags only when an event
        has one; what it accepts and refuses is described in the module's docstring.
        """
        stack: list[_Frame] = []
        frame: _Frame | None = None  # the innermost open mapping or list
        root: Any = None
        documents = 0
        lines = self.lines
        get_event = loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR:
                line = event.start_mark.line + 1
                if frame is not None and frame.is_dict and frame.key is None:  # a key
                    if event.anchor is not None or event.tag is not None:
                        self.check_node(event, line, "key")
                    if event.value == "<<" and not event.style:
                        self.refuse(line, f"merge key '<<': {_ANCHOR_FIX}")
                        raise _Refused(self.refusals)
                    frame.key, frame.key_line = event.value, line
                    continue
                if event.anchor is not None or event.tag is not None:
                    self.check_node(event, line, "scalar")
                value: Any = event.value if event.style else resolve_plain(event.value)
                opens = False
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
                frame = stack[-1] if stack else None
                continue
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                line = event.start_mark.line + 1
                if frame is not None and frame.is_dict and frame.key is None:
                    self.refuse(line, "a key must be a plain name, not a list or mapping")
                    raise _Refused(self.refusals)
                if event.anchor is not None or event.tag is not None:
                    self.check_node(event, line, "mapping" if kind is _MAPPING_START else "list")
                if len(stack) >= MAX_DEPTH:
                    self.refuse(
                        line,
                        f"values are nested more than {MAX_DEPTH} levels deep here; handbook "
                        "files need at most six: check the indentation and brackets",
                    )
                    raise _Refused(self.refusals)
                value = {} if kind is _MAPPING_START else []
                opens = True
            elif kind is _ALIAS:
                self.refuse(event.start_mark.line + 1, f"alias *{event.anchor}: {_ANCHOR_FIX}")
                raise _Refused(self.refusals)
            elif kind is _STREAM_END:
                return root
            elif kind is _DOCUMENT_START:
                documents += 1
                if documents > 1:
                    self.refuse(
                        event.start_mark.line + 1 if event.start_mark else 0,
                        "a second YAML document starts here ('---'): a handbook file holds one; "
                        "remove the line or move the rest to its own file",
                    )
                    raise _Refused(self.refusals)
                continue
            else:  # the stream's start, a document's end
                continue
            # A value: where it goes, and its path.
            duplicate = False
            if frame is None:
                path: Path_ = ()
                lines[path] = line
                root = value
            elif not frame.is_dict:
                items = frame.container
                path = (*frame.path, len(items))
                lines[path] = line
                items.append(value)  # type: ignore[union-attr]
            else:
                key = frame.key
                assert key is not None
                path = (*frame.path, key)
                if key in frame.container:
                    duplicate = True
                    self.dupes.append((path, frame.key_line))
                    # The second value is read (to find its own mistakes) but not kept.
                    path = (*frame.path, f"{key} (again, line {frame.key_line})")
                else:
                    frame.container[key] = value  # type: ignore[call-overload]
                lines[path] = frame.key_line
                frame.key = None
            if opens:
                frame = _Frame(value, path)
                stack.append(frame)
            elif not duplicate and type(value) is Yaml11:
                self.ambiguous[path] = value


_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_ALIAS, _STREAM_END, _DOCUMENT_START = yaml.AliasEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    reason = err.problem or err.context or "invalid YAML"
    if err.context and err.problem and err.context_mark:
        start = err.context_mark
        reason += f" ({err.context} started at line {start.line + 1}, column {start.column + 1})"
    where = f" at column {column}" if column else ""
    fix = syntax_fix(reason)
    return Problem(file, line, "", f"YAML syntax error{where}: {reason}; {fix}", column)


def parse_yaml(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML text; a syntax error or refused construct gives no document, only problems."""
    text = text.removeprefix("\ufeff")
    builder = _Builder(file)
    loader = _Parser(text)
    try:
        data = builder.build(loader)
    except _Refused as refused:
        return None, refused.problems
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, file)]
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        column = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        message = (
            f"YAML syntax error at column {column}: character {err.character!r} is not allowed"
        )
        return None, [Problem(file, line, "", message, column)]
    finally:
        loader.dispose()
    if builder.refusals:  # tags and anchors: every one is listed, then the file is refused
        return None, builder.refusals
    problems = [
        Problem(
            file,
            line,
            _dotted(path),
            f"duplicate key {path[-1]!r}: it is already set above in the same mapping; "
            "remove one of the two",
        )
        for path, line in builder.dupes
    ]
    document = Document(file, data, builder.lines, placeholders.MARK in text, builder.ambiguous)
    document.plain = text.isascii() and not _NOT_PLAIN.search(text)
    return document, problems


def decode(raw: bytes) -> tuple[str | None, str | None]:
    """UTF-8 text (a byte-order mark is dropped), or why the bytes are not UTF-8."""
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, (
            f"is not UTF-8 text (byte 0x{raw[err.start]:02x} at line {line}, column {column}): "
            "save the file with the UTF-8 encoding"
        )


# Parsed files by (name shown, text): a rebuild in `mkdocs serve` parses only the files that
# changed. Documents are shared between callers, who only read them.
_PARSED: dict[tuple[str, str], tuple[Document | None, tuple[Problem, ...]]] = {}
_PARSED_LIMIT = 20_000


def clear_cache() -> None:
    _PARSED.clear()


def special_kind(path: Path | str) -> str | None:
    """What `path` is when it is neither an ordinary file nor a folder — a named pipe, a device,
    a socket, a symbolic link in a loop or to nothing — for a message; None otherwise (and for a
    path that does not exist). Only the file's status is read: it is never opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a symbolic link that leads back to itself (a loop)"
        if os.path.islink(path):
            return f"a symbolic link to {os.readlink(path)!r}, which does not exist"
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode):
        kind = "a character device"
    elif stat.S_ISBLK(mode):
        kind = "a block device"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    else:
        kind = "a special file"
    if os.path.islink(path):
        kind = f"a symbolic link to {os.readlink(path)!r}, {kind}"
    return kind


def special_message(kind: str) -> str:
    """The message for a special file found where an ordinary file is expected."""
    return (
        f"is {kind}, not an ordinary file, so it is not read: delete it, or put an ordinary "
        "file in its place"
    )


def read_bytes(
    path: Path, display: str, limit: int = MAX_BYTES
) -> tuple[bytes | None, Problem | None]:
    """The bytes of the ordinary file `path`, or the problem that stops it being read.

    A named pipe, a device or a socket is reported by what it is and never opened (opening a
    pipe waits for a writer; a device such as /dev/zero never ends); the file is opened without
    blocking and checked again once open, in case it was replaced in between.
    """
    kind = special_kind(path)
    if kind is not None:
        return None, Problem(display, None, "", special_message(kind))
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        return None, Problem(display, None, "", f"cannot read file: {err.strerror or err}")
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return None, Problem(display, None, "", special_message("a special file"))
        if status.st_size > limit:
            return None, Problem(
                display,
                None,
                "",
                f"file is {status.st_size:,} bytes; handbook files are far smaller (the limit is "
                f"{limit:,}): split it or remove what does not belong",
            )
        try:
            return file.read(limit + 1)[:limit], None
        except OSError as err:
            return None, Problem(display, None, "", f"cannot read file: {err.strerror or err}")


def load_yaml(path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; unreadable files are problems, not exceptions."""
    raw, unreadable = read_bytes(path, display)
    if raw is None:
        return None, [unreadable] if unreadable else []
    text, error = decode(raw)
    if text is None:
        return None, [Problem(display, None, "", error or "cannot read file")]
    key = (display, text)
    cached = _PARSED.get(key)
    if cached is None:
        doc, problems = parse_yaml(text, display)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        cached = _PARSED[key] = (doc, tuple(problems))
    return cached[0], list(cached[1])
