"""A page's background work: one task at a time, busy while it runs, its answer typed."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop.wizard.tasks import TaskRunner
from desktop.wizard.work import Work

pytestmark = pytest.mark.gui


class Busy:
    """Counts how often the owner was told to re-read `running`, as a page does."""

    def __init__(self) -> None:
        self.work: Work[int, str] | None = None
        self.states: list[bool] = []

    def __call__(self) -> None:
        assert self.work is not None
        self.states.append(self.work.running)


def make_work(runner: TaskRunner) -> tuple[Work[int, str], Busy]:
    busy = Busy()
    work: Work[int, str] = Work(runner, busy)
    busy.work = work
    return work, busy


def test_the_answer_arrives_with_its_own_type_after_the_work_stopped_being_busy(
    qtbot: QtBot,
) -> None:
    work, busy = make_work(TaskRunner())
    answers: list[int] = []
    reports: list[str] = []

    def fn(report: Callable[[str], None]) -> int:
        report("half")
        return 42

    work.run(fn, answers.append, lambda e: pytest.fail(str(e)), reports.append)
    assert work.running
    qtbot.waitUntil(lambda: answers == [42], timeout=5000)
    assert reports == ["half"]
    assert busy.states == [True, False]
    assert not work.running


def test_a_failure_arrives_as_the_exception_and_the_work_is_free_again(qtbot: QtBot) -> None:
    work, _busy = make_work(TaskRunner())
    errors: list[Exception] = []

    def fn(_report: Callable[[str], None]) -> int:
        raise ValueError("refused")

    work.run(fn, lambda _v: pytest.fail("no answer expected"), errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], ValueError)
    assert not work.running


def test_a_cancelled_run_drops_its_answer_and_a_second_run_waits_for_none(
    qtbot: QtBot,
) -> None:
    runner = TaskRunner()
    work, busy = make_work(runner)
    gate = threading.Event()
    answers: list[int] = []

    def slow(_report: Callable[[str], None]) -> int:
        gate.wait(5)
        return 1

    work.run(slow, answers.append, lambda e: pytest.fail(str(e)))
    work.run(lambda _r: 2, answers.append, lambda e: pytest.fail(str(e)))  # ignored: one runs
    assert work.cancel()
    assert not work.cancel()  # nothing runs any more
    assert busy.states == [True, False]
    gate.set()
    assert runner.wait(5000)
    qtbot.wait(50)
    assert answers == []
