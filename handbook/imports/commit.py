"""Writing the import's files all or nothing: new files and changed files together.

Every file is first written beside its target under a temporary name; only when all are
written are they renamed into place. A failure on the way (no space, no permission, a file
changed meanwhile) removes the temporary files and puts back whatever was already renamed, so
the data folder is as it was, and the reason is one line.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from handbook.imports.plan import FileWrite


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _stage(path: Path, text: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return Path(name)


def write_all(files: Sequence[FileWrite]) -> tuple[str, str] | None:
    """Write every file or none: (path, reason) when nothing was written, else None."""
    temps: list[Path] = []
    done: list[FileWrite] = []
    current = files[0].path if files else Path()
    try:
        for item in files:
            current = item.path
            if _current(item.path) != item.original:
                raise FileExistsError(
                    f"{item.path.as_posix()} changed while importing; run the import again"
                )
            temps.append(_stage(item.path, item.text))
        for item, temp in zip(files, temps, strict=True):
            current = item.path
            os.replace(temp, item.path)
            done.append(item)
    except OSError as err:
        for temp in temps:
            temp.unlink(missing_ok=True)
        for item in reversed(done):
            with contextlib.suppress(OSError):
                if item.original is None:
                    item.path.unlink()
                else:
                    os.replace(_stage(item.path, item.original), item.path)
        reason = str(err) if isinstance(err, FileExistsError) else (err.strerror or str(err))
        return current.as_posix(), f"could not be written ({reason}); nothing was changed"
    return None
