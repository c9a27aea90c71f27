"""The read as a pipeline of named steps: each runs alone on a context the earlier steps
prepared, against the virtual chip; failures say which step they happened in."""

from __future__ import annotations

import dataclasses

import pytest

from cardreader import read_document
from cardreader.document import (
    AccessProtocol,
    ChipAuthentication,
    ChipAuthenticationMethod,
    PassiveAuthentication,
    ReadStep,
)
from cardreader.errors import CardError, MalformedResponseError
from cardreader.failures import CardFailure
from cardreader.passwords import Can, CardPassword, MrzKey
from cardreader.reader import (
    PROGRESS,
    STEPS,
    ChannelKeys,
    ReadContext,
    Step,
    new_context,
    run_step,
)
from cardreader.virtual.profile import load_profile
from tests.cardreader.virtual_cards import transport

# What each step costs on the default virtual card (kovacs-eva: PACE, Chip Authentication,
# extended length). docs/ARCHITECTURE.md quotes this table.
DEFAULT_CARD_APDUS = {
    "EF.CardAccess": 1,
    "access control": 5,
    "select eMRTD application": 1,
    "EF.DG1": 1,
    "key files": 1,
    "EF.SOD": 1,
    "passive authentication": 0,
    "chip proof": 3,
}


def _step(name: str) -> Step:
    return next(step for step in STEPS if step.name == name)


def _prepared(
    name: str, card: str = "kovacs-eva", password: CardPassword | None = None
) -> ReadContext:
    """A context on which every step before `name` has run."""
    ctx = new_context(transport(card), password or Can("123456"))
    for step in STEPS:
        if step.name == name:
            return ctx
        run_step(ctx, step)
    raise AssertionError(f"no step {name}")


def _run_alone(ctx: ReadContext, name: str) -> int:
    before = ctx.session.apdu_count
    run_step(ctx, _step(name))
    return ctx.session.apdu_count - before


def test_the_steps_are_the_documented_ones_in_order() -> None:
    assert [step.name for step in STEPS] == list(DEFAULT_CARD_APDUS)


def test_the_progress_a_person_sees_is_derived_from_the_steps_each_phase_once_in_order() -> None:
    assert PROGRESS == (
        ReadStep.CONNECTING,
        ReadStep.SECURE_CHANNEL,
        ReadStep.READING,
        ReadStep.VERIFYING,
    )
    phases = [step.progress for step in STEPS]
    # Contiguous: a phase never comes back after another one started.
    assert [p for i, p in enumerate(phases) if i == 0 or phases[i - 1] is not p] == list(PROGRESS)


def test_read_document_reports_exactly_the_derived_progress() -> None:
    seen: list[ReadStep] = []
    read_document(transport(), Can("123456"), progress=seen.append)
    assert tuple(seen) == PROGRESS


@pytest.mark.parametrize(("name", "apdus"), DEFAULT_CARD_APDUS.items())
def test_each_step_alone_sends_its_own_apdus_on_the_default_card(name: str, apdus: int) -> None:
    ctx = _prepared(name)
    assert _run_alone(ctx, name) == apdus


def test_the_steps_together_cost_what_read_document_costs() -> None:
    assert sum(DEFAULT_CARD_APDUS.values()) == read_document(transport(), Can("123456")).apdu_count


def test_ef_card_access_alone_finds_the_pace_parameters_and_opens_nothing() -> None:
    ctx = _prepared("EF.CardAccess")
    _run_alone(ctx, "EF.CardAccess")
    assert ctx.card_access is not None
    assert ctx.card_access[0] == 0x31
    assert ctx.channel is None
    assert ctx.channel_keys is ChannelKeys.PLAIN


def test_without_ef_card_access_the_first_step_selects_the_application_for_bac() -> None:
    doc = load_profile("farkas-bence-passport").document
    key = MrzKey(doc.document_number, doc.date_of_birth, doc.date_of_expiry)
    ctx = _prepared("EF.CardAccess", "farkas-bence-passport", key)
    _run_alone(ctx, "EF.CardAccess")
    assert ctx.card_access is None
    assert _run_alone(ctx, "access control") == 2  # GET CHALLENGE, EXTERNAL AUTHENTICATE
    assert ctx.access is AccessProtocol.BAC
    assert _run_alone(ctx, "select eMRTD application") == 0  # BAC already runs inside it


def test_access_control_alone_opens_pace_with_the_can() -> None:
    ctx = _prepared("access control")
    _run_alone(ctx, "access control")
    assert ctx.access is AccessProtocol.PACE
    assert ctx.channel is not None
    assert ctx.channel_keys is ChannelKeys.ACCESS_CONTROL


def test_dg1_alone_gives_the_document() -> None:
    ctx = _prepared("EF.DG1")
    _run_alone(ctx, "EF.DG1")
    assert ctx.document is not None
    assert ctx.document.document_number == load_profile("kovacs-eva").document.document_number
    assert set(ctx.data_groups) == {1}


def test_key_files_alone_read_dg14_and_not_dg15_when_dg14_offers_chip_authentication() -> None:
    ctx = _prepared("key files")
    _run_alone(ctx, "key files")
    assert set(ctx.data_groups) == {1, 14}


def test_key_files_and_sod_are_skipped_when_the_signature_is_not_wanted() -> None:
    ctx = _prepared("key files")
    ctx.read_sod = False
    assert _run_alone(ctx, "key files") == 0
    assert _run_alone(ctx, "EF.SOD") == 0
    assert _run_alone(ctx, "passive authentication") == 0
    assert ctx.passive_authentication is PassiveAuthentication.NOT_CHECKED
    assert _run_alone(ctx, "chip proof") == 0
    assert ctx.proof is not None
    assert ctx.proof.outcome is ChipAuthentication.NOT_SUPPORTED


def test_passive_authentication_alone_covers_dg1_and_the_key_file() -> None:
    ctx = _prepared("passive authentication")
    assert ctx.sod is not None
    _run_alone(ctx, "passive authentication")
    assert ctx.passive_authentication is PassiveAuthentication.VALID
    assert {1, 14} <= ctx.sod_lists


def test_chip_proof_alone_runs_chip_authentication_and_rekeys_the_same_channel() -> None:
    ctx = _prepared("chip proof")
    channel = ctx.channel
    keys_before = ctx.channel_keys
    _run_alone(ctx, "chip proof")
    assert ctx.proof is not None
    assert ctx.proof.outcome is ChipAuthentication.PASSED
    assert ctx.proof.method is ChipAuthenticationMethod.CA
    assert ctx.channel is channel  # re-keyed in place, not replaced
    assert (keys_before, ctx.channel_keys) == (
        ChannelKeys.ACCESS_CONTROL,
        ChannelKeys.CHIP_AUTHENTICATION,
    )


def test_chip_proof_alone_fails_on_a_cloned_chip_and_does_not_pass_on_an_invalid_signature() -> (
    None
):
    cloned = _prepared("chip proof", "qa-cloned-chip")
    _run_alone(cloned, "chip proof")
    assert cloned.proof is not None
    assert cloned.proof.outcome is ChipAuthentication.FAILED
    forged = _prepared("chip proof")
    forged.passive_authentication = PassiveAuthentication.INVALID
    assert _run_alone(forged, "chip proof") == 0
    assert forged.proof is not None
    assert forged.proof.outcome is ChipAuthentication.FAILED


def test_a_step_run_before_the_one_it_needs_is_a_program_error_not_a_card_failure() -> None:
    ctx = _prepared("EF.DG1")
    ctx.channel = None
    with pytest.raises(RuntimeError):
        run_step(ctx, _step("EF.DG1"))


# --- where a failure happened ------------------------------------------------------------------


def test_a_wrong_can_fails_at_access_control_with_the_status_word_and_tries_left() -> None:
    with pytest.raises(CardError) as caught:
        read_document(transport(), Can("654321"))
    assert caught.value.kind is CardFailure.WRONG_PASSWORD
    assert caught.value.step == "access control"
    assert caught.value.sw == 0x63C2


def test_a_can_for_a_document_without_pace_fails_at_access_control() -> None:
    with pytest.raises(CardError) as caught:
        read_document(transport("farkas-bence-passport"), Can("123456"))
    assert caught.value.kind is CardFailure.CAN_NOT_ACCEPTED
    assert caught.value.step == "access control"


def test_a_card_that_is_no_eid_fails_at_the_first_step_with_file_not_found() -> None:
    with pytest.raises(CardError) as caught:
        read_document(transport("qa-foreign-card"), Can("123456"))
    assert caught.value.kind is CardFailure.NOT_AN_EID
    assert caught.value.step == "EF.CardAccess"


def test_a_card_that_vanishes_names_the_step_it_vanished_in() -> None:
    faults = load_profile("qa-vanish").faults
    assert faults.vanish_after_apdus is not None
    with pytest.raises(CardError) as caught:
        read_document(transport("qa-vanish"), Can("123456"))
    assert caught.value.kind is CardFailure.CARD_REMOVED
    assert caught.value.step in DEFAULT_CARD_APDUS


def test_a_broken_mac_is_a_secure_messaging_failure_after_access_control() -> None:
    with pytest.raises(CardError) as caught:
        read_document(transport("qa-bad-mac"), Can("123456"))
    assert caught.value.kind is CardFailure.SECURE_MESSAGING
    names = list(DEFAULT_CARD_APDUS)
    assert caught.value.step is not None
    assert names.index(caught.value.step) >= names.index("access control")


def test_data_a_step_cannot_process_become_a_malformed_answer_naming_the_step() -> None:
    def chokes(_ctx: ReadContext) -> None:
        raise IndexError("tuple index out of range")

    ctx = _prepared("EF.DG1")
    with pytest.raises(MalformedResponseError) as caught:
        run_step(ctx, dataclasses.replace(_step("EF.DG1"), run=chokes))
    assert caught.value.kind is CardFailure.MALFORMED_ANSWER
    assert caught.value.step == "EF.DG1"


def test_the_innermost_step_is_kept_when_an_error_passes_through_twice() -> None:
    error = MalformedResponseError("x", step="EF.SOD")
    error.at_step("chip proof")
    assert error.step == "EF.SOD"


# --- never a secret --------------------------------------------------------------------------


def _everything_said(exc: BaseException) -> str:
    parts = [str(exc), repr(exc), *(repr(a) for a in exc.args)]
    parts += [f"{k}={v!r}" for k, v in vars(exc).items()]
    return "\n".join(parts)


_PASSPORT = load_profile("farkas-bence-passport").document


@pytest.mark.parametrize(
    ("card", "password", "typed"),
    [
        ("kovacs-eva", Can("654321"), "654321"),  # wrong CAN
        ("farkas-bence-passport", Can("135790"), "135790"),  # a CAN for a BAC-only passport
        (
            "farkas-bence-passport",
            MrzKey("ZZ9999999", _PASSPORT.date_of_birth, _PASSPORT.date_of_expiry),
            "ZZ9999999",
        ),  # wrong MRZ key
        ("qa-bad-mac", Can("123456"), "123456"),
        ("qa-vanish", Can("123456"), "123456"),
    ],
)
def test_no_failure_carries_the_can_the_mrz_key_or_the_document_data(
    card: str, password: CardPassword, typed: str
) -> None:
    with pytest.raises(CardError) as caught:
        read_document(transport(card), password)
    said = _everything_said(caught.value)
    doc = load_profile(card).document
    secrets = [typed, doc.document_number, doc.date_of_birth.strftime("%y%m%d"), doc.surname]
    for secret in secrets:
        assert secret not in said, (secret, said)
    assert caught.value.step is not None


def test_the_context_repr_holds_no_password_and_no_document_data() -> None:
    ctx = _prepared("chip proof")
    said = repr(ctx)
    assert "123456" not in said
    doc = load_profile("kovacs-eva").document
    assert doc.document_number not in said
    assert doc.surname not in said
    assert "PACE" in said
