"""The page host and the moves between pages: Next, Back, and the wipe back to Start.

Pages are built from their row in the step table (`engine.STEPS`) when first shown: the first
screen needs only Start, and building the rest (and importing what they use) would delay it.
What the navigation cannot decide alone it asks for by a signal: the frame shows the Cancel
question (`confirm_wanted`) and wipes the session after the last step (`finished`).
"""

from __future__ import annotations

import importlib
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.wizard.engine import STEPS, Step, WizardEngine
from desktop.wizard.page import Page
from desktop.wizard.page_host import PageHost
from desktop.wizard.services import CardStatus, WizardServices
from desktop.wizard.tasks import TaskRunner

_P = TypeVar("_P", bound=Page)


class Navigator(QObject):
    """The engine and the pages it leads to, shown one at a time in the page host."""

    shown = Signal(Step)  # a page became current (after its `enter`)
    page_changed = Signal()  # the current page's valid / busy / error / texts changed
    confirm_wanted = Signal()  # Back to Start would drop what was typed: ask first
    finished = Signal()  # Next on a last step: the session is over
    page_built = Signal(Step, Page)  # a page was built (the frame wires its own requests)

    def __init__(
        self,
        services: WizardServices,
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.tasks = tasks
        self.engine = WizardEngine()
        self.host = PageHost()
        self.pages: dict[Step, Page] = {}
        self._card_status: CardStatus | None = None  # until the frame has asked the source

    # -- pages -------------------------------------------------------------------------------
    def page(self, step: Step) -> Page:
        """The page of `step`, built from its row in the table on first use."""
        existing = self.pages.get(step)
        if existing is not None:
            return existing
        reference = STEPS[step].page
        module_name, _, name = reference.partition(":")
        factory = getattr(importlib.import_module(module_name), name)
        page = factory(self.services, self.engine.data, self.tasks)
        if not isinstance(page, Page):
            raise TypeError(f"{reference} built a {type(page).__name__}, not a Page")
        page.changed.connect(self.page_changed)
        page.submitted.connect(self._on_page_done)
        page.advance_requested.connect(self._on_page_done)
        self.pages[step] = page
        self.host.addWidget(page)
        if self._card_status is not None:
            page.set_card_status(self._card_status)
        self.page_built.emit(step, page)
        return page

    def page_of(self, step: Step, kind: type[_P]) -> _P:
        """The page of `step` as its own type (tests and the kiosk reach its widgets)."""
        page = self.page(step)
        if not isinstance(page, kind):
            raise TypeError(f"{type(page).__name__} is not a {kind.__name__}")
        return page

    @property
    def current_page(self) -> Page:
        return self.page(self.engine.current)

    def set_card_status(self, status: CardStatus) -> None:
        self._card_status = status
        for page in self.pages.values():
            page.set_card_status(status)

    # -- moves -------------------------------------------------------------------------------
    def go_next(self) -> None:
        page = self.current_page
        if not page.shows_next() or not page.is_valid() or page.busy:
            return
        page.commit()
        if self.engine.is_last():
            self.finished.emit()
            return
        if not page.submit():
            self._advance()

    def go_back(self) -> None:
        page = self.current_page
        if page.busy or not self.engine.can_go_back():
            return
        page.commit()
        if self.engine.history[-1] is Step.START and not self.engine.data.is_empty():
            self.confirm_wanted.emit()  # Start begins afresh: the person confirms losing data
            return
        self.show(self.engine.go_back())

    def show(self, step: Step) -> None:
        """Make `step`'s page the one shown and let it read the data."""
        page = self.page(step)
        self.host.setCurrentWidget(page)
        page.enter()
        self.shown.emit(step)

    def wipe(self) -> None:
        """Tasks dropped, every page emptied, the data wiped; the engine back at Start."""
        self.tasks.cancel_all()
        for page in self.pages.values():
            page.cancel_work()
            page.clear()
        self.engine.restart()

    def _advance(self) -> None:
        self.show(self.engine.go_next())

    def _on_page_done(self) -> None:
        if self.sender() is not self.current_page:
            return  # a late answer from a page that is no longer shown
        self._advance()
