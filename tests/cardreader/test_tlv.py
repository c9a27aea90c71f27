"""The card layer's one BER-TLV codec: what it writes it reads back, and whatever a chip sends
it either takes apart or refuses with `MalformedResponseError`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardreader import tlv
from cardreader.errors import MalformedResponseError

# Tags as BER writes them (ISO/IEC 8825-1, 8.1.2): one byte whose low five bits are not all
# set, or a first byte with them set followed by one or two more, the last with b8 clear.
_ONE_BYTE_TAGS = st.integers(0, 0xFF).filter(lambda t: t & 0x1F != 0x1F)
_TWO_BYTE_TAGS = st.tuples(st.integers(0, 0xFF).map(lambda b: b | 0x1F), st.integers(0, 0x7F)).map(
    lambda t: t[0] << 8 | t[1]
)
_THREE_BYTE_TAGS = st.tuples(
    st.integers(0, 0xFF).map(lambda b: b | 0x1F),
    st.integers(0x80, 0xFF),
    st.integers(0, 0x7F),
).map(lambda t: t[0] << 16 | t[1] << 8 | t[2])
TAGS = st.one_of(_ONE_BYTE_TAGS, _TWO_BYTE_TAGS, _THREE_BYTE_TAGS)
# Short form below 128, 81 xx up to 255, 82 xx xx above: values of up to 600 bytes cover all
# three; the 83 form is checked on lengths alone below.
OBJECTS = st.tuples(TAGS, st.binary(max_size=600))


@given(st.lists(OBJECTS, max_size=6))
def test_any_sequence_of_data_objects_decodes_to_what_was_encoded(
    objects: list[tuple[int, bytes]],
) -> None:
    encoded = [tlv.encode(tag, value) for tag, value in objects]
    decoded = tlv.parse(b"".join(encoded))
    assert [(item.tag, item.value) for item in decoded] == objects
    assert [item.raw for item in decoded] == encoded


@given(OBJECTS, st.binary(max_size=20))
def test_the_first_object_and_its_total_length_are_read_whatever_follows(
    obj: tuple[int, bytes], trailer: bytes
) -> None:
    tag, value = obj
    encoded = tlv.encode(tag, value)
    assert tlv.read_first(encoded + trailer, tag, "test object") == (value, len(encoded))
    assert tlv.total_length(encoded + trailer) == len(encoded)
    header = len(encoded) - len(value)
    # Until the header is complete the length is not known yet, but it is never wrong.
    for cut in range(header):
        assert tlv.total_length(encoded[:cut]) is None
    assert tlv.total_length(encoded[:header]) == len(encoded)


@given(st.integers(0, 0xFFFFFF))
def test_every_length_up_to_three_bytes_round_trips_through_its_header(n: int) -> None:
    header = b"\x04" + tlv.encode_length(n)
    assert tlv.total_length(header) == len(header) + n
    assert len(header) == 2 if n < 0x80 else len(header) == 3 + (n > 0xFF) + (n > 0xFFFF)


def test_total_length_reads_short_and_long_forms_from_the_first_bytes() -> None:
    assert tlv.total_length(bytes.fromhex("615D")) == 0x5F
    assert tlv.total_length(bytes.fromhex("77820300")) == 4 + 0x300
    assert tlv.total_length(bytes.fromhex("7782")) is None
    assert tlv.total_length(bytes.fromhex("5F1F05")) == 8
    assert tlv.total_length(b"") is None


@pytest.mark.parametrize(
    "head",
    [
        "7780",  # indefinite length: not in the LDS
        "778401000000",  # four length bytes
        "9F9F9F01",  # a tag of four bytes, refused before more data are awaited
    ],
)
def test_headers_no_file_may_have_are_refused_at_once(head: str) -> None:
    raw = bytes.fromhex(head)
    with pytest.raises(MalformedResponseError):
        tlv.total_length(raw)
    with pytest.raises(MalformedResponseError):
        tlv.parse(raw)


def test_lengths_and_tags_the_codec_cannot_write_are_value_errors() -> None:
    with pytest.raises(ValueError, match="three bytes"):
        tlv.encode_length(0x1000000)
    with pytest.raises(ValueError, match="negative"):
        tlv.encode_length(-1)
    with pytest.raises(ValueError, match="three bytes"):
        tlv.encode_tag(0x5F9F8F01)


def test_read_first_names_the_object_when_the_tag_is_another() -> None:
    with pytest.raises(MalformedResponseError, match=r"EF\.DG1: tag 62 is not 61"):
        tlv.read_first(bytes.fromhex("6200"), 0x61, "EF.DG1")


@given(st.binary(max_size=200))
def test_random_bytes_decode_or_raise_only_a_malformed_response(data: bytes) -> None:
    try:
        items = tlv.parse(data)
    except MalformedResponseError:
        pass
    else:
        assert b"".join(item.raw for item in items) == data
    try:
        total = tlv.total_length(data)
    except MalformedResponseError:
        return
    assert total is None or total >= 2
