"""What the person reads when the card could not be used: what happened and what to do next.

The card layer raises typed errors (cardreader/errors.py); this module turns each into words,
through Qt Linguist, so both languages come from the `.ts` files. Two refusals come from the
wizard itself, not from an exception: an expired document and a chip whose data could not be
verified (passive authentication invalid).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cardreader import errors
from desktop.wizard.services import CardState, CardStatus

# lupdate finds texts in translate("Context", "text") calls by this name.
translate = QCoreApplication.translate


def describe_card_error(exc: BaseException) -> str:
    """One or two sentences for the person: what went wrong, then what to do next."""
    # Order matters: subclasses before their bases.
    if isinstance(exc, errors.PcscUnavailableError):
        return translate(
            "CardMessages",
            "The card reader service of the computer is not running. "
            "Restart the computer, or ask for help with the pcscd service.",
        )
    if isinstance(exc, errors.NoReaderError):
        return translate(
            "CardMessages", "No card reader is connected. Connect the card reader to the computer."
        )
    if isinstance(exc, errors.NoCardError):
        return translate("CardMessages", "Place the card on the reader.")
    if isinstance(exc, errors.CardRemovedError):
        return translate(
            "CardMessages",
            "The card was removed while it was being read. "
            "Place it back on the reader and keep it there until reading ends.",
        )
    if isinstance(exc, errors.PasswordBlockedError):
        return translate(
            "CardMessages",
            "The card no longer accepts the CAN because it was mistyped too many times. "
            "Take the card to a government office (Kormányablak).",
        )
    if isinstance(exc, errors.CanNotAcceptedError):
        return translate(
            "CardMessages",
            "This document does not open with a CAN: it is an older card or a passport. "
            "Registration here needs the new electronic identity card (eSzemélyi).",
        )
    if isinstance(exc, errors.WrongPasswordError):
        if exc.retries_left is not None:
            return translate(
                "CardMessages",
                "The CAN does not match this card. Check the six digits in the lower right "
                "corner of the card front. Tries left: %1.",
            ).replace("%1", str(exc.retries_left))
        return translate(
            "CardMessages",
            "The CAN does not match this card. "
            "Check the six digits in the lower right corner of the card front.",
        )
    if isinstance(exc, errors.NotAnEidError):
        return translate(
            "CardMessages",
            "This card is not an electronic identity card. "
            "Place your eID card (eSzemélyi) on the reader.",
        )
    if isinstance(exc, errors.SecureMessagingError | errors.CardTimeoutError):
        return translate(
            "CardMessages",
            "The connection to the card was interrupted. "
            "Lift the card off the reader, place it back and try again.",
        )
    if isinstance(exc, errors.InvalidDocumentDataError | errors.MalformedResponseError):
        return translate(
            "CardMessages",
            "The data on the card could not be read correctly. "
            "Try again; if it happens again, type the document ID by hand or visit a "
            "government office.",
        )
    return translate(
        "CardMessages",
        "The card could not be read. Lift it off the reader, place it back and try again.",
    )


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
