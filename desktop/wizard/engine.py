"""The wizard's navigation, free of Qt: which step follows which, what Back restores, wipe.

Pages write their input into one `WizardData`; the engine decides the next step from it and
keeps the history Back walks. A step whose work cannot be undone (the registration was sent,
the account was activated) closes the history behind it, so Back never offers to redo it.
The Qt frame only asks this engine; tests drive it directly (see tests/gui/test_engine.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the first screen needs none of the records
    from desktop.registration.models import PendingAccount, SecondFactorEnrolment, Verification


class Step(enum.Enum):
    """The screens, in the order of the registration."""

    START = 0
    CARD = 1
    VERIFY = 2
    USERNAME = 3
    EMAIL = 4
    SUMMARY = 5
    ACTIVATION = 6
    SECOND_FACTOR = 7
    DONE = 8
    SIGN_IN = 9


class Route(enum.Enum):
    """What the person chose on the start screen."""

    REGISTER = "register"
    ACTIVATE = "activate"
    SIGN_IN = "sign-in"


# Once these steps are passed, going back would repeat an action the service already took.
_POINTS_OF_NO_RETURN = frozenset({Step.SUMMARY, Step.ACTIVATION, Step.SECOND_FACTOR})


@dataclass
class WizardData:
    """Everything the person typed or the services answered during one session.

    Secrets live here only while the session lasts; `wipe()` drops them all. The repr names
    the fields that are set, never their values, so a stray log line leaks nothing.
    """

    route: Route | None = None
    can: str = ""
    document_number: str = ""
    document_from_card: bool = False
    registration_code: str = ""
    verification: Verification | None = None
    username: str = ""
    email: str = ""
    email_repeat: str = ""
    privacy_accepted: bool = False
    pending: PendingAccount | None = None
    activation_username: str = ""
    activation_code: str = ""
    password: str = ""
    password_repeat: str = ""
    enrolment: SecondFactorEnrolment | None = None
    second_factor_confirmed: bool = False
    recovery_code_saved: bool = False

    def wipe(self) -> None:
        """Forget everything: each field back to its empty default."""
        fresh = WizardData()
        for f in fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def is_empty(self) -> bool:
        """True when no field holds anything of the session."""
        return self == WizardData()

    def __repr__(self) -> str:
        empty = WizardData()
        filled = [f.name for f in fields(self) if getattr(self, f.name) != getattr(empty, f.name)]
        return f"WizardData(filled={filled})"


def _after_start(data: WizardData) -> Step:
    if data.route is Route.ACTIVATE:
        return Step.ACTIVATION
    if data.route is Route.SIGN_IN:
        return Step.SIGN_IN
    return Step.CARD


def _after_summary(data: WizardData) -> Step:
    # Carry the registered username over so the activation form starts filled in.
    if data.pending is not None and not data.activation_username:
        data.activation_username = data.pending.username
    return Step.ACTIVATION


_NEXT: dict[Step, Callable[[WizardData], Step | None]] = {
    Step.START: _after_start,
    Step.CARD: lambda _d: Step.VERIFY,
    Step.VERIFY: lambda _d: Step.USERNAME,
    Step.USERNAME: lambda _d: Step.EMAIL,
    Step.EMAIL: lambda _d: Step.SUMMARY,
    Step.SUMMARY: _after_summary,
    Step.ACTIVATION: lambda _d: Step.SECOND_FACTOR,
    Step.SECOND_FACTOR: lambda _d: Step.DONE,
    Step.DONE: lambda _d: None,
    Step.SIGN_IN: lambda _d: None,
}


class WizardEngine:
    """Current step, history for Back, and the shared data of one session."""

    def __init__(self, data: WizardData | None = None) -> None:
        self.data = data if data is not None else WizardData()
        self._history: list[Step] = []
        self._current = Step.START

    @property
    def current(self) -> Step:
        return self._current

    @property
    def history(self) -> tuple[Step, ...]:
        return tuple(self._history)

    def next_step(self) -> Step | None:
        """The step Next leads to from here, or None on a last screen."""
        return _NEXT[self._current](self.data)

    def can_go_back(self) -> bool:
        return bool(self._history)

    def is_last(self) -> bool:
        return _NEXT[self._current](WizardData()) is None

    def go_next(self) -> Step:
        """Advance; the caller has checked that the page is valid and its work is done."""
        target = self.next_step()
        if target is None:
            raise ValueError(f"{self._current.name} is a last step")
        if self._current in _POINTS_OF_NO_RETURN:
            self._history.clear()
        else:
            self._history.append(self._current)
        self._current = target
        return target

    def go_back(self) -> Step:
        """Return to the previous step; its data stay as they were typed.

        Back to Start is the one exception: Start begins a new session, so it wipes.
        """
        if not self._history:
            raise ValueError("no step to go back to")
        target = self._history.pop()
        if target is Step.START:
            return self.restart()
        self._current = target
        return self._current

    def restart(self) -> Step:
        """Back to Start with every personal datum forgotten (Cancel, Start again, kiosk idle)."""
        self.data.wipe()
        self._history.clear()
        self._current = Step.START
        return self._current
