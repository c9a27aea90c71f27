from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardreader.errors import InvalidDocumentDataError
from cardreader.mrz import (
    check_digit,
    encode_td1,
    encode_td3,
    parse_mrz,
    parse_td1,
    parse_td3,
    transliterate,
)

TODAY = date(2026, 1, 1)

# ICAO Doc 9303 Part 5 (TD1) and Part 4 (TD3) specimen MRZs.
ICAO_TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
ICAO_TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
KOVACS: dict[str, Any] = dict(
    document_code="ID",
    issuing_state="HUN",
    document_number="201847KA",
    surname="Kovács",
    given_names="Éva Zsófia",
    nationality="HUN",
    date_of_birth=date(1985, 3, 14),
    sex="F",
    date_of_expiry=date(2031, 5, 20),
)


def _replace(lines: tuple[str, ...], line: int, pos: int, ch: str) -> tuple[str, ...]:
    out = list(lines)
    out[line] = out[line][:pos] + ch + out[line][pos + 1 :]
    return tuple(out)


def _bump(ch: str) -> str:
    return str((int(ch) + 1) % 10)


def test_check_digit_follows_icao_weights_7_3_1() -> None:
    assert check_digit("D23145890") == "7"
    assert check_digit("740812") == "2"
    assert check_digit("L898902C3") == "6"
    assert check_digit("<<<<<<") == "0"


@pytest.mark.parametrize("field", ["12\u00b2", "\u0663", "abc", "A-B"])
def test_a_check_digit_over_characters_outside_the_mrz_alphabet_is_refused(field: str) -> None:
    # Unicode digits such as superscript two or Arabic-Indic three are not MRZ digits.
    with pytest.raises(InvalidDocumentDataError, match="MRZ alphabet"):
        check_digit(field)


def test_icao_td1_specimen_parses_with_names_split_at_double_filler() -> None:
    doc = parse_td1(ICAO_TD1, today=TODAY)
    assert doc.document_code == "I"
    assert doc.issuing_state == "UTO"
    assert doc.document_number == "D23145890"
    assert (doc.surname, doc.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert doc.date_of_birth == date(1974, 8, 12)
    assert doc.date_of_expiry == date(2012, 4, 15)
    assert doc.sex == "F"
    assert doc.mrz == ICAO_TD1


def test_icao_td3_specimen_parses_with_personal_number() -> None:
    doc = parse_td3(ICAO_TD3, today=TODAY)
    assert doc.document_code == "P"
    assert doc.document_number == "L898902C3"
    assert doc.nationality == "UTO"
    assert doc.optional_data == "ZE184226B"
    assert (doc.surname, doc.given_names) == ("ERIKSSON", "ANNA MARIA")


def test_parse_mrz_accepts_one_string_with_or_without_newlines() -> None:
    assert parse_mrz("\n".join(ICAO_TD3), today=TODAY) == parse_mrz("".join(ICAO_TD3), today=TODAY)
    assert parse_mrz("".join(ICAO_TD1), today=TODAY).document_number == "D23145890"


@pytest.mark.parametrize(
    ("line", "pos", "field"),
    [
        (0, 14, "document number"),
        (1, 6, "date of birth"),
        (1, 14, "date of expiry"),
        (1, 29, "composite"),
    ],
)
def test_td1_wrong_check_digit_names_the_field(line: int, pos: int, field: str) -> None:
    bad = _replace(ICAO_TD1, line, pos, _bump(ICAO_TD1[line][pos]))
    with pytest.raises(InvalidDocumentDataError, match=field):
        parse_td1(bad, today=TODAY)


@pytest.mark.parametrize(
    ("pos", "field"),
    [
        (9, "document number"),
        (19, "date of birth"),
        (27, "date of expiry"),
        (42, "personal number"),
        (43, "composite"),
    ],
)
def test_td3_wrong_check_digit_names_the_field(pos: int, field: str) -> None:
    bad = _replace(ICAO_TD3, 1, pos, _bump(ICAO_TD3[1][pos]))
    with pytest.raises(InvalidDocumentDataError, match=field):
        parse_td3(bad, today=TODAY)


def test_changed_data_without_new_check_digit_is_refused() -> None:
    # The composite digit catches a change in the optional data, which has no digit of its own.
    bad = _replace(ICAO_TD1, 0, 20, "X")
    with pytest.raises(InvalidDocumentDataError, match="composite"):
        parse_td1(bad, today=TODAY)


def test_td1_long_document_number_continues_in_optional_data() -> None:
    lines = encode_td1(**{**KOVACS, "document_number": "D23145890734"})
    assert lines[0][5:15] == "D23145890<"
    assert lines[0][15:19] == "734" + check_digit("D23145890734")
    doc = parse_td1(lines, today=TODAY)
    assert doc.document_number == "D23145890734"


def test_icao_long_document_number_specimen() -> None:
    # ICAO 9303-5 Appendix B: document number D23145890734, check digit 9, in optional data.
    lines = (
        "I<UTOD23145890<7349<<<<<<<<<<<",
        "3407127M9507122UTO<<<<<<<<<<<2",
        "STEVENSON<<PETER<JOHN<<<<<<<<<",
    )
    doc = parse_td1(lines, today=TODAY)
    assert doc.document_number == "D23145890734"


def test_birth_dates_are_never_in_the_future_and_expiry_is_this_century() -> None:
    lines = encode_td1(**{**KOVACS, "date_of_birth": date(1930, 6, 1)})
    doc = parse_td1(lines, today=TODAY)
    assert doc.date_of_birth == date(1930, 6, 1)
    young = parse_td1(encode_td1(**{**KOVACS, "date_of_birth": date(2015, 6, 1)}), today=TODAY)
    assert young.date_of_birth == date(2015, 6, 1)
    assert young.date_of_expiry == date(2031, 5, 20)


def test_impossible_date_is_refused_with_its_field() -> None:
    lines = encode_td1(**KOVACS)
    bad_birth = "851314"  # month 13
    line2 = bad_birth + check_digit(bad_birth) + lines[1][7:29]
    l1, l2 = lines[0], line2 + "<"
    l2 = l2[:29] + check_digit(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    with pytest.raises(InvalidDocumentDataError, match="date of birth"):
        parse_td1((l1, l2, lines[2]), today=TODAY)


def test_hungarian_letters_are_transliterated_per_icao_part_3() -> None:
    assert transliterate("Kőműves") == "KOMUVES"
    assert transliterate("Árvíztűrő tükörfúrógép") == "ARVIZTURO<TUKORFUROGEP"
    assert transliterate("Horváth-Ürögi") == "HORVATH<UROGI"
    assert transliterate("Groß") == "GROSS"


def test_characters_without_transliteration_are_refused() -> None:
    with pytest.raises(InvalidDocumentDataError, match="transliteration"):
        transliterate("Ж")


def test_hungarian_id_card_round_trips_through_td1() -> None:
    lines = encode_td1(**KOVACS)
    assert lines == (
        "IDHUN201847KA<0<<<<<<<<<<<<<<<",
        "8503149F3105205HUN<<<<<<<<<<<8",
        "KOVACS<<EVA<ZSOFIA<<<<<<<<<<<<",
    )
    doc = parse_mrz(lines, today=TODAY)
    assert doc.document_number == "201847KA"
    assert (doc.surname, doc.given_names) == ("KOVACS", "EVA ZSOFIA")


def test_passport_encodes_to_td3_with_empty_personal_number_digit_as_filler() -> None:
    lines = encode_td3(
        **{**KOVACS, "document_code": "P", "document_number": "HA7654321"},
    )
    assert [len(line) for line in lines] == [44, 44]
    assert lines[0].startswith("P<HUNKOVACS<<EVA<ZSOFIA<")
    assert lines[1][42] == "<"
    assert parse_td3(lines, today=TODAY).document_number == "HA7654321"


def test_too_long_names_are_truncated_to_the_field() -> None:
    lines = encode_td1(**{**KOVACS, "given_names": "Anna Mária Erzsébet Terézia Krisztina"})
    assert len(lines[2]) == 30
    assert lines[2].startswith("KOVACS<<ANNA<MARIA<")


@pytest.mark.parametrize(
    "mrz",
    [
        "",
        "I<UTO",
        ICAO_TD1[:2],
        (ICAO_TD1[0].lower(), *ICAO_TD1[1:]),
        (ICAO_TD1[0], ICAO_TD1[1], ICAO_TD1[2][:-1] + "é"),
        (*ICAO_TD3, "x" * 44),
    ],
)
def test_malformed_mrz_is_a_typed_error(mrz: str | tuple[str, ...]) -> None:
    with pytest.raises(InvalidDocumentDataError):
        parse_mrz(mrz, today=TODAY)


def test_sex_outside_m_f_filler_is_refused() -> None:
    bad = _replace(ICAO_TD1, 1, 7, "Q")
    with pytest.raises(InvalidDocumentDataError):
        parse_td1(bad, today=TODAY)


_name = st.text(alphabet="AÁBCDEÉFGHIÍJKLMNOÓÖŐPQRSTUÚÜŰVWXYZ", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    surname=_name,
    given_names=_name,
    number=st.text(alphabet="0123456789ABCDEFGHJKLMNPRSTUVWXYZ", min_size=1, max_size=14),
    birth=st.dates(min_value=date(1930, 1, 2), max_value=date(2025, 12, 31)),
    expiry=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from("MFX"),
)
def test_any_encoded_td1_parses_back_to_the_same_fields(
    surname: str, given_names: str, number: str, birth: date, expiry: date, sex: str
) -> None:
    lines = encode_td1(
        document_code="ID",
        issuing_state="HUN",
        document_number=number,
        surname=surname,
        given_names=given_names,
        nationality="HUN",
        date_of_birth=birth,
        sex=sex,
        date_of_expiry=expiry,
    )
    doc = parse_td1(lines, today=TODAY)
    assert doc.document_number == number
    assert doc.date_of_birth == birth
    assert doc.date_of_expiry == expiry
    assert doc.sex == sex
    assert doc.surname == transliterate(surname)[:28].replace("<", " ").strip()


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=90, max_size=90),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=88, max_size=88),
        st.text(max_size=100),
    )
)
def test_any_text_parses_as_an_mrz_or_is_invalid_document_data(text: str) -> None:
    try:
        doc = parse_mrz(text, today=TODAY)
    except InvalidDocumentDataError:
        return
    assert [len(line) for line in doc.mrz] in ([30] * 3, [44] * 2)
