"""No enumeration, and no lockout a stranger can hold (issue 10, defect 9).

The sign-in lockout told existing usernames from unknown ones; activation and resend answered
"unknown account" and "already registered" differently; nothing limited failures overall; a
stranger knowing a document number or username could lock its owner out again and again, and
void the mailed activation code by asking for resends.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.config import Config, load_config
from desktop.registry import Policy, RegistrationService, open_service, seed_demo
from desktop.registry.errors import (
    AccountLocked,
    DocumentLocked,
    RegistrationError,
    SecondFactorNotEnrolled,
    SignInFailed,
    TooManyAttempts,
    UnknownAccount,
    VerificationFailed,
)
from desktop.registry.passwords import FAST_FOR_TESTS, Argon2Parameters
from tests.registry.conftest import (
    EVA,
    GYORGY,
    PASSWORD,
    FakeClock,
    activation_code_from,
    latest_code,
    register_active,
    run_module,
    totp_now,
)

WRONG_CODE = "wrongcode11"


def _answer(call: object) -> tuple[str, str]:
    assert callable(call)
    try:
        call()
    except RegistrationError as exc:
        return type(exc).__name__, exc.message.en
    raise AssertionError("no refusal")


def _service(tmp_path: Path, clock: FakeClock, **policy: object) -> RegistrationService:
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'data_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    svc = open_service(
        load_config(config_file),
        clock=clock,
        password_params=FAST_FOR_TESTS,
        policy=Policy(**policy),  # type: ignore[arg-type]
    )
    seed_demo(svc)
    return svc


# --- the lockout is no oracle ----------------------------------------------------------------


def test_an_unknown_username_is_answered_counted_and_locked_exactly_like_an_existing_one(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    answers: dict[str, list[tuple[str, str]]] = {}
    for name in ("KisAnna", "NincsIlyen"):
        answers[name] = [
            _answer(lambda n=name: service.sign_in(n, "not the password at all", "000000"))
            for _ in range(7)
        ]
    assert answers["KisAnna"] == answers["NincsIlyen"]
    kinds = [kind for kind, _ in answers["KisAnna"]]
    assert kinds == ["SignInFailed"] * 4 + ["AccountLocked"] * 3


def test_a_locked_unknown_and_a_locked_existing_username_both_wait_before_answering(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    delay = 0.3
    with _service(tmp_path, clock, locked_delay=timedelta(seconds=delay)) as svc:
        register_active(svc, clock)
        for name in ("KisAnna", "NincsIlyen"):
            for _ in range(5):
                with pytest.raises((SignInFailed, AccountLocked)):
                    svc.sign_in(name, "not the password at all", "000000")
        for name in ("KisAnna", "NincsIlyen"):
            started = time.monotonic()
            with pytest.raises(AccountLocked):
                svc.sign_in(name, "not the password at all", "000000")
            assert time.monotonic() - started >= delay
        started = time.monotonic()
        with pytest.raises(SignInFailed):
            svc.sign_in("MasikNev", "not the password at all", "000000")
        assert time.monotonic() - started < delay  # not locked: no wait


def test_sign_in_takes_as_long_for_an_unknown_username_as_for_an_existing_one(
    config: Config, clock: FakeClock
) -> None:
    # A real Argon2id cost (smaller than production's so the test stays short): the password
    # check dominates, and an unknown name is checked against a dummy hash of the same cost.
    params = Argon2Parameters(memory_kib=16384, iterations=2, lanes=1)
    with open_service(config, clock=clock, password_params=params) as svc:
        seed_demo(svc)
        register_active(svc, clock)

        def timed(name: str) -> float:
            started = time.perf_counter()
            with pytest.raises(SignInFailed):
                svc.sign_in(name, "not the password at all", "000000")
            return time.perf_counter() - started

        samples: dict[str, list[float]] = {"KisAnna": [], "NincsIlyen": []}
        for _ in range(4):  # under the lock threshold
            for name in samples:
                samples[name].append(timed(name))
    known, unknown = (statistics.median(samples[n]) for n in ("KisAnna", "NincsIlyen"))
    # The machine is shared: only the class is compared (within a factor of two), not the time.
    assert 0.5 < unknown / known < 2.0, samples


# --- activation and resend do not tell unknown from already registered -------------------


def test_activate_and_resend_answer_alike_for_an_unknown_and_an_active_username(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    clock.advance(minutes=2)
    code = "ABCD-EFGH-JKLM"
    assert _answer(lambda: service.activate("KisAnna", code, PASSWORD)) == _answer(
        lambda: service.activate("NincsIlyen", code, PASSWORD)
    )
    assert _answer(lambda: service.resend_activation("KisAnna")) == _answer(
        lambda: service.resend_activation("NincsIlyen")
    )
    assert _answer(lambda: service.resend_activation("KisAnna"))[0] == UnknownAccount.__name__


def test_confirming_a_code_answers_alike_for_an_unknown_and_an_active_username(
    service: RegistrationService, clock: FakeClock
) -> None:
    register_active(service, clock)
    known = _answer(lambda: service.confirm_second_factor("KisAnna", "123456"))
    assert known == _answer(lambda: service.confirm_second_factor("NincsIlyen", "123456"))
    assert known[0] == SecondFactorNotEnrolled.__name__


# --- limits per source and overall ---------------------------------------------------------


def test_a_thousand_wrong_codes_over_250_documents_are_mostly_refused_unchecked(
    service: RegistrationService, clock: FakeClock
) -> None:
    limit = service.policy.source_failures
    kinds: list[str] = []
    for i in range(1000):
        document = f"{100000 + i % 250:06d}ZZ"
        kinds.append(_answer(lambda d=document: service.verify(d, WRONG_CODE))[0])
    assert kinds[:limit] == ["VerificationFailed"] * limit
    assert set(kinds[limit:]) == {"TooManyAttempts"}
    # The refusal is the source's, so it does not even let the right code through ...
    with pytest.raises(TooManyAttempts) as exc:
        service.verify(*EVA)
    assert exc.value.scope == "source"
    assert exc.value.retry_at <= clock() + service.policy.source_window
    # ... while another source (another kiosk) is not affected ...
    assert service.verify(*EVA, source="kiosk-2").person.document_number == EVA[0]
    # ... and the window passes.
    clock.now = exc.value.retry_at + timedelta(seconds=1)
    assert service.verify(*EVA).person.document_number == EVA[0]


def test_sign_in_failures_count_for_the_source_too(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    names = [f"Nev{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(40)]
    kinds = [
        _answer(lambda n=name: service.sign_in(n, "wrong password here", "000000"))[0]
        for name in names
    ]
    assert kinds.count("TooManyAttempts") == 40 - service.policy.source_failures
    clock.advance(seconds=30)
    with pytest.raises(TooManyAttempts):
        service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock()))
    assert service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock()), source="home")


def test_failures_from_many_sources_reach_the_global_limit_for_a_short_window(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    window = timedelta(minutes=5)
    with _service(
        tmp_path, clock, source_failures=5, global_failures=12, global_window=window
    ) as svc:
        for i in range(12):
            with pytest.raises((VerificationFailed, DocumentLocked)):
                svc.verify(f"{200000 + i:06d}ZZ", WRONG_CODE, source=f"kiosk-{i % 4}")
        with pytest.raises(TooManyAttempts) as exc:
            svc.verify(*EVA, source="kiosk-new")
        assert exc.value.scope == "global"
        assert "service" in exc.value.message.en
        assert "szolgáltatás" in exc.value.message.hu
        clock.advance(minutes=5, seconds=1)
        assert svc.verify(*EVA, source="kiosk-new").person.document_number == EVA[0]
        throttled = [e for e in svc.audit_entries() if e.event == "throttled"]
        assert [e.subject for e in throttled] == ["global"]  # once per window, not per refusal


# --- a stranger cannot keep the owner out ----------------------------------------------------


def test_a_stranger_locking_a_document_again_and_again_does_not_keep_its_owner_out(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    delay = 0.2
    with _service(tmp_path, clock, locked_delay=timedelta(seconds=delay)) as svc:
        for _round in range(3):
            kinds = [
                _answer(lambda: svc.verify(EVA[0], WRONG_CODE, source="stranger"))[0]
                for _ in range(5)
            ]
            assert kinds[-1] == "DocumentLocked"
            started = time.monotonic()
            assert svc.verify(*EVA).person.document_number == EVA[0]
            assert time.monotonic() - started >= delay  # the owner is slowed down, not kept out
            clock.advance(minutes=20)


def test_a_stranger_locking_a_username_does_not_keep_its_owner_from_signing_in(
    service: RegistrationService, clock: FakeClock
) -> None:
    reg = register_active(service, clock)
    for _round in range(3):
        for _ in range(6):
            with pytest.raises((SignInFailed, AccountLocked)):
                service.sign_in("KisAnna", "a guess at the password", "000000", source="stranger")
        clock.advance(seconds=30)
        signed_in = service.sign_in("KisAnna", PASSWORD, totp_now(reg.enrolment, clock()))
        assert signed_in.username == "KisAnna"


def test_asking_for_resends_never_voids_the_code_already_mailed(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    mailed = latest_code(service)
    for _ in range(3):  # a stranger who knows the username, once a minute
        clock.advance(minutes=1, seconds=1)
        service.resend_activation("KisAnna")
    # Every resend carried the same code, with the same expiry ...
    codes = {activation_code_from(m.text) for m in service.delivered_mail()}
    assert codes == {mailed}
    # ... and the code the person got first still activates.
    enrolment = service.activate("KisAnna", mailed, PASSWORD)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))


def test_a_resend_after_the_code_expired_mails_a_new_one(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*GYORGY), "NagyGyorgy", "nagy.gyorgy@example.hu")
    old = latest_code(service)
    clock.advance(days=5, seconds=1)
    pending = service.resend_activation("NagyGyorgy")
    assert pending.activation_expires_at == clock() + timedelta(days=5)
    new = latest_code(service)
    assert new != old
    service.activate("NagyGyorgy", new, PASSWORD)


def test_wrong_activation_codes_count_for_the_source_too(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    code = latest_code(service)
    wrong = "ABCD-EFGH-JKLM" if code != "ABCD-EFGH-JKLM" else "ABCD-EFGH-JKLN"
    kinds = [
        _answer(lambda: service.activate("KisAnna", wrong, PASSWORD, source="kiosk-9"))[0]
        for _ in range(service.policy.source_failures + 2)
    ]
    assert kinds[-2:] == ["TooManyAttempts", "TooManyAttempts"]
    assert service.activate("KisAnna", code, PASSWORD).username == "KisAnna"


def test_the_admin_cli_lists_and_lifts_a_sign_in_lock(tmp_path: Path) -> None:
    clock = FakeClock()
    with _service(tmp_path, clock, locked_delay=timedelta(0)) as svc:
        register_active(svc, clock)
        for _ in range(5):
            with pytest.raises((SignInFailed, AccountLocked)):
                svc.sign_in("KisAnna", "not the password at all", "000000")
        db = svc.config.database_path
    listed = run_module("desktop.registry", "--db", str(db), "accounts")
    assert listed.returncode == 0
    assert "locked until" in listed.stdout
    lifted = run_module("desktop.registry", "--db", str(db), "unlock", EVA[0])
    assert lifted.returncode == 0
    assert "unlocked" in lifted.stdout
    listed = run_module("desktop.registry", "--db", str(db), "accounts")
    assert "locked until" not in listed.stdout
