"""APDU exchange over a `Transport`: the one place for GET RESPONSE, wrong Le and extended length.

`ApduChannel` is the interface every layer above speaks: the plain `ApduSession` here and
`cardreader.secure_messaging.SecureMessaging` both satisfy it, so access control and LDS code
work unchanged over either.

Traffic is logged at level `TRAFFIC` (5, below DEBUG, as python-fido2 does): a debug log of
the application does not fill with hex, and a developer turns it on on purpose. Only the
bytes on the wire are dumped here; once secure messaging is up they are ciphertext, and the
bodies of authentication exchanges are withheld (`cardreader.traffic_log`).
"""

from __future__ import annotations

import logging
from typing import Protocol

from cardreader.apdu import SW, Command, Response, describe_sw
from cardreader.errors import ApduError, MalformedResponseError
from cardreader.traffic_log import TRAFFIC, TrafficRedactor
from cardreader.transport import Transport

logger = logging.getLogger(__name__)

SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536
# A chip that keeps answering 61xx would otherwise keep us here forever. The bound counts
# exchanges, not bytes: a chip answering `61 00` with no data never adds a byte. The largest
# answer (65536 bytes) arrives in at most 257 GET RESPONSEs of 256 bytes.
_MAX_RESPONSE_BYTES = 65536 + 256
MAX_GET_RESPONSES = 257


class ApduChannel(Protocol):
    """Anything that carries command APDUs to the chip and returns its responses."""

    @property
    def extended_length(self) -> bool:
        """Whether extended-length APDUs may be sent."""
        ...

    @property
    def apdu_count(self) -> int:
        """How many APDUs went over the wire so far (GET RESPONSE included)."""
        ...

    def transmit(self, cmd: Command) -> Response:
        """Send `cmd`; return the chip's complete answer (any status word)."""
        ...


def require(response: Response, *accepted: int) -> Response:
    """Return `response` if its status word is one of `accepted` (default 9000), else raise
    `ApduError` naming the status word."""
    if response.sw not in (accepted or (SW.OK,)):
        raise ApduError(response.sw)
    return response


class ApduSession:
    """The plain (unprotected) APDU layer over one transport.

    - 61xx: GET RESPONSE until the chip has nothing more, data concatenated;
    - 6Cxx: the command is sent again once with Le as the chip asked;
    - extended length is used when the transport supports it and the command needs it;
      otherwise Le is capped at 256 and the caller reads in chunks.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._count = 0
        self._traffic = TrafficRedactor()

    @property
    def extended_length(self) -> bool:
        return bool(self._transport.supports_extended_length)

    @property
    def apdu_count(self) -> int:
        return self._count

    def transmit(self, cmd: Command) -> Response:
        """Send `cmd` and return the whole answer; see the class docstring."""
        cmd = self._fit(cmd)
        response = self._exchange(cmd)
        hi, lo = response.sw >> 8, response.sw & 0xFF
        if hi == 0x6C:
            response = self._exchange(
                Command(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data, lo or SHORT_MAX_LE)
            )
            if response.sw >> 8 == 0x6C:
                raise MalformedResponseError("chip asked for a different Le twice")
        return self._collect(cmd, response)

    def _fit(self, cmd: Command) -> Command:
        if self.extended_length:
            return cmd
        if len(cmd.data) > 255:
            raise ValueError(
                f"{len(cmd.data)} data bytes need extended length, which this reader lacks"
            )
        if cmd.le is not None and cmd.le > SHORT_MAX_LE:
            return Command(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data, SHORT_MAX_LE)
        return cmd

    def _collect(self, cmd: Command, response: Response) -> Response:
        data = bytearray(response.data)
        exchanges = 0
        while response.sw >> 8 == 0x61:
            exchanges += 1
            if exchanges > MAX_GET_RESPONSES:
                raise MalformedResponseError("chip keeps announcing more response data")
            le = response.sw & 0xFF or SHORT_MAX_LE
            # GET RESPONSE keeps the logical channel of the command (low bits of CLA).
            response = self._exchange(Command(cmd.cla & 0x03, 0xC0, 0x00, 0x00, le=le))
            data += response.data
            if len(data) > _MAX_RESPONSE_BYTES:
                raise MalformedResponseError("chip keeps announcing more response data")
        return Response(bytes(data), response.sw)

    def _exchange(self, cmd: Command) -> Response:
        raw = cmd.encode(extended=self.extended_length and _needs_extended(cmd))
        if logger.isEnabledFor(TRAFFIC):
            logger.log(TRAFFIC, "> %s", self._traffic.command(raw))
        self._count += 1
        answer = self._transport.transmit(raw)
        if logger.isEnabledFor(TRAFFIC):
            logger.log(TRAFFIC, "< %s", self._traffic.response(answer))
        response = Response.parse(answer)
        if response.sw != SW.OK and logger.isEnabledFor(logging.DEBUG):
            logger.debug("INS %02X answered %s", cmd.ins, describe_sw(response.sw))
        return response


def _needs_extended(cmd: Command) -> bool:
    return len(cmd.data) > 255 or (cmd.le is not None and cmd.le > SHORT_MAX_LE)
