"""`ugyfelkapu-admin kiosk-cert`: the operator's CA issues kiosk certificates the service
accepts, and a revoked one is refused at the next request."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from desktop.config import RegistryServiceConfig
from desktop.registration.errors import ClientRefused
from desktop.registry.admin import main as admin
from desktop.registry_client.client import RemoteRegistry
from tests.registry_service.conftest import GENEROUS
from tests.registry_service.harness import Pki, Smtp, write_config

SZABO = ("318205BD", "H8pZ3nV6cL2")


def test_kiosk_certificates_issued_by_the_admin_command_are_served_until_revoked(
    tmp_path: Path, pki: Pki, smtp: Smtp, capsys: pytest.CaptureFixture[str]
) -> None:
    ca = tmp_path / "operator-ca"
    out = tmp_path / "kiosks"
    assert admin(["kiosk-cert", "init-ca", "Megyei Kormányhivatal CA", "--ca-dir", str(ca)]) == 0
    assert stat.S_IMODE((ca / "ca.key").stat().st_mode) == 0o600
    for name in ("kiosk-pecs-01", "kiosk-pecs-02"):
        assert admin(["kiosk-cert", "issue", name, "--ca-dir", str(ca), "--out", str(out)]) == 0
        assert stat.S_IMODE((out / f"{name}.key").stat().st_mode) == 0o600
    # The same name twice while the first is valid: refused, with its reason.
    assert admin(["kiosk-cert", "issue", "kiosk-pecs-01", "--ca-dir", str(ca), "--out", str(out)])
    assert "revoke it first" in capsys.readouterr().err

    service = write_config(
        tmp_path, pki, smtp.port, client_ca=ca / "ca.crt", revoked=ca / "revoked.crl",
        limits=GENEROUS,
    )  # fmt: skip
    service.start()

    def client(name: str) -> RemoteRegistry:
        return RemoteRegistry(
            RegistryServiceConfig(
                url=service.url,
                ca_file=pki.ca.pem,
                client_cert=out / f"{name}.crt",
                client_key=out / f"{name}.key",
                timeout=10,
            )
        )

    first, second = client("kiosk-pecs-01"), client("kiosk-pecs-02")
    try:
        assert first.verify(*SZABO).person.family_name == "Szabó"
        assert admin(["kiosk-cert", "revoke", "kiosk-pecs-01", "--ca-dir", str(ca)]) == 0
        with pytest.raises(ClientRefused):
            first.verify(*SZABO)
        assert second.verify(*SZABO).person.family_name == "Szabó"
    finally:
        first.close()
        second.close()
        service.stop()
    capsys.readouterr()
    assert admin(["kiosk-cert", "list", "--ca-dir", str(ca)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any(line.startswith("kiosk-pecs-01") and "revoked" in line for line in listed)
    assert any(line.startswith("kiosk-pecs-02") and line.endswith("ok") for line in listed)
    # A new certificate for the revoked kiosk's name may be issued now.
    assert (
        admin(["kiosk-cert", "issue", "kiosk-pecs-01", "--ca-dir", str(ca), "--out", str(out)]) == 0
    )


def test_kiosk_cert_refuses_a_bad_name_and_a_missing_ca(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert admin(["kiosk-cert", "issue", "kiosk 01", "--ca-dir", str(tmp_path / "none")]) == 1
    assert "letters, digits" in capsys.readouterr().err
    assert admin(["kiosk-cert", "issue", "kiosk-01", "--ca-dir", str(tmp_path / "none")]) == 1
    assert "init-ca" in capsys.readouterr().err
