"""One username normalisation on every path (issue 10, defect 6).

Some input methods type `ő` as `o` followed by a combining double acute (NFD). `register`
stored the NFC form while the other steps compared the raw text, so a name typed as the
person's keyboard produces it could not activate or sign in.
"""

from __future__ import annotations

import unicodedata

import pytest

from desktop.registry import RegistrationService
from desktop.registry.errors import UsernameTaken
from tests.registry.conftest import EVA, GYORGY, PASSWORD, FakeClock, latest_code, totp_now

NAME = "Őrsiné"
NFD = unicodedata.normalize("NFD", NAME)


def test_the_decomposed_name_really_differs_from_the_composed_one() -> None:
    assert NFD != NAME
    assert len(NFD) > len(NAME)


def test_a_name_registered_decomposed_is_stored_composed(service: RegistrationService) -> None:
    service.register(service.verify(*EVA), NFD, "orsine@example.hu")
    assert [a.username for a in service.accounts()] == [NAME]


@pytest.mark.parametrize(("registered_as", "typed_as"), [(NAME, NFD), (NFD, NFD), (NFD, NAME)])
def test_every_step_accepts_the_name_in_either_unicode_form(
    service: RegistrationService, clock: FakeClock, registered_as: str, typed_as: str
) -> None:
    service.register(service.verify(*EVA), registered_as, "orsine@example.hu")

    with pytest.raises(UsernameTaken):
        service.check_username(typed_as)
    with pytest.raises(UsernameTaken):
        service.register(service.verify(*GYORGY), typed_as, "gyorgy@example.hu")

    clock.advance(minutes=2)
    service.resend_activation(typed_as)
    enrolment = service.activate(typed_as, latest_code(service), PASSWORD)
    service.confirm_second_factor(typed_as, totp_now(enrolment, clock()))
    clock.advance(seconds=30)
    signed_in = service.sign_in(typed_as, PASSWORD, totp_now(enrolment, clock()))
    assert signed_in.username == NAME
