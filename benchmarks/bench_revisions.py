"""Before and after: a 1,000-role build of the working tree against the same at a git revision.

Issues that add checks or move code ask that a normal build not get slower by more than a few
per cent. This benchmark answers that on this machine, where absolute times drift by a third
within minutes: both trees build the same handbook, interleaved round by round (the order
alternates), and the figure is the median of the rounds' own ratios (working tree / base).

Each tree is built with its own code: the base revision is exported with `git archive` into a
temporary folder, each tree makes its project with its own `benchmarks/scale.py`, and each
build runs with that tree first on PYTHONPATH. Both build the same role data, the base
revision's example copied to the size asked (`--data work` uses the working tree's instead), so a
change to the example's content does not count as a change in speed.

    python benchmarks/bench_revisions.py HEAD~3 --roles 1000 --rounds 5
    python benchmarks/bench_revisions.py a497e5a --head 5dc3b0a   # two revisions
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import Timing, env, timed  # noqa: E402

_MAKE = """
import sys
from pathlib import Path
sys.path.insert(0, str(Path.cwd() / "benchmarks"))
import scale
data, project, roles = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if not data.exists():
    made = scale.make_handbook(data, roles)
    assert made == roles, f"{roles} roles asked, {made} made"
scale.make_project(project, data)
"""


def export(revision: str, target: Path) -> Path:
    """The tree of `revision`, written to `target` (no .git)."""
    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise SystemExit(f"git archive {revision}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def make_project(tree: Path, data: Path, project: Path, roles: int) -> None:
    subprocess.run(
        [sys.executable, "-c", _MAKE, str(data), str(project), str(roles)],
        cwd=tree,
        env=dict(env(), PYTHONPATH=str(tree)),
        check=True,
    )


def build(tree: Path, project: Path, site: Path, into: Timing) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)  # bench_scale.env() copies os.environ
    try:
        timed(command, project, into)
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the git revision to compare with, e.g. HEAD~3 or a hash")
    parser.add_argument("--head", help="a revision to measure instead of the working tree")
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data", choices=("base", "work"), default="base")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-revisions-") as tmp:
        work = Path(tmp)
        base_tree = export(args.base, work / "base-tree")
        work_tree = export(args.head, work / "head-tree") if args.head else ROOT
        trees = {"base": base_tree, "work": work_tree}
        data = work / "data"
        print(f"Making a {args.roles}-role handbook from the {args.data} tree's example...")
        make_project(trees[args.data], data, work / f"project-{args.data}", args.roles)
        for name, tree in trees.items():
            if name != args.data:
                make_project(tree, data, work / f"project-{name}", args.roles)
        timings = {name: Timing() for name in trees}
        ratios: list[float] = []
        for number in range(args.rounds):
            order = list(trees) if number % 2 == 0 else list(reversed(trees))
            for name in order:
                build(trees[name], work / f"project-{name}", work / f"site-{name}", timings[name])
            ratio = timings["work"].wall[-1] / timings["base"].wall[-1]
            ratios.append(ratio)
            print(
                f"round {number + 1}: base {timings['base'].wall[-1]:.2f} s, "
                f"work {timings['work'].wall[-1]:.2f} s, ratio {ratio:.3f}"
            )
        for name, timing in timings.items():
            per_role = timing.median / args.roles * 1000
            print(
                f"{name:>4}: median {timing.median:.2f} s wall ({per_role:.2f} ms per role), "
                f"{timing.cpu_median:.2f} s CPU"
            )
        cpu_ratio = statistics.median(
            w / b for w, b in zip(timings["work"].cpu, timings["base"].cpu, strict=True)
        )
        print(
            f"{args.head or 'working tree'} / {args.base}: {statistics.median(ratios):.3f}× wall "
            f"(median of the rounds' ratios), {cpu_ratio:.3f}× CPU"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
