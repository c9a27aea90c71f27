"""What the person reads when the card could not be used: what happened and what to do next.

The card layer raises typed errors (cardreader/errors.py), each carrying one
`cardreader.failures.CardFailure`; `describe_failure` turns each kind into words, through Qt
Linguist, so both languages come from the `.ts` files. A chip that does not prove it is
genuine is refused through the same kinds (`cardreader.failures.chip_refusal`). Three
refusals are the wizard's own policy on a read that succeeded, not card failures: an expired
document, data whose signature is invalid, and data whose signature could not be checked
where that is required.
"""

from __future__ import annotations

from typing import assert_never

from PySide6.QtCore import QCoreApplication

from cardreader import errors
from cardreader.failures import CardFailure
from desktop.wizard.services import CardState, CardStatus

# lupdate finds texts in translate("Context", "text") calls by this name.
translate = QCoreApplication.translate


def describe_card_error(exc: BaseException) -> str:
    """One or two sentences for the person: what went wrong, then what to do next."""
    if isinstance(exc, errors.CardError):
        retries_left = exc.retries_left if isinstance(exc, errors.WrongPasswordError) else None
        return describe_failure(exc.kind, retries_left=retries_left)
    # Not a card failure at all (a bug): the same words as a card that could not be read.
    return describe_failure(CardFailure.COMMUNICATION)


def describe_failure(kind: CardFailure, *, retries_left: int | None = None) -> str:
    """The words for each kind of card failure (mypy checks that none is left out).

    Some kinds share words on purpose: what the person can do is the same (a timeout and a
    broken secure channel: put the card back; an unparsable answer and invalid data: try
    again or type the ID; a wrong CAN and a CAN given to a document without PACE differ)."""
    match kind:
        case CardFailure.PCSC_UNAVAILABLE:
            return translate(
                "CardMessages",
                "The card reader service of the computer is not running. "
                "Restart the computer, or ask for help with the pcscd service.",
            )
        case CardFailure.NO_READER:
            return translate(
                "CardMessages",
                "No card reader is connected. Connect the card reader to the computer.",
            )
        case CardFailure.NO_CARD:
            return translate("CardMessages", "Place the card on the reader.")
        case CardFailure.CARD_REMOVED:
            return translate(
                "CardMessages",
                "The card was removed while it was being read. "
                "Place it back on the reader and keep it there until reading ends.",
            )
        case CardFailure.CARD_IN_USE:
            return translate(
                "CardMessages",
                "Another program is using the card (another eID client or a browser add-on, "
                "for example). Close it, then try again.",
            )
        case CardFailure.PASSWORD_BLOCKED:
            return translate(
                "CardMessages",
                "The card no longer accepts the CAN because it was mistyped too many times. "
                "Take the card to a government office (Kormányablak).",
            )
        case CardFailure.CAN_NOT_ACCEPTED:
            return translate(
                "CardMessages",
                "This document does not open with a CAN: it is an older card or a passport. "
                "Registration here needs the new electronic identity card (eSzemélyi).",
            )
        case CardFailure.WRONG_PASSWORD:
            if retries_left is not None:
                return translate(
                    "CardMessages",
                    "The CAN does not match this card. Check the six digits in the lower "
                    "right corner of the card front. Tries left: %1.",
                ).replace("%1", str(retries_left))
            return translate(
                "CardMessages",
                "The CAN does not match this card. "
                "Check the six digits in the lower right corner of the card front.",
            )
        case CardFailure.PASSWORD_FORMAT:
            return translate("CardMessages", "Type the six digits of the CAN first.")
        case CardFailure.NOT_AN_EID:
            return translate(
                "CardMessages",
                "This card is not an electronic identity card. "
                "Place your eID card (eSzemélyi) on the reader.",
            )
        case CardFailure.SECURE_MESSAGING | CardFailure.TIMEOUT:
            return translate(
                "CardMessages",
                "The connection to the card was interrupted. "
                "Lift the card off the reader, place it back and try again.",
            )
        case CardFailure.INVALID_DOCUMENT | CardFailure.MALFORMED_ANSWER:
            return translate(
                "CardMessages",
                "The data on the card could not be read correctly. "
                "Try again; if it happens again, type the document ID by hand or visit a "
                "government office.",
            )
        case CardFailure.UNSUPPORTED_PROTOCOL:
            return translate(
                "CardMessages",
                "The card's chip uses a security method that this program does not support. "
                "Ask for help, or visit a government office.",
            )
        case CardFailure.CHIP_NOT_GENUINE:
            return chip_not_genuine_text()
        case CardFailure.CHIP_PROOF_MISSING:
            return chip_not_provable_text()
        case CardFailure.CANCELLED:
            return translate("CardMessages", "Reading was cancelled. Press Read card to try again.")
        case CardFailure.VIRTUAL_CARD_PROFILE:
            return translate(
                "CardMessages",
                "The virtual (demo) card could not be loaded. Ask for help: the program's "
                "installation may be incomplete.",
            )
        case CardFailure.TRUST_STORE:
            return translate(
                "CardMessages",
                "The certificates for checking cards could not be loaded. Ask for help: the "
                "program's installation may be incomplete.",
            )
        case CardFailure.COMMUNICATION:
            return translate(
                "CardMessages",
                "The card could not be read. Lift it off the reader, place it back and try again.",
            )
        case _:
            assert_never(kind)


def expired_document_text() -> str:
    return translate(
        "CardMessages",
        "This identity card has expired, so it cannot be used for registration. "
        "A new card can be requested at a government office (Kormányablak).",
    )


def unverified_document_text() -> str:
    return translate(
        "CardMessages",
        "The card's data could not be verified: its electronic signature is not valid. "
        "For your safety this card cannot be used. Please visit a government office.",
    )


def uncheckable_document_text() -> str:
    return translate(
        "CardMessages",
        "The card's electronic signature could not be checked here, and this computer is set "
        "to accept only verified cards. Please ask for help or visit a government office.",
    )


def chip_not_genuine_text() -> str:
    """The chip failed Chip / Active Authentication: its data may be copied onto another chip."""
    return translate(
        "CardMessages",
        "The card's chip could not prove that it is the original chip of this card: it may be "
        "a copy. For your safety this card cannot be used. Please visit a government office.",
    )


def chip_not_provable_text() -> str:
    """Chip authentication is required here, and the chip offers none that can be checked."""
    return translate(
        "CardMessages",
        "This card's chip cannot prove here that it is the original chip, and this computer "
        "accepts only cards that can. Please ask for help or visit a government office.",
    )


def describe_status(status: CardStatus) -> str:
    """The status line: the reader state in words."""
    if status.state is CardState.SEARCHING:
        return translate("CardMessages", "Looking for a card reader…")
    if status.virtual:
        return translate("CardMessages", "Virtual card in use (demo): no card reader is needed.")
    if status.state is CardState.SERVICE_DOWN:
        return translate("CardMessages", "The card reader service (PC/SC) is not running.")
    if status.state is CardState.NO_READER:
        return translate("CardMessages", "No card reader found. Connect a card reader.")
    if status.state is CardState.NO_CARD:
        return translate(
            "CardMessages", "Card reader found: %1. Place the card on the reader."
        ).replace("%1", status.reader)
    return translate("CardMessages", "Card on the reader: %1.").replace("%1", status.reader)
