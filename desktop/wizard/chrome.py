"""What surrounds the page: header, help, banners, the Cancel question, status and buttons.

The chrome shows what it is told (the current page's title, help and state; the card reader's
status; a registry that cannot be used) in the current language, and knows no step and no
navigation: the frame wires its buttons to the navigation and tells it what to show.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop.wizard.announce import make_message
from desktop.wizard.card_messages import describe_status
from desktop.wizard.headings import TITLE_OBJECT_NAME, install_heading_role
from desktop.wizard.i18n import Language, switcher
from desktop.wizard.page import Page
from desktop.wizard.services import CardStatus, VirtualCardReason

FONT_SCALE_MIN, FONT_SCALE_MAX, FONT_SCALE_STEP = 0.8, 2.0, 0.1

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

# lupdate finds texts in translate("Context", "text") calls by this name. The context stays
# "WizardFrame": these texts were the frame's, and their translations are kept under it.
translate = QCoreApplication.translate


class WizardChrome(QObject):
    """The widgets around the page. The frame lays them out, with the page host in between."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._owner = parent
        self._font_scale = 1.0
        self._base_point_size = QApplication.font().pointSizeF()
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
        self.header = QHBoxLayout()
        self.header.addWidget(self.title_label, 1)
        self.header.addWidget(self.language_combo)
        self.header.addWidget(self.help_button)

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
        self.confirm_no.clicked.connect(self.hide_confirm)

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
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.status_label, 1)
        self.footer.addWidget(self.busy_label)
        self.footer.addWidget(self.cancel_button)
        self.footer.addWidget(self.back_button)
        self.footer.addWidget(self.next_button)

    # -- what the frame tells it -------------------------------------------------------------
    def show_page(self, page: Page, *, first: bool, can_go_back: bool, last: bool) -> None:
        """The current page's title, help and state in the header, help panel and footer."""
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
        self.back_button.setVisible(not first)
        self.back_button.setEnabled(can_go_back and not page.busy)
        self.cancel_button.setVisible(not first and not last)
        self.busy_label.setVisible(page.busy)
        # The card page tells the reader's state next to the CAN; the footer would repeat it.
        self.status_label.setVisible(not page.shows_card_status())

    def show_card_status(self, status: CardStatus) -> None:
        self._show_virtual_notice(status.virtual_reason)
        self.status_label.setText(describe_status(status))
        self.status_label.setAccessibleName(translate("WizardFrame", "Card reader status"))
        self.status_label.setAccessibleDescription(self.status_label.text())

    def show_unavailable(self, text: str) -> None:
        """The registry cannot be used: a banner on every screen."""
        self.problem_banner.setText(f"⚠ {text}")
        self.problem_banner.setAccessibleName(text)
        self.problem_banner.show()

    def ask_confirm(self) -> None:
        """Show the Cancel question; the focus goes to "No", the safe answer."""
        self.confirm_bar.show()
        self.confirm_no.setFocus()

    def hide_confirm(self) -> None:
        self.confirm_bar.hide()

    @property
    def confirming(self) -> bool:
        return self.confirm_bar.isVisible()

    # -- fonts -------------------------------------------------------------------------------
    @property
    def font_scale(self) -> float:
        return self._font_scale

    def scale_fonts(self, direction: int) -> None:
        """Grow or shrink every text by a step; 0 returns to the system size."""
        if direction == 0:
            self._font_scale = 1.0
        else:
            self._font_scale = min(
                FONT_SCALE_MAX,
                max(FONT_SCALE_MIN, self._font_scale + direction * FONT_SCALE_STEP),
            )
        self.apply_fonts()

    def apply_fonts(self) -> None:
        # Sizes go through the style sheet: under a style sheet, setFont() on the frame does
        # not reach the widgets inside it.
        size = self._base_point_size * self._font_scale
        sizes = (
            f"QWidget {{ font-size: {size:.1f}pt; }}\n"
            f"QLabel#pageTitle {{ font-size: {size * 1.45:.1f}pt; }}\n"
        )
        self._owner.setStyleSheet(STYLE + sizes)

    # -- its own behaviour -------------------------------------------------------------------
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

    def _on_language_chosen(self, index: int) -> None:
        lang = self.language_combo.itemData(index)
        if isinstance(lang, Language) and lang is not switcher().language:
            switcher().set_language(lang)

    def _on_help_toggled(self, shown: bool) -> None:
        from PySide6.QtCore import Qt  # here: the Qt namespace costs the first screen ~25 ms

        if shown and not self._help_plain:
            # Set on first use rather than at start (see the keys in the frame).
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
