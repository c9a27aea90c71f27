"""Cards without a chip, on the card page: noticing them, saying so, and the way on.

Identity cards issued before 2016, and those issued without a chip to people over 65 until
2021, have no chip. On a contactless reader such a card is simply not there: the person says
it is on the reader ("The card is on the reader") and, when no card appears within a few
seconds, the panel says why. A card that is sensed but whose chip is no eID (a read ending in
`NotAnEidError`: no chip answers, or another kind of chip) is told the same way. At home the
panel offers typing the document ID (the existing manual entry, `[card] allow_manual_entry`);
at a kiosk it offers to call the attendant, who may allow typing for this one session.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.wizard.announce import announce, make_message

#: How long a card may take to appear after the person says it is on the reader. pcscd sees
#: a card within ~0.4 s (FIELD-NOTES); a few seconds leave room for putting it down.
CHIP_WAIT_MS = 4000


class NoChip(enum.Enum):
    """Why the panel speaks; the values are the registry's `ManualEntryReason` values."""

    NO_CHIP = "no-chip"  # nothing appeared on the reader after the person said it was there
    NOT_AN_EID = "not-an-eid"  # a card was sensed, but no eID chip answered


class ChiplessPanel(QFrame):
    """The "card on the reader" check and, when no chip answers, the words and the way on."""

    type_requested = Signal()
    attendant_requested = Signal()
    notice_shown = Signal()

    def __init__(
        self,
        *,
        allow_typing: bool,
        attendant: bool,
        parent: QWidget | None = None,
        wait_ms: int = CHIP_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chiplessPanel")
        self._allow_typing = allow_typing
        self._attendant = attendant
        self.reason: NoChip | None = None
        self.approved = False
        self._waiting = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(wait_ms)
        self._timer.timeout.connect(self._no_card_appeared)

        self.on_reader_button = QPushButton()
        self.on_reader_button.setObjectName("cardOnReaderButton")
        self.message = make_message(QLabel())
        self.message.setObjectName("noChipMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        self.type_button = QPushButton()
        self.type_button.setObjectName("typeDocumentIdButton")
        self.type_button.hide()
        self.attendant_button = QPushButton()
        self.attendant_button.setObjectName("askAttendantButton")
        self.attendant_button.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.on_reader_button)
        row.addWidget(self.type_button)
        row.addWidget(self.attendant_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.on_reader_button.clicked.connect(self.start_waiting)
        self.type_button.clicked.connect(self.type_requested)
        self.attendant_button.clicked.connect(self.attendant_requested)
        self.on_reader_button.hide()
        self._retranslate()

    # -- the card page tells -------------------------------------------------------------
    def set_reader_empty(self, empty: bool) -> None:
        """A reader is there and holds no card (the check makes sense), or not."""
        if not empty:
            self._timer.stop()
            self._waiting = False
            if self.reason is NoChip.NO_CHIP:
                self._hide_notice()  # a card arrived after all
        self.on_reader_button.setVisible(empty and self.reason is None and not self.approved)
        self._retranslate()

    def start_waiting(self) -> None:
        """The person says the card is on the reader: give it a few seconds to appear."""
        self._waiting = True
        self._timer.start()
        self._retranslate()

    @property
    def waiting(self) -> bool:
        return self._waiting

    def _no_card_appeared(self) -> None:
        self._waiting = False
        self.show_no_chip(NoChip.NO_CHIP)

    def show_no_chip(self, reason: NoChip) -> None:
        """Say why no chip can be read and offer the way on."""
        self.reason = reason
        self.on_reader_button.hide()
        self.message.show()
        self.type_button.setVisible(self._allow_typing and not self.approved)
        self.attendant_button.setVisible(
            self._attendant and not self._allow_typing and not self.approved
        )
        self._retranslate()
        self.notice_shown.emit()
        # The words take the focus, so a screen reader speaks them (desktop.wizard.announce);
        # the offered action follows them in the tab order.
        announce(self.message, self.message.text())

    def set_typing(self, typing: bool) -> None:
        """The person types the ID now (or stopped): the offer to type shows only when useful."""
        self.type_button.setVisible(
            not typing and self.reason is not None and self._allow_typing and not self.approved
        )

    def mark_approved(self) -> None:
        """The attendant allowed typing: the offer is done, the words say so."""
        self.approved = True
        self.attendant_button.hide()
        self.on_reader_button.hide()
        self.message.show()
        self._retranslate()

    def reset(self) -> None:
        """Back to nothing said (a new session)."""
        self._timer.stop()
        self._waiting = False
        self.reason = None
        self.approved = False
        self._hide_notice()

    def _hide_notice(self) -> None:
        self.reason = None
        self.message.hide()
        self.message.clear()
        self.type_button.hide()
        self.attendant_button.hide()

    # -- words -------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        if self._waiting:
            self.on_reader_button.setText(self.tr("Looking for the card…"))
        else:
            self.on_reader_button.setText(self.tr("The card is on the reader"))
        self.on_reader_button.setAccessibleName(self.on_reader_button.text())
        self.on_reader_button.setAccessibleDescription(
            self.tr("Press it if your card lies on the reader but nothing happens.")
        )
        self.type_button.setText(self.tr("Type the document ID"))
        self.type_button.setAccessibleName(self.type_button.text())
        self.type_button.setAccessibleDescription(
            self.tr("The document ID is printed at the top right of the card front.")
        )
        self.attendant_button.setText(self.tr("Call the attendant"))
        self.attendant_button.setAccessibleName(self.attendant_button.text())
        self.attendant_button.setAccessibleDescription(
            self.tr("The attendant can allow typing the document ID, with their PIN.")
        )
        if self.reason is None and not self.approved:
            return
        parts = []
        if self.reason is NoChip.NO_CHIP:
            parts.append(self.tr("No chip answers: the reader senses no card."))
        elif self.reason is NoChip.NOT_AN_EID:
            parts.append(self.tr("No eID chip answers on this card."))
        parts.append(
            self.tr(
                "Identity cards issued before 2016, and those issued without a chip to people "
                "over 65 until 2021, have no chip."
            )
        )
        if self.approved:
            parts.append(
                self.tr(
                    "The attendant allowed typing the document ID for this visit: type it as "
                    "printed on the card front."
                )
            )
        elif self._allow_typing:
            parts.append(self.tr("You can type the document ID printed on the card front instead."))
        elif self._attendant:
            parts.append(
                self.tr(
                    "Call the attendant: they can allow typing the document ID printed on the "
                    "card for this visit."
                )
            )
        else:
            parts.append(self.tr("Typing the document ID is not allowed here."))
        text = " ".join(parts)
        self.message.setText(text)
        self.message.setAccessibleName(text)
