"""The package's general pages in the handbook's language: each piece of a page is a message.

The general pages (home, career paths, the reference pages, the writers' guide) are Markdown
in `handbook/pages/`, written in English. As Sphinx's gettext builder does with documents, a
page is cut into its pieces of prose — a paragraph, a heading, a list item, a table cell, an
admonition's title — and each piece is one message of the catalogs (`make catalogs` extracts
them with `extract` below). A page is shown in another language by putting each piece's
translation in its place: the Markdown around the pieces (list markers, heading marks, table
pipes, indentation), code blocks, front matter and lines of macros only are left as they are.
A piece with no translation stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import IO, Any

from markdown.extensions.toc import slugify

Translate = Callable[[str], str]

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6}\s+)(.*?)(\s*\{[^}]*\})?$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
_ADMONITION = re.compile(r'^(\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s+")(.*)("\s*)$')
_MACROS_ONLY = re.compile(r"^\s*(\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->)\s*$")
_CODE_ONLY = re.compile(r"^\s*(`[^`]*`[\s,;/]*)+$")
_SEPARATOR_ROW = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
_PLAIN = re.compile(r"^[^`*_\[\]{}<>&#]+$")  # a heading's text with no markup: its id is known


def pieces(markdown: str) -> Iterator[tuple[int, str]]:
    """Each piece of prose of a page with its line number (from 1), in order."""
    for line_no, _prefix, text, _suffix in _walk(markdown.splitlines()):
        yield line_no, text


def translate(markdown: str, gettext: Translate) -> str:
    """The page with each piece of prose replaced by `gettext(piece)`."""
    lines: list[str | None] = list(markdown.splitlines())
    # Right to left within a line, so the offsets of the pieces before stay true.
    found = sorted(_walk(markdown.splitlines()), key=lambda p: (p[0], -len(p[1])))
    for line_no, prefix, text, suffix in found:
        translated = gettext(text)
        if translated == text:
            continue
        index = line_no - 1
        line = lines[index]
        assert line is not None
        if "\n" in text:  # a paragraph with continuation lines: they join its first line
            for extra in range(index + 1, index + text.count("\n") + 1):
                lines[extra] = None
            line = prefix + text.split("\n")[0]
        start = len(prefix)
        end = len(line) - len(suffix)
        if prefix.startswith("#") and not suffix and _PLAIN.match(text):
            # The heading keeps the id its English words give it, which links point to.
            translated += f" {{: #{slugify(text, '-')} }}"
        indent = " " * len(prefix) if not prefix.strip() else ""
        lines[index] = line[:start] + translated.replace("\n", "\n" + indent) + line[end:]
    text = "\n".join(line for line in lines if line is not None)
    return text + ("\n" if markdown.endswith("\n") else "")


def _walk(lines: list[str]) -> Iterator[tuple[int, str, str, str]]:
    """(line number, what comes before the piece on its line, the piece, what comes after)."""
    i = 0
    fenced = False
    raw = False
    if lines and lines[0].strip() == "---":  # front matter
        end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), 0)
        i = end + 1
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if _FENCE.match(line):
            fenced = not fenced
            i += 1
            continue
        if fenced or not stripped or _MACROS_ONLY.match(line):
            raw = raw or stripped == "{% raw %}"
            if stripped == "{% endraw %}":
                raw = False
            i += 1
            continue
        heading = _HEADING.match(line)
        admonition = _ADMONITION.match(line)
        if heading:
            yield from _piece(i, heading.group(1), heading.group(2), heading.group(3) or "")
            i += 1
            continue
        if admonition:
            yield from _piece(i, admonition.group(1), admonition.group(2), admonition.group(3))
            i += 1
            continue
        if stripped.startswith("|"):
            if not _SEPARATOR_ROW.match(line):
                yield from _cells(i, line)
            i += 1
            continue
        if stripped.startswith("<"):
            i += 1
            continue
        item = _ITEM.match(line)
        prefix = item.group(1) if item else line[: len(line) - len(line.lstrip())]
        first = item.group(2) if item else stripped
        # continuation lines: the lines after, up to a blank line, a new item or a new block
        j = i + 1
        body = [first]
        while j < len(lines) and lines[j].strip() and not _starts_block(lines[j]):
            body.append(lines[j].strip())
            j += 1
        yield from _piece(i, prefix, "\n".join(body), "")
        i = j


def _starts_block(line: str) -> bool:
    return bool(
        _ITEM.match(line)
        or _HEADING.match(line)
        or _FENCE.match(line)
        or line.strip().startswith(("|", "<", "!!!", "???"))
        or _MACROS_ONLY.match(line)
    )


def _piece(index: int, prefix: str, text: str, suffix: str) -> Iterator[tuple[int, str, str, str]]:
    if _WORD.search(_without_code(text)) and not _CODE_ONLY.match(text):
        yield index + 1, prefix, text, suffix


def _without_code(text: str) -> str:
    return re.sub(r"`[^`]*`|\{\{.*?\}\}|\{%.*?%\}", "", text)


def _cells(index: int, line: str) -> Iterator[tuple[int, str, str, str]]:
    """Each cell of a table row with words in it, as a piece (the rest of the row around it)."""
    for cell in re.finditer(r"(?<=\|)([^|]+)(?=\|)", line):
        text = cell.group(1).strip()
        if not text:
            continue
        start = line.index(text, cell.start())
        yield from _piece(index, line[:start], text, line[start + len(text) :])


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for the general pages (`babel.cfg`)."""
    for line_no, text in pieces(fileobj.read().decode("utf-8")):
        yield line_no, None, text, []
