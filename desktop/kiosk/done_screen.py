"""The short "done" screen after the last step: take your card, then Start by itself."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.kiosk.overlay import CountdownCover


class DoneScreen(CountdownCover):
    """Full-window thank-you with a countdown; `finished` when it runs out or is tapped."""

    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskDoneScreen")
        self.setStyleSheet(
            "#kioskDoneScreen { background: #f3f7f2; }"
            "QLabel#kioskDoneTitle { font-size: 40pt; font-weight: bold; color: #1b5e20; }"
            "QLabel#kioskDoneCard { font-size: 24pt; color: #13294b; }"
            "QLabel#kioskDoneCountdown { font-size: 16pt; color: #444; }"
            "QPushButton#kioskDoneButton { font-size: 22pt; padding: 20px 40px;"
            " border-radius: 14px; background: #1b5e20; color: white; }"
        )
        self._title = QLabel(self)
        self._title.setObjectName("kioskDoneTitle")
        self._card = QLabel(self)
        self._card.setObjectName("kioskDoneCard")
        self._countdown = QLabel(self)
        self._countdown.setObjectName("kioskDoneCountdown")
        for label in (self._title, self._card, self._countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("kioskDoneButton")
        self.button.clicked.connect(self._finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 64, 64, 64)
        layout.setSpacing(32)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._card)
        layout.addWidget(self._countdown)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self._retranslate()

    def default_button(self) -> QPushButton:
        return self.button

    def timed_out(self) -> None:
        self.finished.emit()

    def _finish(self) -> None:
        self.cancel()
        self.finished.emit()

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Thank you, you are done!"))
        self._card.setText(self.tr("Please take your ID card from the reader."))
        self._countdown.setText(
            self.tr("This screen returns to the start in %n second(s).", "", self._remaining)
        )
        self.button.setText(self.tr("Finish"))
        self.button.setAccessibleName(self.tr("Finish"))
        self.button.setAccessibleDescription(self._countdown.text())
        self.setAccessibleName(self.tr("Thank you, you are done!"))
