"""PACE (ICAO Doc 9303-11, 4.4) with generic mapping, ECDH and DH: reader side.

`establish_pace(channel, password, card_access)` runs MSE:SET AT and the four GENERAL
AUTHENTICATE steps (1-3 chained with CLA 0x10, step 4 with CLA 0x00) and returns the secure
channel; `channel.info` says which protocol, curve and cipher were used. The pure pieces
(nonce encryption, generic mapping, key derivation, authentication tokens) are module
functions shared with the virtual chip (`cardreader.virtual.access`) and tested against the
worked example of Appendix G.

Wrong password: the chip refuses our token in step 4 with 63Cx (x tries left) or 6300, and
`WrongPasswordError` carries `retries_left` when it said; 63C0 or 6983 raise
`PasswordBlockedError`.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cardreader import kdf, tlv
from cardreader.apdu import SW, Command, Response
from cardreader.apdu_session import ApduChannel
from cardreader.card_access import (
    Mapping,
    PaceInfo,
    choose_pace_info,
    encode_oid,
)
from cardreader.cipher import Cipher, cbc_decrypt, cbc_encrypt, token_mac
from cardreader.document import AccessProtocol
from cardreader.domain_parameters import STANDARD_PARAMETERS, PaceGroup
from cardreader.errors import (
    ApduError,
    MalformedResponseError,
    PasswordBlockedError,
    SecureMessagingError,
    UnsupportedProtocolError,
    WrongPasswordError,
)
from cardreader.passwords import CardPassword
from cardreader.secure_messaging import ChannelInfo, SecureMessaging, SessionKeys
from cardreader.security_infos import parse_card_access

if TYPE_CHECKING:
    from cardreader.pace_cam import CamEvidence

logger = logging.getLogger(__name__)

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
CLA_CHAINING = 0x10
TAG_DYNAMIC_AUTHENTICATION_DATA = 0x7C
TAG_PUBLIC_KEY = 0x7F49
# Inside '7C': 80 encrypted nonce, 81/82 mapping data, 83/84 ephemeral keys, 85/86 tokens.
TAG_NONCE, TAG_MAP_PCD, TAG_MAP_PICC, TAG_EPH_PCD, TAG_EPH_PICC = 0x80, 0x81, 0x82, 0x83, 0x84
TAG_TOKEN_PCD, TAG_TOKEN_PICC = 0x85, 0x86
# Chips choose nonces of one or two cipher blocks (16 or 32 bytes); a longer one would only
# make the mapping's exponentiation expensive (a 64 KiB nonce costs seconds with DH).
MAX_NONCE_BYTES = 32


# --- pure steps (shared with the card side) --------------------------------------------------
def password_key(password: CardPassword, cipher: Cipher) -> bytes:
    """Kπ = KDF(password secret, 3)."""
    return kdf.kdf(password.pace_secret(), kdf.PASSWORD, cipher)


def encrypt_nonce(cipher: Cipher, k_pi: bytes, s: bytes) -> bytes:
    """z = E(Kπ, s), CBC with an IV of zeros."""
    return cbc_encrypt(cipher, k_pi, s)


def decrypt_nonce(cipher: Cipher, k_pi: bytes, z: bytes) -> bytes:
    """s = D(Kπ, z); `MalformedResponseError` if z is not whole cipher blocks or too long."""
    if len(z) > MAX_NONCE_BYTES:
        raise MalformedResponseError(f"encrypted nonce of {len(z)} bytes is too long")
    try:
        return cbc_decrypt(cipher, k_pi, z)
    except SecureMessagingError:
        raise MalformedResponseError("encrypted nonce is not whole cipher blocks") from None


def session_keys(shared_secret: bytes, cipher: Cipher) -> SessionKeys:
    """KSenc = KDF(K, 1), KSmac = KDF(K, 2); PACE starts the send sequence counter at 0."""
    return SessionKeys(
        cipher,
        kdf.kdf(shared_secret, kdf.ENC, cipher),
        kdf.kdf(shared_secret, kdf.MAC, cipher),
        0,
    )


def token_input(protocol: str, group: PaceGroup, public: Any) -> bytes:
    """The public-key data object MACed into an authentication token:
    7F49 { 06 protocol OID, 86 uncompressed point | 84 DH public value }.

    The DH public value is an unsigned integer, which ICAO Doc 9303-11, 9.4.1 encodes in the
    fewest octets (no leading 00); written at the modulus' length, as on the wire, the token
    would differ from the chip's whenever a key's top byte is zero (OpenPACE showed it)."""
    value = group.encode(public)
    if group.public_key_tag == 0x84:
        value = value.lstrip(b"\x00") or b"\x00"
    body = tlv.encode(0x06, encode_oid(protocol))
    body += tlv.encode(group.public_key_tag, value)
    return tlv.encode(TAG_PUBLIC_KEY, body)


def authentication_token(
    keys: SessionKeys, protocol: str, group: PaceGroup, peer_public: Any
) -> bytes:
    """T = MAC(KSmac, public-key data object of the *other* side's ephemeral key)."""
    return token_mac(keys.cipher, keys.k_mac, token_input(protocol, group, peer_public))


def dynamic_data(tag: int, value: bytes) -> bytes:
    """'7C' { tag value } as GENERAL AUTHENTICATE carries it."""
    return tlv.encode(TAG_DYNAMIC_AUTHENTICATION_DATA, tlv.encode(tag, value) if tag else b"")


def read_dynamic_data(data: bytes, tag: int) -> bytes:
    """The value of `tag` inside a '7C' template (other objects in it are ignored)."""
    inner = tlv.parse_one(data, TAG_DYNAMIC_AUTHENTICATION_DATA)
    value = tlv.find(tlv.parse(inner), tag)
    if value is None:
        raise MalformedResponseError(f"GENERAL AUTHENTICATE answer lacks data object {tag:02X}")
    return value


def mse_set_at(info: PaceInfo, password: CardPassword, with_parameter_id: bool) -> Command:
    """MSE:SET AT selecting PACE with `info` and the password type of `password`."""
    data = tlv.encode(0x80, encode_oid(info.protocol))
    data += tlv.encode(0x83, bytes((int(password.password_type),)))
    if with_parameter_id and info.parameter_id is not None:
        data += tlv.encode(0x84, bytes((info.parameter_id,)))
    return Command(0x00, INS_MSE, 0xC1, 0xA4, data)


# --- reader side -----------------------------------------------------------------------------
def _check_password_status(response: Response, step: str) -> None:
    sw = response.sw
    if sw == SW.OK:
        return
    if sw == SW.AUTHENTICATION_METHOD_BLOCKED or sw == 0x63C0:
        raise PasswordBlockedError("the chip has blocked this password", retries_left=0, sw=sw)
    if sw >> 4 == 0x63C:
        raise WrongPasswordError(retries_left=sw & 0x0F, sw=sw)
    if sw == SW.AUTHENTICATION_FAILED or sw == SW.SECURITY_STATUS_NOT_SATISFIED:
        raise WrongPasswordError(sw=sw)
    raise ApduError(sw, f"PACE {step} refused ({sw:04X})")


def establish_pace(
    channel: ApduChannel,
    password: CardPassword,
    card_access: bytes,
    *,
    rng: Callable[[int], bytes] = os.urandom,
) -> SecureMessaging:
    """Run PACE over `channel` with the strongest protocol EF.CardAccess offers.

    Returns the secure channel; its `info` names protocol, curve and cipher. Raises
    `UnsupportedProtocolError` when nothing offered is supported, `WrongPasswordError` /
    `PasswordBlockedError` for a refused password, `SecureMessagingError` when the chip's
    token does not verify, `MalformedResponseError` / `ApduError` for broken answers.
    """
    infos = parse_card_access(card_access)
    info = choose_pace_info(infos, extended_length=channel.extended_length)
    alg = info.algorithm
    if alg is None or info.parameter_id is None:  # choose_pace_info left these out
        raise UnsupportedProtocolError(f"PACE protocol {info.protocol} is not supported")
    cipher = alg.cipher
    domain = STANDARD_PARAMETERS[info.parameter_id]
    group = domain.group()
    logger.debug("PACE with %s on %s", alg.name, domain.name)

    response = channel.transmit(mse_set_at(info, password, with_parameter_id=len(infos) > 1))
    if response.sw >> 4 == 0x63C and response.sw != 0x63C0:
        # A warning at MSE:SET AT only announces the retry counter; carry on.
        logger.debug("chip reports %d tries left", response.sw & 0x0F)
    else:
        _check_password_status(response, "MSE:SET AT")

    last_answer = b""

    def step(tag: int, value: bytes, answer_tag: int, last: bool = False) -> bytes:
        nonlocal last_answer
        cla = 0x00 if last else CLA_CHAINING
        # 2048-bit DH answers exceed 256 bytes: ask for all the reader can take.
        le = 65536 if channel.extended_length and domain.size > 200 else 256
        cmd = Command(cla, INS_GENERAL_AUTHENTICATE, 0, 0, dynamic_data(tag, value), le)
        answer = channel.transmit(cmd)
        _check_password_status(answer, "GENERAL AUTHENTICATE")
        last_answer = answer.data
        return read_dynamic_data(answer.data, answer_tag)

    # 1: the chip's nonce, encrypted with Kπ.
    z = step(0, b"", TAG_NONCE)
    s = int.from_bytes(decrypt_nonce(cipher, password_key(password, cipher), z), "big")
    # 2: generic mapping, G~ = s·G + SKmap,PCD · PKmap,PICC.
    sk_map = group.random_private(rng)
    pk_map_picc = group.decode(step(TAG_MAP_PCD, group.encode(group.public(sk_map)), TAG_MAP_PICC))
    mapped = group.mapped(s, group.multiply(pk_map_picc, sk_map))
    # 3: ephemeral key agreement on G~.
    sk = mapped.random_private(rng)
    pk = mapped.public(sk)
    pk_picc = mapped.decode(step(TAG_EPH_PCD, mapped.encode(pk), TAG_EPH_PICC))
    if mapped.same(pk_picc, pk):
        raise SecureMessagingError("the chip echoed our ephemeral public key")
    keys = session_keys(mapped.shared_secret(mapped.multiply(pk_picc, sk)), cipher)
    # 4: tokens both ways.
    t_picc = step(
        TAG_TOKEN_PCD,
        authentication_token(keys, info.protocol, mapped, pk_picc),
        TAG_TOKEN_PICC,
        last=True,
    )
    if not hmac.compare_digest(t_picc, authentication_token(keys, info.protocol, mapped, pk)):
        raise SecureMessagingError("the chip's PACE authentication token does not verify")
    cam = None
    if alg.mapping is Mapping.CHIP_AUTHENTICATION:
        cam = _cam_evidence(keys, info.parameter_id, group.encode(pk_map_picc), last_answer)
    channel_info = ChannelInfo(
        AccessProtocol.PACE,
        cipher,
        password.password_type,
        info.protocol,
        domain.name,
        info.parameter_id,
        cam,
    )
    logger.debug("secure channel open: %s", channel_info.describe())
    return SecureMessaging(channel, keys, channel_info)


def _cam_evidence(
    keys: SessionKeys, parameter_id: int, map_public: bytes, answer: bytes
) -> CamEvidence:
    """The chip's encrypted Chip Authentication data ('8A' beside the token), decrypted."""
    from cardreader.pace_cam import TAG_CA_DATA, CamEvidence, decrypt_ca_data

    encrypted = read_dynamic_data(answer, TAG_CA_DATA)
    return CamEvidence(
        parameter_id, map_public, decrypt_ca_data(keys.cipher, keys.k_enc, encrypted)
    )
