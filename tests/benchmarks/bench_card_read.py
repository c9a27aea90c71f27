"""Benchmark: PACE-CAN + DG1 + EF.SOD read of the virtual chip through a private pcscd + vpcd.

    PYTHONPATH=. python tests/benchmarks/bench_card_read.py [--runs 20] [--profile kovacs-eva]

Starts a private pcscd (tests/e2e/pcscd_harness.py) and `eid-card emulate`, then runs the
reads in a separate client process (PCSCLITE_CSOCK_NAME is read once per process). For each
run it measures, in the reading process: APDUs, wall ms and CPU ms of the whole read
(connect + PACE + DG1 + EF.SOD + passive authentication), the CPU ms of PACE alone (from
the SECURE_CHANNEL to the READING progress step), and apart from those the disconnect (which
resets the card). It also reads PACE + DG1 alone
(`read_sod=False`), and the whole read again with short APDUs only, as with a card or reader
that does not announce extended length. Prints a Markdown table; not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.e2e.pcscd_harness import PrivatePcscd  # noqa: E402

# Runs in the client process: one JSON line per read.
CLIENT = r"""
import json, sys, time
from cardreader import pcsc
from cardreader.document import ReadStep
from cardreader.passwords import Can
from cardreader.reader import read_document

reader, can, runs, warmup, read_sod, extended = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1",
    sys.argv[6])


class Counting:
    def __init__(self, inner):
        self.inner, self.count = inner, 0

    @property
    def supports_extended_length(self):
        if extended == "atr":
            return self.inner.supports_extended_length
        return extended == "on"

    def transmit(self, apdu):
        self.count += 1
        return self.inner.transmit(apdu)

    def close(self):
        self.inner.close()


for i in range(warmup + runs):
    marks = {}

    def progress(step):
        marks[step] = time.process_time()

    wall0, cpu0 = time.perf_counter(), time.process_time()
    transport = Counting(pcsc.connect(reader))
    try:
        result = read_document(transport, Can(can), progress=progress, read_sod=read_sod)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    finally:
        close0 = time.perf_counter()
        transport.close()
    close = time.perf_counter() - close0
    pace_cpu = marks[ReadStep.READING] - marks[ReadStep.SECURE_CHANNEL]
    print(json.dumps({
        "warmup": i < warmup, "apdus": transport.count, "wall_ms": wall * 1000,
        "cpu_ms": cpu * 1000, "pace_cpu_ms": pace_cpu * 1000, "close_ms": close * 1000,
        "access": result.access.value, "pa": result.passive_authentication.value,
    }), flush=True)
"""


def measure(
    harness: PrivatePcscd, reader: str, runs: int, read_sod: bool, extended: str
) -> dict[str, float | int | str]:
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, reader, "123456", str(runs), "2",
         "1" if read_sod else "0", extended],
        env=harness.env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"the reading process failed:\n{done.stderr}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    cold = rows[0]
    warm = [r for r in rows if not r["warmup"]]
    return {
        "apdus": statistics.median(r["apdus"] for r in warm),
        "wall_ms": statistics.median(r["wall_ms"] for r in warm),
        "cpu_ms": statistics.median(r["cpu_ms"] for r in warm),
        "pace_cpu_ms": statistics.median(r["pace_cpu_ms"] for r in warm),
        "close_ms": statistics.median(r["close_ms"] for r in warm),
        "cold_wall_ms": cold["wall_ms"],
        "access": warm[0]["access"],
        "pa": warm[0]["pa"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", default="kovacs-eva")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pcscd-") as tmp:
        harness = PrivatePcscd(Path(tmp))
        with harness:
            emulator = harness.start_emulator(args.profile)
            harness.wait_for_card()
            reader = harness.readers[0]
            cases = [
                ("PACE-CAN + DG1 + EF.SOD + PA", True, "atr"),
                ("PACE-CAN + DG1", False, "atr"),
                ("PACE-CAN + DG1 + EF.SOD + PA, short APDUs only", True, "off"),
            ]
            results = [
                (name, measure(harness, reader, args.runs, sod, ext)) for name, sod, ext in cases
            ]
            emulator.stop()
    cpu = platform.processor() or platform.machine()
    model = _cpu_model() or cpu
    print(f"Measured {datetime.now(UTC).date().isoformat()} on {model}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, profile {args.profile}, "
          f"median of {args.runs} reads after 2 warm-up reads.\n")  # fmt: skip
    print(
        "| read | APDUs | wall ms | host CPU ms (reader) | PACE CPU ms | disconnect ms"
        " | first read wall ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results:
        print(
            f"| {name} | {r['apdus']:.0f} | {r['wall_ms']:.1f} | {r['cpu_ms']:.1f} | "
            f"{r['pace_cpu_ms']:.1f} | {r['close_ms']:.1f} | {r['cold_wall_ms']:.1f} |"
        )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


if __name__ == "__main__":
    main()
