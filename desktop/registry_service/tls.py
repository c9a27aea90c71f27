"""TLS for the service: the server context, who the client is, and revoked certificates.

uvicorn gives the application no view of the peer's certificate. `PeerH11Protocol` reads it
from the TLS transport once per connection (asyncio calls `connection_made` after the
handshake, so the certificate is known) and puts a `Peer` into the connection's copy of the
app state, which uvicorn hands every request as `scope["state"]`. Only the certificate the
TLS layer verified against `client_ca` gets there: an untrusted or expired one fails the
handshake first.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID
from uvicorn.protocols.http.h11_impl import H11Protocol

from desktop.registry_service.settings import TlsSettings

PEER_STATE_KEY = "tls_peer"


@dataclass(frozen=True)
class Peer:
    """A client that presented a certificate the client CA issued: a kiosk."""

    name: str
    serial: int


def server_context(tls: TlsSettings) -> ssl.SSLContext:
    """TLS 1.2 or newer; client certificates asked for when a client CA is set."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(tls.cert), str(tls.key))
    if tls.client_ca is not None:
        ctx.load_verify_locations(cafile=str(tls.client_ca))
        ctx.verify_mode = ssl.CERT_REQUIRED if tls.require_client_certificate else ssl.CERT_OPTIONAL
    return ctx


def peer_of(transport: asyncio.BaseTransport) -> Peer | None:
    """The verified client certificate's name (subject CN) and serial, or None."""
    ssl_object = transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return None
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    name = str(names[0].value) if names else cert.subject.rfc4514_string()
    return Peer(name=name, serial=cert.serial_number)


class PeerH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with the client certificate's `Peer` in each request's state."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # A copy per connection: the shared app state must not carry one client's identity.
        self.app_state = {**self.app_state, PEER_STATE_KEY: peer_of(transport)}


class Revocations:
    """Serial numbers in the operator's CRL; the file is read again whenever it changes."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._serials: frozenset[int] = frozenset()

    def is_revoked(self, serial: int) -> bool:
        if self._path is None:
            return False
        with self._lock:
            try:
                st = self._path.stat()
                stamp = (st.st_mtime_ns, st.st_size)
                if stamp != self._stamp:
                    crl = x509.load_pem_x509_crl(self._path.read_bytes())
                    self._serials = frozenset(r.serial_number for r in crl)
                    self._stamp = stamp
            except (OSError, ValueError):
                # An unreadable list must not let a revoked kiosk in: refuse every certificate
                # until the file is right again.
                self._stamp = None
                return True
            return serial in self._serials


def state_peer(state: dict[str, Any]) -> Peer | None:
    peer = state.get(PEER_STATE_KEY)
    return peer if isinstance(peer, Peer) else None
