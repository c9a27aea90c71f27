"""The registry's rules and the file outbox, seen through the wizard's small Protocols."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.config import Config
from desktop.messages import Message
from desktop.registry import read_file_outbox, rules
from desktop.registry.errors import RuleViolation
from desktop.wizard.services import ChecklistItem, MailView, PasswordStrength


class RegistryRules:
    """`desktop.wizard.services.Rules` backed by `desktop.registry.rules` (no rule copied)."""

    def username_checklist(self, text: str) -> Sequence[ChecklistItem]:
        return [ChecklistItem(ok=i.ok, text=i.message) for i in rules.username_checklist(text)]

    def password_strength(self, password: str, username: str, email: str) -> PasswordStrength:
        a = rules.password_assessment(password, username, email)
        return PasswordStrength(score=a.score, acceptable=a.acceptable, reasons=tuple(a.reasons))

    def email_problem(self, email: str) -> Message | None:
        try:
            rules.check_email(email)
        except RuleViolation as exc:
            return exc.message
        return None


class FileOutboxMailbox:
    """The embedded default's file outbox, newest mail first (the demo mailbox)."""

    def __init__(self, config: Config) -> None:
        self._config = config

    def messages(self) -> Sequence[MailView]:
        return [
            MailView(recipient=m.to, subject=m.subject, body=m.text)
            for m in read_file_outbox(self._config)
        ]
