"""The seam: which implementation of the contract serves a config. Cheap until called.

The one module of the contract that reaches the backend, and only inside its functions, so
importing it costs nothing and the backend loads on the first call (off the GUI thread in the
app). The config's `[registry]` section picks the implementation: the embedded SQLite registry
(`desktop.registry`) by default, or the registration service over HTTPS
(`desktop.registry_client`) for `url = "https://…"`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.config import Config
    from desktop.registration.mail import DeliveredMail
    from desktop.registration.protocols import InputRules, MailQueue, RegistrationService


def open_registry(config: Config, *, seed_demo: bool = False) -> RegistrationService:
    """Open the registry the config names; `seed_demo` fills an empty one with the demo citizens
    (the embedded default's first start; a remote registry is the service's to fill)."""
    if config.registry_service is not None:
        from desktop.registry_client.client import RemoteRegistry

        return RemoteRegistry(config.registry_service)
    from desktop.registry import open_service, seed_demo_if_empty

    service = open_service(config)
    if seed_demo:
        try:
            seed_demo_if_empty(service)
        except BaseException:
            service.close()
            raise
    return service


def open_mail_queue(config: Config) -> MailQueue:
    """The registry's outbox as the kiosk reads it, on a connection of its own (a remote
    registry's outbox is the service's: its client shows none)."""
    if config.registry_service is not None:
        from desktop.registry_client.client import RemoteRegistry

        return RemoteRegistry(config.registry_service)
    from desktop.registry import open_service

    return open_service(config)


def input_rules() -> InputRules:
    """The registry's input rules, for live hints while the person types."""
    from desktop.registry import rules

    return rules


def read_file_outbox(config: Config) -> list[DeliveredMail]:
    """The mails the file transport delivered, newest first (the demo mailbox)."""
    from desktop.registry.mail import read_file_outbox as read

    return read(config)
