"""One client process of the race tests: waits at the barrier, then takes its step."""

from __future__ import annotations

from multiprocessing.synchronize import Barrier
from pathlib import Path

from desktop.config import RegistryServiceConfig
from desktop.registration.errors import RegistrationError
from desktop.registry_client.client import RemoteRegistry


def register(
    url: str, ca: str, cert: str, key: str, document: str, code: str, username: str,
    email: str, barrier: Barrier, results: list[str],
) -> None:  # fmt: skip
    client = RemoteRegistry(
        RegistryServiceConfig(
            url=url, ca_file=Path(ca), client_cert=Path(cert), client_key=Path(key), timeout=60
        )
    )
    try:
        verification = client.verify(document, code)
        barrier.wait(60)
        try:
            client.register(verification, username, email)
            results.append(f"ok {username} {email}")
        except RegistrationError as exc:
            results.append(f"refused {exc.code} {email}")
    finally:
        client.close()
