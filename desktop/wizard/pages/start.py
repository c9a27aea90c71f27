"""0 Start: register with the eID card, finish an activation, or try signing in.

The reader state is told by the frame's status line, which every screen shows (a second copy
here said the same thing twice)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCommandLinkButton, QHBoxLayout, QPushButton, QWidget

from desktop.wizard.engine import Route, WizardData
from desktop.wizard.page import Page
from desktop.wizard.services import WizardServices
from desktop.wizard.tasks import TaskRunner
from desktop.wizard.widgets import note


class StartPage(Page):
    diagnostics_requested = Signal()

    def __init__(self, services: WizardServices, data: WizardData, tasks: TaskRunner) -> None:
        super().__init__(services, data, tasks)
        self.intro = note(plain=False)  # a fixed text of ours
        self.register_button = QCommandLinkButton()
        self.register_button.setObjectName("registerButton")
        self.activate_button = QCommandLinkButton()
        self.activate_button.setObjectName("activateButton")
        self.sign_in_button = QCommandLinkButton()
        self.sign_in_button.setObjectName("signInButton")
        # What the article lists before step 1, so nobody starts without the green envelope.
        self.needs = note(object_name="needs", plain=False)  # a fixed text of ours
        for widget in (self.intro, self.register_button, self.activate_button, self.sign_in_button):
            self.body.addWidget(widget)
        self.body.addSpacing(16)
        self.body.addWidget(self.needs)
        self.body.addStretch(1)
        # Out of the way of the three choices, for when the reader or the card misbehaves.
        self.diagnostics_button = QPushButton()
        self.diagnostics_button.setObjectName("diagnosticsButton")
        self.diagnostics_button.clicked.connect(self.diagnostics_requested)
        corner = QHBoxLayout()
        corner.addStretch(1)
        corner.addWidget(self.diagnostics_button)
        self.body.addLayout(corner)
        self.diagnostics_button.setVisible(services.options.diagnostics_on_start)
        self.register_button.clicked.connect(lambda: self._choose(Route.REGISTER))
        self.activate_button.clicked.connect(lambda: self._choose(Route.ACTIVATE))
        self.sign_in_button.clicked.connect(lambda: self._choose(Route.SIGN_IN))
        self.retranslate()

    def _choose(self, route: Route) -> None:
        self.data.route = route
        self.advance_requested.emit()

    def shows_next(self) -> bool:
        return False

    def title(self) -> str:
        return self.tr("Ügyfélkapu registration")

    def help_text(self) -> str:
        return self.tr(
            "Ügyfélkapu is the government's sign-in for online administration. With your "
            "electronic identity card you can register from home in a few minutes. You will "
            "need: your eID card (eSzemélyi), the plastic card from the green envelope you got "
            "with it (it carries the registration code), a card reader and an e-mail address. "
            "Nothing happens until you press a button; you can stop at any time."
        )

    def first_focus(self) -> QWidget | None:
        return self.register_button

    def retranslate(self) -> None:
        self.intro.setText(self.tr("What would you like to do?"))
        self.register_button.setText(self.tr("Registration with the electronic identity card"))
        self.register_button.setDescription(
            self.tr("First time here: your card, the registration code, a username and e-mail.")
        )
        self.register_button.setAccessibleName(self.register_button.text())
        self.register_button.setAccessibleDescription(self.register_button.description())
        self.activate_button.setText(self.tr("I have an activation code"))
        self.activate_button.setDescription(
            self.tr("Finish a registration started earlier with the code from the e-mail.")
        )
        self.activate_button.setAccessibleName(self.activate_button.text())
        self.activate_button.setAccessibleDescription(self.activate_button.description())
        self.sign_in_button.setText(self.tr("Try signing in"))
        self.sign_in_button.setDescription(
            self.tr("Check that your username, password and authenticator code work.")
        )
        self.sign_in_button.setAccessibleName(self.sign_in_button.text())
        self.sign_in_button.setAccessibleDescription(self.sign_in_button.description())
        self.intro.setAccessibleName(self.intro.text())
        self.diagnostics_button.setText(self.tr("Diagnostics"))
        self.diagnostics_button.setAccessibleName(self.tr("Diagnostics"))
        self.diagnostics_button.setAccessibleDescription(
            self.tr("Checks the card reader and the card and says in words what is wrong.")
        )
        needs = [
            self.tr("your new-type electronic identity card (eSzemélyi),"),
            self.tr(
                "the plastic card from the green envelope you received with it: it carries "
                "the registration code,"
            ),
            self.tr("a card reader connected to this computer,"),
            self.tr("an e-mail address you can read now."),
        ]
        heading = self.tr("For registering you will need:")
        self.needs.setText(
            f"<p>{heading}</p><ul>" + "".join(f"<li>{item}</li>" for item in needs) + "</ul>"
        )
        self.needs.setAccessibleName(heading)
        self.needs.setAccessibleDescription(" ".join(needs))
