"""Active Authentication (ICAO Doc 9303-11, 6.1): the chip signs a fresh challenge with the
private key whose public key is in EF.DG15.

Reader side: ``INTERNAL AUTHENTICATE`` (00 88 00 00) with a random 8-byte challenge, new for
every run, inside secure messaging. The answer is checked with the EF.DG15 key:

- RSA: ISO/IEC 9796-2 digital signature scheme 1 with partial message recovery. The
  signature opens to ``6A || M1 || H || BC`` (SHA-1) or ``... || H || hh CC`` (hh names the
  hash); H must equal Hash(M1 || challenge).
- ECDSA: a plain signature r || s (BSI TR-03111) over the challenge, with the hash that the
  ActiveAuthenticationInfo of EF.DG14 names.

Card side: `sign_rsa_9796` and `sign_ecdsa_plain` for the virtual chip. The challenge, the
signature and the recovered message are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from cardreader.apdu import SW, Command
from cardreader.apdu_session import ApduChannel
from cardreader.errors import (
    ApduError,
    CardError,
    MalformedResponseError,
    UnsupportedProtocolError,
)
from cardreader.failures import CardFailure
from cardreader.security_infos import AaPublicKey, ActiveAuthenticationInfo

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurve
    from cryptography.hazmat.primitives.hashes import HashAlgorithm

INS_INTERNAL_AUTHENTICATE = 0x88
CHALLENGE_LENGTH = 8

# ISO/IEC 10118-3 hash identifiers in a two-byte ISO 9796-2 trailer (hh CC).
_TRAILER_HASHES = {0x33: "sha1", 0x34: "sha256", 0x35: "sha512", 0x36: "sha384", 0x38: "sha224"}
_HASH_IDS = {name: ident for ident, name in _TRAILER_HASHES.items()}


class ActiveAuthenticationError(CardError):
    """The chip's Active Authentication signature does not verify with the EF.DG15 key."""

    default_kind = CardFailure.CHIP_NOT_GENUINE


def internal_authenticate(
    channel: ApduChannel,
    key: AaPublicKey,
    info: ActiveAuthenticationInfo | None,
    *,
    rng: Callable[[int], bytes] = os.urandom,
) -> None:
    """Challenge the chip and verify its signature; raises `ActiveAuthenticationError` when
    it does not verify, `ApduError` when the chip refuses the command."""
    challenge = rng(CHALLENGE_LENGTH)
    le = 65536 if channel.extended_length else 256
    answer = channel.transmit(Command(0x00, INS_INTERNAL_AUTHENTICATE, 0x00, 0x00, challenge, le))
    if answer.sw != SW.OK:
        raise ApduError(answer.sw, f"INTERNAL AUTHENTICATE refused ({answer.sw:04X})")
    verify(key, info, challenge, answer.data)


def verify(
    key: AaPublicKey, info: ActiveAuthenticationInfo | None, challenge: bytes, signature: bytes
) -> None:
    """Raise `ActiveAuthenticationError` unless `signature` signs `challenge` under `key`."""
    if key.is_rsa:
        _verify_rsa(key, challenge, signature)
    else:
        _verify_ecdsa(key, info, challenge, signature)


def _verify_rsa(key: AaPublicKey, challenge: bytes, signature: bytes) -> None:
    n, e = key.rsa_modulus, key.rsa_exponent
    if n is None or e is None:
        raise ActiveAuthenticationError("EF.DG15's RSA key has no modulus or exponent")
    size = (n.bit_length() + 7) // 8
    s = int.from_bytes(signature, "big")
    if len(signature) != size or not 0 < s < n:
        raise ActiveAuthenticationError("the RSA signature has the wrong size")
    m = pow(s, e, n)
    for candidate in (m, n - m):  # ISO 9796-2 allows the signer to send min(J, n - J)
        message = candidate.to_bytes(size, "big")
        if _opens(message, challenge):
            return
    raise ActiveAuthenticationError("the Active Authentication signature does not verify")


def _opens(message: bytes, challenge: bytes) -> bool:
    """Whether an ISO 9796-2 scheme 1 representative carries Hash(M1 || challenge)."""
    if message[-1] == 0xBC:
        hash_name, trailer = "sha1", 1
    elif message[-1] == 0xCC and message[-2] in _TRAILER_HASHES:
        hash_name, trailer = _TRAILER_HASHES[message[-2]], 2
    else:
        return False
    digest_size = hashlib.new(hash_name).digest_size
    if message[0] == 0x6A:  # partial recovery, no padding
        start = 1
    elif message[0] & 0xC0 == 0x40:  # padding nibbles 'B', ended by 'BA'
        start = message.find(b"\xba") + 1
        if start <= 0:
            return False
    else:
        return False
    end = len(message) - trailer - digest_size
    if end < start:
        return False
    m1, digest = message[start:end], message[end : end + digest_size]
    return hmac.compare_digest(hashlib.new(hash_name, m1 + challenge).digest(), digest)


def ec_curve(parameter_id: int) -> EllipticCurve:
    """The `cryptography` curve of a standardized domain parameter id."""
    from cryptography.hazmat.primitives.asymmetric import ec

    curves: dict[int, EllipticCurve] = {
        8: ec.SECP192R1(),
        10: ec.SECP224R1(),
        12: ec.SECP256R1(),
        13: ec.BrainpoolP256R1(),
        15: ec.SECP384R1(),
        16: ec.BrainpoolP384R1(),
        17: ec.BrainpoolP512R1(),
        18: ec.SECP521R1(),
    }
    if parameter_id not in curves:
        raise UnsupportedProtocolError(f"no ECDSA on domain parameters {parameter_id}")
    return curves[parameter_id]


def _hash(name: str) -> HashAlgorithm:
    from cryptography.hazmat.primitives import hashes

    algorithms: dict[str, HashAlgorithm] = {
        "sha1": hashes.SHA1(),  # noqa: S303 - what EF.DG14 may name (ICAO 9303-11 6.1)
        "sha224": hashes.SHA224(),
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
    }
    return algorithms[name]


def _verify_ecdsa(
    key: AaPublicKey, info: ActiveAuthenticationInfo | None, challenge: bytes, signature: bytes
) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    hash_name = info.hash_name if info is not None else None
    if hash_name is None:
        raise ActiveAuthenticationError("EF.DG14 names no ECDSA algorithm for the EC key")
    if key.parameter_id is None or key.point is None:
        raise ActiveAuthenticationError("EF.DG15's EC key names no curve or point")
    curve = ec_curve(key.parameter_id)
    size = (curve.key_size + 7) // 8
    if len(signature) != 2 * size:
        raise ActiveAuthenticationError("the ECDSA signature has the wrong size")
    try:
        public = ec.EllipticCurvePublicKey.from_encoded_point(curve, key.point)
    except ValueError:
        raise MalformedResponseError("EF.DG15 EC key is not a point of its curve") from None
    der = encode_dss_signature(
        int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    )
    algorithm = _hash(hash_name)
    try:
        public.verify(der, challenge, ec.ECDSA(algorithm))
    except InvalidSignature:
        raise ActiveAuthenticationError(
            "the Active Authentication signature does not verify"
        ) from None


# --- card side ---------------------------------------------------------------------------------
def sign_rsa_9796(
    n: int, d: int, challenge: bytes, *, rng: Callable[[int], bytes] = os.urandom
) -> bytes:
    """ISO 9796-2 scheme 1 signature, partial recovery, SHA-1 (as passports make them):
    M1 is random, M2 the challenge."""
    size = (n.bit_length() + 7) // 8
    m1 = rng(size - 2 - 20)
    # ISO 9796-2 scheme 1 with SHA-1 is what passports' Active Authentication signs with.
    message = b"\x6a" + m1 + hashlib.sha1(m1 + challenge).digest() + b"\xbc"  # noqa: S324
    return pow(int.from_bytes(message, "big"), d, n).to_bytes(size, "big")


def sign_ecdsa_plain(parameter_id: int, private: int, hash_name: str, challenge: bytes) -> bytes:
    """ECDSA over the challenge, as plain r || s."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    curve = ec_curve(parameter_id)
    key = ec.derive_private_key(private, curve)
    r, s = decode_dss_signature(key.sign(challenge, ec.ECDSA(_hash(hash_name))))
    size = (curve.key_size + 7) // 8
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def hash_id(name: str) -> int:
    """The ISO/IEC 10118-3 identifier of a hash (for a two-byte 9796-2 trailer)."""
    return _HASH_IDS[name]
