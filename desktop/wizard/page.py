"""What every screen is to the frame: valid, busy, error, and its text in the current language.

A page reads its starting state from `WizardData` in `enter`, writes what was typed back in
`commit`, and empties its widgets in `clear`. When Next needs the service first (verify,
register, activate...), `submit` starts a task and answers later with `submitted`; the frame
then moves on. Pages never decide where Next leads: that is the engine's job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.wizard.announce import announce
from desktop.wizard.engine import WizardData
from desktop.wizard.i18n import lang_code
from desktop.wizard.services import CardStatus, WizardServices
from desktop.wizard.tasks import Lane, TaskRunner
from desktop.wizard.work import Work

log = logging.getLogger(__name__)

# lupdate finds texts in translate("Context", "text") calls by this name.
translate = QCoreApplication.translate


class Page(QFrame):
    """Base of the wizard's screens.

    A frame rather than a bare widget: a screen reader names a frame ("panel") when the focus
    enters it, so with the page title as its accessible name every page change is heard.
    """

    changed = Signal()  # valid / busy / error / labels changed: the frame re-reads them
    submitted = Signal()  # the work behind Next finished well: advance
    advance_requested = Signal()  # the page itself asks to go on (start screen choices)

    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__()
        self.services = services
        self.data = data
        self.tasks = tasks
        self._busy = False
        self._error = ""
        self._error_source: Callable[[], str] | None = None
        self._works: list[Work[Any, Any]] = []
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.error_label = QLabel()  # made focusable when it first speaks (announce.py)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)

    # -- what the frame reads ------------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def help_text(self) -> str:
        raise NotImplementedError

    def next_label(self) -> str:
        return translate("Page", "Next")

    def shows_next(self) -> bool:
        return True

    def is_valid(self) -> bool:
        return True

    def shows_card_status(self) -> bool:
        """Whether the page itself tells the card reader's state (the frame then does not)."""
        return False

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def error(self) -> str:
        return self._error

    # -- lifecycle -----------------------------------------------------------------------------
    def enter(self) -> None:
        """The page becomes current: show what `data` holds."""

    def commit(self) -> None:
        """Write what was typed into `data` (before Next and before Back)."""

    def clear(self) -> None:
        """Empty every widget (session wipe)."""
        self.set_error("")
        self.set_busy(False)

    def submit(self) -> bool:
        """Start the work behind Next. True: wait for `submitted`; False: advance now."""
        return False

    def cancel_work(self) -> None:
        """Cancel every running task of this page; it is no longer busy."""
        for work in self._works:
            work.cancel()
        self.set_busy(False)

    def retranslate(self) -> None:
        """Set every text, accessible name and description in the current language."""

    def first_focus(self) -> QWidget | None:
        return None

    def set_card_status(self, status: CardStatus) -> None:
        """The reader state changed (pages that show it override this)."""

    def default_action(self) -> Callable[[], None] | None:
        """What Enter does on this page when it is not Next (e.g. Sign in)."""
        return None

    # -- helpers -------------------------------------------------------------------------------
    def background(self, lane: Lane = Lane.SERVICE) -> Work[Any, Any]:
        """A kind of background work of this page (annotate it: `Work[Answer, Progress]`).

        The page is busy while any of its work runs; `cancel_work` cancels them all."""
        work: Work[Any, Any] = Work(self.tasks, self._on_work_changed, lane)
        self._works.append(work)
        return work

    def _on_work_changed(self) -> None:
        self.set_busy(any(work.running for work in self._works))

    def set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.changed.emit()

    def set_error(self, text: str | Callable[[], str]) -> None:
        """Show a problem (empty: none). Given as a function of the current language, it is
        shown again in the new language when the person switches."""
        self._error_source = text if callable(text) else None
        if callable(text):
            text = text()
        self._error = text
        # A sign as well as the colour, so the problem is not told by colour alone; the
        # focus moves to the message, so a screen reader speaks it (see announce.py).
        problem = translate("Page", "Problem")
        announce(
            self.error_label,
            f"{problem}: {text}" if text else "",
            shown_as=f"⚠ {text}" if text else "",
        )
        self.error_label.setAccessibleDescription("")
        self.changed.emit()

    def show_registration_error(self, error: object) -> None:
        """A failed service call: its own message in the current language, or a general one."""
        from desktop.registration.errors import RegistrationError

        self.set_busy(False)
        if isinstance(error, RegistrationError):
            message = error.message
            self.set_error(lambda: message.in_language(lang_code()))
        else:
            log.error("unexpected failure in a service call: %s", type(error).__name__)
            self.set_error(
                lambda: translate(
                    "Page",
                    "Something went wrong on our side. Please try again a little later; "
                    "what you typed is kept.",
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._error_source is not None:
                self.set_error(self._error_source)
            self.changed.emit()
        super().changeEvent(event)


def labelled_line_edit(label: QLabel, edit: QLineEdit) -> None:
    """Tie a label to its field, so a screen reader announces the label with the field."""
    label.setBuddy(edit)
    label.setWordWrap(True)
