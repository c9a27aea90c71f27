"""Argon2id from several threads of one process at once (the registry service's worker
threads): every hash finishes and verifies. Unguarded, two at once hung for ever."""

from __future__ import annotations

import threading

from desktop.registry.passwords import PRODUCTION, PasswordHasher


def test_production_argon2id_hashes_and_verifies_from_four_threads_at_once() -> None:
    hasher = PasswordHasher(PRODUCTION)
    results: list[bool] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        encoded = hasher.hash(f"jelszó {n} almafa")
        ok = hasher.verify(f"jelszó {n} almafa", encoded)
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "an Argon2id derivation hung"
    assert results == [True] * 4
