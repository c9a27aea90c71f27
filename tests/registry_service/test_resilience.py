"""Bursts, dropped connections and a killed service: 429 for a burst while others are served,
a clear fault for an unreachable service, and one account and one mail after kill -9."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from desktop.config import Config
from desktop.registration.errors import (
    RegistryBusy,
    RegistryUnreachable,
    VerificationExpired,
    VerificationFailed,
)
from desktop.registration.models import MailStatus
from desktop.registry import open_service
from desktop.registry_client.client import RemoteRegistry
from tests.registry_service.harness import Pki, Smtp, free_port, write_config

EVA = ("201847KA", "Q4mT7xR2kW9")


def test_a_burst_of_verifications_from_one_kiosk_is_cut_off_with_429_while_another_is_served(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    limits = {"per_client_burst": 10, "per_client_rate": 1, "total_burst": 1000, "total_rate": 1000}
    service = write_config(tmp_path, pki, smtp.port, limits=limits)
    service.start()
    noisy = RemoteRegistry(service.client_settings("kiosk-noisy"))
    calm = RemoteRegistry(service.client_settings("kiosk-calm"))
    try:
        outcomes: list[str] = []
        for _ in range(30):
            try:
                noisy.verify("574120CE", "b5Y9wK3sD7f")
                outcomes.append("ok")
            except RegistryBusy as busy:
                assert 1 <= busy.retry_after <= 2
                outcomes.append("busy")
        assert outcomes.count("ok") <= 11
        assert outcomes[-1] == "busy"
        assert calm.verify(*EVA).person.family_name == "Kovács"
        # A wrong code from the calm kiosk still reaches the registry and is counted there.
        with pytest.raises(VerificationFailed):
            calm.verify("609318HF", "W3uE6yP9aZ5")
    finally:
        noisy.close()
        calm.close()
        service.stop()
    assert "429" in service.log()


def test_an_unreachable_service_is_a_fault_that_says_nothing_was_lost() -> None:
    from desktop.config import RegistryServiceConfig

    client = RemoteRegistry(
        RegistryServiceConfig(url=f"https://127.0.0.1:{free_port()}", timeout=2)
    )
    try:
        with pytest.raises(RegistryUnreachable) as caught:
            client.verify(*EVA)
        assert "semmi sem veszett el" in caught.value.message.hu.lower()
        assert "nothing was lost" in caught.value.message.en.lower()
    finally:
        client.close()


def test_a_register_cut_short_by_kill_9_and_retried_makes_one_account_and_one_mail(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    service = write_config(tmp_path, pki, smtp.port)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-a", timeout=5))
    try:
        verification = client.verify(*EVA)
        # The service commits the account, then hands the mail to SMTP, which holds it: the
        # service is killed there, between its commit and its answer.
        smtp.inbox.hold_next = True
        failure: list[BaseException] = []

        def register() -> None:
            try:
                client.register(verification, "ErdeiTünde", "kis.anna@example.hu")
            except BaseException as exc:
                failure.append(exc)

        worker = threading.Thread(target=register)
        worker.start()
        assert smtp.inbox.held.wait(10)
        service.kill()
        worker.join(30)
        assert len(failure) == 1
        assert isinstance(failure[0], RegistryUnreachable)
        smtp.inbox.release.set()

        service.start()
        # The person presses "try again": the same step, so the same idempotency key.
        pending = client.register(verification, "ErdeiTünde", "kis.anna@example.hu")
        assert pending.username == "ErdeiTünde"
        assert pending.mail_status in (MailStatus.QUEUED, MailStatus.SENT)
        # Once answered, the step is done: doing it again is a new request, and the spent
        # verification refuses it.
        with pytest.raises(VerificationExpired):
            client.register(verification, "ErdeiTünde", "kis.anna@example.hu")
        deadline = time.monotonic() + 30  # the service's deliverer sends what waited
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
    finally:
        client.close()
        service.stop()
    assert len(smtp.inbox.messages) == 1
    registry = open_service(Config(data_dir=service.data_dir))
    try:
        accounts = registry.accounts()
        assert [a.username for a in accounts] == ["ErdeiTünde"]
        assert registry.queued_mail() == []
    finally:
        registry.close()


def test_the_same_key_answered_twice_gives_the_first_answer_and_no_second_mail(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    import httpx

    service = write_config(tmp_path, pki, smtp.port)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-a"))
    try:
        token = client.verify(*EVA).token
        ctx = __import__("ssl").create_default_context(cafile=str(pki.ca.pem))
        body = {"verification_token": token, "username": "ErdeiTünde", "email": "a@example.hu"}
        headers = {"Idempotency-Key": "k" * 32}
        with httpx.Client(verify=ctx, base_url=service.url, timeout=10) as raw:
            answers = [raw.post("/v1/register", json=body, headers=headers) for _ in range(3)]
            reused = raw.post(
                "/v1/register", json={**body, "username": "MásikNév"}, headers=headers
            )
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert answers[0].json() == answers[1].json() == answers[2].json()
        assert reused.status_code == 422
        assert reused.json()["code"] == "idempotency-key-reused"
        time.sleep(1)
    finally:
        client.close()
        service.stop()
    assert len(smtp.inbox.messages) == 1


def test_concurrent_repeats_of_one_register_make_one_account(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    service = write_config(tmp_path, pki, smtp.port)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-a"))
    try:
        verification = client.verify(*EVA)
        with ThreadPoolExecutor(4) as pool:
            results = list(
                pool.map(
                    lambda _: client.register(verification, "ErdeiTünde", "a@example.hu"),
                    range(4),
                )
            )
        assert {r.username for r in results} == {"ErdeiTünde"}
        time.sleep(1)
    finally:
        client.close()
        service.stop()
    assert len(smtp.inbox.messages) == 1


def test_a_repeated_wrong_activation_code_is_counted_once_and_a_repeated_success_enrols(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    import ssl

    import httpx

    from tests.registry_service.test_error_parity import _code_from

    service = write_config(tmp_path, pki, smtp.port)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-a"))
    ctx = ssl.create_default_context(cafile=str(pki.ca.pem))
    try:
        client.register(client.verify(*EVA), "ErdeiTünde", "a@example.hu")
        wrong = {"username": "ErdeiTünde", "activation_code": "ABCD-EFGH-JK23",
                 "password": "nyári almafa kék villamos"}  # fmt: skip
        with httpx.Client(verify=ctx, base_url=service.url, timeout=10) as raw:
            key = {"Idempotency-Key": "w" * 32}
            first, repeat = (raw.post("/v1/activate", json=wrong, headers=key) for _ in range(2))
            assert first.status_code == repeat.status_code == 403
            assert first.json() == repeat.json()
            assert first.json()["data"] == {"attempts_left": 4}  # counted once, not twice
            deadline = time.monotonic() + 10
            while not smtp.inbox.messages and time.monotonic() < deadline:
                time.sleep(0.05)
            part = smtp.inbox.messages[0].get_body(preferencelist=("plain",))
            assert part is not None
            right = {**wrong, "activation_code": _code_from(str(part.get_content()))}
            key = {"Idempotency-Key": "r" * 32}
            answers = [raw.post("/v1/activate", json=right, headers=key) for _ in range(2)]
        assert [a.status_code for a in answers] == [200, 200]
        # The repeat enrols again: the secret the lost answer carried is replaced.
        assert answers[0].json()["secret_base32"] != answers[1].json()["secret_base32"]
    finally:
        client.close()
        service.stop()
    assert len(smtp.inbox.messages) == 1
