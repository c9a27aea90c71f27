"""The one method everything above the wire needs: bytes to the card, bytes back.

A `Transport` carries whole command APDUs and returns the whole response (data + SW1 SW2).
Implementations: `cardreader.pcsc.PcscTransport` (pyscard; the only module importing it) and
`cardreader.virtual.connection.VirtualTransport` (the virtual chip, in process).
"""

from __future__ import annotations

from typing import Protocol


class Transport(Protocol):
    """A raw APDU pipe to one card."""

    @property
    def supports_extended_length(self) -> bool:
        """Whether reader and card both accept extended-length APDUs."""
        ...

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return response data followed by SW1 SW2.

        Raises `cardreader.errors.TransportError` (or a subclass) when no answer came.
        """
        ...

    def close(self) -> None: ...
