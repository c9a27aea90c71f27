"""Password hashing with Argon2id (RFC 9106), as PHC strings that carry their own parameters.

The production parameters (64 MiB, 3 passes, 4 lanes) are RFC 9106's second recommended
option; measured here they cost 150–200 ms of CPU (docs/PERFORMANCE.md). Tests may pass cheaper
ones; a stored hash keeps its parameters, so a later change of defaults still verifies it.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


@dataclass(frozen=True)
class Argon2Parameters:
    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4
    salt_bytes: int = 16
    hash_bytes: int = 32


PRODUCTION = Argon2Parameters()
# Only for tests: the same algorithm at a cost of well under a millisecond.
FAST_FOR_TESTS = Argon2Parameters(memory_kib=64, iterations=1, lanes=1)

# With more than one lane, cryptography 50's Argon2id runs on OpenSSL's thread pool, and two
# derivations started from two threads of one process at once hang for ever (seen: both wait in
# ossl_crypto_thread_start). One derivation at a time per process: each already uses `lanes`
# threads, so the CPU stays busy; more throughput comes from more processes.
_ONE_AT_A_TIME = threading.Lock()


class PasswordHasher:
    def __init__(self, params: Argon2Parameters = PRODUCTION) -> None:
        self.params = params
        # A hash of a random password: sign-in for an unknown user verifies against it, so
        # the answer takes as long as for a real one.
        self._dummy = self.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        """A PHC-format Argon2id hash of `password` with a fresh random salt."""
        p = self.params
        kdf = Argon2id(
            salt=secrets.token_bytes(p.salt_bytes),
            length=p.hash_bytes,
            iterations=p.iterations,
            lanes=p.lanes,
            memory_cost=p.memory_kib,
        )
        with _ONE_AT_A_TIME:
            return kdf.derive_phc_encoded(password.encode())

    def verify(self, password: str, encoded: str | None) -> bool:
        """Whether `password` matches `encoded`; with None, spend the same time and say no."""
        try:
            with _ONE_AT_A_TIME:
                Argon2id.verify_phc_encoded(password.encode(), encoded or self._dummy)
        except (InvalidKey, ValueError):
            return False
        return encoded is not None
