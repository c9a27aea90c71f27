"""BER-TLV as ICAO Doc 9303-10 and ISO/IEC 7816-4 use it: the LDS files (EF.DG1 '61',
EF.SOD '77', EF.DG14 '6E'), secure-messaging data objects, PACE's dynamic authentication data
('7C'), public-key templates ('7F49') and the DER of SecurityInfos. The one codec of the card
layer: every file and data object is taken apart and built here.

Tags are kept as integers of one to three bytes (``0x87``, ``0x7F49``); lengths may take the
short or the long form (up to three length bytes, definite only). Anything that does not
parse raises `MalformedResponseError`, never an `IndexError` or a `ValueError`; only the
encoders raise `ValueError`, for a tag or a length this codec cannot write.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardreader.errors import MalformedResponseError

MAX_TAG_BYTES = 3
MAX_LENGTH_BYTES = 3


@dataclass(frozen=True)
class Tlv:
    """One data object: its tag, its value, and the bytes it was read from."""

    tag: int
    value: bytes
    raw: bytes = b""


# --- encoding --------------------------------------------------------------------------------
def encode_length(n: int) -> bytes:
    """The BER length octets for `n` (short form below 128, else 81 xx / 82 xx xx / 83 ...)."""
    if n < 0:
        raise ValueError("negative length")
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    if size > MAX_LENGTH_BYTES:
        raise ValueError("length does not fit in three bytes")
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def encode_tag(tag: int) -> bytes:
    """The tag octets (one to three bytes, big-endian)."""
    if tag < 0 or tag.bit_length() > 8 * MAX_TAG_BYTES:
        raise ValueError("tag does not fit in three bytes")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode(tag: int, value: bytes) -> bytes:
    """One data object: tag, length, value."""
    return encode_tag(tag) + encode_length(len(value)) + value


# --- decoding --------------------------------------------------------------------------------
class _Short(Exception):
    """The data end inside a header (which `total_length` answers with None)."""


def _header(data: bytes, pos: int) -> tuple[int, int, int]:
    """Tag, value length and the offset of the value of the data object at `pos`.

    Raises `_Short` when the data end inside the header, `MalformedResponseError` when the
    header cannot be one this codec reads.
    """
    if pos >= len(data):
        raise _Short("before its tag")
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:  # subsequent tag bytes follow while b8 is set
        for _ in range(MAX_TAG_BYTES - 1):
            if pos >= len(data):
                raise _Short("inside its tag")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if not b & 0x80:
                break
        else:
            # Checked before more data are awaited: a chip sending 9F 9F 9F ... would
            # otherwise keep the length unknown while every new chunk re-walks the buffer.
            raise MalformedResponseError("data object tag is longer than three bytes")
    if pos >= len(data):
        raise _Short("before its length")
    size = data[pos]
    pos += 1
    if size < 0x80:
        return tag, size, pos
    size &= 0x7F
    if size == 0 or size > MAX_LENGTH_BYTES:
        raise MalformedResponseError(f"unsupported length form {0x80 | size:02X}")
    if pos + size > len(data):
        raise _Short("inside its length")
    return tag, int.from_bytes(data[pos : pos + size], "big"), pos + size


def _read(data: bytes, pos: int) -> tuple[Tlv, int]:
    """The data object at `pos` and the offset just past it."""
    try:
        tag, length, start = _header(data, pos)
    except _Short as short:
        raise MalformedResponseError(f"data object ends {short}") from None
    end = start + length
    if end > len(data):
        raise MalformedResponseError(
            f"data object {tag:02X} claims {length} bytes, {len(data) - start} remain"
        )
    return Tlv(tag, data[start:end], data[pos:end]), end


def parse(data: bytes) -> list[Tlv]:
    """Split a concatenation of data objects; every byte must belong to one of them."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(data):
        item, pos = _read(data, pos)
        out.append(item)
    return out


def parse_one(data: bytes, tag: int) -> bytes:
    """The value of the single data object `tag` that makes up all of `data`."""
    items = parse(data)
    if len(items) != 1 or items[0].tag != tag:
        raise MalformedResponseError(f"expected one data object {tag:02X}")
    return items[0].value


def read_first(data: bytes, tag: int, what: str) -> tuple[bytes, int]:
    """The value of the data object `tag` at the start of `data`, and the offset just past it
    (what follows is the caller's to judge). `what` names the object in the error."""
    try:
        item, end = _read(data, 0)
    except MalformedResponseError as exc:
        raise MalformedResponseError(f"{what}: not a BER-TLV object ({exc})") from None
    if item.tag != tag:
        raise MalformedResponseError(f"{what}: tag {item.tag:02X} is not {tag:02X}")
    return item.value, end


def total_length(head: bytes) -> int | None:
    """The whole length (header and value) of the data object whose first bytes are `head`,
    or None while `head` ends inside the header.

    Used to read a file in as few READ BINARY commands as possible: the first answer tells
    how long the whole file is.
    """
    try:
        _, length, start = _header(head, 0)
    except _Short:
        return None
    return start + length


def find(items: list[Tlv], tag: int) -> bytes | None:
    """The value of the first data object with `tag`, or None."""
    for item in items:
        if item.tag == tag:
            return item.value
    return None
