"""The attendant PIN: verification against the config's Argon2id hash, and the wrong-PIN brake.

The config holds only the PHC string (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`) that
`ugyfelkapu-admin kiosk-pin` prints; the PIN itself is never stored or logged. One policy
(6 to 12 digits, `check_pin_format`) and one Argon2id wrapper (`desktop.argon2id`, as for
account passwords, production parameters) serve both the kiosk and that command.
No Qt here: the kiosk verifies on a worker thread.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop.argon2id import PRODUCTION, hash_secret, verify_encoded
from desktop.messages import Message

PIN_MIN_LENGTH = 6
PIN_MAX_LENGTH = 12


class PinFormatError(ValueError):
    """The PIN is not 6 to 12 digits. `message` is what the attendant sees."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.en)


def check_pin_format(pin: str) -> None:
    """Raise `PinFormatError` unless `pin` is 6 to 12 ASCII digits."""
    if not (pin.isascii() and pin.isdigit()):
        raise PinFormatError(
            Message("A PIN csak számjegyekből állhat.", "The PIN may contain digits only.")
        )
    if not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
        raise PinFormatError(
            Message(
                f"A PIN {PIN_MIN_LENGTH}–{PIN_MAX_LENGTH} számjegyből álljon.",
                f"The PIN must have {PIN_MIN_LENGTH} to {PIN_MAX_LENGTH} digits.",
            )
        )


def hash_pin(pin: str) -> str:
    """The Argon2id PHC string of `pin` with a fresh random salt (checks the format first)."""
    check_pin_format(pin)
    # RFC 9106's second recommended option (64 MiB, t=3, p=4), as for passwords: slow enough
    # that the hash in a stolen config is not worth brute-forcing digit by digit.
    return hash_secret(pin, PRODUCTION)


def verify_pin(pin: str, phc_hash: str) -> bool:
    """True when `pin` matches `phc_hash`; False for a wrong PIN or a malformed hash."""
    if not is_pin_hash(phc_hash):
        return False
    return verify_encoded(pin, phc_hash)


_PHC = re.compile(
    r"\$argon2id\$v=19\$m=(?P<m>\d{1,8}),t=(?P<t>\d{1,3}),p=(?P<p>\d{1,3})"
    r"\$(?P<salt>[A-Za-z0-9+/]{11,})\$(?P<hash>[A-Za-z0-9+/]{22,})"
)
# A config is trusted, but a typo like m=6553600 would make every attempt take minutes.
_MAX_MEMORY_KIB = 1024 * 1024


def is_pin_hash(text: str) -> bool:
    """Whether `text` is an Argon2id PHC string this kiosk can verify in reasonable time."""
    match = _PHC.fullmatch(text)
    if match is None:
        return False
    memory, lanes = int(match["m"]), int(match["p"])
    return 8 * lanes <= memory <= _MAX_MEMORY_KIB and int(match["t"]) >= 1 and lanes >= 1


@dataclass
class PinThrottle:
    """Refuses attempts for a while after wrong PINs; the pause doubles with each one.

    The first `free_attempts` wrong PINs cost nothing (a typo is human); after that the wait
    is `base_seconds`, then twice that, up to `max_seconds`. A right PIN resets it. `clock` is
    injectable so the rule is tested without sleeping.
    """

    free_attempts: int = 2
    base_seconds: float = 5.0
    max_seconds: float = 300.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _locked_until: float = 0.0

    def seconds_left(self) -> float:
        """How long until the next attempt is accepted (0 when it is accepted now)."""
        return max(0.0, self._locked_until - self.clock())

    def record_failure(self) -> float:
        """Count a wrong PIN; returns the wait before the next attempt."""
        self.failures += 1
        excess = self.failures - self.free_attempts
        if excess <= 0:
            return 0.0
        delay: float = min(self.base_seconds * 2 ** (excess - 1), self.max_seconds)
        self._locked_until = self.clock() + delay
        return delay

    def record_success(self) -> None:
        self.failures = 0
        self._locked_until = 0.0
