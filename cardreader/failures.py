"""The closed set of card failures: one member per thing a person can be told.

Every `cardreader.errors.CardError` carries one `CardFailure` (its `kind`). The command line
turns a kind into an exit code (`cardreader.cli.exit_code`) and the wizard into words
(`desktop.wizard.card_messages.describe_failure`), each with one `match` that ends in
`assert_never`, so mypy refuses a new member until both say what it means. Cheap to import
(`enum` and the result models).
"""

from __future__ import annotations

import enum
from typing import assert_never

from cardreader.document import ChipAuthentication


class CardFailure(enum.Enum):
    """Why reading the card did not give a usable document."""

    # The computer and the reader
    PCSC_UNAVAILABLE = "pcsc-unavailable"  # the PC/SC service is not running
    NO_READER = "no-reader"  # no card reader (or not the named one)
    NO_CARD = "no-card"  # a reader, but no card on it
    CARD_REMOVED = "card-removed"  # the card went away during the read
    CARD_IN_USE = "card-in-use"  # another program holds the card (or its transaction)
    TIMEOUT = "timeout"  # the card did not answer in time
    COMMUNICATION = "communication"  # the exchange failed otherwise (a refused command, ...)
    CANCELLED = "cancelled"  # the person (or the program) stopped the read
    # The password (S105: these are names of failures, not passwords)
    PASSWORD_FORMAT = "password-format"  # noqa: S105 - a CAN or MRZ key as typed cannot be right
    WRONG_PASSWORD = "wrong-password"  # noqa: S105 - it does not match this card
    PASSWORD_BLOCKED = "password-blocked"  # noqa: S105 - blocked after too many tries
    CAN_NOT_ACCEPTED = "can-not-accepted"  # no PACE: the document opens only with its MRZ
    # The card
    NOT_AN_EID = "not-an-eid"  # no eMRTD application: another card, or no chip
    SECURE_MESSAGING = "secure-messaging"  # the protected channel broke (a MAC, SM objects)
    UNSUPPORTED_PROTOCOL = "unsupported-protocol"  # only protocols this reader does not speak
    MALFORMED_ANSWER = "malformed-answer"  # the chip's answer does not parse, or is hostile
    INVALID_DOCUMENT = "invalid-document"  # a data group parses but is invalid (check digit)
    CHIP_NOT_GENUINE = "chip-not-genuine"  # chip authentication failed: a copy, or altered
    CHIP_PROOF_MISSING = "chip-proof-missing"  # required here, and the chip offers none
    # This installation
    VIRTUAL_CARD_PROFILE = "virtual-card-profile"  # a QA/demo profile is missing or invalid
    TRUST_STORE = "trust-store"  # a CSCA certificate file cannot be read


def chip_refusal(outcome: ChipAuthentication, *, required: bool) -> CardFailure | None:
    """The failure a read ends in although it raised nothing: a chip that failed to prove
    it is genuine is always refused, one that offers no proof only where it is required.
    The command line and the wizard both ask this, so they refuse the same reads."""
    match outcome:
        case ChipAuthentication.FAILED:
            return CardFailure.CHIP_NOT_GENUINE
        case ChipAuthentication.NOT_SUPPORTED:
            return CardFailure.CHIP_PROOF_MISSING if required else None
        case ChipAuthentication.PASSED:
            return None
        case _:
            assert_never(outcome)
