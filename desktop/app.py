"""Composition root: config -> registry -> card source -> window. `ugyfelkapu` starts here.

The only module that knows every concrete part: it reads the config, opens the registration
service, picks the card source (a PC/SC reader, or the in-process virtual card when there is
no service or no reader, with a notice saying so), and shows the wizard.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

log = logging.getLogger("desktop.app")


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
    p.add_argument("--lang", choices=["hu", "en"], help="language of the interface")
    p.add_argument("--data-dir", metavar="DIR", help="where the registry and outbox live")
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    return p


@dataclass(frozen=True)
class CardChoice:
    """The card source picked at start, and why the virtual card (if it is one)."""

    source: object  # desktop.wizard.services.CardSource
    virtual_reason: object | None  # desktop.wizard.services.VirtualCardReason


def choose_card_source(virtual_profile: str | None) -> CardChoice:
    """A PC/SC reader when the service runs and has one; else the virtual card."""
    from cardreader import errors
    from desktop.wizard.card_source import (
        DEFAULT_VIRTUAL_PROFILE,
        PcscCardSource,
        VirtualCardSource,
    )
    from desktop.wizard.services import VirtualCardReason

    if virtual_profile:
        return CardChoice(VirtualCardSource(virtual_profile), VirtualCardReason.REQUESTED)
    try:
        from cardreader.pcsc import list_readers

        readers = list_readers()
    except errors.PcscUnavailableError:
        log.info("no PC/SC service: using the virtual card")
        return CardChoice(VirtualCardSource(DEFAULT_VIRTUAL_PROFILE), VirtualCardReason.NO_SERVICE)
    if not readers:
        log.info("no card reader: using the virtual card")
        return CardChoice(VirtualCardSource(DEFAULT_VIRTUAL_PROFILE), VirtualCardReason.NO_READER)
    return CardChoice(PcscCardSource(), None)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from PySide6.QtWidgets import QApplication

    from desktop.wizard.composition import StartupError, build_services

    try:
        built = build_services(
            config_path=Path(args.config) if args.config else None,
            data_dir=Path(args.data_dir) if args.data_dir else None,
            kiosk=args.kiosk,
            card=choose_card_source(args.virtual_card),
        )
    except StartupError as exc:
        print(f"ugyfelkapu: {exc}", file=sys.stderr)
        return 2

    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.window import WizardWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ugyfelkapu")
    switcher().set_language(Language(args.lang or "hu"))
    window = WizardWindow(built.services, settings_path=built.settings_path)
    window.show()
    try:
        return int(app.exec())
    finally:
        built.close()
