"""Two service processes on one registry, 16 client processes at once: a username and a
document each have exactly one winner, and every activation mail is sent exactly once."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.config import Config, RegistryConfig
from desktop.registry import open_service, seed_demo
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry_service.conftest import GENEROUS
from tests.registry_service.harness import Pki, Service, Smtp, write_config
from tests.registry_service.race_worker import register

CLIENTS = 16


def citizens(count: int) -> list[list[str]]:
    """`count` valid citizens in the CSV's column order."""
    return [
        [
            f"{700000 + i:06d}RC", f"Rc{i:09d}", "Verseny", "Ágnes", "Verseny", "Ágnes",
            "Nagy Mária", "Eger", "1990-05-17", "HUN", "F", "3300 Eger, Fő utca 1.", "2031-01-01",
        ]
        for i in range(count)
    ]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def two_services(
    request: pytest.FixtureRequest, tmp_path: Path, pki: Pki, smtp: Smtp
) -> Iterator[list[Service]]:
    """Two service processes on one registry: a SQLite file, or one PostgreSQL database (the
    private cluster); one data directory (the PostgreSQL key file, the idempotency keys)."""
    data_dir = tmp_path / "shared"
    url = None if request.param == "sqlite" else str(request.getfixturevalue("postgresql_url"))
    config = Config(data_dir=data_dir, registry=RegistryConfig(url=url))
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo(registry)
    registry.import_citizen_rows(citizens(CLIENTS))
    registry.close()
    section = f'url = "{url}"' if url else ""
    services = [
        write_config(
            tmp_path, pki, smtp.port, data_dir=data_dir, limits=GENEROUS, registry_section=section
        )
        for _ in range(2)
    ]
    for s in services:
        s.start()
    yield services
    for s in services:
        s.stop()


def _registry_of(services: list[Service]) -> Config:
    from desktop.registry_service.settings import load_settings

    return load_settings(services[0].config_path).registry


def _race(services: list[Service], pki: Pki, people: list[tuple[str, str, str, str]]) -> list[str]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(people))
    with ctx.Manager() as manager:
        results = manager.list()
        processes = []
        for n, (document, code, username, email) in enumerate(people):
            kiosk = pki.kiosk(f"kiosk-race-{n % 4}")
            url = services[n % len(services)].url
            p = ctx.Process(
                target=register,
                args=(url, str(pki.ca.pem), str(kiosk.cert), str(kiosk.key), document, code,
                      username, email, barrier, results),
            )  # fmt: skip
            p.start()
            processes.append(p)
        for p in processes:
            p.join(120)
            assert p.exitcode == 0
        return list(results)


def _wait_for_mail(smtp: Smtp, count: int) -> None:
    deadline = time.monotonic() + 30
    while len(smtp.inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2)  # and nothing more comes


@pytest.mark.slow
def test_sixteen_kiosks_racing_for_one_username_over_two_service_processes_have_one_winner(
    two_services: list[Service], pki: Pki, smtp: Smtp
) -> None:
    people = [
        (f"{700000 + i:06d}RC", f"Rc{i:09d}", "Versenyző", f"v{i}@example.hu")
        for i in range(CLIENTS)
    ]
    results = _race(two_services, pki, people)
    assert len(results) == CLIENTS
    winners = [r for r in results if r.startswith("ok ")]
    assert len(winners) == 1, results
    assert all(r.startswith("refused username-taken ") for r in results if r not in winners)
    _wait_for_mail(smtp, 1)
    assert [m["To"] for m in smtp.inbox.messages] == [winners[0].split()[-1]]
    registry = open_service(_registry_of(two_services), password_params=FAST_FOR_TESTS)
    try:
        assert [a.username for a in registry.accounts()] == ["Versenyző"]
        assert registry.queued_mail() == []
    finally:
        registry.close()


@pytest.mark.slow
def test_sixteen_kiosks_racing_with_one_document_leave_one_account_and_each_mail_sent_once(
    two_services: list[Service], pki: Pki, smtp: Smtp
) -> None:
    people = [
        ("318205BD", "H8pZ3nV6cL2", f"Szabó{chr(ord('a') + i)}", f"d{i}@example.hu")
        for i in range(CLIENTS)
    ]
    results = _race(two_services, pki, people)
    assert len(results) == CLIENTS
    winners = [r.split()[-1] for r in results if r.startswith("ok ")]
    assert winners, results
    # Every refusal is one the contract names (a verification spent or replaced meanwhile).
    for r in results:
        assert r.startswith(
            ("ok ", "refused verification-expired ", "refused already-registered ")
        ), r
    _wait_for_mail(smtp, len(winners))
    sent_to = [str(m["To"]) for m in smtp.inbox.messages]
    # No mail went out twice. A registration replaced before its mail left takes its mail
    # (and code) with it, so some winners' mails are rightly never sent.
    assert len(sent_to) == len(set(sent_to))
    assert set(sent_to) <= set(winners)
    registry = open_service(_registry_of(two_services), password_params=FAST_FOR_TESTS)
    try:
        holders = [a for a in registry.accounts() if a.document_number == "318205BD"]
        assert len(holders) == 1
        assert holders[0].email in sent_to  # the account that stands got its code
        assert registry.queued_mail() == []
    finally:
        registry.close()
