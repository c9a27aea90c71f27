"""Putting a kiosk together: the wizard frame inside the shell, the mail watcher, the language.

`open_kiosk` is what the composition root (`desktop.app`) calls in kiosk mode instead of
opening the desktop window; `build_kiosk` is the same without the process-wide parts
(signals, application quit), and what tests use with short settings.
"""

from __future__ import annotations

import dataclasses
import logging
import signal
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtGui import QShowEvent

from desktop.config import Config, MailTransport
from desktop.kiosk.attendant import ServiceState
from desktop.kiosk.mail_queue import MailQueue, MailQueueWatcher, describe
from desktop.kiosk.manual_entry import ManualEntryApproval
from desktop.kiosk.pin import is_pin_hash
from desktop.kiosk.session import WizardKioskSession
from desktop.kiosk.shell import KioskSettings, KioskWindow
from desktop.wizard.engine import WizardData
from desktop.wizard.frame import WizardFrame
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.services import Mailbox, MailView, WizardServices
from desktop.wizard.window import FIRST_SHOWN_DELAY_MS

log = logging.getLogger(__name__)

translate = QCoreApplication.translate

# Touch screens are read from further away and tapped with fingers: 30 % larger text.
KIOSK_FONT_STEPS = 3


class SessionMailbox:
    """The demo mailbox, limited to mail for the address given in this session.

    At home the demo mailbox may show the newest e-mail of the file outbox; at a kiosk that
    could be the previous person's, with their activation code. Here it shows only mail to
    the address the current person registered with, and nothing before they gave one.
    """

    def __init__(self, mailbox: Mailbox, session_data: Callable[[], WizardData]) -> None:
        self._mailbox = mailbox
        self._session_data = session_data

    def messages(self) -> Sequence[MailView]:
        data = self._session_data()
        address = (data.pending.email if data.pending else data.email).strip().casefold()
        if not address:
            return []
        return [m for m in self._mailbox.messages() if m.recipient.casefold() == address]


class WizardKiosk(KioskWindow):
    """The kiosk shell around a wizard frame, shaped like the desktop window for `desktop.app`:
    `frame`, `first_shown`, and `show()` (which shows it locked down and full screen)."""

    first_shown = Signal()

    def __init__(
        self,
        frame: WizardFrame,
        session: WizardKioskSession,
        settings: KioskSettings,
        *,
        service_state: Callable[[], ServiceState],
        reset_preferences: Callable[[], None],
    ) -> None:
        super().__init__(
            frame,
            session,
            settings,
            service_state=service_state,
            reset_preferences=reset_preferences,
        )
        self.frame = frame
        self.kiosk_session = session
        self._shown_once = False
        self.manual_entry_approval: ManualEntryApproval | None = None

    def show(self) -> None:
        """Lock the application down and take the whole screen (see `KioskWindow.start`)."""
        self.start(full_screen=True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # As the desktop window does: background start-up work after the first paint. With
            # the window as context the call is dropped if the window is gone by then.
            QTimer.singleShot(FIRST_SHOWN_DELAY_MS, self, self.first_shown.emit)


def build_kiosk(
    services: WizardServices,
    settings: KioskSettings,
    *,
    open_mail_queue: Callable[[], MailQueue] | None = None,
    home_language: Language = Language.HU,
) -> WizardKiosk:
    """The kiosk window around a new wizard frame (not shown yet: call `start()` or `show()`)."""
    if settings.attendant_pin_hash is None:
        log.warning("kiosk: no attendant PIN configured; kiosk mode cannot be left on screen")
    elif not is_pin_hash(settings.attendant_pin_hash):
        log.warning("kiosk: the attendant PIN hash in the config is malformed; no PIN will work")
    switcher().set_language(home_language)
    frame_holder: list[WizardFrame] = []
    # The attendant may allow typing the document ID for a card without a chip, and opens the
    # diagnostics from the attendant panel (not from Start, where anyone could).
    services = dataclasses.replace(
        services,
        options=dataclasses.replace(
            services.options, attendant_approval=True, diagnostics_on_start=False
        ),
    )
    if services.mailbox is not None:
        services = dataclasses.replace(
            services,
            mailbox=SessionMailbox(services.mailbox, lambda: frame_holder[0].engine.data),
        )
    frame = WizardFrame(services)
    frame_holder.append(frame)
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

    kiosk_font_scale = frame.font_scale

    def reset_preferences() -> None:
        # The next person starts in the kiosk's language and text size, not the last one's.
        if switcher().language is not home_language:
            switcher().set_language(home_language)
        if frame.font_scale != kiosk_font_scale:
            frame.scale_fonts(0)
            for _ in range(KIOSK_FONT_STEPS):
                frame.scale_fonts(+1)

    window = WizardKiosk(
        frame, session, settings, service_state=service_state, reset_preferences=reset_preferences
    )
    session.attach(window)
    window.panel.diagnostics_requested.connect(frame.open_diagnostics)
    window.manual_entry_approval = ManualEntryApproval(window, frame, window.pin_pad)
    if watcher is not None:
        watcher.setParent(window)
        watcher.updated.connect(lambda _summary: window.panel.refresh())
        window.panel.opened.connect(watcher.check_now)
        window.mail_watcher = watcher
        watcher.start()
    return window


def open_kiosk(services: WizardServices, config: Config, home_language: Language) -> WizardKiosk:
    """`ugyfelkapu --kiosk`: the kiosk for this process (quits the application on exit)."""
    from PySide6.QtWidgets import QApplication

    from desktop.registration.opening import open_mail_queue

    # The journal should say why sessions end and what the reader does (never who it was).
    logging.getLogger("desktop.kiosk").setLevel(logging.INFO)
    # The attendant's mail-queue panel reads this kiosk's own outbox; with the registry
    # service the outbox is the service's (its operator watches it), so there is none here.
    smtp = config.mail.transport is MailTransport.SMTP and config.registry_service is None
    window = build_kiosk(
        services,
        config.kiosk,
        open_mail_queue=(lambda: open_mail_queue(config)) if smtp else None,
        home_language=home_language,
    )
    # Diagnostic reports stay on the kiosk, where the attendant or support can fetch them.
    window.frame.diagnostics_report_dir = lambda: config.data_dir / "diagnostics"
    app = QApplication.instance()
    if app is not None:
        window.exit_granted.connect(app.quit)
        app.aboutToQuit.connect(window.shutdown)
    # `systemctl stop` sends SIGTERM: end the session cleanly (wipe, close the registry) instead
    # of dying mid-write. Python runs signal handlers only when it gets control, so a short
    # timer gives it control while Qt waits for events; the stop itself is queued into the
    # loop, because a quit() that arrives before the loop runs would be lost.
    signal.signal(
        signal.SIGTERM,
        lambda _sig, _frame: QTimer.singleShot(0, lambda: window.exit_kiosk(by_system=True)),
    )
    heartbeat = QTimer(window)
    heartbeat.setInterval(250)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
    return window
