"""A tiny scripted card for the vpcd bridge: fixed answers to fixed APDUs.

Run with the repository on PYTHONPATH as
``python tests/e2e/scripted_card.py --vpcd HOST:PORT [--vanish-after N] [--hostile MODE]``.
It lets the transport, monitor and bridge be exercised end to end without the real virtual
eID chip. `--hostile` turns it into a chip that attacks the reader: `silent` never answers,
`6100` announces more data for ever, `one-byte` answers every command with the byte 9F.
"""

from __future__ import annotations

import argparse
import signal
import threading

from cardreader.errors import CardRemovedError
from cardreader.virtual.vpcd import Endpoint, VpcdBridge

# Category 0x80, card capabilities (tag 7, length 3) with extended Lc/Le (third byte 0x40).
ATR = bytes.fromhex("3B8580018073C0004077")

SELECT_EMRTD = bytes.fromhex("00A4040C07A0000002471001")
GET_CHALLENGE = bytes.fromhex("0084000008")


class ScriptedChip:
    """Answers SELECT eMRTD with 9000, GET CHALLENGE with 8 fixed bytes, anything else 6D00."""

    def __init__(self, vanish_after: int | None = None, hostile: str | None = None) -> None:
        self.atr = ATR
        self.powered = False
        self.count = 0
        self.vanish_after = vanish_after
        self.hostile = hostile
        self.stopped = threading.Event()

    def power_on(self) -> None:
        self.powered = True

    def power_off(self) -> None:
        self.powered = False

    def reset(self) -> None:
        self.powered = True

    def process(self, apdu: bytes) -> bytes:
        self.count += 1
        if self.vanish_after is not None and self.count > self.vanish_after:
            raise CardRemovedError("scripted card vanished")
        if self.hostile == "silent":
            self.stopped.wait()  # until the process is told to stop
            raise CardRemovedError("scripted card stopped")
        if self.hostile == "6100":
            return b"\x61\x00"
        if self.hostile == "one-byte":
            return b"\x9f\x90\x00"
        if apdu == SELECT_EMRTD:
            return b"\x90\x00"
        if apdu == GET_CHALLENGE:
            return bytes(range(1, 9)) + b"\x90\x00"
        if apdu[:2] == b"\x00\xb0":  # READ BINARY: echo the offset and Le as data
            le = apdu[4] or 256
            return bytes(x & 0xFF for x in range(le)) + b"\x90\x00"
        return b"\x6d\x00"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vpcd", default="127.0.0.1:35963")
    parser.add_argument("--vanish-after", type=int)
    parser.add_argument("--hostile", choices=("silent", "6100", "one-byte"))
    args = parser.parse_args()
    chip = ScriptedChip(args.vanish_after, args.hostile)
    bridge = VpcdBridge(chip, Endpoint.parse(args.vpcd))

    def stop(*_: object) -> None:
        chip.stopped.set()
        bridge.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print("end:", bridge.run().value, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
