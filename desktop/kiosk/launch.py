"""Putting a kiosk together: the wizard frame inside the shell, the mail watcher, the language.

`build_kiosk` is what the composition root (`desktop.app`) calls in kiosk mode instead of
opening the desktop window; tests call it too, with short settings.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer

from desktop.config import Config, MailTransport
from desktop.kiosk.attendant import ServiceState
from desktop.kiosk.mail_queue import MailQueue, MailQueueWatcher, describe
from desktop.kiosk.pin import is_pin_hash
from desktop.kiosk.session import WizardKioskSession
from desktop.kiosk.shell import KioskSettings, KioskWindow
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.services import WizardServices

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

# Touch screens are read from further away and tapped with fingers: 30 % larger text.
KIOSK_FONT_STEPS = 3


def build_kiosk(
    services: WizardServices,
    settings: KioskSettings,
    *,
    open_mail_queue: Callable[[], MailQueue] | None = None,
    home_language: Language = Language.HU,
) -> KioskWindow:
    """The kiosk window around a new wizard frame (not shown yet: call `start()`)."""
    if settings.attendant_pin_hash is None:
        log.warning("kiosk: no attendant PIN configured; kiosk mode cannot be left on screen")
    elif not is_pin_hash(settings.attendant_pin_hash):
        log.warning("kiosk: the attendant PIN hash in the config is malformed; no PIN will work")
    switcher().set_language(home_language)
    frame = WizardFrame(services)
    for _ in range(KIOSK_FONT_STEPS):
        frame.scale_fonts(+1)
    session = WizardKioskSession(frame)
    watcher = MailQueueWatcher(open_mail_queue) if open_mail_queue is not None else None

    def service_state() -> ServiceState:
        mail = (
            describe(watcher.last)
            if watcher is not None
            else translate("AttendantPanel", "not used (e-mails are written to files)")
        )
        return ServiceState(reader=session.reader_words(), mail_queue=mail)

    def reset_language() -> None:
        if switcher().language is not home_language:
            switcher().set_language(home_language)

    window = KioskWindow(
        frame, session, settings, service_state=service_state, reset_language=reset_language
    )
    session.attach(window)
    if watcher is not None:
        watcher.setParent(window)
        watcher.updated.connect(lambda _summary: window.panel.refresh())
        window.panel.opened.connect(watcher.check_now)
        window.mail_watcher = watcher
        watcher.start()
    return window


def run_kiosk(services: WizardServices, config: Config, lang: str = "hu") -> int:
    """`ugyfelkapu --kiosk`: show the kiosk full screen and run until the attendant exits."""
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop.registry import open_service

    # The journal should say why sessions end and what the reader does (never who it was).
    logging.getLogger("desktop.kiosk").setLevel(logging.INFO)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ugyfelkapu")
    home = Language(lang)
    switcher().set_language(home)
    smtp = config.mail.transport is MailTransport.SMTP
    window = build_kiosk(
        services,
        config.kiosk,
        open_mail_queue=(lambda: open_service(config)) if smtp else None,
        home_language=home,
    )
    window.exit_granted.connect(app.quit)
    # `systemctl stop` sends SIGTERM: end the session cleanly (wipe, close the registry) instead
    # of dying mid-write. Python runs signal handlers only when it gets control, so a short
    # timer gives it control while Qt waits for events.
    # Queued, not called: a SIGTERM just before the event loop starts must still stop it.
    signal.signal(
        signal.SIGTERM,
        lambda _sig, _frame: QTimer.singleShot(0, lambda: window.exit_kiosk(by_system=True)),
    )
    heartbeat = QTimer(window)
    heartbeat.setInterval(250)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
    window.start()
    try:
        return int(app.exec())
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        window.shutdown()
