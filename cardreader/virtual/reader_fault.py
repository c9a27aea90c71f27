"""`ReaderFault`: a QA fault on the reader side of the virtual chip (light: the bridge uses it)."""

from __future__ import annotations


class ReaderFault(Exception):
    """The exchange fails between reader and chip, and the card stays in the reader.

    Raised by `VirtualChip.process` for the `transient_error` and `refuse_extended_length`
    faults; the in-process transport turns it into `TransientTransportError`, the vpcd bridge
    into a broken exchange that pcscd reports as SCARD_E_NOT_TRANSACTED. `card_reset` is True
    when the chip lost its state (it left the field for a moment), False when it never saw the
    command (the reader refused to carry it).
    """

    def __init__(self, message: str, *, card_reset: bool) -> None:
        super().__init__(message)
        self.card_reset = card_reset
