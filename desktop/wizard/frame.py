"""The wizard's frame: the chrome around the page host, wired to the navigation.

It lays out the chrome (`chrome.py`: title, language, help, banners, Cancel question, status
line, Back / Next / Cancel) around the page host of the navigation (`navigation.py`: pages
built from the step table, Next, Back, wipe), derives every button's state from the current
page (`is_valid`, `busy`) and the engine (`can_go_back`, `is_last`), and carries the card
reader's status to both. It is a plain widget: the desktop window and the kiosk both host it.
Seams for the kiosk: `wipe_session()`, `step_changed`, `card_status_changed`, and
`WizardOptions.allow_manual_entry`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.wizard.chrome import WizardChrome
from desktop.wizard.engine import Step
from desktop.wizard.navigation import Navigator
from desktop.wizard.page import Page
from desktop.wizard.services import CardStatus, WizardServices
from desktop.wizard.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from desktop.wizard.diagnostics import DiagnosticsScreen

_P = TypeVar("_P", bound=Page)

# lupdate finds texts in translate("Context", "text") calls by this name.
translate = QCoreApplication.translate


class _StatusBridge(QObject):
    """Carries card-status callbacks from the monitor's thread onto the GUI thread."""

    status = Signal(CardStatus)


class WizardFrame(QWidget):
    """Hosts the pages and the navigation; one registration session at a time."""

    step_changed = Signal(Step)
    session_wiped = Signal()
    card_status_changed = Signal(CardStatus)
    # The card page asks for a kiosk attendant to allow typing the document ID (the kiosk
    # answers with `allow_manual_entry_for_session`).
    manual_entry_approval_requested = Signal()

    def __init__(self, services: WizardServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardFrame")
        self.services = services
        self.tasks = TaskRunner(self)
        self.navigator = Navigator(services, self.tasks, self)
        self.engine = self.navigator.engine
        self.pages = self.navigator.pages
        self.stack = self.navigator.host
        self.chrome = WizardChrome(self)
        chrome = self.chrome
        # The chrome's widgets by their old names: the kiosk, tests and screenshots use them.
        self.title_label = chrome.title_label
        self.language_combo = chrome.language_combo
        self.help_button = chrome.help_button
        self.help_panel = chrome.help_panel
        self.problem_banner = chrome.problem_banner
        self.virtual_notice = chrome.virtual_notice
        self.confirm_bar = chrome.confirm_bar
        self.confirm_text = chrome.confirm_text
        self.confirm_yes = chrome.confirm_yes
        self.confirm_no = chrome.confirm_no
        self.status_label = chrome.status_label
        self.busy_label = chrome.busy_label
        self.cancel_button = chrome.cancel_button
        self.back_button = chrome.back_button
        self.next_button = chrome.next_button
        self._shown_error = ""
        self.diagnostics: DiagnosticsScreen | None = None
        self.diagnostics_report_dir: Callable[[], Path] | None = None  # None: Documents
        self._lay_out()
        self._wire()
        self._status_bridge = _StatusBridge(self)
        self._status_bridge.status.connect(self._on_card_status)
        # Watched before the status is read, so no change is missed; the watch ends with the
        # frame, so the source never calls into a bridge that is gone.
        self._card_watch = services.card.watch(self._status_bridge.status.emit)
        self.destroyed.connect(self._card_watch.stop)
        self._card_status = services.card.status()
        self._on_card_status(self._card_status)
        chrome.apply_fonts()
        self.retranslate()
        self._show(Step.START)

    # -- construction ------------------------------------------------------------------------
    def _lay_out(self) -> None:
        chrome = self.chrome
        # Only what lies between the header and the navigation scrolls: on a small screen or
        # with large text the title, language, help, Back, Cancel and Next stay in view.
        content = QWidget()
        content.setObjectName("wizardContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(chrome.help_panel)
        content_layout.addWidget(chrome.problem_banner)
        content_layout.addWidget(chrome.virtual_notice)
        content_layout.addWidget(self.stack, 1)
        self.content_scroll = QScrollArea()
        self.content_scroll.setObjectName("contentScroll")
        self.content_scroll.setWidgetResizable(True)
        self.content_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop: the fields inside take the focus, and the keyboard scrolls to them.
        # A label's policy is NoFocus; taken from one, as the Qt namespace costs start-up time.
        self.content_scroll.setFocusPolicy(chrome.title_label.focusPolicy())
        self.content_scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(chrome.header)
        layout.addWidget(self.content_scroll, 1)
        layout.addWidget(chrome.confirm_bar)
        layout.addLayout(chrome.footer)

    def _wire(self) -> None:
        chrome, navigator = self.chrome, self.navigator
        chrome.confirm_yes.clicked.connect(self.wipe_session)
        chrome.cancel_button.clicked.connect(self.request_cancel)
        chrome.back_button.clicked.connect(self.go_back)
        chrome.next_button.clicked.connect(self.go_next)
        navigator.shown.connect(self._on_shown)
        navigator.page_changed.connect(self._refresh)
        navigator.confirm_wanted.connect(self.request_cancel)
        navigator.finished.connect(self.wipe_session)
        navigator.page_built.connect(self._on_page_built)

        # Keyboard: Enter = the default action, Esc = cancel (asks first), Ctrl +/- = font.
        # Keys by name: touching the Qt namespace costs ~25 ms of enum set-up at start-up.
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self, self._on_enter)
        QShortcut(QKeySequence("Esc"), self, self._on_escape)
        QShortcut(QKeySequence("F1"), self, chrome.help_button.toggle)
        # Each sequence once: two shortcuts on one key are "ambiguous" and neither fires.
        zoom_in = {s.toString() for s in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)}
        zoom_in |= {"Ctrl++", "Ctrl+="}  # "=" is "+" without Shift on many layouts
        zoom_out = {
            s.toString() for s in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)
        }
        zoom_out |= {"Ctrl+-"}
        for text in sorted(zoom_in):
            QShortcut(QKeySequence(text), self, lambda: self.scale_fonts(+1))
        for text in sorted(zoom_out):
            QShortcut(QKeySequence(text), self, lambda: self.scale_fonts(-1))
        QShortcut(QKeySequence("Ctrl+0"), self, lambda: self.scale_fonts(0))
        self.setTabOrder(chrome.language_combo, chrome.help_button)

    # -- pages -------------------------------------------------------------------------------
    def page(self, step: Step) -> Page:
        """The page of `step`, built on first use."""
        return self.navigator.page(step)

    def page_of(self, step: Step, kind: type[_P]) -> _P:
        """The page of `step` as its own type (tests and the kiosk reach its widgets)."""
        return self.navigator.page_of(step, kind)

    def _on_page_built(self, step: Step, page: Page) -> None:
        # Requests that reach beyond the wizard: the diagnostics screen, a kiosk's attendant.
        if step is Step.START:
            from desktop.wizard.pages.start import StartPage

            if isinstance(page, StartPage):
                page.diagnostics_requested.connect(self.open_diagnostics)
        elif step is Step.CARD:
            from desktop.wizard.pages.card import CardPage

            if isinstance(page, CardPage):
                page.attendant_requested.connect(self.manual_entry_approval_requested)

    def open_diagnostics(self) -> None:
        """Show the diagnostics over the wizard and run them (from Start or the attendant)."""
        if self.diagnostics is None:
            from desktop.wizard.diagnostics import DiagnosticsScreen, default_report_dir

            self.diagnostics = DiagnosticsScreen(
                self,
                self.tasks,
                diagnose=self.services.diagnose,
                report_dir=self.diagnostics_report_dir or default_report_dir,
            )
            self.diagnostics.closed.connect(self._on_diagnostics_closed)
        self.diagnostics.open()

    def _on_diagnostics_closed(self) -> None:
        focus = self.current_page.first_focus()
        if focus is not None:
            focus.setFocus()

    def allow_manual_entry_for_session(self) -> None:
        """A kiosk attendant allowed typing the document ID until this session ends."""
        from desktop.wizard.pages.card import CardPage

        self.page_of(Step.CARD, CardPage).allow_typing_for_session()

    def build_all_pages(self) -> None:
        """Build every page now (tests and screenshots look at all of them)."""
        for step in Step:
            self.page(step)

    # -- public seams ------------------------------------------------------------------------
    @property
    def current_step(self) -> Step:
        return self.engine.current

    @property
    def current_page(self) -> Page:
        return self.navigator.current_page

    @property
    def card_status(self) -> CardStatus:
        return self._card_status

    def wipe_session(self, *, clear_clipboard: bool = False) -> None:
        """Forget the session: tasks dropped, every page emptied, data wiped, back to Start."""
        self.navigator.wipe()
        if clear_clipboard:
            QGuiApplication.clipboard().clear()
        self.chrome.hide_confirm()
        self.help_button.setChecked(False)
        if self.diagnostics is not None:
            self.diagnostics.forget()
        self._show(Step.START)
        self.session_wiped.emit()

    def scale_fonts(self, direction: int) -> None:
        """Ctrl +/-: grow or shrink every text; 0 returns to the system size."""
        self.chrome.scale_fonts(direction)

    @property
    def font_scale(self) -> float:
        return self.chrome.font_scale

    def show_unavailable(self, text: str) -> None:
        """The registry cannot be used: say so on every screen and offer nothing to start."""
        self.chrome.show_unavailable(text)
        self.page(Step.START).setEnabled(False)

    # -- navigation --------------------------------------------------------------------------
    def go_next(self) -> None:
        self.navigator.go_next()

    def go_back(self) -> None:
        self.navigator.go_back()

    def request_cancel(self) -> None:
        """Cancel asks first; with nothing typed yet it simply returns to Start."""
        if self.engine.current is Step.START:
            return
        self.current_page.commit()
        if self.engine.data.is_empty():
            self.wipe_session()
            return
        self.chrome.ask_confirm()

    def _show(self, step: Step) -> None:
        self.navigator.show(step)

    def _on_shown(self, step: Step) -> None:
        page = self.current_page
        self.content_scroll.verticalScrollBar().setValue(0)
        self.chrome.hide_confirm()
        self._refresh()
        focus = page.first_focus()
        if focus is not None:
            focus.setFocus()
        self.step_changed.emit(step)

    def _on_enter(self) -> None:
        if self.chrome.confirming:
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton):
                focused.click()
            return
        focused = QApplication.focusWidget()
        if isinstance(focused, QPushButton) and focused is not self.next_button:
            focused.click()
            return
        action = self.current_page.default_action()
        if action is not None:
            action()
            return
        self.go_next()

    def _on_escape(self) -> None:
        if self.chrome.confirming:
            self.chrome.hide_confirm()
            self.current_page.setFocus()
            return
        if self.help_button.isChecked():
            self.help_button.setChecked(False)
            return
        self.request_cancel()

    # -- state -------------------------------------------------------------------------------
    def _refresh(self) -> None:
        page = self.current_page
        self.chrome.show_page(
            page,
            first=self.engine.current is Step.START,
            can_go_back=self.engine.can_go_back(),
            last=self.engine.is_last(),
        )
        if page.error and page.error != self._shown_error:
            # Once the layout has made room for it, a new message scrolls into view.
            label = page.error_label
            QTimer.singleShot(0, label, lambda: self.content_scroll.ensureWidgetVisible(label))
        self._shown_error = page.error

    def _on_card_status(self, status: CardStatus) -> None:
        self._card_status = status
        self.chrome.show_card_status(status)
        self.navigator.set_card_status(status)
        self.card_status_changed.emit(status)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.chrome.retranslate()
        # Orca says the pages' container as it enters it: a name, not a bare "layered pane".
        self.stack.setAccessibleName(translate("WizardFrame", "Registration steps"))
        self._on_card_status(self._card_status)
        self._refresh()
