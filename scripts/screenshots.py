"""Render every wizard screen in Hungarian and English at 1024x600 into docs/screenshots/.

    python scripts/screenshots.py [--out DIR] [--size 1024x600]

Starts a private Xvfb (with -noreset) when there is no DISPLAY, so real fonts and the xcb
platform draw the screens as a person would see them; stops it by PID at the end. The flow
runs on the real registry (a temporary SQLite file, demo citizens) and the virtual card.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from xvfb import start_xvfb

REPO = Path(__file__).resolve().parent.parent


class Shooter:
    """Saves the window as it is now, once nothing is busy, numbered in flow order."""

    def __init__(
        self, app: object, window: object, waiter: object, out: Path, lang: str, written: list[Path]
    ) -> None:
        self.app, self.window, self.waiter = app, window, waiter
        self.out, self.lang, self.written = out, lang, written
        self.count = 0

    def __call__(self, name: str) -> None:
        frame = self.window.frame  # type: ignore[attr-defined]
        self.waiter.waitUntil(lambda: not frame.current_page.busy, timeout=10_000)  # type: ignore[attr-defined]
        for _ in range(3):  # let layouts and LanguageChange settle
            self.app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.03)
        self.count += 1
        path = self.out / f"{self.lang}-{self.count:02d}-{name}.png"
        self.window.grab().save(str(path))  # type: ignore[attr-defined]
        self.written.append(path)


def capture(out: Path, size: tuple[int, int]) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    sys.path.insert(0, str(REPO))
    from PySide6.QtWidgets import QApplication

    from desktop.app import assemble
    from desktop.config import Config
    from desktop.registry import open_service, seed_demo
    from desktop.registry.passwords import FAST_FOR_TESTS
    from desktop.wizard.card_source import VirtualCardSource
    from desktop.wizard.engine import Step
    from desktop.wizard.i18n import Language, switcher
    from desktop.wizard.window import WizardWindow
    from tests.gui.driver import Clock, EventLoopWaiter, Person, code_from

    app = QApplication.instance() or QApplication(sys.argv[:1])
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    waiter = EventLoopWaiter()

    for lang in Language:
        switcher().set_language(lang)
        with tempfile.TemporaryDirectory() as tmp:
            config = Config(data_dir=Path(tmp))
            clock = Clock()
            registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
            seed_demo(registry)
            card = VirtualCardSource("kovacs-eva")
            window = WizardWindow(assemble(config, registry, card))
            window.setFixedSize(*size)
            window.show()
            frame = window.frame
            person = Person(waiter, frame, clock)
            shot = Shooter(app, window, waiter, out, lang.value, written)
            shot("start")
            person.start_registration()
            shot("card-empty")
            frame.card_page.can_edit.setText("654321")
            waiter.waitUntil(lambda f=frame: f.card_page.error != "", timeout=15_000)
            shot("card-wrong-can")
            frame.card_page.can_edit.setText("")
            person.identify()
            frame.back_button.click()
            shot("card-read")
            person.next(Step.VERIFY)
            shot("verify")
            person.next(Step.USERNAME)
            frame.username_page.edit.setText("Kis")
            shot("username-typing")
            frame.username_page.edit.setText("")
            person.choose_username("KisAnna")
            frame.email_page.edit.setText("kis.anna@example.hu")
            frame.email_page.repeat_edit.setText("kis.anna@example.h")
            shot("email-mismatch")
            frame.back_button.click()
            person.next(Step.EMAIL)
            person.give_email()
            shot("summary")
            person.register()
            frame.activation_page.mailbox_button.click()
            frame.activation_page.password_edit.setText("almafa")
            shot("activation-mailbox")
            frame.activation_page.password_edit.setText("")
            person.activate(code_from(frame.activation_page.mailbox_view.toPlainText()))
            shot("second-factor")
            secret = person.confirm_second_factor()
            person.sign_in(secret, username="KisAnna")
            shot("done-signed-in")
            frame.wipe_session()
            frame.start_page.register_button.click()
            frame.help_button.setChecked(True)
            shot("card-help")
            frame.help_button.setChecked(False)
            frame.card_page.code_edit.setText("Q4mT")
            frame.request_cancel()
            shot("cancel-confirm")
            frame.wipe_session()
            frame.start_page.sign_in_button.click()
            shot("sign-in")

            frame.tasks.cancel_all()
            frame.tasks.wait(10_000)
            window.close()

            # A copied chip (QA profile): refused with its own message.
            cloned = WizardWindow(assemble(config, registry, VirtualCardSource("qa-cloned-chip")))
            cloned.setFixedSize(*size)
            cloned.show()
            shot.window = cloned
            cloned.frame.start_page.register_button.click()
            cloned.frame.card_page.can_edit.setText("123456")
            waiter.waitUntil(lambda f=cloned.frame: f.card_page.error != "", timeout=15_000)
            shot("card-not-genuine")
            cloned.frame.tasks.cancel_all()
            cloned.frame.tasks.wait(10_000)
            cloned.close()
            registry.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--size", default="1024x600")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    server = None
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        server = start_xvfb()
    try:
        for path in capture(args.out, (width, height)):
            print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
