"""Mail over TLS to a real SMTP server (aiosmtpd on 127.0.0.1), STARTTLS and implicit TLS, with
a certificate from a test CA made here; the client trusts that CA through `[mail] ca_file`.
A certificate it cannot trust fails cleanly: the mail stays queued and nothing secret is logged.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop.config import Config, MailConfig, MailSecurity, MailTransport, config_from_mapping
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.errors import ConfigError
from desktop.registry.models import MailStatus
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import EVA, PASSWORD, FakeClock, activation_code_from, totp_now
from tests.registry.test_smtp import Inbox, free_port

_VALID_FROM = datetime.now(UTC) - timedelta(days=1)
_VALID_TO = datetime.now(UTC) + timedelta(days=30)


@dataclass(frozen=True)
class MadeCA:
    """A certificate authority made for one test run, and its PEM file."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    pem: Path

    def issue(self, directory: Path, name: str, *, ip: str | None, dns: str) -> tuple[Path, Path]:
        """A server certificate for `ip` and `dns`; returns (certificate PEM, key PEM)."""
        key = ec.generate_private_key(ec.SECP256R1())
        alt: list[x509.GeneralName] = [x509.DNSName(dns)]
        if ip is not None:
            alt.append(x509.IPAddress(ipaddress.ip_address(ip)))
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, dns)]))
            .issuer_name(self.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_VALID_FROM)
            .not_valid_after(_VALID_TO)
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
            .sign(self.key, hashes.SHA256())
        )
        cert_path, key_path = directory / f"{name}.crt", directory / f"{name}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return cert_path, key_path


def make_ca(directory: Path, name: str) -> MadeCA:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_VALID_FROM)
        .not_valid_after(_VALID_TO)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem = directory / f"{name}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return MadeCA(key, cert, pem)


@dataclass(frozen=True)
class Pki:
    ca: MadeCA
    other_ca: MadeCA
    server: tuple[Path, Path]  # for 127.0.0.1, from `ca`
    wrong_name: tuple[Path, Path]  # from `ca`, for another host only
    stranger: tuple[Path, Path]  # for 127.0.0.1, from `other_ca`


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    d = tmp_path_factory.mktemp("pki")
    ca = make_ca(d, "Hivatal Teszt CA")
    other = make_ca(d, "Idegen CA")
    return Pki(
        ca=ca,
        other_ca=other,
        server=ca.issue(d, "server", ip="127.0.0.1", dns="localhost"),
        wrong_name=ca.issue(d, "elsewhere", ip=None, dns="mail.example.org"),
        stranger=other.issue(d, "stranger", ip="127.0.0.1", dns="localhost"),
    )


class TlsSmtpServer:
    """aiosmtpd on 127.0.0.1 speaking implicit TLS or requiring STARTTLS."""

    def __init__(self, security: MailSecurity, cert: tuple[Path, Path]) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*cert)
        kwargs: dict[str, Any] = {}
        if security is MailSecurity.TLS:
            kwargs["ssl_context"] = context
        else:
            # Refuses MAIL before STARTTLS: a message cannot slip through in the clear.
            kwargs.update(tls_context=context, require_starttls=True)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> TlsSmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def tls_config(tmp_path: Path, port: int, security: MailSecurity, ca_file: Path | None) -> Config:
    return Config(
        data_dir=tmp_path / "data",
        mail=MailConfig(
            transport=MailTransport.SMTP,
            host="127.0.0.1",
            port=port,
            security=security,
            ca_file=ca_file,
        ),
    )


def _service(config: Config, clock: FakeClock) -> RegistrationService:
    svc = open_service(config, clock=clock, password_params=FAST_FOR_TESTS)
    seed_demo(svc)
    return svc


def _code_in(inbox: Inbox) -> str:
    [(_sender, _recipients, msg)] = inbox.messages
    plain = msg.get_body(preferencelist=("plain",))
    assert plain is not None
    return activation_code_from(plain.get_content().replace("\r\n", "\n"))


@pytest.mark.parametrize("security", [MailSecurity.STARTTLS, MailSecurity.TLS])
def test_a_person_activates_with_the_code_sent_over_tls_to_a_server_of_the_configured_ca(
    security: MailSecurity, pki: Pki, tmp_path: Path, clock: FakeClock
) -> None:
    with TlsSmtpServer(security, pki.server) as server:
        config = tls_config(tmp_path, server.port, security, pki.ca.pem)
        with _service(config, clock) as svc:
            pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
            assert pending.mail_status is MailStatus.SENT
            enrolment = svc.activate("KisAnna", _code_in(server.inbox), PASSWORD)
            svc.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))
            assert svc.queued_mail() == []


@pytest.mark.parametrize("security", [MailSecurity.STARTTLS, MailSecurity.TLS])
@pytest.mark.parametrize(
    ("certificate", "trusted", "reason"),
    [
        ("stranger", "ca", "unable to get local issuer certificate"),
        ("wrong_name", "ca", "IP address mismatch"),
        ("server", None, "unable to get local issuer certificate"),  # system CAs only
    ],
)
def test_an_untrusted_certificate_keeps_the_mail_queued_with_a_clear_reason_and_no_secret_logged(
    security: MailSecurity,
    certificate: str,
    trusted: str | None,
    reason: str,
    pki: Pki,
    tmp_path: Path,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    ca_file = pki.ca.pem if trusted else None
    bad = TlsSmtpServer(security, getattr(pki, certificate))
    with bad, _service(tls_config(tmp_path, bad.port, security, ca_file), clock) as svc:
        pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        assert pending.mail_status is MailStatus.QUEUED
        [queued] = svc.queued_mail()
        error = queued.last_error or ""
        assert "certificate is not trusted" in error
        assert reason in error
        assert bad.inbox.messages == []

    # The same queued mail, once the server shows a certificate the client trusts, goes out;
    # its code appeared nowhere in the log before.
    with TlsSmtpServer(security, pki.server) as good:
        fixed = tls_config(tmp_path, good.port, security, pki.ca.pem)
        with _service(fixed, clock) as svc:
            assert svc.deliver_queued(force=True).sent == 1
            code = _code_in(good.inbox)
    # The application's own log (the test server's, mail.log, prints what it receives).
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("desktop"))
    assert "not trusted" in logged
    assert code not in logged
    assert code.replace("-", "") not in logged


def test_ca_file_in_the_config_is_resolved_beside_it_and_must_be_a_pem_certificate_file(
    pki: Pki, tmp_path: Path
) -> None:
    (tmp_path / "ca.pem").write_bytes(pki.ca.pem.read_bytes())
    loaded = config_from_mapping({"mail": {"ca_file": "ca.pem"}}, base_dir=tmp_path)
    assert loaded.mail.ca_file == tmp_path / "ca.pem"

    with pytest.raises(ConfigError) as missing:
        config_from_mapping({"mail": {"ca_file": "nincs.pem"}}, base_dir=tmp_path)
    assert "mail.ca_file" in missing.value.message.en
    assert "mail.ca_file" in missing.value.message.hu
    assert "does not exist" in missing.value.message.en

    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnem tanúsítvány\n-----END CERTIFICATE-----\n")
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    for bad in (garbage, empty, tmp_path):
        with pytest.raises(ConfigError) as exc:
            config_from_mapping({"mail": {"ca_file": str(bad)}}, base_dir=tmp_path)
        assert "mail.ca_file" in exc.value.message.en, bad

    for wrong in (42, ""):
        with pytest.raises(ConfigError) as typed:
            config_from_mapping({"mail": {"ca_file": wrong}}, base_dir=tmp_path)
        assert "mail.ca_file" in typed.value.message.en


def test_a_ca_file_removed_after_the_config_was_read_fails_delivery_cleanly(
    pki: Pki, tmp_path: Path, clock: FakeClock
) -> None:
    ca_copy = tmp_path / "ca.pem"
    ca_copy.write_bytes(pki.ca.pem.read_bytes())
    with TlsSmtpServer(MailSecurity.STARTTLS, pki.server) as server:
        config = tls_config(tmp_path, server.port, MailSecurity.STARTTLS, ca_copy)
        with _service(config, clock) as svc:
            ca_copy.unlink()
            pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
            assert pending.mail_status is MailStatus.QUEUED
            [queued] = svc.queued_mail()
            assert "ca_file" in (queued.last_error or "")
        assert server.inbox.messages == []
