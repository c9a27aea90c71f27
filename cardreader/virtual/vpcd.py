"""The vpcd bridge: put a virtual chip into vsmartcard's virtual reader, so PC/SC sees a card.

vpcd (a pcscd driver) listens on TCP; the card connects to it as a client. Every message is a
2-byte big-endian length and a body. One-byte bodies are control codes (0 power off, 1 power
on, 2 reset, 4 send the ATR); longer bodies are command APDUs, answered with the response.
The card "is in the reader" while the TCP connection is up: closing it is a removal.

vpcd writes the length and the body separately, so with Nagle's algorithm and delayed ACKs
every APDU would stall ~40 ms: TCP_NODELAY is set once, TCP_QUICKACK before every receive
(Linux clears it after use). vpcd also polls for the ATR between the APDUs of a session, so
the loop answers control messages at any time.

A chip's `ReaderFault` (QA) fails one exchange while the card stays: the bridge connects
anew first (vpcd queues the connection and takes it at its next presence poll) and then
breaks the old connection with a reset, so vpcd's read fails and pcscd answers that APDU with
SCARD_E_NOT_TRANSACTED without ever seeing the card absent.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cardreader.errors import CardRemovedError
from cardreader.traffic_log import TRAFFIC, TrafficRedactor
from cardreader.virtual.reader_fault import ReaderFault

log = logging.getLogger(__name__)


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963

_MAX_MESSAGE = 0xFFFF
# Between the length of an answer and the reset that replaces its body (`ReaderFault`), so
# that vpcd reads the length before the reset arrives.
_BODY_GAP_SECONDS = 0.05


class Control(enum.IntEnum):
    """vpcd's one-byte control messages."""

    POWER_OFF = 0
    POWER_ON = 1
    RESET = 2
    GET_ATR = 4


class Chip(Protocol):
    """The card side that the bridge needs (cardreader.virtual.chip.VirtualChip is one).

    When the chip vanishes (a QA fault profile), `process` answers with no status word (or
    raises `cardreader.errors.CardRemovedError`): the bridge then closes the connection,
    which vpcd reports as a card removal. `ReaderFault` fails that one exchange only.
    """

    @property
    def atr(self) -> bytes: ...

    def power_on(self) -> object: ...

    def power_off(self) -> object: ...

    def reset(self) -> object: ...

    def process(self, apdu: bytes) -> bytes: ...


class BridgeEnd(enum.Enum):
    """Why `VpcdBridge.run()` returned."""

    STOPPED = "stopped"
    CARD_REMOVED = "card removed"


@dataclass(frozen=True)
class Endpoint:
    """Where vpcd listens."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """Parse `HOST:PORT` (or `PORT`, or `[v6-address]:PORT`); ValueError on bad input."""
        host, sep, port_text = text.rpartition(":")
        if not sep:
            host, port_text = DEFAULT_HOST, text
        host = host.strip("[]") or DEFAULT_HOST
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ValueError(f"not a TCP port: {port_text!r} (expected HOST:PORT)")
        return cls(host, int(port_text))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


class _ConnectionClosed(Exception):
    """vpcd closed the connection (or was asked to stop)."""


def _set_quickack(sock: socket.socket) -> None:
    quickack = getattr(socket, "TCP_QUICKACK", None)
    if quickack is not None:
        with contextlib.suppress(OSError):  # a kernel without it: just slower
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _recv_exactly(sock: socket.socket, count: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        _set_quickack(sock)
        chunk = sock.recv(count - len(chunks))
        if not chunk:
            raise _ConnectionClosed
        chunks += chunk
    return bytes(chunks)


def _send_message(sock: socket.socket, body: bytes) -> None:
    if len(body) > _MAX_MESSAGE:
        raise ValueError(f"vpcd message of {len(body)} bytes is too long")
    sock.sendall(len(body).to_bytes(2, "big") + body)


class VpcdBridge:
    """Serves one chip to vpcd until `stop()`, reconnecting (with backoff) if vpcd goes away.

    `on_state` hears "connected" / "waiting for vpcd" transitions (the CLI prints them).
    """

    def __init__(
        self,
        chip: Chip,
        endpoint: Endpoint | None = None,
        *,
        initial_backoff: float = 0.1,
        max_backoff: float = 2.0,
        on_state: Callable[[str], None] | None = None,
    ) -> None:
        self.chip = chip
        self.endpoint = endpoint or Endpoint()
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.apdu_count = 0
        self._on_state = on_state or (lambda _text: None)
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._messages = 0  # from vpcd on the current connection

    def stop(self) -> None:
        """Make `run()` return soon; safe from a signal handler or another thread."""
        self._stopping.set()
        with self._lock:
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed by vpcd
                sock.shutdown(socket.SHUT_RDWR)

    def run(self) -> BridgeEnd:
        """Connect to vpcd and answer it until stopped or until the chip vanishes."""
        backoff = self.initial_backoff
        waiting_reported = False
        quick_closes = 0
        while not self._stopping.is_set():
            try:
                sock = socket.create_connection((self.endpoint.host, self.endpoint.port), 2.0)
            except OSError as exc:
                if not waiting_reported:
                    self._on_state(f"waiting for vpcd at {self.endpoint} ({exc.strerror or exc})")
                    waiting_reported = True
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            waiting_reported = False
            self._messages = 0
            try:
                end = self._serve(sock)
            finally:
                with self._lock:
                    current, self._sock = self._sock, None
                sock.close()
                if current is not None and current is not sock:
                    current.close()  # the connection that replaced it after a ReaderFault
                self.chip.power_off()
            if end is BridgeEnd.CARD_REMOVED:
                return end
            if self._stopping.is_set():
                break
            if self._messages:
                # vpcd spoke (it asks for the ATR at once): a real session, start afresh.
                backoff = self.initial_backoff
                quick_closes = 0
                self._on_state(f"vpcd at {self.endpoint} closed the connection; reconnecting")
                continue
            # A peer that accepts and closes at once, again and again, would otherwise make
            # a busy loop and a log line per turn: back off as when vpcd is absent and say so
            # only when the count of such closes doubles.
            quick_closes += 1
            if quick_closes & (quick_closes - 1) == 0:
                self._on_state(
                    f"vpcd at {self.endpoint} closed the connection without a word "
                    f"({quick_closes} time{'s' if quick_closes > 1 else ''} in a row); reconnecting"
                )
            self._stopping.wait(backoff)
            backoff = min(backoff * 2, self.max_backoff)
        return BridgeEnd.STOPPED

    def _serve(self, sock: socket.socket) -> BridgeEnd | None:
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._sock = sock
        if self._stopping.is_set():
            return BridgeEnd.STOPPED
        traffic = TrafficRedactor()
        try:
            while True:
                length = int.from_bytes(_recv_exactly(sock, 2), "big")
                body = _recv_exactly(sock, length)
                if not self._messages:
                    # Announced on vpcd's first message, so a peer that connects and closes
                    # in a loop leaves no line per turn.
                    self._on_state(f"card inserted into vpcd at {self.endpoint}")
                self._messages += 1
                if len(body) == 1:
                    self._control(sock, body[0])
                    continue
                self.apdu_count += 1
                if log.isEnabledFor(TRAFFIC):
                    log.log(TRAFFIC, "> %s", traffic.command(body))
                try:
                    response = self.chip.process(body)
                except CardRemovedError:
                    response = b""
                except ReaderFault as fault:
                    sock = self._break_exchange(sock, fault)
                    continue
                if len(response) < 2:
                    log.info("the virtual chip vanished after %d APDUs", self.apdu_count)
                    return BridgeEnd.CARD_REMOVED
                if log.isEnabledFor(TRAFFIC):
                    log.log(TRAFFIC, "< %s", traffic.response(response))
                _send_message(sock, response)
        except _ConnectionClosed:
            return BridgeEnd.STOPPED if self._stopping.is_set() else None
        except OSError as exc:
            if self._stopping.is_set():
                return BridgeEnd.STOPPED
            log.debug("connection to vpcd lost: %s", exc)
            return None

    def _break_exchange(self, old: socket.socket, fault: ReaderFault) -> socket.socket:
        """Fail the APDU in flight while the card stays: a new connection waits in vpcd's
        queue before the old one is reset, so no presence poll ever finds the reader empty."""
        new = socket.create_connection((self.endpoint.host, self.endpoint.port), 2.0)
        new.settimeout(None)
        new.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # vpcd must see its read fail, not end: a clean close, or a reset while it waits for
        # the length, reads as an empty answer (its check of the length read compares a -1
        # with an unsigned size), which pcscd passes on as "success" without a status word.
        # So the length of an answer goes out, and a reset (linger 0) instead of its body.
        with contextlib.suppress(OSError):
            old.sendall((2).to_bytes(2, "big"))
            time.sleep(_BODY_GAP_SECONDS)
        old.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with self._lock:
            self._sock = new
        old.close()
        log.info("exchange %d failed on the reader's side: %s", self.apdu_count, fault)
        return new

    def _control(self, sock: socket.socket, code: int) -> None:
        if code == Control.GET_ATR:
            _send_message(sock, self.chip.atr)
        elif code == Control.POWER_ON:
            self.chip.power_on()
        elif code == Control.POWER_OFF:
            self.chip.power_off()
        elif code == Control.RESET:
            self.chip.reset()
        else:
            log.warning("ignoring unknown vpcd control code %d", code)
