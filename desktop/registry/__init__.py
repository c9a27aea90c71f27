"""The registration backend: an embedded SQLite registry, the seed's rules, activation by
e-mail and the Ügyfélkapu+ second factor. No Qt, no `cardreader`.

Build the service one way only: `open_service(load_config(path))`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from desktop.config import Config
from desktop.messages import Message
from desktop.registration.mail import DeliveredMail
from desktop.registry.crypto import RegistryKeys, load_or_create_secret, secret_path_for
from desktop.registry.demo import seed_demo, seed_demo_if_empty
from desktop.registry.errors import RegistrationError, RegistryUnavailable
from desktop.registry.mail import (
    MailTransportProtocol,
    read_file_outbox,
    transport_for,
)
from desktop.registry.passwords import PRODUCTION, Argon2Parameters, PasswordHasher
from desktop.registry.service import AccountSummary, Policy, RegistrationService
from desktop.registry.store import Store

__all__ = [
    "AccountSummary",
    "Argon2Parameters",
    "DeliveredMail",
    "Policy",
    "RegistrationError",
    "RegistrationService",
    "open_service",
    "read_file_outbox",
    "seed_demo",
    "seed_demo_if_empty",
]


def open_service(
    config: Config,
    *,
    clock: Callable[[], datetime] | None = None,
    password_params: Argon2Parameters = PRODUCTION,
    transport: MailTransportProtocol | None = None,
    policy: Policy | None = None,
) -> RegistrationService:
    """Open (creating and migrating when needed) the registry the config names.

    The registry secret file is created beside a new database; for an existing one it must be
    there and must be the database's own. Tests may pass cheaper Argon2 parameters, a clock and
    a mail transport.
    """
    store = Store(config.database_path)
    try:
        keys = _registry_keys(store)
        return RegistrationService(
            config,
            store,
            keys,
            PasswordHasher(password_params),
            transport if transport is not None else transport_for(config),
            clock=clock,
            policy=policy,
        )
    except BaseException:
        store.close()
        raise


def _registry_keys(store: Store) -> RegistryKeys:
    path = secret_path_for(store.path)

    def stored_check(conn: sqlite3.Connection) -> bytes | None:
        row = conn.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        return bytes(row[0]) if row else None

    check = store.read(stored_check)
    keys = RegistryKeys(load_or_create_secret(path, create=check is None))
    if check is None:
        # Two processes opening a new registry at once both get here; the first check value
        # stays and the other process compares against it below.
        store.write(
            lambda c: c.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('key_check', ?)",
                (keys.check_value(),),
            )
        )
        check = store.read(stored_check)
    if check != keys.check_value():
        raise RegistryUnavailable(
            Message(
                f"A kulcsfájl ({path}) nem ehhez a nyilvántartáshoz tartozik.",
                f"The key file ({path}) does not belong to this registry.",
            )
        )
    return keys
