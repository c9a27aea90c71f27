"""Render the kiosk's own screens full screen at 1280x800 into docs/screenshots/kiosk-*.png.

    python scripts/kiosk_screenshots.py [--out DIR]

Starts a private Xvfb (1280x800, -noreset) when there is no DISPLAY, so the xcb platform and
real fonts draw what a person at the kiosk sees; stops it by PID at the end. The kiosk runs on
the real registry (a temporary SQLite file with the demo citizens) and the virtual card, with
the on-screen keyboard on.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SIZE = (1280, 800)

from tests.gui.xvfb import Xvfb  # noqa: E402 - after the path is set


def shoot(out: Path) -> list[Path]:
    sys.path.insert(0, str(REPO))
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.app import assemble
    from desktop.config import Config, KioskConfig
    from desktop.i18n_build import compile_all
    from desktop.kiosk.keyboard import KeyKind
    from desktop.kiosk.launch import build_kiosk
    from desktop.kiosk.pin import hash_pin
    from desktop.kiosk.session import WizardKioskSession
    from desktop.kiosk.shell import SessionEnd
    from desktop.registry import open_service, seed_demo
    from desktop.registry.passwords import FAST_FOR_TESTS
    from desktop.wizard.card_source import VirtualCardSource
    from desktop.wizard.engine import Step
    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.pages.card import CardPage
    from desktop.wizard.pages.username import UsernamePage
    from desktop.wizard.services import VirtualCardReason
    from tests.gui.driver import Clock, EventLoopWaiter, Person

    compile_all()
    app = QApplication(sys.argv[:1])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        config = Config(data_dir=Path(tmp) / "data")
        clock = Clock()
        registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
        seed_demo(registry)
        card = VirtualCardSource("kovacs-eva", VirtualCardReason.REQUESTED)
        services = assemble(config, registry, card, kiosk=True)
        settings = KioskConfig(
            enabled=True,
            idle_seconds=3600,
            warning_seconds=20,
            on_screen_keyboard=True,
            attendant_pin_hash=hash_pin("731902"),
            done_seconds=15,
        )
        window = build_kiosk(services, settings)
        session = window.session
        assert isinstance(session, WizardKioskSession)
        frame = session.frame
        waiter = EventLoopWaiter()
        person = Person(waiter, frame, clock)  # type: ignore[arg-type]
        window.start(full_screen=True)
        # Xvfb has no window manager to honour full screen: give the window the screen.
        window.setGeometry(window.screen().geometry())
        waiter.waitUntil(lambda: window.isVisible() and window.width() == SIZE[0], timeout=5000)

        def save(name: str) -> None:
            QTest.qWait(300)  # let layouts and fonts settle
            path = out / f"kiosk-{name}.png"
            window.grab().save(str(path))
            written.append(path)

        save("01-start")
        person.start_registration()
        frame.page_of(Step.CARD, CardPage).can_edit.setFocus()
        save("02-card")
        person.identify()
        frame.setFocus()
        save("03-verify")
        person.next(Step.USERNAME)
        edit = frame.page_of(Step.USERNAME, UsernamePage).edit
        edit.setFocus()
        keyboard = window.keyboard
        assert keyboard is not None
        waiter.waitUntil(keyboard.isVisible)
        QTest.mouseClick(keyboard.special_button(KeyKind.SHIFT), Qt.MouseButton.LeftButton)
        for char in "erdőszél":
            QTest.mouseClick(keyboard.button_for(char), Qt.MouseButton.LeftButton)
        save("04-keyboard")
        QTest.mouseClick(keyboard.special_button(KeyKind.SHIFT), Qt.MouseButton.LeftButton)
        save("05-keyboard-capitals")
        window.idle.prompt.start(20)
        save("06-idle-prompt")
        window.idle.prompt.cancel()
        frame.setFocus()
        window.end_session(SessionEnd.IDLE)
        save("07-after-idle-notice")
        window.end_session(SessionEnd.ATTENDANT)
        window.session_complete()
        save("08-done")
        window.done_screen.cancel()
        window.pin_pad.open()
        for digit in "123456":
            QTest.mouseClick(window.pin_pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
        save("09-attendant-pin")
        window.pin_pad.close_pad()
        window.panel.open()
        save("10-attendant-panel")
        window.panel.close_panel()
        switcher().set_language(Language.EN)
        window.idle.prompt.start(20)
        save("11-idle-prompt-en")
        window.idle.prompt.cancel()
        window.shutdown()
        window._exit_allowed = True
        window.close()
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
    server = Xvfb(SIZE) if not os.environ.get("DISPLAY") else None
    if server is not None:
        os.environ["DISPLAY"] = server.display
    try:
        for path in shoot(args.out):
            print(path)
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
