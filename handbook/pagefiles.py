"""The writers' files under docs/ as found on disk: what cannot be read is said, never opened.

`handbook check` reads the pages as the build does (the plugin's `on_files`): a named pipe, a
device, a socket or a symbolic link in a loop or to nothing is reported by what it is (MkDocs
would wait forever, copy /dev/zero until the disk is full, or stop with a traceback); a page
that is not UTF-8 text, or whose front matter the handbook refuses, is named with the fix.
"""

from __future__ import annotations

import os
from pathlib import Path

from handbook.frontmatter import front_matter_problems
from handbook.loading import decode, read_bytes, special_kind, special_message
from handbook.problems import Problem

LOOP = "is a symbolic link to a folder that holds it (a loop), so it is not read: delete the link"


def folder_loops(docs: Path) -> list[str]:
    """Folders under `docs` (relative, '/'-separated) that are symbolic links to a folder that
    holds them: MkDocs, which follows links, would read what is under them again and again."""
    found: list[str] = []
    for folder, names, _ in os.walk(docs):
        real_folder = os.path.realpath(folder)
        for name in list(names):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                continue
            names.remove(name)  # links are not followed here; MkDocs follows those that do not loop
            target = os.path.realpath(path)
            if real_folder == target or real_folder.startswith(os.path.join(target, "")):
                found.append(Path(path).relative_to(docs).as_posix())
            else:
                found += [
                    f"{Path(path).relative_to(docs).as_posix()}/{inner}"
                    for inner in folder_loops(Path(path))
                ]
    return sorted(found)


def scan_docs(docs: Path, shown_docs: str | None = None) -> tuple[list[str], list[Problem]]:
    """The Markdown pages under `docs` (relative paths), and the problems of the files there."""
    shown_root = shown_docs if shown_docs is not None else docs.as_posix()
    problems: list[Problem] = []
    pages: list[str] = []
    loops = folder_loops(docs)
    problems += [Problem(f"{shown_root}/{loop}", None, "", LOOP) for loop in loops]
    for folder, names, files in os.walk(docs, followlinks=True):
        relative = Path(folder).relative_to(docs).as_posix()
        for name in list(names):
            inside = f"{relative}/{name}".removeprefix("./")
            if inside in loops:
                names.remove(name)
        names.sort()
        for name in sorted(files):
            path = Path(folder) / name
            page = path.relative_to(docs).as_posix()
            shown = f"{shown_root}/{page}"
            kind = special_kind(path)
            if kind is not None:
                problems.append(Problem(shown, None, "", special_message(kind)))
                continue
            if not name.endswith(".md"):
                continue
            raw, unreadable = read_bytes(path, shown)
            if raw is None:
                problems += [unreadable] if unreadable else []
                continue
            text, error = decode(raw)
            if text is None:
                problems.append(Problem(shown, None, "", error or "unreadable"))
                continue
            problems += front_matter_problems(text, shown)
            pages.append(page)
    return pages, problems
