"""Tasks: work on a lane's thread, answers on the GUI thread, cancelled answers dropped."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from cardreader.passwords import Can
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
    # Garbage of earlier tests, collected during the wait, would give its references to None
    # back and hide (or fake) a loss: collect it first, so only these calls are measured.
    gc.collect()
    before = sys.getrefcount(None)
    answers: list[object] = []
    for _ in range(200):
        runner.start(lambda _r: None).succeeded.connect(answers.append)
    qtbot.waitUntil(lambda: len(answers) == 200, timeout=10_000)
    assert answers == [None] * 200
    assert sys.getrefcount(None) >= before - 50


def test_cancel_ends_a_card_read_at_once_even_inside_a_slow_apdu_and_frees_the_card_lane(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from desktop.wizard.card_source import VirtualCardSource

    shipped = Path(__file__).resolve().parents[2] / "resources" / "virtual-cards"
    slow = tmp_path / "slow-kovacs.toml"
    slow.write_text(
        (shipped / "kovacs-eva.toml").read_text(encoding="utf-8") + "\n[faults]\ndelay_ms = 1500\n",
        encoding="utf-8",
    )
    source = VirtualCardSource(str(slow))
    runner = TaskRunner()
    failures: list[object] = []
    task = runner.start(lambda report: source.read(Can("123456"), report), Lane.CARD)
    task.failed.connect(failures.append)
    qtbot.wait(300)  # the read is waiting for its first answer (1.5 s per APDU)
    task.cancel()
    cancelled_at = time.monotonic()
    assert runner.wait(1000), "the card lane was still busy a second after Cancel"
    assert time.monotonic() - cancelled_at < 0.5
    assert failures == []  # a cancelled read's end is dropped, not shown as an error
    after = runner.start(lambda _report: "next", Lane.CARD)
    with qtbot.waitSignal(after.succeeded, timeout=1000) as next_read:
        pass
    assert next_read.args == ["next"]


def test_the_card_source_ends_a_read_at_its_configured_timeout(tmp_path: Path) -> None:
    from cardreader.errors import CardTimeoutError
    from desktop.app import card_source

    shipped = Path(__file__).resolve().parents[2] / "resources" / "virtual-cards"
    slow = tmp_path / "slow-kovacs.toml"
    slow.write_text(
        (shipped / "kovacs-eva.toml").read_text(encoding="utf-8") + "\n[faults]\ndelay_ms = 400\n",
        encoding="utf-8",
    )
    source = card_source(str(slow), read_seconds=1.0)
    started = time.monotonic()
    with pytest.raises(CardTimeoutError, match="did not finish within 1 s"):
        source.read(Can("123456"), lambda _step: None)
    assert time.monotonic() - started < 1.6
