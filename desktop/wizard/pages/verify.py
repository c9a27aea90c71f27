"""2 Check: the registry recognised the person; their data, read-only, and where to fix them."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QWidget

from desktop.wizard.announce import make_message
from desktop.wizard.engine import WizardData
from desktop.wizard.i18n import Language, current_language
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import TaskRunner
from desktop.wizard.widgets import ReadOnlyForm, note

_KEYS = ("name", "birth_name", "mother", "birth", "address", "document")


def format_date(value: object) -> str:
    """A date the way the current language writes it (1985. március 14. / 14 March 1985)."""
    if not hasattr(value, "isoformat"):
        return ""
    qdate = QDate.fromString(value.isoformat()[:10], "yyyy-MM-dd")
    if current_language() is Language.HU:
        return QLocale(QLocale.Language.Hungarian).toString(qdate, "yyyy. MMMM d.")
    return QLocale(QLocale.Language.English).toString(qdate, "d MMMM yyyy")


class VerifyPage(Page):
    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.success = make_message(note(object_name="successNote"))
        self.form = ReadOnlyForm(_KEYS)
        self.cannot_change = note()
        self.body.addWidget(self.success)
        self.body.addWidget(self.form)
        self.body.addWidget(self.cannot_change)
        self.body.addWidget(self.error_label)
        self.body.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("Check")

    def help_text(self) -> str:
        return self.tr(
            "The registry of personal data and addresses recognised you. These are the data "
            "it holds about you; Ügyfélkapu will use them. You cannot change them here. If "
            "something is wrong, a government office (Kormányablak) can correct it; you can "
            "still go on with the registration now."
        )

    def is_valid(self) -> bool:
        return self.data.verification is not None

    def first_focus(self) -> QWidget | None:
        return self.success  # "The check succeeded…" is heard first; the data follow on Tab

    def enter(self) -> None:
        self._fill()

    def _fill(self) -> None:
        verification = self.data.verification
        if verification is None:
            self.form.clear()
            return
        p = verification.person
        self.form.set_value("name", f"{p.family_name} {p.given_names}")
        self.form.set_value("birth_name", f"{p.birth_family_name} {p.birth_given_names}")
        self.form.set_value("mother", p.mother_name)
        self.form.set_value("birth", f"{p.birth_place}, {format_date(p.birth_date)}")
        self.form.set_value("address", p.address)
        self.form.set_value("document", p.document_number)

    def clear(self) -> None:
        self.form.clear()
        super().clear()

    def retranslate(self) -> None:
        self.success.setText(self.tr("The check succeeded: the registry recognised you."))
        self.success.setAccessibleName(self.success.text())
        labels = {
            "name": self.tr("Name:"),
            "birth_name": self.tr("Name at birth:"),
            "mother": self.tr("Mother's name:"),
            "birth": self.tr("Place and date of birth:"),
            "address": self.tr("Address:"),
            "document": self.tr("Document ID:"),
        }
        for key, text in labels.items():
            self.form.set_label(
                key, text, self.tr("From the personal-data and address registry; read-only.")
            )
        self.cannot_change.setText(
            self.tr(
                "These data come from the personal-data and address registry and cannot be "
                "changed here. If something is wrong, a government office (Kormányablak) can "
                "correct it."
            )
        )
        self.cannot_change.setAccessibleName(self.cannot_change.text())
        self._fill()
