"""The registration backend seen through the wizard's small Protocols.

`DeferredRegistry` opens the registry in the background so the first screen does not wait for
it (importing the backend and opening SQLite take longer than showing the window); every call
runs in the wizard's service lane, where waiting for the opening is harmless.
"""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from desktop.messages import Message
from desktop.wizard.services import ChecklistItem, MailView, PasswordStrength

if TYPE_CHECKING:
    from desktop.config import Config
    from desktop.registration import (
        DeliveryReport,
        InputRules,
        ManualEntryReason,
        PendingAccount,
        RegistrationService,
        SecondFactorEnrolment,
        SignedIn,
        Verification,
    )


class RegistryRules:
    """`desktop.wizard.services.Rules` backed by the registry's input rules (no rule copied),
    reached through the contract's seam on first use."""

    def __init__(self) -> None:
        self._rules: InputRules | None = None

    def _input_rules(self) -> InputRules:
        if self._rules is None:
            from desktop.registration.opening import input_rules

            self._rules = input_rules()
        return self._rules

    def username_checklist(self, text: str) -> Sequence[ChecklistItem]:
        checks = self._input_rules().username_checklist(text)
        return [ChecklistItem(ok=i.ok, text=i.message) for i in checks]

    def password_strength(self, password: str, username: str, email: str) -> PasswordStrength:
        a = self._input_rules().password_assessment(password, username, email)
        return PasswordStrength(score=a.score, acceptable=a.acceptable, reasons=tuple(a.reasons))

    def tidy_activation_code(self, text: str) -> str:
        return self._input_rules().tidy_activation_code(text)

    def activation_code_complete(self, text: str) -> bool:
        return self._input_rules().activation_code_complete(text)

    def email_problem(self, email: str) -> Message | None:
        from desktop.registration.errors import RuleViolation

        try:
            self._input_rules().check_email(email)
        except RuleViolation as exc:
            return exc.message
        return None


class FileOutboxMailbox:
    """The embedded default's file outbox, newest mail first (the demo mailbox)."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def messages(self) -> Sequence[MailView]:
        from desktop.registration.opening import read_file_outbox

        return [
            MailView(recipient=m.to, subject=m.subject, body=m.text)
            for m in read_file_outbox(self._config)
        ]


class DeferredRegistry:
    """The registration service, opened on a background thread; calls wait until it is open.

    A failure to open is raised by every call (so each page shows the registry's message) and
    reported once to `on_failure`.
    """

    def __init__(
        self,
        opener: Callable[[], RegistrationService],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._future: concurrent.futures.Future[RegistrationService] = concurrent.futures.Future()
        self._opener = opener
        self._on_failure = on_failure
        self._thread = threading.Thread(target=self._open, name="registry-open", daemon=True)
        self._start_lock = threading.Lock()
        self._started = False

    def start(self) -> None:
        """Begin opening (idempotent; the first call that needs the service starts it too)."""
        with self._start_lock:
            if not self._started:
                self._started = True
                self._thread.start()

    def _open(self) -> None:
        try:
            self._future.set_result(self._opener())
        except BaseException as exc:  # handed to the callers, not lost on this thread
            self._future.set_exception(exc)
            if self._on_failure is not None:
                self._on_failure(exc)

    def get(self, timeout: float | None = None) -> RegistrationService:
        self.start()
        return self._future.result(timeout)

    def verify(self, document_number: str, registration_code: str) -> Verification:
        return self.get().verify(document_number, registration_code)

    def check_username(self, username: str) -> None:
        self.get().check_username(username)

    def register(self, verification: Verification, username: str, email: str) -> PendingAccount:
        return self.get().register(verification, username, email)

    def resend_activation(self, username: str) -> PendingAccount:
        return self.get().resend_activation(username)

    def activate(self, username: str, activation_code: str, password: str) -> SecondFactorEnrolment:
        return self.get().activate(username, activation_code, password)

    def confirm_second_factor(self, username: str, totp_code: str) -> None:
        self.get().confirm_second_factor(username, totp_code)

    def sign_in(self, username: str, password: str, totp_code: str) -> SignedIn:
        return self.get().sign_in(username, password, totp_code)

    def record_manual_entry_allowed(self, reason: ManualEntryReason) -> None:
        self.get().record_manual_entry_allowed(reason)

    def deliver_queued(self) -> DeliveryReport:
        return self.get().deliver_queued()

    def close(self, timeout: float = 30) -> None:
        with self._start_lock:
            started = self._started
        if not started:
            return
        self._thread.join(timeout)
        if self._future.done() and self._future.exception() is None:
            self._future.result().close()
