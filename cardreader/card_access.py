"""The PACE protocols EF.CardAccess (ICAO Doc 9303-11, 9.2) offers, and which one to run.

A PACEInfo is ``SEQUENCE { protocol OID, version INTEGER (2), parameterId INTEGER OPTIONAL }``.
The protocol OID names the key agreement (DH or ECDH), the mapping (generic, integrated,
chip-authentication) and the cipher; parameterId names one of the standardized domain
parameters (see `cardreader.domain_parameters`). The file itself, a SET OF SecurityInfo, is
read and written by `cardreader.security_infos` like EF.DG14 (`parse_card_access` there); this
module says what its PACEInfos mean and chooses among them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from cardreader.cipher import Cipher
from cardreader.errors import MalformedResponseError, UnsupportedProtocolError

ID_PACE = "0.4.0.127.0.7.2.2.4"


class KeyAgreement(enum.Enum):
    DH = "DH"
    ECDH = "ECDH"


class Mapping(enum.Enum):
    GENERIC = "GM"
    INTEGRATED = "IM"
    CHIP_AUTHENTICATION = "CAM"


@dataclass(frozen=True)
class PaceAlgorithm:
    """What a PACE protocol OID stands for."""

    agreement: KeyAgreement
    mapping: Mapping
    cipher: Cipher

    @property
    def name(self) -> str:
        """The OID's name without the prefix, e.g. "ECDH-GM-AES-CBC-CMAC-128"."""
        suite = (
            "3DES-CBC-CBC"
            if self.cipher is Cipher.DES3
            else ("AES-CBC-CMAC-" + self.cipher.value.split("-")[1])
        )
        return f"{self.agreement.value}-{self.mapping.value}-{suite}"


def _pace_algorithms() -> dict[str, PaceAlgorithm]:
    table: dict[str, PaceAlgorithm] = {}
    arcs = {
        (1, KeyAgreement.DH, Mapping.GENERIC),
        (2, KeyAgreement.ECDH, Mapping.GENERIC),
        (3, KeyAgreement.DH, Mapping.INTEGRATED),
        (4, KeyAgreement.ECDH, Mapping.INTEGRATED),
        (6, KeyAgreement.ECDH, Mapping.CHIP_AUTHENTICATION),
    }
    ciphers = {1: Cipher.DES3, 2: Cipher.AES128, 3: Cipher.AES192, 4: Cipher.AES256}
    for arc, agreement, mapping in arcs:
        for last, cipher in ciphers.items():
            if mapping is Mapping.CHIP_AUTHENTICATION and cipher is Cipher.DES3:
                continue
            table[f"{ID_PACE}.{arc}.{last}"] = PaceAlgorithm(agreement, mapping, cipher)
    return table


PACE_ALGORITHMS = _pace_algorithms()


def pace_oid(agreement: KeyAgreement, mapping: Mapping, cipher: Cipher) -> str:
    """The protocol OID for a combination (the inverse of `PACE_ALGORITHMS`)."""
    for oid, alg in PACE_ALGORITHMS.items():
        if alg == PaceAlgorithm(agreement, mapping, cipher):
            return oid
    raise ValueError(f"no PACE OID for {agreement.value}-{mapping.value} {cipher.value}")


@dataclass(frozen=True)
class PaceInfo:
    """One PACEInfo: a protocol OID (dotted), its version, and the domain parameter id."""

    protocol: str
    version: int = 2
    parameter_id: int | None = None

    @property
    def algorithm(self) -> PaceAlgorithm | None:
        """The algorithm the OID names, or None for an OID this reader does not know."""
        return PACE_ALGORITHMS.get(self.protocol)

    @classmethod
    def ecdh_gm(cls, cipher: Cipher, parameter_id: int) -> PaceInfo:
        """A PACEInfo for ECDH generic mapping with `cipher` on `parameter_id`."""
        return cls(pace_oid(KeyAgreement.ECDH, Mapping.GENERIC, cipher), 2, parameter_id)

    @classmethod
    def dh_gm(cls, cipher: Cipher, parameter_id: int) -> PaceInfo:
        """A PACEInfo for DH generic mapping with `cipher` on `parameter_id`."""
        return cls(pace_oid(KeyAgreement.DH, Mapping.GENERIC, cipher), 2, parameter_id)


# --- OIDs ------------------------------------------------------------------------------------
def encode_oid(dotted: str) -> bytes:
    """The content octets of an OBJECT IDENTIFIER (no tag, no length)."""
    arcs = [int(a) for a in dotted.split(".")]
    if len(arcs) < 2 or arcs[0] > 2:
        raise ValueError(f"not an OID: {dotted}")
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


_MAX_ARC_BYTES = 10  # 70 bits: room for any 64-bit arc


def decode_oid(content: bytes) -> str:
    """Dotted text of OID content octets; `MalformedResponseError` if they do not parse."""
    if not content or content[-1] & 0x80:
        raise MalformedResponseError("OBJECT IDENTIFIER is empty or truncated")
    values: list[int] = []
    value = 0
    digits = 0
    for b in content:
        if value == 0 and b == 0x80:
            raise MalformedResponseError("OBJECT IDENTIFIER arc has a leading 0x80")
        value = (value << 7) | (b & 0x7F)
        digits += 1
        if digits > _MAX_ARC_BYTES:
            # Python refuses to print integers of more than 4,300 digits; real arcs fit in
            # a few bytes, and no OID this reader knows has an arc above 2^64.
            raise MalformedResponseError("OBJECT IDENTIFIER arc is too long")
        if not b & 0x80:
            values.append(value)
            value = 0
            digits = 0
    first = values[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(v) for v in head + values[1:])


def supports(info: PaceInfo) -> bool:
    """Whether this reader can run PACE with `info` (generic or chip-authentication mapping,
    known parameters)."""
    from cardreader.domain_parameters import STANDARD_PARAMETERS

    alg = info.algorithm
    return (
        alg is not None
        # Chip Authentication Mapping maps like generic mapping and adds the chip's proof.
        and alg.mapping in (Mapping.GENERIC, Mapping.CHIP_AUTHENTICATION)
        and info.version == 2
        and info.parameter_id in STANDARD_PARAMETERS
        and STANDARD_PARAMETERS[info.parameter_id].agreement is alg.agreement
    )


def fits_short_apdus(info: PaceInfo) -> bool:
    """Whether PACE with `info` works without extended length: a 2048-bit DH public value
    (256 bytes plus its templates) does not fit a short command."""
    from cardreader.domain_parameters import STANDARD_PARAMETERS

    domain = STANDARD_PARAMETERS.get(info.parameter_id) if info.parameter_id is not None else None
    return domain is None or domain.agreement is KeyAgreement.ECDH or domain.size <= 240


def choose_pace_info(infos: Sequence[PaceInfo], *, extended_length: bool = True) -> PaceInfo:
    """The strongest PACEInfo this reader supports: the best overall security (the weaker
    of group and cipher) first, then the larger group, the stronger cipher, ECDH before DH,
    chip-authentication mapping before generic.

    Without `extended_length`, offers whose messages need it are left out. Raises
    `UnsupportedProtocolError` when none is left.
    """
    from cardreader.domain_parameters import STANDARD_PARAMETERS

    usable = [
        info for info in infos if supports(info) and (extended_length or fits_short_apdus(info))
    ]
    if not usable:
        offered = ", ".join(
            (info.algorithm.name if info.algorithm else info.protocol) + f" #{info.parameter_id}"
            for info in infos
        )
        raise UnsupportedProtocolError(f"no supported PACE protocol among: {offered or 'none'}")

    def rank(info: PaceInfo) -> tuple[int, int, int, bool, bool]:
        alg = info.algorithm
        if alg is None or info.parameter_id is None:  # supports() left these out
            raise UnsupportedProtocolError(f"PACE protocol {info.protocol} is not supported")
        group_bits = STANDARD_PARAMETERS[info.parameter_id].security_bits
        cipher_bits = alg.cipher.security_bits
        return (
            min(group_bits, cipher_bits),
            group_bits,
            cipher_bits,
            alg.agreement is KeyAgreement.ECDH,
            # CAM proves the chip genuine within PACE itself: no Chip Authentication after.
            alg.mapping is Mapping.CHIP_AUTHENTICATION,
        )

    return max(usable, key=rank)
