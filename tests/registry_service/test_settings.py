"""The config keys of the client (`[registry] url = "https://…"`) and of the service, each
checked by name; paths are taken relative to the config file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from desktop.config import ConfigError, load_config
from desktop.registry_client.client import client_context
from desktop.registry_service.settings import load_settings
from tests.registry_service.harness import REPO, Pki, free_port


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_service_url_with_certificate_paths_relative_to_the_config_file(
    tmp_path: Path, pki: Pki
) -> None:
    kiosk = pki.kiosk("kiosk-cfg")
    for p in (pki.ca.pem, kiosk.cert, kiosk.key):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    config = load_config(
        _config(
            tmp_path,
            "[registry]\n"
            'url = "https://registry.example.hu:8443/"\n'
            f'ca_file = "{pki.ca.pem.name}"\n'
            f'client_cert = "{kiosk.cert.name}"\n'
            f'client_key = "{kiosk.key.name}"\n'
            "timeout = 12.5\n",
        )
    )
    remote = config.registry_service
    assert remote is not None
    assert remote.url == "https://registry.example.hu:8443"
    assert remote.ca_file == tmp_path / pki.ca.pem.name
    assert remote.client_cert == tmp_path / kiosk.cert.name
    assert remote.timeout == 12.5


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ('url = "https://r.example"\nca_flie = "x.pem"', "registry.ca_flie"),
        ('url = "http://r.example"', "registry.url"),
        ('url = "https://user:secret@r.example"', "registry.url"),
        ('url = "https://r.example"\nclient_cert = "missing.crt"', "registry.client_cert"),
        ('url = "https://r.example"\ntimeout = 0', "registry.timeout"),
        ('url = "https://r.example"\ntimeout = "30"', "registry.timeout"),
        ('client_key = "k.pem"', "registry.client_key"),
    ],
)
def test_a_bad_registry_setting_is_refused_by_its_name(
    tmp_path: Path, section: str, named: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, f"[registry]\n{section}\n"))
    assert named in caught.value.message.en
    assert named in caught.value.message.hu
    assert "secret" not in caught.value.message.en


def test_a_certificate_without_its_key_is_refused(tmp_path: Path, pki: Pki) -> None:
    cert = pki.kiosk("kiosk-cfg").cert
    with pytest.raises(ConfigError, match="client_key"):
        load_config(
            _config(tmp_path, f'[registry]\nurl = "https://r.example"\nclient_cert = "{cert}"\n')
        )


def _server(tmp_path: Path, pki: Pki, extra: str = "", tls: str = "", listen: str = "") -> Path:
    path = tmp_path / "server.toml"
    listen = listen or f"127.0.0.1:{free_port()}"
    path.write_text(
        f'data_dir = "data"\nlisten = "{listen}"\n{extra}\n'
        f'[tls]\ncert = "{pki.server.cert}"\nkey = "{pki.server.key}"\n{tls}\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("extra", "tls", "named"),
    [
        ("", "", "listen"),
        ("", "require_client_certificate = true", "tls.require_client_certificate"),
        ("", 'clent_ca = "x"', "tls.clent_ca"),
        ("[limits]\nper_client_rate = -1", "", "limits.per_client_rate"),
        ("[limits]\nburst = 1", "", "limits.burst"),
        ('[mail]\ntransport = "pigeon"', "", "mail.transport"),
        ('[registry]\nurl = "https://other.example"', "", "registry.url"),
    ],
)
def test_a_bad_service_setting_is_refused_by_its_name(
    tmp_path: Path, pki: Pki, extra: str, tls: str, named: str
) -> None:
    path = _server(tmp_path, pki, extra, tls, listen="8443" if named == "listen" else "")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert named in caught.value.message.en


def test_the_console_script_serves_over_https_and_stops_on_sigterm(
    tmp_path: Path, pki: Pki
) -> None:
    # The real program with its production Argon2 parameters: started, asked, stopped.
    path = _server(tmp_path, pki)
    settings = load_settings(path)
    program = Path(sys.executable).with_name("ugyfelkapu-registry")
    process = subprocess.Popen(
        [str(program), "serve", "--config", str(path)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        ctx = client_context(
            __import__("desktop.config", fromlist=["RegistryServiceConfig"]).RegistryServiceConfig(
                url="https://127.0.0.1", ca_file=pki.ca.pem
            )
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"https://127.0.0.1:{settings.port}/health", verify=ctx)
                break
            except httpx.ConnectError:
                assert process.poll() is None
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.json() == {"status": "ok"}
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{settings.port}/health", timeout=5)  # never plain HTTP
    finally:
        os.kill(process.pid, signal.SIGTERM)
        out, _ = process.communicate(timeout=30)
    # uvicorn shuts down cleanly, then the program closes the registry and its own state
    # (SQLite removes a WAL file only when its last connection closes) and exits 0.
    assert process.returncode == 0, out[-3000:]
    assert b"Application shutdown complete" in out
    assert b"stopped by SIGTERM" in out
    data = settings.registry.data_dir
    assert sorted(p.name for p in data.iterdir() if p.suffix == ".sqlite3")
    assert not [p.name for p in data.iterdir() if p.name.endswith("-wal")]


def test_the_console_script_names_a_bad_setting_and_exits_2(tmp_path: Path, pki: Pki) -> None:
    path = _server(tmp_path, pki, tls="require_client_certificate = true")
    program = Path(sys.executable).with_name("ugyfelkapu-registry")
    done = subprocess.run(
        [str(program), "serve", "--config", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "tls.require_client_certificate" in done.stderr
    assert "Hibás beállítás" in done.stderr
    assert "Bad setting" in done.stderr
