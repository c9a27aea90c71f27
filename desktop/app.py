"""Composition root: config -> registry -> card source -> window. `ugyfelkapu` starts here.

The only module that knows every concrete part: it reads the config, opens the registration
service, picks the card source (a PC/SC reader, or the in-process virtual card when there is
no service or no reader, with a notice saying so), and shows the wizard.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from desktop.config import Config, MailTransport, load_config
from desktop.registry import RegistrationService, open_service, seed_demo_if_empty
from desktop.registry.errors import RegistrationError
from desktop.wizard.card_source import DEFAULT_VIRTUAL_PROFILE, PcscCardSource, VirtualCardSource
from desktop.wizard.registry_adapters import FileOutboxMailbox, RegistryRules
from desktop.wizard.services import (
    CardSource,
    VirtualCardReason,
    WizardOptions,
    WizardServices,
)

log = logging.getLogger("desktop.app")

SETTINGS_FILE = "window.ini"


def version() -> str:
    """The installed distribution's version, or the checkout's pyproject.toml version."""
    try:
        return metadata.version("ugyfelkapu-eid")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        with pyproject.open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])


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
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    return p


@dataclass(frozen=True)
class CardChoice:
    source: CardSource
    virtual_reason: VirtualCardReason | None


def choose_card_source(virtual_profile: str | None) -> CardChoice:
    """The named virtual card; else a PC/SC reader when the service runs and has one; else
    the default virtual card, with the reason for the notice."""
    from cardreader.errors import PcscUnavailableError
    from cardreader.pcsc import list_readers

    if virtual_profile:
        return CardChoice(VirtualCardSource(virtual_profile), VirtualCardReason.REQUESTED)
    try:
        readers = list_readers()
    except PcscUnavailableError:
        log.info("no PC/SC service: using the virtual card")
        return CardChoice(VirtualCardSource(DEFAULT_VIRTUAL_PROFILE), VirtualCardReason.NO_SERVICE)
    if not readers:
        log.info("no card reader: using the virtual card")
        return CardChoice(VirtualCardSource(DEFAULT_VIRTUAL_PROFILE), VirtualCardReason.NO_READER)
    return CardChoice(PcscCardSource(), None)


def assemble(
    config: Config, registry: RegistrationService, card: CardChoice, *, kiosk: bool = False
) -> WizardServices:
    """The wizard's services from the real parts (the app and the GUI tests both use this)."""
    manual = config.card.allow_manual_entry
    if manual is None:
        manual = not kiosk  # at a kiosk the card proves presence
    file_outbox = config.mail.transport is MailTransport.FILE
    return WizardServices(
        service=registry,
        rules=RegistryRules(),
        card=card.source,
        mailbox=FileOutboxMailbox(config) if file_outbox else None,
        options=WizardOptions(allow_manual_entry=manual, virtual_card_reason=card.virtual_reason),
        retry_mail=registry.deliver_queued,
    )


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
        if args.data_dir:
            config = dataclasses.replace(config, data_dir=Path(args.data_dir))
        kiosk = args.kiosk or config.kiosk.enabled
        registry = open_service(config)
    except RegistrationError as exc:
        print(f"ugyfelkapu: {exc.message.in_language(args.lang)}", file=sys.stderr)
        return 2
    try:
        if args.config is None:
            # The embedded default: a demo registry, so the quick start runs the whole flow.
            seed_demo_if_empty(registry)
        try:
            card = choose_card_source(args.virtual_card or config.card.virtual_profile)
        except Exception as exc:  # a bad profile name or file: say which, do not start
            print(f"ugyfelkapu: {exc}", file=sys.stderr)
            return 2
        services = assemble(config, registry, card, kiosk=kiosk)
        if kiosk:
            from desktop.kiosk.launch import run_kiosk

            return run_kiosk(services, config, args.lang)
        return _run_window(services, config, args.lang)
    finally:
        registry.close()


def _run_window(services: WizardServices, config: Config, lang: str) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.window import WizardWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ugyfelkapu")
    switcher().set_language(Language(lang))
    window = WizardWindow(services, settings_path=config.data_dir / SETTINGS_FILE)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.frame.tasks.cancel_all()
        window.frame.tasks.wait(10_000)
        services.card.close()
