"""Benchmark: what `import cardreader` costs at start-up (`python -X importtime`).

    PYTHONPATH=. python tests/benchmarks/bench_import.py [--runs 15]

Reports the median over fresh interpreters of the cumulative import time of `cardreader`
(the package alone; crypto is imported lazily on the first read), and of what the wizard
imports at start-up to watch readers (`cardreader.pcsc`, `cardreader.monitor`, pyscard not
included because it is imported on first use). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

STATEMENTS = [
    "import cardreader",
    "import cardreader.reader",
    "import cardreader.pcsc, cardreader.monitor",
    "import cardreader.cli",
]


def cumulative_us(statement: str) -> int:
    """Cumulative µs of the top-level imports the statement triggers (after start-up)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    total, after_startup = 0, False
    for line in done.stderr.splitlines():
        fields = line.split("|")
        if not line.startswith("import time:") or len(fields) != 3 or "cumulative" in line:
            continue
        name = fields[2]
        depth = len(name) - len(name.lstrip(" "))
        if depth != 1:  # nested import: already inside its parent's cumulative time
            continue
        if after_startup:
            total += int(fields[1])
        elif name.strip() == "site":  # the interpreter's own start-up ends with site
            after_startup = True
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"median of {args.runs} fresh interpreters, Python {sys.version.split()[0]}\n")
    print("| statement | cumulative import ms (median) | min ms |")
    print("|---|---:|---:|")
    for statement in STATEMENTS:
        times = [cumulative_us(statement) / 1000 for _ in range(args.runs)]
        print(f"| `{statement}` | {statistics.median(times):.1f} | {min(times):.1f} |")


if __name__ == "__main__":
    main()
