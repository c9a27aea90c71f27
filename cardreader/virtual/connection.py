"""The virtual chip as a `cardreader.transport.Transport`, in process (no PC/SC)."""

from __future__ import annotations

import logging

from cardreader.errors import CardRemovedError, NoCardError, TransientTransportError
from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.reader_fault import ReaderFault

log = logging.getLogger(__name__)


class VirtualTransport:
    """A transport straight into a `VirtualChip`: what a reader with that card on it does.

    The chip's reader-side QA faults (`ReaderFault`) fail the exchange with
    `TransientTransportError`, as pcscd does with SCARD_E_NOT_TRANSACTED; `reconnect` resets
    the chip, as SCardReconnect does.
    """

    def __init__(self, chip: VirtualChip) -> None:
        self.chip = chip
        self._open = True
        self.atr = chip.power_on()

    @property
    def supports_extended_length(self) -> bool:
        """As the profile says (`[chip] extended_length`, default true)."""
        return self.chip.profile.chip.extended_length

    def transmit(self, apdu: bytes) -> bytes:
        """One APDU to the chip; `CardRemovedError` once the card has vanished (QA fault)."""
        if not self._open:
            raise NoCardError("the virtual card connection is closed")
        if not self.chip.present:
            raise CardRemovedError("the card was removed")
        try:
            response = self.chip.process(apdu)
        except ReaderFault as fault:
            raise TransientTransportError(
                f"the exchange failed while the card stayed in the reader ({fault})"
            ) from None
        if len(response) < 2:
            raise CardRemovedError("the card was removed")
        return response

    def reconnect(self) -> None:
        """Reset the chip and carry on (what SCardReconnect with SCARD_RESET_CARD does)."""
        if not self._open:
            raise NoCardError("the virtual card connection is closed")
        if not self.chip.present:
            raise CardRemovedError("the card was removed")
        self.atr = self.chip.reset()

    def close(self) -> None:
        """Power the chip down and stop talking to it."""
        if self._open:
            self._open = False
            self.chip.power_off()
