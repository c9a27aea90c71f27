"""BER-TLV as ISO/IEC 7816-4 uses it: secure-messaging data objects, PACE's dynamic
authentication data ('7C'), public-key templates ('7F49').

Tags are kept as integers of one to three bytes (``0x87``, ``0x7F49``); lengths may take the
short or the long form (up to three length bytes). Anything that does not parse raises
`MalformedResponseError`, never an `IndexError` or a `ValueError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cardreader.errors import MalformedResponseError


@dataclass(frozen=True)
class Tlv:
    """One data object: its tag, its value, and the bytes it was read from."""

    tag: int
    value: bytes
    raw: bytes = b""


def encode_length(n: int) -> bytes:
    """The BER length octets for `n` (short form below 128, else 81 xx / 82 xx xx / 83 ...)."""
    if n < 0:
        raise ValueError("negative length")
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    if size > 3:
        raise ValueError("length does not fit in three bytes")
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def encode_tag(tag: int) -> bytes:
    """The tag octets (one to three bytes, big-endian)."""
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode(tag: int, value: bytes) -> bytes:
    """One data object: tag, length, value."""
    return encode_tag(tag) + encode_length(len(value)) + value


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise MalformedResponseError("data object ends before its tag")
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:  # subsequent tag bytes follow while b8 is set
        for _ in range(2):
            if pos >= len(data):
                raise MalformedResponseError("data object ends inside its tag")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if not b & 0x80:
                break
        else:
            raise MalformedResponseError("tag longer than three bytes")
    return tag, pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise MalformedResponseError("data object ends before its length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    size = first & 0x7F
    if size == 0 or size > 3:
        raise MalformedResponseError(f"unsupported length form {first:02X}")
    if pos + size > len(data):
        raise MalformedResponseError("data object ends inside its length")
    return int.from_bytes(data[pos : pos + size], "big"), pos + size


def parse(data: bytes) -> list[Tlv]:
    """Split a concatenation of data objects; every byte must belong to one of them."""
    out: list[Tlv] = []
    pos = 0
    while pos < len(data):
        start = pos
        tag, pos = _read_tag(data, pos)
        length, pos = _read_length(data, pos)
        if pos + length > len(data):
            raise MalformedResponseError(
                f"data object {tag:02X} claims {length} bytes, {len(data) - pos} remain"
            )
        out.append(Tlv(tag, data[pos : pos + length], data[start : pos + length]))
        pos += length
    return out


def parse_one(data: bytes, tag: int) -> bytes:
    """The value of the single data object `tag` that makes up all of `data`."""
    items = parse(data)
    if len(items) != 1 or items[0].tag != tag:
        raise MalformedResponseError(f"expected one data object {tag:02X}")
    return items[0].value


def find(items: list[Tlv], tag: int) -> bytes | None:
    """The value of the first data object with `tag`, or None."""
    for item in items:
        if item.tag == tag:
            return item.value
    return None
