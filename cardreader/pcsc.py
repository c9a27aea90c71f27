"""PC/SC access through pyscard: the only module that imports it.

Everything above speaks `cardreader.transport.Transport`; this module turns PC/SC handles and
return codes into that interface and into the typed errors of `cardreader.errors`. pyscard is
imported on first use, so `import cardreader` stays cheap and works where it is not installed.

Besides the transport, `PcscContext` gives the reader monitor the three calls it needs
(list readers, wait for a status change, cancel the wait) with the same error mapping.
"""

from __future__ import annotations

import contextlib
import enum
import importlib
import logging
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from cardreader.errors import (
    CardInUseError,
    CardRemovedError,
    CardResetError,
    CardTimeoutError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    TransientTransportError,
    TransportError,
)
from cardreader.traffic_log import TRAFFIC, TrafficRedactor

log = logging.getLogger(__name__)

#: The pseudo-reader through which PC/SC reports readers being added or removed.
PNP_NOTIFICATION = "\\\\?PnP?\\Notification"

# PC/SC return codes (winscard.h). Kept here as plain numbers so that mapping them to typed
# errors is a pure function, testable without pyscard or a running service.
SCARD_S_SUCCESS = 0x00000000
SCARD_E_CANCELLED = 0x80100002
SCARD_E_INVALID_HANDLE = 0x80100003
SCARD_E_UNKNOWN_READER = 0x80100009
SCARD_E_TIMEOUT = 0x8010000A
SCARD_E_SHARING_VIOLATION = 0x8010000B
SCARD_E_NO_SMARTCARD = 0x8010000C
SCARD_E_PROTO_MISMATCH = 0x8010000F
SCARD_E_NOT_READY = 0x80100010
SCARD_F_COMM_ERROR = 0x80100013
SCARD_E_NOT_TRANSACTED = 0x80100016
SCARD_E_READER_UNAVAILABLE = 0x80100017
SCARD_E_NO_SERVICE = 0x8010001D
SCARD_E_SERVICE_STOPPED = 0x8010001E
SCARD_E_NO_READERS_AVAILABLE = 0x8010002E
SCARD_W_UNSUPPORTED_CARD = 0x80100065
SCARD_W_UNRESPONSIVE_CARD = 0x80100066
SCARD_W_UNPOWERED_CARD = 0x80100067
SCARD_W_RESET_CARD = 0x80100068
SCARD_W_REMOVED_CARD = 0x80100069

SCARD_STATE_CHANGED = 0x0002
SCARD_STATE_UNKNOWN = 0x0004
SCARD_STATE_UNAVAILABLE = 0x0008
SCARD_STATE_EMPTY = 0x0010
SCARD_STATE_PRESENT = 0x0020
SCARD_STATE_MUTE = 0x0200

_SERVICE_GONE = {
    SCARD_E_NO_SERVICE,
    SCARD_E_SERVICE_STOPPED,
    SCARD_F_COMM_ERROR,
    SCARD_E_INVALID_HANDLE,
}
_NO_READER = {SCARD_E_UNKNOWN_READER, SCARD_E_READER_UNAVAILABLE, SCARD_E_NO_READERS_AVAILABLE}
_NO_CARD = {SCARD_E_NO_SMARTCARD, SCARD_W_REMOVED_CARD}
# What a failed SCardTransmit may say while the card is still in the reader, so that one more
# try can succeed (the APDU layer repeats only commands that can be repeated, and only before
# access control; see `cardreader.apdu_session`):
# - NOT_TRANSACTED: the driver got no answer, or refused the command's form (the CCID driver
#   of a short-APDU reader refuses an extended APDU this way; vpcd when its card's
#   connection broke);
# - UNRESPONSIVE_CARD, UNPOWERED_CARD: the card did not answer its reset, or lost power for a
#   moment (a contactless card at the edge of the field), and a new reset may bring it back;
# - NOT_READY: the reader or card was not ready to take a command.
# Each counts only after PC/SC still shows the card present; RESET_CARD (another program or the
# reader reset the card) says so by itself. Not transient: a removed card, a missing service
# or reader, a timeout (one more try only doubles the wait), a sharing violation (another
# program's transaction) and argument errors.
_TRANSIENT_IF_PRESENT = {
    SCARD_E_NOT_TRANSACTED,
    SCARD_W_UNRESPONSIVE_CARD,
    SCARD_W_UNPOWERED_CARD,
    SCARD_E_NOT_READY,
}
#: How long `connect` waits for another program's PC/SC transaction to end.
TRANSACTION_WAIT_SECONDS = 5.0


def _scard() -> ModuleType:
    """pyscard's thin PC/SC binding, imported on first use."""
    try:
        return importlib.import_module("smartcard.scard")
    except ImportError as exc:  # pragma: no cover - pyscard is a dependency
        raise PcscUnavailableError("pyscard is not installed: PC/SC cannot be used") from exc


def describe_return_code(code: int) -> str:
    """A PC/SC return code by its winscard.h name (for one-line messages and logs)."""
    code &= 0xFFFFFFFF
    for name, value in globals().items():
        if name.startswith(("SCARD_E_", "SCARD_W_", "SCARD_F_")) and value == code:
            return f"{name} (0x{code:08X})"
    return f"0x{code:08X}"


class Operation(enum.Enum):
    """What was being done when PC/SC failed: the same code means different things."""

    CONTEXT = "establishing a PC/SC context"
    LIST = "listing readers"
    CONNECT = "connecting to the card"
    RECONNECT = "reconnecting to the card"
    TRANSMIT = "exchanging an APDU"
    STATUS = "waiting for a reader status change"


def error_for(code: int, operation: Operation, reader: str = "") -> TransportError:
    """Map a failing PC/SC return code to the typed error a caller can act on."""
    code &= 0xFFFFFFFF
    what = f"{describe_return_code(code)} while {operation.value}"
    where = f" on reader {reader!r}" if reader else ""
    if code in _SERVICE_GONE:
        return PcscUnavailableError(f"PC/SC service not running ({what})")
    if code in _NO_READER:
        if reader:
            return NoReaderError(f"reader {reader!r} is not connected ({what})")
        return NoReaderError(f"no card reader is connected ({what})")
    if code == SCARD_E_TIMEOUT:
        return CardTimeoutError(f"the card did not answer in time ({what}{where})")
    if code in _NO_CARD or code == SCARD_W_RESET_CARD:
        if operation is Operation.CONNECT:
            return NoCardError(f"no card in the reader ({what}{where})")
        return CardRemovedError(f"the card was removed ({what}{where})")
    if code in (SCARD_W_UNRESPONSIVE_CARD, SCARD_W_UNPOWERED_CARD, SCARD_W_UNSUPPORTED_CARD):
        return TransportError(f"the card does not respond ({what}{where})")
    if code == SCARD_E_SHARING_VIOLATION:
        return CardInUseError(f"another program is using the card ({what}{where})")
    return TransportError(f"PC/SC failed: {what}{where}")


# --- ATR -----------------------------------------------------------------------------------------
def historical_bytes(atr: bytes) -> bytes:
    """The historical bytes of an ATR (ISO/IEC 7816-3 8.2), or b"" if it does not parse."""
    if len(atr) < 2:
        return b""
    t0 = atr[1]
    count = t0 & 0x0F
    pos = 2
    td: int | None = t0
    while td is not None:
        for bit in (0x10, 0x20, 0x40):  # TA, TB, TC present
            if td & bit:
                pos += 1
        if td & 0x80:
            if pos >= len(atr):
                return b""
            td = atr[pos]
            pos += 1
        else:
            td = None
    hist = atr[pos : pos + count]
    return hist if len(hist) == count else b""


def atr_allows_extended_length(atr: bytes) -> bool:
    """Whether the card announces extended Lc/Le in its ATR (ISO/IEC 7816-4 8.1.1.2.7).

    The capability sits in the third byte of the "card capabilities" compact-TLV object
    (tag 7, length 3), bit b7; historical bytes in compact-TLV start with category 0x80.
    """
    hist = historical_bytes(atr)
    if not hist or hist[0] != 0x80:
        return False
    pos = 1
    while pos < len(hist):
        tag, length = hist[pos] >> 4, hist[pos] & 0x0F
        value = hist[pos + 1 : pos + 1 + length]
        if len(value) != length:
            return False
        if tag == 0x7 and length >= 3:
            return bool(value[2] & 0x40)
        pos += 1 + length
    return False


# --- Context (for listing readers and for the monitor) -------------------------------------------
@dataclass(frozen=True)
class ReaderState:
    """What PC/SC says about one reader: its state bits and the ATR of the card in it."""

    reader: str
    event_state: int
    atr: bytes

    @property
    def changed(self) -> bool:
        return bool(self.event_state & SCARD_STATE_CHANGED)

    @property
    def card_present(self) -> bool:
        return bool(self.event_state & SCARD_STATE_PRESENT) and not (
            self.event_state & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE)
        )

    @property
    def unknown(self) -> bool:
        return bool(self.event_state & SCARD_STATE_UNKNOWN)


class PcscContext:
    """One PC/SC resource-manager context; release it with `close()` (or `with`)."""

    def __init__(self) -> None:
        scard = _scard()
        code, handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.CONTEXT)
        self._scard = scard
        self.handle: Any = handle
        self._closed = False

    def __enter__(self) -> PcscContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def list_readers(self) -> list[str]:
        """The connected readers, in the order PC/SC gives them; [] when there are none."""
        code, readers = self._scard.SCardListReaders(self.handle, [])
        if code == SCARD_E_NO_READERS_AVAILABLE:
            return []
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.LIST)
        return list(readers)

    def get_status_change(
        self, states: Sequence[tuple[str, int]], timeout_ms: int
    ) -> list[ReaderState] | None:
        """Wait until a reader differs from `states` (name, believed state); None on timeout.

        Returns None as well when `cancel()` interrupted the wait.
        """
        code, result = self._scard.SCardGetStatusChange(self.handle, timeout_ms, list(states))
        if code in (SCARD_E_TIMEOUT, SCARD_E_CANCELLED):
            return None
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.STATUS)
        return [ReaderState(name, state, bytes(atr)) for name, state, atr in result]

    def cancel(self) -> None:
        """Make a pending `get_status_change` (in another thread) return at once."""
        if not self._closed:
            self._scard.SCardCancel(self.handle)

    def is_valid(self) -> bool:
        """Whether the service still knows this context (False after a pcscd restart)."""
        return not self._closed and self._scard.SCardIsValidContext(self.handle) == SCARD_S_SUCCESS

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._scard.SCardReleaseContext(self.handle)


def list_readers() -> list[str]:
    """Names of the connected PC/SC readers ([] when none is connected).

    Raises PcscUnavailableError when the PC/SC service is not running.
    """
    with PcscContext() as context:
        return context.list_readers()


def first_reader_with_card() -> str:
    """The first reader that holds a card; NoReaderError / NoCardError otherwise."""
    with PcscContext() as context:
        readers = context.list_readers()
        if not readers:
            raise NoReaderError("no card reader is connected")
        states = context.get_status_change([(r, 0) for r in readers], 0) or []
        for state in states:
            if state.card_present:
                return state.reader
    raise NoCardError(f"no card in any reader ({', '.join(readers)})")


# --- Transport -------------------------------------------------------------------------------
class PcscTransport:
    """A connection to the card in one reader: `cardreader.transport.Transport` over PC/SC.

    `connect` opens it inside a PC/SC transaction (`in_transaction`), which `close` ends.
    """

    def __init__(
        self,
        context: PcscContext,
        handle: Any,
        protocol: int,
        reader: str,
        shared: bool,
        *,
        in_transaction: bool = False,
    ) -> None:
        self._context = context
        self._scard = context._scard
        self._handle = handle
        self._protocol = protocol
        self.reader = reader
        self.shared = shared
        self.in_transaction = in_transaction
        self._closed = False
        # Set while SCardTransmit runs; a read that gave up on a silent card leaves it set.
        self._transmitting = threading.Event()
        self._traffic = TrafficRedactor()
        self.atr = self._read_atr()
        self._extended = atr_allows_extended_length(self.atr) and self._reader_takes_extended()

    def __repr__(self) -> str:
        mode = "shared" if self.shared else "exclusive"
        return f"PcscTransport(reader={self.reader!r}, {mode}, atr={self.atr.hex()})"

    def __enter__(self) -> PcscTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def supports_extended_length(self) -> bool:
        return self._extended

    def _read_atr(self) -> bytes:
        code, _name, _state, _protocol, atr = self._scard.SCardStatus(self._handle)
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.CONNECT, self.reader)
        return bytes(atr)

    def _reader_takes_extended(self) -> bool:
        # Readers that say how long a command may be (CCID's dwMaxCCIDMessageLength) and say
        # it is short cannot carry extended APDUs; readers that do not say (vpcd) are trusted.
        code, value = self._scard.SCardGetAttrib(self._handle, self._scard.SCARD_ATTR_MAXINPUT)
        if code != SCARD_S_SUCCESS or not value:
            return True
        return int.from_bytes(bytes(value[:4]), "little") > 261 + 10

    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; return response data followed by SW1 SW2."""
        if self._closed:
            raise TransportError("the connection to the card is closed")
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "> %s", self._traffic.command(apdu))
        self._transmitting.set()
        try:
            code, response = self._scard.SCardTransmit(self._handle, self._protocol, list(apdu))
        finally:
            self._transmitting.clear()
        if code != SCARD_S_SUCCESS:
            raise self._transmit_error(code)
        data = bytes(response)
        if log.isEnabledFor(TRAFFIC):
            log.log(TRAFFIC, "< %s", self._traffic.response(data))
        if len(data) < 2:
            # vpcd answers a card that left mid-exchange with an empty, "successful" response.
            if self._card_gone_within(1.0):
                raise CardRemovedError(
                    f"the card was removed (no answer to an APDU on reader {self.reader!r})"
                )
            raise TransportError(f"the reader returned {len(data)} bytes without a status word")
        return data

    def _transmit_error(self, code: int) -> TransportError:
        code &= 0xFFFFFFFF
        what = f"{describe_return_code(code)} while {Operation.TRANSMIT.value}"
        where = f"on reader {self.reader!r}"
        if code == SCARD_W_RESET_CARD:
            # pcsc-lite answers every call on our handle so until we reconnect; the card is
            # there (a removal would say REMOVED_CARD), its state is gone.
            return CardResetError(
                f"the card was reset by the reader or another program ({what} {where})"
            )
        if code in _TRANSIENT_IF_PRESENT:
            # pcscd answers NOT_TRANSACTED when the card went away mid-exchange, but only
            # notices the absence at its next presence poll (~0.4 s): wait for that verdict.
            if self._card_gone_within(1.0):
                return CardRemovedError(f"the card was removed ({what} {where})")
            return TransientTransportError(
                f"the exchange failed while the card stayed in the reader ({what} {where})"
            )
        return error_for(code, Operation.TRANSMIT, self.reader)

    def reconnect(self) -> None:
        """Reset the card and take up this connection again (SCardReconnect).

        The PC/SC transaction stays ours: pcsc-lite keeps a handle's lock across a reconnect,
        and another program cannot reset the card while we hold it.
        """
        if self._closed:
            raise TransportError("the connection to the card is closed")
        scard = self._scard
        share = scard.SCARD_SHARE_SHARED if self.shared else scard.SCARD_SHARE_EXCLUSIVE
        code, protocol = scard.SCardReconnect(
            self._handle,
            share,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
            scard.SCARD_RESET_CARD,
        )
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.RECONNECT, self.reader)
        self._protocol = protocol
        self.atr = self._read_atr()
        log.info("reconnected to the card in %r with a reset", self.reader)

    def _card_gone_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        believed: int | None = None
        while True:
            remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
            try:
                # First ask for the current state (believed 0 = unaware, returns at once),
                # then wait for it to change: any change, even to "present" again with a
                # new event count, means the card we were talking to is gone.
                states = self._context.get_status_change(
                    [(self.reader, believed or 0)], 0 if believed is None else remaining_ms
                )
            except TransportError:
                return True
            if states:
                state = states[0]
                if state.unknown or not state.card_present or believed is not None:
                    return True
                believed = state.event_state & ~SCARD_STATE_CHANGED
            elif remaining_ms == 0:
                return False

    def close(self) -> None:
        """Reset the card (ending any secure-messaging session) and release the context."""
        if self._closed:
            return
        self._closed = True
        if self._transmitting.is_set():
            # Another thread is still waiting for a card that does not answer; pcscd would
            # make the disconnect wait behind it. Let that happen off the caller's thread.
            threading.Thread(target=self._disconnect, name="pcsc-close", daemon=True).start()
            return
        self._disconnect()

    def abandon(self) -> None:
        """End transaction and connection without a reset: for a connection made for a caller
        that stopped waiting, which never sent anything."""
        if self._closed:
            return
        self._closed = True
        try:
            self._scard.SCardEndTransaction(self._handle, self._scard.SCARD_LEAVE_CARD)
            self._scard.SCardDisconnect(self._handle, self._scard.SCARD_LEAVE_CARD)
        finally:
            self._context.close()

    def _disconnect(self) -> None:
        try:
            if self.in_transaction:
                # LEAVE_CARD here: the reset comes with the disconnect below, which every
                # PC/SC implementation honours. A failure (the card was removed or reset,
                # which ends the transaction anyway) must not keep the disconnect from running.
                self.in_transaction = False
                self._scard.SCardEndTransaction(self._handle, self._scard.SCARD_LEAVE_CARD)
            # A reset leaves the next program a card in its initial state rather than one
            # still inside our PACE/BAC session, which would refuse its plain commands.
            self._scard.SCardDisconnect(self._handle, self._scard.SCARD_RESET_CARD)
        finally:
            self._context.close()


def connect(reader: str, *, transaction_wait: float = TRANSACTION_WAIT_SECONDS) -> PcscTransport:
    """Connect to the card in `reader` and hold a PC/SC transaction until `close()`.

    The connection is exclusive, or shared if another program holds the card; either way the
    whole read runs inside SCardBeginTransaction/SCardEndTransaction, so a program sharing
    the card cannot put its APDUs between ours (pcsc-lite makes its SCardTransmit wait).

    pcsc-lite makes SCardConnect and SCardBeginTransaction wait, without a bound, while another
    program holds a transaction. Both run on a daemon thread here, and after `transaction_wait`
    seconds the caller gets a TransportError ("another program is using the card") instead of
    a hang; the thread lets go of whatever it gets once that program is done.

    Raises PcscUnavailableError, NoReaderError, NoCardError or TransportError.
    """
    results: queue.SimpleQueue[PcscTransport | BaseException] = queue.SimpleQueue()
    lock = threading.Lock()
    abandoned = False

    def work() -> None:
        try:
            transport = _connect_in_transaction(reader)
        except BaseException as exc:  # handed to the waiting thread
            results.put(exc)
            return
        with lock:
            if not abandoned:
                results.put(transport)
                return
        transport.abandon()

    threading.Thread(target=work, name="pcsc-connect", daemon=True).start()
    try:
        outcome = results.get(timeout=transaction_wait)
    except queue.Empty:
        with lock:
            abandoned = True
            try:
                outcome = results.get_nowait()  # it came just now
            except queue.Empty:
                raise CardInUseError(
                    f"another program is using the card (it held it for more than "
                    f"{transaction_wait:g} s on reader {reader!r})"
                ) from None
    except BaseException:
        # Interrupted while waiting: whatever the thread still gets, it lets go of.
        with lock:
            abandoned = True
            try:
                late = results.get_nowait()
            except queue.Empty:
                late = None
        if isinstance(late, PcscTransport):
            late.abandon()
        raise
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _connect_in_transaction(reader: str) -> PcscTransport:
    context = PcscContext()
    try:
        scard = context._scard
        protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        shared = False
        code, handle, protocol = scard.SCardConnect(
            context.handle, reader, scard.SCARD_SHARE_EXCLUSIVE, protocols
        )
        if code == SCARD_E_SHARING_VIOLATION:
            # Another program keeps a shared connection open (a browser plug-in, a
            # middleware): share the card rather than fail.
            log.info("card in %r is in use by another program; connecting shared", reader)
            shared = True
            code, handle, protocol = scard.SCardConnect(
                context.handle, reader, scard.SCARD_SHARE_SHARED, protocols
            )
        if code != SCARD_S_SUCCESS:
            raise error_for(code, Operation.CONNECT, reader)
        try:
            protocol = _begin_transaction(scard, handle, protocol, reader, shared)
            return PcscTransport(context, handle, protocol, reader, shared, in_transaction=True)
        except BaseException:
            with contextlib.suppress(Exception):
                scard.SCardEndTransaction(handle, scard.SCARD_LEAVE_CARD)
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)  # nothing was sent yet
            raise
    except BaseException:
        context.close()
        raise


def _begin_transaction(
    scard: ModuleType, handle: Any, protocol: int, reader: str, shared: bool
) -> int:
    """Take the PC/SC transaction for `handle`; returns the protocol (new after a reconnect)."""
    code = scard.SCardBeginTransaction(handle) & 0xFFFFFFFF
    if code == SCARD_W_RESET_CARD:
        # The card was reset between our connect and now: SCardReconnect takes note (it clears
        # the warning), then the transaction is asked for once more.
        share = scard.SCARD_SHARE_SHARED if shared else scard.SCARD_SHARE_EXCLUSIVE
        protocols = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        code, protocol = scard.SCardReconnect(handle, share, protocols, scard.SCARD_LEAVE_CARD)
        if code == SCARD_S_SUCCESS:
            code = scard.SCardBeginTransaction(handle) & 0xFFFFFFFF
    if code != SCARD_S_SUCCESS:
        raise error_for(code, Operation.CONNECT, reader)
    return int(protocol)


# --- What a reader says about itself (for `eid-card doctor`) ---------------------------------
@dataclass(frozen=True)
class ReaderAttributes:
    """A reader's answers to attribute and control requests; None where it gave none."""

    reader: str
    vendor: str | None = None
    ifd_version: int | None = None
    max_input: int | None = None
    # Raw CM_IOCTL_GET_FEATURE_REQUEST and GET_TLV_PROPERTIES answers (reader_features parses).
    features: bytes | None = None
    properties: bytes | None = None
    # Why a direct connection to the reader failed (another program holds it exclusively).
    unreachable: str | None = None


def reader_attributes(context: PcscContext, reader: str) -> ReaderAttributes:
    """Ask `reader` (with or without a card) for vendor, version and part 10 features.

    A direct connection (SCARD_SHARE_DIRECT) talks to the reader, not the card, so it works
    with no card present and leaves a card untouched.
    """
    scard = context._scard
    code, handle, _protocol = scard.SCardConnect(
        context.handle, reader, scard.SCARD_SHARE_DIRECT, 0
    )
    if code != SCARD_S_SUCCESS:
        if (code & 0xFFFFFFFF) in _SERVICE_GONE | _NO_READER:
            raise error_for(code, Operation.CONNECT, reader)
        return ReaderAttributes(reader, unreachable=describe_return_code(code))
    try:

        def attribute(attr: int) -> bytes | None:
            result, value = scard.SCardGetAttrib(handle, attr)
            return bytes(value) if result == SCARD_S_SUCCESS and value else None

        def control(function: int, data: bytes = b"") -> bytes | None:
            result, answer = scard.SCardControl(handle, scard.SCARD_CTL_CODE(function), list(data))
            return bytes(answer) if result == SCARD_S_SUCCESS else None

        vendor = attribute(scard.SCARD_ATTR_VENDOR_NAME)
        version = attribute(scard.SCARD_ATTR_VENDOR_IFD_VERSION)
        max_input = attribute(scard.SCARD_ATTR_MAXINPUT)
        features = control(3400)  # CM_IOCTL_GET_FEATURE_REQUEST
        properties = None
        if features:
            from cardreader.reader_features import Feature, parse_features

            code_for = parse_features(features).get(Feature.GET_TLV_PROPERTIES)
            if code_for is not None:
                result, answer = scard.SCardControl(handle, code_for, [])
                properties = bytes(answer) if result == SCARD_S_SUCCESS else None
        return ReaderAttributes(
            reader,
            vendor=vendor.rstrip(b"\x00").decode("utf-8", "replace") if vendor else None,
            ifd_version=int.from_bytes(version[:4], "little") if version else None,
            max_input=int.from_bytes(max_input[:4], "little") if max_input else None,
            features=features,
            properties=properties,
        )
    finally:
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
