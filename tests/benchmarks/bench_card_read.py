"""Benchmark: PACE-CAN + CA + DG1 + DG14 + EF.SOD read of the virtual chip through a private
pcscd + vpcd, beside the read without chip authentication, in the same run.

    PYTHONPATH=. python tests/benchmarks/bench_card_read.py [--runs 20] [--profile kovacs-eva]

Starts a private pcscd (tests/e2e/pcscd_harness.py) and `eid-card emulate`, then runs the
reads in a separate client process (PCSCLITE_CSOCK_NAME is read once per process). For each
run it measures, in the reading process: APDUs, wall ms and CPU ms of the whole read
(connect + PACE + DG1 + DG14 + EF.SOD + passive authentication + Chip Authentication), the
CPU ms of PACE alone (from the SECURE_CHANNEL to the READING progress step), the CPU ms of
the chip-authentication step, and apart from those the disconnect (which resets the card).
The same chip is then read the way the reader did before chip authentication (no DG14, no
proof: the two steps of `read_document` replaced in the client process), PACE + DG1 alone
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
from cardreader import chip_proof
from cardreader.chip_proof import ChipProof
from cardreader.document import ChipAuthentication
from cardreader.reader import read_document

reader, can, runs, warmup, read_sod, extended, prove = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1",
    sys.argv[6], sys.argv[7] == "1")
proof_cpu = [0.0]
# The read's steps import these from cardreader.chip_proof when they run, so replacing them
# there reaches the pipeline (and fails loudly below if a name is gone).
_prove, _read_key_files = chip_proof.prove, chip_proof.read_key_files
if prove:

    def timed(*args):
        t0 = time.process_time()
        try:
            return _prove(*args)
        finally:
            proof_cpu[0] = time.process_time() - t0

    chip_proof.prove = timed
else:
    # The read as it was before chip authentication: no key files, no proof.
    chip_proof.read_key_files = lambda channel, **kwargs: {}
    chip_proof.prove = lambda *args: ChipProof(
        ChipAuthentication.NOT_SUPPORTED, None, "not run")


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
        "ca": result.chip_authentication.value, "ca_cpu_ms": proof_cpu[0] * 1000,
    }), flush=True)
"""


def measure(
    harness: PrivatePcscd, reader: str, runs: int, read_sod: bool, extended: str, prove: bool
) -> dict[str, float | int | str]:
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, reader, "123456", str(runs), "2",
         "1" if read_sod else "0", extended, "1" if prove else "0"],
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
        "ca_cpu_ms": statistics.median(r["ca_cpu_ms"] for r in warm),
        "access": warm[0]["access"],
        "pa": warm[0]["pa"],
        "ca": warm[0]["ca"],
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
                ("PACE-CAN + DG1 + DG14 + EF.SOD + PA + CA", True, "atr", True),
                ("PACE-CAN + DG1 + EF.SOD + PA (no chip authentication)", True, "atr", False),
                ("PACE-CAN + DG1", False, "atr", False),
                ("PACE-CAN + DG1 + DG14 + EF.SOD + PA + CA, short APDUs only", True, "off", True),
            ]
            results = [
                (name, measure(harness, reader, args.runs, sod, ext, prove))
                for name, sod, ext, prove in cases
            ]
            emulator.stop()
    # The rows compare only if each read did what its name says.
    for (name, _sod, _ext, prove), (_name, r) in zip(cases, results, strict=True):
        expected = "passed" if prove else "not-supported"
        if r["ca"] != expected:
            raise SystemExit(f"{name!r}: chip authentication {r['ca']}, expected {expected}")
    cpu = platform.processor() or platform.machine()
    model = _cpu_model() or cpu
    print(f"Measured {datetime.now(UTC).date().isoformat()} on {model}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, profile {args.profile}, "
          f"median of {args.runs} reads after 2 warm-up reads.\n")  # fmt: skip
    print(
        "| read | APDUs | wall ms | host CPU ms (reader) | PACE CPU ms | CA step CPU ms"
        " | disconnect ms | first read wall ms | chip authentication |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, r in results:
        print(
            f"| {name} | {r['apdus']:.0f} | {r['wall_ms']:.1f} | {r['cpu_ms']:.1f} | "
            f"{r['pace_cpu_ms']:.1f} | {r['ca_cpu_ms']:.1f} | {r['close_ms']:.1f} | "
            f"{r['cold_wall_ms']:.1f} | {r['ca']} |"
        )
    full, baseline = results[0][1], results[1][1]
    print(
        f"\nChip authentication adds {float(full['apdus']) - float(baseline['apdus']):.0f} "
        f"APDUs, {float(full['wall_ms']) - float(baseline['wall_ms']):.1f} ms wall and "
        f"{float(full['cpu_ms']) - float(baseline['cpu_ms']):.1f} ms host CPU (medians)."
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
