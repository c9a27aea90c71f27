"""CAN and MRZ key: validation, secrecy in repr/str/errors, MRZ information."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from cardreader.errors import CardError, PasswordFormatError
from cardreader.mrz import check_digit
from cardreader.passwords import Can, MrzKey, PasswordType


@pytest.mark.parametrize("bad", ["12345", "1234567", "12345a", "", " 123456", "١٢٣٤٥٦", 123456])
def test_a_can_must_be_exactly_six_ascii_digits(bad: object) -> None:
    with pytest.raises(PasswordFormatError) as info:
        Can(bad)  # type: ignore[arg-type]
    assert isinstance(info.value, CardError)
    assert isinstance(info.value, ValueError)
    assert str(bad) not in str(info.value) or str(bad) == ""


@pytest.mark.parametrize("text", ["12345", "1234567", "12345a", "", " 123456", "١٢٣٤٥٦"])
def test_parsing_a_form_field_gives_no_can_unless_it_holds_exactly_six_digits(text: str) -> None:
    assert Can.parse(text) is None


def test_parsing_six_digits_gives_the_same_can_as_building_it() -> None:
    assert Can.parse("314159") == Can("314159")


def test_a_can_never_shows_its_digits() -> None:
    can = Can("314159")
    assert "314159" not in repr(can) + str(can) + f"{can}" + repr([can])
    assert can.pace_secret() == b"314159"
    assert can.password_type is PasswordType.CAN
    assert int(can.password_type) == 2
    with pytest.raises(TypeError):
        pickle.dumps(can)


def test_an_mrz_key_never_shows_its_fields() -> None:
    key = MrzKey("123456AB", "850301", "330101")
    text = repr(key) + str(key) + repr({"k": key})
    for secret in ("123456AB", "850301", "330101"):
        assert secret not in text
    assert key.password_type is PasswordType.MRZ
    assert int(key.password_type) == 1


def test_mrz_information_pads_short_numbers_and_adds_check_digits() -> None:
    key = MrzKey("123456ab", date(1985, 3, 1), date(2033, 1, 1))
    assert key.mrz_information == "123456AB<" + check_digit("123456AB<") + "8503013" + "3301018"
    assert key == MrzKey("123456AB", "850301", "330101")


def test_document_numbers_longer_than_nine_characters_are_used_whole() -> None:
    key = MrzKey("D23145890734", "340712", "950712")
    # ICAO 9303-11 Appendix D.1 style: the whole number, then its check digit.
    assert key.mrz_information.startswith("D23145890734" + check_digit("D23145890734"))
    assert len(key.mrz_information) == 12 + 1 + 7 + 7


def test_check_digits_follow_the_7_3_1_rule() -> None:
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1"
    assert check_digit("940623") == "6"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("123456AB,850301", "DOCUMENT-NUMBER"),
        ("123456AB,851301,330101", "calendar"),
        ("123456AB,85030,330101", "YYMMDD"),
        ("12345-AB,850301,330101", "document number"),
    ],
)
def test_mrz_key_text_is_validated_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(PasswordFormatError, match=message):
        MrzKey.parse(text)


def test_mrz_key_text_in_cli_form_parses() -> None:
    assert MrzKey.parse(" 123456AB , 850301,330101") == MrzKey("123456AB", "850301", "330101")
