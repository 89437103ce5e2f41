"""What changed in the role data and when, from the git history of the data folder.

One pass over the history per build: one `git log` of the data folder (first parents, with
renames and the blob ids of every file each commit changed), one `git ls-tree` of HEAD, and one
`git cat-file --batch` process that reads the few file versions that matter (those the recent
commits changed, and the version before each role's latest change). Nothing is run per role.

- `last_changed`: each role (by its id at HEAD) and the date of the newest commit that changed
  it as this audience sees it (a change to an internal pay band only, or to comments, is not a
  change to the public page). A role whose file differs from HEAD in the working tree has no
  date: the date would be that of another version than the one shown.
- `entries`: the changes of the last `recent_changes` commits (settings, handbook.yml) that
  touched the data folder, newest first, each in the words of `handbook diff`
  (handbook/changes.py), compared between handbooks filtered for the audience.

Without history (not a git repository, git missing, a copy with no commits), `reason` says so
and nothing else is claimed. In a shallow clone the oldest commit holds every file as if it
were added: what it changed is unknown, so it gives no date and no entry (`stops`).

Results are kept per (repository state, audience, limit): `mkdocs serve` reads the history
again only when HEAD moves; the working tree's state (which roles have unsaved-to-git edits) is
read on every build with one `git status`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import weakref
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from handbook.audience import Audience, Published, for_audience
from handbook.changes import Change, Kind, compare, without
from handbook.i18n import ENGLISH, N_, Language
from handbook.i18n import load as load_language
from handbook.loading import MAX_BYTES, decode, parse_yaml
from handbook.model import ID_PATTERN, Handbook, Role, Settings
from handbook.records import catalog_records, validate_record
from handbook.validation import CATALOGS, ROLES_DIR, SETTINGS_FILE

# The catalogs whose names and ranks the words of a change use (processes are not compared).
_CATALOG_FILES = {name: CATALOGS[name][0] for name in ("departments", "levels", "skills", "kpis")}
_WORDED_FILES = frozenset({SETTINGS_FILE, *_CATALOG_FILES.values()})
_ROLE_PATH = re.compile(rf"{ROLES_DIR}/({ID_PATTERN[1:-1]})\.yml")
_REGULAR = ("100644", "100755")
_TIMEOUT = 300
_BATCH = 1000  # blob requests written at once: 41 bytes each, well within a pipe's 64 KiB
# Fields of a role that `handbook diff` does not put in words, named for the page.
_UNWORDED = {"working_pattern": N_("working pattern"), "sources": N_("sources")}

NO_GIT = "git is not installed"
NOT_A_REPOSITORY = "the data folder is not in a git repository"
NO_COMMITS = "the data folder has no commits"


class GitError(Exception):
    """Git could not answer; the history is then left out."""


@dataclass(frozen=True)
class Line:
    """One change to one role, for the page: `role_id` is its id at HEAD (None when the role
    is gone since), `title` its title then."""

    role_id: str | None
    title: str
    text: str


@dataclass(frozen=True)
class Entry:
    """What one commit changed, as this audience sees it."""

    commit: str
    day: dt.date
    lines: tuple[Line, ...] = ()
    began: int | None = None  # the role data first appeared, with this many roles


@dataclass(frozen=True)
class History:
    entries: tuple[Entry, ...] = ()  # newest first; only commits with something to say
    last_changed: Mapping[str, dt.date] = field(default_factory=dict)  # role id at HEAD →
    limit: int = 0  # the most commits the entries go back over (settings `recent_changes`)
    looked_at: int = 0  # the commits they went back over
    since: dt.date | None = None  # the date of the oldest of those
    more: bool = False  # older commits changed the data too
    stops: dt.date | None = None  # a shallow clone: what happened before this is not known
    reason: str | None = None  # why there is no history (None when there is one)
    dirty: frozenset[str] = frozenset()  # role ids edited in the working tree, not committed
    head: str | None = None

    def changed(self, role_id: str) -> dt.date | None:
        """When the role last changed, or None when that is not known for certain."""
        if role_id in self.dirty:
            return None
        return self.last_changed.get(role_id)


# ---- git --------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "--no-optional-locks", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=_TIMEOUT,
        )
    except FileNotFoundError as err:
        raise GitError(NO_GIT) from err
    except (OSError, subprocess.TimeoutExpired) as err:
        raise GitError(f"git {args[0]} failed: {err}") from err
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(reason[-1] if reason else f"git {args[0]} failed")
    return done.stdout


@dataclass(frozen=True)
class _Where:
    """The repository state the data folder is in."""

    prefix: str  # the data folder inside the repository, e.g. 'roles_data/'
    head: str
    shallow: frozenset[str]  # commits whose parents this clone does not have
    dirty: frozenset[str]  # paths under the data folder that differ from HEAD


def _where(data_dir: Path) -> _Where:
    if not data_dir.is_dir():
        raise GitError(NOT_A_REPOSITORY)
    try:
        out = _git(data_dir, "rev-parse", "--show-prefix", "--git-path", "shallow")
    except GitError as err:
        raise GitError(NO_GIT if str(err) == NO_GIT else NOT_A_REPOSITORY) from err
    prefix, shallow_path = [*out.decode("utf-8", "replace").splitlines(), "", ""][:2]
    status = _git(
        data_dir, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--", "."
    )
    head, dirty = _status(status, prefix)
    if head is None:
        raise GitError(NO_COMMITS)
    shallow: frozenset[str] = frozenset()
    file = data_dir / shallow_path
    if shallow_path and file.is_file():
        shallow = frozenset(file.read_text(encoding="ascii", errors="replace").split())
    return _Where(prefix, head, shallow, dirty)


def _status(out: bytes, prefix: str) -> tuple[str | None, frozenset[str]]:
    """HEAD's commit id and the data folder's paths (relative to it) that differ from HEAD."""
    head = None
    dirty: set[str] = set()
    fields = out.decode("utf-8", "replace").split("\0")
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if entry.startswith("# branch.oid "):
            oid = entry.removeprefix("# branch.oid ").strip()
            head = None if oid == "(initial)" else oid
            continue
        if not entry or entry.startswith("#"):
            continue
        kind = entry[0]
        paths = []
        if kind == "1":
            paths.append(entry.split(" ", 8)[8])
        elif kind == "2":
            paths.append(entry.split(" ", 9)[9])
            paths.append(fields[index])  # the path it was renamed from
            index += 1
        elif kind == "u":
            paths.append(entry.split(" ", 10)[10])
        elif kind in "?!":
            paths.append(entry[2:])
        dirty.update(p.removeprefix(prefix) for p in paths if p.startswith(prefix))
    return head, frozenset(dirty)


@dataclass(frozen=True)
class _FileChange:
    status: str  # git's letter: A, D, M, T, R
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


@dataclass(frozen=True)
class _Commit:
    id: str
    day: dt.date
    parents: tuple[str, ...]
    changes: tuple[_FileChange, ...]


_NO_BLOB = "0" * 40


def _log(data_dir: Path) -> list[_Commit]:
    """Every commit of HEAD's first-parent line that changed the data folder, newest first."""
    out = _git(
        data_dir,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-color",
        "--no-show-signature",
        "--relative",
        "--format=%x01%H %P%x00%cI",
        "HEAD",
        "--",
        ".",
    )
    return _parse_log(out)


def _blob(sha: str, mode: str) -> str | None:
    return sha if sha != _NO_BLOB and mode in _REGULAR else None


def _parse_log(out: bytes) -> list[_Commit]:
    tokens = out.decode("utf-8", "surrogateescape").split("\0")
    commits: list[_Commit] = []
    header: list[str] | None = None
    day: dt.date | None = None
    changes: list[_FileChange] = []

    def close() -> None:
        if header is not None and day is not None:
            commits.append(_Commit(header[0], day, tuple(header[1:]), tuple(changes)))

    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith("\x01"):
            close()
            header = token[1:].split()
            day = dt.datetime.fromisoformat(tokens[index]).date()
            index += 1
            changes = []
        elif token.startswith(":"):
            old_mode, new_mode, old_sha, new_sha, status = token[1:].split(" ", 4)
            letter = status[:1]
            if letter in "RC":
                old_path, new_path = tokens[index], tokens[index + 1]
                index += 2
            else:
                old_path = new_path = tokens[index]
                index += 1
            if letter == "C":  # a copy leaves its source as it was: only the copy is new
                letter = "A"
            changes.append(
                _FileChange(
                    letter,
                    None if letter == "A" else old_path,
                    None if letter == "D" else new_path,
                    None if letter == "A" else _blob(old_sha, old_mode),
                    None if letter == "D" else _blob(new_sha, new_mode),
                )
            )
    close()
    return commits


def _files(data_dir: Path) -> dict[str, str]:
    """The regular files of the data folder at HEAD (relative paths) and their blob ids."""
    out = _git(data_dir, "ls-tree", "-r", "-z", "HEAD", "--", ".")
    files = {}
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        info, path = entry.split("\t", 1)
        mode, kind, sha = info.split(" ")
        if kind == "blob" and mode in _REGULAR:
            files[path] = sha
    return files


class _Blobs:
    """File versions read through one `git cat-file --batch` process, each once."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.read = 0
        self.kept: dict[str, str | None] = {}  # fetched, not yet asked for

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        if self.process is None:
            try:
                self.process = subprocess.Popen(
                    ["git", "--no-optional-locks", "cat-file", "--batch"],
                    cwd=self.data_dir,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as err:
                raise GitError(f"git cat-file failed: {err}") from err
        assert self.process.stdin is not None and self.process.stdout is not None
        return self.process.stdin, self.process.stdout

    def text(self, sha: str) -> str | None:
        """The text of a blob, or None when it is missing, too large or not UTF-8."""
        if sha not in self.kept:
            self.fetch([sha])
        return self.kept.pop(sha)

    def fetch(self, shas: Iterable[str]) -> None:
        """Read many blobs at once, for `text` (a request at a time waits on git each time).

        Requests go in batches smaller than a pipe holds, each read back before the next is
        written, so neither side ever waits for the other to read.
        """
        wanted = list(dict.fromkeys(sha for sha in shas if sha not in self.kept))
        stdin, stdout = self._pipes()
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            try:
                stdin.write(b"".join(sha.encode("ascii") + b"\n" for sha in batch))
                stdin.flush()
                for sha in batch:
                    self.kept[sha] = self._answer(stdout)
            except OSError as err:
                raise GitError(f"git cat-file failed: {err}") from err

    def _answer(self, stdout: IO[bytes]) -> str | None:
        header = stdout.readline().split()
        if len(header) != 3:
            if not header:
                raise GitError("git cat-file stopped")
            return None  # '<sha> missing'
        size = int(header[2])
        raw = stdout.read(size + 1)[:size]  # the content, then a newline
        self.read += 1
        if size > MAX_BYTES:
            return None
        return decode(raw)[0]

    def close(self) -> None:
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            if self.process.stdout:
                self.process.stdout.close()


@contextmanager
def _blobs(data_dir: Path) -> Iterator[_Blobs]:
    reader = _Blobs(data_dir)
    try:
        yield reader
    finally:
        reader.close()


# ---- file versions as the handbook reads them -------------------------------------------------

_BROKEN = object()  # a version that does not read as a valid record


class _Versions:
    """Roles and catalogs by blob id, parsed once and filtered for the audience; versions that
    are HEAD's and unchanged in the working tree are the build's own records."""

    def __init__(self, blobs: _Blobs, audience: Audience, current: Handbook) -> None:
        self.blobs = blobs
        self.audience = audience
        self.current = current
        self.roles: dict[str, Role | None] = {}
        self.catalogs: dict[tuple[str, str], Any] = {}

    def prefetch(self, shas: Iterable[str | None]) -> None:
        """Read the file versions `shas` from git at once (those not read yet)."""
        seeded = {sha for _, sha in self.catalogs}
        self.blobs.fetch(sha for sha in shas if sha and sha not in self.roles and sha not in seeded)

    def role(self, sha: str | None) -> Role | None:
        """The role a file version holds, as this audience sees it (None: unreadable)."""
        if sha is None:
            return None
        if sha not in self.roles:
            self.roles[sha] = self._read_role(sha)
        return self.roles[sha]

    def _read_role(self, sha: str) -> Role | None:
        text = self.blobs.text(sha)
        doc = parse_yaml(text, f"{ROLES_DIR}/{sha}.yml")[0] if text is not None else None
        if doc is None or not isinstance(doc.data, dict):
            return None
        role, _ = validate_record(Role, doc.data, doc)
        return self.visible(role) if role is not None else None

    def visible(self, role: Role) -> Role:
        """`role` as the audience sees it (through handbook.audience, like every output)."""
        one = dataclasses.replace(self.current, roles={"role": role})
        return for_audience(one, self.audience).roles["role"]

    def catalog(self, name: str, sha: str | None) -> Any:
        """A catalog's records by id (or the settings) at a file version; _BROKEN when it does
        not read."""
        if sha is None:
            return _BROKEN
        key = (name, sha)
        if key not in self.catalogs:
            self.catalogs[key] = self._read_catalog(name, sha)
        return self.catalogs[key]

    def _read_catalog(self, name: str, sha: str) -> Any:
        text = self.blobs.text(sha)
        doc = parse_yaml(text, name)[0] if text is not None else None
        if doc is None:
            return _BROKEN
        if name == "settings":
            settings, _ = validate_record(Settings, doc.data, doc)
            return settings if settings is not None else _BROKEN
        _, model, what = CATALOGS[name]
        records: dict[str, Any] = {}
        for record, _, _ in catalog_records(model, doc, what):
            if record is not None:
                records.setdefault(record.id, record)  # type: ignore[attr-defined]
        return records


def _role_id(path: str | None) -> str | None:
    match = _ROLE_PATH.fullmatch(path) if path else None
    return match.group(1) if match else None


class _State:
    """The data folder at one commit: its files and the handbook they make (in part)."""

    def __init__(self, files: dict[str, str], versions: _Versions) -> None:
        self.files = files
        self.versions = versions
        self._role_ids: dict[str, str] | None = None

    def before(self, commit: _Commit) -> _State:
        """The data folder before `commit` (this state being the one after it)."""
        files = dict(self.files)
        for change in commit.changes:
            if change.new_path is not None:
                files.pop(change.new_path, None)
        for change in commit.changes:
            if change.old_path is not None and change.old_blob is not None:
                files[change.old_path] = change.old_blob
        return _State(files, self.versions)

    def role_ids(self) -> dict[str, str]:
        """Role id → blob id of every role file."""
        if self._role_ids is None:
            found = {}
            for path, sha in self.files.items():
                rid = _role_id(path)
                if rid is not None:
                    found[rid] = sha
            self._role_ids = found
        return self._role_ids

    def catalogs(self) -> dict[str, Any]:
        versions = self.versions
        out = {"settings": versions.catalog("settings", self.files.get(SETTINGS_FILE))}
        for name, file in _CATALOG_FILES.items():
            out[name] = versions.catalog(name, self.files.get(file))
        return out

    def handbook(self, role_ids: set[str] | None, catalogs: Mapping[str, Any]) -> Handbook:
        """The handbook of these files with the roles `role_ids` (None: all) that read."""
        ids = self.role_ids()
        wanted = ids if role_ids is None else {r: ids[r] for r in role_ids if r in ids}
        roles = {}
        for rid, sha in wanted.items():
            role = self.versions.role(sha)
            if role is not None:
                roles[rid] = role
        current = self.versions.current
        return Handbook(
            settings=catalogs["settings"],
            departments=catalogs["departments"],
            levels=catalogs["levels"],
            skills=catalogs["skills"],
            kpis=catalogs["kpis"],
            processes={},
            roles=roles,
            role_files={},
            search_terms=current.search_terms,
        )


def _settled(
    before: Mapping[str, Any], after: Mapping[str, Any], current: Handbook
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Catalogs for both sides of a commit: one that does not read on one side is taken from
    the other (or the build's), so a broken file is never read as every name changing."""
    fallback: dict[str, Any] = {
        "settings": current.settings,
        "departments": current.departments,
        "levels": current.levels,
        "skills": current.skills,
        "kpis": current.kpis,
    }
    old, new = {}, {}
    for name in fallback:
        a, b = before[name], after[name]
        if a is _BROKEN:
            a = b if b is not _BROKEN else fallback[name]
        if b is _BROKEN:
            b = a
        old[name], new[name] = a, b
    return old, new


def _neighbours(handbook: Handbook, ids: set[str]) -> set[str]:
    """The roles that the roles `ids` name (their manager, where their moves lead)."""
    named = set()
    for rid in ids:
        role = handbook.roles.get(rid)
        if role is None:
            continue
        if role.reports_to:
            named.add(role.reports_to)
        named.update(move.to for move in role.progression if move.to)
    return named


# ---- the history ------------------------------------------------------------------------------


class _Reading:
    """One reading of the history (the expensive part, kept per HEAD)."""

    def __init__(
        self,
        commits: list[_Commit],
        head_files: dict[str, str],
        versions: _Versions,
        where: _Where,
        limit: int,
        language: Language = ENGLISH,
    ) -> None:
        self.language = language
        self.commits = commits
        self.head_files = head_files
        self.versions = versions
        self.where = where
        self.limit = limit

    def history(self) -> History:
        window: list[_Commit] = []
        stops = None
        for commit in self.commits:
            if commit.id in self.where.shallow:
                stops = commit.day
                break
            if len(window) == self.limit:
                break
            window.append(commit)
        self.versions.prefetch(
            sha
            for commit in window
            for change in commit.changes
            if _role_id(change.new_path or change.old_path) or change.new_path in _WORDED_FILES
            for sha in (change.old_blob, change.new_blob)
        )
        entries = self._entries(window)
        last = self._last_changed()
        for entry in entries:
            for line in entry.lines:
                if line.role_id is not None and line.role_id in last:
                    last[line.role_id] = max(last[line.role_id], entry.day)
        looked = len(window)
        return History(
            entries=tuple(e for e in entries if e.lines or e.began is not None),
            last_changed=last,
            limit=self.limit,
            looked_at=looked,
            since=window[-1].day if window else None,
            more=looked < len(self.commits) and stops is None,
            stops=stops,
            head=self.where.head,
        )

    def _entries(self, window: list[_Commit]) -> list[Entry]:
        state = _State(dict(self.head_files), self.versions)
        now_of: dict[str, str | None] = {rid: rid for rid in state.role_ids()}
        entries = []
        for commit in window:
            before = state.before(commit)
            entries.append(self._entry(commit, before, state, now_of))
            state = before
        return entries

    def _entry(
        self, commit: _Commit, before: _State, after: _State, now_of: dict[str, str | None]
    ) -> Entry:
        after_ids, before_ids = after.role_ids(), before.role_ids()
        if not before_ids and SETTINGS_FILE not in before.files:
            for rid in list(now_of):  # nothing before this commit
                now_of.pop(rid)
            count = len(after.handbook(None, after.catalogs()).roles)
            return Entry(commit.id, commit.day, began=count)
        old_catalogs, new_catalogs = _settled(
            before.catalogs(), after.catalogs(), self.versions.current
        )
        worded = any(
            path in _WORDED_FILES
            for change in commit.changes
            for path in (change.old_path, change.new_path)
        )
        touched = {
            rid
            for change in commit.changes
            for rid in (_role_id(change.old_path), _role_id(change.new_path))
            if rid is not None
        }
        full = worded and old_catalogs != new_catalogs
        if full:
            old = before.handbook(None, old_catalogs)
            new = after.handbook(None, new_catalogs)
        else:
            old = before.handbook(touched, old_catalogs)
            new = after.handbook(touched, new_catalogs)
            wider = _neighbours(old, touched) | _neighbours(new, touched)
            old = before.handbook(touched | wider, old_catalogs)
            new = after.handbook(touched | wider, new_catalogs)
        # A role that does not read on one side is left out of both (not added or removed).
        broken = {r for r in touched if (r in before_ids) != (r in old.roles)}
        broken |= {r for r in touched if (r in after_ids) != (r in new.roles)}
        old, new = without(old, broken), without(new, broken)
        renames = {
            rid_old: rid_new
            for change in commit.changes
            if change.status == "R"
            and (rid_old := _role_id(change.old_path))
            and (rid_new := _role_id(change.new_path))
        }
        found = compare(old, new, renames, self.language)
        lines = [Line(now_of.get(c.role_id), c.title, c.text) for c in found]
        lines += self._unworded(old, new, touched, found, now_of, self.language)
        for change in found:
            _follow(change, now_of)
        return Entry(commit.id, commit.day, tuple(lines))

    @staticmethod
    def _unworded(
        old: Handbook,
        new: Handbook,
        touched: set[str],
        changes: list[Change],
        now_of: Mapping[str, str | None],
        language: Language = ENGLISH,
    ) -> list[Line]:
        """Changes `handbook diff` has no words for (the working pattern, the sources), so
        that a role's date always has its line on the page."""
        worded = {c.role_id for c in changes}
        lines = []
        for rid in sorted(touched):
            before, after = old.roles.get(rid), new.roles.get(rid)
            if before is None or after is None or before == after:
                continue
            fields = [
                language.gettext(words)
                for name, words in _UNWORDED.items()
                if getattr(before, name) != getattr(after, name)
            ]
            if len(fields) == 1:
                text = language.gettext("%(field)s changed", field=fields[0])
                lines.append(Line(now_of.get(rid), after.title, text))
            elif fields:
                text = language.gettext(
                    "%(field)s and %(other)s changed", field=fields[0], other=fields[1]
                )
                lines.append(Line(now_of.get(rid), after.title, text))
            elif rid not in worded:
                text = language.gettext("details reworded")
                lines.append(Line(now_of.get(rid), after.title, text))
        return lines

    def _last_changed(self) -> dict[str, dt.date]:
        """Each role's newest commit that changed it for this audience (by its id at HEAD)."""
        pending = {path: rid for path in self.head_files if (rid := _role_id(path))}
        last: dict[str, dt.date] = {}
        versions = self.versions
        # The version before each role's newest edit, read from git at once: usually all the
        # walk needs.
        first: dict[str, str | None] = {}
        for commit in self.commits:
            for change in commit.changes:
                if change.new_path in pending and change.new_path not in first:
                    first[change.new_path] = change.old_blob if change.status == "M" else None
        versions.prefetch(first.values())
        for commit in self.commits:
            if not pending:
                break
            if commit.id in self.where.shallow:
                break  # what this commit changed is not known: no date rather than a wrong one
            for change in commit.changes:
                rid = pending.get(change.new_path or "")
                if rid is None:
                    continue
                path = change.new_path or ""
                if change.status == "M" and change.old_path == path:
                    before = versions.role(change.old_blob)
                    after = versions.role(change.new_blob)
                    if before is not None and before == after:
                        continue  # not a change this audience sees: look further back
                del pending[path]
                last[rid] = commit.day
        return last


def _follow(change: Change, now_of: dict[str, str | None]) -> None:
    """Ids after a commit → ids at HEAD, becomes ids before it."""
    if change.kind is Kind.ADDED:
        now_of.pop(change.role_id, None)
    elif change.kind is Kind.REMOVED:
        now_of[change.role_id] = None
    elif change.old_id is not None and change.old_id != change.role_id:
        now_of[change.old_id] = now_of.pop(change.role_id, None)


# Readings kept between builds of one `mkdocs serve`, by repository state.
_KEPT: dict[tuple[object, ...], History] = {}
_KEEP = 4


def read_history(data_dir: Path, published: Published, limit: int | None = None) -> History:
    """The history of `data_dir` as `published.audience` may see it (see the module's doc)."""
    current = published.handbook
    limit = limit if limit is not None else current.settings.recent_changes
    language = load_language(current.settings.language)  # the words of its changes
    try:
        where = _where(data_dir)
    except GitError as err:
        return History(limit=limit, reason=str(err))
    dirty = frozenset(rid for path in where.dirty if (rid := _role_id(path)))
    key = (
        os.path.realpath(data_dir),
        where.prefix,
        where.head,
        where.shallow,
        published.audience,
        limit,
        language.tag,
    )
    kept = _KEPT.get(key)
    if kept is None:
        try:
            kept = _read(data_dir, published, where, limit, language)
        except GitError as err:
            kept = History(limit=limit, reason=str(err), head=where.head)
        if len(_KEPT) >= _KEEP:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = kept
    return dataclasses.replace(kept, dirty=dirty)


def _read(
    data_dir: Path, published: Published, where: _Where, limit: int, language: Language
) -> History:
    commits = _log(data_dir)
    if not commits:
        return History(limit=limit, reason=NO_COMMITS, head=where.head)
    head_files = _files(data_dir)
    with _blobs(data_dir) as blobs:
        versions = _Versions(blobs, published.audience, published.handbook)
        if published.ok:  # the build's records are HEAD's where the file is unchanged
            _seed(versions, published.handbook, head_files, where.dirty)
        return _Reading(commits, head_files, versions, where, limit, language).history()


def _seed(
    versions: _Versions, current: Handbook, head_files: Mapping[str, str], dirty: frozenset[str]
) -> None:
    for path, sha in head_files.items():
        if path in dirty:
            continue
        rid = _role_id(path)
        if rid is not None and rid in current.roles:
            versions.roles[sha] = current.roles[rid]
    if SETTINGS_FILE in head_files and SETTINGS_FILE not in dirty:
        versions.catalogs[("settings", head_files[SETTINGS_FILE])] = current.settings
    for name, file in _CATALOG_FILES.items():
        if file in head_files and file not in dirty:
            versions.catalogs[(name, head_files[file])] = getattr(current, name)


# ---- the build's history, for the renderers ---------------------------------------------------


@dataclass
class _Source:
    data_dir: Path
    published: Published
    history: History | None = None


_ATTACHED: dict[int, tuple[weakref.ref[Handbook], _Source]] = {}


def attach(data_dir: Path, published: Published) -> None:
    """Make the history of `data_dir` the one of the handbook `published` holds (read when a
    page first asks for it). The adapter calls this once per build."""
    handbook = published.handbook
    for key in [k for k, (ref, _) in _ATTACHED.items() if ref() is None]:
        del _ATTACHED[key]
    _ATTACHED[id(handbook)] = (weakref.ref(handbook), _Source(data_dir, published))


def of(handbook: Handbook) -> History | None:
    """The history attached to `handbook`, or None (a render outside a build)."""
    found = _ATTACHED.get(id(handbook))
    if found is None or found[0]() is not handbook:
        return None
    source = found[1]
    if source.history is None:
        source.history = read_history(source.data_dir, source.published)
    return source.history
