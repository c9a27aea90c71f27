"""`verify` latency by registry size, with the lookup, the HMAC and Argon2id reported apart.

    PYTHONPATH=. python tests/benchmarks/bench_registry_verify.py --data-dir DIR

DIR holds a registry imported by bench_registry_import.py (--keep DIR) with its generated
citizens. Reported: the citizen lookup by document number alone (the SELECT verify runs),
one HMAC-SHA-256 of a registration code, a whole `verify` call (lookup, HMAC, and its write
transaction with the audit entry, committed with fsync), and Argon2id hash/verify with the
production parameters (what `activate` and `sign_in` pay).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from registry_data import document_number, registration_code

from desktop.config import Config
from desktop.registry import open_service
from desktop.registry.citizens import PERSON_COLUMNS
from desktop.registry.crypto import Purpose
from desktop.registry.passwords import PRODUCTION, PasswordHasher


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e3


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--lookups", type=int, default=20000)
    p.add_argument("--verifies", type=int, default=300)
    args = p.parse_args()
    db = args.data_dir / "registry.sqlite3"
    count = sqlite3.connect(db).execute("SELECT count(*) FROM citizens").fetchone()[0]
    rng = random.Random(7)
    picks = [rng.randrange(count) for _ in range(args.lookups)]

    with open_service(Config(data_dir=args.data_dir)) as svc:
        # Imported in key order (--sorted) or scrambled: the stored hash of citizen 1 tells.
        row = (
            sqlite3.connect(db)
            .execute(
                "SELECT registration_code_mac FROM citizens WHERE document_number = ?",
                (document_number(1, False, count),),
            )
            .fetchone()
        )
        code_mac = svc._keys.mac(Purpose.REGISTRATION_CODE, registration_code(1))
        scrambled = row is None or row[0] != code_mac

    conn = sqlite3.connect(db)
    sql = f"SELECT registration_code_mac, {PERSON_COLUMNS} FROM citizens WHERE document_number = ?"  # noqa: S608 - constant columns
    lookups = []
    for i in picks:
        doc = document_number(i, scrambled, count)
        t = time.perf_counter()
        row = conn.execute(sql, (doc,)).fetchone()
        lookups.append(time.perf_counter() - t)
        assert row is not None
    conn.close()

    with open_service(Config(data_dir=args.data_dir)) as svc:
        keys = svc._keys  # the benchmark measures the HMAC on its own
        macs = []
        for i in picks[:5000]:
            t = time.perf_counter()
            keys.mac(Purpose.REGISTRATION_CODE, registration_code(i))
            macs.append(time.perf_counter() - t)
        verifies = []
        for i in picks[: args.verifies]:
            t = time.perf_counter()
            v = svc.verify(document_number(i, scrambled, count), registration_code(i))
            verifies.append(time.perf_counter() - t)
            assert v.person.document_number == document_number(i, scrambled, count)

    hasher = PasswordHasher(PRODUCTION)
    hashes, checks = [], []
    for _ in range(5):
        t = time.perf_counter()
        encoded = hasher.hash("nyári almafa kék villamos")
        hashes.append(time.perf_counter() - t)
        t = time.perf_counter()
        hasher.verify("nyári almafa kék villamos", encoded)
        checks.append(time.perf_counter() - t)

    lookup = f"lookup p50 {pct(lookups, 0.5):.3f} ms, p99 {pct(lookups, 0.99):.3f} ms"
    hmac_cost = f"HMAC p50 {pct(macs, 0.5) * 1e3:.1f} µs"
    whole = f"verify() p50 {pct(verifies, 0.5):.2f} ms, p99 {pct(verifies, 0.99):.2f} ms"
    argon = (
        f"Argon2id hash {statistics.median(hashes) * 1e3:.0f} ms, "
        f"verify {statistics.median(checks) * 1e3:.0f} ms"
    )
    print(f"| {count:,} citizens | {lookup} | {hmac_cost} | {whole} | {argon} |")


if __name__ == "__main__":
    main()
