"""A card that answers with garbage must end a read in a CardError, never anything else."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader import read_document
from cardreader.document import ReadResult
from cardreader.errors import CardError
from cardreader.passwords import Can, MrzKey
from cardreader.virtual.profile import ChipConfig
from tests.cardreader.virtual_cards import transport

# What the hostile card does to one answer.
_mutation = st.one_of(
    st.tuples(st.just("sw"), st.integers(0, 0xFFFF)),
    st.tuples(st.just("truncate"), st.integers(0, 300)),
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(1, 255)),
    st.tuples(st.just("replace"), st.binary(min_size=0, max_size=300)),
    st.tuples(st.just("append"), st.binary(min_size=1, max_size=40)),
)


@dataclass
class HostileTransport:
    """The virtual chip's transport with each answer changed as the test says."""

    inner: object
    mutations: dict[int, tuple[object, ...]]  # APDU index -> what to do to its answer
    seen: int = 0
    log: list[bytes] = field(default_factory=list)

    @property
    def supports_extended_length(self) -> bool:
        return bool(self.inner.supports_extended_length)  # type: ignore[attr-defined]

    def transmit(self, apdu: bytes) -> bytes:
        answer: bytes = self.inner.transmit(apdu)  # type: ignore[attr-defined]
        mutation = self.mutations.get(self.seen, ("keep",))
        self.seen += 1
        kind = mutation[0]
        if kind == "sw":
            answer = answer[:-2] + int(mutation[1]).to_bytes(2, "big")  # type: ignore[call-overload]
        elif kind == "truncate":
            answer = answer[: int(mutation[1])]  # type: ignore[call-overload]
        elif kind == "flip" and answer:
            pos = int(mutation[1]) % len(answer)  # type: ignore[call-overload]
            answer = answer[:pos] + bytes((answer[pos] ^ int(mutation[2]),)) + answer[pos + 1 :]  # type: ignore[call-overload]
        elif kind == "replace":
            answer = bytes(mutation[1])  # type: ignore[call-overload]
        elif kind == "append":
            answer = answer[:-2] + bytes(mutation[1]) + answer[-2:]  # type: ignore[call-overload]
        return answer

    def close(self) -> None:
        pass


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    mutations=st.dictionaries(st.integers(0, 16), _mutation, min_size=1, max_size=3),
    mrz=st.booleans(),
    extended=st.booleans(),
)
def test_garbage_from_the_card_ends_in_a_card_error_or_a_result(
    mutations: dict[int, tuple[object, ...]], mrz: bool, extended: bool
) -> None:
    chip = ChipConfig(extended_length=extended)
    if mrz:
        hostile = HostileTransport(transport("farkas-bence-passport", chip=chip), mutations)
        password: Can | MrzKey = MrzKey("HA7654321", "870415", "300101")
    else:
        hostile = HostileTransport(transport(chip=chip), mutations)
        password = Can("123456")
    try:
        result = read_document(hostile, password)
    except CardError:
        return
    assert isinstance(result, ReadResult)
