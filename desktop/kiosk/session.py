"""The wizard as the kiosk shell drives it: start over, was the card read, is anything typed.

`WizardKioskSession` adapts `desktop.wizard.frame.WizardFrame` to `KioskSession` and forwards
what the shell must know: reader and card changes, and that the person finished the last
screen (the frame wipes itself then; the shell shows its "done" screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.wizard.card_messages import describe_status
from desktop.wizard.engine import Step
from desktop.wizard.frame import WizardFrame
from desktop.wizard.services import CardState, CardStatus

if TYPE_CHECKING:
    from desktop.kiosk.shell import KioskWindow

# Next on these screens ends the session in the wizard: the person is done.
_LAST_STEPS = frozenset({Step.DONE, Step.SIGN_IN})


class WizardKioskSession:
    """Implements `desktop.kiosk.shell.KioskSession` over a `WizardFrame`."""

    def __init__(self, frame: WizardFrame) -> None:
        self.frame = frame
        self._window: KioskWindow | None = None
        self._wiping = False
        self._current: Step = frame.current_step
        self._previous: Step | None = None
        frame.step_changed.connect(self._on_step)
        frame.session_wiped.connect(self._on_wiped)
        frame.card_status_changed.connect(self._on_card_status)

    def attach(self, window: KioskWindow) -> None:
        """Connect to the shell and tell it the reader state as it is now."""
        self._window = window
        self._on_card_status(self.frame.card_status)

    # -- KioskSession ----------------------------------------------------------------------------
    def start_over(self) -> None:
        self._wiping = True
        try:
            self.frame.wipe_session(clear_clipboard=True)
        finally:
            self._wiping = False

    def card_was_read(self) -> bool:
        return self.frame.engine.data.document_from_card

    def is_pristine(self) -> bool:
        return self.frame.current_step is Step.START and self.frame.engine.data.is_empty()

    def is_complete(self) -> bool:
        return self.frame.current_step is Step.DONE

    # -- what the shell hears --------------------------------------------------------------------
    def reader_words(self) -> str:
        """The reader's state in the current language (the attendant panel asks for it)."""
        return describe_status(self.frame.card_status)

    def _on_step(self, step: Step) -> None:
        self._previous, self._current = self._current, step

    def _on_wiped(self) -> None:
        # The frame shows Start (step_changed) before it reports the wipe: the step before
        # that tells whether Next on a last screen ended it or Cancel did.
        if not self._wiping and self._previous in _LAST_STEPS and self._window is not None:
            self._window.session_complete()

    def _on_card_status(self, status: CardStatus) -> None:
        if self._window is not None:
            self._window.report_card_state(
                status.state is CardState.CARD_PRESENT, describe_status(status)
            )
