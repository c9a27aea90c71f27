"""The kiosk shell around a plain two-screen form: lock-down, session ends, attendant exit.

These tests pin the shell's own behaviour; tests/kiosk/test_kiosk_wizard.py runs the same
session ends through the real registration wizard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.kiosk.attendant import CORNER_SIZE
from desktop.kiosk.pin import PinThrottle
from desktop.kiosk.shell import KioskWindow, SessionEnd
from tests.kiosk.conftest import ATTENDANT_PIN, short_kiosk, type_text

pytestmark = pytest.mark.gui


class TwoScreenForm(QStackedWidget):
    """Two screens of text fields; `start_over` is its own wipe, like the wizard's."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[QLineEdit] = []
        for _ in range(2):
            screen = QWidget()
            layout = QVBoxLayout(screen)
            for _ in range(2):
                edit = QLineEdit(screen)
                layout.addWidget(edit)
                self.fields.append(edit)
            self.addWidget(screen)
        self.card_read = False
        self.start_overs = 0

    def start_over(self) -> None:
        self.start_overs += 1
        self.card_read = False
        self.setCurrentIndex(0)

    def card_was_read(self) -> bool:
        return self.card_read

    def is_pristine(self) -> bool:
        return self.currentIndex() == 0 and not any(f.text() for f in self.fields)

    def is_complete(self) -> bool:
        return False


MakeKiosk = Callable[..., tuple[KioskWindow, TwoScreenForm]]


@pytest.fixture
def make_kiosk(qtbot: QtBot) -> Iterator[MakeKiosk]:
    made: list[KioskWindow] = []

    def make(**settings: object) -> tuple[KioskWindow, TwoScreenForm]:
        form = TwoScreenForm()
        window = KioskWindow(form, form, short_kiosk(**settings))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.start(full_screen=False)
        qtbot.waitExposed(window)
        made.append(window)
        return window, form

    yield make
    for window in made:
        window.shutdown()
        window._exit_allowed = True


def type_personal_data(qtbot: QtBot, form: TwoScreenForm) -> None:
    type_text(form.fields[0], "Kovács Éva")
    type_text(form.fields[1], "123456AB")
    form.setCurrentIndex(1)
    type_text(form.fields[2], "KisAnna")


def test_the_window_is_frameless_on_top_and_refuses_to_close(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, _ = make_kiosk()
    flags = window.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert not window.close()
    assert window.isVisible()


def test_no_context_menu_opens_on_a_text_field(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    _window, form = make_kiosk()
    field = form.fields[0]
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), field.mapToGlobal(QPoint(5, 5))
    )
    QApplication.sendEvent(field, event)
    popup = QApplication.activePopupWidget()  # without the lock-down: the edit menu
    if popup is not None:
        popup.close()
    assert popup is None


def test_a_file_dialog_is_closed_as_soon_as_it_shows(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, _ = make_kiosk()
    dialog = QFileDialog(window)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.open()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert window.lockdown.rejected_dialogs == 1


def test_links_to_the_outside_world_are_not_opened(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, _ = make_kiosk()
    for url in ("https://magyarorszag.hu", "mailto:info@example.hu", "file:///etc/passwd"):
        QDesktopServices.openUrl(QUrl(url))
    assert window.lockdown.blocked_urls == 3


def test_going_idle_warns_then_wipes_every_field_and_shows_start(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, form = make_kiosk(idle_seconds=1, warning_seconds=1)
    type_personal_data(qtbot, form)
    with qtbot.waitSignal(window.idle.warned, timeout=3000):
        pass
    assert window.idle.prompt.isVisible()
    with qtbot.waitSignal(window.session_ended, timeout=3000) as ended:
        pass
    assert ended.args == [SessionEnd.IDLE]
    assert form.currentIndex() == 0
    assert [f.text() for f in form.fields] == ["", "", "", ""]
    assert window.notice.isVisible()


def test_answering_the_idle_prompt_keeps_the_session(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, form = make_kiosk(idle_seconds=1, warning_seconds=2)
    type_personal_data(qtbot, form)
    ended: list[object] = []
    window.session_ended.connect(ended.append)
    with qtbot.waitSignal(window.idle.warned, timeout=3000):
        pass
    qtbot.mouseClick(window.idle.prompt.yes_button, Qt.MouseButton.LeftButton)
    qtbot.wait(1500)
    assert ended == []
    assert form.fields[2].text() == "KisAnna"


def test_an_untouched_start_screen_is_reset_quietly(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, _form = make_kiosk(idle_seconds=1, warning_seconds=5)
    warned: list[bool] = []
    window.idle.warned.connect(lambda: warned.append(True))
    with qtbot.waitSignal(window.session_ended, timeout=3000):
        pass
    assert warned == []
    assert not window.notice.isVisible()


def test_the_wipe_leaves_nothing_to_undo_and_clears_the_clipboard(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, form = make_kiosk(idle_seconds=60)
    type_personal_data(qtbot, form)
    QGuiApplication.clipboard().setText("123456AB")
    window.end_session(SessionEnd.IDLE)
    assert QGuiApplication.clipboard().text() == ""
    form.setCurrentIndex(1)
    for field in form.fields:
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert field.text() == ""


def test_taking_the_card_after_reading_it_ends_the_session(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, form = make_kiosk(idle_seconds=60)
    window.report_card_state(True, "Virtual PCD 00 00: card present")
    type_personal_data(qtbot, form)
    form.card_read = True
    with qtbot.waitSignal(window.session_ended, timeout=2000) as ended:
        window.report_card_state(False, "Virtual PCD 00 00: no card")
    assert ended.args == [SessionEnd.CARD_REMOVED]
    assert not any(f.text() for f in form.fields)
    assert window.reader_words == "Virtual PCD 00 00: no card"


def test_with_end_on_card_removal_off_the_flow_continues(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, form = make_kiosk(idle_seconds=60, end_on_card_removal=False)
    window.report_card_state(True, "card present")
    type_personal_data(qtbot, form)
    form.card_read = True
    window.report_card_state(False, "no card")
    qtbot.waitUntil(lambda: window.reader_words == "no card", timeout=2000)
    assert form.fields[2].text() == "KisAnna"
    assert form.start_overs == 0


def test_taking_the_card_before_it_was_read_ends_nothing(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, form = make_kiosk(idle_seconds=60)
    window.report_card_state(True, "card present")
    type_personal_data(qtbot, form)
    window.report_card_state(False, "no card")
    qtbot.waitUntil(lambda: window.reader_words == "no card", timeout=2000)
    assert form.start_overs == 0


def test_the_done_screen_returns_to_start_by_itself(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, form = make_kiosk(idle_seconds=60, done_seconds=2)
    type_personal_data(qtbot, form)
    window.session_complete()
    assert window.done_screen.isVisible()
    with qtbot.waitSignal(window.session_ended, timeout=4000) as ended:
        pass
    assert ended.args == [SessionEnd.DONE]
    assert not window.done_screen.isVisible()
    assert not any(f.text() for f in form.fields)


def test_an_exception_in_a_slot_wipes_the_session_and_the_app_lives_on(
    qtbot: QtBot, make_kiosk: MakeKiosk, caplog: pytest.LogCaptureFixture
) -> None:
    window, form = make_kiosk(idle_seconds=60)
    type_personal_data(qtbot, form)

    def faulty_slot() -> None:
        raise ValueError("Kovács Éva 123456AB")  # a message that quotes personal data

    with qtbot.waitSignal(window.session_ended, timeout=2000) as ended:
        QTimer.singleShot(0, faulty_slot)
    assert ended.args == [SessionEnd.ERROR]
    assert not any(f.text() for f in form.fields)
    assert window.notice.isVisible()
    assert "Traceback" not in window.notice.text()
    logged = caplog.text
    assert "ValueError" in logged
    assert "faulty_slot" in logged
    assert "Kovács" not in logged
    assert "123456AB" not in logged
    # Still alive: the form takes input again.
    type_text(form.fields[0], "Új")
    assert form.fields[0].text() == "Új"


def tap_corner(qtbot: QtBot, window: KioskWindow, times: int = 5) -> None:
    spot = QPoint(window.width() - CORNER_SIZE // 2, CORNER_SIZE // 2)
    target = window.childAt(spot) or window
    for _ in range(times):
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(window, spot))


def enter_pin(qtbot: QtBot, window: KioskWindow, pin: str) -> None:
    for digit in pin:
        qtbot.mouseClick(window.pin_pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_pad.ok_button, Qt.MouseButton.LeftButton)


def test_five_taps_in_the_corner_ask_for_the_pin(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, _ = make_kiosk(idle_seconds=60)
    tap_corner(qtbot, window, times=4)
    assert not window.pin_pad.isVisible()
    tap_corner(qtbot, window, times=1)
    assert window.pin_pad.isVisible()


def test_the_right_pin_opens_the_panel_and_the_attendant_can_exit(
    qtbot: QtBot, make_kiosk: MakeKiosk, attendant_pin_hash: str
) -> None:
    window, form = make_kiosk(idle_seconds=60, attendant_pin_hash=attendant_pin_hash)
    type_personal_data(qtbot, form)
    window.report_card_state(True, "Virtual PCD 00 00: card present")
    tap_corner(qtbot, window)
    enter_pin(qtbot, window, ATTENDANT_PIN)
    qtbot.waitUntil(window.panel.isVisible, timeout=3000)
    assert "Virtual PCD 00 00: card present" in window.panel.reader_label.text()
    with qtbot.waitSignal(window.exit_granted, timeout=2000):
        qtbot.mouseClick(window.panel.exit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()
    assert not any(f.text() for f in form.fields)


def test_wrong_pins_are_refused_and_slowed_down(
    qtbot: QtBot, make_kiosk: MakeKiosk, attendant_pin_hash: str
) -> None:
    window, _ = make_kiosk(idle_seconds=60, attendant_pin_hash=attendant_pin_hash)
    window.pin_pad.throttle = PinThrottle(free_attempts=1, base_seconds=2, max_seconds=8)
    tap_corner(qtbot, window)
    enter_pin(qtbot, window, "000000")
    qtbot.waitUntil(lambda: window.pin_pad.throttle.failures == 1, timeout=3000)
    assert window.pin_pad.ok_button.isEnabled()  # the first slip costs nothing
    enter_pin(qtbot, window, "111111")
    qtbot.waitUntil(lambda: window.pin_pad.throttle.failures == 2, timeout=3000)
    assert not window.pin_pad.ok_button.isEnabled()
    assert not window.pin_pad.digit_buttons["7"].isEnabled()
    # During the pause even the right PIN is not taken.
    window.pin_pad.field.setText(ATTENDANT_PIN)
    window.pin_pad.submit()
    qtbot.wait(300)
    assert not window.panel.isVisible()
    qtbot.waitUntil(window.pin_pad.ok_button.isEnabled, timeout=4000)
    enter_pin(qtbot, window, "222222")
    qtbot.waitUntil(lambda: window.pin_pad.throttle.failures == 3, timeout=3000)
    assert window.pin_pad.throttle.seconds_left() > 2  # the pause doubled
    assert not window.panel.isVisible()
    assert window.isVisible()


def test_without_a_configured_pin_the_pad_says_so(qtbot: QtBot, make_kiosk: MakeKiosk) -> None:
    window, _ = make_kiosk(idle_seconds=60, attendant_pin_hash=None)
    tap_corner(qtbot, window)
    enter_pin(qtbot, window, "123456")
    assert not window.panel.isVisible()
    assert window.pin_pad.isVisible()


def test_the_attendant_can_end_the_session_and_return(
    qtbot: QtBot, make_kiosk: MakeKiosk, attendant_pin_hash: str
) -> None:
    window, form = make_kiosk(idle_seconds=60, attendant_pin_hash=attendant_pin_hash)
    type_personal_data(qtbot, form)
    tap_corner(qtbot, window)
    enter_pin(qtbot, window, ATTENDANT_PIN)
    qtbot.waitUntil(window.panel.isVisible, timeout=3000)
    with qtbot.waitSignal(window.session_ended, timeout=2000) as ended:
        qtbot.mouseClick(window.panel.end_session_button, Qt.MouseButton.LeftButton)
    assert ended.args == [SessionEnd.ATTENDANT]
    assert window.isVisible()
    assert not window.panel.isVisible()
    assert not any(f.text() for f in form.fields)


def test_every_control_of_the_kiosk_has_an_accessible_name(
    qtbot: QtBot, make_kiosk: MakeKiosk
) -> None:
    window, _form = make_kiosk(idle_seconds=60, on_screen_keyboard=True)
    window.pin_pad.open()
    window.panel.open()
    window.done_screen.start(5)
    window.idle.prompt.start(5)
    kiosk_parts: list[QWidget] = [
        window.pin_pad,
        window.panel,
        window.done_screen,
        window.idle.prompt,
    ]
    assert window.keyboard is not None
    kiosk_parts.append(window.keyboard)
    controls = [
        w
        for part in kiosk_parts
        for w in part.findChildren(QWidget)
        if isinstance(w, (QAbstractButton, QLineEdit))
    ]
    assert len(controls) > 60
    unnamed = [f"{type(w).__name__} {w.text()!r}" for w in controls if not w.accessibleName()]
    assert unnamed == []
