"""The one method everything above the wire needs: bytes to the card, bytes back.

A `Transport` carries whole command APDUs and returns the whole response (data + SW1 SW2).
Implementations: `cardreader.pcsc.PcscTransport` (pyscard; the only module importing it) and
`cardreader.virtual.connection.VirtualTransport` (the virtual chip, in process). Both can also
reconnect (`Reconnectable`), which the APDU layer uses to repeat a command that a transient
reader error swallowed before access control starts.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


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


@runtime_checkable
class Reconnectable(Protocol):
    """A transport that can take up its connection to the card again after a
    `cardreader.errors.TransientTransportError` (PC/SC: SCardReconnect with a reset)."""

    def reconnect(self) -> None:
        """Reset the card and continue on the same connection (and PC/SC transaction).

        Raises `cardreader.errors.TransportError` (or a subclass) when the card cannot be
        reached again.
        """
        ...
