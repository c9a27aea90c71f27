"""The virtual chip's own keys and the files that publish them (EF.DG14, EF.DG15).

A real chip's Chip Authentication and Active Authentication private keys never leave it; the
issuer signs their public keys into EF.SOD. A virtual chip derives its EC and DH private keys
from the profile's document number (so every run, every process and the test that checks
a read see the same chip), and takes its RSA key from resources/pki/test-chip/. The
`cloned_chip` fault keeps the files of the original but derives different private keys: a
copy of the data onto another chip, which cannot prove it holds the original's keys.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from cardreader.card_access import PaceInfo, pace_oid
from cardreader.chip_authentication import ChipKeyPair
from cardreader.cipher import Cipher
from cardreader.domain_parameters import STANDARD_PARAMETERS, DhDomain
from cardreader.resources import resources_dir
from cardreader.security_infos import (
    ActiveAuthenticationInfo,
    ChipAuthenticationInfo,
    ChipPublicKey,
    KeyAgreementKind,
    ca_oid,
    encode_dg14,
    encode_dg15,
    encode_ec_spki,
    encode_rsa_spki,
    encode_security_infos,
)
from cardreader.virtual.profile import (
    ActiveAuthenticationMode,
    ChipAuthenticationMode,
    ChipCurve,
    Profile,
)

# Standardized domain parameter IDs (BSI TR-03110-3, table 4) of the profiles' curves.
PARAMETER_IDS = {
    ChipCurve.NIST_P256: 12,
    ChipCurve.BRAINPOOL_P256R1: 13,
    ChipCurve.NIST_P384: 15,
    ChipCurve.BRAINPOOL_P384R1: 16,
    ChipCurve.BRAINPOOL_P512R1: 17,
    ChipCurve.NIST_P521: 18,
}
DH_PARAMETER_ID = 2  # RFC 5114 2048-bit MODP group with a 256-bit subgroup
AA_HASH = "sha256"
_ECDSA_PLAIN_SHA256 = "0.4.0.127.0.7.1.1.4.1.3"


@dataclass(frozen=True, repr=False)
class ChipSecrets:
    """What the virtual chip proves itself with, and the files that say so."""

    ca_info: ChipAuthenticationInfo | None = None
    ca_key: ChipKeyPair | None = None
    aa_ecdsa: ChipKeyPair | None = None
    aa_rsa: tuple[int, int] | None = field(default=None)  # (n, d)
    dg14: bytes | None = None
    dg15: bytes | None = None

    def __repr__(self) -> str:
        return "ChipSecrets(keys hidden)"


def _derived(parameter_id: int, document_number: str, purpose: str, cloned: bool) -> int:
    """A private key from a hash of the document number: below 2^(bits - 1) of the group
    order (every standardized order exceeds that), so no curve table is needed to reduce it
    (loading ecdsa's would cost ~45 ms while the chip is made)."""
    domain = STANDARD_PARAMETERS[parameter_id]
    bits = domain.q.bit_length() if isinstance(domain, DhDomain) else _EC_BITS[parameter_id]
    seed = f"virtual eID chip|{purpose}|{document_number}|{'clone' if cloned else 'original'}"
    value = int.from_bytes(hashlib.sha512(seed.encode()).digest(), "big")
    while value.bit_length() < bits - 1:  # P-521: stretch the 512-bit hash
        value = (value << 256) | int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big")
    return (value >> (value.bit_length() - (bits - 1))) | 1


# Bit length of each curve's group order.
_EC_BITS = {
    8: 192,
    9: 192,
    10: 224,
    11: 224,
    12: 256,
    13: 256,
    14: 320,
    15: 384,
    16: 384,
    17: 512,
    18: 521,
}


@functools.lru_cache(maxsize=2)
def _rsa_key(cloned: bool) -> tuple[int, int, int]:
    """(n, e, d) of the test AA key; a clone gets a key of its own, made once per process."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if cloned:
        # 1024 bits, as passports' AA keys are; a test key for the virtual chip only.
        key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    else:
        path = resources_dir() / "pki" / "test-chip" / "aa-rsa-key.pem"
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(loaded, rsa.RSAPrivateKey):
            raise TypeError(f"{path} is not an RSA key")
        key = loaded
    numbers = key.private_numbers()
    return numbers.public_numbers.n, numbers.public_numbers.e, numbers.d


def chip_secrets(profile: Profile) -> ChipSecrets:
    """The keys of the chip this profile describes, and its EF.DG14 / EF.DG15 (None when it
    has no such file). With `cloned_chip`, the files are the original's and the keys not."""
    chip = profile.chip
    number = profile.document.document_number
    cloned = profile.faults.cloned_chip
    cipher = Cipher(chip.cipher.value)
    ca_info = ca_key = aa_ecdsa = None
    public_keys: list[ChipPublicKey] = []
    aa_infos: list[ActiveAuthenticationInfo] = []
    if chip.chip_authentication is not ChipAuthenticationMode.NONE:
        dh = chip.chip_authentication is ChipAuthenticationMode.CA_DH
        pid = DH_PARAMETER_ID if dh else PARAMETER_IDS[chip.curve]
        agreement = KeyAgreementKind.DH if dh else KeyAgreementKind.ECDH
        ca_info = ChipAuthenticationInfo(ca_oid(agreement, cipher), 1)
        original = ChipKeyPair(pid, _derived(pid, number, "CA", False))
        ca_key = ChipKeyPair(pid, _derived(pid, number, "CA", cloned))
        public_keys.append(ChipPublicKey(agreement, pid, original.public()))
    dg15 = None
    aa_rsa = None
    if chip.active_authentication is ActiveAuthenticationMode.ECDSA:
        pid = PARAMETER_IDS[chip.curve]
        original = ChipKeyPair(pid, _derived(pid, number, "AA", False))
        aa_ecdsa = ChipKeyPair(pid, _derived(pid, number, "AA", cloned))
        aa_infos.append(ActiveAuthenticationInfo(1, _ECDSA_PLAIN_SHA256))
        dg15 = encode_dg15(encode_ec_spki(pid, original.public()))
    elif chip.active_authentication is ActiveAuthenticationMode.RSA:
        n, e, _ = _rsa_key(False)
        own_n, _, own_d = _rsa_key(cloned)
        aa_rsa = (own_n, own_d)
        dg15 = encode_dg15(encode_rsa_spki(n, e))
    dg14 = None
    if ca_info is not None or aa_infos:
        dg14 = encode_dg14(
            encode_security_infos(
                chip_authentication=[ca_info] if ca_info else [],
                chip_keys=public_keys,
                active_authentication=aa_infos,
            )
        )
    return ChipSecrets(ca_info, ca_key, aa_ecdsa, aa_rsa, dg14, dg15)


def pace_infos(profile: Profile) -> list[PaceInfo]:
    """The PACEInfos of EF.CardAccess: generic mapping, or chip-authentication mapping."""
    from cardreader.card_access import KeyAgreement, Mapping

    cipher = Cipher(profile.chip.cipher.value)
    pid = PARAMETER_IDS[profile.chip.curve]
    if profile.chip.chip_authentication is ChipAuthenticationMode.PACE_CAM:
        oid = pace_oid(KeyAgreement.ECDH, Mapping.CHIP_AUTHENTICATION, cipher)
        return [PaceInfo(oid, 2, pid)]
    return [PaceInfo.ecdh_gm(cipher, pid)]
