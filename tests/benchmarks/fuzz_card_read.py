"""The long run of the hostile-card fuzz: `read_document` against random, mutated and forged
chips until a number of card exchanges has been made.

    PYTHONPATH=. python tests/benchmarks/fuzz_card_read.py [--exchanges 100000] [--seed 1]

The cases are those of the suite's fast run (tests/cardreader/hostile_chips.py), drawn by
hypothesis in batches with consecutive seeds. Every case must end with a result or a
`CardError` within two seconds; a case that breaks the promise is printed with the chip that
did it, counted, and the run goes on. A watchdog dumps every thread's stack and exits if a
single case hangs for 30 s. Prints the figures for docs/RELIABILITY.md; exit 1 on any failure.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import collections
import faulthandler
import sys
import time
import warnings

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.cardreader.hostile_chips import CASE_SECONDS, Case, Outcome, cases, run_case

_BATCH = 500
_HANG_SECONDS = 30


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.exchanges = 0
        self.failures: list[str] = []
        self.slowest: tuple[float, Case | None, int] = (0.0, None, 0)
        self.results: collections.Counter[str] = collections.Counter()
        self.kinds: collections.Counter[str] = collections.Counter()

    def add(self, case: Case, outcome: Outcome) -> None:
        self.cases += 1
        self.exchanges += outcome.exchanges
        self.results[outcome.result] += 1
        self.kinds[case.kind] += 1
        if outcome.seconds > self.slowest[0]:
            self.slowest = (outcome.seconds, case, outcome.exchanges)
        if outcome.result == "UNTYPED":
            self.failures.append(f"untyped {outcome.error!r}: {case}")
        elif outcome.seconds >= CASE_SECONDS:
            self.failures.append(f"{outcome.seconds:.2f} s: {case}")


def run_batch(tally: Tally, batch_seed: int) -> None:
    @seed(batch_seed)
    @settings(
        max_examples=_BATCH,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # every case is recorded; nothing is shrunk or replayed
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def one(case: Case) -> None:
        faulthandler.dump_traceback_later(_HANG_SECONDS, exit=True)
        try:
            tally.add(case, run_case(case))
        finally:
            faulthandler.cancel_dump_traceback_later()

    one()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exchanges", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # forged certificates make cryptography warn, by design
    tally = Tally()
    started = time.perf_counter()
    batch_seed = args.seed
    while tally.exchanges < args.exchanges:
        run_batch(tally, batch_seed)
        batch_seed += 1
        print(
            f"  {tally.cases} cases, {tally.exchanges} exchanges, "
            f"{len(tally.failures)} failures, {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )
    elapsed = time.perf_counter() - started
    slow_seconds, slow_case, slow_exchanges = tally.slowest
    print(f"seeds {args.seed}..{batch_seed - 1} ({_BATCH} cases each)")
    print(f"cases: {tally.cases} ({dict(sorted(tally.kinds.items()))})")
    print(f"card exchanges: {tally.exchanges}")
    print(f"failures (untyped or >= {CASE_SECONDS:g} s): {len(tally.failures)}")
    kind = slow_case.kind if slow_case else "-"
    print(f"slowest case: {slow_seconds * 1000:.0f} ms ({kind}, {slow_exchanges} exchanges)")
    if slow_case is not None:
        again = run_case(slow_case)  # is it the case, or the machine at that moment?
        print(f"slowest case run again: {again.seconds * 1000:.0f} ms; the case: {slow_case}")
    print(f"outcomes: {dict(tally.results.most_common())}")
    print(f"wall time: {elapsed:.0f} s")
    for failure in tally.failures[:20]:
        print(f"FAILURE {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
