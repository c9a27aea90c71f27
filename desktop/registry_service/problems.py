"""RFC 9457 problem details: every refusal and fault as `application/problem+json`.

The body carries the error's stable `code` and its `data()`, so the client rebuilds exactly
the error the local registry would have raised (`desktop.registration.errors.error_from_wire`).
The HTTP status only groups them for proxies and logs; the client goes by `code`.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from desktop.registration.errors import RegistrationError, SystemFault

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:ugyfelkapu:problem:"

# The service's own problems, beside the registry's errors (the client knows these codes).
RATE_LIMITED = "rate-limited"
BAD_REQUEST = "bad-request"
CERTIFICATE_REFUSED = "certificate-refused"
IDEMPOTENCY_IN_PROGRESS = "idempotency-in-progress"
IDEMPOTENCY_MISMATCH = "idempotency-key-reused"
TOO_LARGE = "request-too-large"
TIMED_OUT = "request-timed-out"
INTERNAL = "internal-error"
NOT_FOUND = "not-found"

_STATUS = {
    "rule-violation": 422,
    "verification-failed": 403,
    "document-locked": 423,
    "document-expired": 403,
    "already-registered": 409,
    "verification-expired": 410,
    "username-taken": 409,
    "unknown-account": 404,
    "invalid-activation-code": 403,
    "activation-code-expired": 410,
    "invalid-second-factor-code": 403,
    "sign-in-failed": 401,
    "account-locked": 423,
    "second-factor-not-enrolled": 409,
    "resend-too-soon": 429,
    "too-many-attempts": 429,
}


class Problem(BaseModel):
    """An RFC 9457 problem; `code` and `data` are the registry error's own."""

    type: str
    title: str
    status: int
    code: str
    data: dict[str, Any] = Field(default_factory=dict)
    detail: str | None = None


def status_for(error: RegistrationError) -> int:
    if isinstance(error, SystemFault):
        return 503
    return _STATUS.get(error.code, 400)


def problem_response(
    status: int,
    code: str,
    title: str,
    data: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(type=TYPE_BASE + code, title=title, status=status, code=code, data=data or {})
    return JSONResponse(
        body.model_dump(exclude_none=True),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers=headers,
    )


def error_response(error: RegistrationError) -> JSONResponse:
    return problem_response(status_for(error), error.code, error.message.en, error.data())


def error_body(error: RegistrationError) -> dict[str, Any]:
    status = status_for(error)
    return Problem(
        type=TYPE_BASE + error.code,
        title=error.message.en,
        status=status,
        code=error.code,
        data=error.data(),
    ).model_dump(exclude_none=True)
