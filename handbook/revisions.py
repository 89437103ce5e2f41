"""The role data as it was at a git revision, read with git and loaded by the handbook's loader.

`snapshot` writes the data folder of one commit into a temporary folder (`git archive`, regular
files only) and reads it with `read_handbook`, the same loader as `check` and the site; the
working tree is read where it is. `renames` asks git which role files were renamed between two
versions, so a moved file keeps its identity. Every git failure becomes a `RevisionError` of one
line saying what to do.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from handbook.model import Handbook
from handbook.validation import ROLES_DIR, read_handbook

WORKING_TREE = "the working tree"


class RevisionError(Exception):
    """Git cannot give the data asked for; the message is one line for the person."""


@dataclass(frozen=True)
class Snapshot:
    """The role data of one version: what loaded, and the role files that have problems."""

    label: str
    handbook: Handbook
    broken: list[str] = field(default_factory=list)


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            check=False,
            timeout=300,
        )
    except FileNotFoundError as err:
        raise RevisionError("git is not installed: handbook diff needs it") from err
    except subprocess.TimeoutExpired as err:
        raise RevisionError(f"git {args[0]} took more than 5 minutes; try again") from err
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {args[0]} failed: {reason[-1] if reason else 'no reason given'}")
    return done.stdout


def repository(folder: Path) -> Path:
    """The top folder of the git repository holding `folder`."""
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except RevisionError as err:
        raise RevisionError(
            f"{folder.resolve().as_posix()} is not in a git repository: handbook diff compares "
            "versions of the role data that git keeps (run it inside your clone)"
        ) from err
    return Path(top.decode("utf-8").strip())


def commit(root: Path, revision: str) -> str:
    """The commit id a revision names, or a RevisionError naming it."""
    if revision.startswith("-"):
        raise RevisionError(f"{revision!r} is not a revision: name a branch, tag or commit")
    try:
        found = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
        )
        return found.decode("ascii").strip()
    except RevisionError as err:
        raise RevisionError(
            f"unknown revision {revision!r}: name a branch, tag or commit of this repository "
            "(e.g. main, origin/main, HEAD~1); in a shallow clone, fetch it first"
        ) from err


def data_path(root: Path, data: Path) -> str:
    """The data folder as a path inside the repository (for git)."""
    try:
        relative = data.resolve().relative_to(root.resolve())
    except ValueError as err:
        raise RevisionError(
            f"the data folder {data.as_posix()} is outside the git repository {root.as_posix()}"
        ) from err
    return relative.as_posix() if relative.parts else "."


def _extract(archive: bytes, inside: str, target: Path) -> None:
    prefix = PurePosixPath(inside)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
        for member in tar:
            if not member.isfile():
                continue  # folders are made as needed; links are not data
            name = PurePosixPath(member.name)
            if name.is_absolute() or ".." in name.parts:
                continue
            relative = name.relative_to(prefix) if inside != "." else name
            out = target.joinpath(*relative.parts)
            out.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            if source is not None:
                out.write_bytes(source.read())


def snapshot(root: Path, data: Path, revision: str | None, label: str) -> Snapshot:
    """The role data at `revision` (a commit id), or in the working tree when it is None."""
    if revision is None:
        return _loaded(label, data)
    inside = data_path(root, data)
    listed = _git(root, "ls-tree", "--name-only", revision, "--", inside)
    with tempfile.TemporaryDirectory(prefix="handbook-diff-") as temp:
        folder = Path(temp) / "data"
        folder.mkdir()
        if listed.strip():
            _extract(_git(root, "archive", "--format=tar", revision, "--", inside), inside, folder)
        return _loaded(label, folder)


def _loaded(label: str, folder: Path) -> Snapshot:
    result = read_handbook(folder, display_root=folder)
    broken = sorted(result.broken)
    return Snapshot(label, result.handbook, broken)


def renames(root: Path, data: Path, base: str, head: str | None) -> dict[str, str]:
    """Role files git sees renamed from `base` to `head` (None: the working tree): old → new id."""
    roles = f"{data_path(root, data).rstrip('/')}/{ROLES_DIR}/".removeprefix("./")
    args = ["diff", "--name-status", "-M", "-z", "--no-ext-diff", base]
    out = _git(root, *args, *([head] if head else []), "--", roles)
    fields = out.decode("utf-8", "replace").split("\0")
    found: dict[str, str] = {}
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index]
        if status.startswith(("R", "C")):
            old, new = fields[index + 1], fields[index + 2]
            index += 3
            if status.startswith("R") and old.endswith(".yml") and new.endswith(".yml"):
                found[PurePosixPath(old).stem] = PurePosixPath(new).stem
        else:
            index += 2
    return found
