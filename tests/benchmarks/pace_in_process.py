"""PACE cost in process, per group and cipher: reader-side CPU, chip-side CPU, APDUs.

Not collected by pytest. Run from the repository root:

    PYTHONPATH=$PWD python tests/benchmarks/pace_in_process.py [--runs 20] [--markdown]

Reader and chip run in one process; the time spent inside the chip is measured separately
and subtracted, so "reader CPU" is what a host spends on PACE with a real card. The wire
(pcscd, vpcd) is not involved: the end-to-end benchmark through pcscd belongs to the
transport layer's benchmark script.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from cardreader.apdu import Command, Response
from cardreader.apdu_session import ApduSession
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS
from cardreader.pace import establish_pace
from cardreader.passwords import Can
from cardreader.virtual.access import CardAccessControl

CAN = "123456"


class TimedChip:
    """An in-process transport to the chip's access control that clocks the chip's CPU."""

    supports_extended_length = True

    def __init__(self, access: CardAccessControl) -> None:
        self.access = access
        self.chip_cpu = 0.0

    def transmit(self, apdu: bytes) -> bytes:
        start = time.process_time()
        answer = self.access.process(Command.parse(apdu), lambda _c: Response(b"", 0x9000))
        self.chip_cpu += time.process_time() - start
        return answer.encode()

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class PaceCost:
    """Medians over the runs, in milliseconds."""

    group: str
    cipher: Cipher
    reader_cpu_ms: float
    chip_cpu_ms: float
    apdus: int


def measure_pace(parameter_id: int, cipher: Cipher, runs: int = 20) -> PaceCost:
    """Median reader-side and chip-side CPU of one PACE-CAN run with these parameters."""
    make = PaceInfo.dh_gm if parameter_id < 8 else PaceInfo.ecdh_gm
    info = make(cipher, parameter_id)
    reader, chip, apdus = [], [], 0
    for _ in range(runs + 1):  # the first run pays for imports and curve set-up
        access = CardAccessControl(can=CAN, mrz_key=None, pace=[info], bac=False)
        card = TimedChip(access)
        session = ApduSession(card)
        start = time.process_time()
        establish_pace(session, Can(CAN), access.card_access)
        total = time.process_time() - start
        reader.append((total - card.chip_cpu) * 1000)
        chip.append(card.chip_cpu * 1000)
        apdus = session.apdu_count
    return PaceCost(
        STANDARD_PARAMETERS[parameter_id].name,
        cipher,
        statistics.median(reader[1:]),
        statistics.median(chip[1:]),
        apdus,
    )


CASES = [
    (13, Cipher.AES128),
    (12, Cipher.AES128),
    (16, Cipher.AES192),
    (15, Cipher.AES192),
    (17, Cipher.AES256),
    (18, Cipher.AES256),
    (13, Cipher.DES3),
    (0, Cipher.AES128),
    (2, Cipher.AES128),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    rows = [measure_pace(pid, cipher, args.runs) for pid, cipher in CASES]
    if args.markdown:
        print("| Group | Cipher | Reader CPU (ms, median) | Chip CPU (ms, median) | APDUs |")
        print("|---|---|---:|---:|---:|")
        for r in rows:
            print(
                f"| {r.group} | {r.cipher.value} | {r.reader_cpu_ms:.1f} | "
                f"{r.chip_cpu_ms:.1f} | {r.apdus} |"
            )
    else:
        for r in rows:
            print(
                f"{r.group:45} {r.cipher.value:8} reader {r.reader_cpu_ms:6.1f} ms  "
                f"chip {r.chip_cpu_ms:6.1f} ms  {r.apdus} APDUs"
            )


if __name__ == "__main__":
    main()
