"""APDU exchange over a `Transport`: the one place for GET RESPONSE, wrong Le and extended length.

`ApduChannel` is the interface every layer above speaks: the plain `ApduSession` here and
`cardreader.secure_messaging.SecureMessaging` both satisfy it, so access control and LDS code
work unchanged over either.

Readers as they are (docs/ARCHITECTURE.md, "Readers as they are"):
- a transient transport error (`TransientTransportError`: the card stayed in the reader) is
  repeated once, after a reconnect, for a command that can be repeated (a plain SELECT, or a
  plain READ BINARY by short EF identifier), and only until access control starts
  (`ApduSession.start_access_control()`, or the first command that cannot be repeated): from
  then on the chip keeps protocol state that a second try would break;
- an extended-length command that the reader refuses (a transport error) or the card answers
  with 6700 puts the session on short APDUs for good (`extended_length` turns false) and is
  sent again in short form. A protected command cannot be re-framed here: the secure-messaging
  layer learns of it through `ExtendedLengthRefused` and wraps it anew.

Traffic is logged at level `TRAFFIC` (5, below DEBUG, as python-fido2 does): a debug log of
the application does not fill with hex, and a developer turns it on on purpose. Only the
bytes on the wire are dumped here; once secure messaging is up they are ciphertext, and the
bodies of authentication exchanges are withheld (`cardreader.traffic_log`).
"""

from __future__ import annotations

import logging
from typing import Protocol

from cardreader.apdu import SW, Command, Response, describe_sw
from cardreader.errors import (
    ApduError,
    CardResetError,
    MalformedResponseError,
    TransientTransportError,
    TransportError,
)
from cardreader.traffic_log import TRAFFIC, TrafficRedactor
from cardreader.transport import Reconnectable, Transport

logger = logging.getLogger(__name__)

SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536
# A chip that keeps answering 61xx would otherwise keep us here forever. The bound counts
# exchanges, not bytes: a chip answering `61 00` with no data never adds a byte. The largest
# answer (65536 bytes) arrives in at most 257 GET RESPONSEs of 256 bytes.
_MAX_RESPONSE_BYTES = 65536 + 256
MAX_GET_RESPONSES = 257
# CLA bits b4-b3: the command is protected by secure messaging (ISO/IEC 7816-4, 5.4.1).
_SM_BITS = 0x0C
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0


class ExtendedLengthRefused(TransportError):
    """A protected command in extended form was refused; the session is on short APDUs now.

    `reached_card` is False when the reader refused it (the chip never saw it: the secure-
    messaging layer may wrap it again with the same send sequence counter), True when the chip
    itself answered with a plain 6700.
    """

    def __init__(self, message: str, *, reached_card: bool) -> None:
        super().__init__(message)
        self.reached_card = reached_card


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
      otherwise Le is capped at 256 and the caller reads in chunks;
    - a refused extended command, and a transient error before access control: see the
      module docstring.
    """

    def __init__(self, transport: Transport) -> None:
        self._transport = transport
        self._count = 0
        self._traffic = TrafficRedactor()
        self._short_only = False
        self._repeatable_phase = True

    @property
    def extended_length(self) -> bool:
        return bool(self._transport.supports_extended_length) and not self._short_only

    @property
    def apdu_count(self) -> int:
        return self._count

    def start_access_control(self) -> None:
        """From now on the chip keeps protocol state (PACE, BAC, secure messaging): a command
        lost to a transient error is not sent again; the error goes up to the caller."""
        self._repeatable_phase = False

    def transmit(self, cmd: Command) -> Response:
        """Send `cmd` and return the whole answer; see the class docstring."""
        cmd = self._fit(cmd)
        response = self._send(cmd)
        hi, lo = response.sw >> 8, response.sw & 0xFF
        if hi == 0x6C:
            response = self._exchange(
                Command(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data, lo or SHORT_MAX_LE)
            )
            if response.sw >> 8 == 0x6C:
                raise MalformedResponseError("chip asked for a different Le twice")
        return self._collect(cmd, response)

    def _send(self, cmd: Command, *, retried: bool = False) -> Response:
        """`cmd` once, or again in short form or after a reconnect (module docstring)."""
        extended = self.extended_length and _needs_extended(cmd)
        repeatable = self._repeatable_phase and _repeatable(cmd)
        if not repeatable:
            # The first command that cannot be repeated starts the chip's protocol state,
            # whether or not the caller said so.
            self._repeatable_phase = False
        try:
            response = self._exchange(cmd)
        except TransientTransportError as exc:
            if extended and not isinstance(exc, CardResetError):
                self._fall_back_to_short(cmd, str(exc))
                if cmd.cla & _SM_BITS:
                    raise ExtendedLengthRefused(
                        f"the reader refused an extended-length command ({exc})",
                        reached_card=False,
                    ) from exc
                return self._send(self._refit(cmd, exc), retried=retried)
            if not repeatable or retried or not isinstance(self._transport, Reconnectable):
                if not repeatable:
                    logger.info(
                        "transient reader error during access control: INS %02X is not "
                        "sent again (%s)",
                        cmd.ins,
                        exc,
                    )
                raise
            logger.info(
                "transient reader error before access control (%s); reconnecting and "
                "sending INS %02X once more",
                exc,
                cmd.ins,
            )
            try:
                self._transport.reconnect()
            except TransportError as again:
                raise again from exc
            return self._send(cmd, retried=True)
        if extended and response.sw == SW.WRONG_LENGTH:
            self._fall_back_to_short(cmd, f"the card answered {describe_sw(response.sw)}")
            if cmd.cla & _SM_BITS:
                raise ExtendedLengthRefused(
                    "the chip answered an extended-length protected command with a plain "
                    "WRONG_LENGTH (6700)",
                    reached_card=True,
                )
            return self._send(self._refit(cmd, None), retried=retried)
        return response

    def _refit(self, cmd: Command, cause: TransportError | None) -> Command:
        try:
            return self._fit(cmd)
        except ValueError:
            raise TransportError(
                "the reader refuses extended-length APDUs, and this command has more data "
                "than a short one carries"
            ) from cause

    def _fall_back_to_short(self, cmd: Command, why: str) -> None:
        self._short_only = True
        logger.info(
            "extended-length APDU refused (INS %02X: %s); short APDUs for the rest of the session",
            cmd.ins,
            why,
        )

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


def _repeatable(cmd: Command) -> bool:
    """Whether sending `cmd` again, after a reset, gives what sending it once would have:
    a plain SELECT, or a plain READ BINARY by short EF identifier (which selects the file
    itself). READ BINARY by offset needs the file an earlier command selected. Before access
    control every SELECT is made from the MF, where a reset leaves the card."""
    if cmd.cla != 0x00:  # secure messaging, chaining or another logical channel
        return False
    return cmd.ins == INS_SELECT or (cmd.ins == INS_READ_BINARY and bool(cmd.p1 & 0x80))


def _needs_extended(cmd: Command) -> bool:
    return len(cmd.data) > 255 or (cmd.le is not None and cmd.le > SHORT_MAX_LE)
