"""Whatever a chip (or a wire) answers, the reader ends in a typed card-layer error:
random and mutated protected responses, random EF.CardAccess, random PACE answers,
random protected commands on the chip side."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardreader.apdu import Command, Response
from cardreader.apdu_session import ApduSession
from cardreader.card_access import PaceInfo
from cardreader.cipher import Cipher
from cardreader.errors import (
    ApduError,
    CardError,
    MalformedResponseError,
    SecureMessagingError,
)
from cardreader.pace import establish_pace
from cardreader.passwords import Can
from cardreader.secure_messaging import (
    CardSecureMessaging,
    ProtectedCommandError,
    SecureMessaging,
    SessionKeys,
)
from cardreader.security_infos import encode_card_access, parse_card_access

EXPECTED = (SecureMessagingError, MalformedResponseError, ApduError)
KEYS = {
    Cipher.DES3: SessionKeys(Cipher.DES3, bytes(range(16)), bytes(range(16, 32)), 7),
    Cipher.AES128: SessionKeys(Cipher.AES128, bytes(range(16)), bytes(range(16, 32)), 0),
}
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Canned:
    """An inner channel that answers whatever the test hands it."""

    extended_length = True
    apdu_count = 0

    def __init__(self, answer: Response) -> None:
        self.answer = answer

    def transmit(self, cmd: Command) -> Response:
        return self.answer


def genuine(cipher: Cipher, data: bytes, sw: int) -> Response:
    """The chip's correctly protected answer to the first command of a session."""
    card = CardSecureMessaging(KEYS[cipher])
    card._codec.step()  # the command's counter step
    return card.wrap(Response(data, sw))


def assert_typed_failure_or_answer(channel: SecureMessaging) -> None:
    try:
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=16))
    except EXPECTED:
        assert not channel.alive
        try:
            channel.transmit(Command(0x00, 0xB0, 0, 0, le=16))
        except SecureMessagingError:
            return
        raise AssertionError("a dead channel transmitted again") from None


sws = st.integers(min_value=0, max_value=0xFFFF).filter(lambda sw: sw >> 8 not in (0x61, 0x6C))


@FAST
@given(cipher=st.sampled_from(list(KEYS)), data=st.binary(max_size=80), sw=sws)
def test_random_protected_answers_end_in_typed_errors(cipher: Cipher, data: bytes, sw: int) -> None:
    assert_typed_failure_or_answer(SecureMessaging(Canned(Response(data, sw)), KEYS[cipher]))


@FAST
@given(
    cipher=st.sampled_from(list(KEYS)),
    payload=st.binary(max_size=40),
    inner_sw=st.sampled_from([0x9000, 0x6282, 0x6A82]),
    outer_sw=sws,
    edits=st.lists(
        st.tuples(st.sampled_from(["flip", "cut", "insert", "swap"]), st.integers(0, 200),
                  st.integers(0, 255)),
        min_size=1, max_size=3,
    ),
)  # fmt: skip
def test_mutated_genuine_answers_never_pass_unnoticed(
    cipher: Cipher,
    payload: bytes,
    inner_sw: int,
    outer_sw: int,
    edits: list[tuple[str, int, int]],
) -> None:
    answer = genuine(cipher, payload, inner_sw)
    data = bytearray(answer.data)
    for op, pos, value in edits:
        pos %= max(1, len(data))
        if op == "flip" and data:
            data[pos] ^= value or 1
        elif op == "cut":
            del data[pos:]
        elif op == "insert":
            data.insert(pos, value)
        elif op == "swap" and len(data) > 12:
            data = data[pos:] + data[:pos]  # data objects out of order
    channel = SecureMessaging(Canned(Response(bytes(data), outer_sw)), KEYS[cipher])
    try:
        response = channel.transmit(Command(0x00, 0xB0, 0, 0, le=16))
    except EXPECTED:
        assert not channel.alive
        return
    # Only two ways through: the bytes are unchanged (an edit may leave them so, and the
    # genuine answer may itself carry an error status), or an unprotected error status.
    if bytes(data) == answer.data:
        assert response == Response(payload, inner_sw)
    else:
        assert data == b""
        assert response.sw == outer_sw


def test_a_genuine_answer_passes_and_a_plain_6987_ends_the_session() -> None:
    channel = SecureMessaging(Canned(genuine(Cipher.AES128, b"abc", 0x9000)), KEYS[Cipher.AES128])
    assert channel.transmit(Command(0x00, 0xB0, 0, 0, le=3)) == Response(b"abc", 0x9000)
    channel = SecureMessaging(Canned(Response(b"", 0x6987)), KEYS[Cipher.AES128])
    with pytest.raises(SecureMessagingError, match="6987"):
        channel.transmit(Command(0x00, 0xB0, 0, 0, le=3))
    assert not channel.alive


def test_an_unprotected_success_is_not_accepted_in_a_secure_session() -> None:
    channel = SecureMessaging(Canned(Response(b"", 0x9000)), KEYS[Cipher.DES3])
    try:
        channel.transmit(Command(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1e"))
        raise AssertionError("accepted")
    except SecureMessagingError:
        pass


@FAST
@given(st.binary(max_size=120))
def test_random_card_access_parses_or_is_malformed(data: bytes) -> None:
    try:
        infos = parse_card_access(data)
    except MalformedResponseError:
        return
    assert all(isinstance(i, PaceInfo) for i in infos)


@FAST
@given(
    st.lists(
        st.builds(
            PaceInfo,
            st.sampled_from(["0.4.0.127.0.7.2.2.4.2.2", "0.4.0.127.0.7.2.2.4.1.4", "1.2.3"]),
            st.integers(0, 300),
            st.one_of(st.none(), st.integers(0, 40)),
        ),
        max_size=4,
    )
)
def test_card_access_survives_an_encode_parse_round_trip(infos: list[PaceInfo]) -> None:
    parsed = parse_card_access(encode_card_access(infos)) if infos else ()
    assert sorted(parsed, key=repr) == sorted(
        (i for i in infos if i.protocol.startswith("0.4.0.127.0.7.2.2.4.")), key=repr
    )


class RandomChip:
    """Answers MSE:SET AT with 9000 and everything else with drawn bytes."""

    supports_extended_length = True

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes) -> bytes:
        if apdu[1] == 0x22:
            return b"\x90\x00"
        return self.answers.pop(0) if self.answers else b"\x6a\x80"

    def close(self) -> None:
        pass


@FAST
@given(st.lists(st.binary(max_size=140), min_size=1, max_size=5))
def test_random_pace_answers_end_in_card_errors(answers: list[bytes]) -> None:
    card_access = encode_card_access([PaceInfo.ecdh_gm(Cipher.AES128, 13)])
    try:
        establish_pace(ApduSession(RandomChip(answers)), Can("123456"), card_access)
    except CardError:
        return
    raise AssertionError("random answers opened a channel")


@FAST
@given(cla=st.integers(0, 255), ins=st.integers(0, 255), data=st.binary(max_size=60))
def test_chip_side_unwrap_refuses_random_commands_with_an_sm_status(
    cla: int, ins: int, data: bytes
) -> None:
    card = CardSecureMessaging(KEYS[Cipher.AES128])
    try:
        card.unwrap(Command(cla, ins, 0, 0, data))
    except ProtectedCommandError as exc:  # the expected outcome, with the status it must carry
        assert exc.sw in (0x6987, 0x6988)  # noqa: PT017
        return
    raise AssertionError("random bytes passed the command MAC")


class RawWire:
    """A transport answering each APDU with the next drawn byte string (then 6A82)."""

    supports_extended_length = False

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = answers

    def transmit(self, apdu: bytes) -> bytes:
        return self.answers.pop(0) if self.answers else b"\x6a\x82"

    def close(self) -> None:
        pass


@FAST
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.sampled_from([b"\x61\x00", b"\x61\x10", b"\x6c\x05", b"\x69\x87", b"\x90\x00"]),
        ),
        max_size=6,
    )
)
def test_random_wire_bytes_under_secure_messaging_end_in_typed_errors(answers: list[bytes]) -> None:
    channel = SecureMessaging(ApduSession(RawWire(answers)), KEYS[Cipher.AES128])
    assert_typed_failure_or_answer(channel)


@FAST
@given(
    st.lists(
        st.tuples(
            st.sampled_from([0x00, 0x10, 0x0C]),
            st.sampled_from([0x22, 0x86, 0x84, 0x82]),
            st.one_of(
                st.binary(max_size=80),
                st.sampled_from(
                    [
                        bytes.fromhex("800A04007F00070202040202830102"),
                        bytes.fromhex("7C00"),
                        bytes.fromhex("7C0381010A"),
                    ]
                ),
            ),
        ),
        max_size=6,
    )
)
def test_the_chip_answers_any_access_control_command_with_a_status_word(
    commands: list[tuple[int, int, bytes]],
) -> None:
    from cardreader.virtual.access import CardAccessControl

    access = CardAccessControl(
        can="123456", mrz_key=None, pace=[PaceInfo.ecdh_gm(Cipher.AES128, 13)], bac=False
    )
    for cla, ins, data in commands:
        cmd = Command(cla, ins, 0xC1 if ins == 0x22 else 0, 0xA4 if ins == 0x22 else 0, data, 256)
        if access.handles(cmd):
            response = access.handle(cmd)
            assert isinstance(response, Response)
            assert 0x6000 <= response.sw <= 0x9FFF
    assert not access.authenticated
