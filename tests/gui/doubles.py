"""Stand-ins used only where the real part cannot produce the situation under test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from cardreader.document import (
    AccessProtocol,
    Document,
    PassiveAuthentication,
    ReadResult,
    ReadStep,
)
from desktop.messages import Message
from desktop.registry import errors
from desktop.registry.models import (
    MailStatus,
    PendingAccount,
    Person,
    SecondFactorEnrolment,
    SignedIn,
    Verification,
)
from desktop.wizard.services import (
    CardState,
    CardStatus,
    ChecklistItem,
    MailView,
    PasswordStrength,
)


def document(number: str = "201847KA", expiry: date = date(2031, 5, 20)) -> Document:
    return Document(
        document_code="ID",
        issuing_state="HUN",
        document_number=number,
        surname="KOVACS",
        given_names="EVA ZSOFIA",
        nationality="HUN",
        date_of_birth=date(1985, 3, 14),
        sex="F",
        date_of_expiry=expiry,
    )


@dataclass
class ScriptedCard:
    """A card source whose next read gives a chosen result or error, after chosen delays."""

    result: ReadResult | None = None
    error: Exception | None = None
    step_delay: float = 0.0
    state: CardStatus = field(default_factory=lambda: CardStatus(CardState.CARD_PRESENT, "R"))
    reads: int = 0
    _callbacks: list[Callable[[CardStatus], None]] = field(default_factory=list)

    @property
    def is_virtual(self) -> bool:
        return False

    def status(self) -> CardStatus:
        return self.state

    def watch(self, callback: Callable[[CardStatus], None]) -> None:
        self._callbacks.append(callback)

    def set_status(self, status: CardStatus) -> None:
        """Report a change from another thread, as the PC/SC monitor does."""
        self.state = status
        t = threading.Thread(target=lambda: [cb(status) for cb in self._callbacks])
        t.start()
        t.join()

    def read(self, can: str, progress: Callable[[ReadStep], None]) -> ReadResult:
        self.reads += 1
        for step in ReadStep:
            progress(step)
            time.sleep(self.step_delay)
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result

    def close(self) -> None:
        pass


def read_result(
    doc: Document | None = None,
    pa: PassiveAuthentication = PassiveAuthentication.VALID,
) -> ReadResult:
    return ReadResult(
        document=doc or document(),
        access=AccessProtocol.PACE,
        passive_authentication=pa,
        passive_authentication_detail="",
        apdu_count=10,
        seconds=0.01,
    )


_PERSON = Person(
    document_number="201847KA",
    family_name="Kovács",
    given_names="Éva Zsófia",
    birth_family_name="Kovács",
    birth_given_names="Éva Zsófia",
    mother_name="Tóth Mária",
    birth_place="Debrecen",
    birth_date=date(1985, 3, 14),
    nationality="HUN",
    sex="F",
    address="4025 Debrecen, Piac utca 12. 3/7.",
    document_expiry=date(2031, 5, 20),
)


class MemoryService:
    """An in-memory registration service with the facade's shape (development double)."""

    def __init__(self) -> None:
        self.accounts: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.mail: list[MailView] = []
        self.attempts = 5

    def verify(self, document_number: str, registration_code: str) -> Verification:
        if (document_number, registration_code) != ("201847KA", "Q4mT7xR2kW9"):
            self.attempts -= 1
            raise errors.VerificationFailed(
                Message(
                    f"Hibás adatok. Még {self.attempts} próba.",
                    f"Wrong data. {self.attempts} tries left.",
                ),
                self.attempts,
            )
        return Verification("t", _PERSON, datetime.now(UTC) + timedelta(minutes=15))

    def check_username(self, username: str) -> None:
        if username in self.accounts:
            raise errors.UsernameTaken(Message("Foglalt név.", "Username taken."))

    def register(self, verification: Verification, username: str, email: str) -> PendingAccount:
        self.accounts[username] = ""
        self.codes[username] = "ABCD-EFGH-JKLM"
        self.mail.append(MailView(email, "Aktiválás", "Kód:\nABCD-EFGH-JKLM\n"))
        return PendingAccount(username, email, datetime.now(UTC), MailStatus.SENT)

    def resend_activation(self, username: str) -> None:
        pass

    def activate(self, username: str, activation_code: str, password: str) -> SecondFactorEnrolment:
        if self.codes.get(username) != activation_code:
            raise errors.InvalidActivationCode(Message("Hibás kód.", "Wrong code."), 4)
        self.accounts[username] = password
        return SecondFactorEnrolment(
            username, "JBSWY3DPEHPK3PXP", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "RC-1234"
        )

    def confirm_second_factor(self, username: str, totp_code: str) -> None:
        if totp_code != "123456":
            raise errors.InvalidSecondFactorCode(Message("Hibás kód.", "Wrong code."))

    def sign_in(self, username: str, password: str, totp_code: str) -> SignedIn:
        if self.accounts.get(username) != password or totp_code != "123456":
            raise errors.SignInFailed(Message("Sikertelen.", "Failed."))
        return SignedIn(username, "Kovács Éva Zsófia", False)


class SimpleRules:
    def username_checklist(self, text: str) -> Sequence[ChecklistItem]:
        return [
            ChecklistItem(len(text) >= 4, Message("Legalább 4 betű", "At least 4 letters")),
            ChecklistItem(text.isalpha(), Message("Csak betűk", "Letters only")),
        ]

    def password_strength(self, password: str, username: str, email: str) -> PasswordStrength:
        ok = len(password) >= 10
        reasons = () if ok else (Message("Legalább 10 karakter", "At least 10 characters"),)
        return PasswordStrength(4 if ok else 1, ok, reasons)

    def email_problem(self, email: str) -> Message | None:
        return None if "@" in email else Message("Hibás cím", "Not an address")


class MemoryMailbox:
    def __init__(self, service: MemoryService) -> None:
        self._service = service

    def messages(self) -> Sequence[MailView]:
        return list(self._service.mail)
