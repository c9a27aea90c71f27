"""The hostile-card attack, kept: `read_document` against random, mutated and forged chips.

A fixed-seed run of a few seconds; tests/benchmarks/fuzz_card_read.py runs the same cases
for as long as asked (docs/RELIABILITY.md has its figures). Every case must end with a
result or a `CardError`, within `CASE_SECONDS`.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, seed, settings

from tests.cardreader.hostile_chips import Case, cases, check_outcome, run_case


@seed(20261206)
@settings(
    max_examples=150,
    deadline=None,  # the case's own time is checked against CASE_SECONDS, not hypothesis'
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=cases)
def test_a_hostile_chip_ends_every_read_typed_and_within_two_seconds(case: Case) -> None:
    check_outcome(case, run_case(case))
