"""The navigation engine on its own, without Qt: which step follows, what Back keeps, wipe."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from desktop.registry.models import MailStatus, PendingAccount
from desktop.wizard.engine import STEPS, Route, Step, WizardData, WizardEngine


def engine_at(*route: Step) -> WizardEngine:
    engine = WizardEngine()
    engine.data.route = Route.REGISTER
    for step in route:
        assert engine.go_next() is step
    return engine


def test_registration_walks_the_steps_of_the_seed_in_order() -> None:
    engine = WizardEngine()
    engine.data.route = Route.REGISTER
    seen = [engine.current]
    while engine.next_step() is not None:
        seen.append(engine.go_next())
    assert seen == [
        Step.START,
        Step.CARD,
        Step.VERIFY,
        Step.USERNAME,
        Step.EMAIL,
        Step.SUMMARY,
        Step.ACTIVATION,
        Step.SECOND_FACTOR,
        Step.DONE,
    ]
    assert engine.is_last()


@pytest.mark.parametrize(
    ("route", "first"),
    [(Route.REGISTER, Step.CARD), (Route.ACTIVATE, Step.ACTIVATION), (Route.SIGN_IN, Step.SIGN_IN)],
)
def test_the_start_choice_decides_the_first_step(route: Route, first: Step) -> None:
    engine = WizardEngine()
    engine.data.route = route
    assert engine.go_next() is first


def test_back_returns_to_the_previous_step_and_keeps_the_data() -> None:
    engine = engine_at(Step.CARD, Step.VERIFY, Step.USERNAME, Step.EMAIL)
    engine.data.username = "KisAnna"
    engine.data.email = "kis.anna@example.hu"
    assert engine.go_back() is Step.USERNAME
    assert engine.go_back() is Step.VERIFY
    assert engine.data.username == "KisAnna"
    assert engine.data.email == "kis.anna@example.hu"


def test_back_to_start_begins_a_new_session_with_nothing_kept() -> None:
    engine = engine_at(Step.CARD)
    engine.data.can_entered = True
    engine.data.registration_code = "Q4mT7xR2kW9"
    assert engine.go_back() is Step.START
    assert engine.data.is_empty()


def test_after_registering_back_cannot_send_the_registration_again() -> None:
    engine = engine_at(Step.CARD, Step.VERIFY, Step.USERNAME, Step.EMAIL, Step.SUMMARY)
    engine.data.pending = PendingAccount("KisAnna", "a@b.hu", datetime.now(UTC), MailStatus.SENT)
    assert engine.go_next() is Step.ACTIVATION
    assert not engine.can_go_back()
    with pytest.raises(ValueError, match="no step to go back to"):
        engine.go_back()


def test_what_comes_next_is_asked_without_changing_the_data() -> None:
    engine = engine_at(Step.CARD, Step.VERIFY, Step.USERNAME, Step.EMAIL, Step.SUMMARY)
    engine.data.pending = PendingAccount("KisAnna", "a@b.hu", datetime.now(UTC), MailStatus.SENT)
    before = copy.deepcopy(engine.data)
    assert engine.next_step() is Step.ACTIVATION
    engine.go_next()
    assert engine.data == before


def test_every_step_has_one_row_in_the_table_naming_a_page_module_of_the_wizard() -> None:
    assert set(STEPS) == set(Step)
    for spec in STEPS.values():
        module, _, name = spec.page.partition(":")
        assert module.startswith("desktop.wizard.pages.")
        assert name


def test_the_last_steps_are_the_rows_with_nothing_after_them() -> None:
    assert {step for step, spec in STEPS.items() if spec.last} == {Step.DONE, Step.SIGN_IN}
    assert {step for step, spec in STEPS.items() if spec.no_return} == {
        Step.SUMMARY,
        Step.ACTIVATION,
        Step.SECOND_FACTOR,
    }


def test_activation_and_second_factor_cannot_be_undone_by_back() -> None:
    engine = engine_at(
        Step.CARD, Step.VERIFY, Step.USERNAME, Step.EMAIL, Step.SUMMARY, Step.ACTIVATION
    )
    assert engine.go_next() is Step.SECOND_FACTOR
    assert not engine.can_go_back()
    assert engine.go_next() is Step.DONE
    assert not engine.can_go_back()


def test_a_last_step_has_no_next() -> None:
    engine = WizardEngine()
    engine.data.route = Route.SIGN_IN
    engine.go_next()
    assert engine.is_last()
    with pytest.raises(ValueError, match="is a last step"):
        engine.go_next()


def test_restart_wipes_every_field_and_the_history() -> None:
    engine = engine_at(Step.CARD, Step.VERIFY)
    data = engine.data
    data.can_entered, data.document_number = True, "201847KA"
    data.registration_code = "Q4mT7xR2kW9"
    data.username, data.password, data.activation_code = "KisAnna", "secret pw", "ABCD-EFGH-JKLM"
    assert engine.restart() is Step.START
    assert data.is_empty()
    assert engine.history == ()
    assert engine.data is data  # pages hold this object: it is emptied, not replaced


def test_the_repr_of_the_data_names_filled_fields_but_never_their_values() -> None:
    data = WizardData(can_entered=True, registration_code="Q4mT7xR2kW9", password="titkos jelszó")
    text = repr(data)
    assert "can_entered" in text
    assert "password" in text
    for secret in ("Q4mT7xR2kW9", "titkos jelszó"):
        assert secret not in text
