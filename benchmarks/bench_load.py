"""Time loading and validating a handbook of 1,000 role files (target: under 1.5 s).

It copies the default handbook's catalogs and writes 1,000 role files made from the
default roles (renamed, with their references kept valid), then times `read_handbook`
over several runs and prints the best and median. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handbook.loading import clear_cache  # noqa: E402
from handbook.validation import read_handbook  # noqa: E402


def make_handbook(target: Path, count: int) -> int:
    """At least `count` role files: whole copies of the default roles, each copy self-contained."""
    source = ROOT / "roles_data"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("roles"))
    (target / "roles").mkdir()
    roles_dir = source / "roles"
    originals = {p.stem: p.read_text(encoding="utf-8") for p in sorted(roles_dir.glob("*.yml"))}
    top = "chief-customer-officer"
    copies = -(-count // len(originals))  # whole copies, so every reference stays valid
    for copy in range(copies):
        for role_id, text in originals.items():
            new_id = role_id if copy == 0 else f"{role_id}-{copy}"
            body = text
            if copy:
                for other in sorted(originals, key=len, reverse=True):
                    body = body.replace(f": {other}\n", f": {other}-{copy}\n")
                body = body.replace(f"reports_to: {top}-{copy}\n", f"reports_to: {top}\n")
                if role_id == top:
                    body = body.replace("reports_to: null", f"reports_to: {top}")
                body = _retitle(body, copy)
            (target / "roles" / f"{new_id}.yml").write_text(body, encoding="utf-8")
    return copies * len(originals)


def _retitle(body: str, copy: int) -> str:
    lines = []
    in_aliases = False
    for line in body.splitlines():
        if line.startswith("title: "):
            line = f"{line} ({copy})"
        if line.startswith("aliases:"):
            in_aliases = not line.strip().endswith("[]")
            line = "aliases: []"
        elif in_aliases and line.startswith("  - "):
            continue
        else:
            in_aliases = in_aliases and line.startswith("  ")
        lines.append(line)
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "roles_data"
        made = make_handbook(data, args.roles)
        result = read_handbook(data)
        if result.problems:
            print("\n".join(str(p) for p in result.problems[:10]))
            print(f"benchmark data is invalid ({len(result.problems)} problems)")
            return 1
        times = []
        for _ in range(args.runs):
            clear_cache()  # time a cold read, as on the first build or `handbook check`
            start = time.perf_counter()
            read_handbook(data)
            times.append(time.perf_counter() - start)
    print(
        f"load + validate {made} role files: best {min(times):.3f} s, "
        f"median {statistics.median(times):.3f} s over {args.runs} runs (target < 1.5 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
