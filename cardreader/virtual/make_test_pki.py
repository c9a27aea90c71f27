"""Make the TEST ONLY PKI that signs the virtual chips' EF.SOD.

    python -m cardreader.virtual.make_test_pki [--out resources/pki]

writes `csca/hu-test-csca.pem` (the test Country Signing CA certificate, country HU, named
"TEST ONLY") and `test-ds/ds-cert.pem` + `test-ds/ds-key.pem` (a Document Signer under it,
with its private key in the clear), and `test-chip/aa-rsa-key.pem`: the RSA key with which
virtual chips do Active Authentication (their EC chip keys are derived from the profile).
It is what made the files committed in resources/pki/;
run it again only to replace them (every virtual card then signs with the new key).

These keys are public: a production build must ship the real CSCA certificates instead of
resources/pki/csca/ and must never trust the test CSCA (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cardreader.resources import resources_dir

CSCA_FILE = Path("csca") / "hu-test-csca.pem"
DS_CERT_FILE = Path("test-ds") / "ds-cert.pem"
DS_KEY_FILE = Path("test-ds") / "ds-key.pem"
AA_KEY_FILE = Path("test-chip") / "aa-rsa-key.pem"

_ORG = "TEST ONLY - Ugyfelkapu eID virtual cards"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "HU"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_pki(out: Path) -> None:
    """Write a fresh test CSCA and Document Signer (ECDSA P-256) under `out`."""
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca_name = _name("TEST ONLY Hungary CSCA")
    csca_ski = x509.SubjectKeyIdentifier.from_public_key(csca_key.public_key())
    csca = (
        x509.CertificateBuilder()
        .subject_name(csca_name)
        .issuer_name(csca_name)
        .public_key(csca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(dt.datetime(2050, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(csca_ski, critical=False)
        .sign(csca_key, hashes.SHA256())
    )
    ds_key = ec.generate_private_key(ec.SECP256R1())
    ds = (
        x509.CertificateBuilder()
        .subject_name(_name("TEST ONLY Document Signer 1"))
        .issuer_name(csca_name)
        .public_key(ds_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=dt.UTC))
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(csca_ski),
            critical=False,
        )
        .sign(csca_key, hashes.SHA256())
    )
    for rel, data in (
        (CSCA_FILE, csca.public_bytes(serialization.Encoding.PEM)),
        (DS_CERT_FILE, ds.public_bytes(serialization.Encoding.PEM)),
        (
            DS_KEY_FILE,
            ds_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        ),
    ):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def make_aa_key(out: Path) -> None:
    """Write the virtual chips' Active Authentication RSA key (1024 bits, as passports)."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - see above
    path = out / AA_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def main() -> None:
    """Command line: write the test PKI (default: resources/pki)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=resources_dir() / "pki")
    out = parser.parse_args().out
    make_pki(out)
    make_aa_key(out)


if __name__ == "__main__":
    main()
