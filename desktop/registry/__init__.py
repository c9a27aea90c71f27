"""The registration backend: an embedded SQLite registry, the seed's rules, activation by
e-mail and the Ügyfélkapu+ second factor. No Qt, no `cardreader`.

Build the service one way only: `open_service(load_config(path))`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop.config import Config
from desktop.messages import Message
from desktop.registration.mail import DeliveredMail
from desktop.registry.crypto import RegistryKeys, load_or_create_secret
from desktop.registry.demo import seed_demo, seed_demo_if_empty
from desktop.registry.errors import RegistrationError, RegistryUnavailable
from desktop.registry.mail import (
    MailTransportProtocol,
    read_file_outbox,
    transport_for,
)
from desktop.registry.passwords import PRODUCTION, Argon2Parameters, PasswordHasher
from desktop.registry.service import AccountSummary, Policy, RegistrationService
from desktop.registry.storage import RegistryStore
from desktop.registry.store import Store

__all__ = [
    "AccountSummary",
    "Argon2Parameters",
    "DeliveredMail",
    "Policy",
    "RegistrationError",
    "RegistrationService",
    "open_service",
    "open_store",
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
    store = open_store(config)
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


def open_store(config: Config) -> RegistryStore:
    """The store the config's `[registry] url` names: the SQLite file, or PostgreSQL."""
    if config.registry.is_postgresql:
        # Imported only here: psycopg is loaded by the apps that use PostgreSQL.
        from desktop.registry.pg_store import PostgresStore

        return PostgresStore(config)
    return Store(config.database_path)


def _registry_keys(store: RegistryStore) -> RegistryKeys:
    path = store.key_path
    check = store.read(lambda uow: uow.key_check())
    keys = RegistryKeys(load_or_create_secret(path, create=check is None))
    if check is None:
        # Two processes opening a new registry at once both get here; the first check value
        # stays and the other process compares against it below.
        store.write(lambda uow: uow.set_key_check_if_absent(keys.check_value()))
        check = store.read(lambda uow: uow.key_check())
    if check != keys.check_value():
        raise RegistryUnavailable(
            Message(
                f"A kulcsfájl ({path}) nem ehhez a nyilvántartáshoz tartozik.",
                f"The key file ({path}) does not belong to this registry.",
            )
        )
    return keys
