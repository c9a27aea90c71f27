"""Logical Data Structure (ICAO Doc 9303 Part 10): the eMRTD application, its files, and EF.DG1.

EF.DG1 is `61 { 5F1F <MRZ> }`, taken apart by `cardreader.tlv` like every other file. EF.SOD,
the signed hashes, is `cardreader.sod` (it needs asn1crypto, which only passive
authentication pays for).
"""

from __future__ import annotations

from cardreader import tlv
from cardreader.errors import InvalidDocumentDataError

EMRTD_AID = bytes.fromhex("A0000002471001")
FID_CARD_ACCESS = 0x011C
FID_COM = 0x011E
FID_SOD = 0x011D
FID_DG1 = 0x0101

TAG_DG1 = 0x61
TAG_SOD = 0x77
TAG_MRZ = 0x5F1F


# --- EF.DG1 ----------------------------------------------------------------------------------
def encode_dg1(mrz_lines: tuple[str, ...]) -> bytes:
    """EF.DG1 holding the MRZ lines (concatenated, no line breaks)."""
    return tlv.encode(TAG_DG1, tlv.encode(TAG_MRZ, "".join(mrz_lines).encode("ascii")))


def parse_dg1(dg1: bytes) -> str:
    """The MRZ text inside EF.DG1 (as one string; `cardreader.mrz.parse_mrz` splits it)."""
    contents, _ = tlv.read_first(dg1, TAG_DG1, "EF.DG1")
    mrz, _ = tlv.read_first(contents, TAG_MRZ, "EF.DG1 MRZ")
    try:
        return mrz.decode("ascii")
    except UnicodeDecodeError:
        raise InvalidDocumentDataError("EF.DG1 MRZ is not ASCII") from None
