"""Ügyfélkapu+ second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as authenticator apps do."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor import InvalidToken
from cryptography.hazmat.primitives.twofactor.totp import TOTP

DIGITS = 6
STEP_SECONDS = 30
SECRET_BYTES = 20  # 160 bits, RFC 4226's recommendation for SHA-1
ISSUER = "Ügyfélkapu"
# One step either side: a phone clock a little off still works.
DRIFT_STEPS = 1


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def secret_base32(secret: bytes) -> str:
    """The secret as authenticator apps take it for manual entry (no padding)."""
    return base64.b32encode(secret).decode().rstrip("=")


def _totp(secret: bytes) -> TOTP:
    # RFC 6238's HMAC-SHA-1: the one algorithm every authenticator app takes; HMAC does not
    # rest on SHA-1's collision resistance.
    return TOTP(secret, DIGITS, SHA1(), STEP_SECONDS, enforce_key_length=False)  # noqa: S303


def provisioning_uri(secret: bytes, username: str) -> str:
    """The `otpauth://totp/...` URI that the QR code carries."""
    return _totp(secret).get_provisioning_uri(username, ISSUER)


def time_step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def code_at(secret: bytes, now: datetime) -> str:
    """The code an authenticator shows at `now` (tests and QA use it)."""
    return _totp(secret).generate(int(now.timestamp())).decode()


def matching_step(secret: bytes, code: str, now: datetime) -> int | None:
    """The time step (within the allowed drift) whose code is `code`, or None."""
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    totp = _totp(secret)
    base = time_step(now)
    for step in (base, base - DRIFT_STEPS, base + DRIFT_STEPS):
        try:
            totp.verify(code.encode(), step * STEP_SECONDS)
        except InvalidToken:
            continue
        return step
    return None
