"""8 Done (and Start's "Try signing in"): sign in with the exact-case username, password, code."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.registration.models import SignedIn
from desktop.wizard.announce import announce, make_message
from desktop.wizard.engine import WizardData
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import ProgressFn, TaskRunner
from desktop.wizard.widgets import note
from desktop.wizard.work import Work

CODE_MAX_LENGTH = 24


class SignInPage(Page):
    """The sign-in form; with `ready` it is the last screen of a registration (8 Done)."""

    def __init__(
        self,
        services: WizardServices,
        data: WizardData,
        tasks: TaskRunner,
        *,
        ready: bool = False,
    ) -> None:
        super().__init__(services, data, tasks)
        self.ready = ready
        self.intro = note(object_name="doneIntro")
        self.username_label = QLabel()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("signInUsernameEdit")
        self.username_edit.setMaxLength(64)
        self.password_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("signInPasswordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)
        self.code_label = QLabel()
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("signInCodeEdit")
        # Six digits, or the recovery code: XXXX-XXXX-XXXX-XXXX (19), with or without the
        # dashes, or typed in groups with spaces.
        self.code_edit.setMaxLength(CODE_MAX_LENGTH)
        self.code_edit.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(f"[0-9A-Za-z -]{{0,{CODE_MAX_LENGTH}}}"), self.code_edit
            )
        )
        for label, edit in (
            (self.username_label, self.username_edit),
            (self.password_label, self.password_edit),
            (self.code_label, self.code_edit),
        ):
            label.setBuddy(edit)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.username_label, self.username_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.code_label, self.code_edit)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("signInSubmit")
        self.outcome = make_message(note(object_name="signInOutcome"))
        self.outcome.hide()
        self.body.addWidget(self.intro)
        self.body.addLayout(form)
        self.body.addWidget(self.sign_in_button)
        self.body.addWidget(self.outcome)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self._sign_in: Work[SignedIn, object] = self.background()
        self.signed_in: SignedIn | None = None
        self.sign_in_button.clicked.connect(self.sign_in)
        for edit in (self.username_edit, self.password_edit, self.code_edit):
            edit.textChanged.connect(lambda _t: self.changed.emit())
        self.retranslate()

    def title(self) -> str:
        if self.ready:
            return self.tr("Ügyfélkapu is ready")
        return self.tr("Try signing in")

    def help_text(self) -> str:
        return self.tr(
            "Sign in the way you will on the Ügyfélkapu website: your username exactly as you "
            "chose it (upper and lower case count), your password, and the six-digit code from "
            "your authenticator app (or your recovery code if you lost your phone)."
        )

    def next_label(self) -> str:
        return self.tr("Finish")

    def first_focus(self) -> QWidget | None:
        return self.username_edit

    def default_action(self) -> Callable[[], None] | None:
        return self.sign_in

    def enter(self) -> None:
        if not self.username_edit.text():
            self.username_edit.setText(self.data.username)

    def clear(self) -> None:
        self.cancel_work()
        for edit in (self.username_edit, self.password_edit, self.code_edit):
            edit.clear()
        self.outcome.clear()
        self.outcome.setAccessibleName("")
        self.outcome.hide()
        self.signed_in = None
        super().clear()

    def sign_in(self) -> None:
        """Ask the service to sign in with what is typed (a task: Argon2 is slow on purpose)."""
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        code = self.code_edit.text().strip()
        if not (username and password and code):
            self.set_error(lambda: self.tr("Fill in all three fields."))
            return
        service = self.services.service

        def work(_report: ProgressFn) -> SignedIn:
            return service.sign_in(username, password, code)

        self.set_error("")
        self.outcome.hide()
        self._sign_in.run(work, self._on_signed_in, self._on_failed)

    def _on_signed_in(self, signed_in: SignedIn) -> None:
        self.signed_in = signed_in
        self.password_edit.clear()
        self.code_edit.clear()
        announce(
            self.outcome,
            self.tr("Signed in. Welcome, %1! Your Ügyfélkapu account works.").replace(
                "%1", signed_in.display_name
            ),
        )

    def _on_failed(self, error: Exception) -> None:
        # A refusal keeps what was typed, but a code is spent or wrong: only it goes.
        self.code_edit.clear()
        self.show_registration_error(error)  # the focus is on the message now

    def retranslate(self) -> None:
        if self.ready:
            self.intro.setText(
                self.tr(
                    "Your Ügyfélkapu account is ready. From now on you can sign in to "
                    "government services with your username, password and the code from your "
                    "app. Try it here if you like."
                )
            )
        else:
            self.intro.setText(
                self.tr("Type your username, password and the code from your authenticator app.")
            )
        self.intro.setAccessibleName(self.intro.text())
        self.username_label.setText(self.tr("Username:"))
        self.username_edit.setAccessibleName(self.tr("Username"))
        self.username_edit.setAccessibleDescription(
            self.tr("Exactly as you chose it: upper and lower case count.")
        )
        self.password_label.setText(self.tr("Password:"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.setAccessibleDescription(self.tr("Your Ügyfélkapu password."))
        self.code_label.setText(self.tr("Code from the app:"))
        self.code_edit.setAccessibleName(self.tr("Code from the app"))
        self.code_edit.setAccessibleDescription(
            self.tr("Six digits from the authenticator app, or your recovery code.")
        )
        self.sign_in_button.setText(self.tr("Sign in"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in"))
        self.sign_in_button.setAccessibleDescription(
            self.tr("Checks your username, password and code.")
        )


def done_page(services: WizardServices, data: WizardData, tasks: TaskRunner) -> SignInPage:
    """8 Done: the sign-in form as the last screen of a registration."""
    return SignInPage(services, data, tasks, ready=True)
