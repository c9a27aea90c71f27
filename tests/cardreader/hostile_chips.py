"""Hostile chips for fuzzing `read_document`: strategies and the one way a case is run.

Three kinds of chip attack the reader:

- random: every answer is random bytes, often with a plausible status word behind them
  (9000, 61xx, 6Cxx, 63Cx, 6282 ...) so that the reader goes on to its next step;
- mutated: the genuine virtual chip, with some of its answers changed (status word replaced,
  truncated, a byte flipped, replaced, data appended);
- forged: the genuine virtual chip with correct PACE/BAC and secure messaging, serving forged
  EF.CardAccess, EF.DG1 or EF.SOD (random, or the genuine file mutated).

`run_case` reads one chip and says how it ended; `check_outcome` is the promise: a result or
a `CardError`, never anything else, and never more than `CASE_SECONDS`. The fast run in the
suite (tests/cardreader/test_fuzz_read_document.py) and the long run
(tests/benchmarks/fuzz_card_read.py) both use these.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from cardreader import lds, tlv
from cardreader.document import ReadResult
from cardreader.errors import CardError
from cardreader.passwords import Can, MrzKey
from cardreader.reader import read_document
from cardreader.transport import Transport
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import ChipConfig
from tests.cardreader.virtual_cards import profile

CASE_SECONDS = 2.0

_STATUS_WORDS = (
    0x9000, 0x6100, 0x6104, 0x61FF, 0x6C00, 0x6C08, 0x6282, 0x63C2, 0x63C0, 0x6300, 0x6982,
    0x6983, 0x6A82, 0x6A86, 0x6D00, 0x6987, 0x6988, 0x6700, 0x6E00,
)  # fmt: skip

# Answers that broke the reader before: more data announced for ever, one byte at a time,
# nothing at all, half a status word.
_KNOWN_HOSTILE = (b"\x61\x00", b"\x61\x10", b"\x9f\x90\x00", b"\x7f\x90\x00", b"", b"\x90")

_answer = st.one_of(
    st.sampled_from(_KNOWN_HOSTILE),
    st.binary(max_size=300),
    st.builds(
        lambda data, sw: data + sw.to_bytes(2, "big"),
        st.binary(max_size=300),
        st.sampled_from(_STATUS_WORDS),
    ),
)

_mutation = st.one_of(
    st.tuples(st.just("sw"), st.sampled_from(_STATUS_WORDS) | st.integers(0, 0xFFFF)),
    st.tuples(st.just("truncate"), st.integers(0, 300)),
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(1, 255)),
    st.tuples(st.just("replace"), st.binary(max_size=300)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=40)),
)


def _mutate(data: bytes, mutation: tuple[Any, ...]) -> bytes:
    kind = mutation[0]
    if kind == "sw":
        return data[:-2] + int(mutation[1]).to_bytes(2, "big")
    if kind == "truncate":
        return data[: int(mutation[1])]
    if kind == "flip" and data:
        pos = int(mutation[1]) % len(data)
        return data[:pos] + bytes((data[pos] ^ int(mutation[2]),)) + data[pos + 1 :]
    if kind == "replace":
        return bytes(mutation[1])
    if kind == "append":
        return data[:-2] + bytes(mutation[1]) + data[-2:]
    return data


@dataclass(frozen=True)
class Case:
    """One hostile chip: which kind, which genuine card below it, and what it changes."""

    kind: str
    mrz: bool = False
    extended: bool = True
    answers: tuple[bytes, ...] = ()
    mutations: tuple[tuple[int, tuple[Any, ...]], ...] = ()
    files: tuple[tuple[str, tuple[Any, ...]], ...] = ()


_file_change = st.one_of(
    st.tuples(st.just("random"), st.binary(max_size=600)),
    st.tuples(st.just("oid-arc"), st.integers(1, 3000)),
    st.tuples(st.just("mutate"), _mutation),
    st.tuples(st.just("length"), st.integers(0, 0xFFFFFF)),
)

cases = st.one_of(
    st.builds(
        Case,
        kind=st.just("random"),
        extended=st.booleans(),
        answers=st.lists(_answer, min_size=1, max_size=25).map(tuple),
    ),
    st.builds(
        Case,
        kind=st.just("mutated"),
        mrz=st.booleans(),
        extended=st.booleans(),
        mutations=st.dictionaries(st.integers(0, 20), _mutation, min_size=1, max_size=3).map(
            lambda d: tuple(sorted(d.items()))
        ),
    ),
    st.builds(
        Case,
        kind=st.just("forged"),
        mrz=st.booleans(),
        extended=st.booleans(),
        files=st.dictionaries(
            st.sampled_from(["card_access", "dg1", "sod"]), _file_change, min_size=1, max_size=3
        ).map(lambda d: tuple(sorted(d.items()))),
    ),
)


class Counting:
    """Counts the exchanges of the transport below; answers as the case says."""

    def __init__(self, inner: Transport | None, case: Case) -> None:
        self._inner = inner
        self._case = case
        self._mutations = dict(case.mutations)
        self.exchanges = 0

    @property
    def supports_extended_length(self) -> bool:
        return self._case.extended

    def transmit(self, apdu: bytes) -> bytes:
        index = self.exchanges
        self.exchanges += 1
        if self._inner is None:
            return self._case.answers[index % len(self._case.answers)]
        answer = self._inner.transmit(apdu)
        mutation = self._mutations.get(index)
        return answer if mutation is None else _mutate(answer, mutation)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def _genuine(case: Case) -> tuple[VirtualChip, Can | MrzKey]:
    if case.mrz:
        chip_profile = profile(
            "farkas-bence-passport", chip=ChipConfig(extended_length=case.extended)
        )
        return VirtualChip(chip_profile), MrzKey("HA7654321", "870415", "300101")
    chip_profile = profile("kovacs-eva", chip=ChipConfig(extended_length=case.extended))
    return VirtualChip(chip_profile), Can("123456")


def _forge(chip: VirtualChip, files: tuple[tuple[str, tuple[Any, ...]], ...]) -> None:
    places = {
        "card_access": (chip._mf, lds.FID_CARD_ACCESS),
        "dg1": (chip._app, lds.FID_DG1),
        "sod": (chip._app, lds.FID_SOD),
    }
    for name, change in files:
        table, fid = places[name]
        if fid not in table:
            continue  # a BAC-only chip has no EF.CardAccess to forge
        genuine = table[fid].content
        if change[0] == "random":
            content = bytes(change[1])
        elif change[0] == "oid-arc":  # a PACEInfo whose protocol OID has one enormous arc
            oid = tlv.encode(0x06, b"\x04\x00" + b"\xff" * int(change[1]) + b"\x01")
            info = oid + tlv.encode(0x02, b"\x02") + tlv.encode(0x02, b"\x0d")
            content = tlv.encode(0x31, tlv.encode(0x30, info))
        elif change[0] == "mutate":
            content = _mutate(genuine + b"\x90\x00", change[1])[:-2] or genuine[:1]
        else:  # a header announcing another length over the genuine body
            first = genuine[1]
            body = genuine[2 + (first & 0x7F if first & 0x80 else 0) :]
            content = genuine[:1] + b"\x83" + int(change[1]).to_bytes(3, "big") + body
        table[fid] = dataclasses.replace(table[fid], content=content or b"\x00")


def forged(name: str = "kovacs-eva", **files: bytes) -> VirtualTransport:
    """A virtual chip with genuine access control and secure messaging, serving forged files
    (`card_access=`, `dg1=`, `sod=`, each the whole file content)."""
    chip = VirtualChip(profile(name))
    _forge(chip, tuple((key, ("random", content)) for key, content in files.items()))
    return VirtualTransport(chip)


@dataclass
class Outcome:
    """How one case ended."""

    seconds: float
    exchanges: int
    result: str  # "read" or the CardError subclass name
    error: BaseException | None = field(default=None, repr=False)


def run_case(case: Case) -> Outcome:
    """Read the hostile chip once; never raises what `read_document` raised, returns it."""
    if case.kind == "random":
        transport = Counting(None, case)
        password: Can | MrzKey = (
            MrzKey("HA7654321", "870415", "300101") if case.mrz else Can("123456")
        )
    else:
        chip, password = _genuine(case)
        if case.kind == "forged":
            _forge(chip, case.files)
        transport = Counting(VirtualTransport(chip), case)
    started = time.perf_counter()
    try:
        result = read_document(transport, password)
    except CardError as exc:
        return Outcome(time.perf_counter() - started, transport.exchanges, type(exc).__name__, exc)
    except BaseException as exc:  # reported by check_outcome: the promise is broken
        return Outcome(time.perf_counter() - started, transport.exchanges, "UNTYPED", exc)
    assert isinstance(result, ReadResult)
    return Outcome(time.perf_counter() - started, transport.exchanges, "read")


def check_outcome(case: Case, outcome: Outcome) -> None:
    """The promise: typed, and within `CASE_SECONDS`."""
    if outcome.result == "UNTYPED":
        raise AssertionError(f"untyped {outcome.error!r} from {case}") from outcome.error
    assert outcome.seconds < CASE_SECONDS, f"{outcome.seconds:.2f} s for {case}"
