"""The attendant's approval of typing the document ID, for one session, at a kiosk.

At a kiosk typing the document ID is off: the card proves the person is there. A card without
a chip cannot prove it, so the card page offers to call the attendant, who enters the
attendant PIN (the same pad and the same growing wait after wrong PINs as the panel's). The
approval is written to the registry's audit log first; only then may the person type, and
only until the session ends (the wipe clears it with everything else). If the audit entry
cannot be written, typing stays off and the page says so.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.kiosk.attendant import PinPad
from desktop.wizard.engine import Step
from desktop.wizard.tasks import Lane, ProgressFn

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.wizard.frame import WizardFrame

log = logging.getLogger(__name__)


class ManualEntryApproval(QObject):
    """Frame asks -> PIN pad -> audit entry -> the frame allows typing for this session."""

    def __init__(self, window: QWidget, frame: WizardFrame, pin_pad: PinPad) -> None:
        super().__init__(window)
        self._frame = frame
        # Its own pad over the window, sharing the panel pad's brake: wrong PINs on either
        # count together.
        self.pad = PinPad(window, pin_pad._pin_hash, throttle=pin_pad.throttle)
        self.pad.accepted.connect(self._record)
        frame.manual_entry_approval_requested.connect(self.pad.open)
        frame.session_wiped.connect(self.pad.close_pad)

    def _record(self) -> None:
        from desktop.registration.models import ManualEntryReason
        from desktop.wizard.pages.card import CardPage  # built by now: the card page asked

        frame = self._frame
        reason = ManualEntryReason(frame.page_of(Step.CARD, CardPage).manual_entry_reason().value)
        service = frame.services.service

        def work(_report: ProgressFn) -> object:
            return service.record_manual_entry_allowed(reason)

        task = frame.tasks.start(work, Lane.SERVICE)
        task.succeeded.connect(self._on_recorded)
        task.failed.connect(self._on_failed)

    def _on_recorded(self, _result: object) -> None:
        log.info("kiosk: the attendant allowed typing the document ID for this session")
        self._frame.allow_manual_entry_for_session()

    def _on_failed(self, error: object) -> None:
        from desktop.wizard.pages.card import CardPage

        log.error("kiosk: the approval could not be audited: %s", type(error).__name__)
        self._frame.page_of(Step.CARD, CardPage).set_error(
            lambda: self.tr(
                "The attendant's approval could not be recorded, so typing stays off. "
                "Please try again in a moment."
            )
        )
