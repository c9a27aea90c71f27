"""The "Diagnosztika / Diagnostics" screen: the card layer's doctor, in words, with a report.

It lies over the window it is opened on (the wizard from Start, the kiosk from the attendant
panel), runs `cardreader.doctor.diagnose` in the card lane (PC/SC calls can take seconds, and
must not meet a card read), and shows the outcome in the current language. "Save report"
writes the Hungarian-and-English text into a file, "Copy" puts it on the clipboard; the doctor
reads no data group, so the report holds nothing personal. The outcome, and what Save and Copy
did, are announced as the pages announce theirs (`desktop.wizard.announce`): a message takes
the focus, so a screen reader speaks it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.wizard.announce import announce, make_message
from desktop.wizard.i18n import lang_code, switcher
from desktop.wizard.tasks import Lane, ProgressFn, Task, TaskRunner

if TYPE_CHECKING:
    from cardreader.doctor import Diagnosis

log = logging.getLogger(__name__)

Diagnose = Callable[[], "Diagnosis"]


def default_diagnose() -> Diagnosis:
    """The real doctor, with this app's version and the Qt it runs on."""
    from PySide6.QtCore import qVersion

    from cardreader.doctor import diagnose, environment
    from desktop.version import version

    return diagnose(env=environment(app=version(), qt=qVersion()))


def default_report_dir() -> Path:
    """Where reports go at home: the Documents folder, else the home directory."""
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents else Path.home()


class DiagnosticsScreen(QFrame):
    """A layer over `parent` with the diagnosis, Check again, Save report, Copy and Back."""

    closed = Signal()
    finished = Signal()  # a diagnosis arrived (tests and screenshots wait for it)

    def __init__(
        self,
        parent: QWidget,
        tasks: TaskRunner,
        *,
        diagnose: Diagnose | None = None,
        report_dir: Callable[[], Path] = default_report_dir,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diagnosticsScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#diagnosticsScreen { background: palette(window); }"
            "#diagnosticsScreen QLabel#diagnosticsTitle { font-size: 16pt; font-weight: bold; }"
        )
        self._tasks = tasks
        self._diagnose = diagnose or default_diagnose
        self._report_dir = report_dir
        self._task: Task | None = None
        self.diagnosis: Diagnosis | None = None
        self.saved_path: Path | None = None

        self.title = QLabel()
        self.title.setObjectName("diagnosticsTitle")
        self.summary = make_message(QLabel())
        self.summary.setObjectName("diagnosticsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.report_view = QPlainTextEdit()
        self.report_view.setObjectName("diagnosticsReport")
        self.report_view.setReadOnly(True)
        self.report_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Made a focusable message by `announce` when it has something to say; hidden when
        # empty, so no unnamed object can take the focus.
        self.notice = QLabel()
        self.notice.setObjectName("diagnosticsNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.again_button = QPushButton()
        self.again_button.setObjectName("diagnosticsAgain")
        self.save_button = QPushButton()
        self.save_button.setObjectName("diagnosticsSave")
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("diagnosticsCopy")
        self.back_button = QPushButton()
        self.back_button.setObjectName("diagnosticsBack")
        buttons = QHBoxLayout()
        for button in (self.again_button, self.save_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.notice)
        self.notice.hide()
        layout.addLayout(buttons)

        self.again_button.clicked.connect(self.run)
        self.save_button.clicked.connect(self.save_report)
        self.copy_button.clicked.connect(self.copy_report)
        self.back_button.clicked.connect(self.close_screen)
        self.setTabOrder(self.summary, self.report_view)
        self.setTabOrder(self.report_view, self.again_button)
        self.setTabOrder(self.again_button, self.save_button)
        self.setTabOrder(self.save_button, self.copy_button)
        self.setTabOrder(self.copy_button, self.back_button)
        parent.installEventFilter(self)
        # The doctor's words follow the language itself, not Qt's translator.
        switcher().changed.connect(self._on_language)
        self.hide()
        self._retranslate()

    # -- showing ---------------------------------------------------------------------------
    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def open(self) -> None:
        """Cover the parent and start a diagnosis."""
        self._fit()
        self.show()
        self.raise_()
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.run()

    def close_screen(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.hide()
        self.closed.emit()

    def forget(self) -> None:
        """Drop the shown diagnosis (a kiosk session ended) and close."""
        self.diagnosis = None
        self.saved_path = None
        self.report_view.clear()
        announce(self.notice, "")
        self.close_screen()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    # -- the diagnosis --------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    def run(self) -> None:
        """Diagnose again, in the card lane."""
        if self._task is not None:
            return
        diagnose = self._diagnose

        def work(_report: ProgressFn) -> object:
            return diagnose()

        self.diagnosis = None
        self._set_busy(True)
        self.summary.setText(self.tr("Checking the card reader and the card…"))
        self.summary.setAccessibleName(self.summary.text())
        self.report_view.clear()
        announce(self.notice, "")
        task = self._tasks.start(work, Lane.CARD)
        task.succeeded.connect(self._on_diagnosis)
        task.failed.connect(self._on_failed)
        self._task = task

    def _set_busy(self, busy: bool) -> None:
        self.again_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy and self.diagnosis is not None)
        self.copy_button.setEnabled(not busy and self.diagnosis is not None)

    def _on_diagnosis(self, diagnosis: object) -> None:
        from cardreader.doctor import Diagnosis

        self._task = None
        if not isinstance(diagnosis, Diagnosis):
            self._on_failed(TypeError("no diagnosis"))
            return
        self.diagnosis = diagnosis
        self._set_busy(False)
        self._show_diagnosis(announced=True)
        self.finished.emit()

    def _on_failed(self, error: object) -> None:
        self._task = None
        log.error("diagnostics failed: %s", type(error).__name__)
        self._set_busy(False)
        announce(
            self.summary,
            self.tr(
                "The check itself failed. Press Check again; if it keeps failing, restart the app."
            ),
        )
        self.finished.emit()

    def _show_diagnosis(self, *, announced: bool = False) -> None:
        from cardreader.doctor_words import Language, problem_words, render_text

        diagnosis = self.diagnosis
        if diagnosis is None:
            return
        lang: Language = "hu" if lang_code() == "hu" else "en"
        if diagnosis.problems:
            first = problem_words(diagnosis.problems[0])
            text = "⚠ " + (first[0] if lang == "hu" else first[1])
            if len(diagnosis.problems) > 1:
                more = len(diagnosis.problems) - 1
                text += " " + self.tr("(%n more in the report below.)", "", more)
        else:
            text = "✔ " + self.tr(
                "No problem found: the reader and the card answer as they should."
            )
        self.report_view.setPlainText(render_text(diagnosis, lang))
        self.report_view.setAccessibleDescription(text)
        if announced:
            announce(self.summary, text)  # the outcome takes the focus and is spoken
        else:
            self.summary.setText(text)
            self.summary.setAccessibleName(text)

    # -- the report -------------------------------------------------------------------------
    def report_text(self) -> str:
        """The report in Hungarian and English ("" before a diagnosis)."""
        from cardreader.doctor_words import render_report

        return render_report(self.diagnosis) if self.diagnosis is not None else ""

    def save_report(self) -> Path | None:
        """Write the report into the report folder; the path is shown and returned."""
        text = self.report_text()
        if not text:
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        try:
            directory = self._report_dir()
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"ugyfelkapu-diagnosztika-{stamp}.txt"
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            log.warning("diagnostics report not saved: %s", exc.strerror)
            self._tell(
                self.tr("The report could not be saved: %1").replace("%1", exc.strerror or "")
            )
            return None
        self.saved_path = path
        self._tell(self.tr("Report saved: %1").replace("%1", str(path)))
        return path

    def copy_report(self) -> None:
        text = self.report_text()
        if not text:
            return
        QGuiApplication.clipboard().setText(text)
        self._tell(self.tr("The report is on the clipboard: paste it into an e-mail to support."))

    def _tell(self, text: str) -> None:
        announce(self.notice, text)
        # The notice is cleared after a while so an old "saved" does not mislead.
        QTimer.singleShot(30_000, self, lambda: self._clear_notice(text))

    def _clear_notice(self, text: str) -> None:
        if self.notice.text() == text:
            announce(self.notice, "")

    # -- language --------------------------------------------------------------------------
    def _on_language(self, _language: object) -> None:
        if self.diagnosis is not None:
            self._show_diagnosis()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("Diagnostics"))
        self.setAccessibleName(self.tr("Diagnostics"))
        self.report_view.setAccessibleName(self.tr("Diagnostic report"))
        self.again_button.setText(self.tr("Check again"))
        self.again_button.setAccessibleName(self.tr("Check again"))
        self.again_button.setAccessibleDescription(
            self.tr("Looks at the card reader and the card once more.")
        )
        self.save_button.setText(self.tr("Save report"))
        self.save_button.setAccessibleName(self.tr("Save report"))
        self.save_button.setAccessibleDescription(
            self.tr("Writes the report into a text file for support; it holds nothing personal.")
        )
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the report"))
        self.copy_button.setAccessibleDescription(
            self.tr("Puts the report on the clipboard, to paste into an e-mail to support.")
        )
        self.back_button.setText(self.tr("Back"))
        self.back_button.setAccessibleName(self.tr("Back"))
        self.back_button.setAccessibleDescription(self.tr("Closes the diagnostics."))
        if self.diagnosis is not None:
            self._show_diagnosis()
