"""Time loading and validating a handbook of 1,000 role files (target: under 1.5 s).

It copies the default handbook's catalogs and writes 1,000 role files made from the
default roles (benchmarks/scale.py `make_handbook`: renamed, with their references kept
valid), then times a cold `read_handbook` over several runs and prints the best and median.
Run with `make bench`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import make_handbook  # noqa: E402

from handbook.loading import clear_cache  # noqa: E402
from handbook.validation import read_handbook  # noqa: E402


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
