"""PACE with Chip Authentication Mapping (ICAO Doc 9303-11, 4.4.3.3.3 and 4.4.3.5).

PACE-CAM runs generic mapping; in the last GENERAL AUTHENTICATE answer the chip adds
``8A`` = A_IC = E(KSenc, CA_IC), where CA_IC = SK_IC^-1 · SK_Map,IC mod n: its static Chip
Authentication private key SK_IC "explains" its mapping key. Encryption is CBC with
ISO/IEC 9797-1 padding method 2 and IV = E(KSenc, -1) (a block of ones).

The reader keeps CA_IC and the chip's mapping public key PK_Map,IC from the run; once
EF.DG14 has been read and passive authentication has shown its key genuine, `verify` checks
PK_Map,IC = CA_IC · PK_IC. Nothing here is logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cardreader.cipher import Cipher, cbc_decrypt, cbc_encrypt, ecb_encrypt_block, pad, unpad
from cardreader.domain_parameters import STANDARD_PARAMETERS, EcDomain
from cardreader.errors import CardError, MalformedResponseError, SecureMessagingError
from cardreader.failures import CardFailure
from cardreader.security_infos import ChipPublicKey, KeyAgreementKind

TAG_CA_DATA = 0x8A


class PaceCamError(CardError):
    """The chip's PACE-CAM data do not match its EF.DG14 key."""

    default_kind = CardFailure.CHIP_NOT_GENUINE


@dataclass(frozen=True, repr=False)
class CamEvidence:
    """What a PACE-CAM run leaves to check later: the domain, PK_Map,IC and CA_IC."""

    parameter_id: int
    map_public: bytes = field(repr=False)
    ca_data: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"CamEvidence(parameter_id={self.parameter_id})"


def _iv(cipher: Cipher, k_enc: bytes) -> bytes:
    return ecb_encrypt_block(cipher, k_enc, b"\xff" * cipher.block_size)


def encrypt_ca_data(cipher: Cipher, k_enc: bytes, ca_data: bytes) -> bytes:
    """A_IC = E(KSenc, CA_IC) (the chip's side)."""
    return cbc_encrypt(cipher, k_enc, pad(ca_data, cipher.block_size), _iv(cipher, k_enc))


def decrypt_ca_data(cipher: Cipher, k_enc: bytes, encrypted: bytes) -> bytes:
    """CA_IC from A_IC; `MalformedResponseError` when it does not decrypt to padded data."""
    try:
        return unpad(cbc_decrypt(cipher, k_enc, encrypted, _iv(cipher, k_enc)))
    except SecureMessagingError:
        raise MalformedResponseError("PACE-CAM data do not decrypt") from None


def chip_ca_data(parameter_id: int, chip_private: int, map_private: int) -> bytes:
    """CA_IC = SK_IC^-1 · SK_Map,IC mod n (the chip's side)."""
    domain = STANDARD_PARAMETERS[parameter_id]
    if not isinstance(domain, EcDomain):
        raise ValueError("PACE-CAM needs an elliptic curve")
    n = domain.order
    return (pow(chip_private, -1, n) * map_private % n).to_bytes(domain.size, "big")


def verify(evidence: CamEvidence, key: ChipPublicKey) -> None:
    """Raise `PaceCamError` unless PK_Map,IC = CA_IC · PK_IC for the EF.DG14 key."""
    if key.agreement is not KeyAgreementKind.ECDH or key.parameter_id != evidence.parameter_id:
        raise PaceCamError("EF.DG14 has no key on the domain parameters PACE used")
    domain = STANDARD_PARAMETERS[key.parameter_id]
    group = domain.group()
    ca = int.from_bytes(evidence.ca_data, "big")
    if not 0 < ca < getattr(domain, "order", 0):
        raise PaceCamError("PACE-CAM data are out of range")
    expected = group.multiply(group.decode(key.public), ca)
    if not group.same(expected, group.decode(evidence.map_public)):
        raise PaceCamError("PACE-CAM data do not match the chip's EF.DG14 key")
