"""The whole wizard flow on a real PC/SC reader: run as a subprocess with a private pcscd's
environment (pcsc-lite reads PCSCLITE_CSOCK_NAME once per process).

    python tests/e2e/wizard_flow.py DATA_DIR

Prints one JSON object with what the person saw; exits non-zero if a step failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.app import assemble
from desktop.config import Config
from desktop.registry import open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.wizard.card_source import PcscCardSource
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.pages.activation import ActivationPage
from desktop.wizard.pages.card import CardPage
from desktop.wizard.services import CardState
from tests.gui.driver import Clock, EventLoopWaiter, Person, code_from


def main(data_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    switcher().set_language(Language.HU)
    config = Config(data_dir=data_dir)
    clock = Clock()
    registry = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    source = PcscCardSource()
    frame = WizardFrame(assemble(config, registry, source))
    frame.resize(1024, 600)
    frame.show()
    seen: dict[str, object] = {}
    try:
        waiter = EventLoopWaiter()
        waiter.waitUntil(lambda: frame.card_status.state is CardState.CARD_PRESENT, timeout=10_000)
        seen["status"] = frame.status_label.text()
        person = Person(waiter, frame, clock)
        person.start_registration()
        steps: list[str] = []
        frame.page_of(Step.CARD, CardPage).progress.valueChanged.connect(
            lambda _v: steps.append(frame.page_of(Step.CARD, CardPage).progress.format())
        )
        person.identify()
        seen["read_steps"] = steps
        seen["document"] = frame.page_of(Step.CARD, CardPage).doc_edit.text()
        seen["from_card"] = frame.engine.data.document_from_card
        person.next(Step.USERNAME)
        person.choose_username()
        person.give_email()
        person.register()
        frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_button.click()
        person.activate(
            code_from(frame.page_of(Step.ACTIVATION, ActivationPage).mailbox_view.toPlainText())
        )
        secret = person.confirm_second_factor()
        seen["signed_in"] = person.sign_in(secret)
    finally:
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        source.close()
        registry.close()
        print(json.dumps(seen, ensure_ascii=False))
        app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
