"""The contract's errors: each has a stable code, carries its data, and comes back whole from
its wire form (code + data as JSON), so the same error can cross a network."""

from __future__ import annotations

import gc
import json
import pickle
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from desktop.config import ConfigError
from desktop.messages import Message
from desktop.registration import errors
from desktop.registration.errors import (
    AccountLocked,
    ActivationCodeExpired,
    AlreadyRegistered,
    CitizenImportError,
    ClientRefused,
    DocumentExpired,
    DocumentLocked,
    InvalidActivationCode,
    InvalidSecondFactorCode,
    MailDeliveryError,
    Refusal,
    RegistrationError,
    RegistryBusy,
    RegistryUnavailable,
    RegistryUnreachable,
    ResendTooSoon,
    RuleViolation,
    SecondFactorCodeAlreadyUsed,
    SecondFactorNotEnrolled,
    SignInFailed,
    SystemFault,
    TooManyAttempts,
    UnknownAccount,
    UsernameTaken,
    VerificationExpired,
    VerificationFailed,
    error_codes,
    error_from_wire,
)

CET = timezone(timedelta(hours=1))
MOMENT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

# One of each error, with data that differs from any default, so a lost datum shows.
SAMPLES: list[RegistrationError] = [
    RuleViolation("username", "length", Message("Túl rövid.", "Too short.")),
    VerificationFailed(3),
    DocumentLocked(MOMENT),
    DocumentExpired(date(2025, 12, 31)),
    AlreadyRegistered(),
    VerificationExpired(),
    UsernameTaken("KisAnna"),
    UnknownAccount(),
    InvalidActivationCode(2),
    ActivationCodeExpired(voided=True),
    ActivationCodeExpired(voided=False),
    InvalidSecondFactorCode(),
    SignInFailed(),
    SignInFailed(not_active=True),
    SecondFactorCodeAlreadyUsed(),
    AccountLocked(datetime(2026, 3, 2, 10, 0, tzinfo=CET)),
    SecondFactorNotEnrolled(),
    ResendTooSoon(MOMENT + timedelta(minutes=1)),
    CitizenImportError(Message("Hibás sor.", "Bad row."), 7, "birth_date"),
    CitizenImportError(Message("Ismétlődő sor.", "Duplicate row."), 9, None),
    MailDeliveryError(Message("A levelezőszerver nem válaszol.", "The mail server is away.")),
    RegistryUnavailable(Message("A nyilvántartás nem érhető el.", "The registry is away.")),
    RegistryUnavailable(Message("Betelt a lemez.", "The disk is full."), "disk-full"),
    TooManyAttempts("source", MOMENT + timedelta(minutes=15)),
    TooManyAttempts("global", MOMENT + timedelta(minutes=5)),
    ConfigError(Message("Hibás beállítás: mail.port.", "Bad setting: mail.port.")),
    RegistryUnreachable(),
    RegistryBusy(7),
    ClientRefused(),
]

FAMILIES = {RegistrationError, Refusal, SystemFault}


def _all_subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def _concrete_errors() -> set[type[RegistrationError]]:
    """Every error type raised as itself: those no other error derives from, and those with
    a code of their own that a more precise one refines (SignInFailed and its
    SecondFactorCodeAlreadyUsed, which a caller may catch as a SignInFailed)."""
    return {
        c
        for c in _all_subclasses(RegistrationError)
        if not c.__subclasses__() or "code" in c.__dict__
    }


def test_every_concrete_error_names_its_own_code() -> None:
    missing = [c.__name__ for c in _concrete_errors() if "code" not in c.__dict__]
    assert missing == []


def test_every_concrete_error_is_either_a_refusal_or_a_fault_of_the_system() -> None:
    for cls in _concrete_errors():
        assert issubclass(cls, Refusal) != issubclass(cls, SystemFault), cls.__name__


def test_the_faults_of_the_system_are_mail_storage_configuration_and_the_network() -> None:
    faults = {c for c in _concrete_errors() if issubclass(c, SystemFault)}
    # ... and, with the registry across a network, the network's own.
    assert faults == {
        MailDeliveryError,
        RegistryUnavailable,
        ConfigError,
        RegistryUnreachable,
        RegistryBusy,
        ClientRefused,
    }


def test_every_error_code_has_a_sample_here() -> None:
    # A new error type must be added to SAMPLES, so its round trip is tested below.
    assert {type(e) for e in SAMPLES} == set(error_codes().values())
    assert set(error_codes().values()) == _concrete_errors()


@pytest.mark.parametrize("error", SAMPLES, ids=lambda e: f"{e.code}")
def test_an_error_comes_back_from_its_wire_form_as_the_same_type_data_and_words(
    error: RegistrationError,
) -> None:
    wire = json.loads(json.dumps(error.to_wire()))  # JSON values only, or dumps fails
    assert wire["code"] == error.code
    again = error_from_wire(wire)
    assert type(again) is type(error)
    assert again.data() == error.data()
    assert again.message == error.message
    assert str(again) == str(error)


@pytest.mark.parametrize("error", SAMPLES, ids=lambda e: f"{e.code}")
def test_an_error_survives_pickling_between_processes(error: RegistrationError) -> None:
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - bytes this test just made
    assert type(again) is type(error)
    assert again.data() == error.data()
    assert again.message == error.message


def test_the_data_a_screen_needs_is_kept_as_attributes() -> None:
    again = error_from_wire(DocumentLocked(MOMENT).to_wire())
    assert isinstance(again, DocumentLocked)
    assert again.until == MOMENT
    failed = error_from_wire(VerificationFailed(3).to_wire())
    assert isinstance(failed, VerificationFailed)
    assert failed.attempts_left == 3


def test_a_refusal_worded_from_its_data_says_the_data_in_both_languages() -> None:
    error = VerificationFailed(2)
    assert "Még 2 próbálkozása van" in error.message.hu
    assert "2 attempts left" in error.message.en
    locked = DocumentLocked(datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
    assert "10:30" in locked.message.hu
    assert "10:30" in locked.message.en


def test_a_refusal_worded_from_its_data_travels_without_its_words() -> None:
    # Their words live once, in desktop.registration.words, and are rebuilt on arrival.
    worded = [e for e in SAMPLES if "message_hu" not in e.data()]
    assert len(worded) >= 15
    for error in worded:
        wire = json.dumps(error.to_wire(), ensure_ascii=False)
        assert error.message.hu not in wire
        assert error.message.en not in wire


@pytest.mark.parametrize(
    "wire",
    [
        {"code": "no-such-error", "data": {}},
        {"code": 5, "data": {}},
        {"code": "verification-failed"},
        {"code": "verification-failed", "data": {"attempts_left": "3"}},
        {"code": "verification-failed", "data": {"attempts_left": True}},
        {"code": "document-locked", "data": {"until": "2026-03-02T09:30:00"}},  # no zone
        {"code": "document-locked", "data": {"until": "tomorrow"}},
        {"code": "mail-delivery", "data": {"message_hu": "x"}},
        {
            "code": "citizen-import",
            "data": {"line": 3, "field": 4, "message_hu": "", "message_en": ""},
        },
    ],
)
def test_a_malformed_or_unknown_wire_error_is_refused_with_a_value_error(
    wire: dict[str, object],
) -> None:
    # Each malformation has its own message; the contract is the exception's type.
    with pytest.raises(ValueError):  # noqa: PT011
        error_from_wire(wire)


def test_two_error_types_cannot_share_a_code() -> None:
    with pytest.raises(TypeError, match="verification-failed"):

        class Again(Refusal):
            code = "verification-failed"

    assert error_codes()["verification-failed"] is VerificationFailed
    gc.collect()  # the refused class must not linger among RegistrationError's subclasses


def test_the_codes_are_the_published_ones() -> None:
    # A code is part of the wire format: renaming one breaks older clients.
    assert sorted(error_codes()) == sorted(
        [
            "account-locked",
            "activation-code-expired",
            "already-registered",
            "citizen-import",
            "client-refused",
            "config-error",
            "document-expired",
            "document-locked",
            "invalid-activation-code",
            "invalid-second-factor-code",
            "mail-delivery",
            "registry-busy",
            "registry-unavailable",
            "registry-unreachable",
            "resend-too-soon",
            "rule-violation",
            "second-factor-code-already-used",
            "second-factor-not-enrolled",
            "sign-in-failed",
            "too-many-attempts",
            "unknown-account",
            "username-taken",
            "verification-expired",
            "verification-failed",
        ]
    )
    assert errors.RegistrationError.code not in error_codes()
