"""What the OpenPACE cross-checks share: recording our session keys and the APDUs, comparing
keys, and a few protected commands through both sides' secure messaging."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from cardreader import kdf
from cardreader.apdu import SW, Command
from cardreader.cipher import Cipher
from cardreader.secure_messaging import SecureMessaging, SessionKeys
from tests.crosscheck.openpace import OpenPaceChip

CAN = "123456"
# The curves the virtual chip's profiles offer (cardreader/virtual/chip_secrets.py).
PROFILE_CURVES = {12: "NIST P-256", 13: "brainpoolP256r1", 15: "NIST P-384",
                  16: "brainpoolP384r1", 17: "brainpoolP512r1", 18: "NIST P-521"}  # fmt: skip


class KeySpy:
    """Records the session keys our code derives and the shared secrets they come from:
    `module.session_keys` wrapped (PACE and Chip Authentication each have one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> None:
        self.keys: list[SessionKeys] = []
        self.secrets: list[bytes] = []
        original: Callable[[bytes, Cipher], SessionKeys] = module.session_keys

        def spy(shared_secret: bytes, cipher: Cipher) -> SessionKeys:
            keys = original(shared_secret, cipher)
            self.keys.append(keys)
            self.secrets.append(shared_secret)
            return keys

        monkeypatch.setattr(module, "session_keys", spy)


def same_keys(theirs: tuple[bytes, bytes], ours: SessionKeys) -> bool:
    """Whether OpenPACE's (k_enc, k_mac) are ours. For 3DES we set the DES parity bits
    (as ICAO's worked examples show them) and OpenPACE leaves them as hashed; the cipher
    ignores them, so the keys are compared with parity set on both."""
    if ours.cipher is Cipher.DES3:
        theirs = (kdf.adjust_des_parity(theirs[0]), kdf.adjust_des_parity(theirs[1]))
    return theirs == (ours.k_enc, ours.k_mac)


def exchange_protected_commands(channel: SecureMessaging, chip: OpenPaceChip) -> None:
    """A SELECT with data and a READ BINARY through our secure messaging: OpenPACE must
    verify and decrypt each command to what we meant, and we its answers."""
    select = channel.transmit(Command(0x00, 0xA4, 0x02, 0x0C, bytes.fromhex("011E")))
    assert select.sw == SW.OK
    assert select.data == b""
    assert chip.last_command() == (bytes.fromhex("A4020C"), bytes.fromhex("011E"), 0)
    read = channel.transmit(Command(0x00, 0xB0, 0x00, 0x10, le=0x30))
    assert read.sw == SW.OK
    assert read.data == bytes(range(0x10, 0x40))
    assert chip.last_command() == (bytes.fromhex("B00010"), b"", 0x30)
