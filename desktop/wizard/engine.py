"""The wizard's navigation, free of Qt: which step follows which, what Back restores, wipe.

Pages write their input into one `WizardData`; the engine decides the next step from it and
keeps the history Back walks. A step whose work cannot be undone (the registration was sent,
the account was activated) closes the history behind it, so Back never offers to redo it.
`STEPS` is the one table of the steps (page, what follows, point of no return, last); the Qt
frame only asks this engine; tests drive it directly (see tests/gui/test_engine.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
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


@dataclass
class WizardData:
    """Everything the person typed or the services answered during one session.

    Secrets live here only while the session lasts; `wipe()` drops them all. The repr names
    the fields that are set, never their values, so a stray log line leaks nothing.
    """

    route: Route | None = None
    # Only that a CAN was typed (so Cancel asks first): the CAN itself stays in the card page's
    # field and goes to the card as a `Can`, which never shows its digits.
    can_entered: bool = False
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


@dataclass(frozen=True)
class StepSpec:
    """One row of the table: everything the wizard knows about a step, in one place.

    `page` names the page's class (or factory taking services, data and tasks) as
    "module:name"; the frame imports it when the page is first shown, so the first screen
    loads no other page and this module stays free of Qt. `follows` is the step Next leads to,
    or a pure function of the data choosing it; None marks a last step. `no_return`: once
    passed, going back would repeat an action the service already took.
    """

    page: str
    follows: Step | Callable[[WizardData], Step] | None
    no_return: bool = False

    @property
    def last(self) -> bool:
        return self.follows is None

    def next_step(self, data: WizardData) -> Step | None:
        if self.follows is None or isinstance(self.follows, Step):
            return self.follows
        return self.follows(data)


_PAGES = "desktop.wizard.pages"

# Adding a step: a member of `Step`, a row here and its page module; nothing else.
STEPS: Mapping[Step, StepSpec] = MappingProxyType(
    {
        Step.START: StepSpec(f"{_PAGES}.start:StartPage", _after_start),
        Step.CARD: StepSpec(f"{_PAGES}.card:CardPage", Step.VERIFY),
        Step.VERIFY: StepSpec(f"{_PAGES}.verify:VerifyPage", Step.USERNAME),
        Step.USERNAME: StepSpec(f"{_PAGES}.username:UsernamePage", Step.EMAIL),
        Step.EMAIL: StepSpec(f"{_PAGES}.email:EmailPage", Step.SUMMARY),
        Step.SUMMARY: StepSpec(f"{_PAGES}.summary:SummaryPage", Step.ACTIVATION, no_return=True),
        Step.ACTIVATION: StepSpec(
            f"{_PAGES}.activation:ActivationPage", Step.SECOND_FACTOR, no_return=True
        ),
        Step.SECOND_FACTOR: StepSpec(
            f"{_PAGES}.second_factor:SecondFactorPage", Step.DONE, no_return=True
        ),
        Step.DONE: StepSpec(f"{_PAGES}.sign_in:done_page", None),
        Step.SIGN_IN: StepSpec(f"{_PAGES}.sign_in:SignInPage", None),
    }
)


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

    @property
    def spec(self) -> StepSpec:
        """The table's row for the current step."""
        return STEPS[self._current]

    def next_step(self) -> Step | None:
        """The step Next leads to from here, or None on a last screen; changes nothing."""
        return self.spec.next_step(self.data)

    def can_go_back(self) -> bool:
        return bool(self._history)

    def is_last(self) -> bool:
        return self.spec.last

    def go_next(self) -> Step:
        """Advance; the caller has checked that the page is valid and its work is done."""
        target = self.next_step()
        if target is None:
            raise ValueError(f"{self._current.name} is a last step")
        if self.spec.no_return:
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
