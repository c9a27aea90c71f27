"""The contract's steps against the real service over HTTPS with a kiosk certificate."""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta

import pytest

from desktop.config import Config
from desktop.registration.errors import UsernameTaken
from desktop.registration.models import MailStatus
from desktop.registry import open_service
from desktop.registry.totp import code_at
from desktop.registry_client.client import RemoteRegistry
from tests.registry_service.harness import Service, Smtp

CODE_RE = re.compile(r"^([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})$", re.M)
PASSWORD = "nyári almafa kék villamos"


def activation_code(smtp: Smtp, index: int = 0) -> str:
    deadline = time.monotonic() + 10
    while len(smtp.inbox.messages) <= index:
        assert time.monotonic() < deadline, "no activation mail arrived"
        time.sleep(0.05)
    body = smtp.inbox.messages[index].get_body(preferencelist=("plain",))
    assert body is not None
    found = CODE_RE.search(str(body.get_content()).replace("\r\n", "\n"))
    assert found
    return found.group(1)


def test_a_kiosk_registers_activates_and_signs_in_and_the_audit_log_names_the_kiosk(
    service: Service, smtp: Smtp
) -> None:
    client = RemoteRegistry(service.client_settings("kiosk-debrecen-01"))
    try:
        verification = client.verify("201847KA", "Q4mT7xR2kW9")
        assert verification.person.family_name == "Kovács"
        assert verification.person.birth_date.year == 1985
        client.check_username("ErdeiTünde")
        pending = client.register(verification, "ErdeiTünde", "kis.anna@example.hu")
        assert pending.mail_status is MailStatus.SENT
        assert pending.activation_expires_at > datetime.now(UTC) + timedelta(days=4)
        enrolment = client.activate("ErdeiTünde", activation_code(smtp), PASSWORD)
        secret = base64.b32decode(enrolment.secret_base32)
        client.confirm_second_factor("ErdeiTünde", code_at(secret, datetime.now(UTC)))
        signed = client.sign_in("ErdeiTünde", PASSWORD, enrolment.recovery_code)
        assert signed.display_name == "Kovács Éva Zsófia"
        assert signed.used_recovery_code
    finally:
        client.close()
    service.stop()
    registry = open_service(Config(data_dir=service.data_dir))
    try:
        details = [e.detail or "" for e in registry.audit_entries(200)]
    finally:
        registry.close()
    for step in (
        "verify ok",
        "register ok",
        "activate ok",
        "confirm-second-factor ok",
        "sign-in ok",
    ):
        assert f"{step} via kiosk kiosk-debrecen-01" in details, details


def test_a_second_kiosk_sees_the_username_the_first_one_took_as_taken(
    service: Service, smtp: Smtp
) -> None:
    first = RemoteRegistry(service.client_settings("kiosk-a"))
    second = RemoteRegistry(service.client_settings("kiosk-b"))
    try:
        first.register(first.verify("201847KA", "Q4mT7xR2kW9"), "ErdeiTünde", "a@example.hu")
        with pytest.raises(UsernameTaken) as taken:
            second.check_username("erdeitünde")
        assert taken.value.username == "erdeitünde"
        verification = second.verify("318205BD", "H8pZ3nV6cL2")
        with pytest.raises(UsernameTaken):
            second.register(verification, "ErdeiTünde", "b@example.hu")
    finally:
        first.close()
        second.close()


def test_a_home_app_without_a_certificate_is_served_in_the_public_role(service: Service) -> None:
    client = RemoteRegistry(service.client_settings(None))
    try:
        assert client.verify("318205BD", "H8pZ3nV6cL2").person.family_name == "Szabó"
    finally:
        client.close()
