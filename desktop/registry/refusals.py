"""The service's refusals, built by name. Their words live in the contract
(`desktop.registration.words`), so a refusal rebuilt on the far side of a network reads the same.
"""

from __future__ import annotations

from datetime import datetime

from desktop.registration.errors import (
    AccountLocked,
    ActivationCodeExpired,
    AlreadyRegistered,
    DocumentExpired,
    DocumentLocked,
    InvalidActivationCode,
    InvalidSecondFactorCode,
    ResendTooSoon,
    SecondFactorCodeAlreadyUsed,
    SecondFactorNotEnrolled,
    SignInFailed,
    TooManyAttempts,
    UnknownAccount,
    UsernameTaken,
    VerificationExpired,
    VerificationFailed,
)
from desktop.registration.models import Person
from desktop.registration.words import times

__all__ = ["times"]


def document_locked(until: datetime) -> DocumentLocked:
    return DocumentLocked(until)


def verification_failed(attempts_left: int) -> VerificationFailed:
    return VerificationFailed(attempts_left)


def document_expired(person: Person) -> DocumentExpired:
    return DocumentExpired(person.document_expiry)


def already_registered() -> AlreadyRegistered:
    return AlreadyRegistered()


def verification_expired() -> VerificationExpired:
    return VerificationExpired()


def username_taken_error(name: str) -> UsernameTaken:
    return UsernameTaken(name)


def unknown_account() -> UnknownAccount:
    return UnknownAccount()


def activation_expired(voided: bool) -> ActivationCodeExpired:
    return ActivationCodeExpired(voided)


def resend_too_soon(retry_at: datetime) -> ResendTooSoon:
    return ResendTooSoon(retry_at)


def invalid_activation_code(attempts_left: int) -> InvalidActivationCode:
    return InvalidActivationCode(attempts_left)


def not_enrolling() -> SecondFactorNotEnrolled:
    return SecondFactorNotEnrolled()


def invalid_totp() -> InvalidSecondFactorCode:
    return InvalidSecondFactorCode()


def sign_in_failed() -> SignInFailed:
    return SignInFailed()


def totp_code_already_used() -> SecondFactorCodeAlreadyUsed:
    return SecondFactorCodeAlreadyUsed()


def not_active() -> SignInFailed:
    return SignInFailed(not_active=True)


def account_locked(until: datetime) -> AccountLocked:
    return AccountLocked(until)


def too_many_attempts(scope: str, retry_at: datetime) -> TooManyAttempts:
    return TooManyAttempts(scope, retry_at)
