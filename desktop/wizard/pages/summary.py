"""5 Summary: what will be registered, the privacy notice to accept, and "Register"."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from desktop.registration.models import PendingAccount
from desktop.wizard.engine import WizardData
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import ProgressFn, TaskRunner
from desktop.wizard.widgets import ReadOnlyForm, long_text, note
from desktop.wizard.work import Work

_KEYS = ("name", "document", "username", "email")


class SummaryPage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.intro = note()
        self.form = ReadOnlyForm(_KEYS)
        self.privacy = long_text("privacyNotice")
        self.privacy.setMinimumHeight(90)
        self.privacy.setMaximumHeight(170)
        self.accept_check = QCheckBox()
        self.accept_check.setObjectName("acceptPrivacy")
        for w in (self.intro, self.form, self.privacy, self.accept_check):
            self.body.addWidget(w)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self._register: Work[PendingAccount, object] = self.background()
        self.accept_check.toggled.connect(lambda _c: self.changed.emit())
        self.retranslate()

    def title(self) -> str:
        return self.tr("Summary")

    def help_text(self) -> str:
        return self.tr(
            "Check the username and e-mail address; if something is wrong, go Back. Read the "
            "privacy notice and tick the box. When you press Register, we send an activation "
            "code to your e-mail address; with it you will set your password."
        )

    def next_label(self) -> str:
        return self.tr("Register")

    def is_valid(self) -> bool:
        return self.accept_check.isChecked() and self.data.verification is not None

    def first_focus(self) -> QWidget | None:
        return self.accept_check

    def enter(self) -> None:
        self._fill()

    def _fill(self) -> None:
        v = self.data.verification
        name = f"{v.person.family_name} {v.person.given_names}" if v else ""
        self.form.set_value("name", name)
        self.form.set_value("document", self.data.document_number)
        self.form.set_value("username", self.data.username)
        self.form.set_value("email", self.data.email)

    def commit(self) -> None:
        self.data.privacy_accepted = self.accept_check.isChecked()

    def clear(self) -> None:
        self.cancel_work()
        self.form.clear()
        self.accept_check.setChecked(False)
        super().clear()

    def submit(self) -> bool:
        self.commit()
        verification = self.data.verification
        if verification is None:
            return False
        service = self.services.service
        username, email = self.data.username, self.data.email

        def work(_report: ProgressFn) -> PendingAccount:
            return service.register(verification, username, email)

        self.set_error("")
        self._register.run(work, self._on_registered, self.show_registration_error)
        return True

    def _on_registered(self, pending: PendingAccount) -> None:
        self.data.pending = pending
        # The registered username carries over, so the activation form starts filled in.
        if not self.data.activation_username:
            self.data.activation_username = pending.username
        # The registration code and the verification have done their job.
        self.data.registration_code = ""
        self.data.verification = None
        self.submitted.emit()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Please check the data below before registering."))
        labels = {
            "name": self.tr("Name:"),
            "document": self.tr("Document ID:"),
            "username": self.tr("Username:"),
            "email": self.tr("E-mail address:"),
        }
        for key, text in labels.items():
            self.form.set_label(key, text)
        self.privacy.setPlainText(
            self.tr(
                "Privacy notice. To create your Ügyfélkapu account we store your username, "
                "your e-mail address and the link to your record in the personal-data and "
                "address registry. Your password is stored only in a form from which it cannot "
                "be read back. We use your e-mail address only for messages about your "
                "account. The data on your identity card are read only to identify you and are "
                "not kept by this application. You can ask at any government office "
                "(Kormányablak) what is stored about you and have your account closed."
            )
        )
        self.privacy.setAccessibleName(self.tr("Privacy notice"))
        self.privacy.setAccessibleDescription(self.tr("How your data are used. Read-only text."))
        self.accept_check.setText(self.tr("I have read the privacy notice and accept it."))
        self.accept_check.setAccessibleName(self.accept_check.text())
        self.accept_check.setAccessibleDescription(self.tr("Required before registering."))
        self.intro.setAccessibleName(self.intro.text())
        self._fill()
