"""The operator's kiosk certificates: a CA, a certificate per kiosk, and a revocation list.

`ugyfelkapu-admin kiosk-cert init-ca|issue|revoke|list --ca-dir DIR`. The CA directory holds
`ca.crt` (give it to the service as `[tls] client_ca`), `ca.key` (mode 0600; keep it off the
service machine if you can), `issued.json` (name, serial, expiry of each certificate) and
`revoked.crl` (give it to the service as `[tls] revoked`; the service reads it again when it
changes, so a revocation takes effect at the next request without a restart).

A kiosk's name is its certificate's common name; the service writes it into the audit log.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.messages import Message

CA_CERT = "ca.crt"
CA_KEY = "ca.key"
ISSUED = "issued.json"
CRL = "revoked.crl"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CRL_DAYS = 30


class KioskCertError(Exception):
    """A kiosk-certificate command that cannot be done; `message` says why in both languages.
    Not a registry error: no registry is involved, and nothing crosses the network."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(message.en)


@dataclass(frozen=True)
class IssuedCert:
    name: str
    serial: int
    not_after: datetime
    revoked_at: datetime | None = None


def _error(hu: str, en: str) -> KioskCertError:
    return KioskCertError(Message(hu, en))


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def init_ca(ca_dir: Path, name: str, days: int = 3650) -> Path:
    """A new CA in `ca_dir` (which must not hold one); returns the CA certificate's path."""
    ca_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if (ca_dir / CA_KEY).exists():
        raise _error(
            f"Ebben a könyvtárban már van tanúsítványkiadó: {ca_dir}",
            f"This directory already holds a CA: {ca_dir}",
        )
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(ca_dir / CA_KEY, _key_pem(key))
    (ca_dir / CA_CERT).write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _save(ca_dir, [])
    _write_crl(ca_dir, [])
    return ca_dir / CA_CERT


def issue(ca_dir: Path, name: str, out_dir: Path, days: int = 825) -> tuple[Path, Path]:
    """A client certificate and key for the kiosk `name`, written to `out_dir`."""
    if not NAME_RE.fullmatch(name):
        raise _error(
            "A kioszk neve betű, számjegy, pont, kötőjel vagy aláhúzás lehet (legfeljebb 64).",
            "A kiosk's name is letters, digits, dots, hyphens or underscores (at most 64).",
        )
    ca_key, ca_cert = _load_ca(ca_dir)
    issued = _load(ca_dir)
    if any(i.name == name and i.revoked_at is None for i in issued):
        raise _error(
            f"Már van érvényes tanúsítvány ezzel a névvel: {name} (előbb vonja vissza).",
            f"A certificate with this name is in use: {name} (revoke it first).",
        )
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    not_after = now + timedelta(days=days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    cert_path, key_path = out_dir / f"{name}.crt", out_dir / f"{name}.key"
    _write_private(key_path, _key_pem(key))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    _save(ca_dir, [*issued, IssuedCert(name, cert.serial_number, not_after)])
    return cert_path, key_path


def revoke(ca_dir: Path, name: str) -> int:
    """Revoke the kiosk's certificate and write the new list; returns its serial."""
    _load_ca(ca_dir)  # a CA must be there before anything changes
    issued = _load(ca_dir)
    live = [i for i in issued if i.name == name and i.revoked_at is None]
    if not live:
        raise _error(
            f"Nincs visszavonható tanúsítvány ezzel a névvel: {name}",
            f"No certificate to revoke by this name: {name}",
        )
    now = datetime.now(UTC)
    updated = [IssuedCert(i.name, i.serial, i.not_after, now) if i in live else i for i in issued]
    _save(ca_dir, updated)
    _write_crl(ca_dir, updated)
    return live[0].serial


def listing(ca_dir: Path) -> list[IssuedCert]:
    return _load(ca_dir)


def _load_ca(ca_dir: Path) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    try:
        key = serialization.load_pem_private_key((ca_dir / CA_KEY).read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate((ca_dir / CA_CERT).read_bytes())
    except (OSError, ValueError):
        raise _error(
            f"Nem található vagy nem olvasható tanúsítványkiadó itt: {ca_dir} (init-ca)",
            f"No readable CA in {ca_dir} (make one with init-ca)",
        ) from None
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise _error("A kiadó kulcsa nem EC-kulcs.", "The CA's key is not an EC key.")
    return key, cert


def _load(ca_dir: Path) -> list[IssuedCert]:
    path = ca_dir / ISSUED
    if not path.exists():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        IssuedCert(
            r["name"],
            int(r["serial"]),
            datetime.fromisoformat(r["not_after"]),
            datetime.fromisoformat(r["revoked_at"]) if r.get("revoked_at") else None,
        )
        for r in rows
    ]


def _save(ca_dir: Path, issued: list[IssuedCert]) -> None:
    rows = [
        {
            "name": i.name,
            "serial": str(i.serial),
            "not_after": i.not_after.isoformat(),
            "revoked_at": i.revoked_at.isoformat() if i.revoked_at else None,
        }
        for i in issued
    ]
    tmp = ca_dir / (ISSUED + ".tmp")
    tmp.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    tmp.replace(ca_dir / ISSUED)


def _write_crl(ca_dir: Path, issued: list[IssuedCert]) -> Path:
    key, cert = _load_ca(ca_dir)
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(cert.subject)
        .last_update(now)
        .next_update(now + timedelta(days=CRL_DAYS))
    )
    for i in issued:
        if i.revoked_at is not None:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(i.serial)
                .revocation_date(i.revoked_at)
                .build()
            )
    crl = builder.sign(key, hashes.SHA256())
    tmp = ca_dir / (CRL + ".tmp")
    tmp.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    tmp.replace(ca_dir / CRL)  # whole or not at all: the service never reads half a list
    return ca_dir / CRL
