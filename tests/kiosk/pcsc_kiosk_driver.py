"""The kiosk on a real PC/SC reader, in a process of its own, driven over stdin and stdout.

pcsc-lite reads PCSCLITE_CSOCK_NAME once per process, so the kiosk that talks to a test's
private pcscd must run in a subprocess started with the harness's environment. The test
sends one command per line ("read", "quit") and reads one JSON object per line: what the
kiosk noticed ("reader", "ended") and what a command gave ("read").

    python tests/kiosk/pcsc_kiosk_driver.py DATA_DIR
"""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from desktop.app import assemble
from desktop.config import Config, KioskConfig
from desktop.kiosk.launch import build_kiosk
from desktop.kiosk.session import WizardKioskSession
from desktop.kiosk.shell import SessionEnd
from desktop.registry import open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.wizard.card_source import PcscCardSource
from desktop.wizard.engine import Step
from desktop.wizard.i18n import Language
from desktop.wizard.pages.card import CardPage
from desktop.wizard.pages.start import StartPage

EVA_CAN = "123456"


def say(**event: object) -> None:
    print(json.dumps(event, ensure_ascii=False), flush=True)


class Commands(QObject):
    """Lines from stdin, delivered on the GUI thread."""

    line = Signal(str)

    def listen(self) -> None:
        def pump() -> None:
            for raw in sys.stdin:
                self.line.emit(raw.strip())
            self.line.emit("quit")

        threading.Thread(target=pump, daemon=True).start()


def main(data_dir: str) -> int:
    app = QApplication(sys.argv[:1])
    config = Config(data_dir=Path(data_dir))
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    card = PcscCardSource()
    services = assemble(config, registry, card, kiosk=True)
    window = build_kiosk(
        services, KioskConfig(enabled=True, idle_seconds=600), home_language=Language.HU
    )
    session = window.session
    assert isinstance(session, WizardKioskSession)
    frame = session.frame
    window.reader_state_changed.connect(
        lambda present, words: say(event="reader", present=present, words=words)
    )
    window.session_ended.connect(lambda reason: say(event="ended", reason=SessionEnd(reason).value))

    def read() -> None:
        if frame.current_step is Step.START:
            frame.page_of(Step.START, StartPage).register_button.click()
        page = frame.page_of(Step.CARD, CardPage)
        page.can_edit.setText("")
        page.can_edit.setText(EVA_CAN)
        if page.read_button.isEnabled() and not page.busy:
            page.read_button.click()
        waited = [0]

        def poll() -> None:
            waited[0] += 1
            if page.doc_edit.text() or page.error or waited[0] > 300:
                timer.stop()
                say(event="read", document=page.doc_edit.text(), error=page.error)

        timer = QTimer(window)
        timer.setInterval(50)
        timer.timeout.connect(poll)
        timer.start()

    def on_command(line: str) -> None:
        if line == "read":
            read()
        elif line == "quit":
            window.exit_kiosk()
        elif line:
            say(event="error", error=f"unknown command {line!r}")

    commands = Commands()
    commands.line.connect(on_command)
    window.exit_granted.connect(app.quit)
    window.start(full_screen=False)
    commands.listen()
    say(event="ready")
    try:
        return int(app.exec())
    finally:
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        card.close()
        registry.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
