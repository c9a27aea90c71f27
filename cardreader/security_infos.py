"""SecurityInfos (ICAO Doc 9303-11, 9.2; BSI TR-03110-3, A.1): what a chip says it can prove.

EF.CardAccess, EF.DG14 and EF.CardSecurity all hold a ``SET OF SecurityInfo``; each is
``SEQUENCE { protocol OID, requiredData ANY, optionalData ANY OPTIONAL }``. This module is the
one parser of them (PACE takes its PACEInfos from `parse_card_access` here); it reads the ones
that matter for opening the chip and proving it genuine, and keeps the rest as bare OIDs:

- PACEInfo (`cardreader.card_access.PaceInfo`; that module chooses among them);
- ChipAuthenticationInfo: ``{ id-CA-*, version INTEGER (1 | 2), keyId INTEGER OPTIONAL }``;
- ChipAuthenticationPublicKeyInfo: ``{ id-PK-DH | id-PK-ECDH, SubjectPublicKeyInfo,
  keyId INTEGER OPTIONAL }``;
- ActiveAuthenticationInfo: ``{ id-AA, version INTEGER (1), signatureAlgorithm OID }``.

EF.DG14 is ``6E { SecurityInfos }``; EF.DG15 is ``6F { SubjectPublicKeyInfo }`` (the Active
Authentication key, RSA or EC). Everything here is small DER over `cardreader.tlv`; a
malformed file raises `MalformedResponseError`, a well-formed key on domain parameters or an
algorithm this reader does not know `UnsupportedProtocolError` (a chip key in SecurityInfos
is then kept by OID only), never anything else. The encoders build the
virtual chip's files.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from cardreader import tlv
from cardreader.card_access import ID_PACE, PaceInfo, decode_oid, encode_oid
from cardreader.cipher import Cipher
from cardreader.errors import CardError, MalformedResponseError, UnsupportedProtocolError

TAG_DG14 = 0x6E
TAG_DG15 = 0x6F
_SET, _SEQ, _OID, _INT, _BITS, _OCTETS, _NULL = 0x31, 0x30, 0x06, 0x02, 0x03, 0x04, 0x05

ID_CA = "0.4.0.127.0.7.2.2.3"
ID_PK_DH = "0.4.0.127.0.7.2.2.1.1"
ID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
ID_AA = "2.23.136.1.1.5"
STANDARDIZED_DOMAIN_PARAMETERS = "0.4.0.127.0.7.1.2"
EC_PUBLIC_KEY = "1.2.840.10045.2.1"
PRIME_FIELD = "1.2.840.10045.1.1"
DH_PUBLIC_NUMBER = "1.2.840.10046.2.1"
RSA_ENCRYPTION = "1.2.840.113549.1.1.1"

# ECDSA with plain signatures (BSI TR-03111): the hash Active Authentication uses.
ECDSA_PLAIN = {
    "0.4.0.127.0.7.1.1.4.1.1": "sha1",
    "0.4.0.127.0.7.1.1.4.1.2": "sha224",
    "0.4.0.127.0.7.1.1.4.1.3": "sha256",
    "0.4.0.127.0.7.1.1.4.1.4": "sha384",
    "0.4.0.127.0.7.1.1.4.1.5": "sha512",
}
# The X9.62 ECDSA OIDs some chips name instead; the signature is still plain r||s.
ECDSA_X962 = {
    "1.2.840.10045.4.1": "sha1",
    "1.2.840.10045.4.3.1": "sha224",
    "1.2.840.10045.4.3.2": "sha256",
    "1.2.840.10045.4.3.3": "sha384",
    "1.2.840.10045.4.3.4": "sha512",
}

# Named curves by OID, mapped to the standardized domain parameter ids.
_NAMED_CURVES = {
    "1.2.840.10045.3.1.1": 8,
    "1.3.36.3.3.2.8.1.1.3": 9,
    "1.3.132.0.33": 10,
    "1.3.36.3.3.2.8.1.1.5": 11,
    "1.2.840.10045.3.1.7": 12,
    "1.3.36.3.3.2.8.1.1.7": 13,
    "1.3.36.3.3.2.8.1.1.9": 14,
    "1.3.132.0.34": 15,
    "1.3.36.3.3.2.8.1.1.11": 16,
    "1.3.36.3.3.2.8.1.1.13": 17,
    "1.3.132.0.35": 18,
}
_CURVE_OIDS = {v: k for k, v in _NAMED_CURVES.items()}


class KeyAgreementKind(enum.Enum):
    DH = "DH"
    ECDH = "ECDH"


_CA_CIPHERS = {1: Cipher.DES3, 2: Cipher.AES128, 3: Cipher.AES192, 4: Cipher.AES256}
_CA_AGREEMENTS = {1: KeyAgreementKind.DH, 2: KeyAgreementKind.ECDH}


def ca_oid(agreement: KeyAgreementKind, cipher: Cipher) -> str:
    """id-CA-{DH,ECDH}-{3DES-CBC-CBC, AES-CBC-CMAC-*}."""
    a = next(k for k, v in _CA_AGREEMENTS.items() if v is agreement)
    c = next(k for k, v in _CA_CIPHERS.items() if v is cipher)
    return f"{ID_CA}.{a}.{c}"


@dataclass(frozen=True)
class ChipAuthenticationInfo:
    """Which Chip Authentication the chip runs: key agreement and cipher, for key `key_id`."""

    protocol: str
    version: int
    key_id: int | None = None

    @property
    def agreement(self) -> KeyAgreementKind | None:
        return _CA_AGREEMENTS.get(_arc(self.protocol, ID_CA, 0))

    @property
    def cipher(self) -> Cipher | None:
        return _CA_CIPHERS.get(_arc(self.protocol, ID_CA, 1))


@dataclass(frozen=True)
class ChipPublicKey:
    """A chip's static key-agreement public key: the domain parameters (a standardized id,
    see `cardreader.domain_parameters`) and the public value (an uncompressed EC point, or
    the DH value as big-endian bytes)."""

    agreement: KeyAgreementKind
    parameter_id: int
    public: bytes
    key_id: int | None = None


@dataclass(frozen=True)
class ActiveAuthenticationInfo:
    """The signature algorithm of Active Authentication with an EC key."""

    version: int
    signature_algorithm: str

    @property
    def hash_name(self) -> str | None:
        """ "sha256" etc. for a known ECDSA OID, else None."""
        return ECDSA_PLAIN.get(self.signature_algorithm) or ECDSA_X962.get(self.signature_algorithm)


@dataclass(frozen=True)
class SecurityInfos:
    """The SecurityInfos of one file, sorted by kind; `other` holds unknown protocol OIDs."""

    pace: tuple[PaceInfo, ...] = ()
    chip_authentication: tuple[ChipAuthenticationInfo, ...] = ()
    chip_keys: tuple[ChipPublicKey, ...] = ()
    active_authentication: tuple[ActiveAuthenticationInfo, ...] = ()
    other: tuple[str, ...] = field(default=())

    def chip_authentication_pair(
        self,
    ) -> tuple[ChipAuthenticationInfo | None, ChipPublicKey] | None:
        """The key to run Chip Authentication with and its protocol info (None when the info
        is absent: 9303-11 then means 3DES), or None when there is no usable key."""
        for key in self.chip_keys:
            for info in self.chip_authentication:
                if (
                    info.agreement is key.agreement
                    and info.cipher is not None
                    and (info.key_id is None or key.key_id is None or info.key_id == key.key_id)
                ):
                    return info, key
        if self.chip_keys and not self.chip_authentication:
            return None, self.chip_keys[0]
        return None


def _arc(oid: str, prefix: str, index: int) -> int:
    if not oid.startswith(prefix + "."):
        return -1
    arcs = oid[len(prefix) + 1 :].split(".")
    return int(arcs[index]) if len(arcs) > index and len(arcs) == 2 else -1


# --- DER helpers ------------------------------------------------------------------------------
def _integer(item: tlv.Tlv, what: str, *, limit: int = 8) -> int:
    if item.tag != _INT or not item.value or len(item.value) > limit:
        raise MalformedResponseError(f"{what} is not an INTEGER of a sensible size")
    return int.from_bytes(item.value, "big", signed=True)


def _unsigned(item: tlv.Tlv, what: str) -> int:
    value = _integer(item, what, limit=1024)
    if value < 0:
        raise MalformedResponseError(f"{what} is negative")
    return value


def _oid(item: tlv.Tlv, what: str) -> str:
    if item.tag != _OID:
        raise MalformedResponseError(f"{what} is not an OBJECT IDENTIFIER")
    return decode_oid(item.value)


def _parse(data: bytes) -> list[tlv.Tlv]:
    try:
        return tlv.parse(data)
    except MalformedResponseError:
        raise
    except (CardError, ValueError, IndexError) as exc:
        raise MalformedResponseError(f"not DER: {exc}") from None


def _encode_int(value: int) -> bytes:
    return tlv.encode(
        _INT, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True)
    )


def _encode_uint(value: int) -> bytes:
    return _encode_int(value)


# --- SubjectPublicKeyInfo ---------------------------------------------------------------------
def parse_chip_public_key(spki: bytes, key_id: int | None = None) -> ChipPublicKey:
    """A key-agreement public key from a SubjectPublicKeyInfo (standardized parameter id,
    named curve, or explicit EC / DH parameters of a standardized group)."""
    fields = _parse(spki)
    if len(fields) != 1 or fields[0].tag != _SEQ:
        raise MalformedResponseError("SubjectPublicKeyInfo is not a SEQUENCE")
    parts = _parse(fields[0].value)
    if len(parts) != 2 or parts[0].tag != _SEQ or parts[1].tag != _BITS:
        raise MalformedResponseError("SubjectPublicKeyInfo lacks its algorithm or key")
    algorithm = _parse(parts[0].value)
    if not algorithm or len(algorithm) > 2:
        raise MalformedResponseError("AlgorithmIdentifier has an unexpected shape")
    alg_oid = _oid(algorithm[0], "key algorithm")
    bits = parts[1].value
    if not bits or bits[0] != 0:
        raise MalformedResponseError("public key BIT STRING has unused bits")
    key = bits[1:]
    params = algorithm[1] if len(algorithm) == 2 else None
    if params is None:
        raise MalformedResponseError("public key has no domain parameters")
    parameter_id = _parameter_id(alg_oid, params)
    from cardreader.domain_parameters import STANDARD_PARAMETERS

    domain = STANDARD_PARAMETERS.get(parameter_id)
    if domain is None:
        raise UnsupportedProtocolError(f"unknown standardized domain parameters {parameter_id}")
    if domain.agreement.value == "ECDH":
        if not key or key[0] != 0x04:
            raise MalformedResponseError("EC public key is not an uncompressed point")
        return ChipPublicKey(KeyAgreementKind.ECDH, parameter_id, key, key_id)
    # A DH public value is an INTEGER inside the BIT STRING (RFC 3279).
    inner = _parse(key)
    if len(inner) != 1:
        raise MalformedResponseError("DH public key is not one INTEGER")
    y = _unsigned(inner[0], "DH public value")
    if y.bit_length() > 8 * domain.size:
        raise MalformedResponseError("DH public value is larger than its group")
    return ChipPublicKey(KeyAgreementKind.DH, parameter_id, y.to_bytes(domain.size, "big"), key_id)


def _parameter_id(alg_oid: str, params: tlv.Tlv) -> int:
    from cardreader.domain_parameters import STANDARD_PARAMETERS, DhDomain, EcDomain

    if params.tag == _INT:
        # standardizedDomainParameters, or id-PK-* with the id (TR-03110-3, A.2.1.1)
        value = _integer(params, "domain parameter id")
        if value not in STANDARD_PARAMETERS:
            raise UnsupportedProtocolError(f"unknown standardized domain parameters {value}")
        return value
    if params.tag == _OID:
        curve = _oid(params, "named curve")
        if curve not in _NAMED_CURVES:
            raise UnsupportedProtocolError(f"named curve {curve} is not supported")
        return _NAMED_CURVES[curve]
    if params.tag != _SEQ:
        raise MalformedResponseError("domain parameters have an unexpected type")
    body = _parse(params.value)
    if alg_oid == EC_PUBLIC_KEY or (body and body[0].tag == _INT and len(body) >= 5):
        # ECParameters { version, fieldID { prime-field, p }, curve { a, b }, base, order, .. }
        if len(body) < 5 or body[1].tag != _SEQ or body[3].tag != _OCTETS:
            raise MalformedResponseError("explicit EC parameters have an unexpected shape")
        field_id = _parse(body[1].value)
        if len(field_id) != 2 or _oid(field_id[0], "field type") != PRIME_FIELD:
            raise MalformedResponseError("EC parameters are not over a prime field")
        p = _unsigned(field_id[1], "field prime")
        order = _unsigned(body[4], "curve order")
        base = body[3].value
        for pid, domain in STANDARD_PARAMETERS.items():
            if not isinstance(domain, EcDomain):
                continue
            group = domain.group()
            gx = int(group.generator.x()).to_bytes(domain.size, "big")
            if group.curve.p() == p and domain.order == order and base[1 : 1 + domain.size] == gx:
                return pid
        raise UnsupportedProtocolError("explicit EC parameters of no standardized curve")
    # DomainParameters { p, g, q, ... } (X9.42)
    if len(body) < 3:
        raise MalformedResponseError("DH parameters have an unexpected shape")
    p, g, q = (_unsigned(body[i], "DH parameter") for i in range(3))
    for pid, domain in STANDARD_PARAMETERS.items():
        if isinstance(domain, DhDomain) and (domain.p, domain.g, domain.q) == (p, g, q):
            return pid
    raise UnsupportedProtocolError("DH parameters of no standardized group")


def encode_chip_public_key(key: ChipPublicKey) -> bytes:
    """SubjectPublicKeyInfo with id-PK-DH/ECDH and the standardized parameter id (as the
    virtual chip writes it into EF.DG14)."""
    alg = ID_PK_ECDH if key.agreement is KeyAgreementKind.ECDH else ID_PK_DH
    algorithm = tlv.encode(_SEQ, tlv.encode(_OID, encode_oid(alg)) + _encode_int(key.parameter_id))
    value = key.public
    if key.agreement is KeyAgreementKind.DH:
        value = _encode_uint(int.from_bytes(value, "big"))
    return tlv.encode(_SEQ, algorithm + tlv.encode(_BITS, b"\x00" + value))


# --- SecurityInfos ----------------------------------------------------------------------------
def parse_security_infos(data: bytes) -> SecurityInfos:
    """Every SecurityInfo of a ``SET OF SecurityInfo`` (EF.CardAccess, EF.DG14 content).

    Empty content is an empty set. Raises `MalformedResponseError` for anything that is not
    well-formed; SecurityInfos of other protocols are kept by OID only.
    """
    if not data:
        return SecurityInfos()
    outer = _parse(data)
    if len(outer) != 1 or outer[0].tag != _SET:
        raise MalformedResponseError("not a SET OF SecurityInfo")
    pace: list[PaceInfo] = []
    ca: list[ChipAuthenticationInfo] = []
    keys: list[ChipPublicKey] = []
    aa: list[ActiveAuthenticationInfo] = []
    other: list[str] = []
    for item in _parse(outer[0].value):
        if item.tag != _SEQ:
            raise MalformedResponseError("a SecurityInfo is not a SEQUENCE")
        fields = _parse(item.value)
        if len(fields) < 2 or len(fields) > 3:
            raise MalformedResponseError("a SecurityInfo has an unexpected number of fields")
        oid = _oid(fields[0], "SecurityInfo protocol")
        optional = fields[2] if len(fields) == 3 else None
        if oid.startswith(ID_PACE + ".") and oid.count(".") == ID_PACE.count(".") + 2:
            pid = _integer(optional, "PACEInfo parameterId") if optional else None
            pace.append(PaceInfo(oid, _integer(fields[1], "PACEInfo version"), pid))
        elif oid.startswith(ID_CA + ".") and _arc(oid, ID_CA, 1) > 0:
            key_id = _integer(optional, "keyId") if optional else None
            ca.append(ChipAuthenticationInfo(oid, _integer(fields[1], "CA version"), key_id))
        elif oid in (ID_PK_DH, ID_PK_ECDH):
            key_id = _integer(optional, "keyId") if optional else None
            try:
                key = parse_chip_public_key(fields[1].raw, key_id)
            except UnsupportedProtocolError:
                other.append(oid)  # well-formed, on parameters this reader does not know
                continue
            expected = KeyAgreementKind.ECDH if oid == ID_PK_ECDH else KeyAgreementKind.DH
            if key.agreement is not expected:
                raise MalformedResponseError("chip key does not match its protocol")
            keys.append(key)
        elif oid == ID_AA:
            if optional is None:
                raise MalformedResponseError("ActiveAuthenticationInfo lacks its algorithm")
            aa.append(
                ActiveAuthenticationInfo(
                    _integer(fields[1], "AA version"), _oid(optional, "AA signature algorithm")
                )
            )
        else:
            other.append(oid)
    return SecurityInfos(tuple(pace), tuple(ca), tuple(keys), tuple(aa), tuple(other))


def parse_card_access(data: bytes) -> tuple[PaceInfo, ...]:
    """The PACEInfos of EF.CardAccess, in file order (the other SecurityInfos are left out).

    Empty content (a chip without EF.CardAccess) offers nothing. Raises
    `MalformedResponseError` when the content is not a well-formed SET OF SecurityInfo.
    """
    return parse_security_infos(data).pace


def encode_card_access(infos: Sequence[PaceInfo]) -> bytes:
    """EF.CardAccess content offering `infos` (the virtual chip's file); b"" for none."""
    return encode_security_infos(pace=infos) if infos else b""


def encode_security_infos(
    *,
    pace: Sequence[PaceInfo] = (),
    chip_authentication: Sequence[ChipAuthenticationInfo] = (),
    chip_keys: Sequence[ChipPublicKey] = (),
    active_authentication: Sequence[ActiveAuthenticationInfo] = (),
) -> bytes:
    """A DER ``SET OF SecurityInfo`` with these entries."""
    items: list[bytes] = []
    for pace_info in pace:
        body = tlv.encode(_OID, encode_oid(pace_info.protocol)) + _encode_int(pace_info.version)
        if pace_info.parameter_id is not None:
            body += _encode_int(pace_info.parameter_id)
        items.append(tlv.encode(_SEQ, body))
    for info in chip_authentication:
        body = tlv.encode(_OID, encode_oid(info.protocol)) + _encode_int(info.version)
        if info.key_id is not None:
            body += _encode_int(info.key_id)
        items.append(tlv.encode(_SEQ, body))
    for key in chip_keys:
        pk = ID_PK_ECDH if key.agreement is KeyAgreementKind.ECDH else ID_PK_DH
        body = tlv.encode(_OID, encode_oid(pk)) + encode_chip_public_key(key)
        if key.key_id is not None:
            body += _encode_int(key.key_id)
        items.append(tlv.encode(_SEQ, body))
    for aa in active_authentication:
        body = tlv.encode(_OID, encode_oid(ID_AA)) + _encode_int(aa.version)
        body += tlv.encode(_OID, encode_oid(aa.signature_algorithm))
        items.append(tlv.encode(_SEQ, body))
    return tlv.encode(_SET, b"".join(sorted(items)))


# --- EF.DG14 and EF.DG15 ----------------------------------------------------------------------
def parse_dg14(data: bytes) -> SecurityInfos:
    """The SecurityInfos of EF.DG14 (``6E { SET OF SecurityInfo }``)."""
    outer = _parse(data)
    if len(outer) != 1 or outer[0].tag != TAG_DG14:
        raise MalformedResponseError("EF.DG14 is not a '6E' template")
    if not outer[0].value:
        raise MalformedResponseError("EF.DG14 holds no SecurityInfos")
    return parse_security_infos(outer[0].value)


def encode_dg14(infos: bytes) -> bytes:
    return tlv.encode(TAG_DG14, infos)


@dataclass(frozen=True)
class AaPublicKey:
    """The Active Authentication key of EF.DG15: RSA (n, e) or EC (a named curve's
    parameter id and the uncompressed point)."""

    spki: bytes = field(repr=False)
    rsa_modulus: int | None = field(default=None, repr=False)
    rsa_exponent: int | None = None
    parameter_id: int | None = None
    point: bytes | None = field(default=None, repr=False)

    @property
    def is_rsa(self) -> bool:
        return self.rsa_modulus is not None


def parse_dg15(data: bytes) -> AaPublicKey:
    """The Active Authentication public key in EF.DG15 (``6F { SubjectPublicKeyInfo }``)."""
    outer = _parse(data)
    if len(outer) != 1 or outer[0].tag != TAG_DG15:
        raise MalformedResponseError("EF.DG15 is not a '6F' template")
    spki = _parse(outer[0].value)
    if len(spki) != 1 or spki[0].tag != _SEQ:
        raise MalformedResponseError("EF.DG15 does not hold a SubjectPublicKeyInfo")
    parts = _parse(spki[0].value)
    if len(parts) != 2 or parts[0].tag != _SEQ or parts[1].tag != _BITS:
        raise MalformedResponseError("EF.DG15 key lacks its algorithm or key")
    algorithm = _parse(parts[0].value)
    if not algorithm:
        raise MalformedResponseError("EF.DG15 key has no algorithm")
    alg_oid = _oid(algorithm[0], "EF.DG15 key algorithm")
    bits = parts[1].value
    if not bits or bits[0] != 0:
        raise MalformedResponseError("EF.DG15 key BIT STRING has unused bits")
    if alg_oid == RSA_ENCRYPTION:
        rsa = _parse(bits[1:])
        if len(rsa) != 1 or rsa[0].tag != _SEQ:
            raise MalformedResponseError("RSA public key is not a SEQUENCE")
        ne = _parse(rsa[0].value)
        if len(ne) != 2:
            raise MalformedResponseError("RSA public key is not (n, e)")
        n, e = _unsigned(ne[0], "RSA modulus"), _unsigned(ne[1], "RSA exponent")
        if n.bit_length() < 512 or not 3 <= e < n or e % 2 == 0:
            raise MalformedResponseError("RSA public key has implausible values")
        return AaPublicKey(spki[0].raw, rsa_modulus=n, rsa_exponent=e)
    if alg_oid == EC_PUBLIC_KEY:
        if len(algorithm) != 2:
            raise MalformedResponseError("EC key has no domain parameters")
        pid = _parameter_id(alg_oid, algorithm[1])
        point = bits[1:]
        if not point or point[0] != 0x04:
            raise MalformedResponseError("EC key is not an uncompressed point")
        return AaPublicKey(spki[0].raw, parameter_id=pid, point=point)
    raise UnsupportedProtocolError(f"EF.DG15 key algorithm {alg_oid} is not supported")


def encode_rsa_spki(n: int, e: int) -> bytes:
    algorithm = tlv.encode(
        _SEQ, tlv.encode(_OID, encode_oid(RSA_ENCRYPTION)) + tlv.encode(_NULL, b"")
    )
    key = tlv.encode(_SEQ, _encode_uint(n) + _encode_uint(e))
    return tlv.encode(_SEQ, algorithm + tlv.encode(_BITS, b"\x00" + key))


def encode_ec_spki(parameter_id: int, point: bytes) -> bytes:
    curve = _CURVE_OIDS[parameter_id]
    algorithm = tlv.encode(
        _SEQ, tlv.encode(_OID, encode_oid(EC_PUBLIC_KEY)) + tlv.encode(_OID, encode_oid(curve))
    )
    return tlv.encode(_SEQ, algorithm + tlv.encode(_BITS, b"\x00" + point))


def encode_dg15(spki: bytes) -> bytes:
    return tlv.encode(TAG_DG15, spki)
