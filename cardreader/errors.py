"""One small hierarchy for everything that can go wrong between the host and the chip.

Every failure a user can meet is one of these; the wizard maps each class to a Hungarian
and English message that says what to do next. Messages here are for logs and the CLI
(English, one line) and never contain a secret (CAN, MRZ key, session keys).
"""

from __future__ import annotations


class CardError(Exception):
    """Base of all card-layer failures."""


# --- PC/SC and transport -------------------------------------------------------------------
class TransportError(CardError):
    """The bytes could not be exchanged with the card."""


class PcscUnavailableError(TransportError):
    """The PC/SC service is not running or not reachable."""


class NoReaderError(TransportError):
    """No card reader is connected (or the named one is not there)."""


class NoCardError(TransportError):
    """A reader is present but no card is in (or on) it."""


class CardRemovedError(TransportError):
    """The card went away during the session."""


class CardTimeoutError(TransportError):
    """The card did not answer in time."""


class TransientTransportError(TransportError):
    """One exchange failed while the card stayed in the reader (the reader did not get an
    answer, or refused the command's form): a command that can be repeated may be sent again.

    A reader that cannot carry an extended-length APDU fails this way too, which is how
    `cardreader.apdu_session` learns to fall back to short APDUs.
    """


class CardResetError(TransientTransportError):
    """The card was reset (by the reader or another program) since the last exchange: it is
    still there, but whatever it held (a selected file, a secure-messaging session) is gone."""


# --- APDU level ------------------------------------------------------------------------------
class ApduError(CardError):
    """The card answered with a status word that the caller did not expect."""

    def __init__(self, sw: int, message: str = "") -> None:
        self.sw = sw
        from cardreader.apdu import describe_sw

        super().__init__(message or f"card returned {describe_sw(sw)}")


class MalformedResponseError(CardError):
    """The card's answer does not parse (bad length, bad TLV, bad structure)."""


# --- Access control --------------------------------------------------------------------------
class WrongPasswordError(CardError):
    """PACE or BAC failed because the CAN or MRZ key does not match this card."""

    def __init__(self, message: str = "wrong CAN or MRZ key", retries_left: int | None = None):
        self.retries_left = retries_left
        suffix = f" ({retries_left} tries left)" if retries_left is not None else ""
        super().__init__(message + suffix)


class PasswordBlockedError(WrongPasswordError):
    """The chip blocked the password after too many wrong tries."""


class CanNotAcceptedError(WrongPasswordError):
    """A CAN was given but the document has no PACE: an older card or a passport, which
    opens only with the MRZ key (BAC). Not a mistyped CAN, so the UI says something else."""

    def __init__(self) -> None:
        super().__init__("this document has no PACE: it opens with the MRZ key, not with a CAN")


class SecureMessagingError(CardError):
    """The secure channel broke: a MAC did not verify or a protected answer was malformed.

    The session is over; the reader must start again with PACE or BAC.
    """


class UnsupportedProtocolError(CardError):
    """The chip offers only protocols (curves, ciphers, mappings) this reader does not speak."""


# --- Document level --------------------------------------------------------------------------
class NotAnEidError(CardError):
    """The card has no ICAO eMRTD application: it is not an electronic ID or passport."""


class InvalidDocumentDataError(CardError):
    """A data group is present but its content is invalid (e.g. an MRZ check digit fails)."""


# --- Input -----------------------------------------------------------------------------------
class PasswordFormatError(CardError, ValueError):
    """A CAN or MRZ key as typed cannot be right (wrong length, letters in a date, ...).

    The message says what is wrong without repeating the value.
    """


# --- Limits of one read ----------------------------------------------------------------------
class ReadCancelledError(CardError):
    """The person (or the program) cancelled the read; nothing is wrong with the card."""
