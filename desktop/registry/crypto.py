"""The registry secret and what is derived from it: keyed hashes of codes, encryption at rest.

One random 32-byte secret lives in its own 0600 file beside the database. Separate keys for
each purpose are derived from it with HKDF, so a keyed hash of one kind of code can never be
replayed as another and the encryption key is independent of the hashing keys.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.messages import Message
from desktop.registry.errors import RegistryUnavailable

SECRET_BYTES = 32
_NONCE_BYTES = 12


class Purpose(enum.Enum):
    """What a keyed hash is for; each has its own derived key."""

    REGISTRATION_CODE = "registration-code"
    ACTIVATION_CODE = "activation-code"
    RECOVERY_CODE = "recovery-code"
    VERIFICATION_TOKEN = "verification-token"  # noqa: S105 - a key label, not a secret
    KEY_CHECK = "key-check"


def _derive(secret: bytes, label: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"ugyfelkapu-registry/" + label.encode(),
    ).derive(secret)


class RegistryKeys:
    """Keyed hashing (HMAC-SHA-256) and authenticated encryption (AES-256-GCM) for the registry."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) != SECRET_BYTES:
            raise ValueError("registry secret must be 32 bytes")
        self._mac_keys = {p: _derive(secret, "mac/" + p.value) for p in Purpose}
        self._aead = AESGCM(_derive(secret, "aead"))

    def __repr__(self) -> str:
        return "RegistryKeys(<secret>)"

    def mac(self, purpose: Purpose, value: str) -> bytes:
        """HMAC-SHA-256 of `value` (UTF-8) under the key for `purpose`."""
        return hmac.digest(self._mac_keys[purpose], value.encode(), "sha256")

    def bulk_mac(self, purpose: Purpose) -> Callable[[bytes], bytes]:
        """HMAC-SHA-256 under the key for `purpose`, for millions of values (the citizen import).

        RFC 2104 with the inner and outer hash states computed once and copied per value:
        the same result as `hmac.digest` at less than half the cost per call.
        """
        key = self._mac_keys[purpose].ljust(64, b"\0")  # 32-byte key, SHA-256 block of 64
        inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

        def mac(value: bytes) -> bytes:
            i = inner.copy()
            i.update(value)
            o = outer.copy()
            o.update(i.digest())
            return o.digest()

        return mac

    def mac_matches(self, purpose: Purpose, value: str, expected: bytes) -> bool:
        """Constant-time comparison of `value`'s keyed hash with a stored one."""
        return hmac.compare_digest(self.mac(purpose, value), expected)

    def check_value(self) -> bytes:
        """A value stored in the database to notice a secret file that is not its own."""
        return self.mac(Purpose.KEY_CHECK, "ugyfelkapu-registry")

    def encrypt(self, plaintext: bytes, context: str) -> bytes:
        """nonce || AES-GCM ciphertext; `context` (e.g. the row it belongs to) is authenticated."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def decrypt(self, blob: bytes, context: str) -> bytes:
        """The plaintext of `encrypt`; RegistryUnavailable if it was tampered with or moved."""
        try:
            return self._aead.decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context.encode())
        except InvalidTag:
            raise RegistryUnavailable(
                Message(
                    "A nyilvántartás egy titkosított adata sérült.",
                    "An encrypted item in the registry is damaged.",
                )
            ) from None


def secret_path_for(database: Path) -> Path:
    """The secret file that belongs to a database file: `<database>.key` beside it."""
    return database.with_name(database.name + ".key")


def load_or_create_secret(path: Path, *, create: bool) -> bytes:
    """Read the registry secret; with `create`, make a new one (0600) if there is none."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            raise RegistryUnavailable(
                Message(
                    f"A nyilvántartás titkos kulcsfájlja hiányzik: {path}",
                    f"The registry's secret key file is missing: {path}",
                )
            ) from None
        try:
            return _create_secret(path)
        except OSError as exc:  # a full disk or a directory it may not write in
            raise RegistryUnavailable(
                Message(
                    f"A nyilvántartás kulcsfájlja nem hozható létre: {path} ({exc.strerror})",
                    f"The registry's key file cannot be created: {path} ({exc.strerror})",
                )
            ) from None
    except OSError as exc:
        raise RegistryUnavailable(
            Message(
                f"A nyilvántartás kulcsfájlja nem olvasható: {path} ({exc.strerror})",
                f"The registry's key file cannot be read: {path} ({exc.strerror})",
            )
        ) from None
    if len(data) != SECRET_BYTES:
        raise RegistryUnavailable(
            Message(
                f"A nyilvántartás kulcsfájlja sérült: {path}",
                f"The registry's key file is damaged: {path}",
            )
        )
    return data


def _create_secret(path: Path) -> bytes:
    secret = secrets.token_bytes(SECRET_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Written to a private temporary file, then linked into place: a crash leaves either no
    # key or a whole one, and a second process creating it at the same moment loses cleanly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(secret)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_or_create_secret(path, create=False)
    finally:
        tmp.unlink(missing_ok=True)
    return secret
