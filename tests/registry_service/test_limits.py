"""The service's limits: token buckets per client and in total, the size and the time of a
request."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from desktop.registration.errors import RegistryUnreachable
from desktop.registry_client.client import RemoteRegistry
from desktop.registry_service.limits import RateLimiter
from desktop.registry_service.settings import Limits
from tests.registry_service.harness import Pki, Service, Smtp, write_config


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_burst_then_waits_for_its_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        Limits(per_client_burst=3, per_client_rate=0.5, total_burst=100, total_rate=100), clock
    )
    assert [limiter.check("kiosk:a") for _ in range(3)] == [None, None, None]
    assert limiter.check("kiosk:a") == 2  # one token per 2 s
    assert limiter.check("kiosk:b") is None  # another client is not held up
    clock.now += 2
    assert limiter.check("kiosk:a") is None


def test_all_clients_together_are_held_to_the_total() -> None:
    clock = FakeClock()
    limiter = RateLimiter(
        Limits(per_client_burst=10, per_client_rate=10, total_burst=4, total_rate=1), clock
    )
    assert [limiter.check(f"addr:10.0.0.{n}") for n in range(4)] == [None] * 4
    assert limiter.check("addr:10.0.0.9") == 1
    # The refused client's own budget was not spent by the refusal.
    clock.now += 1
    assert limiter.check("addr:10.0.0.9") is None


def test_a_request_body_over_the_limit_is_refused_with_413_before_it_is_read(
    service: Service,
) -> None:
    ctx = ssl.create_default_context(cafile=str(service.pki.ca.pem))
    big = {"document_number": "x" * 20_000, "registration_code": "y"}
    with httpx.Client(verify=ctx, base_url=service.url, timeout=10) as client:
        declared = client.post("/v1/verify", json=big)
        streamed = client.post(
            "/v1/verify",
            content=iter([b'{"document_number": "', b"x" * 20_000, b'", "registration_code": ""}']),
            headers={"Content-Type": "application/json"},
        )
        fine = client.post("/v1/verify", json={"document_number": "?", "registration_code": "?"})
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.json()["code"] == "request-too-large"
    assert fine.status_code == 422  # an ordinary refusal (the rules), not a size problem


def test_a_step_slower_than_the_time_limit_is_answered_504_and_the_service_goes_on(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    service = write_config(tmp_path, pki, smtp.port, limits={"request_seconds": 1})
    service.extra_env["UGYFELKAPU_TEST_SLOW_VERIFY"] = "3"
    service.start()
    ctx = ssl.create_default_context(cafile=str(pki.ca.pem))
    client = RemoteRegistry(service.client_settings("kiosk-a"))
    try:
        with httpx.Client(verify=ctx, base_url=service.url, timeout=10) as raw:
            slow = raw.post(
                "/v1/verify", json={"document_number": "201847KA", "registration_code": "x"}
            )
            assert slow.status_code == 504
            assert slow.headers["Retry-After"] == "1"
            assert slow.json()["code"] == "request-timed-out"
            assert raw.get("/health").json() == {"status": "ok"}
        # The client tells the person what it tells for any lost answer.
        with pytest.raises(RegistryUnreachable):
            client.verify("201847KA", "Q4mT7xR2kW9")
    finally:
        client.close()
        service.stop()
