"""Argon2id (RFC 9106) as PHC strings that carry their own parameters: the one wrapper.

Used for account passwords (`desktop.registry.passwords`) and for the kiosk's attendant PIN
(`desktop.kiosk.pin`, also behind `ugyfelkapu-admin kiosk-pin`). It lies outside the registry
so that the kiosk, held to the registry's contract, can use it too. No Qt.

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
# ossl_crypto_thread_start; the registry service's worker threads met it). One derivation at a
# time per process: each already uses `lanes` threads, so the CPU stays busy; more throughput
# comes from more processes.
_ONE_AT_A_TIME = threading.Lock()


def hash_secret(secret: str, params: Argon2Parameters = PRODUCTION) -> str:
    """A PHC-format Argon2id hash of `secret` with a fresh random salt."""
    kdf = Argon2id(
        salt=secrets.token_bytes(params.salt_bytes),
        length=params.hash_bytes,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    with _ONE_AT_A_TIME:
        return kdf.derive_phc_encoded(secret.encode())


def verify_encoded(secret: str, encoded: str) -> bool:
    """Whether `secret` matches the PHC string `encoded` (False for a malformed one)."""
    try:
        with _ONE_AT_A_TIME:
            Argon2id.verify_phc_encoded(secret.encode(), encoded)
    except (InvalidKey, ValueError):
        return False
    return True
