from __future__ import annotations

import csv
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardreader.mrz import parse_mrz, transliterate
from cardreader.resources import resources_dir
from cardreader.virtual.profile import (
    _SECTIONS,
    ChipCipher,
    ChipCurve,
    ExtendedRefusal,
    ProfileError,
    list_profiles,
    load_profile,
    parse_profile,
)

GOOD = """
[document]
document_number = "201847KA"
document_code = "ID"
issuing_state = "HUN"
surname = "Kovács"
given_names = "Éva Zsófia"
nationality = "HUN"
date_of_birth = 1985-03-14
sex = "F"
date_of_expiry = "2031-05-20"

[access]
can = "123456"
pace = true
bac = false
"""

DEMO = {
    "kovacs-eva",
    "szabo-gyorgy",
    "komuves-kelemen",
    "horvath-anna",
    "nagy-ilona-expired",
    "farkas-bence-passport",
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "card.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_profile_loads_with_default_chip_and_no_faults(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, GOOD))
    assert profile.document.surname == "Kovács"
    assert profile.document.date_of_expiry == date(2031, 5, 20)
    assert profile.chip.curve is ChipCurve.BRAINPOOL_P256R1
    assert profile.chip.cipher is ChipCipher.AES_128
    assert profile.faults.vanish_after_apdus is None
    assert profile.faults.corrupt_mac_after is None


def test_the_can_never_shows_in_a_repr(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, GOOD))
    assert "123456" not in repr(profile)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('can = "123456"', 'can = "12345"'), "can"),
        (('can = "123456"', "can = 123456"), "can"),
        (('sex = "F"', 'sex = "W"'), "sex"),
        (("date_of_birth = 1985-03-14", 'date_of_birth = "14.03.1985"'), "date_of_birth"),
        (('date_of_expiry = "2031-05-20"', 'date_of_expiry = "1980-01-01"'), "date_of_expiry"),
        (('issuing_state = "HUN"', 'issuing_state = "HU"'), "issuing_state"),
        (('document_number = "201847KA"', 'document_number = "201847-KA"'), "document_number"),
        (('document_number = "201847KA"', ""), "document_number"),
        (("pace = true", "pace = false"), "pace"),
        (("pace = true", 'pace = "yes"'), "pace"),
        (('surname = "Kovács"', 'surname = "Ковач"'), "transliteration"),
        (("bac = false", "bac = false\nbogus = 1"), "bogus"),
    ],
)
def test_bad_profile_gives_one_line_naming_the_key(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    with pytest.raises(ProfileError, match=key) as info:
        load_profile(_write(tmp_path, GOOD.replace(*change)))
    assert "\n" not in str(info.value)
    assert "card.toml" in str(info.value)


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ('[chip]\ncurve = "secp999"', "curve"),
        ('[chip]\ncipher = "RC4"', "cipher"),
        ("[faults]\ndelay_ms = -1", "delay_ms"),
        ("[faults]\nvanish_after_apdus = 0", "vanish_after_apdus"),
        ('[faults]\ncorrupt_mac = "often"', "corrupt_mac"),
        ("[faults]\ntransient_error = 0", "transient_error"),
        ('[faults]\nrefuse_extended_length = "sometimes"', "refuse_extended_length"),
        (
            '[chip]\nextended_length = false\n[faults]\nrefuse_extended_length = "reader"',
            "the ATR must announce extended length",
        ),
        ("[colour]\nred = true", "colour"),
    ],
)
def test_bad_optional_sections_name_the_key(tmp_path: Path, extra: str, key: str) -> None:
    with pytest.raises(ProfileError, match=key):
        load_profile(_write(tmp_path, GOOD + "\n" + extra + "\n"))


def test_a_bad_can_is_not_repeated_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as info:
        load_profile(_write(tmp_path, GOOD.replace('can = "123456"', 'can = "98765x"')))
    assert "98765x" not in str(info.value)


def test_faults_and_chip_options_are_read(tmp_path: Path) -> None:
    text = GOOD + '\n[chip]\ncurve = "secp384r1"\ncipher = "3des"\nextended_length = false\n'
    text += "\n[faults]\ndelay_ms = 5\nvanish_after_apdus = 3\ncorrupt_mac = 2\n"
    profile = load_profile(_write(tmp_path, text))
    assert profile.chip.curve is ChipCurve.NIST_P384
    assert profile.chip.cipher is ChipCipher.TDES
    assert profile.chip.extended_length is False
    assert (profile.faults.delay_ms, profile.faults.vanish_after_apdus) == (5, 3)
    assert profile.faults.corrupt_mac_after == 2


@pytest.mark.parametrize(
    ("faults", "transient_at", "refusal"),
    [
        ("transient_error = true", 1, None),
        ("transient_error = 8", 8, None),
        ('refuse_extended_length = "reader"', None, ExtendedRefusal.READER),
        ('refuse_extended_length = "Card"', None, ExtendedRefusal.CARD),
    ],
)
def test_reader_faults_are_read(
    tmp_path: Path, faults: str, transient_at: int | None, refusal: ExtendedRefusal | None
) -> None:
    profile = load_profile(_write(tmp_path, GOOD + "\n[faults]\n" + faults + "\n"))
    assert profile.faults.transient_error_at == transient_at
    assert profile.faults.refuse_extended_length is refusal


def test_not_toml_and_missing_files_are_profile_errors(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="TOML"):
        load_profile(_write(tmp_path, "[document\n"))
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "nope" / "card.toml")
    with pytest.raises(ProfileError, match="no virtual-card profile named 'nobody'"):
        load_profile("nobody")


def test_bare_names_find_shipped_profiles() -> None:
    assert DEMO | {"qa-slow", "qa-vanish", "qa-bad-mac"} <= set(list_profiles())
    assert load_profile("kovacs-eva") == load_profile("kovacs-eva.toml")
    assert load_profile("kovacs-eva").access.pace


def _citizens() -> dict[str, dict[str, str]]:
    with (resources_dir() / "demo" / "citizens.csv").open(encoding="utf-8") as fh:
        return {row["document_number"]: row for row in csv.DictReader(fh)}


@pytest.mark.parametrize("name", sorted(DEMO - {"farkas-bence-passport"}))
def test_demo_id_cards_match_the_demo_registry(name: str) -> None:
    profile = load_profile(name)
    doc = profile.document
    row = _citizens()[doc.document_number]
    assert (doc.surname, doc.given_names) == (row["family_name"], row["given_names"])
    assert doc.date_of_birth.isoformat() == row["birth_date"]
    assert doc.date_of_expiry.isoformat() == row["document_expiry"]
    assert (doc.sex, doc.nationality) == (row["sex"], row["nationality"])
    assert (doc.document_code, doc.issuing_state) == ("ID", "HUN")
    mrz = parse_mrz(doc.mrz_lines(), today=date(2026, 1, 1))
    assert len(mrz.mrz) == 3  # TD1
    assert mrz.surname == transliterate(doc.surname).replace("<", " ")


def test_demo_readme_table_lists_each_profile_with_its_can() -> None:
    readme = (resources_dir() / "demo" / "README.md").read_text(encoding="utf-8")
    for name in DEMO:
        profile = load_profile(name)
        line = next(row for row in readme.splitlines() if f"`{name}.toml`" in row)
        assert profile.document.document_number in line
        if profile.access.can:
            assert f"| {profile.access.can} |" in line


def test_passport_profile_is_bac_only_td3() -> None:
    profile = load_profile("farkas-bence-passport")
    assert (profile.access.pace, profile.access.bac, profile.access.can) == (False, True, None)
    assert [len(line) for line in profile.document.mrz_lines()] == [44, 44]
    assert profile.mrz_key_text() == "HA7654321,870415,300101"


_value = st.one_of(
    st.text(max_size=12),
    st.integers(-5, 10**7),
    st.booleans(),
    st.dates(),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["123456", "HUN", "ID", "P", "F", "AES-128", "P-256", "2030-01-01"]),
)
_keys = sorted(set().union(*(v for v in _SECTIONS.values())) | {"extra"})


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*_SECTIONS, "other"]),
        st.one_of(st.dictionaries(st.sampled_from(_keys), _value, max_size=10), _value),
        max_size=5,
    )
)
def test_any_toml_content_gives_a_profile_or_a_profile_error(raw: dict[str, Any]) -> None:
    try:
        result = parse_profile(raw, name="fuzz")
    except ProfileError as exc:  # either outcome is right; a refusal must be one line
        assert "\n" not in str(exc)  # noqa: PT017
        return
    assert result.document.mrz_lines()


def test_the_good_profile_parses_from_a_dict_too() -> None:
    raw = tomllib.loads(GOOD)
    assert parse_profile(raw, name="x").document.document_number == "201847KA"
