"""The wizard's frame: title, language, help, the current page, Back / Next / Cancel.

It derives every button's state from the current page (`is_valid`, `busy`) and the engine
(`can_go_back`, `is_last`), and is a plain widget: the desktop window and the kiosk both host
it. Seams for the kiosk: `wipe_session()`, `step_changed`, `card_status_changed`, and
`WizardOptions.allow_manual_entry`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.wizard.announce import make_message
from desktop.wizard.card_messages import describe_status
from desktop.wizard.engine import Step, WizardData, WizardEngine
from desktop.wizard.headings import TITLE_OBJECT_NAME, install_heading_role
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.page import Page
from desktop.wizard.page_host import PageHost
from desktop.wizard.pages.start import StartPage
from desktop.wizard.services import CardStatus, VirtualCardReason, WizardServices
from desktop.wizard.tasks import TaskRunner

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from desktop.wizard.diagnostics import DiagnosticsScreen
    from desktop.wizard.pages.activation import ActivationPage
    from desktop.wizard.pages.card import CardPage
    from desktop.wizard.pages.email import EmailPage
    from desktop.wizard.pages.second_factor import SecondFactorPage
    from desktop.wizard.pages.sign_in import SignInPage
    from desktop.wizard.pages.summary import SummaryPage
    from desktop.wizard.pages.username import UsernamePage
    from desktop.wizard.pages.verify import VerifyPage

_P = TypeVar("_P", bound=Page)


def _typed(page: Page, kind: type[_P]) -> _P:
    if not isinstance(page, kind):
        raise TypeError(f"{type(page).__name__} is not a {kind.__name__}")
    return page


def _build_page(step: Step, services: WizardServices, data: WizardData, tasks: TaskRunner) -> Page:
    """One page; its module is imported here, when the page is first needed."""
    args = (services, data, tasks)
    if step is Step.START:
        return StartPage(*args)
    if step is Step.CARD:
        from desktop.wizard.pages.card import CardPage

        return CardPage(*args)
    if step is Step.VERIFY:
        from desktop.wizard.pages.verify import VerifyPage

        return VerifyPage(*args)
    if step is Step.USERNAME:
        from desktop.wizard.pages.username import UsernamePage

        return UsernamePage(*args)
    if step is Step.EMAIL:
        from desktop.wizard.pages.email import EmailPage

        return EmailPage(*args)
    if step is Step.SUMMARY:
        from desktop.wizard.pages.summary import SummaryPage

        return SummaryPage(*args)
    if step is Step.ACTIVATION:
        from desktop.wizard.pages.activation import ActivationPage

        return ActivationPage(*args)
    if step is Step.SECOND_FACTOR:
        from desktop.wizard.pages.second_factor import SecondFactorPage

        return SecondFactorPage(*args)
    from desktop.wizard.pages.sign_in import SignInPage

    return SignInPage(*args, ready=step is Step.DONE)


log = logging.getLogger(__name__)

FONT_SCALE_MIN, FONT_SCALE_MAX, FONT_SCALE_STEP = 0.8, 2.0, 0.1
MAIL_RETRY_MS = 30_000

STYLE = """
QLabel#pageTitle { font-weight: bold; }
QLabel#errorLabel, QLabel#emailHint {
    color: #8a1c12; background: #fdecea; border: 1px solid #c0392b; border-radius: 4px;
    padding: 6px; }
QLabel#helpPanel { background: #eef5fb; border: 1px solid #7fa7c9; border-radius: 4px;
                   padding: 8px; }
QLabel#virtualNotice { background: #fff6c4; border: 1px solid #c9a400; border-radius: 4px;
                       padding: 4px; }
QLabel#successNote, QLabel#registrationResult, QLabel#signInOutcome, QLabel#fromCardBadge {
    color: #14532d; font-weight: bold; }
QFrame#confirmBar { background: #fff3e0; border: 1px solid #d98c00; border-radius: 4px; }
QCommandLinkButton:focus { border: 2px solid #1f5fa8; border-radius: 4px; }
QLabel#errorLabel:focus, QLabel#helpPanel:focus { border: 2px solid #1f5fa8; }
QLabel#successNote:focus, QLabel#registrationResult:focus, QLabel#signInOutcome:focus,
QLabel#activationInfo:focus { border: 2px solid #1f5fa8; border-radius: 4px; padding: 2px; }
"""

# lupdate finds texts in translate("Context", "text") calls by this name.
translate = QCoreApplication.translate


class _StatusBridge(QObject):
    """Carries card-status callbacks from the monitor's thread onto the GUI thread."""

    status = Signal(object)


class WizardFrame(QWidget):
    """Hosts the pages and the navigation; one registration session at a time."""

    step_changed = Signal(object)  # Step
    session_wiped = Signal()
    card_status_changed = Signal(object)  # CardStatus
    # The card page asks for a kiosk attendant to allow typing the document ID (the kiosk
    # answers with `allow_manual_entry_for_session`).
    manual_entry_approval_requested = Signal()

    def __init__(self, services: WizardServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizardFrame")
        self.services = services
        self.engine = WizardEngine()
        self.tasks = TaskRunner(self)
        self._font_scale = 1.0
        self._base_point_size = QApplication.font().pointSizeF()
        # Pages are built when first shown: the first screen needs only Start, and building
        # the rest (and importing what they use) would delay it.
        self.pages: dict[Step, Page] = {}
        self._shown_error = ""
        self.diagnostics: DiagnosticsScreen | None = None
        self.diagnostics_report_dir: Callable[[], Path] | None = None  # None: Documents
        self._build()
        self._status_bridge = _StatusBridge(self)
        self._status_bridge.status.connect(self._on_card_status)
        services.card.watch(self._status_bridge.status.emit)  # before reading: miss no change
        self._card_status = services.card.status()
        self._on_card_status(self._card_status)
        self._mail_timer = QTimer(self)
        self._mail_timer.setInterval(MAIL_RETRY_MS)
        self._mail_timer.timeout.connect(self._retry_mail)
        if services.retry_mail is not None:
            self._mail_timer.start()
        self._apply_fonts()
        self.retranslate()
        self._show(Step.START)

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        install_heading_role()
        self.title_label = QLabel()
        self.title_label.setObjectName(TITLE_OBJECT_NAME)  # a heading to screen readers
        self.title_label.setWordWrap(True)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageCombo")
        for lang in Language:
            self.language_combo.addItem(lang.native_name, lang)
        self.language_combo.setCurrentIndex(list(Language).index(switcher().language))
        self.language_combo.currentIndexChanged.connect(self._on_language_chosen)
        self.help_button = QToolButton()
        self.help_button.setObjectName("helpButton")
        self.help_button.setText("?")
        self.help_button.setCheckable(True)
        self.help_button.toggled.connect(self._on_help_toggled)
        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.language_combo)
        header.addWidget(self.help_button)

        self.help_panel = QLabel()
        self.help_panel.setObjectName("helpPanel")
        self.help_panel.setWordWrap(True)
        self.help_panel.hide()
        self._help_plain = False
        self._focus_before_help: QWidget | None = None

        self.problem_banner = QLabel()
        self.problem_banner.setObjectName("errorLabel")
        self.problem_banner.setWordWrap(True)
        self.problem_banner.hide()

        self.virtual_notice = QLabel()
        self.virtual_notice.setObjectName("virtualNotice")
        self.virtual_notice.setWordWrap(True)
        self.virtual_notice.hide()

        self.stack = PageHost()

        self.confirm_bar = QFrame()
        self.confirm_bar.setObjectName("confirmBar")
        self.confirm_text = QLabel()
        self.confirm_text.setWordWrap(True)
        self.confirm_yes = QPushButton()
        self.confirm_yes.setObjectName("confirmCancelYes")
        self.confirm_no = QPushButton()
        self.confirm_no.setObjectName("confirmCancelNo")
        bar = QHBoxLayout(self.confirm_bar)
        bar.addWidget(self.confirm_text, 1)
        bar.addWidget(self.confirm_yes)
        bar.addWidget(self.confirm_no)
        self.confirm_bar.hide()
        self.confirm_yes.clicked.connect(self.wipe_session)
        self.confirm_no.clicked.connect(self._hide_confirm)

        self.status_label = QLabel()
        self.status_label.setObjectName("statusLine")
        self.status_label.setWordWrap(True)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextButton")
        self.next_button.setDefault(True)
        self.cancel_button.clicked.connect(self.request_cancel)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        footer = QHBoxLayout()
        footer.addWidget(self.status_label, 1)
        footer.addWidget(self.busy_label)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.back_button)
        footer.addWidget(self.next_button)

        # Only what lies between the header and the navigation scrolls: on a small screen or
        # with large text the title, language, help, Back, Cancel and Next stay in view.
        content = QWidget()
        content.setObjectName("wizardContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.help_panel)
        content_layout.addWidget(self.problem_banner)
        content_layout.addWidget(self.virtual_notice)
        content_layout.addWidget(self.stack, 1)
        self.content_scroll = QScrollArea()
        self.content_scroll.setObjectName("contentScroll")
        self.content_scroll.setWidgetResizable(True)
        self.content_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop: the fields inside take the focus, and the keyboard scrolls to them.
        # A label's policy is NoFocus; taken from one, as the Qt namespace costs start-up time.
        self.content_scroll.setFocusPolicy(self.title_label.focusPolicy())
        self.content_scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(header)
        layout.addWidget(self.content_scroll, 1)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(footer)

        # Keyboard: Enter = the default action, Esc = cancel (asks first), Ctrl +/- = font.
        # Keys by name: touching the Qt namespace costs ~25 ms of enum set-up at start-up.
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self, self._on_enter)
        QShortcut(QKeySequence("Esc"), self, self._on_escape)
        QShortcut(QKeySequence("F1"), self, self.help_button.toggle)
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
        self.setTabOrder(self.language_combo, self.help_button)

    # -- pages -------------------------------------------------------------------------------
    def page(self, step: Step) -> Page:
        """The page of `step`, built on first use."""
        existing = self.pages.get(step)
        if existing is not None:
            return existing
        page = _build_page(step, self.services, self.engine.data, self.tasks)
        page.changed.connect(self._refresh)
        page.submitted.connect(self._on_page_done)
        page.advance_requested.connect(self._on_page_done)
        self.pages[step] = page
        self.stack.addWidget(page)
        page.set_card_status(self._card_status)
        if step is Step.START:
            _typed(page, StartPage).diagnostics_requested.connect(self.open_diagnostics)
        elif step is Step.CARD:
            from desktop.wizard.pages.card import CardPage

            _typed(page, CardPage).attendant_requested.connect(self.manual_entry_approval_requested)
        return page

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

        _typed(self.page(Step.CARD), CardPage).allow_typing_for_session()

    def build_all_pages(self) -> None:
        """Build every page now (tests and screenshots look at all of them)."""
        for step in Step:
            self.page(step)

    @property
    def start_page(self) -> StartPage:
        return _typed(self.page(Step.START), StartPage)

    @property
    def card_page(self) -> CardPage:
        from desktop.wizard.pages.card import CardPage

        return _typed(self.page(Step.CARD), CardPage)

    @property
    def verify_page(self) -> VerifyPage:
        from desktop.wizard.pages.verify import VerifyPage

        return _typed(self.page(Step.VERIFY), VerifyPage)

    @property
    def username_page(self) -> UsernamePage:
        from desktop.wizard.pages.username import UsernamePage

        return _typed(self.page(Step.USERNAME), UsernamePage)

    @property
    def email_page(self) -> EmailPage:
        from desktop.wizard.pages.email import EmailPage

        return _typed(self.page(Step.EMAIL), EmailPage)

    @property
    def summary_page(self) -> SummaryPage:
        from desktop.wizard.pages.summary import SummaryPage

        return _typed(self.page(Step.SUMMARY), SummaryPage)

    @property
    def activation_page(self) -> ActivationPage:
        from desktop.wizard.pages.activation import ActivationPage

        return _typed(self.page(Step.ACTIVATION), ActivationPage)

    @property
    def second_factor_page(self) -> SecondFactorPage:
        from desktop.wizard.pages.second_factor import SecondFactorPage

        return _typed(self.page(Step.SECOND_FACTOR), SecondFactorPage)

    @property
    def done_page(self) -> SignInPage:
        from desktop.wizard.pages.sign_in import SignInPage

        return _typed(self.page(Step.DONE), SignInPage)

    @property
    def sign_in_page(self) -> SignInPage:
        from desktop.wizard.pages.sign_in import SignInPage

        return _typed(self.page(Step.SIGN_IN), SignInPage)

    # -- public seams ------------------------------------------------------------------------
    @property
    def current_step(self) -> Step:
        return self.engine.current

    @property
    def current_page(self) -> Page:
        return self.page(self.engine.current)

    @property
    def card_status(self) -> CardStatus:
        return self._card_status

    def wipe_session(self, *, clear_clipboard: bool = False) -> None:
        """Forget the session: tasks dropped, every page emptied, data wiped, back to Start."""
        self.tasks.cancel_all()
        for page in self.pages.values():
            page.cancel_work()
            page.clear()
        self.engine.restart()
        if clear_clipboard:
            QGuiApplication.clipboard().clear()
        self._hide_confirm()
        self.help_button.setChecked(False)
        if self.diagnostics is not None:
            self.diagnostics.forget()
        self._show(Step.START)
        self.session_wiped.emit()

    def scale_fonts(self, direction: int) -> None:
        """Ctrl +/-: grow or shrink every text; 0 returns to the system size."""
        if direction == 0:
            self._font_scale = 1.0
        else:
            self._font_scale = min(
                FONT_SCALE_MAX,
                max(FONT_SCALE_MIN, self._font_scale + direction * FONT_SCALE_STEP),
            )
        self._apply_fonts()

    @property
    def font_scale(self) -> float:
        return self._font_scale

    # -- navigation --------------------------------------------------------------------------
    def go_next(self) -> None:
        page = self.current_page
        if not page.shows_next() or not page.is_valid() or page.busy:
            return
        page.commit()
        if self.engine.is_last():
            self.wipe_session()
            return
        if not page.submit():
            self._advance()

    def go_back(self) -> None:
        page = self.current_page
        if page.busy or not self.engine.can_go_back():
            return
        page.commit()
        if self.engine.history[-1] is Step.START and not self.engine.data.is_empty():
            self.request_cancel()  # Start begins afresh: the person confirms losing their data
            return
        self._show(self.engine.go_back())

    def request_cancel(self) -> None:
        """Cancel asks first; with nothing typed yet it simply returns to Start."""
        if self.engine.current is Step.START:
            return
        self.current_page.commit()
        if self.engine.data.is_empty():
            self.wipe_session()
            return
        self.confirm_bar.show()
        self.confirm_no.setFocus()

    def _on_page_done(self) -> None:
        if self.sender() is not self.current_page:
            return  # a late answer from a page that is no longer shown
        self._advance()

    def _advance(self) -> None:
        self._show(self.engine.go_next())

    def _show(self, step: Step) -> None:
        page = self.page(step)
        self.stack.setCurrentWidget(page)
        self.content_scroll.verticalScrollBar().setValue(0)
        page.enter()
        self._hide_confirm()
        self._refresh()
        focus = page.first_focus()
        if focus is not None:
            focus.setFocus()
        self.step_changed.emit(step)

    def _retry_mail(self) -> None:
        retry = self.services.retry_mail
        if retry is not None and not self.tasks.busy:
            self.tasks.start(lambda _report: retry())

    def _hide_confirm(self) -> None:
        self.confirm_bar.hide()

    def _on_enter(self) -> None:
        if self.confirm_bar.isVisible():
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
        if self.confirm_bar.isVisible():
            self._hide_confirm()
            self.current_page.setFocus()
            return
        if self.help_button.isChecked():
            self.help_button.setChecked(False)
            return
        self.request_cancel()

    # -- state -------------------------------------------------------------------------------
    def _refresh(self) -> None:
        page = self.current_page
        step = self.engine.current
        self.title_label.setText(page.title())
        self.title_label.setAccessibleName(page.title())
        # Named by its title: a screen reader says it as the focus enters the new page.
        page.setAccessibleName(page.title())
        self.help_panel.setText(page.help_text())
        self.help_panel.setAccessibleName(
            translate("WizardFrame", "Help: %1").replace("%1", page.help_text())
        )
        self.next_button.setVisible(page.shows_next())
        self.next_button.setText(page.next_label())
        self.next_button.setAccessibleName(page.next_label())
        self.next_button.setEnabled(page.is_valid() and not page.busy)
        self.back_button.setVisible(step is not Step.START)
        self.back_button.setEnabled(self.engine.can_go_back() and not page.busy)
        self.cancel_button.setVisible(step is not Step.START and not self.engine.is_last())
        self.busy_label.setVisible(page.busy)
        # The card page tells the reader's state next to the CAN; the footer would repeat it.
        self.status_label.setVisible(not page.shows_card_status())
        if page.error and page.error != self._shown_error:
            # Once the layout has made room for it, a new message scrolls into view.
            label = page.error_label
            QTimer.singleShot(0, label, lambda: self.content_scroll.ensureWidgetVisible(label))
        self._shown_error = page.error

    def _on_card_status(self, status: object) -> None:
        if not isinstance(status, CardStatus):
            return
        self._card_status = status
        self._show_virtual_notice(status.virtual_reason)
        self.status_label.setText(describe_status(status))
        self.status_label.setAccessibleName(translate("WizardFrame", "Card reader status"))
        self.status_label.setAccessibleDescription(self.status_label.text())
        for page in self.pages.values():
            page.set_card_status(status)
        self.card_status_changed.emit(status)

    def _show_virtual_notice(self, reason: VirtualCardReason | None) -> None:
        notices = {
            VirtualCardReason.REQUESTED: translate(
                "WizardFrame", "A virtual card is in use (demo), as requested."
            ),
            VirtualCardReason.NO_SERVICE: translate(
                "WizardFrame",
                "The card reader service is not running, so a virtual card is in use (demo).",
            ),
            VirtualCardReason.NO_READER: translate(
                "WizardFrame", "No card reader was found, so a virtual card is in use (demo)."
            ),
        }
        text = notices[reason] if reason is not None else ""
        self.virtual_notice.setText(text)
        self.virtual_notice.setAccessibleName(text)
        self.virtual_notice.setVisible(bool(text))

    def show_unavailable(self, text: str) -> None:
        """The registry cannot be used: say so on every screen and offer nothing to start."""
        self.problem_banner.setText(f"⚠ {text}")
        self.problem_banner.setAccessibleName(text)
        self.problem_banner.show()
        self.start_page.setEnabled(False)

    def _on_language_chosen(self, index: int) -> None:
        lang = self.language_combo.itemData(index)
        if isinstance(lang, Language) and lang is not switcher().language:
            switcher().set_language(lang)

    def _on_help_toggled(self, shown: bool) -> None:
        from PySide6.QtCore import Qt  # here: the Qt namespace costs the first screen ~25 ms

        if shown and not self._help_plain:
            # Set on first use rather than at start (see the keys above).
            self.help_panel.setTextFormat(Qt.TextFormat.PlainText)
            self._help_plain = True
            make_message(self.help_panel)
        self.help_panel.setVisible(shown)
        # The help takes the focus, so a screen reader reads it out (see announce.py); closing
        # it gives the focus back to where the person was.
        if shown:
            self._focus_before_help = QApplication.focusWidget()
            self.help_panel.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._focus_before_help is not None:
            before, self._focus_before_help = self._focus_before_help, None
            if before.isVisible():
                before.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply_fonts(self) -> None:
        # Sizes go through the style sheet: under a style sheet, setFont() on the frame does
        # not reach the widgets inside it.
        size = self._base_point_size * self._font_scale
        sizes = (
            f"QWidget {{ font-size: {size:.1f}pt; }}\n"
            f"QLabel#pageTitle {{ font-size: {size * 1.45:.1f}pt; }}\n"
        )
        self.setStyleSheet(STYLE + sizes)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        lang = switcher().language
        if self.language_combo.currentData() is not lang:
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(list(Language).index(lang))
            self.language_combo.blockSignals(False)
        self.language_combo.setAccessibleName(translate("WizardFrame", "Language"))
        self.language_combo.setAccessibleDescription(
            translate(
                "WizardFrame", "Choose the language of the application: Hungarian or English."
            )
        )
        self.language_combo.setToolTip(translate("WizardFrame", "Language"))
        self.help_button.setAccessibleName(translate("WizardFrame", "Help"))
        self.help_button.setAccessibleDescription(
            translate("WizardFrame", "Shows or hides help for this screen (F1).")
        )
        self.help_button.setToolTip(translate("WizardFrame", "Help (F1)"))
        self.help_panel.setAccessibleName(translate("WizardFrame", "Help"))
        self.cancel_button.setText(translate("WizardFrame", "Cancel"))
        self.cancel_button.setAccessibleName(translate("WizardFrame", "Cancel"))
        self.cancel_button.setAccessibleDescription(
            translate(
                "WizardFrame",
                "Stops the registration and deletes what you typed (asks first; Esc).",
            )
        )
        self.back_button.setText(translate("WizardFrame", "Back"))
        self.back_button.setAccessibleName(translate("WizardFrame", "Back"))
        self.back_button.setAccessibleDescription(
            translate("WizardFrame", "Returns to the previous screen; what you typed is kept.")
        )
        self.next_button.setAccessibleDescription(
            translate("WizardFrame", "Goes on to the next step (Enter).")
        )
        self.busy_label.setText(translate("WizardFrame", "One moment…"))
        self.busy_label.setAccessibleName(translate("WizardFrame", "One moment…"))
        self.confirm_text.setText(
            translate(
                "WizardFrame",
                "Stop the registration? Everything you typed will be deleted from this computer.",
            )
        )
        self.confirm_text.setAccessibleName(self.confirm_text.text())
        # The bar is named by its question: a screen reader says it as the focus enters.
        self.confirm_bar.setAccessibleName(self.confirm_text.text())
        # Orca says the pages' container as it enters it: a name, not a bare "layered pane".
        self.stack.setAccessibleName(translate("WizardFrame", "Registration steps"))
        self.confirm_yes.setText(translate("WizardFrame", "Yes, stop"))
        self.confirm_yes.setAccessibleName(translate("WizardFrame", "Yes, stop"))
        self.confirm_yes.setAccessibleDescription(
            translate("WizardFrame", "Deletes what you typed and returns to Start.")
        )
        self.confirm_no.setText(translate("WizardFrame", "No, continue"))
        self.confirm_no.setAccessibleName(translate("WizardFrame", "No, continue"))
        self.confirm_no.setAccessibleDescription(
            translate("WizardFrame", "Returns to the screen where you were.")
        )
        self._on_card_status(self._card_status)
        self._refresh()
