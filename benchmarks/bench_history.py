"""The build-time cost of the data's git history: dates on role pages and the "What changed" page.

A 1,000-role handbook (benchmarks/scale.py) is committed, then changed in 199 more commits, a
day apart: each commit edits three roles (a pay band's top, a summary, another name), and every
fiftieth renames a department, which changes the words of every role in it. The same project is
then built strictly with its .git folder and as a copy without it (as a downloaded archive
builds: no history, no dates), interleaved round by round (the order alternates); the figure is
the median of the rounds' own differences and ratios, as this machine's speed drifts. The
history is also read on its own, in this process: cold (a build, or `mkdocs serve` after a
commit) and again with HEAD unchanged (every other rebuild of `mkdocs serve`).

    python benchmarks/bench_history.py --roles 1000 --commits 200 --rounds 5
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

import scale  # noqa: E402
from bench_scale import Timing, mkdocs_build, timed  # noqa: E402

from handbook import history  # noqa: E402
from handbook.audience import Audience, publish  # noqa: E402


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if date is not None:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _edit(path: Path, number: int, label: str) -> None:
    """One change of the kinds writers make (`label` is unique to this edit)."""
    text = path.read_text(encoding="utf-8")
    kind = number % 3
    if kind == 0 and re.search(r"(?m)^  max: \d+$", text):
        text = re.sub(r"(?m)^  max: (\d+)$", lambda m: f"  max: {int(m[1]) + 250}", text, count=1)
    elif kind == 1 and "\nsummary: >-\n" in text:
        text = text.replace("\nsummary: >-\n", f"\nsummary: >-\n  Reviewed in {label}.\n", 1)
    elif "\naliases:\n" in text:
        text = text.replace("\naliases:\n", f"\naliases:\n  - Alias {label}\n", 1)
    elif "\naliases: []\n" in text:
        text = text.replace("\naliases: []\n", f"\naliases: [Alias {label}]\n", 1)
    elif "\naliases: [" in text:
        text = text.replace("\naliases: [", f"\naliases: [Alias {label}, ", 1)
    else:
        text = text.replace("\ndepartment:", f"\naliases: [Alias {label}]\ndepartment:", 1)
    path.write_text(text, encoding="utf-8")


def make_repository(target: Path, roles: int, commits: int) -> Path:
    """A project around a `roles`-role handbook whose data has `commits` commits."""
    data = target / "roles_data"
    made = scale.make_handbook(data, roles)
    assert made == roles, f"{roles} roles asked, {made} made: use a multiple of the example's"
    scale.make_project(target, data)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "config", "user.name", "Bench")
    _git(target, "config", "user.email", "bench@example.org")
    _git(target, "add", "-A")
    day = 1_700_000_000
    _git(target, "commit", "-q", "-m", "The handbook", date=f"@{day} +0000")
    files = sorted((data / "roles").glob("*.yml"))
    departments = data / "departments.yml"
    for number in range(1, commits):
        for offset in range(3):
            _edit(files[(number * 7 + offset * 331) % len(files)], number, f"{number}-{offset}")
        if number % 50 == 0:
            text = departments.read_text(encoding="utf-8")
            departments.write_text(
                re.sub(r"(?m)^  name: (.*)$", rf"  name: \1 ({number})", text, count=1),
                encoding="utf-8",
            )
        when = f"@{day + number * 86400} +0000"
        _git(target, "commit", "-q", "-a", "-m", f"Change {number}", date=when)
    return target


def read_alone(project: Path, rounds: int) -> tuple[float, float]:
    """The history read in this process: cold, then with HEAD unchanged (median seconds)."""
    data = project / "roles_data"
    published = publish(data, Audience.PUBLIC)
    cold, warm = [], []
    for _ in range(rounds):
        history._KEPT.clear()
        start = time.perf_counter()
        found = history.read_history(data, published)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        history.read_history(data, published)
        warm.append(time.perf_counter() - start)
    assert found.reason is None and found.entries, found.reason
    print(
        f"history read alone: {len(found.entries)} commits on the page, "
        f"{len(found.last_changed)} roles dated"
    )
    return statistics.median(cold), statistics.median(warm)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        work = Path(tmp)
        print(f"Making a {args.roles}-role handbook with {args.commits} commits...")
        with_git = make_repository(work / "with-git", args.roles, args.commits)
        without = work / "without-git"
        shutil.copytree(with_git, without, symlinks=True, ignore=shutil.ignore_patterns(".git"))
        cold, warm = read_alone(with_git, args.rounds)
        projects = {"with .git": with_git, "without": without}
        timings = {name: Timing() for name in projects}
        for number in range(args.rounds):
            order = list(projects) if number % 2 == 0 else list(reversed(projects))
            for name in order:
                site = work / f"site-{number}-{name.split()[-1]}"
                timed(mkdocs_build(projects[name], site), projects[name], timings[name])
            a, b = timings["with .git"].wall[-1], timings["without"].wall[-1]
            print(f"round {number + 1}: with .git {a:.2f} s, without {b:.2f} s, {a - b:+.2f} s")
        pairs = list(zip(timings["with .git"].wall, timings["without"].wall, strict=True))
        extra = statistics.median(a - b for a, b in pairs)
        ratio = statistics.median(a / b for a, b in pairs)
        print(
            f"build at {args.roles} roles, {args.commits} commits: with .git "
            f"{timings['with .git'].median:.2f} s, without {timings['without'].median:.2f} s "
            f"(medians); history {extra:+.2f} s, {ratio:.3f}× (median of the rounds')"
        )
        print(f"history read alone: {cold:.2f} s cold, {warm * 1000:.0f} ms with HEAD unchanged")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
