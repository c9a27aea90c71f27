"""Command and response APDUs (ISO/IEC 7816-4) and the status words this project meets."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class SW(enum.IntEnum):
    """Status words by name, so a log line says SECURITY_STATUS_NOT_SATISFIED, not 6982."""

    OK = 0x9000
    END_OF_FILE_BEFORE_LE = 0x6282
    AUTHENTICATION_FAILED = 0x6300
    WRONG_LENGTH = 0x6700
    LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881
    SECURE_MESSAGING_NOT_SUPPORTED = 0x6882
    COMMAND_INCOMPATIBLE = 0x6981
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTHENTICATION_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_NOT_USABLE = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED = 0x6986
    SM_DATA_OBJECTS_MISSING = 0x6987
    SM_DATA_OBJECTS_INCORRECT = 0x6988
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    RECORD_NOT_FOUND = 0x6A83
    INCORRECT_P1P2 = 0x6A86
    REFERENCE_DATA_NOT_FOUND = 0x6A88
    WRONG_P1P2 = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    NO_PRECISE_DIAGNOSIS = 0x6F00


def describe_sw(sw: int) -> str:
    """A status word as a name a person can search for, with the hex beside it."""
    try:
        return f"{SW(sw).name} ({sw:04X})"
    except ValueError:
        pass
    hi, lo = sw >> 8, sw & 0xFF
    if hi == 0x61:
        return f"MORE_DATA_AVAILABLE {lo} ({sw:04X})"
    if hi == 0x6C:
        return f"WRONG_LE_EXPECTED {lo} ({sw:04X})"
    if hi == 0x63 and lo & 0xF0 == 0xC0:
        return f"VERIFY_FAILED_{lo & 0x0F}_TRIES_LEFT ({sw:04X})"
    return f"UNKNOWN_STATUS ({sw:04X})"


@dataclass(frozen=True)
class Command:
    """A command APDU. `le` is the number of bytes expected (256/65536 for 'all'), or None."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def encode(self, extended: bool = False) -> bytes:
        """Encode as short (Lc/Le one byte) or extended (three/two bytes) APDU."""
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        nc = len(self.data)
        ne = self.le
        if not extended and (nc > 255 or (ne is not None and ne > 256)):
            extended = True
        if not extended:
            body = b""
            if nc:
                body += bytes((nc,)) + self.data
            if ne is not None:
                body += bytes((0 if ne == 256 else ne,))
            return header + body
        body = b""
        if nc:
            body += b"\x00" + nc.to_bytes(2, "big") + self.data
        if ne is not None:
            le = b"\x00\x00" if ne == 65536 else ne.to_bytes(2, "big")
            body += le if nc else b"\x00" + le
        return header + body

    @classmethod
    def parse(cls, raw: bytes) -> Command:
        """Decode a short or extended command APDU (the card side of `encode`)."""
        from cardreader.errors import MalformedResponseError

        if len(raw) < 4:
            raise MalformedResponseError(f"command of {len(raw)} bytes has no header")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:  # short
            nc = body[0]
            data = body[1 : 1 + nc]
            rest = body[1 + nc :]
            if len(data) != nc or len(rest) > 1:
                raise MalformedResponseError("short APDU length mismatch")
            le = (rest[0] or 256) if rest else None
            return cls(cla, ins, p1, p2, data, le)
        if len(body) == 3:  # extended, Le only
            ne = int.from_bytes(body[1:3], "big") or 65536
            return cls(cla, ins, p1, p2, le=ne)
        nc = int.from_bytes(body[1:3], "big")
        data = body[3 : 3 + nc]
        rest = body[3 + nc :]
        if nc == 0 or len(data) != nc or len(rest) not in (0, 2):
            raise MalformedResponseError("extended APDU length mismatch")
        le = (int.from_bytes(rest, "big") or 65536) if rest else None
        return cls(cla, ins, p1, p2, data, le)


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @classmethod
    def parse(cls, raw: bytes) -> Response:
        from cardreader.errors import MalformedResponseError

        if len(raw) < 2:
            raise MalformedResponseError(f"response of {len(raw)} bytes has no status word")
        return cls(raw[:-2], int.from_bytes(raw[-2:], "big"))
