"""Composition root: config -> registry -> card source -> window. `ugyfelkapu` starts here.

The only module that knows every concrete part. It reads the config (a bad one stops here with
its message), shows the window at once, and meanwhile opens the registry and asks PC/SC for a
reader in the background: with no service or no reader the in-process virtual card stands in,
and a notice says so. The registration backend and the card layer's crypto are imported off
the path to the first screen.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.config import Config, MailTransport, load_config
from desktop.wizard.services import (
    CardSource,
    DeliveringService,
    VirtualCardReason,
    WizardOptions,
    WizardServices,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from desktop.kiosk.launch import WizardKiosk
    from desktop.registration import RegistrationService
    from desktop.wizard.tasks import TaskRunner

log = logging.getLogger("desktop.app")

SETTINGS_FILE = "window.ini"
MAIL_RETRY_MS = 30_000


def version() -> str:
    """The installed distribution's version, or the checkout's pyproject.toml version."""
    from desktop.version import version as distribution_version

    return distribution_version()


class _VersionAction(argparse.Action):
    """--version, working the version out only when asked (it costs an import at start)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ugyfelkapu",
        description="Ügyfélkapu-regisztráció e-személyi igazolvánnyal / "
        "Ügyfélkapu registration with the electronic ID card",
    )
    p.add_argument("--virtual-card", metavar="PROFILE", help="use this virtual eID profile")
    p.add_argument("--kiosk", action="store_true", help="unattended kiosk mode")
    p.add_argument("--config", metavar="FILE", help="TOML config file")
    p.add_argument("--lang", choices=["hu", "en"], default="hu", help="interface language")
    p.add_argument("--data-dir", metavar="DIR", help="where the registry and outbox live")
    p.add_argument("--version", action=_VersionAction)
    p.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return p


def card_source(
    virtual_profile: str | None, csca: tuple[Path, ...] = (), read_seconds: float = 30.0
) -> CardSource:
    """The named virtual card, or a PC/SC reader with the virtual card as the fallback.

    `csca` are the trusted CSCA certificates (`[card] csca`) for passive authentication;
    `read_seconds` bounds one card read (`[card] read_timeout_seconds`).
    """
    from desktop.wizard.card_source import AutoCardSource, VirtualCardSource

    if virtual_profile:
        return VirtualCardSource(virtual_profile, csca=csca, read_seconds=read_seconds)
    return AutoCardSource(csca=csca, read_seconds=read_seconds)


@dataclass(frozen=True)
class CardChoice:
    """A card source and why the virtual card stands in, as `assemble` first took it.

    Kept for callers of that first signature. The source itself now says why it is virtual
    (`CardStatus.virtual_reason`), so new code passes the `CardSource` directly.
    """

    source: CardSource
    virtual_reason: VirtualCardReason | None = None


def assemble(
    config: Config,
    registry: DeliveringService,
    card: CardSource | CardChoice,
    *,
    kiosk: bool = False,
) -> WizardServices:
    """The wizard's services from the real parts (the app and the GUI tests both use this)."""
    if isinstance(card, CardChoice):
        card = card.source
    from desktop.wizard.registry_adapters import FileOutboxMailbox, RegistryRules

    manual = config.card.allow_manual_entry
    if manual is None:
        manual = not kiosk  # at a kiosk the card proves presence
    require_chip = config.card.require_chip_authentication
    if require_chip is None:
        require_chip = kiosk  # an unattended kiosk must not take a copied chip's word
    # The demo mailbox reads this computer's file outbox; a remote registry's mail goes out
    # by the service's SMTP, so there is nothing here to show.
    file_outbox = config.mail.transport is MailTransport.FILE and config.registry_service is None
    return WizardServices(
        service=registry,
        rules=RegistryRules(),
        card=card,
        mailbox=FileOutboxMailbox(config) if file_outbox else None,
        options=WizardOptions(
            allow_manual_entry=manual,
            require_passive_authentication=config.card.require_passive_authentication,
            require_chip_authentication=require_chip,
        ),
    )


def keep_sending_mail(
    tasks: TaskRunner,
    send: Callable[[], object],
    parent: QObject,
    interval_ms: int = MAIL_RETRY_MS,
) -> Callable[[], None]:
    """Every `interval_ms`, send the queued mail whose retry time has come ("we keep trying").

    The sending runs in the service lane when that is free (the registry's connection is used
    by one thread at a time). Returns the retry itself, which tests call instead of waiting.
    """
    from PySide6.QtCore import QTimer

    def retry() -> None:
        if not tasks.busy:
            tasks.start(lambda _report: send())

    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    timer.timeout.connect(retry)
    timer.start()
    return retry


def open_registry(config: Config, *, seed_demo: bool) -> RegistrationService:
    """Open the registry the config names; the embedded default gets the demo citizens."""
    from desktop.registration.opening import open_registry as open_named

    return open_named(config, seed_demo=seed_demo)


def _message(exc: BaseException, lang: str) -> str:
    """A registry or card error's own words in `lang`; anything else by its English text."""
    message = getattr(exc, "message", None)
    if message is not None and hasattr(message, "in_language"):
        return str(message.in_language(lang))
    return str(exc)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
    except Exception as exc:  # ConfigError: the file names the key; say it and stop
        if not hasattr(exc, "message"):
            raise
        # Both languages, the chosen one first: the person may not have chosen yet.
        other = "en" if args.lang == "hu" else "hu"
        for lang in (args.lang, other):
            print(f"ugyfelkapu: {_message(exc, lang)}", file=sys.stderr)
        return 2
    if args.data_dir:
        config = dataclasses.replace(config, data_dir=Path(args.data_dir))
    kiosk = args.kiosk or config.kiosk.enabled
    try:
        card = card_source(
            args.virtual_card or config.card.virtual_profile,
            config.card.csca,
            config.card.read_timeout_seconds,
        )
    except Exception as exc:  # a bad profile name or file: say which, do not start
        print(f"ugyfelkapu: {exc}", file=sys.stderr)
        return 2

    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication

    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.registry_adapters import DeferredRegistry
    from desktop.wizard.window import WizardWindow

    class _Failure(QObject):
        # Carries the background opener's failure to the GUI thread.
        failed = Signal(str)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ugyfelkapu")
    switcher().set_language(Language(args.lang))
    failure = _Failure()
    registry = DeferredRegistry(
        lambda: open_registry(config, seed_demo=args.config is None),
        on_failure=lambda exc: failure.failed.emit(_message(exc, switcher().language.value)),
    )
    services = assemble(config, registry, card, kiosk=kiosk)
    window: WizardWindow | WizardKiosk
    if kiosk:
        from desktop.kiosk.launch import open_kiosk

        window = open_kiosk(services, config, Language(args.lang))
    else:
        window = WizardWindow(services, settings_path=config.data_dir / SETTINGS_FILE)
    failure.failed.connect(window.frame.show_unavailable)
    keep_sending_mail(window.frame.tasks, registry.deliver_queued, window)

    def start_background() -> None:
        # After the first paint: the imports behind these would compete for the interpreter.
        registry.start()
        start_card = getattr(card, "start", None)
        if start_card is not None:
            start_card()

    window.first_shown.connect(start_background)
    window.show()
    if args.smoke_test:  # installers' check: exit once the first screen is drawn
        from desktop.smoke_test import arm

        arm(app)
    try:
        return int(app.exec())
    finally:
        window.frame.tasks.cancel_all()
        window.frame.tasks.wait(10_000)
        card.close()
        registry.close()
