"""The short "done" screen after the last step: take your card, then Start by itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


class DoneScreen(QFrame):
    """Full-window thank-you with a countdown; `finished` when it runs out or is tapped."""

    finished = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskDoneScreen")
        self.setAutoFillBackground(True)
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
        self._remaining = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        parent.installEventFilter(self)
        self.hide()
        self._retranslate()

    @property
    def remaining_seconds(self) -> int:
        return self._remaining

    def start(self, seconds: int) -> None:
        self._remaining = seconds
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self._retranslate()
        self.show()
        self.raise_()
        self.button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._tick.start()

    def cancel(self) -> None:
        self._tick.stop()
        self.hide()

    def _finish(self) -> None:
        self.cancel()
        self.finished.emit()

    def _on_tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._finish()
        else:
            self._retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

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
