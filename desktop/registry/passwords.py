"""Password hashing: the project's Argon2id wrapper (`desktop.argon2id`, PHC strings that
carry their own parameters) with the same time for an unknown user as for a known one."""

from __future__ import annotations

import secrets

from desktop.argon2id import (
    FAST_FOR_TESTS,
    PRODUCTION,
    Argon2Parameters,
    hash_secret,
    verify_encoded,
)

__all__ = [
    "FAST_FOR_TESTS",
    "PRODUCTION",
    "Argon2Parameters",
    "PasswordHasher",
    "hash_secret",
    "verify_encoded",
]


class PasswordHasher:
    def __init__(self, params: Argon2Parameters = PRODUCTION) -> None:
        self.params = params
        # A hash of a random password: sign-in for an unknown user verifies against it, so
        # the answer takes as long as for a real one.
        self._dummy = self.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """A PHC-format Argon2id hash of `password` with a fresh random salt."""
        return hash_secret(password, self.params)

    def verify(self, password: str, encoded: str | None) -> bool:
        """Whether `password` matches `encoded`; with None, spend the same time and say no."""
        matches = verify_encoded(password, encoded or self._dummy)
        return matches and encoded is not None
