"""Run every benchmark (`make bench`), each as its own process so one's memory does not skew another's.

.venv/bin/python -m benchmarks            # all, at the scales the issues ask for
.venv/bin/python -m benchmarks --quick    # each at a small scale (a smoke run)
.venv/bin/python -m benchmarks travel_manifest returns_statistics   # some
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.machine import machine

HERE = Path(__file__).resolve().parent
SKIP = {"__init__", "__main__", "machine"}
QUICK_ARGS = {
    "returns_statistics": ["--rows", "200000"],
    "returns_network": ["--people", "500", "--links", "5000"],
}


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    names = sorted(p.stem for p in HERE.glob("*.py") if p.stem not in SKIP and not p.stem.endswith("_common"))
    if wanted:
        names = [n for n in names if n in wanted]
    print(f"Machine: {machine()}")
    failed = []
    for name in names:
        args = QUICK_ARGS.get(name, []) if quick else []
        print(f"\n=== {name} {' '.join(args)}", flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *args], check=False)
        print(
            f"=== {name}: {'ok' if result.returncode == 0 else 'FAILED'} "
            f"in {time.perf_counter() - start:.1f} s"
        )
        if result.returncode:
            failed.append(name)
    if failed:
        print("Failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
