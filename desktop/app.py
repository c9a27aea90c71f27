"""Composition root: config -> registry -> card source -> window. `ugyfelkapu` starts here."""

from __future__ import annotations

import argparse
import sys

from desktop.version import version


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
    p.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("Ügyfélkapu-regisztráció e-személyi igazolvánnyal")
    label.resize(640, 400)
    label.show()
    if args.smoke_test:  # installers' check: exit once the first screen is drawn
        from desktop.smoke_test import arm

        arm(app)
    return app.exec()
