"""Time a strict build of the default handbook (target: under 3 s on a 2-core machine).

Runs `mkdocs build --strict` in-process several times into a temporary folder and prints
the best and median wall time. Run with `make bench`.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs + 1):  # the first run warms imports and is not counted
            config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(Path(tmp) / "site"))
            start = time.perf_counter()
            build(config)
            times.append(time.perf_counter() - start)
    counted = times[1:]
    print(
        f"strict build of the default handbook: best {min(counted):.2f} s, "
        f"median {statistics.median(counted):.2f} s over {len(counted)} runs (target < 3 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
