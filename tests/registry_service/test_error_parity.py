"""The client raises, for every refusal and fault, the same error type with the same data as
the local registry: each scenario runs against both, and their errors are compared."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.config import Config
from desktop.registration import errors as contract
from desktop.registration import errors as network
from desktop.registration.errors import RegistrationError, error_codes
from desktop.registration.protocols import RegistrationService
from desktop.registry import open_service, seed_demo
from desktop.registry.mail import read_file_outbox
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry_client.client import RemoteRegistry, _error
from desktop.registry_service import problems
from tests.registry_service.conftest import GENEROUS
from tests.registry_service.harness import Pki, Smtp, write_config

CODE_RE = re.compile(r"^([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})$", re.M)
PASSWORD = "nyári almafa kék villamos"
EVA = ("201847KA", "Q4mT7xR2kW9")


@dataclasses.dataclass
class Backend:
    registry: RegistrationService
    activation_code: Callable[[], str]


Scenario = Callable[[Backend], object]


def _registered(b: Backend, name: str = "ErdeiTünde") -> None:
    b.registry.register(b.registry.verify(*EVA), name, "kis.anna@example.hu")


def _enrolling(b: Backend, name: str = "ErdeiTünde") -> Any:
    _registered(b, name)
    return b.registry.activate(name, b.activation_code(), PASSWORD)


def _active(b: Backend) -> None:
    import base64
    from datetime import UTC

    from desktop.registry.totp import code_at

    e = _enrolling(b)
    b.registry.confirm_second_factor(
        "ErdeiTünde", code_at(base64.b32decode(e.secret_base32), datetime.now(UTC))
    )


def _locked_document(b: Backend) -> None:
    for _ in range(5):
        try:
            b.registry.verify("318205BD", "H8pZ3nV6cL3")
        except contract.DocumentLocked:
            raise
        except contract.VerificationFailed:
            pass


def _many_failures(b: Backend) -> None:
    # Spread over many document numbers: the per-source count (30 in 15 minutes) cuts it off.
    for n in range(40):
        with contextlib.suppress(contract.VerificationFailed):
            b.registry.verify(f"{100000 + n}AA", "Q4mT7xR2kW8")


def _locked_account(b: Backend) -> None:
    _active(b)
    for _ in range(5):
        with contextlib.suppress(contract.SignInFailed):
            b.registry.sign_in("ErdeiTünde", "wrong password here!", "000000")


def _after(setup: Scenario, action: Scenario) -> Scenario:
    """`action` on a backend that `setup` has brought to the state it needs."""

    def scenario(b: Backend) -> object:
        setup(b)
        return action(b)

    return scenario


SCENARIOS: dict[str, tuple[type[RegistrationError], Scenario]] = {
    "wrong registration code": (
        contract.VerificationFailed, lambda b: b.registry.verify("201847KA", "Q4mT7xR2kW8")),
    "five wrong codes lock the document": (contract.DocumentLocked, _locked_document),
    "an expired card": (
        contract.DocumentExpired, lambda b: b.registry.verify("095533AA", "N2gX8rJ4tM6")),
    "a malformed document number": (
        contract.RuleViolation, lambda b: b.registry.verify("??", "Q4mT7xR2kW9")),
    "a too short username": (contract.RuleViolation, lambda b: b.registry.check_username("ab")),
    "a taken username in other letters' case": (
        contract.UsernameTaken,
        _after(_registered, lambda b: b.registry.check_username("ERDEItünde")),
    ),
    "a spent verification": (
        contract.VerificationExpired,
        lambda b: b.registry.register(
            dataclasses.replace(b.registry.verify(*EVA), token="x" * 43),
            "ValakiMás",
            "v@example.hu",
        ),
    ),
    "a bad e-mail address": (
        contract.RuleViolation,
        lambda b: b.registry.register(b.registry.verify(*EVA), "ValakiMás", "not-an-address"),
    ),
    "a resend right after the mail": (
        contract.ResendTooSoon,
        _after(_registered, lambda b: b.registry.resend_activation("ErdeiTünde")),
    ),
    "activating an unknown account": (
        contract.UnknownAccount,
        lambda b: b.registry.activate("SenkiSem", "ABCD-EFGH-JK23", PASSWORD),
    ),
    "a wrong activation code": (
        contract.InvalidActivationCode,
        _after(
            _registered, lambda b: b.registry.activate("ErdeiTünde", "ABCD-EFGH-JK23", PASSWORD)
        ),
    ),
    "too many wrong codes from one kiosk or app": (contract.TooManyAttempts, _many_failures),
    "a weak password": (
        contract.RuleViolation,
        _after(
            _registered, lambda b: b.registry.activate("ErdeiTünde", b.activation_code(), "abc")
        ),
    ),
    "a wrong first authenticator code": (
        contract.InvalidSecondFactorCode,
        _after(_enrolling, lambda b: b.registry.confirm_second_factor("ErdeiTünde", "000000")),
    ),
    "confirming before activation": (
        contract.SecondFactorNotEnrolled,
        _after(_registered, lambda b: b.registry.confirm_second_factor("ErdeiTünde", "000000")),
    ),
    "a sign-in before the second factor": (
        contract.SignInFailed,
        _after(_enrolling, lambda b: b.registry.sign_in("ErdeiTünde", PASSWORD, "000000")),
    ),
    "a wrong sign-in": (
        contract.SignInFailed, lambda b: b.registry.sign_in("SenkiSem", PASSWORD, "000000")),
    "five wrong sign-ins lock the account": (
        contract.AccountLocked,
        _after(_locked_account, lambda b: b.registry.sign_in("ErdeiTünde", PASSWORD, "000000")),
    ),
    "registering again once active": (
        contract.AlreadyRegistered, _after(_active, lambda b: b.registry.verify(*EVA))),
}  # fmt: skip


def _code_from(text: str) -> str:
    found = CODE_RE.search(text.replace("\r\n", "\n"))
    assert found
    return found.group(1)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Backend]:
    config = Config(data_dir=tmp_path / "local")
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    yield Backend(registry, lambda: _code_from(read_file_outbox(config)[0].text))
    registry.close()


@pytest.fixture
def remote(tmp_path: Path, pki: Pki, smtp: Smtp) -> Iterator[Backend]:
    service = write_config(tmp_path, pki, smtp.port, limits=GENEROUS)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-parity"))

    def code() -> str:
        deadline = time.monotonic() + 10
        while not smtp.inbox.messages:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        part = smtp.inbox.messages[-1].get_body(preferencelist=("plain",))
        assert part is not None
        return _code_from(str(part.get_content()))

    yield Backend(client, code)
    client.close()
    service.stop()


def _raised(backend: Backend, scenario: Scenario) -> RegistrationError:
    with pytest.raises(RegistrationError) as caught:
        scenario(backend)
    return caught.value


MOMENTS = ("until", "retry_at")


def _comparable(data: dict[str, object]) -> dict[str, object]:
    """The data but its moments (compared apart, `_moments`) and the clock times in its
    messages: the two registries run one after the other, seconds apart."""
    out: dict[str, object] = {}
    for key, value in data.items():
        if key in MOMENTS and isinstance(value, str):
            out[key] = "moment"
        elif key in ("message_hu", "message_en") and isinstance(value, str):
            out[key] = re.sub(r"\d{1,2}:\d{2}", "HH:MM", value)
        else:
            out[key] = value
    return out


def _moments(data: dict[str, object]) -> dict[str, float]:
    return {
        key: datetime.fromisoformat(value).timestamp()
        for key, value in data.items()
        if key in MOMENTS and isinstance(value, str)
    }


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_client_raises_the_local_registrys_error_with_its_data(
    name: str, local: Backend, remote: Backend
) -> None:
    expected, scenario = SCENARIOS[name]
    here = _raised(local, scenario)
    there = _raised(remote, scenario)
    assert type(here) is expected
    assert type(there) is expected
    assert _comparable(there.data()) == _comparable(here.data())
    # The same moment, give or take the time between the two runs (not rounded to buckets,
    # whose edge two moments a second apart can straddle).
    local_moments, remote_moments = _moments(here.data()), _moments(there.data())
    assert local_moments.keys() == remote_moments.keys()
    for key, moment in local_moments.items():
        assert abs(remote_moments[key] - moment) < 120, key
    assert there.message.hu
    assert there.message.en


def _sample(cls: type[RegistrationError]) -> RegistrationError:
    """An instance of every error type, from data of the right shape."""
    data: dict[str, object] = {
        "message_hu": "hu szöveg", "message_en": "en text", "field": "username", "rule": "r",
        "attempts_left": 3, "until": "2030-01-01T10:00:00+00:00", "expired_on": "2020-01-01",
        "username": "Valaki", "voided": True, "not_active": False,
        "retry_at": "2030-01-01T10:00:00+00:00", "line": 4, "retry_after": 7,
    }  # fmt: skip
    # Fields whose values come from a closed set: the first of the set.
    for name, choices in (("reason", "REASONS"), ("scope", "SCOPES")):
        if hasattr(cls, choices):
            data[name] = getattr(cls, choices)[0]
    return cls.from_data(data)


@pytest.mark.parametrize("code", sorted(error_codes()))
def test_every_error_code_crosses_the_wire_as_a_problem_and_comes_back_the_same(code: str) -> None:
    # Faults of the system too (mail, storage, config, the network's own): none is lost.
    import desktop.config
    import desktop.registry_client.client  # noqa: F401

    cls = error_codes()[code]
    error = _sample(cls)
    body = problems.error_body(error)
    assert body["type"].endswith(code)
    assert body["status"] == problems.status_for(error)
    response = httpx.Response(
        body["status"], json=body, headers={"Content-Type": problems.MEDIA_TYPE}
    )
    back = _error(response)
    if cls is network.RegistryBusy:
        assert isinstance(back, network.RegistryBusy)
        return
    assert type(back) is cls
    assert back.data() == error.data()
