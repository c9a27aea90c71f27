"""One small hierarchy for everything that can go wrong between the host and the chip.

Every failure a user can meet is one of these, and each carries its `kind` (a
`cardreader.failures.CardFailure`): the wizard maps the kind to a Hungarian and English
message that says what to do next, the command line to an exit code. Each error also says
where it happened: the read pipeline's `step` (set by `cardreader.reader` as the error passes
through) and the status word `sw` when the chip answered with one. Messages here are for logs
and the CLI (English, one line); neither they nor the attributes ever hold a secret (CAN, MRZ
key, session keys).
"""

from __future__ import annotations

from typing import ClassVar

from cardreader.failures import CardFailure


class CardError(Exception):
    """Base of all card-layer failures.

    `kind` defaults to the class's own (`default_kind`); an instance may say something more
    precise. `step` is the name of the read step that failed (None outside a read), `sw` the
    status word the chip answered with (None when there was none).
    """

    default_kind: ClassVar[CardFailure] = CardFailure.COMMUNICATION

    def __init__(
        self,
        *args: object,
        kind: CardFailure | None = None,
        step: str | None = None,
        sw: int | None = None,
    ) -> None:
        super().__init__(*args)
        self.kind: CardFailure = kind if kind is not None else self.default_kind
        self.step: str | None = step
        self.sw: int | None = sw

    def at_step(self, step: str) -> None:
        """Record the read step this error happened in (the innermost one wins)."""
        if self.step is None:
            self.step = step


# --- PC/SC and transport -------------------------------------------------------------------
class TransportError(CardError):
    """The bytes could not be exchanged with the card."""


class PcscUnavailableError(TransportError):
    """The PC/SC service is not running or not reachable."""

    default_kind = CardFailure.PCSC_UNAVAILABLE


class NoReaderError(TransportError):
    """No card reader is connected (or the named one is not there)."""

    default_kind = CardFailure.NO_READER


class NoCardError(TransportError):
    """A reader is present but no card is in (or on) it."""

    default_kind = CardFailure.NO_CARD


class CardRemovedError(TransportError):
    """The card went away during the session."""

    default_kind = CardFailure.CARD_REMOVED


class CardInUseError(TransportError):
    """Another program holds the card: exclusively, or inside a PC/SC transaction longer
    than the read may wait for it. Nothing is wrong with the card or the reader."""

    default_kind = CardFailure.CARD_IN_USE


class CardTimeoutError(TransportError):
    """The card did not answer in time."""

    default_kind = CardFailure.TIMEOUT


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

    def __init__(self, sw: int, message: str = "", *, kind: CardFailure | None = None) -> None:
        from cardreader.apdu import describe_sw

        super().__init__(message or f"card returned {describe_sw(sw)}", kind=kind, sw=sw)
        self.sw: int = sw


class MalformedResponseError(CardError):
    """The card's answer does not parse (bad length, bad TLV, bad structure)."""

    default_kind = CardFailure.MALFORMED_ANSWER


# --- Access control --------------------------------------------------------------------------
class WrongPasswordError(CardError):
    """PACE or BAC failed because the CAN or MRZ key does not match this card."""

    default_kind = CardFailure.WRONG_PASSWORD

    def __init__(
        self,
        message: str = "wrong CAN or MRZ key",
        retries_left: int | None = None,
        *,
        sw: int | None = None,
    ) -> None:
        self.retries_left = retries_left
        suffix = f" ({retries_left} tries left)" if retries_left is not None else ""
        super().__init__(message + suffix, sw=sw)


class PasswordBlockedError(WrongPasswordError):
    """The chip blocked the password after too many wrong tries."""

    default_kind = CardFailure.PASSWORD_BLOCKED


class CanNotAcceptedError(WrongPasswordError):
    """A CAN was given but the document has no PACE: an older card or a passport, which
    opens only with the MRZ key (BAC). Not a mistyped CAN, so the UI says something else."""

    default_kind = CardFailure.CAN_NOT_ACCEPTED

    def __init__(self) -> None:
        super().__init__("this document has no PACE: it opens with the MRZ key, not with a CAN")


class SecureMessagingError(CardError):
    """The secure channel broke: a MAC did not verify or a protected answer was malformed.

    The session is over; the reader must start again with PACE or BAC.
    """

    default_kind = CardFailure.SECURE_MESSAGING


class UnsupportedProtocolError(CardError):
    """The chip offers only protocols (curves, ciphers, mappings) this reader does not speak."""

    default_kind = CardFailure.UNSUPPORTED_PROTOCOL


# --- Document level --------------------------------------------------------------------------
class NotAnEidError(CardError):
    """The card has no ICAO eMRTD application: it is not an electronic ID or passport."""

    default_kind = CardFailure.NOT_AN_EID


class InvalidDocumentDataError(CardError):
    """A data group is present but its content is invalid (e.g. an MRZ check digit fails)."""

    default_kind = CardFailure.INVALID_DOCUMENT


# --- Input -----------------------------------------------------------------------------------
class PasswordFormatError(CardError, ValueError):
    """A CAN or MRZ key as typed cannot be right (wrong length, letters in a date, ...).

    The message says what is wrong without repeating the value.
    """

    default_kind = CardFailure.PASSWORD_FORMAT


# --- Limits of one read ----------------------------------------------------------------------
class ReadCancelledError(CardError):
    """The person (or the program) cancelled the read; nothing is wrong with the card."""

    default_kind = CardFailure.CANCELLED
