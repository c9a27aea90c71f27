"""Every kind of card failure has its own words in Hungarian and English, from the real
compiled translations; kinds share words only where the person does the same next."""

from __future__ import annotations

import pytest

from cardreader import errors
from cardreader.failures import CardFailure
from desktop.wizard.card_messages import describe_card_error, describe_failure
from desktop.wizard.i18n import Language, switcher

pytestmark = pytest.mark.gui

# kind -> (Hungarian words, English words): a part of each that says what happened.
WORDS: dict[CardFailure, tuple[str, str]] = {
    CardFailure.PCSC_UNAVAILABLE: (
        "kártyaolvasó-szolgáltatása nem fut",
        "card reader service of the computer is not running",
    ),
    CardFailure.NO_READER: ("Nincs csatlakoztatott kártyaolvasó", "No card reader is connected"),
    CardFailure.NO_CARD: ("Helyezze a kártyát az olvasóra", "Place the card on the reader"),
    CardFailure.CARD_REMOVED: ("olvasás közben elvették", "removed while it was being read"),
    CardFailure.CARD_IN_USE: (
        "Egy másik program használja a kártyát",
        "Another program is using the card",
    ),
    CardFailure.TIMEOUT: ("Megszakadt a kapcsolat", "connection to the card was interrupted"),
    CardFailure.COMMUNICATION: (
        "A kártyát nem sikerült beolvasni",
        "The card could not be read",
    ),
    CardFailure.CANCELLED: ("Az olvasás megszakadt", "Reading was cancelled"),
    CardFailure.PASSWORD_FORMAT: ("írja be a CAN hat számjegyét", "Type the six digits of the CAN"),
    CardFailure.WRONG_PASSWORD: (
        "A CAN nem ehhez a kártyához tartozik",
        "The CAN does not match this card",
    ),
    CardFailure.PASSWORD_BLOCKED: (
        "már nem fogadja el a CAN-t",
        "no longer accepts the CAN",
    ),
    CardFailure.CAN_NOT_ACCEPTED: ("nem CAN-kóddal nyitható", "does not open with a CAN"),
    CardFailure.NOT_AN_EID: (
        "nem elektronikus személyazonosító igazolvány",
        "not an electronic identity card",
    ),
    CardFailure.SECURE_MESSAGING: (
        "Megszakadt a kapcsolat",
        "connection to the card was interrupted",
    ),
    CardFailure.UNSUPPORTED_PROTOCOL: (
        "olyan biztonsági eljárást használ",
        "uses a security method that this program does not support",
    ),
    CardFailure.MALFORMED_ANSWER: (
        "nem sikerült helyesen beolvasni",
        "could not be read correctly",
    ),
    CardFailure.INVALID_DOCUMENT: (
        "nem sikerült helyesen beolvasni",
        "could not be read correctly",
    ),
    CardFailure.CHIP_NOT_GENUINE: ("lehet, hogy másolat", "it may be a copy"),
    CardFailure.CHIP_PROOF_MISSING: (
        "itt nem tudja igazolni, hogy ez az eredeti chip",
        "cannot prove here that it is the original chip",
    ),
    CardFailure.VIRTUAL_CARD_PROFILE: (
        "virtuális (bemutató) kártyát nem sikerült betölteni",
        "virtual (demo) card could not be loaded",
    ),
    CardFailure.TRUST_STORE: (
        "tanúsítványokat nem sikerült betölteni",
        "certificates for checking cards could not be loaded",
    ),
}

# Kinds that share words on purpose: the person does the same next.
SHARED = (
    {CardFailure.TIMEOUT, CardFailure.SECURE_MESSAGING},  # put the card back, try again
    {CardFailure.MALFORMED_ANSWER, CardFailure.INVALID_DOCUMENT},  # again, or type the ID
)


def _words(kind: CardFailure, lang: Language) -> str:
    switcher().set_language(lang)
    return describe_failure(kind)


def test_every_failure_kind_is_listed_with_its_words() -> None:
    assert set(WORDS) == set(CardFailure)


@pytest.mark.parametrize("kind", list(CardFailure))
def test_each_failure_kind_has_its_words_in_hungarian_and_in_english(kind: CardFailure) -> None:
    hungarian, english = _words(kind, Language.HU), _words(kind, Language.EN)
    assert WORDS[kind][0] in hungarian
    assert WORDS[kind][1] in english
    assert hungarian != english  # the translation was loaded and used


@pytest.mark.parametrize("lang", list(Language))
def test_kinds_share_words_only_where_the_person_does_the_same_next(lang: Language) -> None:
    by_words: dict[str, set[CardFailure]] = {}
    for kind in CardFailure:
        by_words.setdefault(_words(kind, lang), set()).add(kind)
    shared = [kinds for kinds in by_words.values() if len(kinds) > 1]
    assert sorted(map(sorted_names, shared)) == sorted(map(sorted_names, SHARED))


def sorted_names(kinds: set[CardFailure]) -> list[str]:
    return sorted(kind.name for kind in kinds)


def test_an_error_is_described_by_its_kind_with_the_tries_left() -> None:
    switcher().set_language(Language.EN)
    assert "Tries left: 2" in describe_card_error(errors.WrongPasswordError(retries_left=2))
    blocked = describe_card_error(errors.PasswordBlockedError(retries_left=0))
    assert blocked == describe_failure(CardFailure.PASSWORD_BLOCKED)
    # An error raised with a more precise kind than its class says is described by the kind.
    precise = errors.ApduError(0x6A82, kind=CardFailure.NOT_AN_EID)
    assert describe_card_error(precise) == describe_failure(CardFailure.NOT_AN_EID)


def test_a_failure_that_is_no_card_error_gets_the_words_of_a_card_that_could_not_be_read() -> None:
    switcher().set_language(Language.EN)
    assert describe_card_error(RuntimeError("bug")) == describe_failure(CardFailure.COMMUNICATION)
