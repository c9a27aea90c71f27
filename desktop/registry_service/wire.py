"""The JSON bodies of the service, as pydantic models (they make the OpenAPI document).

Every string has a length bound: the registry's rules say what is right, these only keep a
request's size in proportion. Secrets travel only in request bodies and in the one answer that
must hand them over (the second-factor enrolment), never in a URL, so no access log sees them.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

_SHORT = 256


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VerifyRequest(_In):
    document_number: str = Field(max_length=_SHORT)
    registration_code: str = Field(max_length=_SHORT)


class UsernameRequest(_In):
    username: str = Field(max_length=_SHORT)


class RegisterRequest(_In):
    verification_token: str = Field(max_length=_SHORT)
    username: str = Field(max_length=_SHORT)
    email: str = Field(max_length=_SHORT)


class ActivateRequest(_In):
    username: str = Field(max_length=_SHORT)
    activation_code: str = Field(max_length=_SHORT)
    password: str = Field(max_length=1024)


class ConfirmRequest(_In):
    username: str = Field(max_length=_SHORT)
    totp_code: str = Field(max_length=_SHORT)


class SignInRequest(_In):
    username: str = Field(max_length=_SHORT)
    password: str = Field(max_length=1024)
    totp_code: str = Field(max_length=_SHORT)


class PersonOut(BaseModel):
    document_number: str
    family_name: str
    given_names: str
    birth_family_name: str
    birth_given_names: str
    mother_name: str
    birth_place: str
    birth_date: date
    nationality: str
    sex: str
    address: str
    document_expiry: date


class VerificationOut(BaseModel):
    """`token` is an opaque, random id of a verification the registry keeps (as a keyed hash)
    with its expiry; the person's data is for showing only and is never sent back."""

    token: str
    expires_at: datetime
    person: PersonOut


class Availability(BaseModel):
    available: bool


class PendingAccountOut(BaseModel):
    username: str
    email: str
    activation_expires_at: datetime
    mail_status: str = Field(pattern="^(sent|queued)$")


class EnrolmentOut(BaseModel):
    username: str
    secret_base32: str
    otpauth_uri: str
    recovery_code: str


class Confirmed(BaseModel):
    confirmed: bool


class SignedInOut(BaseModel):
    username: str
    display_name: str
    used_recovery_code: bool


class Health(BaseModel):
    status: str
