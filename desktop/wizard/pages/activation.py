"""6 Activation: username, the code from the e-mail, and the new password (twice).

With the file outbox of the embedded default, "Demo mailbox" shows the e-mail inside the app,
so the flow can be finished without a mail server.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from desktop.registration.limits import PASSWORD_MIN
from desktop.registration.models import MailStatus, SecondFactorEnrolment
from desktop.wizard.announce import announce, make_message
from desktop.wizard.engine import WizardData
from desktop.wizard.i18n import lang_code
from desktop.wizard.page import Page
from desktop.wizard.services import PasswordStrength, WizardServices
from desktop.wizard.tasks import ProgressFn, TaskRunner
from desktop.wizard.widgets import Checklist, long_text, note
from desktop.wizard.work import Work

# The meter's levels: 0 very weak .. 4 very strong. A password the rules refuse shows at most
# "weak", so the meter never calls a refused password fair or strong.
REFUSED_LEVEL_MAX = 1


def meter_level(strength: PasswordStrength) -> int:
    """Where the meter stands for `strength`: its score, capped while the rules refuse it."""
    score = max(0, min(strength.score, 4))
    return score if strength.acceptable else min(score, REFUSED_LEVEL_MAX)


class ActivationPage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.result = make_message(note(object_name="registrationResult"))
        self.result.hide()
        self.username_label = QLabel()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("activationUsernameEdit")
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("activationCodeEdit")
        self.code_edit.setMaxLength(40)
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX")
        self.password_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_label = QLabel()
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("passwordRepeatEdit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for label, edit in (
            (self.username_label, self.username_edit),
            (self.code_label, self.code_edit),
            (self.password_label, self.password_edit),
            (self.repeat_label, self.repeat_edit),
        ):
            label.setBuddy(edit)
        self.username_edit.setMaxLength(64)
        self.password_edit.setMaxLength(128)
        self.repeat_edit.setMaxLength(128)
        self.meter = QProgressBar()
        self.meter.setObjectName("strengthMeter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.policy = Checklist()
        self.policy.setObjectName("passwordPolicy")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.code_label, self.code_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.repeat_label, self.repeat_edit)

        self.mailbox_button = QPushButton()
        self.mailbox_button.setObjectName("demoMailboxButton")
        self.resend_button = QPushButton()
        self.resend_button.setObjectName("resendButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.mailbox_button)
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        self.mailbox_view = long_text("demoMailbox")
        self.mailbox_view.setMinimumHeight(120)
        self.mailbox_view.hide()
        self.info = make_message(note(object_name="activationInfo"))
        self.info.hide()

        self.body.addWidget(self.result)
        self.body.addLayout(form)
        self.body.addWidget(self.meter)
        self.body.addWidget(self.policy)
        self.body.addLayout(buttons)
        self.body.addWidget(self.info)
        self.body.addWidget(self.mailbox_view)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        # Only once in the layout: a parentless widget made visible becomes a window.
        self.mailbox_button.setVisible(services.mailbox is not None)
        self._resend: Work[None, object] = self.background()
        self._activate: Work[SecondFactorEnrolment, object] = self.background()
        self._strength: PasswordStrength | None = None
        for edit in (self.username_edit, self.code_edit, self.password_edit, self.repeat_edit):
            edit.textChanged.connect(self._on_text)
        self.code_edit.editingFinished.connect(self._tidy_code)
        self.mailbox_button.clicked.connect(self.show_mailbox)
        self.resend_button.clicked.connect(self.resend)
        self.retranslate()

    # -- frame contract ----------------------------------------------------------------------
    def title(self) -> str:
        return self.tr("Activation")

    def help_text(self) -> str:
        return self.tr(
            "We sent an e-mail with an activation code (like ABCD-EFGH-JKLM) to the address you "
            "gave. It is valid for 5 days. Type or paste it here with your username, exactly "
            "as you chose it (upper and lower case count), then choose your password and type "
            "it twice. If the e-mail does not arrive, look in the spam folder or ask for a new "
            "code."
        )

    def next_label(self) -> str:
        return self.tr("Activate")

    def is_valid(self) -> bool:
        return (
            bool(self.username_edit.text().strip())
            and self.services.rules.activation_code_complete(self.code_edit.text())
            and bool(self.password_edit.text())
            and self.password_edit.text() == self.repeat_edit.text()
            and self._strength is not None
            and self._strength.acceptable
        )

    def first_focus(self) -> QWidget | None:
        if self.result.isVisibleTo(self):
            return self.result  # "Registration succeeded…" is heard first
        return self.code_edit if self.username_edit.text() else self.username_edit

    def enter(self) -> None:
        if not self.username_edit.text():
            self.username_edit.setText(self.data.activation_username)
        self._show_result()
        self._on_text("")

    def commit(self) -> None:
        self.data.activation_username = self.username_edit.text().strip()
        self.data.activation_code = self.services.rules.tidy_activation_code(self.code_edit.text())
        self.data.password = self.password_edit.text()
        self.data.password_repeat = self.repeat_edit.text()

    def clear(self) -> None:
        self.cancel_work()
        for edit in (self.username_edit, self.code_edit, self.password_edit, self.repeat_edit):
            edit.clear()
        self.mailbox_view.clear()
        self.mailbox_view.hide()
        for label in (self.info, self.result):
            label.clear()
            label.setAccessibleName("")
            label.hide()
        super().clear()

    # -- live feedback -------------------------------------------------------------------------
    def _on_text(self, _text: str) -> None:
        email = self.data.pending.email if self.data.pending else self.data.email
        password = self.password_edit.text()
        if not password:
            # Nothing to assess yet (and zxcvbn's word lists load only when first needed).
            self._strength = None
            self.meter.setValue(0)
            # Labelled even when empty, so it does not look like a field to type into.
            self.meter.setFormat(self.tr("Password strength: nothing typed yet"))
            self.meter.setAccessibleName(self.tr("Password strength"))
            self.meter.setAccessibleDescription(self.meter.format())
            self.policy.show_lines([])
            self.policy.hide()
            self.changed.emit()
            return
        strength = self.services.rules.password_strength(
            password, self.username_edit.text().strip(), email
        )
        self._strength = strength
        level = meter_level(strength)
        self.meter.setValue(level)
        self.meter.setFormat(self._strength_word(level))
        self.meter.setAccessibleName(self.tr("Password strength"))
        self.meter.setAccessibleDescription(self.meter.format())
        lang = lang_code()
        items = [(False, reason.in_language(lang)) for reason in strength.reasons]
        if password and self.repeat_edit.text() and password != self.repeat_edit.text():
            items.append((False, self.tr("The two passwords differ.")))
        self.policy.show_lines(items)
        self.policy.setVisible(bool(items) and bool(password))
        self.changed.emit()

    def _strength_word(self, score: int) -> str:
        words = [
            self.tr("very weak"),
            self.tr("weak"),
            self.tr("fair"),
            self.tr("strong"),
            self.tr("very strong"),
        ]
        return self.tr("Strength: %1").replace("%1", words[max(0, min(score, 4))])

    def _tidy_code(self) -> None:
        tidy = self.services.rules.tidy_activation_code(self.code_edit.text())
        if tidy != self.code_edit.text():
            self.code_edit.setText(tidy)

    def _show_result(self) -> None:
        pending = self.data.pending
        if pending is None:
            self.result.hide()
            return
        if pending.mail_status is MailStatus.SENT:
            text = self.tr(
                "Registration succeeded. We sent the activation code to %1. It is valid for 5 days."
            )
        else:
            text = self.tr(
                "Registration succeeded. The e-mail with the activation code to %1 could not "
                "be sent yet; we keep trying. You can also come back later with "
                '"I have an activation code".'
            )
        self.result.setText(text.replace("%1", pending.email))
        self.result.setAccessibleName(self.result.text())
        self.result.show()

    # -- demo mailbox and resend ---------------------------------------------------------------
    def show_mailbox(self) -> None:
        """Show the newest e-mail of the file outbox (for the given address when known)."""
        mailbox = self.services.mailbox
        if mailbox is None:
            return
        messages = list(mailbox.messages())
        email = (self.data.pending.email if self.data.pending else self.data.email).casefold()
        if email:
            messages = [m for m in messages if m.recipient.casefold() == email] or messages
        if not messages:
            self.mailbox_view.setPlainText(self.tr("The demo mailbox is empty."))
        else:
            last = messages[0]  # newest first
            # Plain tr() calls, not inside an f-string, so that lupdate finds them.
            to_label = self.tr("To:")
            subject_label = self.tr("Subject:")
            self.mailbox_view.setPlainText(
                f"{to_label} {last.recipient}\n{subject_label} {last.subject}\n\n{last.body}"
            )
        self.mailbox_view.show()
        self.mailbox_view.setFocus()

    def resend(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self.set_error(lambda: self.tr("Type your username first."))
            return
        service = self.services.service

        def work(_report: ProgressFn) -> None:
            service.resend_activation(username)

        self.set_error("")
        self._resend.run(work, self._on_resent, self.show_registration_error)

    def _on_resent(self, _result: None) -> None:
        announce(
            self.info,
            self.tr("A new activation code is on its way; the earlier one no longer works."),
        )

    # -- Next: activate -----------------------------------------------------------------------
    def submit(self) -> bool:
        self.commit()
        service = self.services.service
        username, code, password = (
            self.data.activation_username,
            self.data.activation_code,
            self.data.password,
        )

        def work(_report: ProgressFn) -> SecondFactorEnrolment:
            return service.activate(username, code, password)

        self.set_error("")
        self._activate.run(work, self._on_activated, self.show_registration_error)
        return True

    def _on_activated(self, enrolment: SecondFactorEnrolment) -> None:
        self.data.enrolment = enrolment
        self.data.username = enrolment.username
        # The password and the code have done their job: forget them.
        self.data.activation_code = ""
        self.data.password = ""
        self.data.password_repeat = ""
        for edit in (self.code_edit, self.password_edit, self.repeat_edit):
            edit.clear()
        self.submitted.emit()

    def retranslate(self) -> None:
        self.username_label.setText(self.tr("Username:"))
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.username_edit.setAccessibleDescription(
            self.tr("Exactly as you chose it: upper and lower case count.")
        )
        self.code_label.setText(self.tr("Activation code:"))
        self.code_edit.setAccessibleName(self.tr("Activation code"))
        self.code_edit.setAccessibleDescription(
            self.tr("Twelve letters and digits from the e-mail; the dashes may be left out.")
        )
        self.password_label.setText(self.tr("New password:"))
        self.password_edit.setAccessibleName(self.tr("New password"))
        self.password_edit.setAccessibleDescription(
            self.tr(
                "At least %1 characters, hard to guess; not your name, username or e-mail."
            ).replace("%1", str(PASSWORD_MIN))
        )
        self.repeat_label.setText(self.tr("New password again:"))
        self.repeat_edit.setAccessibleName(self.tr("New password again"))
        self.repeat_edit.setAccessibleDescription(self.tr("Type the same password once more."))
        self.policy.setAccessibleName(self.tr("What the password still needs"))
        self.mailbox_button.setText(self.tr("Demo mailbox"))
        self.mailbox_button.setAccessibleName(self.tr("Demo mailbox"))
        self.mailbox_button.setAccessibleDescription(
            self.tr("Shows the e-mail the demo system sent, so you can copy the code.")
        )
        self.resend_button.setText(self.tr("Send a new code"))
        self.resend_button.setAccessibleName(self.tr("Send a new code"))
        self.resend_button.setAccessibleDescription(
            self.tr("Sends a new activation code to your e-mail address.")
        )
        self.mailbox_view.setAccessibleName(self.tr("Demo mailbox"))
        self.mailbox_view.setAccessibleDescription(self.tr("The received e-mail, read-only."))
        self._show_result()
        self._on_text("")
