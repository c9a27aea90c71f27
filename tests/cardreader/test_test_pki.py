from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key

from cardreader.document import PassiveAuthentication
from cardreader.lds import encode_dg1
from cardreader.passive_auth import TrustStore, verify_sod
from cardreader.resources import resources_dir
from cardreader.sod import build_sod
from cardreader.virtual.make_test_pki import CSCA_FILE, DS_CERT_FILE, DS_KEY_FILE, make_pki
from tests.cardreader.pki import signer

DG1 = encode_dg1(("P<HUNFARKAS<<BENCE<<<<<<<<<<<<<<<<<<<<<<<<<<",))


def _check(directory: Path) -> None:
    csca = x509.load_pem_x509_certificate((directory / CSCA_FILE).read_bytes())
    ds = x509.load_pem_x509_certificate((directory / DS_CERT_FILE).read_bytes())
    key = load_pem_private_key((directory / DS_KEY_FILE).read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    for cert in (csca, ds):
        names = cert.subject.rfc4514_string()
        assert "TEST ONLY" in names
        assert "C=HU" in names
    assert csca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    ds.verify_directly_issued_by(csca)
    sod = build_sod({1: DG1}, ds.public_bytes(Encoding.DER), signer(key, "sha256_ecdsa"))
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    assert verify_sod(sod, {1: DG1}, TrustStore([csca]), now=now)[0] is (
        PassiveAuthentication.VALID
    )


def test_the_committed_test_pki_is_a_test_only_csca_over_its_document_signer() -> None:
    _check(resources_dir() / "pki")


def test_make_test_pki_writes_a_fresh_consistent_pki(tmp_path: Path) -> None:
    make_pki(tmp_path)
    _check(tmp_path)
    committed = (resources_dir() / "pki" / CSCA_FILE).read_bytes()
    assert (tmp_path / CSCA_FILE).read_bytes() != committed  # a new key, not a copy
