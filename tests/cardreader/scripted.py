"""A transport that plays a fixed conversation, for byte-exact protocol tests
(python-fido2 style: scripted responses instead of hardware)."""

from __future__ import annotations


class ScriptedTransport:
    """Checks each command APDU against the script and answers with the scripted response."""

    def __init__(self, script: list[tuple[str, str]], extended: bool = False) -> None:
        self._script = [(bytes.fromhex(c), bytes.fromhex(r)) for c, r in script]
        self.sent: list[bytes] = []
        self.supports_extended_length = extended

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        assert self._script, f"unexpected extra APDU {apdu.hex().upper()}"
        expected, answer = self._script.pop(0)
        assert apdu.hex().upper() == expected.hex().upper()
        return answer

    def close(self) -> None:
        pass

    @property
    def finished(self) -> bool:
        return not self._script
