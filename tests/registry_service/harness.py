"""The registration service as a real process for tests: uvicorn on 127.0.0.1 on a free port,
TLS with a CA the test made, aiosmtpd as its SMTP server. Started and stopped by PID."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from desktop.config import RegistryServiceConfig
from tests.registry_service.pki import Authority, Issued, authority

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    """An aiosmtpd handler keeping what it received; `hold` makes the next DATA wait."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.hold_next = False
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.hold_next:
            self.hold_next = False
            self.held.set()
            import asyncio

            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 try again later"
        content: bytes = envelope.content  # type: ignore[attr-defined]
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


@dataclass
class Smtp:
    port: int
    inbox: Inbox


@contextmanager
def smtp_server() -> Iterator[Smtp]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Smtp(port, inbox)
    finally:
        controller.stop()


@dataclass
class Pki:
    directory: Path
    ca: Authority
    server: Issued
    kiosks: dict[str, Issued] = field(default_factory=dict)

    def kiosk(self, name: str) -> Issued:
        if name not in self.kiosks:
            self.kiosks[name] = self.ca.issue(self.directory, name)
        return self.kiosks[name]


def make_pki(directory: Path) -> Pki:
    ca = authority(directory, "Operator CA")
    return Pki(directory, ca, ca.issue(directory, "registry.example", server=True))


@dataclass
class Service:
    """One service process; `config_path` is its TOML, `port` where it listens."""

    config_path: Path
    port: int
    data_dir: Path
    pki: Pki
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def client_settings(
        self, kiosk: str | None = None, timeout: float = 10.0
    ) -> RegistryServiceConfig:
        cert = self.pki.kiosk(kiosk) if kiosk else None
        return RegistryServiceConfig(
            url=self.url,
            ca_file=self.pki.ca.pem,
            client_cert=cert.cert if cert else None,
            client_key=cert.key if cert else None,
            timeout=timeout,
        )

    def start(self, timeout: float = 30.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.registry_service.serve_for_tests", str(self.config_path)],
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "UGYFELKAPU_TEST_MAIL_LEASE": "2",
                **self.extra_env,
            },
        )
        log.close()
        context = ssl.create_default_context(cafile=str(self.pki.ca.pem))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited: {self.log_path.read_text()}")
            try:
                with (
                    socket.create_connection(("127.0.0.1", self.port), timeout=1) as raw,
                    context.wrap_socket(raw, server_hostname="127.0.0.1"),
                ):
                    return
            except (OSError, ssl.SSLError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the service did not start: {self.log_path.read_text()}")

    def kill(self) -> None:
        """kill -9: no shutdown of any kind."""
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def write_config(
    directory: Path,
    pki: Pki,
    smtp_port: int,
    *,
    port: int | None = None,
    require_client_certificate: bool = False,
    revoked: Path | None = None,
    limits: Mapping[str, float] | None = None,
    data_dir: Path | None = None,
    client_ca: Path | None = None,
    registry_section: str = "",
) -> Service:
    port = port or free_port()
    data_dir = data_dir or directory / "data"
    lines = [
        f'data_dir = "{data_dir}"',
        f'listen = "127.0.0.1:{port}"',
        "[tls]",
        f'cert = "{pki.server.cert}"',
        f'key = "{pki.server.key}"',
        f'client_ca = "{client_ca or pki.ca.pem}"',
        f"require_client_certificate = {'true' if require_client_certificate else 'false'}",
    ]
    if revoked is not None:
        lines.append(f'revoked = "{revoked}"')
    lines += [
        "[mail]",
        'transport = "smtp"',
        'host = "127.0.0.1"',
        f"port = {smtp_port}",
        'security = "none"',
    ]
    if registry_section:
        lines += ["[registry]", registry_section]
    if limits:
        lines.append("[limits]")
        lines += [f"{k} = {v}" for k, v in limits.items()]
    path = directory / f"server-{port}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Service(path, port, data_dir, pki, directory / f"service-{port}.log")
