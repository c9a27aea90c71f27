"""What the APDU traffic log may show: everything but the data that authenticates.

At the `TRAFFIC` level (5, below DEBUG, as python-fido2 does; `eid-card -vv`) the PC/SC
transport, the APDU session and the vpcd bridge dump every APDU. The bodies of GET CHALLENGE,
EXTERNAL / MUTUAL / INTERNAL AUTHENTICATE, GENERAL AUTHENTICATE and MSE exchanges are
withheld, in both directions: a BAC challenge with its cryptogram, or a PACE encrypted nonce,
lets anyone holding the log search the MRZ key or the CAN offline, and with it decrypt the
rest of the session. Headers, lengths and status words stay, as they are what a developer
needs. Once secure messaging is up the other bodies are ciphertext under session keys that
never appear on the wire.
"""

from __future__ import annotations

import logging

# The one level of the APDU dumps, named here once so that the name in a log line does not
# depend on which module happened to be imported first.
TRAFFIC = 5
logging.addLevelName(TRAFFIC, "TRAFFIC")

INS_MSE = 0x22
INS_EXTERNAL_AUTHENTICATE = 0x82  # also MUTUAL AUTHENTICATE
INS_GET_CHALLENGE = 0x84
INS_GENERAL_AUTHENTICATE = 0x86
INS_GENERAL_AUTHENTICATE_ODD = 0x87
INS_INTERNAL_AUTHENTICATE = 0x88
INS_GET_RESPONSE = 0xC0

AUTHENTICATION_INS = frozenset(
    {
        INS_MSE,
        INS_EXTERNAL_AUTHENTICATE,
        INS_GET_CHALLENGE,
        INS_GENERAL_AUTHENTICATE,
        INS_GENERAL_AUTHENTICATE_ODD,
        INS_INTERNAL_AUTHENTICATE,
    }
)


def _hex(data: bytes) -> str:
    return data.hex(" ").upper()


class TrafficRedactor:
    """Formats one connection's APDUs for the log; remembers whether the current answer
    (GET RESPONSE continuations included) belongs to an authentication command."""

    def __init__(self) -> None:
        self._withholding = False

    def command(self, raw: bytes) -> str:
        """The command as logged: header in full, body withheld for authentication commands."""
        ins = raw[1] if len(raw) > 1 else None
        if ins != INS_GET_RESPONSE:
            self._withholding = ins in AUTHENTICATION_INS
        # Header and a lone Le (five bytes) carry nothing secret; a body does.
        if self._withholding and len(raw) > 5:
            return f"{_hex(raw[:4])} <{len(raw) - 4} bytes withheld>"
        return _hex(raw)

    def response(self, raw: bytes) -> str:
        """The answer as logged: status word in full, data withheld after such a command."""
        if self._withholding and len(raw) > 2:
            return f"<{len(raw) - 2} bytes withheld> {_hex(raw[-2:])}"
        return _hex(raw)
