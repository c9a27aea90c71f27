"""packaging/server: the service's systemd unit (checked by systemd) and its example config."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.registry_service.settings import settings_from_mapping
from tests.registry_service.harness import Pki
from tests.systemd_units import needs_systemd_analyze, unit_settings, verify

SERVER_DIR = Path(__file__).resolve().parents[2] / "packaging" / "server"
UNIT = SERVER_DIR / "ugyfelkapu-registry.service"
INSTALLED = "/usr/bin/ugyfelkapu-registry"


def _with_this_checkouts_program(tmp_path: Path, text: str) -> Path:
    # systemd checks that ExecStart's program exists: here it is this checkout's console script.
    program = Path(sys.executable).with_name("ugyfelkapu-registry")
    assert program.exists(), "pip install -e . makes the console script"
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(INSTALLED, str(program)))
    return unit


@needs_systemd_analyze
def test_systemd_analyze_accepts_the_service_unit_without_complaint(tmp_path: Path) -> None:
    done = verify(_with_this_checkouts_program(tmp_path, UNIT.read_text()))
    assert done.returncode == 0, done.stderr
    assert UNIT.name not in done.stderr, done.stderr


@needs_systemd_analyze
def test_the_verification_would_catch_a_broken_service_unit(tmp_path: Path) -> None:
    text = UNIT.read_text().replace("Restart=on-failure", "Restart=on-failure\nProtectSystemm=yes")
    done = verify(_with_this_checkouts_program(tmp_path, text))
    assert "Unknown key 'ProtectSystemm'" in done.stderr


def test_the_unit_runs_the_service_as_its_own_user_hardened_into_the_journal() -> None:
    s = unit_settings(UNIT)
    assert s["ExecStart"] == [f"{INSTALLED} serve --config /etc/ugyfelkapu-registry/server.toml"]
    assert s["User"] == ["ugyfelkapu-registry"]
    assert s["StandardOutput"] == ["journal"]
    assert s["StandardError"] == ["journal"]
    for key in ("NoNewPrivileges", "ProtectHome", "PrivateTmp", "PrivateDevices"):
        assert s[key] == ["yes"], key
    assert s["ProtectSystem"] == ["strict"]
    assert s["CapabilityBoundingSet"] == [""]
    assert s["StateDirectoryMode"] == ["0700"]
    sysusers = (SERVER_DIR / "ugyfelkapu-registry.sysusers").read_text()
    assert "u ugyfelkapu-registry " in sysusers


def test_the_example_config_has_only_keys_the_service_knows(tmp_path: Path, pki: Pki) -> None:
    import tomllib

    raw = tomllib.loads((SERVER_DIR / "server.toml").read_text(encoding="utf-8"))
    for key in ("cert", "key", "client_ca", "revoked"):
        # The example's paths, pointed at real files of the test's PKI.
        raw["tls"][key] = str({"cert": pki.server.cert, "key": pki.server.key}.get(key, pki.ca.pem))
    pki.ca.revocation_list(pki.directory / "r.crl", [])
    raw["tls"]["revoked"] = str(pki.directory / "r.crl")
    raw["data_dir"] = str(tmp_path)
    settings = settings_from_mapping(raw, base_dir=tmp_path)
    assert (settings.host, settings.port) == ("0.0.0.0", 8443)
    assert settings.limits.per_client_burst == 20
    assert settings.registry.mail.password_env == "UGYFELKAPU_SMTP_PASSWORD"
