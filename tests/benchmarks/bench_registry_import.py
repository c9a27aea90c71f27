"""Citizen import throughput and database bytes per citizen.

    PYTHONPATH=. python tests/benchmarks/bench_registry_import.py 1000000 [--sorted] [--keep DIR]

Writes a CSV of N generated citizens (document numbers in scrambled order unless --sorted),
imports it the way `ugyfelkapu-admin import-citizens` does, and prints rows/s (wall clock, and
CPU time of all its processes and threads, as the machine may be shared), the database's bytes
per citizen and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_data import write_csv

from desktop.config import Config
from desktop.registry import open_service


def _cpu_seconds() -> float:
    """CPU time of this process (SQLite's sorter threads included) and of the helper process
    that reads the file: the whole import's CPU cost, whichever core it ran on."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("count", type=int)
    p.add_argument("--sorted", action="store_true", help="document numbers in key order")
    p.add_argument("--keep", type=Path, help="keep the registry in this directory")
    args = p.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    data_dir = args.keep or work / "data"
    csv_path = work / "citizens.csv"
    try:
        t = time.perf_counter()
        write_csv(csv_path, args.count, shuffled=not args.sorted)
        print(
            f"generated {args.count} rows in {time.perf_counter() - t:.1f} s "
            f"({csv_path.stat().st_size / 1e6:.0f} MB CSV)"
        )
        with open_service(Config(data_dir=data_dir)) as svc:
            wall, cpu = time.perf_counter(), _cpu_seconds()
            imported = svc.import_citizens_csv(csv_path)
            wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
        assert imported == args.count
        db = data_dir / "registry.sqlite3"
        conn = sqlite3.connect(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        order = "sorted" if args.sorted else "scrambled"
        print(
            f"| import {args.count:,} ({order}) | {args.count / wall:,.0f} rows/s wall "
            f"({wall:.1f} s) | {args.count / cpu:,.0f} rows/s CPU ({cpu:.1f} s) | "
            f"{db.stat().st_size / args.count:.0f} bytes/citizen |"
        )
        # Peak memory of the whole run: bounded by the page cache and the sorter, not the rows.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory {peak:,.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
