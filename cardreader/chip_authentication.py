"""Chip Authentication version 1 (ICAO Doc 9303-11, 6.2; BSI TR-03110-1, 3.4): the chip proves
it holds the private key whose public key is in EF.DG14, by agreeing new session keys with it.

Reader side, inside the secure channel of PACE or BAC:

- 3DES: ``MSE:Set KAT`` (00 22 41 A6) with ``91`` = our ephemeral public key and, when the
  chip has several keys, ``84`` = its keyId: one command does the key agreement;
- AES: ``MSE:Set AT`` (00 22 41 A4) with ``80`` = the id-CA OID (and ``84`` keyId), then
  ``GENERAL AUTHENTICATE`` (00 86 00 00) with ``7C { 80 ephemeral public key }``.

Both sides then compute K = KA(SK, PK) on the chip key's domain parameters, derive
KSenc = KDF(K, 1), KSmac = KDF(K, 2) for the cipher of the protocol OID, and restart secure
messaging with the send sequence counter at 0. The chip's answer to the CA command itself is
still protected with the old keys. Authentication is implicit: only a chip with the private
key computes K, so the first answer under the new keys verifies only from the genuine chip
(a cloned chip's answer fails its MAC).

Card side, `CardChipAuthentication` answers those commands for the virtual chip.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from cardreader import kdf, tlv
from cardreader.apdu import SW, Command, Response
from cardreader.card_access import decode_oid, encode_oid
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS, PaceGroup
from cardreader.errors import ApduError, CardError, MalformedResponseError
from cardreader.secure_messaging import SecureMessaging, SessionKeys
from cardreader.security_infos import ChipAuthenticationInfo, ChipPublicKey

logger = logging.getLogger(__name__)

INS_MSE = 0x22
INS_GENERAL_AUTHENTICATE = 0x86
P1P2_SET_KAT = (0x41, 0xA6)
P1P2_SET_AT = (0x41, 0xA4)
TAG_EPHEMERAL_KAT = 0x91
TAG_PROTOCOL = 0x80
TAG_KEY_ID = 0x84
TAG_DYNAMIC = 0x7C
TAG_EPHEMERAL_GA = 0x80


def session_keys(shared_secret: bytes, cipher: Cipher) -> SessionKeys:
    """The new secure-messaging keys; Chip Authentication restarts the counter at 0."""
    return SessionKeys(
        cipher,
        kdf.kdf(shared_secret, kdf.ENC, cipher),
        kdf.kdf(shared_secret, kdf.MAC, cipher),
        0,
    )


def _key_id_bytes(key_id: int) -> bytes:
    return key_id.to_bytes(max(1, (key_id.bit_length() + 7) // 8), "big")


def chip_group(key: ChipPublicKey) -> PaceGroup:
    """The group of the chip's static key."""
    domain = STANDARD_PARAMETERS.get(key.parameter_id)
    if domain is None or domain.agreement.value != key.agreement.value:
        raise MalformedResponseError("chip key names unknown domain parameters")
    return domain.group()


def commands(
    info: ChipAuthenticationInfo | None, key: ChipPublicKey, ephemeral_public: bytes
) -> list[Command]:
    """The commands that run Chip Authentication with `info` (None: 3DES) for `key`."""
    cipher = (info.cipher if info is not None else None) or Cipher.DES3
    key_id = key.key_id if key.key_id is not None else (info.key_id if info else None)
    key_ref = tlv.encode(TAG_KEY_ID, _key_id_bytes(key_id)) if key_id is not None else b""
    if cipher is Cipher.DES3 or info is None:  # no info is 3DES
        data = tlv.encode(TAG_EPHEMERAL_KAT, ephemeral_public) + key_ref
        return [Command(0x00, INS_MSE, *P1P2_SET_KAT, data)]
    return [
        Command(
            0x00,
            INS_MSE,
            *P1P2_SET_AT,
            tlv.encode(TAG_PROTOCOL, encode_oid(info.protocol)) + key_ref,
        ),
        Command(
            0x00,
            INS_GENERAL_AUTHENTICATE,
            0x00,
            0x00,
            tlv.encode(TAG_DYNAMIC, tlv.encode(TAG_EPHEMERAL_GA, ephemeral_public)),
            256,
        ),
    ]


def chip_authenticate(
    channel: SecureMessaging,
    info: ChipAuthenticationInfo | None,
    key: ChipPublicKey,
    *,
    rng: Callable[[int], bytes] = os.urandom,
) -> Cipher:
    """Run Chip Authentication over `channel` and re-key it; returns the new cipher.

    The caller must send one more protected command to learn whether the chip agreed (its
    answer verifies only under the new keys). Raises `ApduError` when the chip refuses a
    step, `MalformedResponseError` for a key that does not parse.
    """
    cipher = (info.cipher if info is not None else None) or Cipher.DES3
    group = chip_group(key)
    chip_public = group.decode(key.public)
    private = group.random_private(rng)
    ephemeral = group.encode(group.public(private))
    for cmd in commands(info, key, ephemeral):
        answer = channel.transmit(cmd)
        if answer.sw != SW.OK:
            raise ApduError(answer.sw, f"Chip Authentication refused ({answer.sw:04X})")
    shared = group.shared_secret(group.multiply(chip_public, private))
    channel.rekey(session_keys(shared, cipher))
    logger.debug("chip authentication keys agreed (%s)", cipher.value)
    return cipher


# --- card side ---------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class ChipKeyPair:
    """The virtual chip's static key-agreement key (private scalar or exponent hidden)."""

    parameter_id: int
    private: int
    key_id: int | None = None

    def public(self) -> bytes:
        """The public key, encoded as in a public-key data object."""
        domain = STANDARD_PARAMETERS[self.parameter_id]
        if domain.agreement.value == "DH":
            group = domain.group()
            return group.encode(group.public(self.private))
        # OpenSSL's scalar multiplication: the pure-Python one would first build the
        # generator's precomputation table (~20 ms) while the chip is being made.
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        from cardreader.active_authentication import ec_curve

        key = ec.derive_private_key(self.private, ec_curve(self.parameter_id))
        return key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def __repr__(self) -> str:
        return f"ChipKeyPair(parameter_id={self.parameter_id}, private key hidden)"


class CardChipAuthentication:
    """Chip side of Chip Authentication v1: answers MSE:Set KAT / Set AT and GENERAL
    AUTHENTICATE arriving inside secure messaging, and hands back the new session keys."""

    def __init__(self, key: ChipKeyPair, info: ChipAuthenticationInfo) -> None:
        self._key = key
        self._info = info
        self._pending: Cipher | None = None

    @staticmethod
    def handles(cmd: Command) -> bool:
        return (cmd.ins == INS_MSE and (cmd.p1, cmd.p2) in (P1P2_SET_KAT, P1P2_SET_AT)) or (
            cmd.ins == INS_GENERAL_AUTHENTICATE
        )

    def reset(self) -> None:
        self._pending = None

    def handle(self, cmd: Command) -> tuple[Response, SessionKeys | None]:
        """The answer and, when the key agreement completed, the keys to switch to after it."""
        try:
            return self._handle(cmd)
        except CardError as exc:
            logger.debug("chip authentication command refused: %s", exc)
            self._pending = None
            return Response(b"", SW.WRONG_DATA), None

    def _handle(self, cmd: Command) -> tuple[Response, SessionKeys | None]:
        items = tlv.parse(cmd.data)
        key_id = tlv.find(items, TAG_KEY_ID)
        if key_id is not None and (
            self._key.key_id is None or int.from_bytes(key_id, "big") != self._key.key_id
        ):
            return Response(b"", SW.REFERENCE_DATA_NOT_FOUND), None
        if cmd.ins == INS_MSE and (cmd.p1, cmd.p2) == P1P2_SET_KAT:
            self._pending = None
            if self._info.cipher is not Cipher.DES3:
                return Response(b"", SW.CONDITIONS_NOT_SATISFIED), None
            ephemeral = tlv.find(items, TAG_EPHEMERAL_KAT)
            if ephemeral is None:
                return Response(b"", SW.WRONG_DATA), None
            return Response(b"", SW.OK), self._agree(ephemeral, Cipher.DES3)
        if cmd.ins == INS_MSE:
            protocol = tlv.find(items, TAG_PROTOCOL)
            if protocol is None or decode_oid(protocol) != self._info.protocol:
                self._pending = None
                return Response(b"", SW.WRONG_DATA), None
            self._pending = self._info.cipher
            return Response(b"", SW.OK), None
        cipher, self._pending = self._pending, None
        if cipher is None or cmd.cla & 0x10:
            return Response(b"", SW.CONDITIONS_NOT_SATISFIED), None
        inner = tlv.parse(tlv.parse_one(cmd.data, TAG_DYNAMIC))
        ephemeral = tlv.find(inner, TAG_EPHEMERAL_GA)
        if ephemeral is None:
            return Response(b"", SW.WRONG_DATA), None
        keys = self._agree(ephemeral, cipher)
        return Response(tlv.encode(TAG_DYNAMIC, b""), SW.OK), keys

    def _agree(self, ephemeral: bytes, cipher: Cipher) -> SessionKeys:
        group = STANDARD_PARAMETERS[self._key.parameter_id].group()
        peer = group.decode(ephemeral)
        return session_keys(group.shared_secret(group.multiply(peer, self._key.private)), cipher)
