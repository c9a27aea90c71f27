"""Fixtures for the registration backend: a real SQLite file in a temporary directory, an
injectable clock, cheap Argon2 parameters, and the demo citizens."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.config import Config
from desktop.registry import Policy, RegistrationService, open_service, seed_demo
from desktop.registry.models import SecondFactorEnrolment
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry.totp import code_at

REPO_ROOT = Path(__file__).resolve().parents[2]
ACTIVATION_CODE_RE = re.compile(r"^([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})$", re.M)

# Demo citizens (resources/demo/citizens.csv).
EVA = ("201847KA", "Q4mT7xR2kW9")
GYORGY = ("318205BD", "H8pZ3nV6cL2")
KELEMEN = ("574120CE", "b5Y9wK3sD7f")
ANNA = ("609318HF", "W3uE6yP9aZ4")
ILONA_EXPIRED = ("095533AA", "N2gX8rJ4tM6")
PASSWORD = "nyári almafa kék villamos"
NO_WAIT = Policy(locked_delay=timedelta(0))


class FakeClock:
    """A clock the test moves by hand; starts at a fixed moment."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(data_dir=tmp_path / "data")


@pytest.fixture
def service(config: Config, clock: FakeClock) -> Iterator[RegistrationService]:
    # No real wait on a locked subject here: tests/registry/test_enumeration.py measures it.
    svc = open_service(config, clock=clock, password_params=FAST_FOR_TESTS, policy=NO_WAIT)
    seed_demo(svc)
    yield svc
    svc.close()


def activation_code_from(text: str) -> str:
    """The code on its own line in an activation e-mail."""
    found = ACTIVATION_CODE_RE.findall(text)
    assert len(found) == 2, text  # once in Hungarian, once in English
    assert found[0] == found[1]
    return str(found[0])


def latest_code(service: RegistrationService) -> str:
    return activation_code_from(service.delivered_mail()[0].text)


def totp_now(enrolment: SecondFactorEnrolment, now: datetime) -> str:
    secret = base64.b32decode(enrolment.secret_base32 + "=" * (-len(enrolment.secret_base32) % 8))
    return code_at(secret, now)


@dataclass
class Registered:
    username: str
    enrolment: SecondFactorEnrolment


def register_active(
    service: RegistrationService,
    clock: FakeClock,
    citizen: tuple[str, str] = EVA,
    username: str = "KisAnna",
    email: str = "kis.anna@example.hu",
) -> Registered:
    """Take a demo citizen all the way to an active account (file mail transport)."""
    verification = service.verify(*citizen)
    service.register(verification, username, email)
    enrolment = service.activate(username, latest_code(service), PASSWORD)
    service.confirm_second_factor(username, totp_now(enrolment, clock()))
    return Registered(username, enrolment)


def run_module(
    *args: str, timeout: float = 60, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m <args>` with the repository on the path, as CI does."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        input=input,
    )
