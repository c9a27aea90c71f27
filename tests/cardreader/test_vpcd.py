"""The vpcd bridge against a stand-in for vpcd: a real TCP server speaking its framing."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from cardreader.errors import CardRemovedError
from cardreader.virtual.vpcd import BridgeEnd, Control, Endpoint, VpcdBridge


class RecordingChip:
    """Answers every APDU with its reversed bytes + 9000; vanishes after `vanish_after`."""

    atr = bytes.fromhex("3B8580018073C0004077")

    def __init__(self, vanish_after: int | None = None) -> None:
        self.events: list[str] = []
        self.apdus = 0
        self.vanish_after = vanish_after

    def power_on(self) -> None:
        self.events.append("on")

    def power_off(self) -> None:
        self.events.append("off")

    def reset(self) -> None:
        self.events.append("reset")

    def process(self, apdu: bytes) -> bytes:
        self.apdus += 1
        if self.vanish_after is not None and self.apdus > self.vanish_after:
            raise CardRemovedError("gone")
        return apdu[::-1] + b"\x90\x00"


class FakeVpcd:
    """Listens like vpcd and sends length and body in two writes, as vpcd does."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.port = self.server.getsockname()[1]

    @property
    def endpoint(self) -> Endpoint:
        return Endpoint("127.0.0.1", self.port)

    def accept(self) -> socket.socket:
        conn, _ = self.server.accept()
        conn.settimeout(10)
        return conn

    @staticmethod
    def send(conn: socket.socket, body: bytes) -> None:
        conn.sendall(len(body).to_bytes(2, "big"))
        conn.sendall(body)

    @staticmethod
    def receive(conn: socket.socket) -> bytes:
        header = _recv(conn, 2)
        return _recv(conn, int.from_bytes(header, "big"))

    def close(self) -> None:
        self.server.close()


def _recv(conn: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


@contextmanager
def running(bridge: VpcdBridge) -> Iterator[list[BridgeEnd]]:
    ends: list[BridgeEnd] = []
    thread = threading.Thread(target=lambda: ends.append(bridge.run()), daemon=True)
    thread.start()
    try:
        yield ends
    finally:
        bridge.stop()
        thread.join(5)
        assert not thread.is_alive(), "the bridge did not stop"


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    server = FakeVpcd()
    yield server
    server.close()


def test_bridge_answers_control_messages_and_apdus_in_any_order(vpcd: FakeVpcd) -> None:
    chip = RecordingChip()
    with running(VpcdBridge(chip, vpcd.endpoint)):
        conn = vpcd.accept()
        vpcd.send(conn, bytes([Control.POWER_ON]))
        vpcd.send(conn, bytes([Control.GET_ATR]))
        assert vpcd.receive(conn) == chip.atr
        vpcd.send(conn, bytes.fromhex("00A4040C"))
        assert vpcd.receive(conn) == bytes.fromhex("0C04A4009000")
        vpcd.send(conn, bytes([Control.GET_ATR]))  # vpcd polls between APDUs of a session
        assert vpcd.receive(conn) == chip.atr
        vpcd.send(conn, bytes([Control.RESET]))
        vpcd.send(conn, bytes([Control.POWER_OFF]))
        vpcd.send(conn, bytes([Control.GET_ATR]))
        assert vpcd.receive(conn) == chip.atr
        conn.close()
    assert chip.events[:3] == ["on", "reset", "off"]


def test_bridge_carries_apdus_of_the_largest_extended_length(vpcd: FakeVpcd) -> None:
    with running(VpcdBridge(RecordingChip(), vpcd.endpoint)):
        conn = vpcd.accept()
        apdu = bytes(range(256)) * 255  # 65280 bytes: an extended APDU plus response fit
        vpcd.send(conn, apdu)
        assert vpcd.receive(conn) == apdu[::-1] + b"\x90\x00"
        conn.close()


def test_a_round_trip_takes_well_under_delayed_ack_time(vpcd: FakeVpcd) -> None:
    # Without TCP_NODELAY/TCP_QUICKACK each exchange stalls ~40 ms on delayed ACKs, because
    # vpcd (like this stand-in) writes the length and the body separately.
    with running(VpcdBridge(RecordingChip(), vpcd.endpoint)):
        conn = vpcd.accept()
        start = time.perf_counter()
        for _ in range(50):
            vpcd.send(conn, bytes.fromhex("00B0000000"))
            vpcd.receive(conn)
        per_apdu = (time.perf_counter() - start) / 50
        conn.close()
    assert per_apdu < 0.010, f"{per_apdu * 1000:.1f} ms per APDU"


def test_a_vanishing_chip_closes_the_connection_like_a_removed_card(vpcd: FakeVpcd) -> None:
    bridge = VpcdBridge(RecordingChip(vanish_after=1), vpcd.endpoint)
    with running(bridge) as ends:
        conn = vpcd.accept()
        vpcd.send(conn, b"\x00\x01\x02\x03")
        assert vpcd.receive(conn) == b"\x03\x02\x01\x00\x90\x00"
        vpcd.send(conn, b"\x00\x01\x02\x03")
        assert conn.recv(10) == b""  # closed without an answer
        deadline = time.monotonic() + 5
        while not ends and time.monotonic() < deadline:
            time.sleep(0.01)
    assert ends == [BridgeEnd.CARD_REMOVED]
    assert bridge.apdu_count == 2


def test_bridge_reconnects_when_vpcd_goes_away_and_comes_back(vpcd: FakeVpcd) -> None:
    states: list[str] = []
    bridge = VpcdBridge(
        RecordingChip(), vpcd.endpoint, initial_backoff=0.01, on_state=states.append
    )
    with running(bridge) as ends:
        vpcd.accept().close()  # pcscd stopped
        conn = vpcd.accept()  # and started again: the card is inserted anew
        vpcd.send(conn, bytes([Control.GET_ATR]))
        assert vpcd.receive(conn) == RecordingChip.atr
    assert ends == [BridgeEnd.STOPPED]
    assert any("reconnecting" in s for s in states)


def test_bridge_waits_with_backoff_while_nothing_listens_and_stops_promptly() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again below: nothing listens there
    states: list[str] = []
    bridge = VpcdBridge(
        RecordingChip(), Endpoint("127.0.0.1", port), initial_backoff=0.01, on_state=states.append
    )
    with running(bridge) as ends:
        time.sleep(0.3)
    assert ends == [BridgeEnd.STOPPED]
    assert len([s for s in states if s.startswith("waiting for vpcd")]) == 1


@pytest.mark.parametrize(
    ("text", "endpoint"),
    [
        ("127.0.0.1:35963", Endpoint("127.0.0.1", 35963)),
        ("localhost:1", Endpoint("localhost", 1)),
        ("35964", Endpoint("127.0.0.1", 35964)),
        ("[::1]:35963", Endpoint("::1", 35963)),
    ],
)
def test_vpcd_endpoints_parse_from_host_and_port(text: str, endpoint: Endpoint) -> None:
    assert Endpoint.parse(text) == endpoint


@pytest.mark.parametrize("text", ["", "host:", "host:port", "host:0", "host:65536", "host:-1"])
def test_bad_vpcd_endpoints_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="HOST:PORT"):
        Endpoint.parse(text)


def test_a_peer_that_connects_and_closes_in_a_loop_makes_few_log_lines_and_no_busy_loop(
    vpcd: FakeVpcd, caplog: pytest.LogCaptureFixture
) -> None:
    states: list[str] = []
    accepted = 0
    stop = threading.Event()

    def hostile_peer() -> None:
        nonlocal accepted
        vpcd.server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = vpcd.server.accept()
            except OSError:
                continue
            accepted += 1
            conn.close()

    peer = threading.Thread(target=hostile_peer, daemon=True)
    peer.start()
    bridge = VpcdBridge(
        RecordingChip(),
        vpcd.endpoint,
        initial_backoff=0.01,
        max_backoff=0.2,
        on_state=states.append,
    )
    with caplog.at_level("DEBUG", logger="cardreader"), running(bridge):
        time.sleep(2.0)
    stop.set()
    peer.join(5)
    # Backing off: a handful of connections a second, not thousands ...
    assert 3 <= accepted <= 30, accepted
    # ... and one line each time the count doubles, not one (or two) per connection.
    assert len(states) <= accepted.bit_length() + 1, states
    assert not [s for s in states if s.startswith("card inserted")]
    assert len([r for r in caplog.records if r.levelno >= 20]) <= accepted.bit_length() + 1


def test_the_bridge_traffic_log_withholds_authentication_bodies(
    vpcd: FakeVpcd, caplog: pytest.LogCaptureFixture
) -> None:
    cryptogram = bytes(range(0x40, 0x68))  # 40 bytes, as an EXTERNAL AUTHENTICATE carries
    external_authenticate = bytes.fromhex("00820000") + bytes([40]) + cryptogram + b"\x28"
    bridge = VpcdBridge(RecordingChip(), vpcd.endpoint)
    with caplog.at_level(5, logger="cardreader.virtual.vpcd"), running(bridge):
        conn = vpcd.accept()
        vpcd.send(conn, external_authenticate)
        answer = vpcd.receive(conn)  # the chip's answer: the command reversed + 9000
        vpcd.send(conn, bytes.fromhex("00B0000004"))  # not authentication: shown
        vpcd.receive(conn)
        conn.close()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "> 00 82 00 00 <42 bytes withheld>" in text
    assert f"< <{len(answer) - 2} bytes withheld> 90 00" in text
    assert "> 00 B0 00 00 04" in text
    for secret in (cryptogram, answer[:-2]):
        assert secret.hex(" ").upper()[:20] not in text
        assert secret.hex()[:16] not in text
