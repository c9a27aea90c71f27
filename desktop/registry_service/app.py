"""The ASGI application: one endpoint per operation of the registry's contract, and health.

Each endpoint runs the registry's (blocking) call on a worker thread with a time limit, and
answers a refusal or fault as a problem (`problems`). Requests from a kiosk (a verified client
certificate) are recorded in the registry's audit log with the kiosk's name; a revoked
certificate is refused with 403 before anything else. verify and sign-in pass the rate limits
first. register and activate take an `Idempotency-Key`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from typing import Annotated, Any, TypeVar, cast

import anyio
from fastapi import FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desktop.registration.errors import (
    RegistrationError,
    SystemFault,
    UsernameTaken,
    VerificationExpired,
)
from desktop.registration.models import MailStatus, Verification
from desktop.registry.service import RegistrationService as Registry
from desktop.registry_service import problems, wire
from desktop.registry_service.idempotency import (
    Answer,
    IdempotencyStore,
    InProgress,
    KeyReused,
    fingerprint,
    run_once,
)
from desktop.registry_service.limits import RateLimiter
from desktop.registry_service.settings import Limits
from desktop.registry_service.tls import Peer, Revocations, state_peer

log = logging.getLogger("desktop.registry_service")
T = TypeVar("T")
API_VERSION = "1"
DELIVER_EVERY_SECONDS = 15.0
IDEMPOTENCY_HEADER = "Idempotency-Key"
_KEY_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"

# Every endpoint may answer with any of these (the client goes by the problem's code).
_PROBLEM_STATUSES = (400, 401, 403, 404, 409, 410, 413, 422, 423, 429, 503, 504)


class _Timeout(Exception):
    pass


def create_app(
    registry: Registry,
    idempotency: IdempotencyStore,
    *,
    limits: Limits | None = None,
    revoked: Revocations | None = None,
    deliver_every: float | None = DELIVER_EVERY_SECONDS,
) -> FastAPI:
    """The service over an open registry. `deliver_every` None: no outbox deliverer."""
    limits = limits or Limits()
    revocations = revoked or Revocations(None)
    limiter = RateLimiter(limits)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        stop = threading.Event()
        worker = None
        if deliver_every is not None:
            worker = threading.Thread(
                target=_deliver_loop,
                args=(registry, stop, deliver_every),
                daemon=True,
                name="outbox-deliverer",
            )
            worker.start()
        try:
            yield
        finally:
            stop.set()
            if worker is not None:
                worker.join(timeout=30)

    app = FastAPI(
        title="Ügyfélkapu registry",
        version=API_VERSION,
        description="The registration steps of Ügyfélkapu over HTTPS. Kiosks authenticate with "
        "client certificates; refusals and faults are RFC 9457 problems with the registry "
        "error's stable `code` and `data`.",
        lifespan=lifespan,
        responses={
            status: {"model": problems.Problem, "description": "A refusal or fault"}
            for status in _PROBLEM_STATUSES
        },
    )
    app.add_middleware(_BodyLimit, max_bytes=limits.max_body_bytes)

    @app.exception_handler(RegistrationError)
    async def registration_error(_r: Request, exc: RegistrationError) -> JSONResponse:
        if isinstance(exc, SystemFault):
            log.warning("registry fault: %s", exc.code)
        return problems.error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_r: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and what kind, never the value (it may be a password).
        fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        return problems.problem_response(
            400, problems.BAD_REQUEST, "The request does not fit the API", {"fields": fields}
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_r: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = problems.NOT_FOUND if exc.status_code == 404 else problems.BAD_REQUEST
        # Starlette's own headers, such as Allow on a 405, go along.
        return problems.problem_response(
            exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {})
        )

    @app.exception_handler(_Timeout)
    async def timed_out(_r: Request, _exc: _Timeout) -> JSONResponse:
        return problems.problem_response(
            504,
            problems.TIMED_OUT,
            "The registry did not answer in time",
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(InProgress)
    async def in_progress(_r: Request, _exc: InProgress) -> JSONResponse:
        return problems.problem_response(
            409,
            problems.IDEMPOTENCY_IN_PROGRESS,
            "The same request is being answered",
            headers={"Retry-After": "1"},
        )

    @app.exception_handler(KeyReused)
    async def key_reused(_r: Request, _exc: KeyReused) -> JSONResponse:
        return problems.problem_response(
            422, problems.IDEMPOTENCY_MISMATCH, "The idempotency key was used for another request"
        )

    @app.exception_handler(Exception)
    async def internal(_r: Request, exc: Exception) -> JSONResponse:
        # The type only: an unexpected error's text might carry what it was given.
        log.error("internal error: %s", type(exc).__name__)
        return problems.problem_response(500, problems.INTERNAL, "Internal error")

    async def call(fn: Callable[[], T]) -> T:
        try:
            with anyio.fail_after(limits.request_seconds):
                return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)
        except TimeoutError:
            raise _Timeout from None

    def kiosk(request: Request) -> Peer | None:
        peer = state_peer(request.scope.get("state", {}))
        if peer is not None and revocations.is_revoked(peer.serial):
            raise _Refused
        return peer

    def limited(request: Request, peer: Peer | None) -> JSONResponse | None:
        wait = limiter.check(source_of(request, peer))
        if wait is None:
            return None
        return problems.problem_response(
            429,
            problems.RATE_LIMITED,
            "Too many requests; try again later",
            {"retry_after": wait},
            headers={"Retry-After": str(wait)},
        )

    def audited(
        peer: Peer | None, operation: str, subject: str | None, fn: Callable[[], T]
    ) -> Callable[[], T]:
        """`fn`, with a kiosk's request recorded in the audit log by the kiosk's name."""
        if peer is None:
            return fn

        def run() -> T:
            outcome = "ok"
            try:
                return fn()
            except RegistrationError as exc:
                outcome = exc.code
                raise
            finally:
                registry.record_admin_action(
                    f"{operation} {outcome} via kiosk {peer.name}", subject
                )

        return run

    @app.exception_handler(_Refused)
    async def refused(_r: Request, _exc: _Refused) -> JSONResponse:
        return problems.problem_response(
            403, problems.CERTIFICATE_REFUSED, "This client certificate has been revoked"
        )

    @app.get("/health", response_model=wire.Health, tags=["service"])
    async def health() -> wire.Health:
        return wire.Health(status="ok")

    @app.post("/v1/verify", response_model=wire.VerificationOut, tags=["registration"])
    async def verify(body: wire.VerifyRequest, request: Request) -> Any:
        peer = kiosk(request)
        if (busy := limited(request, peer)) is not None:
            return busy
        subject = body.document_number.strip().upper()[:32]
        v = await call(
            audited(
                peer,
                "verify",
                subject,
                lambda: registry.verify(
                    body.document_number, body.registration_code, source=source_of(request, peer)
                ),
            )
        )
        return wire.VerificationOut(
            token=v.token, expires_at=v.expires_at, person=wire.PersonOut(**asdict(v.person))
        )

    @app.post("/v1/username-check", response_model=wire.Availability, tags=["registration"])
    async def check_username(body: wire.UsernameRequest, request: Request) -> Any:
        kiosk(request)
        await call(lambda: registry.check_username(body.username))
        return wire.Availability(available=True)

    @app.post("/v1/register", response_model=wire.PendingAccountOut, tags=["registration"])
    async def register(
        body: wire.RegisterRequest,
        request: Request,
        idempotency_key: Annotated[str, Header(alias=IDEMPOTENCY_HEADER, pattern=_KEY_PATTERN)],
    ) -> Any:
        peer = kiosk(request)
        verification = _token_only(body.verification_token)

        def step() -> Answer:
            return _answer(
                lambda: _pending(registry.register(verification, body.username, body.email))
            )

        def run() -> Answer:
            return run_once(
                idempotency,
                idempotency_key,
                "register",
                fingerprint("register", body.verification_token, body.username, body.email),
                limits.request_seconds * 2,
                step,
                lambda t: _recover_register(registry, body, step, t),
            )

        answer = await call(audited(peer, "register", body.username[:64], run))
        return _reply(answer)

    @app.post("/v1/resend-activation", response_model=wire.PendingAccountOut, tags=["registration"])
    async def resend(body: wire.UsernameRequest, request: Request) -> Any:
        peer = kiosk(request)
        pending = await call(
            audited(
                peer,
                "resend",
                body.username[:64],
                lambda: registry.resend_activation(body.username),
            )
        )
        return _pending(pending)

    @app.post("/v1/activate", response_model=wire.EnrolmentOut, tags=["registration"])
    async def activate(
        body: wire.ActivateRequest,
        request: Request,
        idempotency_key: Annotated[str, Header(alias=IDEMPOTENCY_HEADER, pattern=_KEY_PATTERN)],
    ) -> Any:
        peer = kiosk(request)
        source = source_of(request, peer)
        enrolment: list[wire.EnrolmentOut] = []

        def step() -> Answer:
            def go() -> dict[str, Any]:
                e = registry.activate(
                    body.username, body.activation_code, body.password, source=source
                )
                enrolment.append(
                    wire.EnrolmentOut(
                        username=e.username,
                        secret_base32=e.secret_base32,
                        otpauth_uri=e.otpauth_uri,
                        recovery_code=e.recovery_code,
                    )
                )
                return {}

            answer = _answer(go)
            # The enrolment holds secrets: its answer is not stored (see `idempotency`).
            return Answer(answer.status, None) if answer.status == 200 else answer

        def run() -> Answer:
            return run_once(
                idempotency,
                idempotency_key,
                "activate",
                fingerprint("activate", body.username),
                limits.request_seconds * 2,
                step,
                lambda _t: step(),
            )

        # A repeat of a successful activation finds no stored answer and runs `step` again
        # (`run_once`), so a 200 always comes with this request's own enrolment.
        answer = await call(audited(peer, "activate", body.username[:64], run))
        return enrolment[-1] if answer.status == 200 else _reply(answer)

    @app.post("/v1/confirm-second-factor", response_model=wire.Confirmed, tags=["registration"])
    async def confirm(body: wire.ConfirmRequest, request: Request) -> Any:
        peer = kiosk(request)
        await call(
            audited(
                peer,
                "confirm-second-factor",
                body.username[:64],
                lambda: registry.confirm_second_factor(
                    body.username, body.totp_code, source=source_of(request, peer)
                ),
            )
        )
        return wire.Confirmed(confirmed=True)

    @app.post("/v1/sign-in", response_model=wire.SignedInOut, tags=["registration"])
    async def sign_in(body: wire.SignInRequest, request: Request) -> Any:
        peer = kiosk(request)
        if (busy := limited(request, peer)) is not None:
            return busy
        s = await call(
            audited(
                peer,
                "sign-in",
                body.username[:64],
                lambda: registry.sign_in(
                    body.username, body.password, body.totp_code, source=source_of(request, peer)
                ),
            )
        )
        return wire.SignedInOut(
            username=s.username,
            display_name=s.display_name,
            used_recovery_code=s.used_recovery_code,
        )

    _problem_media_types(app)
    return app


def source_of(request: Request, peer: Peer | None) -> str:
    """Who is asking, for the rate limits and the registry's per-source failure counts: the
    kiosk by its certificate's name, anyone else by address."""
    if peer is not None:
        return f"kiosk:{peer.name}"
    return f"addr:{request.client.host if request.client else 'unknown'}"


class _Refused(Exception):
    """A revoked client certificate."""


@dataclass(frozen=True)
class _Token:
    """A verification as register reads it: only its opaque token (the person's data, shown
    at verify, is never sent back, so a client cannot alter it)."""

    token: str


def _token_only(token: str) -> Verification:
    return cast(Verification, _Token(token))


def _pending(p: Any) -> dict[str, Any]:
    return wire.PendingAccountOut(
        username=p.username,
        email=p.email,
        activation_expires_at=p.activation_expires_at,
        mail_status=p.mail_status.value,
    ).model_dump(mode="json")


def _answer(fn: Callable[[], dict[str, Any]]) -> Answer:
    """A step's answer to store: its result, or its refusal as a problem (faults propagate)."""
    try:
        return Answer(200, fn())
    except SystemFault:
        raise
    except RegistrationError as exc:
        return Answer(problems.status_for(exc), problems.error_body(exc))


def _reply(answer: Answer) -> Any:
    if answer.status == 200:
        return JSONResponse(answer.body)
    return JSONResponse(answer.body, status_code=answer.status, media_type=problems.MEDIA_TYPE)


def _recover_register(
    registry: Registry, body: wire.RegisterRequest, step: Callable[[], Answer], started_at: float
) -> Answer:
    """The answer to a register whose process died after claiming the key.

    Running it again tells what happened: a verification is spent only by a committed
    register, so "verification expired" with the username now taken means the first attempt
    made the account (its mail is in the outbox, which this service delivers), and the
    pending account is answered as the first attempt would have.
    """
    from datetime import UTC, datetime

    answer = step()
    if answer.body is None or answer.body.get("code") != VerificationExpired.code:
        return answer
    try:
        registry.check_username(body.username)
    except UsernameTaken as taken:
        from desktop.registry import rules

        address = rules.check_email(body.email)
        waiting = any(m.recipient == address for m in registry.queued_mail())
        started = datetime.fromtimestamp(started_at, UTC)
        return Answer(
            200,
            wire.PendingAccountOut(
                username=taken.username,
                email=address,
                activation_expires_at=started + registry.policy.activation_lifetime,
                mail_status=(MailStatus.QUEUED if waiting else MailStatus.SENT).value,
            ).model_dump(mode="json"),
        )
    except RegistrationError:
        pass
    return answer


def _deliver_loop(registry: Registry, stop: threading.Event, every: float) -> None:
    """The outbox deliverer: queued mail whose time has come, now and then every `every` s."""
    while not stop.is_set():
        try:
            report = registry.deliver_queued()
            if report.sent or report.failed or report.given_up:
                log.info(
                    "outbox: %d sent, %d failed, %d given up",
                    report.sent,
                    report.failed,
                    report.given_up,
                )
        except Exception as exc:  # the loop must outlive a bad moment of the database or SMTP
            log.warning("outbox delivery failed: %s", type(exc).__name__)
        stop.wait(every)


def _problem_media_types(app: FastAPI) -> None:
    """Problems are `application/problem+json` in the OpenAPI document, as they are sent."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path in schema.get("paths", {}).values():
            for op in path.values():
                for status, response in op.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {
                            problems.MEDIA_TYPE: {
                                "schema": {"$ref": "#/components/schemas/Problem"}
                            }
                        }
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


class _BodyLimit:
    """413 for a body larger than `max_bytes`, declared or streamed, before the app sees it.

    The body (16 KiB at most) is read here first and handed on whole: a limit raised from
    inside the app's own reading would be taken by FastAPI for a malformed body.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.max_bytes):
                await _too_large(scope, receive, send)
                return
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away; the app will see it
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await _too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = problems.problem_response(413, problems.TOO_LARGE, "The request body is too large")
    await response(scope, receive, send)
