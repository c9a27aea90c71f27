"""The block ciphers of secure messaging and PACE: 3DES (two-key) and AES-128/192/256.

Everything here is a small function over bytes: CBC encryption and decryption, ISO/IEC 7816-4
padding, and the 8-byte MAC (ISO/IEC 9797-1 MAC algorithm 3 with DES for 3DES, AES-CMAC
truncated to 8 bytes for AES). `cryptography` does the cipher work; it is imported lazily
because its import alone costs about 20 ms.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from cardreader.errors import SecureMessagingError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers import CipherAlgorithm

MAC_LENGTH = 8


class Cipher(enum.Enum):
    """A secure-messaging cipher with its key length in bytes."""

    DES3 = "3DES"
    AES128 = "AES-128"
    AES192 = "AES-192"
    AES256 = "AES-256"

    @property
    def key_length(self) -> int:
        return {"3DES": 16, "AES-128": 16, "AES-192": 24, "AES-256": 32}[self.value]

    @property
    def block_size(self) -> int:
        return 8 if self is Cipher.DES3 else 16

    @property
    def security_bits(self) -> int:
        """Nominal strength, for choosing among a chip's offers (two-key 3DES: 112)."""
        return {"3DES": 112, "AES-128": 128, "AES-192": 192, "AES-256": 256}[self.value]


def pad(data: bytes, block_size: int) -> bytes:
    """ISO/IEC 7816-4 padding: 0x80, then zeros up to a multiple of the block size."""
    data += b"\x80"
    return data + bytes(-len(data) % block_size)


def unpad(data: bytes) -> bytes:
    """Remove ISO/IEC 7816-4 padding; a missing 0x80 marker is a `SecureMessagingError`."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SecureMessagingError("decrypted data is not correctly padded")
    return stripped[:-1]


def _algorithm(cipher: Cipher, key: bytes) -> CipherAlgorithm:
    if len(key) != cipher.key_length:
        raise ValueError(f"{cipher.value} needs a {cipher.key_length}-byte key")
    if cipher is Cipher.DES3:
        from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES

        # Two-key 3DES is K1 K2 K1; spelled out, as `cryptography` deprecates 16-byte keys.
        return TripleDES(key + key[:8])
    from cryptography.hazmat.primitives.ciphers.algorithms import AES

    return AES(key)


def cbc_encrypt(cipher: Cipher, key: bytes, data: bytes, iv: bytes | None = None) -> bytes:
    """CBC-encrypt block-aligned `data` (IV of zeros unless given)."""
    from cryptography.hazmat.primitives.ciphers import Cipher as _Cipher
    from cryptography.hazmat.primitives.ciphers import modes

    iv = iv if iv is not None else bytes(cipher.block_size)
    enc = _Cipher(_algorithm(cipher, key), modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def cbc_decrypt(cipher: Cipher, key: bytes, data: bytes, iv: bytes | None = None) -> bytes:
    """CBC-decrypt `data`; its length must be a non-zero multiple of the block size."""
    from cryptography.hazmat.primitives.ciphers import Cipher as _Cipher
    from cryptography.hazmat.primitives.ciphers import modes

    if not data or len(data) % cipher.block_size:
        raise SecureMessagingError("encrypted data is not a whole number of cipher blocks")
    iv = iv if iv is not None else bytes(cipher.block_size)
    dec = _Cipher(_algorithm(cipher, key), modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def ecb_encrypt_block(cipher: Cipher, key: bytes, block: bytes) -> bytes:
    """Encrypt one block (AES secure messaging derives its IV as E(KSenc, SSC))."""
    from cryptography.hazmat.primitives.ciphers import Cipher as _Cipher
    from cryptography.hazmat.primitives.ciphers import modes

    # One block, so ECB is E(K, block) itself: the mode ICAO 9303-11 9.8.6.1 prescribes.
    enc = _Cipher(_algorithm(cipher, key), modes.ECB()).encryptor()  # noqa: S305
    return enc.update(block) + enc.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, two keys) over already padded `data`."""
    if len(data) % 8 or not data:
        raise ValueError("retail MAC input must be padded to 8-byte blocks")
    k1, k2 = key[:8], key[8:16]
    # Single DES is 3DES with K1=K2=K3; CBC over every block, then the last block is
    # finished with D(K2) and E(K1).
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
    from cryptography.hazmat.primitives.ciphers import Cipher as _Cipher
    from cryptography.hazmat.primitives.ciphers import modes

    enc = _Cipher(TripleDES(k1 * 3), modes.CBC(bytes(8))).encryptor()
    h = (enc.update(data) + enc.finalize())[-8:]
    # The final transformation on one block (ISO/IEC 9797-1 algorithm 3): ECB is the bare DES.
    dec = _Cipher(TripleDES(k2 * 3), modes.ECB()).decryptor()  # noqa: S305
    h = dec.update(h) + dec.finalize()
    enc = _Cipher(TripleDES(k1 * 3), modes.ECB()).encryptor()  # noqa: S305
    return enc.update(h) + enc.finalize()


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (full 16 bytes)."""
    from cryptography.hazmat.primitives.ciphers.algorithms import AES
    from cryptography.hazmat.primitives.cmac import CMAC

    c = CMAC(AES(key))
    c.update(data)
    return c.finalize()


def mac(cipher: Cipher, key: bytes, data: bytes) -> bytes:
    """The 8-byte MAC of the cipher suite over `data`, padding it first.

    Secure messaging and the BAC cryptograms MAC padded data; 3DES needs it, and for AES the
    padding is part of the ICAO definition (the CMAC then adds none of its own).
    """
    padded = pad(data, cipher.block_size)
    if cipher is Cipher.DES3:
        return retail_mac(key, padded)
    return aes_cmac(key, padded)[:MAC_LENGTH]


def token_mac(cipher: Cipher, key: bytes, data: bytes) -> bytes:
    """The 8-byte PACE authentication token MAC: AES-CMAC over the bare data, or the
    3DES retail MAC over the padded data."""
    if cipher is Cipher.DES3:
        return retail_mac(key, pad(data, 8))
    return aes_cmac(key, data)[:MAC_LENGTH]
