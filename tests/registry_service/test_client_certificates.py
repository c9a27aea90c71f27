"""Client certificates: a kiosk without one where one is required, with an expired one, a
revoked one or one from a foreign CA is refused at the TLS layer or with 403, never served."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from desktop.registration.errors import ClientRefused
from desktop.registry_client.client import RemoteRegistry
from tests.registry_service.conftest import GENEROUS
from tests.registry_service.harness import Pki, Service, Smtp, write_config
from tests.registry_service.pki import Issued, authority

VERIFY = {"document_number": "318205BD", "registration_code": "H8pZ3nV6cL2"}


@pytest.fixture
def strict(tmp_path: Path, pki: Pki, smtp: Smtp) -> Iterator[tuple[Service, Path]]:
    """A service that requires a certificate and checks the operator's revocation list."""
    stolen = pki.kiosk("kiosk-stolen")
    crl = pki.ca.revocation_list(tmp_path / "revoked.crl", [stolen.serial])
    service = write_config(
        tmp_path, pki, smtp.port, require_client_certificate=True, revoked=crl, limits=GENEROUS
    )
    service.start()
    yield service, crl
    service.stop()


def _post(service: Service, cert: Issued | None) -> httpx.Response:
    ctx = ssl.create_default_context(cafile=str(service.pki.ca.pem))
    if cert is not None:
        ctx.load_cert_chain(str(cert.cert), str(cert.key))
    with httpx.Client(verify=ctx, timeout=10) as client:
        return client.post(f"{service.url}/v1/verify", json=VERIFY)


def _refused_at_tls(service: Service, cert: Issued | None) -> None:
    with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
        _post(service, cert)


def test_a_kiosk_with_a_certificate_from_the_operator_ca_is_served(
    strict: tuple[Service, Path],
) -> None:
    service, _ = strict
    response = _post(service, service.pki.kiosk("kiosk-good"))
    assert response.status_code == 200
    assert response.json()["person"]["family_name"] == "Szabó"


def test_a_client_without_a_certificate_is_refused_when_one_is_required(
    strict: tuple[Service, Path],
) -> None:
    _refused_at_tls(strict[0], None)


def test_an_expired_kiosk_certificate_is_refused(strict: tuple[Service, Path]) -> None:
    service, _ = strict
    now = datetime.now(UTC)
    old = service.pki.ca.issue(
        service.pki.directory,
        "kiosk-expired",
        not_before=now - timedelta(days=60),
        not_after=now - timedelta(days=1),
    )
    _refused_at_tls(service, old)


def test_a_certificate_from_a_foreign_ca_is_refused(
    strict: tuple[Service, Path], tmp_path: Path
) -> None:
    foreign = authority(tmp_path / "foreign", "Operator CA")  # same name, other key
    _refused_at_tls(strict[0], foreign.issue(tmp_path / "foreign", "kiosk-good"))


def test_a_revoked_kiosk_certificate_is_refused_with_403(strict: tuple[Service, Path]) -> None:
    service, _ = strict
    response = _post(service, service.pki.kiosk("kiosk-stolen"))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "certificate-refused"
    assert "Szabó" not in response.text
    client = RemoteRegistry(service.client_settings("kiosk-stolen"))
    try:
        with pytest.raises(ClientRefused):
            client.verify(*VERIFY.values())
    finally:
        client.close()


def test_a_certificate_revoked_while_the_service_runs_is_refused_from_then_on(
    strict: tuple[Service, Path],
) -> None:
    service, crl = strict
    kiosk = service.pki.kiosk("kiosk-later")
    assert _post(service, kiosk).status_code == 200
    stolen = service.pki.kiosk("kiosk-stolen")
    service.pki.ca.revocation_list(crl, [stolen.serial, kiosk.serial])
    assert _post(service, kiosk).status_code == 403
    assert _post(service, service.pki.kiosk("kiosk-good")).status_code == 200
