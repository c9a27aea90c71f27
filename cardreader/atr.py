"""The answer-to-reset decoded for people: protocols, contact or contactless, historical bytes.

ISO/IEC 7816-3 (TS, T0, interface bytes, historical bytes, TCK) and PC/SC part 3, 3.1.3.2.3:
a PC/SC reader reports a contactless card with the constructed ATR `3B 8n 80 01 <historical
bytes> TCK` (TD1 = 80: T=0 and TD2 follows; TD2 = 01: T=1). Storage cards (MIFARE and the
like) carry the PC/SC RID `A0 00 00 03 06` in their historical bytes: never an eID.
The extended-length capability is read by `cardreader.pcsc.atr_allows_extended_length`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cardreader.pcsc import atr_allows_extended_length, historical_bytes

_PCSC_STORAGE_CARD = bytes.fromhex("804F0CA000000306")


class Interface(enum.Enum):
    CONTACT = "contact"
    CONTACTLESS = "contactless"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AtrInfo:
    """What an ATR says about the card, without talking to it."""

    atr: bytes
    valid: bool
    interface: Interface
    protocols: tuple[int, ...]
    historical: bytes
    extended_length: bool
    storage_card: bool

    @property
    def historical_text(self) -> str:
        """The historical bytes as text when they are printable ASCII (some cards name
        themselves this way), else ""."""
        if len(self.historical) >= 4 and all(0x20 <= b < 0x7F for b in self.historical):
            return self.historical.decode("ascii")
        return ""


def _interface_bytes(atr: bytes) -> tuple[list[int], bool] | None:
    """The protocols announced by TD bytes, and whether parsing reached the historical bytes."""
    if len(atr) < 2 or atr[0] not in (0x3B, 0x3F):
        return None
    pos, td = 2, atr[1]
    protocols: list[int] = []
    while True:
        for bit in (0x10, 0x20, 0x40):
            if td & bit:
                pos += 1
        if not td & 0x80:
            break
        if pos >= len(atr):
            return None
        td = atr[pos]
        pos += 1
        protocols.append(td & 0x0F)
    return protocols, pos + (atr[1] & 0x0F) <= len(atr)


def decode_atr(atr: bytes) -> AtrInfo:
    """Decode an ATR; a malformed one gives `valid=False` and unknown interface."""
    parsed = _interface_bytes(atr)
    if parsed is None or not parsed[1]:
        return AtrInfo(atr, False, Interface.UNKNOWN, (), b"", False, False)
    announced, _ = parsed
    protocols = tuple(sorted(set(announced))) or (0,)
    hist = historical_bytes(atr)
    contactless = (
        len(atr) >= 4 and atr[0] == 0x3B and atr[1] >> 4 == 0x8 and atr[2:4] == (b"\x80\x01")
    )
    return AtrInfo(
        atr=atr,
        valid=True,
        interface=Interface.CONTACTLESS if contactless else Interface.CONTACT,
        protocols=protocols,
        historical=hist,
        extended_length=atr_allows_extended_length(atr),
        storage_card=hist.startswith(_PCSC_STORAGE_CARD),
    )
