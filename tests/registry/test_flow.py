"""The whole flow through the facade (file mail transport) and every refusal on the way."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.registry import RegistrationService, open_service
from desktop.registry.errors import (
    AccountLocked,
    ActivationCodeExpired,
    AlreadyRegistered,
    DocumentExpired,
    DocumentLocked,
    InvalidActivationCode,
    InvalidSecondFactorCode,
    ResendTooSoon,
    RuleViolation,
    SecondFactorCodeAlreadyUsed,
    SecondFactorNotEnrolled,
    SignInFailed,
    UnknownAccount,
    UsernameTaken,
    VerificationExpired,
    VerificationFailed,
)
from desktop.registry.models import MailStatus
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import (
    ANNA,
    EVA,
    GYORGY,
    ILONA_EXPIRED,
    PASSWORD,
    FakeClock,
    activation_code_from,
    latest_code,
    register_active,
    totp_now,
)


def test_a_person_goes_from_verify_to_sign_in_with_the_code_from_the_file_outbox(
    service: RegistrationService, clock: FakeClock
) -> None:
    verification = service.verify("201847ka", "Q4mT7xR2kW9")
    assert verification.person.family_name == "Kovács"
    assert verification.person.given_names == "Éva Zsófia"
    assert verification.person.mother_name == "Tóth Mária"
    pending = service.register(verification, "KisAnna", "kis.anna@example.hu")
    assert pending.mail_status is MailStatus.SENT
    assert pending.activation_expires_at == clock() + timedelta(days=5)

    [mail] = service.delivered_mail()
    assert mail.to == "kis.anna@example.hu"
    assert "Ügyfélkapu" in mail.subject
    assert mail.text.index("Tisztelt") < mail.text.index("Dear Client")  # Hungarian first
    assert "2026. március 7. 10:00" in mail.text
    assert "7 March 2026, 10:00" in mail.text
    code = activation_code_from(mail.text)
    assert code in mail.html

    enrolment = service.activate("KisAnna", code, PASSWORD)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/")
    assert f"secret={enrolment.secret_base32}" in enrolment.otpauth_uri
    assert "KisAnna" in enrolment.otpauth_uri
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))

    clock.advance(seconds=30)
    signed_in = service.sign_in("KisAnna", PASSWORD, totp_now(enrolment, clock()))
    assert signed_in.display_name == "Kovács Éva Zsófia"
    assert not signed_in.used_recovery_code
    assert [a.state for a in service.accounts()] == ["active"]


def test_sign_in_compares_the_username_exactly(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    clock.advance(seconds=30)
    for other_case in ("kisanna", "Kisanna", "kisAnna", "KISANNA"):
        with pytest.raises(SignInFailed):
            service.sign_in(other_case, PASSWORD, totp_now(reg.enrolment, clock()))
    assert (
        service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock())).username == "KisAnna"
    )


def test_a_username_equal_to_an_existing_one_ignoring_case_is_taken(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    for other_case in ("kisanna", "KISANNA", "KisAnna"):
        with pytest.raises(UsernameTaken):
            service.check_username(other_case)
    verification = service.verify(*GYORGY)
    with pytest.raises(UsernameTaken) as exc:
        service.register(verification, "kisanna", "gyorgy@example.hu")
    assert "kisanna" in exc.value.message.en
    # The refused attempt did not use up the verification.
    assert service.register(verification, "SzaboGyorgy", "gyorgy@example.hu").username


@pytest.mark.parametrize(
    ("first", "second"),
    [("Őrség", "őRSÉG"), ("Űrhajós", "űRHAJÓS"), ("Ágnes", "áGNES"), ("Kőműves", "KŐMŰVES")],
)
def test_hungarian_letters_differing_only_in_case_make_the_same_username(
    service: RegistrationService, first: str, second: str
) -> None:
    service.register(service.verify(*EVA), first, "elso@example.hu")
    with pytest.raises(UsernameTaken):
        service.check_username(second)
    with pytest.raises(UsernameTaken):
        service.register(service.verify(*GYORGY), second, "masodik@example.hu")
    assert [a.username for a in service.accounts()] == [first]


def test_check_username_passes_a_free_valid_name_and_refuses_a_bad_one(
    service: RegistrationService,
) -> None:
    service.check_username("KisAnna")
    with pytest.raises(RuleViolation):
        service.check_username("mama")


def test_an_unknown_document_and_a_wrong_code_give_the_same_answer(
    service: RegistrationService,
) -> None:
    with pytest.raises(VerificationFailed) as unknown:
        service.verify("999999ZZ", "Q4mT7xR2kW9")
    with pytest.raises(VerificationFailed) as wrong:
        service.verify(EVA[0], "Q4mT7xR2kWX")
    assert unknown.value.message == wrong.value.message
    assert unknown.value.attempts_left == wrong.value.attempts_left == 4


def test_registration_code_comparison_is_case_sensitive_and_ignores_spaces(
    service: RegistrationService,
) -> None:
    with pytest.raises(VerificationFailed):
        service.verify(EVA[0], EVA[1].lower())
    assert service.verify(EVA[0], "Q4mT 7xR2 kW9").person.document_number == EVA[0]


def test_five_failures_lock_a_document_for_thirty_minutes(
    service: RegistrationService, clock: FakeClock
) -> None:
    left = []
    for _ in range(4):
        with pytest.raises(VerificationFailed) as exc:
            service.verify(EVA[0], "wrongcode11")
        left.append(exc.value.attempts_left)
    assert left == [4, 3, 2, 1]
    with pytest.raises(DocumentLocked) as locked:
        service.verify(EVA[0], "wrongcode11")
    assert locked.value.until == clock() + timedelta(minutes=30)
    clock.advance(minutes=29)
    with pytest.raises(DocumentLocked):
        service.verify(EVA[0], "wrongcode11")
    clock.advance(minutes=1, seconds=1)
    with pytest.raises(VerificationFailed) as fresh:
        service.verify(EVA[0], "wrongcode11")
    assert fresh.value.attempts_left == 4  # a lock that ran out starts a fresh count


def test_unknown_documents_lock_like_known_ones(service: RegistrationService) -> None:
    for _ in range(4):
        with pytest.raises(VerificationFailed):
            service.verify("999999ZZ", "wrongcode11")
    with pytest.raises(DocumentLocked):
        service.verify("999999ZZ", "wrongcode11")


def test_a_success_resets_the_failure_count(service: RegistrationService) -> None:
    for _ in range(3):
        with pytest.raises(VerificationFailed):
            service.verify(EVA[0], "wrongcode11")
    service.verify(*EVA)
    with pytest.raises(VerificationFailed) as exc:
        service.verify(EVA[0], "wrongcode11")
    assert exc.value.attempts_left == 4


def test_an_expired_document_gets_its_own_message(service: RegistrationService) -> None:
    with pytest.raises(DocumentExpired) as exc:
        service.verify(*ILONA_EXPIRED)
    assert "2024-02-29" in exc.value.message.hu
    assert "2024-02-29" in exc.value.message.en


def test_a_document_with_an_active_account_gets_its_own_message(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    with pytest.raises(AlreadyRegistered):
        service.verify(*EVA)


def test_a_verification_expires_after_fifteen_minutes(
    service: RegistrationService, clock: FakeClock
) -> None:
    verification = service.verify(*EVA)
    assert verification.expires_at == clock() + timedelta(minutes=15)
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(VerificationExpired):
        service.register(verification, "KisAnna", "kis.anna@example.hu")
    assert service.accounts() == []


def test_a_verification_registers_once(service: RegistrationService) -> None:
    verification = service.verify(*EVA)
    service.register(verification, "KisAnna", "kis.anna@example.hu")
    with pytest.raises(VerificationExpired):
        service.register(verification, "KisAnnaMasodik", "kis.anna@example.hu")


def test_registering_again_before_activation_replaces_the_pending_account(
    service: RegistrationService,
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.ana@example.hu")
    old_code = latest_code(service)
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    [account] = service.accounts()
    assert account.email == "kis.anna@example.hu"
    assert service.queued_mail() == []
    with pytest.raises(InvalidActivationCode):
        service.activate("KisAnna", old_code, PASSWORD)


def test_register_refuses_a_bad_username_or_email_before_creating_anything(
    service: RegistrationService,
) -> None:
    verification = service.verify(*EVA)
    with pytest.raises(RuleViolation) as bad_name:
        service.register(verification, "Kis Anna", "kis.anna@example.hu")
    assert bad_name.value.field == "username"
    with pytest.raises(RuleViolation) as bad_mail:
        service.register(verification, "KisAnna", "kis.anna@")
    assert bad_mail.value.field == "email"
    assert service.accounts() == []


def test_the_activation_code_is_accepted_without_dashes_and_in_any_case(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    enrolment = service.activate("KisAnna", code.replace("-", "").lower(), PASSWORD)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))


def test_activation_wants_the_username_in_its_exact_case(service: RegistrationService) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    with pytest.raises(UnknownAccount):
        service.activate("kisanna", latest_code(service), PASSWORD)


def test_activation_refuses_a_weak_password_without_using_up_an_attempt(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    with pytest.raises(RuleViolation) as exc:
        service.activate("KisAnna", code, "KisAnna12345678")
    assert exc.value.field == "password"
    service.activate("KisAnna", code, PASSWORD)


def test_five_wrong_activation_codes_slow_it_down_but_the_right_one_still_activates(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    wrong = "ABCD-EFGH-JKLM" if code != "ABCD-EFGH-JKLM" else "ABCD-EFGH-JKLN"
    for left in (4, 3, 2, 1, 0, 0):
        with pytest.raises(InvalidActivationCode) as exc:
            service.activate("KisAnna", wrong, PASSWORD)
        assert exc.value.attempts_left == left
    assert "few seconds" in exc.value.message.en
    # A stranger's wrong tries do not take the code from its owner.
    enrolment = service.activate("KisAnna", code, PASSWORD)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))


def test_an_activation_code_expires_after_five_days(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    clock.advance(days=5, seconds=1)
    with pytest.raises(ActivationCodeExpired) as exc:
        service.activate("KisAnna", code, PASSWORD)
    assert "5" in exc.value.message.en
    clock.advance(seconds=5)
    service.resend_activation("KisAnna")
    service.activate("KisAnna", latest_code(service), PASSWORD)


def test_an_interrupted_enrolment_can_be_started_again_with_the_same_code(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    first = service.activate("KisAnna", code, PASSWORD)
    second = service.activate("KisAnna", code, PASSWORD)
    assert first.secret_base32 != second.secret_base32
    with pytest.raises(InvalidSecondFactorCode):
        service.confirm_second_factor("KisAnna", totp_now(first, clock()))
    service.confirm_second_factor("KisAnna", totp_now(second, clock()))
    with pytest.raises(UnknownAccount):  # active answers like unknown: no state oracle
        service.activate("KisAnna", code, PASSWORD)


def test_confirming_a_second_factor_before_activation_is_refused(
    service: RegistrationService,
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    with pytest.raises(SecondFactorNotEnrolled):
        service.confirm_second_factor("KisAnna", "123456")


def test_totp_accepts_one_step_of_clock_drift_and_no_more(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    enrolment = service.activate("KisAnna", latest_code(service), PASSWORD)
    too_old = totp_now(enrolment, clock() - timedelta(seconds=61))
    with pytest.raises(InvalidSecondFactorCode):
        service.confirm_second_factor("KisAnna", too_old)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock() + timedelta(seconds=30)))


def test_a_totp_code_cannot_be_used_twice(service: RegistrationService, clock: FakeClock) -> None:
    reg = register_active(service, clock)
    clock.advance(seconds=60)
    code = totp_now(reg.enrolment, clock())
    service.sign_in("KisAnna", PASSWORD, code)
    with pytest.raises(SignInFailed):
        service.sign_in("KisAnna", PASSWORD, code)


def test_the_code_just_used_to_confirm_the_app_is_refused_with_its_own_message(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    enrolment = service.activate("KisAnna", latest_code(service), PASSWORD)
    code = totp_now(enrolment, clock())
    service.confirm_second_factor("KisAnna", code)
    with pytest.raises(SecondFactorCodeAlreadyUsed) as refused:
        service.sign_in("KisAnna", PASSWORD, code)
    assert "már felhasználta" in refused.value.message.hu
    assert "already been used" in refused.value.message.en
    assert code not in str(refused.value)
    # Only with the right password: anyone else hears the general answer.
    with pytest.raises(SignInFailed) as general:
        service.sign_in("KisAnna", PASSWORD + "x", code)
    assert not isinstance(general.value, SecondFactorCodeAlreadyUsed)
    # The replay protection stands: the same code again is still refused; the next one works.
    with pytest.raises(SecondFactorCodeAlreadyUsed):
        service.sign_in("KisAnna", PASSWORD, code)
    clock.advance(seconds=30)
    assert service.sign_in("KisAnna", PASSWORD, totp_now(enrolment, clock())).username


def test_a_replayed_code_counts_towards_the_lock_like_any_failure(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    clock.advance(seconds=60)
    code = totp_now(reg.enrolment, clock())
    service.sign_in("KisAnna", PASSWORD, code)
    for _ in range(service.policy.sign_in_attempts - 1):
        with pytest.raises(SecondFactorCodeAlreadyUsed):
            service.sign_in("KisAnna", PASSWORD, code)
    with pytest.raises(AccountLocked):
        service.sign_in("KisAnna", PASSWORD, code)


def test_the_recovery_code_signs_in_once(service: RegistrationService, clock: FakeClock) -> None:
    reg = register_active(service, clock)
    recovery = reg.enrolment.recovery_code
    assert len(recovery) == 19
    assert recovery.count("-") == 3
    signed_in = service.sign_in("KisAnna", PASSWORD, recovery.lower().replace("-", " "))
    assert signed_in.used_recovery_code
    with pytest.raises(SignInFailed):
        service.sign_in("KisAnna", PASSWORD, recovery)


def test_a_wrong_password_with_a_right_code_fails(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    clock.advance(seconds=30)
    with pytest.raises(SignInFailed):
        service.sign_in("KisAnna", PASSWORD + "x", totp_now(reg.enrolment, clock()))


def test_sign_in_before_activation_says_the_account_is_not_active(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    service.activate("KisAnna", latest_code(service), PASSWORD)
    with pytest.raises(SignInFailed) as exc:
        service.sign_in("KisAnna", PASSWORD, "123456")
    assert "not activated" in exc.value.message.en


def test_repeated_sign_in_failures_lock_the_account_for_a_while(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    for _ in range(4):
        with pytest.raises(SignInFailed):
            service.sign_in("KisAnna", "not the password at all", "000000")
    with pytest.raises(AccountLocked) as exc:
        service.sign_in("KisAnna", "not the password at all", "000000")
    assert exc.value.until == clock() + timedelta(minutes=15)
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        service.sign_in("KisAnna", PASSWORD, "000000")
    outcomes = [(e.event, e.outcome, e.detail) for e in service.audit_entries()]
    assert ("account-locked", "ok", None) in outcomes
    # The lock slows checks down; the owner with the right password and code still gets in.
    assert service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock())).username


def test_an_unknown_username_fails_like_a_wrong_password(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    with pytest.raises(SignInFailed) as unknown:
        service.sign_in("NincsIlyen", PASSWORD, "123456")
    with pytest.raises(SignInFailed) as wrong:
        service.sign_in("KisAnna", "not the password at all", "123456")
    assert unknown.value.message == wrong.value.message


def test_every_step_is_in_the_audit_log(service: RegistrationService, clock: FakeClock) -> None:
    with pytest.raises(VerificationFailed):
        service.verify(ANNA[0], "wrongcode11")
    reg = register_active(service, clock)
    clock.advance(seconds=30)
    service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock()))
    events = [(e.event, e.outcome) for e in service.audit_entries()]
    for expected in [
        ("verify", "failed"),
        ("verify", "ok"),
        ("register", "ok"),
        ("mail", "ok"),
        ("activate", "ok"),
        ("second-factor", "ok"),
        ("sign-in", "ok"),
        ("admin", "ok"),
    ]:
        assert expected in events


def test_the_clock_must_be_timezone_aware(config, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]

    with (
        open_service(
            # A naive clock on purpose: the service must refuse it.
            config, clock=lambda: datetime(2026, 1, 1), password_params=FAST_FOR_TESTS  # noqa: DTZ001
        ) as svc,
        pytest.raises(ValueError, match="timezone-aware"),
    ):
        svc.verify(*EVA)


def test_activation_and_recovery_codes_use_the_unambiguous_alphabet() -> None:
    from desktop.registry.service import CODE_ALPHABET, new_code

    assert not set("IO01") & set(CODE_ALPHABET)
    assert len(CODE_ALPHABET) == 32
    codes = {new_code(3) for _ in range(2000)}
    assert len(codes) == 2000  # 60 bits each: no repeats
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4]
        assert set("".join(groups)) <= set(CODE_ALPHABET)
    assert set("".join(codes).replace("-", "")) == set(CODE_ALPHABET)  # every symbol drawn


def test_malformed_input_to_verify_is_a_rule_violation_and_costs_no_attempt(
    service: RegistrationService,
) -> None:
    for doc, code in (("12345", EVA[1]), (EVA[0], "short"), ("", ""), (EVA[0], "Q4mT7xR2kW9!")):
        with pytest.raises(RuleViolation):
            service.verify(doc, code)
    with pytest.raises(VerificationFailed) as exc:
        service.verify(EVA[0], "wrongcode11")
    assert exc.value.attempts_left == 4


def test_the_service_can_be_called_from_several_threads_at_once(
    service: RegistrationService,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    citizens = [EVA, GYORGY, ANNA]
    names = ["KisAnna", "SzaboGyorgy", "HorvathAnna"]

    def register(k: int) -> str:
        for _ in range(5):
            service.check_username(names[k])
        v = service.verify(*citizens[k])
        return service.register(v, names[k], f"{names[k].lower()}@example.hu").username

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert sorted(pool.map(register, range(3))) == sorted(names)
    assert len(service.delivered_mail()) == 3


def test_a_resend_within_a_minute_of_the_last_mail_is_refused(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    clock.advance(seconds=30)
    with pytest.raises(ResendTooSoon) as exc:
        service.resend_activation("KisAnna")
    assert exc.value.retry_at == clock() + timedelta(seconds=30)
    assert len(service.delivered_mail()) == 1
    clock.advance(seconds=30)
    service.resend_activation("KisAnna")
    assert len(service.delivered_mail()) == 2
    with pytest.raises(UnknownAccount):
        service.resend_activation("kisanna")
