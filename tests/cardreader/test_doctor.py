"""The doctor's pure parts: ATR decoding, part 10 features, the reader list, the card probe,
the words for every problem, and the QA profiles of cards that are not eMRTDs."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardreader.atr import Interface, decode_atr
from cardreader.doctor import (
    CardKind,
    CardReport,
    Diagnosis,
    Environment,
    Problem,
    ProblemKind,
    ReaderReport,
    find_problems,
    probe_card,
)
from cardreader.doctor_words import card_kind_words, problem_words, render_report, to_json
from cardreader.errors import NotAnEidError
from cardreader.known_readers import (
    ReaderListError,
    Verdict,
    known_readers,
    match_reader,
    parse_reader_list,
)
from cardreader.reader_features import Feature, Property, capabilities, parse_features
from cardreader.virtual.chip import ATR, VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import Applet, ProfileError, load_profile, parse_profile

ENV = Environment("1.0", "CPython 3.11", "6.11.3", "Linux")


# --- ATR -----------------------------------------------------------------------------------
def test_the_virtual_chips_atr_is_a_contactless_t1_card_with_extended_length() -> None:
    info = decode_atr(ATR)
    assert info.valid
    assert info.interface is Interface.CONTACTLESS
    assert 1 in info.protocols
    assert info.extended_length
    assert not info.storage_card
    assert info.historical[0] == 0x80


def test_a_contact_card_atr_is_told_from_a_contactless_one() -> None:
    # A T=0 contact ATR (TA1 only) with three historical bytes.
    info = decode_atr(bytes.fromhex("3B1396112233"))
    assert info.valid
    assert info.interface is Interface.CONTACT
    assert info.protocols == (0,)


def test_a_mifare_storage_card_is_recognised_from_its_pcsc_rid() -> None:
    atr = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")
    info = decode_atr(atr)
    assert info.interface is Interface.CONTACTLESS
    assert info.storage_card


@given(st.binary(max_size=40))
def test_any_bytes_decode_without_an_exception(atr: bytes) -> None:
    info = decode_atr(atr)
    assert info.atr == atr
    if not info.valid:
        assert info.interface is Interface.UNKNOWN


# --- PC/SC part 10 -------------------------------------------------------------------------
def _tlv(tag: int, value: bytes) -> bytes:
    return bytes((tag, len(value))) + value


def test_a_pin_pad_reader_with_pace_and_extended_apdus_is_described_as_such() -> None:
    features = (
        _tlv(Feature.VERIFY_PIN_DIRECT, (0x42330006).to_bytes(4, "big"))
        + _tlv(Feature.MODIFY_PIN_DIRECT, (0x42330007).to_bytes(4, "big"))
        + _tlv(Feature.EXECUTE_PACE, (0x42330020).to_bytes(4, "big"))
        + _tlv(Feature.GET_TLV_PROPERTIES, (0x42330012).to_bytes(4, "big"))
    )
    properties = (
        _tlv(Property.ID_VENDOR, (0x0C4B).to_bytes(2, "little"))
        + _tlv(Property.ID_PRODUCT, (0x0501).to_bytes(2, "little"))
        + _tlv(Property.MAX_APDU_DATA_SIZE, (0x10000).to_bytes(4, "little"))
        + _tlv(Property.FIRMWARE_ID, b"3.99\x00")
    )
    caps = capabilities(features, properties)
    assert caps.answered
    assert caps.pin_verify
    assert caps.pin_modify
    assert caps.pace
    assert caps.usb_id == (0x0C4B, 0x0501)
    assert caps.firmware == "3.99"
    assert caps.extended_length is True


def test_a_reader_that_refuses_the_feature_request_has_unknown_capabilities() -> None:
    caps = capabilities(None, None)
    assert not caps.answered
    assert caps.extended_length is None
    assert not caps.pace


def test_a_short_apdu_reader_says_no_extended_length() -> None:
    caps = capabilities(b"", _tlv(Property.MAX_APDU_DATA_SIZE, b"\x00\x00\x00\x00"))
    assert caps.extended_length is False


@given(st.binary(max_size=80))
def test_feature_lists_of_any_bytes_parse_without_an_exception(data: bytes) -> None:
    assert all(isinstance(code, int) for code in parse_features(data).values())
    capabilities(data, data)


# --- the reader list -------------------------------------------------------------------------
def test_the_shipped_reader_list_parses_and_every_entry_names_a_public_source() -> None:
    readers = known_readers()
    assert len(readers) >= 10
    allowed = {"ccid", "ausweisapp", "debian", "vsmartcard"}
    for reader in readers:
        assert set(reader.sources) <= allowed, reader.name
        assert reader.note_hu != reader.note_en
        assert reader.driver_hu
        assert reader.driver_en


@pytest.mark.parametrize(
    ("pcsc_name", "expected", "verdict"),
    [
        ("REINER SCT cyberJack RFID basis 00 00", "REINER SCT cyberJack RFID basis", Verdict.GOOD),
        (
            "REINER SCT cyberJack RFID komfort 00 00",
            "REINER SCT cyberJack RFID komfort",
            Verdict.WORKS,
        ),
        ("Identiv uTrust 3700 F CL Reader 0", "Identiv uTrust 3700 F", Verdict.GOOD),
        (
            "HID Global OMNIKEY 5422 Smartcard Reader [OMNIKEY 5422CL Smartcard Reader] 01 00",
            "HID OMNIKEY 5422",
            Verdict.GOOD,
        ),
        ("ACS ACR122U PICC Interface 00 00", "ACS ACR122U", Verdict.AVOID),
        (
            "SCM Microsystems Inc. SCR 3310 [CCID Interface] 00 00",
            "SCM / Identiv SCR 3310",
            Verdict.WORKS,
        ),
        ("Virtual PCD 00 01", "vsmartcard virtual reader (vpcd)", Verdict.WORKS),
    ],
)
def test_readers_are_recognised_by_the_name_pcsc_gives_them(
    pcsc_name: str, expected: str, verdict: Verdict
) -> None:
    known = match_reader(pcsc_name)
    assert known is not None
    assert known.name == expected
    assert known.verdict is verdict


def test_an_unknown_reader_matches_nothing() -> None:
    assert match_reader("Acme Card Gadget 00 00") is None


@pytest.mark.parametrize(
    "text",
    [
        "[[reader]]\nname = 'x'",
        "[[reader]]\nname='a'\npattern='('\ninterface='contact'\nverdict='good'\n"
        "note_hu='a'\nnote_en='b'\ndriver_hu='c'\ndriver_en='d'\nsources=['ccid']",
        "[[reader]]\nname='a'\npattern='a'\ninterface='contact'\nverdict='good'\n"
        "note_hu='a'\nnote_en='b'\ndriver_hu='c'\ndriver_en='d'\nsources=[]",
        "not toml [",
    ],
)
def test_a_broken_reader_list_is_refused_with_the_entry_named(text: str) -> None:
    with pytest.raises(ReaderListError):
        parse_reader_list(text)


# --- the card probe --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("profile", "kind"),
    [
        ("kovacs-eva", CardKind.EMRTD_PACE),
        ("farkas-bence-passport", CardKind.EMRTD_BAC),
        ("qa-no-chip", CardKind.NO_CHIP_ANSWER),
        ("qa-foreign-card", CardKind.NOT_EMRTD),
    ],
)
def test_the_probe_tells_each_kind_of_card_without_a_password(profile: str, kind: CardKind) -> None:
    chip = VirtualChip(load_profile(profile))
    transport = VirtualTransport(chip)
    report = probe_card(transport, transport.atr)
    assert report.kind is kind
    assert chip.apdu_count <= 3  # plain commands only, no session opened
    assert not chip.access.authenticated


def test_the_probe_names_a_pace_cam_offer_with_its_domain_parameters() -> None:
    transport = VirtualTransport(VirtualChip(load_profile("szabo-gyorgy")))
    report = probe_card(transport, transport.atr)
    assert [(o.protocol, o.parameters, o.supported) for o in report.pace] == [
        ("ECDH-CAM-AES-CBC-CMAC-256", "NIST P-256", True)
    ]


@pytest.mark.parametrize("profile", ["qa-no-chip", "qa-foreign-card"])
def test_reading_a_card_that_is_no_emrtd_is_not_an_eid(profile: str) -> None:
    from cardreader.passwords import Can
    from cardreader.reader import read_document

    with pytest.raises(NotAnEidError):
        read_document(VirtualTransport(VirtualChip(load_profile(profile))), Can("123456"))


def test_profiles_refuse_pace_on_a_card_without_a_chip() -> None:
    document = load_profile("kovacs-eva").document
    raw = {
        "document": {
            "document_number": document.document_number,
            "document_code": "ID",
            "issuing_state": "HUN",
            "surname": "X",
            "nationality": "HUN",
            "date_of_birth": "1950-01-01",
            "sex": "F",
            "date_of_expiry": "2030-01-01",
        },
        "chip": {"present": False},
    }
    assert parse_profile(raw, name="x").chip.applet is Applet.NONE
    with pytest.raises(ProfileError, match=r"\[access\]"):
        parse_profile({**raw, "access": {"pace": True, "can": "123456"}}, name="x")
    with pytest.raises(ProfileError, match="applet"):
        parse_profile({**raw, "chip": {"present": False, "applet": "foreign"}}, name="x")
    with pytest.raises(ProfileError, match=r"\[access\] section is missing"):
        parse_profile({**raw, "chip": {}}, name="x")


# --- problems and words ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(ProblemKind))
def test_every_problem_has_hungarian_and_english_words_saying_what_to_do(kind: ProblemKind) -> None:
    hu, en = problem_words(Problem(kind, "Reader 00 00"))
    assert hu
    assert en
    assert hu != en
    assert any(c in hu for c in "áéíóöőúüű")
    assert en.isascii() or "Ü" in en


@pytest.mark.parametrize("kind", list(CardKind))
def test_every_card_kind_has_words(kind: CardKind) -> None:
    hu, en = card_kind_words(kind)
    assert hu
    assert en
    assert hu != en


def test_no_service_hides_every_other_problem() -> None:
    diagnosis = Diagnosis(False, None, ENV)
    assert find_problems(diagnosis) == (Problem(ProblemKind.SERVICE_DOWN),)


def test_an_empty_reader_is_one_no_card_problem_and_an_avoided_reader_is_named() -> None:
    acr = match_reader("ACS ACR122U PICC Interface 00 00")
    readers = (
        ReaderReport("ACS ACR122U PICC Interface 00 00", known=acr),
        ReaderReport("Virtual PCD 00 01"),
    )
    problems = find_problems(Diagnosis(True, None, ENV, readers))
    assert problems == (
        Problem(ProblemKind.READER_NOT_RECOMMENDED, "ACS ACR122U PICC Interface 00 00"),
        Problem(ProblemKind.NO_CARD),
    )


def test_the_report_carries_both_languages_and_the_json_every_field() -> None:
    card = CardReport(CardKind.NO_CHIP_ANSWER, decode_atr(bytes.fromhex("3B80800101")))
    readers = (ReaderReport("Virtual PCD 00 00", card=card),)
    diagnosis = Diagnosis(True, "pcsc-lite 1.9.9", ENV, readers)
    from dataclasses import replace

    diagnosis = replace(diagnosis, problems=find_problems(diagnosis))
    text = render_report(diagnosis, made=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    assert "Kártya: nem válaszol chip" in text
    assert "Card: no chip answers" in text
    assert "Készült: 2026-01-02 03:04 UTC" in text
    assert "Made: 2026-01-02 03:04 UTC" in text
    record = to_json(diagnosis)
    json.dumps(record)
    assert record["ok"] is False
    assert record["problems"][0]["kind"] == "no-chip"  # type: ignore[index]
