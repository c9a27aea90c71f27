"""`RemoteRegistry`: the registry contract, each step one HTTPS request to the service.

Answers become the contract's frozen records; problems become the very error the local
registry raises (`error_from_wire` on the problem's `code` and `data`). A connection that
fails, drops or times out is `RegistryUnreachable`: nothing the person typed is lost, and the
wizard may try again.

register and activate carry an `Idempotency-Key`. The key of a step that got no answer is kept
(in memory, by a keyed hash of the step's arguments) and sent again when the same step is
tried again, from this call's own retry or the person's "try again": the service answers a
repeated key with its first answer, so a dropped answer never makes a second account or mail.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import ssl
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import httpx

from desktop.config import RegistryServiceConfig
from desktop.registration.errors import (
    ClientRefused,
    RegistrationError,
    RegistryBusy,
    RegistryUnreachable,
    error_from_wire,
)
from desktop.registration.mail import DeliveryReport, QueuedMail
from desktop.registration.models import (
    MailStatus,
    PendingAccount,
    Person,
    SecondFactorEnrolment,
    SignedIn,
    Verification,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
# Transport failures a step retries by itself (with its key) before telling the person.
AUTOMATIC_RETRIES = 2
_IN_PROGRESS = "idempotency-in-progress"


def client_context(settings: RegistryServiceConfig) -> ssl.SSLContext:
    """TLS towards the service: its CA (or the system's), and this kiosk's certificate."""
    ctx = ssl.create_default_context(
        cafile=str(settings.ca_file) if settings.ca_file is not None else None
    )
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if settings.client_cert is not None and settings.client_key is not None:
        ctx.load_cert_chain(str(settings.client_cert), str(settings.client_key))
    return ctx


class RemoteRegistry:
    """The registry contract over HTTPS (`RegistrationService` and `MailQueue`)."""

    def __init__(
        self, settings: RegistryServiceConfig, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings
        self._http = httpx.Client(
            base_url=settings.url,
            verify=client_context(settings),
            timeout=httpx.Timeout(settings.timeout, connect=min(settings.timeout, 10.0)),
            transport=transport,
            headers={"Accept": "application/json, application/problem+json"},
        )
        self._keys: dict[bytes, str] = {}
        self._keys_lock = threading.Lock()
        self._salt = secrets.token_bytes(32)

    # --- the person's steps --------------------------------------------------------------------

    def verify(self, document_number: str, registration_code: str) -> Verification:
        body = self._post(
            "/v1/verify",
            {"document_number": document_number, "registration_code": registration_code},
        )
        p = body["person"]
        person = Person(
            **{k: p[k] for k in _PERSON_TEXT},
            birth_date=date.fromisoformat(p["birth_date"]),
            document_expiry=date.fromisoformat(p["document_expiry"]),
        )
        return Verification(
            token=body["token"], person=person, expires_at=_moment(body["expires_at"])
        )

    def check_username(self, username: str) -> None:
        self._post("/v1/username-check", {"username": username})

    def register(self, verification: Verification, username: str, email: str) -> PendingAccount:
        body = self._post(
            "/v1/register",
            {"verification_token": verification.token, "username": username, "email": email},
            idempotent=("register", verification.token, username, email),
        )
        return _pending(body)

    def resend_activation(self, username: str) -> PendingAccount:
        return _pending(self._post("/v1/resend-activation", {"username": username}))

    def activate(self, username: str, activation_code: str, password: str) -> SecondFactorEnrolment:
        body = self._post(
            "/v1/activate",
            {"username": username, "activation_code": activation_code, "password": password},
            idempotent=("activate", username, activation_code, password),
        )
        return SecondFactorEnrolment(
            username=body["username"],
            secret_base32=body["secret_base32"],
            otpauth_uri=body["otpauth_uri"],
            recovery_code=body["recovery_code"],
        )

    def confirm_second_factor(self, username: str, totp_code: str) -> None:
        self._post("/v1/confirm-second-factor", {"username": username, "totp_code": totp_code})

    def sign_in(self, username: str, password: str, totp_code: str) -> SignedIn:
        body = self._post(
            "/v1/sign-in", {"username": username, "password": password, "totp_code": totp_code}
        )
        return SignedIn(
            username=body["username"],
            display_name=body["display_name"],
            used_recovery_code=body["used_recovery_code"],
        )

    def deliver_queued(self) -> DeliveryReport:
        """Nothing to do here: the service's own deliverer sends its outbox."""
        return DeliveryReport(sent=0, failed=0)

    def queued_mail(self) -> Sequence[QueuedMail]:
        """The outbox is the service's (its operator sees it); a kiosk has none of its own."""
        return ()

    def health(self) -> bool:
        try:
            return self._http.get("/health").status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._http.close()

    # --- the wire ------------------------------------------------------------------------------

    def _post(
        self, path: str, payload: Mapping[str, Any], *, idempotent: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        headers: dict[str, str] = {}
        slot = None
        if idempotent is not None:
            slot = hmac.new(self._salt, "\x1f".join(idempotent).encode(), hashlib.sha256).digest()
            with self._keys_lock:
                key = self._keys.setdefault(slot, secrets.token_urlsafe(24))
            headers[IDEMPOTENCY_HEADER] = key
        attempts = AUTOMATIC_RETRIES + 1 if idempotent is not None else 1
        deadline = time.monotonic() + self.settings.timeout
        while True:
            try:
                response = self._http.post(path, json=dict(payload), headers=headers)
            except httpx.TransportError:
                attempts -= 1
                if attempts <= 0 or time.monotonic() > deadline:
                    raise RegistryUnreachable() from None
                time.sleep(0.2)
                continue
            busy = response.status_code == 409 and _code(response) == _IN_PROGRESS
            # 504: the step outran the service's time limit and may still finish; with a key,
            # asking again is safe and gets its answer once there is one.
            if busy or (idempotent is not None and response.status_code == 504):
                # The first try of this very step is still being answered: wait for it.
                if time.monotonic() > deadline:
                    raise RegistryUnreachable()
                time.sleep(_retry_after(response, 1))
                continue
            break
        if slot is not None:
            with self._keys_lock:
                self._keys.pop(slot, None)  # answered: a new attempt is a new request
        if response.status_code == 200:
            body = response.json()
            if not isinstance(body, dict):
                raise RegistryUnreachable()
            return body
        raise _error(response)


_PERSON_TEXT = (
    "document_number",
    "family_name",
    "given_names",
    "birth_family_name",
    "birth_given_names",
    "mother_name",
    "birth_place",
    "nationality",
    "sex",
    "address",
)


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _pending(body: Mapping[str, Any]) -> PendingAccount:
    return PendingAccount(
        username=body["username"],
        email=body["email"],
        activation_expires_at=_moment(body["activation_expires_at"]),
        mail_status=MailStatus(body["mail_status"]),
    )


def _code(response: httpx.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


def _retry_after(response: httpx.Response, default: int) -> int:
    text = response.headers.get("Retry-After", "")
    return int(text) if text.isdigit() else default


def _error(response: httpx.Response) -> RegistrationError:
    """The error a problem names; one of the network's own faults for anything else."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code")
        if code == "rate-limited":
            return RegistryBusy(_retry_after(response, 1))
        if code == "certificate-refused":
            return ClientRefused()
        data = body.get("data")
        if isinstance(code, str) and isinstance(data, dict):
            try:
                return error_from_wire({"code": code, "data": data})
            except ValueError:
                pass
    return RegistryUnreachable()
