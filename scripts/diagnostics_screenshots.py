"""Render the diagnostics screen and the chipless card paths at 1024x600 into docs/screenshots/.

    python scripts/diagnostics_screenshots.py [--out DIR]

The diagnostics are real: a private pcscd with the vpcd driver (tests/e2e/pcscd_harness.py)
and `eid-card emulate` put a virtual card into a virtual reader, and this process talks to that
pcscd only (PCSCLITE_CSOCK_NAME is set before pyscard loads). The chipless paths run on the real
registry (a temporary SQLite file, demo citizens) with the `qa-no-chip` card in process, at home
and at a kiosk. Starts a private 1024x600 Xvfb with no window manager, so the window and the
kiosk take the size the app gives them on such a screen; stops everything by PID.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SIZE = (1024, 600)

from tests.gui.xvfb import Xvfb  # noqa: E402 - after the path is set


def shoot(out: Path, pcscd_socket: Path, swap_card: object) -> list[Path]:
    os.environ["PCSCLITE_CSOCK_NAME"] = str(pcscd_socket)
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.app import assemble
    from desktop.config import Config, KioskConfig
    from desktop.i18n_build import compile_all
    from desktop.kiosk.launch import build_kiosk
    from desktop.kiosk.pin import hash_pin
    from desktop.registry import open_service, seed_demo
    from desktop.registry.passwords import FAST_FOR_TESTS
    from desktop.wizard.card_source import PcscCardSource, VirtualCardSource
    from desktop.wizard.chipless import NoChip
    from desktop.wizard.engine import Step
    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.pages.card import CardPage
    from desktop.wizard.pages.start import StartPage
    from desktop.wizard.window import WizardWindow
    from tests.gui.driver import EVA_DOCUMENT, Clock, EventLoopWaiter

    compile_all()
    app = QApplication(sys.argv[:1])
    waiter = EventLoopWaiter()
    written: list[Path] = []

    def save(widget: object, name: str) -> None:
        QTest.qWait(300)  # layouts, fonts, LanguageChange
        path = out / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        config = Config(data_dir=Path(tmp) / "data")
        clock = Clock()
        registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
        seed_demo(registry)

        # -- the diagnostics, on the private pcscd -------------------------------------------
        source = PcscCardSource()
        window = WizardWindow(assemble(config, registry, source))
        window.show()
        waiter.waitUntil(window.isVisible, timeout=5000)
        frame = window.frame
        frame.diagnostics_report_dir = lambda: Path(tmp) / "reports"
        for profile, name in (("kovacs-eva", "diagnostics"), ("qa-no-chip", "diagnostics-no-chip")):
            swap_card(profile)  # type: ignore[operator]
            for lang in Language:
                switcher().set_language(lang)
                frame.page_of(Step.START, StartPage).diagnostics_button.click()
                screen = frame.diagnostics
                assert screen is not None
                waiter.waitUntil(lambda s=screen: s.diagnosis is not None, timeout=30_000)
                if profile == "kovacs-eva" and lang is Language.HU:
                    screen.save_report()
                save(window, f"{lang.value}-{name}")
                screen.back_button.click()
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        window.close()
        source.close()

        # -- a card without a chip at home --------------------------------------------------
        for lang in Language:
            switcher().set_language(lang)
            card = VirtualCardSource("qa-no-chip")
            window = WizardWindow(assemble(config, registry, card))
            window.show()
            waiter.waitUntil(window.isVisible, timeout=5000)
            frame = window.frame
            frame.page_of(Step.START, StartPage).register_button.click()
            page = frame.page_of(Step.CARD, CardPage)
            page.can_edit.setText("123456")
            waiter.waitUntil(lambda p=page: p.chipless.reason is NoChip.NOT_AN_EID, timeout=15_000)
            save(window, f"{lang.value}-card-no-chip")
            page.chipless.type_button.click()
            page.doc_edit.setText(EVA_DOCUMENT)
            save(window, f"{lang.value}-card-no-chip-typing")
            frame.tasks.cancel_all()
            frame.tasks.wait(10_000)
            window.close()

        # -- a card without a chip at a kiosk ------------------------------------------------
        for lang in Language:
            settings = KioskConfig(
                enabled=True, idle_seconds=3600, attendant_pin_hash=hash_pin("731902")
            )
            services = assemble(config, registry, VirtualCardSource("qa-no-chip"), kiosk=True)
            kiosk = build_kiosk(services, settings, home_language=lang)
            kiosk.start(full_screen=True)
            waiter.waitUntil(lambda k=kiosk: k.isVisible() and k.width() == SIZE[0], timeout=5000)
            frame = kiosk.frame
            frame.page_of(Step.START, StartPage).register_button.click()
            page = frame.page_of(Step.CARD, CardPage)
            page.can_edit.setText("123456")
            waiter.waitUntil(lambda p=page: p.chipless.reason is NoChip.NOT_AN_EID, timeout=15_000)
            save(kiosk, f"kiosk-{lang.value}-no-chip")
            page.chipless.attendant_button.click()
            approval = kiosk.manual_entry_approval
            assert approval is not None
            for digit in "731902":
                QTest.mouseClick(approval.pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
            save(kiosk, f"kiosk-{lang.value}-no-chip-attendant-pin")
            QTest.mouseClick(approval.pad.ok_button, Qt.MouseButton.LeftButton)
            waiter.waitUntil(page.manual_check.isChecked, timeout=15_000)
            page.doc_edit.setText(EVA_DOCUMENT)
            save(kiosk, f"kiosk-{lang.value}-no-chip-typing-allowed")
            kiosk.window().setFocus()
            kiosk.panel.open()
            save(kiosk, f"kiosk-{lang.value}-attendant-panel-diagnostics")
            kiosk.panel.close_panel()
            kiosk.shutdown()
            kiosk._exit_allowed = True
            kiosk.close()
            frame.tasks.cancel_all()
            frame.tasks.wait(10_000)
        registry.close()
    app.quit()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from tests.e2e.pcscd_harness import PrivatePcscd, missing_components

    reason = missing_components()
    if reason:
        raise SystemExit(f"a private pcscd cannot run here: {reason}")
    server = Xvfb(SIZE)
    os.environ["DISPLAY"] = server.display
    with tempfile.TemporaryDirectory() as tmp, PrivatePcscd(Path(tmp)) as pcscd:
        pcscd.start()
        emulators: list[object] = []

        def swap_card(profile: str) -> None:
            for emulator in emulators:
                emulator.stop()  # type: ignore[attr-defined]
            emulators.clear()
            if emulators == [] and profile:
                pcscd.wait_for_card(present=False)
            emulators.append(pcscd.start_emulator(profile))
            pcscd.wait_for_card()

        try:
            for path in shoot(args.out, pcscd.socket_path, swap_card):
                print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
