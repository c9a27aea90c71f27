"""QA cards that are not eMRTDs: a card whose chip answers nothing, and a foreign chip.

A profile with `[chip] present = false` stands for an identity card issued without a chip:
the reader gets an answer to reset but no SELECT finds anything (what the doctor calls "no
chip answers", and what `read_document` reports as `NotAnEidError`). `applet = "foreign"` is
a working chip of another kind (a payment card, say): it selects its MF and its own
application, never the eMRTD one. Neither offers PACE or BAC.
"""

from __future__ import annotations

import functools

from cardreader.apdu import SW
from cardreader.virtual.profile import Applet

# A payment application's name (the EMV contactless directory), so the foreign card has
# something of its own to select.
FOREIGN_AID = b"2PAY.SYS.DDF01"


def _with_tck(body: bytes) -> bytes:
    return body + bytes((functools.reduce(lambda a, b: a ^ b, body[1:], 0),))


def atr_for(applet: Applet) -> bytes:
    """The ATR of a non-eMRTD QA card: PC/SC's contactless form, with historical bytes that
    carry no card-capabilities object (so no extended length either)."""
    historical = b"" if applet is Applet.NONE else b"QA-FOREIGN"
    return _with_tck(bytes((0x3B, 0x80 | len(historical), 0x80, 0x01)) + historical)


def answer(applet: Applet, apdu: bytes) -> bytes:
    """The card's answer to one command APDU (data + status word)."""
    if len(apdu) < 4:
        return SW.WRONG_LENGTH.to_bytes(2, "big")
    ins, p1 = apdu[1], apdu[2]
    if applet is Applet.NONE:
        status = SW.FILE_NOT_FOUND if ins in (0xA4, 0xB0) else SW.INS_NOT_SUPPORTED
        return status.to_bytes(2, "big")
    if ins == 0xA4:
        data = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if p1 == 0x00 and data in (b"", b"\x3f\x00"):
            return SW.OK.to_bytes(2, "big")
        if p1 == 0x04 and data == FOREIGN_AID:
            return SW.OK.to_bytes(2, "big")
        return SW.FILE_NOT_FOUND.to_bytes(2, "big")
    if ins == 0xB0:
        return SW.COMMAND_NOT_ALLOWED.to_bytes(2, "big")  # no current EF, no SFI files
    return SW.INS_NOT_SUPPORTED.to_bytes(2, "big")
