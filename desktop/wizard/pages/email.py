"""4 E-mail: typed twice, so a typing slip cannot send the activation code astray."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.wizard.announce import describe_live
from desktop.wizard.engine import WizardData
from desktop.wizard.i18n import lang_code
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import TaskRunner
from desktop.wizard.widgets import note


class EmailPage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.intro = note()
        self.label = QLabel()
        self.edit = QLineEdit()
        self.edit.setObjectName("emailEdit")
        self.repeat_label = QLabel()
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("emailRepeatEdit")
        self.label.setBuddy(self.edit)
        self.repeat_label.setBuddy(self.repeat_edit)
        for edit in (self.edit, self.repeat_edit):
            edit.setMaxLength(254)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.label, self.edit)
        form.addRow(self.repeat_label, self.repeat_edit)
        self.hint = note(object_name="emailHint")
        self.body.addWidget(self.intro)
        self.body.addLayout(form)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self.edit.textChanged.connect(self._on_text)
        self.repeat_edit.textChanged.connect(self._on_text)
        self.retranslate()

    def title(self) -> str:
        return self.tr("E-mail address")

    def help_text(self) -> str:
        return self.tr(
            "Ügyfélkapu sends the activation code to this address, and later its notices too. "
            "Give an address you can read now. Type it twice so that a typing slip is noticed."
        )

    def _problem(self) -> str:
        first, second = self.edit.text().strip(), self.repeat_edit.text().strip()
        if not first:
            return ""
        problem = self.services.rules.email_problem(first)
        if problem is not None:
            return problem.in_language(lang_code())
        if second and first.casefold() != second.casefold():
            return self.tr("The two addresses differ. Check both.")
        return ""

    def is_valid(self) -> bool:
        first, second = self.edit.text().strip(), self.repeat_edit.text().strip()
        return bool(first) and first.casefold() == second.casefold() and not self._problem()

    def first_focus(self) -> QWidget | None:
        return self.edit

    def enter(self) -> None:
        if not self.edit.text():
            self.edit.setText(self.data.email)
            self.repeat_edit.setText(self.data.email_repeat)

    def commit(self) -> None:
        self.data.email = self.edit.text().strip()
        self.data.email_repeat = self.repeat_edit.text().strip()

    def clear(self) -> None:
        self.edit.clear()
        self.repeat_edit.clear()
        super().clear()

    def _on_text(self, _text: str) -> None:
        problem = self._problem()
        # Shown like every other problem: the error style, and a sign besides the colour.
        self.hint.setText(f"⚠ {problem}" if problem else "")
        self.hint.setAccessibleName(problem)  # which problem it is, not a fixed word
        self.hint.setVisible(bool(problem))
        # The field being typed in carries the problem first in its description: a screen
        # reader speaks the change at once (see announce.py).
        for edit, base in (
            (self.edit, self.tr("The activation code will be sent here.")),
            (self.repeat_edit, self.tr("Type the same address once more, to catch typing slips.")),
        ):
            describe_live(edit, f"{problem} {base}" if problem else base)
        self.changed.emit()

    def retranslate(self) -> None:
        self.intro.setText(self.tr("Where should we send the activation code?"))
        self.label.setText(self.tr("E-mail address:"))
        self.repeat_label.setText(self.tr("E-mail address again:"))
        self.edit.setAccessibleName(self.tr("E-mail address"))
        self.repeat_edit.setAccessibleName(self.tr("E-mail address again"))
        self._on_text("")
