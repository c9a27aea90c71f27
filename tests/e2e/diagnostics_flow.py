"""The diagnostics screen on the real PC/SC service: run as a subprocess with a private
pcscd's environment (pcsc-lite reads PCSCLITE_CSOCK_NAME once per process).

    python tests/e2e/diagnostics_flow.py DATA_DIR REPORT_DIR

Opens the wizard, presses Diagnostics on Start, waits for the outcome, presses Save report and
prints one JSON object with what the person saw and where the report went.
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
from desktop.wizard.pages.start import StartPage
from tests.gui.driver import Clock, EventLoopWaiter


def main(data_dir: Path, report_dir: Path) -> int:
    app = QApplication(sys.argv[:1])
    switcher().set_language(Language.HU)
    config = Config(data_dir=data_dir)
    registry = open_service(config, clock=Clock(), password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    source = PcscCardSource()
    frame = WizardFrame(assemble(config, registry, source))
    frame.diagnostics_report_dir = lambda: report_dir
    frame.resize(1024, 600)
    frame.show()
    seen: dict[str, object] = {}
    try:
        waiter = EventLoopWaiter()
        frame.page_of(Step.START, StartPage).diagnostics_button.click()
        screen = frame.diagnostics
        assert screen is not None
        waiter.waitUntil(lambda: screen.diagnosis is not None, timeout=30_000)
        seen["summary"] = screen.summary.text()
        seen["shown"] = screen.report_view.toPlainText()
        seen["focus_on_outcome"] = QApplication.focusWidget() is screen.summary
        saved = screen.save_report()
        seen["saved"] = str(saved) if saved else None
    finally:
        frame.tasks.cancel_all()
        frame.tasks.wait(10_000)
        source.close()
        registry.close()
        print(json.dumps(seen, ensure_ascii=False))
        app.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
