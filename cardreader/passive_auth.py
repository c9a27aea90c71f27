"""Passive authentication (ICAO Doc 9303 Part 11, 5.1): is the chip's data what the state signed?

Three links, each checked: the data groups hash to the values in EF.SOD; EF.SOD's signature
verifies with the Document Signer (DS) certificate it carries; the DS certificate was signed
by a trusted Country Signing CA (CSCA) of its issuer and is within its validity. Without a
CSCA for the issuer the chain cannot be closed: the result is NOT_CHECKED, never VALID.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from cardreader.document import PassiveAuthentication
from cardreader.errors import CardError
from cardreader.failures import CardFailure
from cardreader.resources import resources_dir
from cardreader.sod import SecurityObject, parse_sod

log = logging.getLogger(__name__)

PublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class TrustStoreError(CardError):
    """A CSCA certificate file could not be read."""

    default_kind = CardFailure.TRUST_STORE


@dataclass
class TrustStore:
    """The trusted Country Signing CA certificates, looked up by subject name."""

    certificates: list[x509.Certificate] = field(default_factory=list)

    def add(self, certificate: x509.Certificate) -> None:
        """Trust one more CSCA certificate."""
        self.certificates.append(certificate)

    def add_file(self, path: Path) -> None:
        """Trust the CSCA certificate(s) in a PEM file (one or more) or a DER file."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise TrustStoreError(f"cannot read CSCA file {path}: {exc.strerror}") from None
        try:
            if b"-----BEGIN CERTIFICATE-----" in data:
                self.certificates.extend(x509.load_pem_x509_certificates(data))
            else:
                self.certificates.append(x509.load_der_x509_certificate(data))
        except ValueError:
            raise TrustStoreError(f"{path} is not an X.509 certificate (PEM or DER)") from None

    def add_directory(self, directory: Path) -> None:
        """Trust every *.pem, *.crt, *.cer and *.der certificate in `directory`."""
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() in (".pem", ".crt", ".cer", ".der") and path.is_file():
                self.add_file(path)

    @classmethod
    def from_paths(cls, paths: Iterable[Path]) -> TrustStore:
        """A store of the certificates in these files and directories."""
        store = cls()
        for path in paths:
            if path.is_dir():
                store.add_directory(path)
            else:
                store.add_file(path)
        return store

    def issuers_of(self, certificate: x509.Certificate) -> list[x509.Certificate]:
        """The trusted CSCAs whose subject is the certificate's issuer."""
        return [c for c in self.certificates if c.subject == certificate.issuer]

    def __len__(self) -> int:
        return len(self.certificates)


def default_trust_store() -> TrustStore:
    """The CSCA certificates shipped in resources/pki/csca/ (the test CSCA in a checkout)."""
    directory = resources_dir() / "pki" / "csca"
    store = TrustStore()
    if directory.is_dir():
        store.add_directory(directory)
    return store


class _Invalid(Exception):
    """One link of the chain is broken; the message says which."""


def verify_sod(
    sod_bytes: bytes,
    data_groups: Mapping[int, bytes],
    trust_store: TrustStore,
    *,
    now: dt.datetime | None = None,
) -> tuple[PassiveAuthentication, str]:
    """Passive authentication of `data_groups` (number -> file bytes) against EF.SOD.

    Returns the outcome and a one-line detail for logs and the UI. Malformed EF.SOD raises
    (`MalformedResponseError` / `InvalidDocumentDataError`): the card sent garbage.
    """
    sod = parse_sod(sod_bytes)
    now = now or dt.datetime.now(dt.UTC)
    try:
        _check_hashes(sod, data_groups)
        ds = _check_signature(sod)
        outcome = _check_ds(ds, trust_store, now)
    except _Invalid as exc:
        log.info("passive authentication failed: %s", exc)
        return PassiveAuthentication.INVALID, str(exc)
    return outcome


def _check_hashes(sod: SecurityObject, data_groups: Mapping[int, bytes]) -> None:
    if not data_groups:
        raise _Invalid("no data group to check")
    for number, content in sorted(data_groups.items()):
        expected = sod.data_group_hashes.get(number)
        if expected is None:
            raise _Invalid(f"EF.SOD has no hash for DG{number}")
        if hashlib.new(sod.hash_algorithm, content).digest() != expected:
            raise _Invalid(f"DG{number} does not match its hash in EF.SOD")


def _check_signature(sod: SecurityObject) -> x509.Certificate:
    if sod.signed_attributes is None:
        signed = sod.encapsulated_content
    else:
        digest = hashlib.new(sod.digest_algorithm, sod.encapsulated_content).digest()
        if digest != sod.message_digest:
            raise _Invalid("EF.SOD messageDigest does not match the LDSSecurityObject")
        signed = sod.signed_attributes
    if sod.signer_certificate is None:
        raise _Invalid("EF.SOD carries no Document Signer certificate for its signer")
    try:
        ds = x509.load_der_x509_certificate(sod.signer_certificate)
    except ValueError as exc:
        raise _Invalid(f"Document Signer certificate unusable: {exc}") from None
    _verify_signature(public_key(ds), sod, signed)
    return ds


def public_key(certificate: x509.Certificate) -> PublicKey:
    """The certificate's public key, also when its EC domain parameters are explicit.

    Many issuers' CSCA and Document Signer certificates spell out the curve (prime, a, b,
    generator, order) instead of naming it; OpenSSL refuses those. They are matched to the
    named curve with the same parameters and loaded as that.
    """
    try:
        key = certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        key = _named_curve_key(certificate)
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise _Invalid(f"certificate key type {type(key).__name__} is not supported")
    return key


def _named_curve_key(certificate: x509.Certificate) -> PublicKey:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        cert = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
        spki = cert["tbs_certificate"]["subject_public_key_info"]
        params = spki["algorithm"]["parameters"]
        if spki["algorithm"]["algorithm"].native != "ec" or params.name != "specified":
            raise _Invalid("certificate public key is not usable")
        named = asn1_keys.PublicKeyInfo(
            {
                "algorithm": {
                    "algorithm": "ec",
                    "parameters": ("named", _curve_oid(params.chosen)),
                },
                "public_key": spki["public_key"].native,
            }
        )
        return cast(PublicKey, load_der_public_key(named.dump()))
    except (ValueError, TypeError, KeyError, UnsupportedAlgorithm):
        raise _Invalid("certificate EC public key does not parse") from None


def _curve_oid(domain: Any) -> str:
    """The OID of the named curve whose parameters equal these explicit ones."""
    from ecdsa import curves

    if domain["field_id"]["field_type"].native != "prime_field":
        raise _Invalid("EC parameters over a binary field are not supported")
    p = int(domain["field_id"]["parameters"].native)
    a = int.from_bytes(domain["curve"]["a"].native, "big")
    b = int.from_bytes(domain["curve"]["b"].native, "big")
    order = int(domain["order"].native)
    base = bytes(domain["base"].native)
    for curve in curves.curves:
        if not hasattr(curve.curve, "p") or not hasattr(curve.curve, "a"):
            continue  # Edwards curves
        if (curve.curve.p(), curve.curve.a() % curve.curve.p(), curve.curve.b(), curve.order) != (
            p,
            a % p,
            b,
            order,
        ):
            continue
        size = curve.baselen
        g = curve.generator
        if base[1 : 1 + size] != int(g.x()).to_bytes(size, "big"):
            continue
        return ".".join(str(n) for n in curve.oid)
    raise _Invalid("certificate uses EC parameters of no known named curve")


def _verify_signature(key: PublicKey, sod: SecurityObject, signed: bytes) -> None:
    algorithm = sod.signature_algorithm
    # "sha256_ecdsa" names its hash; bare "ecdsa"/"rsa" take the signer's digest algorithm.
    hash_name = algorithm.split("_")[0] if "_" in algorithm else sod.digest_algorithm
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            if not algorithm.endswith("ecdsa"):
                raise _Invalid(f"EC key with signature algorithm {algorithm}")
            key.verify(_der_ecdsa(sod.signature, key), signed, ec.ECDSA(_hash(hash_name)))
        elif isinstance(key, rsa.RSAPublicKey):
            if algorithm == "rsassa_pss":
                params = sod.signature_parameters
                pss_hash = _hash(params["hash_algorithm"]["algorithm"].native)
                mgf_hash = _hash(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
                salt = int(params["salt_length"].native)
                if not 0 <= salt <= key.key_size // 8:
                    # The salt fits in the signature or the signature is forged; a huge
                    # value would only overflow the C integer the library passes it as.
                    raise _Invalid(f"EF.SOD RSASSA-PSS salt length {salt} is impossible")
                key.verify(
                    sod.signature,
                    signed,
                    padding.PSS(mgf=padding.MGF1(mgf_hash), salt_length=salt),
                    pss_hash,
                )
            elif algorithm.endswith("rsa"):
                key.verify(sod.signature, signed, padding.PKCS1v15(), _hash(hash_name))
            else:
                raise _Invalid(f"RSA key with signature algorithm {algorithm}")
        else:
            raise _Invalid(f"Document Signer key type {type(key).__name__} is not supported")
    except InvalidSignature:
        raise _Invalid("EF.SOD signature does not verify with the Document Signer key") from None
    except (ValueError, TypeError, KeyError):
        raise _Invalid(f"EF.SOD signature ({algorithm}) is malformed") from None


def _hash(name: str) -> hashes.HashAlgorithm:
    try:
        return _HASHES[name]()
    except KeyError:
        raise _Invalid(f"unsupported hash algorithm {name!r}") from None


def _der_ecdsa(signature: bytes, key: ec.EllipticCurvePublicKey) -> bytes:
    """DER ECDSA-Sig-Value; some issuers store plain r||s (BSI TR-03111), converted here."""
    size = (key.curve.key_size + 7) // 8
    if len(signature) == 2 * size and signature[0] != 0x30:
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        return encode_dss_signature(r, s)
    return signature


def _verify_issued_by(certificate: x509.Certificate, issuer_key: PublicKey) -> None:
    """Raise unless `issuer_key` signed `certificate` (ECDSA, RSA PKCS#1 v1.5, RSA-PSS)."""
    params = certificate.signature_algorithm_parameters
    tbs = certificate.tbs_certificate_bytes
    if isinstance(issuer_key, ec.EllipticCurvePublicKey):
        if not isinstance(params, ec.ECDSA):
            raise _Invalid("EC issuer key with a non-ECDSA certificate signature")
        issuer_key.verify(_der_ecdsa(certificate.signature, issuer_key), tbs, params)
    else:
        hash_algorithm = certificate.signature_hash_algorithm
        if not isinstance(params, padding.PKCS1v15 | padding.PSS) or hash_algorithm is None:
            raise _Invalid("RSA issuer key with a non-RSA certificate signature")
        issuer_key.verify(certificate.signature, tbs, params, hash_algorithm)


def _check_ds(
    ds: x509.Certificate, trust_store: TrustStore, now: dt.datetime
) -> tuple[PassiveAuthentication, str]:
    try:
        issuer = ds.issuer.rfc4514_string()
    except (ValueError, TypeError):
        # The name is parsed only now; a forged certificate's may not parse at all.
        raise _Invalid(
            "Document Signer certificate has an issuer name that does not parse"
        ) from None
    cscas = trust_store.issuers_of(ds)
    if not cscas:
        return (
            PassiveAuthentication.NOT_CHECKED,
            f"EF.SOD signature and data-group hashes verified; no trusted CSCA for {issuer}",
        )
    if not ds.not_valid_before_utc <= now <= ds.not_valid_after_utc:
        raise _Invalid(f"Document Signer certificate is outside its validity at {now:%Y-%m-%d}")
    for csca in cscas:
        try:
            _verify_issued_by(ds, public_key(csca))
        except (_Invalid, ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        if not csca.not_valid_before_utc <= now <= csca.not_valid_after_utc:
            raise _Invalid(f"CSCA {issuer} is outside its validity at {now:%Y-%m-%d}")
        return (
            PassiveAuthentication.VALID,
            f"data-group hashes, EF.SOD signature and Document Signer verified up to {issuer}",
        )
    raise _Invalid(f"Document Signer certificate is not signed by the trusted CSCA {issuer}")
