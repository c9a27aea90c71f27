from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from cardreader import lds
from cardreader.document import PassiveAuthentication
from cardreader.passive_auth import TrustStore, TrustStoreError, default_trust_store, verify_sod
from cardreader.sod import build_sod, parse_sod
from tests.cardreader.pki import (
    certificate,
    make_pki,
    name,
    signer,
    sod_for,
    with_explicit_parameters,
)

MRZ = (
    "IDHUN201847KA<0<<<<<<<<<<<<<<<",
    "8503149F3105205HUN<<<<<<<<<<<8",
    "KOVACS<<EVA<ZSOFIA<<<<<<<<<<<<",
)
DG1 = lds.encode_dg1(MRZ)
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_ecdsa_sod_with_trusted_csca_is_valid() -> None:
    pki = make_pki()
    result, detail = verify_sod(sod_for(pki, {1: DG1}), {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.VALID
    assert "Test CSCA" in detail


@pytest.mark.parametrize("algorithm", ["sha256_rsa", "rsassa_pss"])
def test_rsa_and_rsa_pss_sods_are_valid(rsa_key: rsa.RSAPrivateKey, algorithm: str) -> None:
    pki = make_pki(rsa_key)
    sod = sod_for(pki, {1: DG1}, algorithm)
    result, _ = verify_sod(sod, {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.VALID


def test_no_csca_for_the_issuer_is_not_checked_even_though_signature_holds() -> None:
    pki = make_pki()
    result, detail = verify_sod(sod_for(pki, {1: DG1}), {1: DG1}, TrustStore(), now=NOW)
    assert result is PassiveAuthentication.NOT_CHECKED
    assert "no trusted CSCA" in detail


def test_data_group_that_differs_from_its_hash_is_invalid() -> None:
    pki = make_pki()
    sod = sod_for(pki, {1: DG1})
    tampered = DG1.replace(b"KOVACS", b"KOVACZ")
    result, detail = verify_sod(sod, {1: tampered}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.INVALID
    assert "DG1" in detail


def test_data_group_missing_from_the_sod_is_invalid() -> None:
    pki = make_pki()
    result, detail = verify_sod(
        sod_for(pki, {1: DG1}), {1: DG1, 2: b"x"}, TrustStore([pki.csca]), now=NOW
    )
    assert result is PassiveAuthentication.INVALID
    assert "DG2" in detail


def test_sod_signed_by_another_key_than_its_ds_certificate_is_invalid() -> None:
    pki = make_pki()
    other = make_pki()
    forged = build_sod({1: DG1}, pki.ds_der, signer(other.ds_key, "sha256_ecdsa"))
    result, detail = verify_sod(forged, {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.INVALID
    assert "signature" in detail


def test_hash_value_changed_inside_the_sod_is_invalid() -> None:
    pki = make_pki()
    sod = bytearray(sod_for(pki, {1: DG1}))
    real = parse_sod(bytes(sod)).data_group_hashes[1]
    at = bytes(sod).index(real)
    sod[at] ^= 0x01
    result, detail = verify_sod(bytes(sod), {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.INVALID
    assert "DG1" in detail  # the hash check comes first and catches it


def test_ds_not_signed_by_the_trusted_csca_is_invalid() -> None:
    pki = make_pki()
    impostor_key = ec.generate_private_key(ec.SECP256R1())
    # Same CSCA name, different key: only the signature tells them apart.
    impostor = certificate(
        name("Test CSCA"), impostor_key, name("Test CSCA"), impostor_key, ca=True
    )
    result, detail = verify_sod(sod_for(pki, {1: DG1}), {1: DG1}, TrustStore([impostor]), now=NOW)
    assert result is PassiveAuthentication.INVALID
    assert "not signed by the trusted CSCA" in detail


def test_expired_document_signer_certificate_is_invalid() -> None:
    pki = make_pki(ds_not_after=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    result, detail = verify_sod(sod_for(pki, {1: DG1}), {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.INVALID
    assert "validity" in detail


def test_plain_r_s_ecdsa_signature_is_accepted() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    pki = make_pki()
    assert isinstance(pki.ds_key, ec.EllipticCurvePrivateKey)
    key = pki.ds_key

    def plain(data: bytes) -> bytes:
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    sod = build_sod({1: DG1}, pki.ds_der, plain)
    result, _ = verify_sod(sod, {1: DG1}, TrustStore([pki.csca]), now=NOW)
    assert result is PassiveAuthentication.VALID


def test_trust_store_loads_pem_and_der_files_and_directories(tmp_path: Path) -> None:
    a, b = make_pki(csca_name="A"), make_pki(csca_name="B")
    (tmp_path / "a.pem").write_bytes(a.csca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "b.der").write_bytes(b.csca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "notes.txt").write_text("ignored")
    store = TrustStore.from_paths([tmp_path])
    assert len(store) == 2
    assert store.issuers_of(b.ds) == [b.csca]


def test_unreadable_or_garbage_csca_file_is_a_trust_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_bytes(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustStoreError, match=r"bad\.pem"):
        TrustStore.from_paths([bad])
    with pytest.raises(TrustStoreError):
        TrustStore.from_paths([tmp_path / "missing.der"])


def test_default_trust_store_holds_the_test_only_csca() -> None:
    store = default_trust_store()
    assert len(store) >= 1
    subjects = [c.subject.rfc4514_string() for c in store.certificates]
    assert any("TEST ONLY" in s and "C=HU" in s for s in subjects)


# OpenSSL maps explicit NIST parameters to their names itself, but refuses explicit
# Brainpool parameters, which many European issuers use.
@pytest.mark.parametrize("curve", [ec.BrainpoolP256R1(), ec.BrainpoolP384R1()])
def test_certificates_with_explicit_brainpool_parameters_verify(curve: ec.EllipticCurve) -> None:
    csca_key = ec.generate_private_key(curve)
    ds_key = ec.generate_private_key(curve)
    csca = with_explicit_parameters(
        certificate(name("CSCA"), csca_key, name("CSCA"), csca_key, ca=True), csca_key
    )
    ds = with_explicit_parameters(certificate(name("DS"), ds_key, name("CSCA"), csca_key), csca_key)
    with pytest.raises((ValueError, UnsupportedAlgorithm)):
        ds.public_key()  # OpenSSL alone cannot use them
    ds_der = ds.public_bytes(serialization.Encoding.DER)
    sod = build_sod({1: DG1}, ds_der, signer(ds_key, "sha256_ecdsa"))
    result, detail = verify_sod(sod, {1: DG1}, TrustStore([csca]), now=NOW)
    assert result is PassiveAuthentication.VALID, detail
    # And the explicit parameters do not make a wrong signature pass.
    other = ec.generate_private_key(curve)
    forged = build_sod({1: DG1}, ds_der, signer(other, "sha256_ecdsa"))
    assert verify_sod(forged, {1: DG1}, TrustStore([csca]), now=NOW)[0] is (
        PassiveAuthentication.INVALID
    )
