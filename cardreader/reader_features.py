"""What a reader can do by itself, from the PC/SC v2 part 10 feature request.

`SCardControl(CM_IOCTL_GET_FEATURE_REQUEST)` answers a list of TLVs: a feature tag, length 4,
and the control code (big-endian) that invokes it. A PIN pad shows as VERIFY/MODIFY_PIN_DIRECT,
PACE done by the reader as EXECUTE_PACE; GET_TLV_PROPERTIES gives a second TLV list
(little-endian values) with the USB vendor and product, the firmware and the largest APDU data
the reader carries (dwMaxAPDUDataSize; above 256 means extended APDUs). Tags as in pcsc-lite's
reader.h. Pure functions over bytes: the PC/SC calls are in `cardreader.pcsc`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

#: SCARD_CTL_CODE(3400) on pcsc-lite; the value differs on Windows, so pcsc asks pyscard.
GET_FEATURE_REQUEST_FUNCTION = 3400


class Feature(enum.IntEnum):
    VERIFY_PIN_START = 0x01
    VERIFY_PIN_FINISH = 0x02
    MODIFY_PIN_START = 0x03
    MODIFY_PIN_FINISH = 0x04
    GET_KEY_PRESSED = 0x05
    VERIFY_PIN_DIRECT = 0x06
    MODIFY_PIN_DIRECT = 0x07
    MCT_READER_DIRECT = 0x08
    MCT_UNIVERSAL = 0x09
    IFD_PIN_PROPERTIES = 0x0A
    ABORT = 0x0B
    SET_SPE_MESSAGE = 0x0C
    VERIFY_PIN_DIRECT_APP_ID = 0x0D
    MODIFY_PIN_DIRECT_APP_ID = 0x0E
    WRITE_DISPLAY = 0x0F
    GET_KEY = 0x10
    IFD_DISPLAY_PROPERTIES = 0x11
    GET_TLV_PROPERTIES = 0x12
    CCID_ESC_COMMAND = 0x13
    EXECUTE_PACE = 0x20


class Property(enum.IntEnum):
    LCD_LAYOUT = 1
    ENTRY_VALIDATION_CONDITION = 2
    TIMEOUT2 = 3
    LCD_MAX_CHARACTERS = 4
    LCD_MAX_LINES = 5
    MIN_PIN_SIZE = 6
    MAX_PIN_SIZE = 7
    FIRMWARE_ID = 8
    PPDU_SUPPORT = 9
    MAX_APDU_DATA_SIZE = 10
    ID_VENDOR = 11
    ID_PRODUCT = 12


def parse_features(data: bytes) -> dict[Feature, int]:
    """The features a reader offers and their control codes; unknown tags are skipped.

    A truncated or malformed list ends the parse: what came before it still counts.
    """
    features: dict[Feature, int] = {}
    pos = 0
    while pos + 2 <= len(data):
        tag, length = data[pos], data[pos + 1]
        value = data[pos + 2 : pos + 2 + length]
        if len(value) != length:
            break
        pos += 2 + length
        if length == 4 and tag in Feature._value2member_map_:
            features[Feature(tag)] = int.from_bytes(value, "big")
    return features


def parse_properties(data: bytes) -> dict[Property, int | str]:
    """GET_TLV_PROPERTIES: numbers little-endian, the firmware ID as text."""
    props: dict[Property, int | str] = {}
    pos = 0
    while pos + 2 <= len(data):
        tag, length = data[pos], data[pos + 1]
        value = data[pos + 2 : pos + 2 + length]
        if len(value) != length:
            break
        pos += 2 + length
        if tag not in Property._value2member_map_:
            continue
        prop = Property(tag)
        if prop is Property.FIRMWARE_ID:
            props[prop] = value.decode("ascii", "replace").strip("\x00 ")
        elif 1 <= length <= 4:
            props[prop] = int.from_bytes(value, "little")
    return props


@dataclass(frozen=True)
class ReaderCapabilities:
    """A reader's own abilities as PC/SC reports them; `answered` False when it said nothing."""

    answered: bool
    pin_verify: bool = False
    pin_modify: bool = False
    pace: bool = False
    max_apdu_data: int | None = None
    usb_id: tuple[int, int] | None = None
    firmware: str = ""

    @property
    def extended_length(self) -> bool | None:
        """True/False when the reader said how long an APDU may be, None when it did not."""
        if self.max_apdu_data is None:
            return None
        return self.max_apdu_data > 256


def capabilities(features: bytes | None, properties: bytes | None) -> ReaderCapabilities:
    """Combine the two answers (None: the control was refused) into capabilities."""
    if features is None:
        return ReaderCapabilities(answered=False)
    offered = parse_features(features)
    props = parse_properties(properties or b"")
    max_apdu = props.get(Property.MAX_APDU_DATA_SIZE)
    vendor, product = props.get(Property.ID_VENDOR), props.get(Property.ID_PRODUCT)
    firmware = props.get(Property.FIRMWARE_ID, "")
    return ReaderCapabilities(
        answered=True,
        pin_verify=Feature.VERIFY_PIN_DIRECT in offered,
        pin_modify=Feature.MODIFY_PIN_DIRECT in offered,
        pace=Feature.EXECUTE_PACE in offered,
        max_apdu_data=max_apdu if isinstance(max_apdu, int) else None,
        usb_id=(vendor, product) if isinstance(vendor, int) and isinstance(product, int) else None,
        firmware=firmware if isinstance(firmware, str) else "",
    )
