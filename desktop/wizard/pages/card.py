"""1 Identification: read the document ID from the card with the CAN; take the registration code.

Reading starts by itself once a card is present and the six CAN digits are in; it runs in a
task with the step named in words and can be cancelled. Next ("Check") asks the registry to
verify the document ID with the registration code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, assert_never

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cardreader.document import PassiveAuthentication, ReadResult, ReadStep
from cardreader.failures import CardFailure, chip_refusal
from cardreader.passwords import CAN_DIGITS, CAN_TYPING_PATTERN, Can
from cardreader.reader import PROGRESS
from desktop.registration.limits import DOCUMENT_NUMBER_LENGTH
from desktop.wizard.card_messages import (
    describe_card_error,
    describe_failure,
    describe_status,
    expired_document_text,
    uncheckable_document_text,
    unverified_document_text,
)
from desktop.wizard.chipless import ChiplessPanel, NoChip
from desktop.wizard.engine import WizardData
from desktop.wizard.illustrations import Illustration, IllustrationView
from desktop.wizard.page import Page
from desktop.wizard.services import CardState, CardStatus, WizardServices
from desktop.wizard.tasks import Lane, ProgressFn, TaskRunner
from desktop.wizard.widgets import note
from desktop.wizard.work import Work

if TYPE_CHECKING:
    from desktop.registration.models import Verification

log = logging.getLogger(__name__)


class CardPage(Page):
    # No chip can be read and only a kiosk attendant may allow typing: call them.
    attendant_requested = Signal()

    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self._status = CardStatus(CardState.NO_READER)
        self._read: Work[ReadResult, ReadStep] = self.background(Lane.CARD)
        self._verify: Work[Verification, object] = self.background()
        self._last_step: ReadStep | None = None
        self._auto_read_can: Can | None = None  # the CAN an automatic read last tried

        # -- left: the eID card ------------------------------------------------------------
        self.card_box = QGroupBox()
        self.card_picture = IllustrationView(Illustration.CARD_FRONT)
        self.card_caption = note()
        self.can_label = QLabel()
        self.can_edit = QLineEdit()
        self.can_edit.setObjectName("canEdit")
        self.can_edit.setMaxLength(CAN_DIGITS)
        self.can_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(CAN_TYPING_PATTERN), self.can_edit)
        )
        self.can_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.can_label.setBuddy(self.can_edit)
        self.read_button = QPushButton()
        self.read_button.setObjectName("readButton")
        self.cancel_read_button = QPushButton()
        self.cancel_read_button.setObjectName("cancelReadButton")
        self.cancel_read_button.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("readProgress")
        # The steps a person sees, in the order the read reports them (the read's own list).
        self.progress.setRange(0, len(PROGRESS))
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.card_state_label = note(object_name="cardState")
        self.doc_label = QLabel()
        self.doc_edit = QLineEdit()
        self.doc_edit.setObjectName("documentEdit")
        self.doc_edit.setReadOnly(True)
        self.doc_edit.setMaxLength(DOCUMENT_NUMBER_LENGTH)
        self.doc_label.setBuddy(self.doc_edit)
        self.from_card_badge = QLabel()
        self.from_card_badge.setObjectName("fromCardBadge")
        self.from_card_badge.hide()
        self.manual_check = QCheckBox()
        self.manual_check.setObjectName("manualEntry")
        self.chipless = ChiplessPanel(
            allow_typing=services.options.allow_manual_entry,
            attendant=services.options.attendant_approval,
        )

        card_layout = QVBoxLayout(self.card_box)
        card_layout.addWidget(self.card_picture, 1)
        card_layout.addWidget(self.card_caption)
        grid = QGridLayout()
        grid.addWidget(self.can_label, 0, 0)
        grid.addWidget(self.can_edit, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.cancel_read_button)
        grid.addLayout(buttons, 0, 2)
        grid.addWidget(self.progress, 1, 0, 1, 3)
        grid.addWidget(self.card_state_label, 2, 0, 1, 3)
        grid.addWidget(self.doc_label, 3, 0)
        grid.addWidget(self.doc_edit, 3, 1)
        grid.addWidget(self.from_card_badge, 3, 2)
        grid.addWidget(self.manual_check, 4, 0, 1, 3)
        grid.addWidget(self.chipless, 5, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        card_layout.addLayout(grid)

        # -- right: the registration code ----------------------------------------------------
        self.code_box = QGroupBox()
        self.code_picture = IllustrationView(Illustration.REGISTRATION_CARD)
        self.code_caption = note()
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("registrationCodeEdit")
        self.code_edit.setMaxLength(16)
        self.code_label.setBuddy(self.code_edit)
        code_layout = QVBoxLayout(self.code_box)
        code_layout.addWidget(self.code_picture, 1)
        code_layout.addWidget(self.code_caption)
        code_layout.addWidget(self.code_label)
        code_layout.addWidget(self.code_edit)
        code_layout.addStretch(0)

        columns = QHBoxLayout()
        columns.addWidget(self.card_box, 1)
        columns.addWidget(self.code_box, 1)
        self.body.addLayout(columns, 1)
        self.body.addWidget(self.error_label)
        # Only once in the layout: a parentless widget made visible becomes a window.
        self.manual_check.setVisible(services.options.allow_manual_entry)

        self.can_edit.textChanged.connect(self._on_can_changed)
        self.code_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.doc_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.read_button.clicked.connect(self.start_read)
        self.cancel_read_button.clicked.connect(self.cancel_read)
        self.manual_check.toggled.connect(self._on_manual_toggled)
        self.chipless.type_requested.connect(self._type_instead)
        self.setTabOrder(self.chipless.message, self.chipless.type_button)
        self.setTabOrder(self.chipless.type_button, self.chipless.attendant_button)
        self.chipless.notice_shown.connect(self._bring_chipless_into_view)
        self.chipless.attendant_requested.connect(self.attendant_requested)
        self.setTabOrder(self.can_edit, self.read_button)
        self.setTabOrder(self.read_button, self.cancel_read_button)
        self.setTabOrder(self.cancel_read_button, self.doc_edit)
        self.setTabOrder(self.doc_edit, self.manual_check)
        self.setTabOrder(self.manual_check, self.code_edit)
        self.retranslate()

    # -- frame contract ----------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Start identification")

    def help_text(self) -> str:
        return self.tr(
            "Place your identity card on the card reader and type the six-digit CAN: it is "
            "printed in the lower right corner of the card front (B in the picture). The app "
            "then reads the document ID (A) from the card's chip by itself. The registration "
            "code is on the plastic card from the green envelope you received with your "
            "identity card (C in the picture): eleven letters and digits. Upper and lower case "
            "matter. Then press Check."
        )

    def next_label(self) -> str:
        return self.tr("Check")

    def is_valid(self) -> bool:
        return bool(self.doc_edit.text().strip()) and bool(self.code_edit.text().strip())

    def first_focus(self) -> QWidget | None:
        return self.can_edit

    def shows_card_status(self) -> bool:
        return True

    def enter(self) -> None:
        self.set_card_status(self._status)

    def commit(self) -> None:
        self.data.can_entered = bool(self.can_edit.text())
        self.data.document_number = self.doc_edit.text().strip().upper()
        self.data.registration_code = self.code_edit.text().strip()

    def clear(self) -> None:
        self.cancel_work()
        for edit in (self.can_edit, self.doc_edit, self.code_edit):
            edit.clear()
        self.manual_check.setChecked(False)
        self.manual_check.setVisible(self.services.options.allow_manual_entry)
        self.chipless.reset()
        self.from_card_badge.hide()
        self._describe_code_edit()
        self._auto_read_can = None
        self._show_progress(None)
        super().clear()

    def cancel_work(self) -> None:
        super().cancel_work()
        self._show_progress(None)

    # -- card status -------------------------------------------------------------------------
    def set_card_status(self, status: CardStatus) -> None:
        was_present = self._status.state is CardState.CARD_PRESENT
        self._status = status
        self.card_state_label.setText(describe_status(status))
        self.card_state_label.setAccessibleName(self.card_state_label.text())
        self.chipless.set_reader_empty(status.state is CardState.NO_CARD and not status.virtual)
        if status.state is CardState.CARD_PRESENT and not was_present:
            self._auto_read_can = None  # a card put back on may be read again
        self._maybe_read()

    # -- reading -----------------------------------------------------------------------------
    def _on_can_changed(self, _text: str) -> None:
        self.changed.emit()
        self._maybe_read()

    def _maybe_read(self) -> None:
        can = Can.parse(self.can_edit.text())
        if (
            can is not None
            and self._status.state is CardState.CARD_PRESENT
            and not self._read.running
            and not self.data.document_from_card
            and not self.manual_check.isChecked()
            and can != self._auto_read_can
            and self.isVisible()
        ):
            self._auto_read_can = can
            self.start_read()

    def start_read(self) -> None:
        """Read the card with the typed CAN in a task (also the Read button)."""
        if self._read.running:
            return
        can = Can.parse(self.can_edit.text())
        if can is None:
            self.set_error(lambda: describe_failure(CardFailure.PASSWORD_FORMAT))
            return
        self.set_error("")
        card = self.services.card

        def work(report: Callable[[ReadStep], None]) -> ReadResult:
            return card.read(can, report)

        self._last_step = None
        self._show_progress(PROGRESS[0])
        self._read.run(work, self._on_read, self._on_read_failed, self._show_progress)

    def cancel_read(self) -> None:
        if self._read.cancel():
            self._show_progress(None)
            self.set_error(lambda: describe_failure(CardFailure.CANCELLED))

    def _show_progress(self, step: ReadStep | None) -> None:
        self._last_step = step
        reading = step is not None
        self.progress.setVisible(reading)
        self.cancel_read_button.setVisible(reading)
        self.read_button.setEnabled(not reading)
        if step is not None:
            self.progress.setFormat(self._step_text(step))
            self.progress.setValue(PROGRESS.index(step))
            # Named for what it measures, with the step, not only "0 percent".
            self.progress.setAccessibleName(
                self.tr("Progress of reading the card: %1").replace("%1", self._step_text(step))
            )
            self.progress.setAccessibleDescription(self._step_text(step))

    def _describe_code_edit(self) -> None:
        # After a read the focus moves to the code field; its description then begins with
        # the outcome, so a screen reader says that the card was read (see announce.py).
        description = self.tr("Eleven letters and digits from the plastic card; case matters.")
        if self.from_card_badge.isVisibleTo(self) and self.doc_edit.text():
            read = self.tr("The card was read: document ID %1.").replace("%1", self.doc_edit.text())
            description = f"{read} {description}"
        self.code_edit.setAccessibleDescription(description)

    def _step_text(self, step: ReadStep) -> str:
        match step:
            case ReadStep.CONNECTING:
                return self.tr("Connecting to the card…")
            case ReadStep.SECURE_CHANNEL:
                return self.tr("Secure channel…")
            case ReadStep.READING:
                return self.tr("Reading data…")
            case ReadStep.VERIFYING:
                return self.tr("Verifying…")
            case _:
                assert_never(step)

    def _on_read(self, result: ReadResult) -> None:
        self._show_progress(None)
        if result.passive_authentication is PassiveAuthentication.INVALID:
            self.set_error(unverified_document_text)
            return
        if (
            result.passive_authentication is PassiveAuthentication.NOT_CHECKED
            and self.services.options.require_passive_authentication
        ):
            self.set_error(uncheckable_document_text)
            return
        refusal = chip_refusal(
            result.chip_authentication,
            required=self.services.options.require_chip_authentication,
        )
        if refusal is not None:
            log.info("card refused: %s", refusal.value)
            self.set_error(lambda: describe_failure(refusal))
            return
        if result.document.is_expired(self.services.today()):
            self.set_error(expired_document_text)
            return
        self.doc_edit.setText(result.document.document_number)
        self.data.document_from_card = True
        self.data.document_number = result.document.document_number
        self.from_card_badge.show()
        self.set_error("")
        self._describe_code_edit()
        self.code_edit.setFocus()

    def _on_read_failed(self, error: Exception) -> None:
        self._show_progress(None)
        from cardreader.errors import CardError

        if isinstance(error, CardError):
            log.info("card read failed: %s at step %s", error.kind.value, error.step)
        else:
            log.info("card read failed: %s", type(error).__name__)

        failure = error
        self.set_error(lambda: describe_card_error(failure))
        if isinstance(error, CardError) and error.kind is CardFailure.NOT_AN_EID:
            # No eMRTD answers: a card without a chip, or another card. The panel says why
            # that may be and offers the way on.
            self.chipless.show_no_chip(NoChip.NOT_AN_EID)
            return
        self.can_edit.selectAll()

    # -- no chip -------------------------------------------------------------------------------
    def _bring_chipless_into_view(self) -> None:
        """Scroll the no-chip words and the way on they offer into sight."""
        # On a small screen the page scrolls: the words and the way on must be in sight (the
        # words take the focus themselves, see ChiplessPanel.show_no_chip).
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        offered = [
            b
            for b in (self.chipless.type_button, self.chipless.attendant_button)
            if b.isVisibleTo(self)
        ]
        if isinstance(widget, QScrollArea):
            area = widget

            def scroll() -> None:
                area.ensureWidgetVisible(self.chipless.message, 0, 8)
                for button in offered:
                    area.ensureWidgetVisible(button, 0, 8)

            # After the layout has placed the words just shown.
            QTimer.singleShot(50, self, scroll)

    def _type_instead(self) -> None:
        self.manual_check.setChecked(True)

    def manual_entry_reason(self) -> NoChip:
        """Why typing is asked for (the attendant's approval is audited with it)."""
        return self.chipless.reason or NoChip.NO_CHIP

    def allow_typing_for_session(self) -> None:
        """A kiosk attendant allowed typing the document ID until this session ends."""
        self.manual_check.setVisible(True)
        self.chipless.mark_approved()
        self.manual_check.setChecked(True)
        self.set_error("")
        self.doc_edit.setFocus()

    def _on_manual_toggled(self, manual: bool) -> None:
        self.doc_edit.setReadOnly(not manual)
        self.chipless.set_typing(manual)
        if manual:
            self.data.document_from_card = False
            self.from_card_badge.hide()
            self.doc_edit.setFocus()
        self.retranslate()
        self.changed.emit()

    # -- Next: verify -----------------------------------------------------------------------
    def submit(self) -> bool:
        self.commit()
        self.set_error("")
        service = self.services.service
        number, code = self.data.document_number, self.data.registration_code

        def work(_report: ProgressFn) -> Verification:
            return service.verify(number, code)

        self._verify.run(work, self._on_verified, self._on_verify_failed)
        return True

    def _on_verified(self, verification: Verification) -> None:
        self.data.verification = verification
        self.submitted.emit()

    def _on_verify_failed(self, error: Exception) -> None:
        self.show_registration_error(error)  # the focus is on the message now
        self.code_edit.selectAll()

    # -- language -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.card_box.setTitle(self.tr("1. Your identity card"))
        self.card_caption.setText(
            self.tr("A: document ID, read from the chip. B: CAN, six digits at the lower right.")
        )
        self.card_picture.setAccessibleName(self.tr("Picture of the identity card front"))
        self.card_picture.setAccessibleDescription(
            self.tr(
                "The document ID is at the top right of the card front (A); the six-digit CAN "
                "is at the lower right corner (B)."
            )
        )
        self.can_label.setText(self.tr("CAN (6 digits):"))
        self.can_edit.setAccessibleName(self.tr("CAN"))
        self.can_edit.setAccessibleDescription(
            self.tr("The six digits at the lower right corner of the identity card front.")
        )
        self.read_button.setText(self.tr("Read card"))
        self.read_button.setAccessibleName(self.tr("Read card"))
        self.read_button.setAccessibleDescription(
            self.tr("Reads the document ID from the card on the reader with the CAN.")
        )
        self.cancel_read_button.setText(self.tr("Stop reading"))
        self.cancel_read_button.setAccessibleName(self.tr("Stop reading"))
        self.cancel_read_button.setAccessibleDescription(self.tr("Stops reading the card."))
        self.doc_label.setText(self.tr("Document ID:"))
        self.doc_edit.setAccessibleName(self.tr("Document ID"))
        if self.manual_check.isChecked():
            self.doc_edit.setAccessibleDescription(
                self.tr("Six digits and two letters, as printed on the card, e.g. 123456AB.")
            )
            self.doc_edit.setPlaceholderText("123456AB")
        else:
            self.doc_edit.setAccessibleDescription(
                self.tr("Read from the card's chip; it cannot be changed.")
            )
            self.doc_edit.setPlaceholderText(self.tr("read from the card"))
        self.from_card_badge.setText("✔ " + self.tr("read from the card"))
        self.from_card_badge.setAccessibleName(self.tr("The document ID was read from the card"))
        self.manual_check.setText(self.tr("I cannot read the card: I type the document ID"))
        self.manual_check.setAccessibleName(self.manual_check.text())
        self.manual_check.setAccessibleDescription(
            self.tr("Only if reading the card is impossible. The ID is printed on the card front.")
        )
        self.code_box.setTitle(self.tr("2. Registration code"))
        self.code_caption.setText(
            self.tr("C: the code on the plastic card from the green envelope.")
        )
        self.code_picture.setAccessibleName(self.tr("Picture of the registration code card"))
        self.code_picture.setAccessibleDescription(
            self.tr(
                "The plastic card from the green envelope, with the eleven-character "
                "registration code marked C."
            )
        )
        self.code_label.setText(self.tr("Registration code (11 characters):"))
        self.code_edit.setAccessibleName(self.tr("Registration code"))
        self._describe_code_edit()
        if self._last_step is not None:
            self._show_progress(self._last_step)
        self.card_state_label.setText(describe_status(self._status))
        self.card_state_label.setAccessibleName(self.card_state_label.text())
