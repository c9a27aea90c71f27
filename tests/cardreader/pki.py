"""Certificates and signers made on the fly for passive-authentication tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from cardreader.sod import build_sod

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def name(cn: str, country: str = "HU") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, country),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def certificate(
    subject: x509.Name,
    key: PrivateKey,
    issuer: x509.Name,
    issuer_key: PrivateKey,
    *,
    not_before: dt.datetime = dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    not_after: dt.datetime = dt.datetime(2045, 1, 1, tzinfo=dt.UTC),
    ca: bool = False,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Pki:
    csca: x509.Certificate
    csca_key: PrivateKey
    ds: x509.Certificate
    ds_key: PrivateKey

    @property
    def ds_der(self) -> bytes:
        return self.ds.public_bytes(serialization.Encoding.DER)


def make_pki(
    ds_key: PrivateKey | None = None,
    *,
    csca_name: str = "Test CSCA",
    ds_not_after: dt.datetime = dt.datetime(2045, 1, 1, tzinfo=dt.UTC),
) -> Pki:
    csca_key = ec.generate_private_key(ec.SECP256R1())
    csca = certificate(name(csca_name), csca_key, name(csca_name), csca_key, ca=True)
    ds_key = ds_key or ec.generate_private_key(ec.SECP256R1())
    ds = certificate(name("Test DS"), ds_key, name(csca_name), csca_key, not_after=ds_not_after)
    return Pki(csca, csca_key, ds, ds_key)


def signer(key: PrivateKey, algorithm: str) -> Callable[[bytes], bytes]:
    """`sign(data)` for build_sod with the asn1crypto algorithm name."""

    def sign(data: bytes) -> bytes:
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hashes.SHA256()))
        if algorithm == "rsassa_pss":
            return key.sign(
                data,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                hashes.SHA256(),
            )
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    return sign


def sod_for(pki: Pki, groups: dict[int, bytes], algorithm: str = "sha256_ecdsa") -> bytes:
    return build_sod(
        groups, pki.ds_der, signer(pki.ds_key, algorithm), signature_algorithm=algorithm
    )


def with_explicit_parameters(cert: x509.Certificate, issuer_key: PrivateKey) -> x509.Certificate:
    """`cert` with its EC curve spelled out (prime, a, b, G, n) instead of named, re-signed."""
    from asn1crypto import core, keys
    from asn1crypto import x509 as asn1_x509
    from ecdsa import curves

    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    spki = tbs["subject_public_key_info"]
    oid = spki["algorithm"]["parameters"].chosen.dotted
    curve = next(c for c in curves.curves if ".".join(map(str, c.oid)) == oid)
    size, p, g = curve.baselen, curve.curve.p(), curve.generator
    domain = keys.SpecifiedECDomain(
        {
            "version": "ecdpVer1",
            "field_id": {"field_type": "prime_field", "parameters": core.Integer(p)},
            "curve": {
                "a": (curve.curve.a() % p).to_bytes(size, "big"),
                "b": curve.curve.b().to_bytes(size, "big"),
            },
            "base": b"\x04" + int(g.x()).to_bytes(size, "big") + int(g.y()).to_bytes(size, "big"),
            "order": curve.order,
            "cofactor": 1,
        }
    )
    tbs["subject_public_key_info"] = keys.PublicKeyInfo(
        {
            "algorithm": {"algorithm": "ec", "parameters": ("specified", domain)},
            "public_key": spki["public_key"].native,
        }
    )
    tbs_der = tbs.dump(force=True)
    assert isinstance(issuer_key, ec.EllipticCurvePrivateKey)
    parsed["signature_value"] = issuer_key.sign(tbs_der, ec.ECDSA(hashes.SHA256()))
    return x509.load_der_x509_certificate(parsed.dump(force=True))
