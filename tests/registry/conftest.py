"""Fixtures for the registration backend: each test that takes `config` runs twice, on a real
SQLite file in a temporary directory and on a fresh database of the private PostgreSQL
cluster; an injectable clock, cheap Argon2 parameters, and the demo citizens."""

from __future__ import annotations

import base64
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.config import Config, RegistryConfig
from desktop.registry import Policy, RegistrationService, open_service, seed_demo
from desktop.registry.crypto import secret_path_for
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


STORES = ("sqlite", "postgresql")


def config_for(data_dir: Path, url: str | None) -> Config:
    """The registry in `data_dir` (SQLite), or at `url` with its key file in `data_dir`."""
    return Config(data_dir=data_dir, registry=RegistryConfig(url=url))


@pytest.fixture(params=STORES)
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def registry_url(store_kind: str, request: pytest.FixtureRequest) -> str | None:
    """None for the SQLite file, else the url of a fresh PostgreSQL database."""
    if store_kind == "sqlite":
        return None
    return str(request.getfixturevalue("postgresql_url"))


@pytest.fixture
def config(tmp_path: Path, registry_url: str | None) -> Config:
    return config_for(tmp_path / "data", registry_url)


@pytest.fixture
def sqlite_config(tmp_path: Path) -> Config:
    """For tests of the SQLite file itself (its format, its mode bits, its migrations)."""
    return Config(data_dir=tmp_path / "data")


def key_path(config: Config) -> Path:
    """The registry's secret key file."""
    if config.registry.url is not None:
        return config.registry_key_path
    return secret_path_for(config.database_path)


def query(config: Config, sql: str) -> list[tuple[Any, ...]]:
    """Rows of `sql` (same tables on both engines) read straight from the registry's store."""
    if config.registry.url is not None:
        import psycopg

        with psycopg.connect(config.registry.url) as shared:
            return [tuple(r) for r in shared.execute(sql).fetchall()]
    conn = sqlite3.connect(config.database_path)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


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
    *args: str,
    timeout: float = 60,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m <args>` with the repository on the path, as CI does."""
    env = dict(env if env is not None else os.environ, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run(
        [sys.executable, "-m", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        input=input,
    )
