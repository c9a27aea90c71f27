"""One kind of a page's background work: its task handle, the page's busy state, cancelling.

A page used to keep a `Task | None` per kind of work, connect three `Signal(object)`s, check
each answer again with `isinstance` and clear the handle in every slot, and to repeat that in
its own `cancel_work`. `Work` does it once: `run(fn, done, failed)` with `done` taking what
`fn` returns, so the answer's type is checked where the function is written, not in a slot.
At most one task of a kind runs at a time; the page is busy while any of its work runs, and
`Page.cancel_work` cancels them all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar, cast

from desktop.wizard.tasks import Lane, ProgressFn, Task, TaskRunner

T = TypeVar("T")
P = TypeVar("P")


class Work(Generic[T, P]):
    """One kind of work of one page, e.g. "read the card" (answers T, reports P)."""

    def __init__(
        self,
        tasks: TaskRunner,
        on_busy: Callable[[], None],
        lane: Lane = Lane.SERVICE,
    ) -> None:
        self._tasks = tasks
        self._on_busy = on_busy  # the page re-reads `busy` of all its work
        self._lane = lane
        self._task: Task | None = None

    @property
    def running(self) -> bool:
        return self._task is not None

    def run(
        self,
        fn: Callable[[Callable[[P], None]], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None],
        progressed: Callable[[P], None] | None = None,
    ) -> None:
        """Run `fn(report)` in this work's lane; the answer comes to `done` or `failed` on the
        GUI thread, after the handle is cleared and the busy state updated (so the answer may
        start the work again). A run while one is running is ignored."""
        if self._task is not None:
            return

        def call(report: ProgressFn) -> T:
            return fn(report)

        task = self._tasks.start(call, self._lane)
        self._task = task

        # The values cross the thread as `object`; `fn` and `report` are typed, so these casts
        # restate what they already promise.
        def on_succeeded(value: object) -> None:
            if self._finish(task):
                done(cast(T, value))

        def on_failed(error: object) -> None:
            if self._finish(task):
                failed(error if isinstance(error, Exception) else RuntimeError("unknown failure"))

        task.succeeded.connect(on_succeeded)
        task.failed.connect(on_failed)
        if progressed is not None:
            task.progressed.connect(lambda value: progressed(cast(P, value)))
        self._on_busy()

    def cancel(self) -> bool:
        """Drop the running task's answer; True when one was running."""
        task, self._task = self._task, None
        if task is None:
            return False
        task.cancel()
        self._on_busy()
        return True

    def _finish(self, task: Task) -> bool:
        if task is not self._task:
            return False  # cancelled meanwhile: its answer is dropped
        self._task = None
        self._on_busy()
        return True
