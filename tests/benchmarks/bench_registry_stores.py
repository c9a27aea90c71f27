"""SQLite and PostgreSQL side by side, measured in one run: import, verify, registrations.

    PYTHONPATH=. python tests/benchmarks/bench_registry_stores.py 1000000 [--processes 8]
        [--each 100] [--verifies 2000]

PostgreSQL is a private cluster started for the run (durable settings: fsync on, as SQLite's
synchronous=FULL), or the server UGYFELKAPU_TEST_POSTGRESQL names. For each store: import N
generated citizens in key order and scrambled (rows/s, wall clock: the PostgreSQL server's own
CPU is another process), the citizen lookup behind verify (`person()`, one read unit of work)
and a whole `verify()` (its write unit of work with the audit entry), p50/p99, and
registrations per second with several processes each verifying and registering its own
citizens. Argon2id (paid by activate and sign-in, not by these) is reported apart.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from registry_data import document_number, registration_code, write_csv

from desktop.config import Config, RegistryConfig
from desktop.registry import open_service
from desktop.registry.passwords import PRODUCTION, PasswordHasher
from tests.postgresql import Server


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e3


def username(i: int) -> str:
    return "Felhasznalo" + "".join("abcdefghij"[int(d)] for d in str(i))


def register_worker(config: Config, first: int, count: int, total: int, start: float) -> None:
    with open_service(config) as svc:
        while time.time() < start:
            time.sleep(0.001)
        for i in range(first, first + count):
            v = svc.verify(document_number(i, True, total), registration_code(i))
            svc.register(v, username(i), f"{username(i).lower()}@example.hu")


def measure(
    name: str,
    make: Callable[[str], Config],
    csvs: dict[str, Path],
    count: int,
    args: argparse.Namespace,
) -> None:
    for order in ("sorted", "scrambled"):
        config = make(order)
        with open_service(config) as svc:
            t = time.perf_counter()
            assert svc.import_citizens_csv(csvs[order]) == count
            wall = time.perf_counter() - t
        print(
            f"| {name} | import {count:,} ({order}) | {count / wall:,.0f} rows/s ({wall:.1f} s) |"
        )
    # The scrambled registry: lookups, verify, registrations.
    rng = random.Random(7)
    picks = [rng.randrange(count) for _ in range(args.verifies)]
    with open_service(config) as svc:
        lookups, verifies = [], []
        for i in picks:
            doc = document_number(i, True, count)
            t = time.perf_counter()
            person = svc.person(doc)
            lookups.append(time.perf_counter() - t)
            assert person is not None
        for i in picks[: args.verifies // 4]:
            doc = document_number(i, True, count)
            t = time.perf_counter()
            svc.verify(doc, registration_code(i))
            verifies.append(time.perf_counter() - t)
    print(
        f"| {name} | lookup (person) | p50 {pct(lookups, 0.5):.3f} ms, "
        f"p99 {pct(lookups, 0.99):.3f} ms |"
    )
    print(
        f"| {name} | verify() | p50 {pct(verifies, 0.5):.2f} ms, p99 {pct(verifies, 0.99):.2f} ms |"
    )
    total = args.processes * args.each
    # Citizens not verified above: from the end of the generated range.
    first = count - total
    start = time.time() + 2.0
    ctx = mp.get_context("spawn")
    procs = [
        ctx.Process(
            target=register_worker, args=(config, first + n * args.each, args.each, count, start)
        )
        for n in range(args.processes)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join()
        assert proc.exitcode == 0
    elapsed = time.time() - start
    print(
        f"| {name} | register, {args.processes} processes × {args.each} | "
        f"{total / elapsed:,.0f} registrations/s ({elapsed:.1f} s) |"
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("count", type=int)
    p.add_argument("--processes", type=int, default=8)
    p.add_argument("--each", type=int, default=100)
    p.add_argument("--verifies", type=int, default=2000)
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    server = Server(durable=True)
    try:
        csvs = {"sorted": work / "sorted.csv", "scrambled": work / "scrambled.csv"}
        write_csv(csvs["sorted"], args.count, shuffled=False)
        write_csv(csvs["scrambled"], args.count, shuffled=True)
        print("| store | measure | result |\n|---|---|---|")
        measure(
            "SQLite",
            lambda order: Config(data_dir=work / f"sqlite-{order}"),
            csvs,
            args.count,
            args,
        )
        measure(
            "PostgreSQL",
            lambda order: Config(
                data_dir=work / f"pg-{order}",
                registry=RegistryConfig(url=server.create_database()),
            ),
            csvs,
            args.count,
            args,
        )
        hasher = PasswordHasher(PRODUCTION)
        hashes, checks = [], []
        for _ in range(5):
            t = time.perf_counter()
            encoded = hasher.hash("nyári almafa kék villamos")
            hashes.append(time.perf_counter() - t)
            t = time.perf_counter()
            hasher.verify("nyári almafa kék villamos", encoded)
            checks.append(time.perf_counter() - t)
        print(
            f"| both | Argon2id (activate, sign-in; apart) | hash "
            f"{statistics.median(hashes) * 1e3:.0f} ms, verify "
            f"{statistics.median(checks) * 1e3:.0f} ms |"
        )
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
