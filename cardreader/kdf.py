"""Key derivation for BAC and PACE (ICAO Doc 9303-11, 9.7.1).

``KDF(K, c) = H(K || c)`` with ``c`` a 32-bit big-endian counter: 1 for the encryption key,
2 for the MAC key, 3 for PACE's password key Kπ. SHA-1 serves 3DES and AES-128, SHA-256
AES-192 and AES-256. 3DES keys get their DES parity bits set (the cipher ignores them; the
ICAO examples show them adjusted).
"""

from __future__ import annotations

import hashlib

from cardreader.cipher import Cipher

ENC = 1
MAC = 2
PASSWORD = 3


def adjust_des_parity(key: bytes) -> bytes:
    """Set the low bit of every byte so that each byte has odd parity."""
    out = bytearray()
    for b in key:
        high = b & 0xFE
        out.append(high | (bin(high).count("1") % 2 == 0))
    return bytes(out)


def kdf(shared: bytes, counter: int, cipher: Cipher) -> bytes:
    """Derive a key of `cipher`'s length from `shared` and `counter`."""
    data = shared + counter.to_bytes(4, "big")
    # ICAO 9303-11 9.7.1 fixes SHA-1 for 3DES and AES-128 keys; the chip derives the same.
    if cipher is Cipher.DES3:
        return adjust_des_parity(hashlib.sha1(data).digest()[:16])  # noqa: S324
    if cipher is Cipher.AES128:
        return hashlib.sha1(data).digest()[:16]  # noqa: S324
    return hashlib.sha256(data).digest()[: cipher.key_length]
