"""Registrations per second with several processes registering at once.

    PYTHONPATH=. python tests/benchmarks/bench_registry_register.py [--processes 4] [--each 200]

Each process verifies and registers its own generated citizens (file mail transport, so every
registration also writes its .eml); reported is the total over the wall-clock time from the
common start to the last process's end.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_data import document_number, registration_code, rows

from desktop.config import Config
from desktop.registry import open_service


def username(i: int) -> str:
    return "Felhasznalo" + "".join("abcdefghij"[int(d)] for d in str(i))


def worker(data_dir: Path, first: int, count: int, start: float) -> None:
    with open_service(Config(data_dir=data_dir)) as svc:
        while time.time() < start:
            time.sleep(0.001)
        for i in range(first, first + count):
            v = svc.verify(document_number(i, True), registration_code(i))
            svc.register(v, username(i), f"{username(i).lower()}@example.hu")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--processes", type=int, default=4)
    p.add_argument("--each", type=int, default=200)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-register-"))
    total = args.processes * args.each
    try:
        with open_service(Config(data_dir=work)) as svc:
            svc.import_citizen_rows(rows(total))
        start = time.time() + 1.5
        ctx = mp.get_context("spawn")
        procs = [
            ctx.Process(target=worker, args=(work, n * args.each, args.each, start))
            for n in range(args.processes)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
            assert proc.exitcode == 0
        elapsed = time.time() - start
        with open_service(Config(data_dir=work)) as svc:
            assert len(svc.accounts()) == total
            assert svc.queued_mail() == []
        print(
            f"| {args.processes} processes × {args.each} | {total / elapsed:,.0f} registrations/s "
            f"({elapsed:.1f} s) |"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
