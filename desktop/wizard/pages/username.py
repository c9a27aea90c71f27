"""3 Username: the rules tick live as the person types; availability is asked before Next."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.wizard.announce import describe_live
from desktop.wizard.engine import WizardData
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import ProgressFn, TaskRunner
from desktop.wizard.widgets import Checklist, note
from desktop.wizard.work import Work


class UsernamePage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.intro = note()
        self.label = QLabel()
        self.edit = QLineEdit()
        self.edit.setObjectName("usernameEdit")
        self.edit.setMaxLength(64)
        self.label.setBuddy(self.edit)
        self.checklist = Checklist()
        self.checklist.setObjectName("usernameChecklist")
        self.case_note = note(object_name="caseNote")
        for w in (self.intro, self.label, self.edit, self.checklist, self.case_note):
            self.body.addWidget(w)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self._check: Work[None, object] = self.background()
        self.edit.textChanged.connect(self._on_text)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Choose a username")

    def help_text(self) -> str:
        return self.tr(
            "You will sign in to Ügyfélkapu with this name. Use only letters of the Hungarian "
            "alphabet, at least four, and at least three different ones. Upper and lower case "
            "are different: whoever chooses KisAnna must always sign in as KisAnna; kisanna, "
            "Kisanna or kisAnna are refused. Write it down somewhere safe."
        )

    def is_valid(self) -> bool:
        return self.checklist.all_ok()

    def first_focus(self) -> QWidget | None:
        return self.edit

    def enter(self) -> None:
        if self.edit.text() != self.data.username:
            self.edit.setText(self.data.username)
        self._on_text(self.edit.text())

    def commit(self) -> None:
        self.data.username = self.edit.text()

    def clear(self) -> None:
        self.cancel_work()
        self.edit.clear()
        super().clear()

    def _on_text(self, text: str) -> None:
        self.checklist.show_rules(self.services.rules.username_checklist(text))
        if self.error:
            self.set_error("")
        self._describe_edit(text)
        self.changed.emit()

    def _describe_edit(self, text: str) -> None:
        # The rules still unmet lead the field's description, so a screen reader hears them
        # change while the person types (see announce.py).
        base = self.tr("Letters of the Hungarian alphabet only, at least four; case matters.")
        unmet = [line for ok, line in self.checklist.items if not ok]
        if not text:
            description = base
        elif unmet:
            description = self.tr("Not met yet: %1").replace("%1", "; ".join(unmet))
        else:
            description = self.tr("Every rule is met.")
        describe_live(self.edit, description)

    def submit(self) -> bool:
        self.commit()
        service = self.services.service
        username = self.data.username

        def work(_report: ProgressFn) -> None:
            service.check_username(username)

        # A refusal is shown as the message, which takes the focus.
        self._check.run(work, self._on_available, self.show_registration_error)
        return True

    def _on_available(self, _result: None) -> None:
        self.submitted.emit()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Choose the name you will sign in with."))
        self.label.setText(self.tr("Username:"))
        self.edit.setAccessibleName(self.tr("Username"))
        self.checklist.setAccessibleName(self.tr("Username rules"))
        self.case_note.setText(
            self.tr(
                "Upper and lower case count: if you choose KisAnna, you must always sign in "
                "as KisAnna; kisanna, Kisanna or kisAnna will not work."
            )
        )
        self.case_note.setAccessibleName(self.case_note.text())
        self._on_text(self.edit.text())
