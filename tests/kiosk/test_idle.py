"""The idle watcher and the "Itt van még?" prompt, on their own (offscreen Qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.kiosk.idle import IdleGuard, IdleWatcher

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    w.resize(1280, 800)
    field = QLineEdit(w)
    field.setObjectName("field")
    QVBoxLayout(w).addWidget(field)
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_watcher_fires_after_the_idle_time_without_input(qtbot: QtBot, window: QWidget) -> None:
    watcher = IdleWatcher(200, window)
    watcher.start()
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass
    assert not watcher.active


def test_typing_keeps_postponing_the_idle_signal(qtbot: QtBot, window: QWidget) -> None:
    watcher = IdleWatcher(1000, window)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.start()
    field = window.findChild(QLineEdit, "field")
    for _ in range(7):
        qtbot.wait(200)
        qtbot.keyClick(field, Qt.Key.Key_A)
    assert fired == []  # 1.4 s passed in all, never 1 s without a key
    with qtbot.waitSignal(watcher.idle, timeout=2000):
        pass


def test_the_prompt_counts_down_and_expires_when_nobody_answers(
    qtbot: QtBot, window: QWidget
) -> None:
    guard = IdleGuard(window, idle_seconds=1, warning_seconds=2)
    guard.start()
    with qtbot.waitSignal(guard.warned, timeout=3000):
        pass
    assert guard.prompt.isVisible()
    assert guard.prompt.geometry() == window.rect()
    assert guard.prompt.remaining_seconds == 2
    assert "2" in guard.prompt.yes_button.accessibleDescription()
    with qtbot.waitSignal(guard.expired, timeout=4000):
        pass
    assert not guard.prompt.isVisible()


def test_answering_the_prompt_keeps_the_session_and_restarts_the_idle_time(
    qtbot: QtBot, window: QWidget
) -> None:
    guard = IdleGuard(window, idle_seconds=1, warning_seconds=2)
    expired: list[bool] = []
    guard.expired.connect(lambda: expired.append(True))
    guard.start()
    with qtbot.waitSignal(guard.warned, timeout=3000):
        pass
    qtbot.mouseClick(guard.prompt.yes_button, Qt.MouseButton.LeftButton)
    assert not guard.prompt.isVisible()
    assert guard.watcher.active
    qtbot.wait(600)
    assert expired == []
    # The idle time starts over: another warning comes, the session did not end.
    with qtbot.waitSignal(guard.warned, timeout=3000):
        pass
    assert expired == []


def test_any_key_on_the_prompt_counts_as_an_answer(qtbot: QtBot, window: QWidget) -> None:
    guard = IdleGuard(window, idle_seconds=1, warning_seconds=5)
    guard.start()
    with qtbot.waitSignal(guard.warned, timeout=3000):
        pass
    with qtbot.waitSignal(guard.prompt.answered, timeout=1000):
        qtbot.keyClick(guard.prompt, Qt.Key.Key_Space)
    assert not guard.prompt.isVisible()


def test_the_prompt_controls_are_named_and_touch_sized(qtbot: QtBot, window: QWidget) -> None:
    guard = IdleGuard(window, idle_seconds=1, warning_seconds=5)
    guard.prompt.start(5)
    assert guard.prompt.accessibleName()
    assert guard.prompt.yes_button.accessibleName()
    assert guard.prompt.yes_button.minimumHeight() >= 96
