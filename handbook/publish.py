"""`make build`: a strict build into a folder of its own, then swapped in by renames.

    python -m handbook.publish [--site DIR]

1. A swap that an earlier run did not finish (it was killed) is finished or undone first; see
   `recover`.
2. `mkdocs build --strict` writes the new site into `site.tmp/`.
3. On success the old site is moved aside (`site.old/`), the new one moved in, and the old one
   removed (`swap`). Each move is one rename, so whenever the process is killed a whole site is
   at `site/`, or, between the two renames, at `site.old/`, which the next run moves back.
4. On failure `site/` stays as it was, unless it holds the internal edition and this build was
   for the public: then it is removed, so that the internal figures are not published by
   mistake from where the public site is expected.

A file that cannot be written (a full disk, a read-only folder) is one line naming it, never a
traceback. Only the standard library is used here, so the build runs as the `mkdocs` command.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

NEW_SUFFIX = ".tmp"
ASIDE_SUFFIX = ".old"


class PublishError(Exception):
    """A step that could not be done, said in one line."""


def _where(site: Path, suffix: str) -> Path:
    return site.with_name(site.name + suffix)


def _written(err: OSError) -> str:
    """'No space left on device: site.tmp/search/search_index.json'."""
    reason = err.strerror or str(err)
    return f"{reason}: {err.filename}" if err.filename else reason


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def recover(site: Path) -> str | None:
    """Finish or undo a swap that was interrupted; returns what was done, if anything.

    `site.old/` is left only by a run killed during its swap: with `site/` there, the new site
    had been moved in and the old one was being removed, so removing it finishes the swap;
    without, the old site had been moved aside, so it is moved back.
    """
    aside = _where(site, ASIDE_SUFFIX)
    if not aside.exists() and not aside.is_symlink():
        return None
    try:
        if site.exists() or site.is_symlink():
            _remove(aside)
            return f"removed {aside.name}/, the previous site an interrupted build left behind"
        aside.rename(site)
    except OSError as err:
        raise PublishError(f"cannot finish an interrupted build: {_written(err)}") from None
    return f"moved {aside.name}/ back to {site.name}/: an interrupted build had moved it aside"


def swap(new: Path, site: Path) -> None:
    """Put the complete site at `new` in the place of `site`, by renames (see module doc)."""
    aside = _where(site, ASIDE_SUFFIX)
    had_site = site.exists() or site.is_symlink()
    try:
        if had_site:
            site.rename(aside)
        new.rename(site)
    except OSError as err:
        raise PublishError(f"cannot move the new site into place: {_written(err)}") from None
    try:
        if had_site:
            _remove(aside)
    except OSError as err:  # the new site is in place; the next run removes the rest
        print(
            f"site: the previous site could not be removed from {aside.name}/ "
            f"({_written(err)}); the next build removes it",
            file=sys.stderr,
        )


# The last line of a Python traceback: "OSError: [Errno 28] No space left on device: 'x'".
_EXCEPTION = re.compile(r"^(?P<type>[A-Za-z_][\w.]*): (?:\[Errno \d+\] )?(?P<message>.*)$")


# "File too large: '/lib/theme/bundle.js' -> '/project/site.tmp/assets/bundle.js'" (a copy).
_PATHS = re.compile(
    r"^(?P<reason>.*?): '(?:[^']*)' -> '(?P<path>[^']*)'$|^(?P<only>.*?): '(?P<one>[^']*)'$"
)


def _tidy(message: str) -> str:
    """An OSError's message with only the file being written, relative to the current folder:
    'File too large: site.tmp/assets/bundle.js'."""
    match = _PATHS.match(message)
    if not match:
        return message
    reason, path = (
        (match["reason"], match["path"]) if match["reason"] else (match["only"], match["one"])
    )
    with contextlib.suppress(ValueError):
        path = os.path.relpath(path) if os.path.isabs(path) else path
        path = path if not path.startswith("..") else os.path.abspath(path)
    return f"{reason}: {path}"


def _os_error(name: str) -> bool:
    found = getattr(builtins, name.rsplit(".", 1)[-1], None)
    return isinstance(found, type) and issubclass(found, OSError)


def build_command(new: Path, extra: Sequence[str] = ()) -> list[str]:
    """The strict build of the site into `new` (no `-q`: MkDocs 1.6.1's strict mode with `-q`
    does not fail on warnings)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(new), *extra]


def build(new: Path, extra: Sequence[str] = ()) -> tuple[int, str | None]:
    """Run `mkdocs build --strict` into `new`; its output is passed on as it comes. Returns its
    exit code and, when it stopped on a file it could not write, that reason in one line (its
    traceback is not shown: the reason is all a writer can act on)."""
    command = build_command(new, extra)
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, errors="replace")
    assert process.stderr is not None
    held: list[str] = []
    for line in process.stderr:
        if held or line.startswith("Traceback (most recent call last):"):
            held.append(line)
        else:
            sys.stderr.write(line)
            sys.stderr.flush()
    code = process.wait()
    for line in reversed(held):
        match = _EXCEPTION.match(line.rstrip("\n"))
        if match:
            if _os_error(match["type"]):
                return code or 1, _tidy(match["message"])
            break
    sys.stderr.writelines(held)  # anything else is a bug, shown as it is
    return code, None


def _internal_edition(site: Path) -> bool:
    try:
        text = (site / "roles.json").read_text(encoding="utf-8")
        return bool(json.loads(text).get("audience") == "internal")
    except (OSError, ValueError, AttributeError):
        return False


def publish(site: Path, extra: Sequence[str] = ()) -> int:
    """The whole of `make build` (see module doc); returns the exit code."""
    new = _where(site, NEW_SUFFIX)
    try:
        done = recover(site)
        if done:
            print(f"site: {done}", file=sys.stderr)
        _remove(new)
        new.mkdir()
    except PublishError as err:
        print(f"site: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"site: cannot write the new site: {_written(err)}", file=sys.stderr)
        return 1
    code, unwritable = build(new, extra)
    if code == 0:
        try:
            swap(new, site)
        except PublishError as err:
            print(f"site: {err}; {site.name}/ is unchanged", file=sys.stderr)
            return 1
        print(f"{site.name}/ is the new build")
        return 0
    with contextlib.suppress(OSError):  # else removed by the next run
        _remove(new)
    if unwritable:
        print(f"site: the build could not write the new site: {unwritable}", file=sys.stderr)
    public = os.environ.get("HANDBOOK_AUDIENCE", "public") != "internal"
    if public and _internal_edition(site):
        try:
            _remove(site)
        except OSError as err:
            print(
                f"The build failed; {site.name}/ holds the internal edition and could not be "
                f"removed ({_written(err)}): delete it before publishing",
                file=sys.stderr,
            )
            return 1
        print(
            f"The build failed; {site.name}/ held the internal edition, so it was removed",
            file=sys.stderr,
        )
    else:
        print(f"The build failed; {site.name}/ is unchanged", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.publish",
        description="Build the handbook (strict) and put it in place of the site folder, so "
        "that a failed or interrupted build never leaves a half-written site.",
    )
    parser.add_argument("--site", default="site", help="the site folder (default: site)")
    args, extra = parser.parse_known_args(argv)
    return publish(Path(args.site), extra)


if __name__ == "__main__":
    sys.exit(main())
