"""The rules for what a person types, each with good and bad examples."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.registration.limits import USERNAME_MAX
from desktop.registry import rules
from desktop.registry.errors import RuleViolation


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("123456AB", "123456AB"),
        (" 123456ab ", "123456AB"),
        ("123 456 ab", "123456AB"),
        ("201847\tKA", "201847KA"),
    ],
)
def test_document_number_is_trimmed_despaced_and_upper_cased(typed: str, normalised: str) -> None:
    assert rules.check_document_number(typed) == normalised


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "12345AB",
        "1234567AB",
        "123456A",
        "123456ABC",
        "ABCDEF12",
        "123456Á B",
        "12345_AB",
        "١٢٣٤٥٦AB",
    ],
)
def test_document_number_that_is_not_six_digits_and_two_letters_is_refused(typed: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_document_number(typed)
    assert exc.value.field == "document_number"
    assert exc.value.message.hu
    assert exc.value.message.en


def test_registration_code_keeps_its_case_and_drops_spaces() -> None:
    assert rules.check_registration_code(" Q4mT 7xR2 kW9 ") == "Q4mT7xR2kW9"


@pytest.mark.parametrize("typed", ["", "Q4mT7xR2kW", "Q4mT7xR2kW9X", "Q4mT7-R2kW9", "Q4mT7xŐ2kW9"])
def test_registration_code_that_is_not_eleven_letters_and_digits_is_refused(typed: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_registration_code(typed)
    assert exc.value.field == "registration_code"


@pytest.mark.parametrize(
    "name", ["KisAnna", "kisanna", "Kővágó", "ŰrhajósÉva", "Abc" * 21 + "a", "ÁÉÍÓÖŐÚÜŰáé"]
)
def test_usernames_of_hungarian_letters_are_accepted(name: str) -> None:
    assert rules.check_username(name) == name


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("", "username.required"),
        ("Kis Anna", "username.no_spaces"),
        (" KisAnna", "username.no_spaces"),
        ("KisAnna ", "username.no_spaces"),
        ("KisAnna1", "username.no_digits"),
        ("Kis-Anna", "username.no_marks"),
        ("Kis.Anna", "username.no_marks"),
        ("kis_anna", "username.no_marks"),
        ("Ann", "username.min_length"),
        ("Éva", "username.min_length"),
        ("a" * 30 + "bc" * 20, "username.max_length"),
        ("mama", "username.distinct_letters"),
        ("Papa", "username.distinct_letters"),
        ("AaAaBb", "username.distinct_letters"),
        ("Kovačič", "username.hungarian_letters"),
        ("Straße", "username.hungarian_letters"),
    ],
)
def test_usernames_breaking_a_rule_are_refused_naming_that_rule(name: str, rule: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_username(name)
    assert exc.value.rule == rule
    assert exc.value.field == "username"


@pytest.mark.parametrize(
    ("name", "char", "offer"),
    [
        ("Kôvács", "ô", "ő"),
        ("Kõvács", "õ", "ő"),
        ("Szûcs", "û", "ű"),
        ("Szũcs", "ũ", "ű"),
        ("Kärtner", "ä", "á"),
        ("Кovács", "К", "K"),
        ("Nаgy", "а", "a"),
    ],
)
def test_lookalike_letters_are_refused_naming_the_character_and_offering_the_hungarian_one(
    name: str, char: str, offer: str
) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_username(name)
    assert exc.value.rule == "username.lookalike"
    for text in (exc.value.message.hu, exc.value.message.en):
        assert f"„{char}”" in text
        assert offer in text
    assert unicodedata.name(char) in exc.value.message.en
    # The Hungarian text names it in Hungarian (script, case, code point), not in English.
    assert unicodedata.name(char) not in exc.value.message.hu
    assert f"U+{ord(char):04X}" in exc.value.message.hu
    assert "LETTER" not in exc.value.message.hu


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Nаgy", "cirill kisbetű"),
        ("Кovács", "cirill nagybetű"),
        ("ΑΒΓΔ", "görög nagybetű"),
        ("Kõvács", "latin kisbetű"),
    ],
)
def test_the_hungarian_message_says_which_script_and_case_the_stray_letter_is(
    name: str, words: str
) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_username(name)
    assert words in exc.value.message.hu


def test_a_username_typed_with_combining_accents_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Kővágó")
    assert decomposed != "Kővágó"
    assert rules.check_username(decomposed) == "Kővágó"


def test_kisanna_and_kisanna_in_other_case_share_one_uniqueness_key() -> None:
    keys = {rules.username_key(n) for n in ("KisAnna", "kisanna", "Kisanna", "kisAnna")}
    assert len(keys) == 1


def test_username_checklist_follows_the_text_as_it_is_typed() -> None:
    def states(text: str) -> dict[str, bool]:
        return {item.rule: item.ok for item in rules.username_checklist(text)}

    assert states("") == {
        "username.length": False,
        "username.hungarian_letters": False,
        "username.distinct_letters": False,
    }
    assert states("mam") == {
        "username.length": False,
        "username.hungarian_letters": True,
        "username.distinct_letters": False,
    }
    assert states("KisAnna") == dict.fromkeys(states("KisAnna"), True)
    items = {i.rule: i for i in rules.username_checklist("Kôvács")}
    assert not items["username.hungarian_letters"].ok
    assert "ő" in items["username.hungarian_letters"].message.hu


hungarian = st.text(alphabet=sorted(rules.HUNGARIAN_LETTERS), min_size=1, max_size=70)


@settings(max_examples=60, deadline=None)
@given(hungarian)
def test_username_accepted_exactly_when_checklist_is_all_ticked(name: str) -> None:
    all_ok = all(item.ok for item in rules.username_checklist(name))
    try:
        rules.check_username(name)
    except RuleViolation:
        assert not all_ok
    else:
        assert all_ok


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20), st.characters(exclude_categories=["Cs"]))
def test_any_character_outside_the_hungarian_alphabet_is_refused_with_a_message(
    text: str, intruder: str
) -> None:
    candidate = unicodedata.normalize("NFC", "Kovács" + intruder + text)
    if all(c in rules.HUNGARIAN_LETTERS for c in candidate):
        return
    with pytest.raises(RuleViolation) as exc:
        rules.check_username(candidate)
    assert exc.value.message.hu
    assert exc.value.message.en


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("kis.anna@example.hu", "kis.anna@example.hu"),
        ("  Kis.Anna@Example.HU ", "Kis.Anna@example.hu"),
        ("anna@példa.hu", "anna@példa.hu"),
        ("éva@posta.hu", "éva@posta.hu"),
    ],
)
def test_valid_email_addresses_are_accepted_and_normalised(typed: str, stored: str) -> None:
    assert rules.check_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "anna",
        "anna@",
        "@example.hu",
        "anna@@example.hu",
        "anna@example",
        "anna example@example.hu",
        "anna@exa mple.hu",
    ],
)
def test_invalid_email_addresses_are_refused(typed: str) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_email(typed)
    assert exc.value.field == "email"


@pytest.mark.parametrize(
    "password",
    [
        "nyári almafa kék villamos",
        "Tr0ub4dor&3-lóerő",
        "x7$Qp!m2#Lk9@wZ",
        "a" * 3 + "correct horse battery staple",
        "é" * 2 + "Zg7!kP2@qL9#vX" * 9,
    ],
)
def test_strong_passwords_are_accepted(password: str) -> None:
    assessment = rules.password_assessment(password, "KisAnna", "kis.anna@example.hu")
    assert assessment.acceptable, [m.en for m in assessment.reasons]
    assert assessment.score >= 3
    assert rules.check_password(password, "KisAnna", "kis.anna@example.hu")


@pytest.mark.parametrize(
    ("password", "rule", "said"),
    [
        ("rövid jelsz", "password.min_length", "at least 12"),
        ("Zg7!kP2@qL9#vX" * 10, "password.max_length", "at most 128"),
        ("xKisAnnax7$Qp!m2#Lk9", "password.personal", "username"),
        ("x7$Qp!m2#kis.anna", "password.personal", "e-mail"),
        ("password1234", "password.strength", "too easy to guess"),
        ("qwertzuiopasdf", "password.strength", "too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "password.strength", "too easy to guess"),
        ("123456789012", "password.strength", "too easy to guess"),
    ],
)
def test_weak_or_personal_passwords_are_refused_saying_why(
    password: str, rule: str, said: str
) -> None:
    assessment = rules.password_assessment(password, "KisAnna", "kis.anna@example.hu")
    assert not assessment.acceptable
    assert any(said in m.en for m in assessment.reasons)
    with pytest.raises(RuleViolation) as exc:
        rules.check_password(password, "KisAnna", "kis.anna@example.hu")
    assert exc.value.rule == rule
    assert said in exc.value.message.en
    assert exc.value.message.hu


def test_password_containing_username_in_other_case_is_refused() -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_password("kisanna-x7$Qp!m2#Lk9", "KisAnna", "")
    assert exc.value.rule == "password.personal"


def test_a_refused_password_never_appears_in_the_message() -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.check_password("password1234", "KisAnna", "kis.anna@example.hu")
    assert "password1234" not in exc.value.message.hu + exc.value.message.en + str(exc.value)


@given(
    st.text(
        alphabet=st.sampled_from("aAbBkKsSőŰ mama1-.аé"),
        max_size=USERNAME_MAX + 3,
    )
)
@settings(max_examples=300, deadline=None)
def test_the_live_checklist_is_all_ticked_exactly_when_the_check_takes_the_username(
    text: str,
) -> None:
    try:
        rules.check_username(text)
    except RuleViolation:
        accepted = False
    else:
        accepted = True
    assert accepted == all(item.ok for item in rules.username_checklist(text))


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [
        ("abcd efgh jk23", "ABCD-EFGH-JK23"),
        ("ABCDEFGHJK23", "ABCD-EFGH-JK23"),
        (" abcd-efgh-jk2", "ABCDEFGHJK2"),
    ],
)
def test_a_typed_activation_code_is_tidied_and_complete_only_with_twelve_symbols(
    typed: str, tidy: str
) -> None:
    assert rules.tidy_activation_code(typed) == tidy
    assert rules.activation_code_complete(typed) == (len(tidy) == 14)


def test_a_complete_code_the_form_sends_is_checked_against_the_codes_alphabet() -> None:
    assert rules.check_activation_code(rules.tidy_activation_code("abcd efgh jk23")) == (
        "ABCDEFGHJK23"
    )
    wrong = rules.tidy_activation_code("abcd efgh jk10")  # 1 and 0 are not in codes
    assert rules.activation_code_complete(wrong)
    with pytest.raises(RuleViolation) as refused:
        rules.check_activation_code(wrong)
    assert refused.value.rule == "activation_code.format"
