"""Tasks: work on a lane's thread, answers on the GUI thread, cancelled answers dropped."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop.wizard.tasks import Lane, TaskRunner

pytestmark = pytest.mark.gui


def test_work_runs_off_the_gui_thread_and_answers_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(report: object) -> str:
        seen["worker"] = threading.current_thread() is not threading.main_thread()
        return "answer"

    task = runner.start(work)
    task.succeeded.connect(lambda v: seen.update(value=v, on_gui=QThread.currentThread() is gui))
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen == {"worker": True, "value": "answer", "on_gui": True}


def test_a_failure_comes_back_as_the_exception_itself(qtbot: QtBot) -> None:
    runner = TaskRunner()

    def work(_report: object) -> None:
        raise ValueError("no")

    task = runner.start(work)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)


def test_a_cancelled_task_stops_at_its_next_report_and_its_answer_is_dropped(
    qtbot: QtBot,
) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    reached: list[int] = []

    def work(report: object) -> str:
        gate.wait(5)
        for step in range(3):
            reached.append(step)
            report(step)  # type: ignore[operator]
        return "late"

    task = runner.start(work, Lane.CARD)
    answers: list[object] = []
    task.succeeded.connect(answers.append)
    task.failed.connect(answers.append)
    task.cancel()
    gate.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert reached == [0]
    assert answers == []


def test_many_answers_of_none_leave_the_interpreter_sound(qtbot: QtBot) -> None:
    # PySide6 6.12.0 lost a reference to None on every void call under Python 3.11.
    runner = TaskRunner()
    before = sys.getrefcount(None)
    answers: list[object] = []
    for _ in range(200):
        runner.start(lambda _r: None).succeeded.connect(answers.append)
    qtbot.waitUntil(lambda: len(answers) == 200, timeout=10_000)
    assert answers == [None] * 200
    assert sys.getrefcount(None) >= before - 50
