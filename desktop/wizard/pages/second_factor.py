"""7 Ügyfélkapu+: enrol an authenticator app (QR or key), confirm a code, keep the recovery code."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QPixmap, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.wizard.engine import WizardData
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import ProgressFn, TaskRunner
from desktop.wizard.widgets import note
from desktop.wizard.work import Work


def qr_pixmap(uri: str, scale: int = 5) -> QPixmap:
    """The otpauth URI as a QR code image (segno builds it; Qt only shows the PNG)."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def group_secret(secret: str) -> str:
    """The base32 key in groups of four, easier to type into a phone."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class SecondFactorPage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.intro = note()
        self.qr = QLabel()
        self.qr.setObjectName("qrCode")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(180, 180)
        self.key_label = QLabel()
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("secretKey")
        self.key_edit.setReadOnly(True)
        self.key_label.setBuddy(self.key_edit)
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("totpEdit")
        self.code_edit.setMaxLength(6)
        self.code_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,6}"), self.code_edit)
        )
        # Digits only: touch keyboards (the kiosk's among them) offer a digit pad.
        self.code_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.code_label.setBuddy(self.code_edit)
        self.recovery_intro = note(object_name="recoveryIntro")
        self.recovery_label = QLabel()
        self.recovery_edit = QLineEdit()
        self.recovery_edit.setObjectName("recoveryCode")
        self.recovery_edit.setReadOnly(True)
        self.recovery_label.setBuddy(self.recovery_edit)
        self.saved_check = QCheckBox()
        self.saved_check.setObjectName("recoverySaved")

        right = QVBoxLayout()
        right.addWidget(self.intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.key_label, self.key_edit)
        form.addRow(self.code_label, self.code_edit)
        right.addLayout(form)
        right.addWidget(self.recovery_intro)
        form2 = QFormLayout()
        form2.addRow(self.recovery_label, self.recovery_edit)
        right.addLayout(form2)
        right.addWidget(self.saved_check)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        columns.addLayout(right, 1)
        self.body.addLayout(columns)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self._confirm: Work[None, object] = self.background()
        self.code_edit.textChanged.connect(self._on_changed)
        self.saved_check.toggled.connect(self._on_changed)
        self.setTabOrder(self.key_edit, self.code_edit)
        self.setTabOrder(self.code_edit, self.recovery_edit)
        self.setTabOrder(self.recovery_edit, self.saved_check)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Ügyfélkapu+: second factor")

    def help_text(self) -> str:
        return self.tr(
            "Ügyfélkapu+ asks for a six-digit code from an authenticator app on your phone at "
            "each sign-in, so nobody can sign in with your password alone. Open the "
            "authenticator app (for example Google Authenticator or Microsoft Authenticator), "
            "add an account and scan the QR code, or type the key. Type the code the app shows. "
            "Write down the recovery code and keep it safe: it lets you in if you lose your "
            "phone. It is shown only now."
        )

    def next_label(self) -> str:
        return self.tr("Confirm")

    def is_valid(self) -> bool:
        return (
            self.data.enrolment is not None
            and len(self.code_edit.text()) == 6
            and self.saved_check.isChecked()
        )

    def first_focus(self) -> QWidget | None:
        return self.code_edit

    def _on_changed(self, *_args: object) -> None:
        self.changed.emit()

    def enter(self) -> None:
        enrolment = self.data.enrolment
        if enrolment is None:
            return
        self.qr.setPixmap(qr_pixmap(enrolment.otpauth_uri))
        self.key_edit.setText(group_secret(enrolment.secret_base32))
        self.recovery_edit.setText(enrolment.recovery_code)

    def commit(self) -> None:
        self.data.recovery_code_saved = self.saved_check.isChecked()

    def clear(self) -> None:
        self.cancel_work()
        self.qr.clear()
        for edit in (self.key_edit, self.code_edit, self.recovery_edit):
            edit.clear()
        self.saved_check.setChecked(False)
        super().clear()

    def submit(self) -> bool:
        self.commit()
        enrolment = self.data.enrolment
        if enrolment is None:
            return False
        service = self.services.service
        username, code = enrolment.username, self.code_edit.text()

        def work(_report: ProgressFn) -> None:
            service.confirm_second_factor(username, code)

        self.set_error("")
        self._confirm.run(work, self._on_confirmed, self._on_failed)
        return True

    def _on_confirmed(self, _result: None) -> None:
        self.data.second_factor_confirmed = True
        # Shown once: the secret and the recovery code leave memory and screen now.
        self.data.enrolment = None
        self.clear()
        self.submitted.emit()

    def _on_failed(self, error: Exception) -> None:
        self.show_registration_error(error)  # the focus is on the message now
        self.code_edit.selectAll()

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Scan the QR code with your authenticator app, or type the key. Then type the "
                "six-digit code the app shows."
            )
        )
        self.intro.setAccessibleName(self.intro.text())
        self.qr.setAccessibleName(self.tr("QR code for the authenticator app"))
        self.qr.setAccessibleDescription(
            self.tr("The same key as in the Key field, for scanning with a phone.")
        )
        self.key_label.setText(self.tr("Key:"))
        self.key_edit.setAccessibleName(self.tr("Key for manual entry"))
        self.key_edit.setAccessibleDescription(
            self.tr("Type this into the authenticator app if you cannot scan the QR code.")
        )
        self.code_label.setText(self.tr("Code from the app:"))
        self.code_edit.setAccessibleName(self.tr("Code from the app"))
        self.code_edit.setAccessibleDescription(self.tr("Six digits; a new one every 30 seconds."))
        self.recovery_intro.setText(
            self.tr(
                "Your recovery code is shown only now. Write it down and keep it safe: with it "
                "you can sign in if you lose your phone."
            )
        )
        self.recovery_intro.setAccessibleName(self.recovery_intro.text())
        self.recovery_label.setText(self.tr("Recovery code:"))
        self.recovery_edit.setAccessibleName(self.tr("Recovery code"))
        self.recovery_edit.setAccessibleDescription(self.tr("Shown once; keep it safe."))
        self.saved_check.setText(self.tr("I have saved the recovery code."))
        self.saved_check.setAccessibleName(self.saved_check.text())
        self.saved_check.setAccessibleDescription(
            self.tr("Required: the recovery code cannot be shown again.")
        )
