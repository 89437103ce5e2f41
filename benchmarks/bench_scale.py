"""Scale: build cost per role, role page size, the handbook against plain Material, check, serve.

The targets (the issue's "linear and fast"):

- cost per role of a 1,000-role build at most 1.15× that of a 250-role build;
- median role page HTML at most 40 KB, at 1,000 and at 3,000 roles;
- a 1,000-role build at most 1.0× a plain Material build of 1,000 prose pages of about 3 KB,
  same theme and same navigation shape (benchmarks/scale.py `make_plain_site`);
- `handbook check` at 1,000 roles at most 1.0 s (the whole command);
- `make serve` at 1,000 roles: a saved role file or page visible at most 1 s after the save.

Method. The handbooks are whole copies of the default roles (`scale.make_handbook`) in a
project with no role pages written (`scale.make_project`), so every role and department page
is generated. Builds run as `mkdocs build --strict` subprocesses, as `make build` runs them.
The machine is small and shared, so the builds are interleaved: each round builds every
project once, in an order that rotates from round to round, and each figure is the median over
rounds. Wall time is what the targets name; CPU time (user + system of the child process) is
printed beside it because it moves less when other work competes for the cores. The handbook
against plain Material is judged by the median of the rounds' own ratios: the two builds of a
round run minutes apart at most, while this machine's speed drifts by a third over a run, which
a ratio of medians taken from different rounds carries into the figure (it is printed too).

Serve: `mkdocs serve --dirty` (as `make serve` runs it) on a 1,000-role project of its own; after
the first build, a role file's summary is changed and saved, and the role's page is polled until
the change is served; the seconds from save to visible are reported (median over saves), and
the same for a writer's page under docs/roles/ and for a changed title (which changes the pages
of the role's neighbours and department too).

Run `make bench` (all of it; about ten minutes on two cores) or pick parts:
`python benchmarks/bench_scale.py --only build,check --rounds 5 --skip-3000`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale  # noqa: E402

PARTS = ("build", "check", "serve")
TARGET_RATIO = 1.15
TARGET_PAGE_KB = 40.0
TARGET_PLAIN = 1.0
TARGET_CHECK_S = 1.0
TARGET_SERVE_S = 1.0


def env() -> dict[str, str]:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # PYTHONDONTWRITEBYTECODE (set on some machines, this one included) would have every run
    # compile the handbook's modules again: people's machines cache them after the first run,
    # as they do the installed packages' (which the plain site alone uses).
    for name in (
        "HANDBOOK_AUDIENCE",
        "HANDBOOK_MACROS_FAIL",
        "HANDBOOK_DATA",
        "PYTHONDONTWRITEBYTECODE",
    ):
        out.pop(name, None)
    return out


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def timed(command: list[str], cwd: Path, into: Timing) -> subprocess.CompletedProcess[str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{proc.stdout}{proc.stderr}")
    into.wall.append(wall)
    into.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return proc


def mkdocs_build(project: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]


def handbook_project(base: Path, roles: int) -> Path:
    data = base / f"data-{roles}"
    made = scale.make_handbook(data, roles)
    assert made == roles, f"{roles} roles asked, {made} made: use a multiple of the example's"
    return scale.make_project(base / f"handbook-{roles}", data)


def role_pages(site: Path) -> list[Path]:
    """Role pages only: roles/<department>/<id>/index.html (not the department pages)."""
    return [p for p in site.glob("roles/*/*/index.html")]


def median_kb(pages: list[Path]) -> float:
    return statistics.median(p.stat().st_size for p in pages) / 1000


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


# ---- builds ----------------------------------------------------------------------------------


def bench_builds(base: Path, rounds: int, big: bool, results: dict[str, object]) -> None:
    projects = {
        "handbook-250": (handbook_project(base, 250), 250),
        "handbook-1000": (handbook_project(base, 1000), 1000),
        "plain-1000": (scale.make_plain_site(base / "plain-1000", 1000), 1000),
    }
    timings = {name: Timing() for name in projects}
    names = list(projects)
    print(f"builds: {', '.join(names)}; {rounds} interleaved rounds", flush=True)
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            project, _ = projects[name]
            timed(mkdocs_build(project, base / f"site-{name}"), project, timings[name])
            print(f"  round {number + 1}: {name} {timings[name].wall[-1]:.1f} s", flush=True)
    small, large, plain = (timings[n] for n in names)
    per_small, per_large = small.median / 250, large.median / 1000
    ratio = per_large / per_small
    marginal = (large.median - small.median) / 750
    versus = large.median / plain.median
    paired = [h / p for h, p in zip(large.wall, plain.wall, strict=True)]
    paired_cpu = [h / p for h, p in zip(large.cpu, plain.cpu, strict=True)]
    versus_paired = statistics.median(paired)
    pages_1000 = role_pages(base / "site-handbook-1000")
    assert len(pages_1000) == 1000, len(pages_1000)
    size_1000 = median_kb(pages_1000)
    plain_size = median_kb(list((base / "site-plain-1000").glob("topics/*/*/index.html")))
    print()
    for name in names:
        t = timings[name]
        print(
            f"{name:>14}: median {t.median:6.2f} s wall, {t.cpu_median:6.2f} s CPU "
            f"(walls: {', '.join(f'{w:.1f}' for w in t.wall)})"
        )
    print(
        f"cost per role: {per_small * 1000:.1f} ms at 250, {per_large * 1000:.1f} ms at 1,000; "
        f"ratio {ratio:.2f} (target ≤ {TARGET_RATIO}: {verdict(ratio <= TARGET_RATIO)}); "
        f"marginal cost of a role between 250 and 1,000: {marginal * 1000:.1f} ms"
    )
    print(
        f"1,000 roles vs 1,000 plain pages, round by round: "
        f"{', '.join(f'{r:.2f}' for r in paired)}; median {versus_paired:.2f}× wall, "
        f"{statistics.median(paired_cpu):.2f}× CPU "
        f"(target ≤ {TARGET_PLAIN}: {verdict(versus_paired <= TARGET_PLAIN)}); "
        f"medians of all rounds {large.median:.1f} s / {plain.median:.1f} s = {versus:.2f}× wall, "
        f"{large.cpu_median / plain.cpu_median:.2f}× CPU"
    )
    print(
        f"median role page: {size_1000:.1f} KB at 1,000 roles "
        f"(target ≤ {TARGET_PAGE_KB:.0f}: {verdict(size_1000 <= TARGET_PAGE_KB)}); "
        f"plain page {plain_size:.1f} KB"
    )
    results.update(
        {
            "build_250_s": small.median,
            "build_1000_s": large.median,
            "build_plain_1000_s": plain.median,
            "build_cpu_250_s": small.cpu_median,
            "build_cpu_1000_s": large.cpu_median,
            "build_cpu_plain_1000_s": plain.cpu_median,
            "per_role_ratio": ratio,
            "marginal_ms_per_role": marginal * 1000,
            "vs_plain": versus_paired,
            "vs_plain_of_medians": versus,
            "page_kb_1000": size_1000,
        }
    )
    if big:
        project = handbook_project(base, 3000)
        once = Timing()
        timed(mkdocs_build(project, base / "site-3000"), project, once)
        pages = role_pages(base / "site-3000")
        size = median_kb(pages)
        print(
            f"median role page: {size:.1f} KB at 3,000 roles "
            f"(target ≤ {TARGET_PAGE_KB:.0f}: {verdict(size <= TARGET_PAGE_KB)}); "
            f"the 3,000-role build took {once.wall[0]:.1f} s ({once.wall[0] / 3:.1f} ms per role, "
            f"{once.cpu[0]:.1f} s CPU), one run"
        )
        results.update({"page_kb_3000": size, "build_3000_s": once.wall[0]})


# ---- handbook check --------------------------------------------------------------------------


def bench_check(base: Path, runs: int, results: dict[str, object]) -> None:
    project = handbook_project(base, 1000) if not (base / "handbook-1000").exists() else None
    project = project or base / "handbook-1000"
    timing = Timing()
    command = [str(Path(sys.executable).with_name("handbook")), "check"]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "handbook", "check"]
    timed(command, project, Timing())  # warm the file cache, as a writer's second run is
    for _ in range(runs):
        timed(command, project, timing)
    print(
        f"handbook check at 1,000 roles: median {timing.median:.2f} s wall, "
        f"{timing.cpu_median:.2f} s CPU over {runs} runs (best {min(timing.wall):.2f} s; "
        f"target ≤ {TARGET_CHECK_S}: {verdict(timing.median <= TARGET_CHECK_S)})"
    )
    results.update({"check_s": timing.median, "check_cpu_s": timing.cpu_median})


# ---- serve -----------------------------------------------------------------------------------


class Server:
    def __init__(self, project: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError):
            return ""

    def wait(self, what: str, condition: Callable[[], bool], limit: float = 600) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"mkdocs serve stopped waiting for {what}:\n" + "\n".join(self.lines)
                )
            if condition():
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit(f"timed out waiting for {what}:\n" + "\n".join(self.lines[-30:]))

    def builds(self) -> int:
        # Not "Documentation built in …": MkDocs logs a message only once per process, so a
        # rebuild that takes as long as an earlier one is not logged.
        return sum("Reloading browsers" in line for line in self.lines)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def bench_serve(base: Path, saves: int, results: dict[str, object]) -> None:
    project = handbook_project(base / "serve", 1000)
    data = project / "roles_data"
    writer_role = "team-leader-7"
    writer_page = project / "docs" / "roles" / "operations" / f"{writer_role}.md"
    writer_page.parent.mkdir(parents=True, exist_ok=True)
    writer_page.write_text("## A day in the role\n\nWriters' words, first draft.\n", "utf-8")
    server = Server(project)
    try:
        first = server.wait("the first build", lambda: any("Serving on" in x for x in server.lines))
        print(f"serve: first build and start {first:.1f} s", flush=True)
        times: list[float] = []
        for number in range(saves):
            role = f"call-center-agent-{number * 7 + 3}"
            token = f"Bench edit {number} {time.time_ns()}."
            builds = server.builds()
            _edit(data / "roles" / f"{role}.yml", "summary: >-\n", f"summary: >-\n  {token}\n")
            start = time.perf_counter()
            page = f"roles/operations/{role}/"
            server.wait(f"save {number}", lambda p=page, t=token: t in server.get(p))  # type: ignore[misc]
            times.append(time.perf_counter() - start)
            server.wait("the build to finish", lambda b=builds: server.builds() > b)  # type: ignore[misc]
            time.sleep(1.0)
            print(f"  role file saved → page shows it: {times[-1]:.2f} s", flush=True)
        token = f"Writer edit {time.time_ns()}."
        builds = server.builds()
        _edit(writer_page, "first draft.", token)
        start = time.perf_counter()
        page = f"roles/operations/{writer_role}/"
        server.wait("the writer's page", lambda: token in server.get(page))
        writer = time.perf_counter() - start
        server.wait("the build to finish", lambda: server.builds() > builds)
        time.sleep(1.0)
        title_role = "senior-agent-5"
        token = f"Senior Agent Bench {time.time_ns() % 100000}"
        _edit(data / "roles" / f"{title_role}.yml", "title: Senior Agent (5)", f"title: {token}")
        start = time.perf_counter()
        server.wait(
            "the retitled role on its department page",
            lambda: token in server.get("roles/operations/"),
        )
        title = time.perf_counter() - start
        built = [
            float(m.group(1))
            for line in server.lines
            if (m := re.search(r"Documentation built in ([0-9.]+) seconds", line))
        ]
    finally:
        server.stop()
    median = statistics.median(times)
    print(
        f"serve at 1,000 roles, role file saved → visible: median {median:.2f} s over {saves} "
        f"saves ({', '.join(f'{t:.1f}' for t in times)}; target ≤ {TARGET_SERVE_S}: "
        f"{verdict(median <= TARGET_SERVE_S and writer <= TARGET_SERVE_S)}); writer's page "
        f"{writer:.2f} s; a changed title on its department page {title:.2f} s"
    )
    print(f"  mkdocs' own build times: {', '.join(f'{b:.1f}' for b in built)} s")
    results.update({"serve_role_s": median, "serve_writer_s": writer, "serve_title_s": title})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts: {', '.join(PARTS)}")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved build rounds")
    parser.add_argument("--check-runs", type=int, default=9)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument(
        "--skip-3000", action="store_true", help="skip the slow 3,000-role build (page size)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}")
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        if args.keep:
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir(parents=True)
        if "build" in parts:
            bench_builds(base, args.rounds, not args.skip_3000, results)
        if "check" in parts:
            bench_check(base, args.check_runs, results)
        if "serve" in parts:
            bench_serve(base, args.saves, results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
