"""Basic Access Control (ICAO Doc 9303-11, 4.3): the MRZ key opens a 3DES secure channel.

Reader side: `establish_bac(channel, mrz_key)`. The pure steps (`document_keys`,
`session_keys`, cryptogram building and checking) are module functions, shared with the
virtual chip's side in `cardreader.virtual.access` and tested against Appendix D.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from cardreader import kdf
from cardreader.apdu import SW, Command
from cardreader.apdu_session import ApduChannel
from cardreader.cipher import Cipher, cbc_decrypt, cbc_encrypt, mac
from cardreader.document import AccessProtocol
from cardreader.errors import (
    ApduError,
    MalformedResponseError,
    SecureMessagingError,
    WrongPasswordError,
)
from cardreader.passwords import MrzKey, PasswordType
from cardreader.secure_messaging import ChannelInfo, SecureMessaging, SessionKeys

logger = logging.getLogger(__name__)

GET_CHALLENGE = Command(0x00, 0x84, 0x00, 0x00, le=8)
INS_EXTERNAL_AUTHENTICATE = 0x82


@dataclass(frozen=True, repr=False)
class DocumentKeys:
    """Kenc and Kmac derived from the MRZ key (the document basic access keys)."""

    k_enc: bytes
    k_mac: bytes

    def __repr__(self) -> str:
        return "DocumentKeys(hidden)"


def document_keys(mrz_key: MrzKey) -> DocumentKeys:
    """Kenc = KDF(Kseed, 1), Kmac = KDF(Kseed, 2), Kseed = first 16 bytes of SHA-1(MRZ info)."""
    seed = mrz_key.key_seed()[:16]
    return DocumentKeys(kdf.kdf(seed, kdf.ENC, Cipher.DES3), kdf.kdf(seed, kdf.MAC, Cipher.DES3))


def seal(keys: DocumentKeys, plain: bytes) -> bytes:
    """E(Kenc, plain) || MAC(Kmac, E(Kenc, plain)): the 40-byte authentication cryptogram."""
    encrypted = cbc_encrypt(Cipher.DES3, keys.k_enc, plain)
    return encrypted + mac(Cipher.DES3, keys.k_mac, encrypted)


def open_sealed(keys: DocumentKeys, cryptogram: bytes) -> bytes | None:
    """The 32 plain bytes inside a cryptogram, or None when its length or MAC is wrong."""
    if len(cryptogram) != 40:
        return None
    encrypted, tag = cryptogram[:32], cryptogram[32:]
    if not hmac.compare_digest(mac(Cipher.DES3, keys.k_mac, encrypted), tag):
        return None
    return cbc_decrypt(Cipher.DES3, keys.k_enc, encrypted)


def session_keys(k_ifd: bytes, k_ic: bytes, rnd_ic: bytes, rnd_ifd: bytes) -> SessionKeys:
    """KSenc/KSmac from K.IFD xor K.IC; SSC from the low halves of both challenges."""
    seed = bytes(a ^ b for a, b in zip(k_ifd, k_ic, strict=True))
    ssc = int.from_bytes(rnd_ic[4:8] + rnd_ifd[4:8], "big")
    return SessionKeys(
        Cipher.DES3,
        kdf.kdf(seed, kdf.ENC, Cipher.DES3),
        kdf.kdf(seed, kdf.MAC, Cipher.DES3),
        ssc,
    )


def establish_bac(
    channel: ApduChannel, mrz_key: MrzKey, *, rng: Callable[[int], bytes] = os.urandom
) -> SecureMessaging:
    """Run BAC over `channel` and return the secure channel.

    Raises `WrongPasswordError` when the chip refuses the MRZ key, `SecureMessagingError`
    when the chip's own cryptogram does not verify, `ApduError` for any other refusal.
    """
    keys = document_keys(mrz_key)
    challenge = channel.transmit(GET_CHALLENGE)
    if challenge.sw != SW.OK:
        raise ApduError(challenge.sw, f"GET CHALLENGE refused ({challenge.sw:04X})")
    rnd_ic = challenge.data
    if len(rnd_ic) != 8:
        raise MalformedResponseError(f"GET CHALLENGE returned {len(rnd_ic)} bytes, not 8")
    rnd_ifd = rng(8)
    k_ifd = rng(16)
    cryptogram = seal(keys, rnd_ifd + rnd_ic + k_ifd)
    answer = channel.transmit(Command(0x00, INS_EXTERNAL_AUTHENTICATE, 0, 0, cryptogram, 40))
    if answer.sw in (SW.AUTHENTICATION_FAILED, SW.SECURITY_STATUS_NOT_SATISFIED) or (
        answer.sw >> 8 == 0x63
    ):
        raise WrongPasswordError("the chip refused the MRZ key", sw=answer.sw)
    if answer.sw != SW.OK:
        raise ApduError(answer.sw, f"EXTERNAL AUTHENTICATE refused ({answer.sw:04X})")
    plain = open_sealed(keys, answer.data)
    if plain is None:
        raise SecureMessagingError("the chip's BAC cryptogram does not verify")
    if not (hmac.compare_digest(plain[:8], rnd_ic) and hmac.compare_digest(plain[8:16], rnd_ifd)):
        raise SecureMessagingError("the chip's BAC answer does not echo our challenges")
    info = ChannelInfo(AccessProtocol.BAC, Cipher.DES3, PasswordType.MRZ)
    logger.debug("secure channel open: %s", info.describe())
    return SecureMessaging(channel, session_keys(k_ifd, plain[16:32], rnd_ic, rnd_ifd), info)
