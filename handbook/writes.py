"""Writing several new files all or nothing: either every file is written, or none is left.

Used by `handbook new-role` and `handbook init`: a failure half-way (a file where a folder is
needed, a full disk, no permission) leaves the project as it was, with one line saying why.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Planned:
    path: Path
    text: str


def _blocker(path: Path) -> str | None:
    """Why `path` cannot be created as a new file, or None."""
    if path.exists() or path.is_symlink():
        return "already exists; edit it, or choose another name"
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent.as_posix()} is a file where a folder is needed"
            break
    return None


def write_all(files: Sequence[Planned]) -> tuple[str, str] | None:
    """Write every file, or none: (path, reason) when nothing was written, else None."""
    for item in files:
        reason = _blocker(item.path)
        if reason:
            return item.path.as_posix(), reason
    made_dirs: list[Path] = []
    written: list[Path] = []
    temps: list[Path] = []
    current = files[0].path if files else Path()
    try:
        for item in files:
            current = item.path
            missing = [p for p in reversed(item.path.parents) if not p.exists()]
            for folder in missing:
                folder.mkdir()
                made_dirs.append(folder)
            handle, name = tempfile.mkstemp(prefix=f".{item.path.name}.", dir=item.path.parent)
            temps.append(Path(name))
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(item.text)
        for item, temp in zip(files, temps, strict=True):
            current = item.path
            if item.path.exists():  # appeared meanwhile: do not overwrite
                raise FileExistsError(f"{item.path} appeared while writing")
            os.replace(temp, item.path)
            written.append(item.path)
    except OSError as err:
        for path in [*written, *temps]:
            path.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            with contextlib.suppress(OSError):
                folder.rmdir()
        return current.as_posix(), f"could not be written ({err.strerror or err})"
    return None
