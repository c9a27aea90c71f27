"""The demo registry matches the virtual cards, and the embedded default seeds it once."""

from __future__ import annotations

import tomllib

from desktop.config import Config
from desktop.registry import open_service, seed_demo_if_empty
from desktop.registry.demo import EMBEDDED_DEFAULT, card_cans, demo_citizens
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.resources import resources_dir


def test_every_demo_citizen_matches_the_virtual_card_with_the_same_document_number(
    config: Config,
) -> None:
    profiles = {}
    for path in (resources_dir() / "virtual-cards").glob("*.toml"):
        with path.open("rb") as f:
            profile = tomllib.load(f)
        if "access" not in profile:
            continue  # a QA card with no chip to open (qa-no-chip, qa-foreign-card)
        profiles[profile["document"]["document_number"]] = profile
    with open_service(config, password_params=FAST_FOR_TESTS) as svc:
        assert seed_demo_if_empty(svc)
        for citizen in demo_citizens():
            person = svc.person(citizen.document_number)
            assert person is not None
            card = profiles.get(citizen.document_number)
            if card is None:
                continue  # a citizen without a card profile yet: nothing to compare
            doc = card["document"]
            assert person.family_name == doc["surname"]
            assert person.given_names == doc["given_names"]
            assert person.birth_date == doc["date_of_birth"]
            assert person.document_expiry == doc["date_of_expiry"]
            assert person.sex == doc["sex"]
            assert citizen.can == str(card["access"]["can"])


def test_the_embedded_default_is_seeded_on_first_start_only(config: Config) -> None:
    with open_service(config, password_params=FAST_FOR_TESTS) as svc:
        assert seed_demo_if_empty(svc)
        assert not seed_demo_if_empty(svc)
        assert svc.citizen_count() == len(demo_citizens()) == 5
        assert svc.person(EMBEDDED_DEFAULT) is not None
        assert svc.person("HA7654321") is None  # the passport is not in the registry


def test_cans_come_from_the_card_profiles_when_they_exist() -> None:
    cans = card_cans()
    for citizen in demo_citizens():
        if citizen.document_number in cans:
            assert citizen.can == cans[citizen.document_number]
        assert citizen.can is not None
        assert len(citizen.can) == 6
