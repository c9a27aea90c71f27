"""Benchmark: read_document against the virtual chip in process (no PC/SC), per chip profile.

    PYTHONPATH=. python tests/benchmarks/bench_read_in_process.py [--runs 20]

Prints a Markdown table (for docs/PERFORMANCE.md): APDUs, wall ms (median), host CPU ms of
the reader side (median, chip time subtracted), chip ms (median), passive authentication
ms (median). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

from cardreader.passive_auth import default_trust_store, verify_sod
from cardreader.passwords import Can, MrzKey
from cardreader.reader import read_document
from cardreader.virtual.chip import VirtualChip, _signed_files
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import load_profile

PROFILES = [
    "kovacs-eva",
    "szabo-gyorgy",
    "komuves-kelemen",
    "horvath-anna",
    "farkas-bence-passport",
]


class TimedTransport(VirtualTransport):
    """Counts the wall and CPU time spent inside the chip, to separate it from the reader."""

    chip_wall = 0.0
    chip_cpu = 0.0

    def transmit(self, apdu: bytes) -> bytes:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return super().transmit(apdu)
        finally:
            self.chip_wall += time.perf_counter() - wall
            self.chip_cpu += time.process_time() - cpu


def bench(name: str, runs: int) -> str:
    profile = load_profile(name)
    doc = profile.document
    password = (
        Can(profile.access.can)
        if profile.access.can
        else MrzKey(doc.document_number, doc.date_of_birth, doc.date_of_expiry)
    )
    read_document(VirtualTransport(VirtualChip(profile)), password)  # warm caches and imports
    walls, cpus, chips = [], [], []
    apdus = 0
    for _ in range(runs):
        transport = TimedTransport(VirtualChip(profile))
        wall, cpu = time.perf_counter(), time.process_time()
        result = read_document(transport, password)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu - transport.chip_cpu)
        chips.append(transport.chip_wall)
        apdus = result.apdu_count
    access = f"{result.access.value}"
    if profile.access.pace:
        access += f" {profile.chip.curve.value} {profile.chip.cipher.value}"
    return (
        f"| `{name}` | {access} | {apdus} | {statistics.median(walls) * 1000:.1f} | "
        f"{statistics.median(cpus) * 1000:.1f} | {statistics.median(chips) * 1000:.1f} |"
    )


def bench_passive_auth(runs: int) -> float:
    dg1, sod = _signed_files(load_profile("kovacs-eva").document.mrz_lines())
    store = default_trust_store()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        verify_sod(sod, {1: dg1}, store)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    warnings.simplefilter("ignore")  # 2-key 3DES deprecation on the older-chip profile
    print("| profile | access | APDUs | wall ms | reader CPU ms | chip ms |")
    print("|---|---|---|---|---|---|")
    for name in PROFILES:
        print(bench(name, runs))
    print(f"\npassive authentication (verify_sod, ECDSA P-256): {bench_passive_auth(runs):.2f} ms")


if __name__ == "__main__":
    main()
