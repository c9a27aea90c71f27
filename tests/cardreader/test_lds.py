from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardreader import lds, tlv
from cardreader.errors import CardError, InvalidDocumentDataError, MalformedResponseError
from cardreader.sod import SecurityObject, parse_sod
from tests.cardreader.pki import make_pki, sod_for

MRZ = (
    "IDHUN201847KA<0<<<<<<<<<<<<<<<",
    "8503149F3105205HUN<<<<<<<<<<<8",
    "KOVACS<<EVA<ZSOFIA<<<<<<<<<<<<",
)


def test_dg1_wraps_the_mrz_in_61_and_5f1f() -> None:
    dg1 = lds.encode_dg1(MRZ)
    assert dg1[:5] == bytes.fromhex("615D5F1F5A")
    assert lds.parse_dg1(dg1) == "".join(MRZ)


def test_dg1_with_long_form_length_parses() -> None:
    mrz = "A" * 200
    dg1 = tlv.encode(0x61, tlv.encode(0x5F1F, mrz.encode()))
    assert dg1[1] == 0x81
    assert lds.parse_dg1(dg1) == mrz


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        bytes.fromhex("61"),
        bytes.fromhex("6105"),
        bytes.fromhex("62035F1F00"),
        bytes.fromhex("6103040100"),
        bytes.fromhex("61045F1F0541"),
    ],
)
def test_malformed_dg1_is_a_malformed_response(raw: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        lds.parse_dg1(raw)


def test_dg1_mrz_that_is_not_ascii_is_invalid_document_data() -> None:
    dg1 = tlv.encode(0x61, tlv.encode(0x5F1F, "É".encode()))
    with pytest.raises(InvalidDocumentDataError):
        lds.parse_dg1(dg1)


def test_sod_built_here_parses_back_with_hashes_and_signer_certificate() -> None:
    pki = make_pki()
    dg1 = lds.encode_dg1(MRZ)
    sod_bytes = sod_for(pki, {1: dg1, 2: b"face"})
    assert sod_bytes[0] == lds.TAG_SOD
    sod = parse_sod(sod_bytes)
    assert sod.hash_algorithm == "sha256"
    assert sod.data_group_hashes == {
        1: hashlib.sha256(dg1).digest(),
        2: hashlib.sha256(b"face").digest(),
    }
    assert sod.signer_certificate == pki.ds_der
    assert sod.message_digest == hashlib.sha256(sod.encapsulated_content).digest()
    assert sod.signature_algorithm == "sha256_ecdsa"


@pytest.mark.parametrize(
    "raw",
    [b"", bytes.fromhex("7700"), bytes.fromhex("7703020100"), tlv.encode(0x77, b"\x30\x03")],
)
def test_garbage_sod_is_a_typed_error(raw: bytes) -> None:
    with pytest.raises((MalformedResponseError, InvalidDocumentDataError)):
        parse_sod(raw)


_SOD = sod_for(make_pki(), {1: lds.encode_dg1(MRZ)})


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_corruption_of_a_sod_parses_or_raises_a_card_error(data: st.DataObject) -> None:
    raw = bytearray(_SOD)
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    try:
        parsed = parse_sod(bytes(raw[:cut]))
    except CardError:
        return
    assert isinstance(parsed, SecurityObject)
