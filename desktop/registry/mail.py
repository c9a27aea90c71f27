"""The activation e-mail and the two ways it leaves: an SMTP server, or `.eml` files on disk.

The file transport is the embedded default: the wizard's demo mailbox reads the files back
with `read_file_outbox`. Both transports raise `MailDeliveryError` on failure and leave the
retrying to the outbox.
"""

from __future__ import annotations

import email
import email.policy
import html
import os
import secrets
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from pathlib import Path
from typing import Protocol

from desktop.config import Config, MailConfig, MailSecurity, MailTransport
from desktop.messages import Message
from desktop.registration.mail import DeliveredMail
from desktop.registration.words import format_time_en, format_time_hu
from desktop.registry.errors import MailDeliveryError

SMTP_TIMEOUT_SECONDS = 15
SUBJECT = "Ügyfélkapu aktiváló kód / Ügyfélkapu activation code"


def compose_activation_mail(
    sender: str, recipient: str, username: str, code: str, expires_at: datetime, now: datetime
) -> EmailMessage:
    """The multipart (plain text + HTML) activation e-mail, Hungarian first, then English.

    The code stands on a line of its own so a person (or a test) can copy it out.
    """
    hu_expiry, en_expiry = format_time_hu(expires_at), format_time_en(expires_at)
    text = f"""Tisztelt Ügyfelünk!

Köszönjük, hogy regisztrált az Ügyfélkapun. A(z) {username} felhasználónév aktiváló kódja:

{code}

A kód eddig érvényes: {hu_expiry}.

Teendő: nyissa meg a regisztráló alkalmazásban az „Aktiválás” lépést, adja meg a
felhasználónevét ({username}) pontosan, kis- és nagybetűkkel, ezt a kódot és egy új jelszót.
Ezután állítsa be a hitelesítő alkalmazást (Ügyfélkapu+). Ha nem Ön regisztrált, ne tegyen
semmit: a kód lejár, és a fiók nem jön létre.

-----

Dear Client,

Thank you for registering for Ügyfélkapu. The activation code for the username {username} is:

{code}

The code is valid until: {en_expiry}.

What to do next: open the "Activation" step in the registration application, enter your
username ({username}) exactly, with its upper and lower case, this code and a new password.
Then set up your authenticator app (Ügyfélkapu+). If you did not register, do nothing: the
code will expire and no account will be created.
"""
    e = html.escape
    body = f"""<!DOCTYPE html>
<html lang="hu"><head><meta charset="utf-8"><title>{e(SUBJECT)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>Tisztelt Ügyfelünk!</p>
<p>Köszönjük, hogy regisztrált az Ügyfélkapun. A(z) <b>{e(username)}</b> felhasználónév
aktiváló kódja:</p>
<p style="font-size: 1.6em; font-family: monospace; letter-spacing: 0.1em">{e(code)}</p>
<p>A kód eddig érvényes: <b>{e(hu_expiry)}</b>.</p>
<p>Teendő: nyissa meg a regisztráló alkalmazásban az „Aktiválás” lépést, adja meg a
felhasználónevét (<b>{e(username)}</b>) pontosan, kis- és nagybetűkkel, ezt a kódot és egy új
jelszót. Ezután állítsa be a hitelesítő alkalmazást (Ügyfélkapu+). Ha nem Ön regisztrált, ne
tegyen semmit: a kód lejár, és a fiók nem jön létre.</p>
<hr>
<div lang="en">
<p>Dear Client,</p>
<p>Thank you for registering for Ügyfélkapu. The activation code for the username
<b>{e(username)}</b> is:</p>
<p style="font-size: 1.6em; font-family: monospace; letter-spacing: 0.1em">{e(code)}</p>
<p>The code is valid until: <b>{e(en_expiry)}</b>.</p>
<p>What to do next: open the "Activation" step in the registration application, enter your
username (<b>{e(username)}</b>) exactly, with its upper and lower case, this code and a new
password. Then set up your authenticator app (Ügyfélkapu+). If you did not register, do
nothing: the code will expire and no account will be created.</p>
</div>
</body></html>
"""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = SUBJECT
    msg["Date"] = format_datetime(now.astimezone(UTC))
    msg["Message-ID"] = make_msgid(idstring=secrets.token_hex(8), domain="ugyfelkapu.example")
    msg["Content-Language"] = "hu, en"
    # Quoted-printable keeps the code readable in the raw message, unlike base64.
    msg.set_content(text, cte="quoted-printable")
    msg.add_alternative(body, subtype="html", cte="quoted-printable")
    return msg


def needs_smtputf8(msg: EmailMessage) -> bool:
    """Whether an address has non-ASCII letters (an accented local part or an IDN domain)."""
    return not all(
        address.addr_spec.isascii()
        for name in ("To", "From")
        for address in getattr(msg[name], "addresses", ())
    )


def message_bytes(msg: EmailMessage) -> bytes:
    """RFC 5322 bytes with CRLF; headers as encoded words unless an address needs UTF-8."""
    policy = email.policy.SMTPUTF8 if needs_smtputf8(msg) else email.policy.SMTP
    return msg.as_bytes(policy=policy)


def parse_message(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(parsed, EmailMessage):  # the default policy builds EmailMessage
        raise TypeError("the e-mail parser did not give an EmailMessage")
    return parsed


class MailTransportProtocol(Protocol):
    def send(self, msg: EmailMessage) -> None:
        """Hand the message over; MailDeliveryError if that did not happen."""


def _failed(hu: str, en: str) -> MailDeliveryError:
    return MailDeliveryError(Message(hu, en))


class FileTransport:
    """Writes each message as an RFC 5322 `.eml` file (mode 0600) into a directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._sweep_orphaned_temporaries()

    def _sweep_orphaned_temporaries(self) -> None:
        """Remove half-written files of writers that died (kill -9, power cut) mid-write."""
        if os.name != "posix" or not self.directory.is_dir():
            return  # the liveness check below is POSIX's
        for tmp in self.directory.glob(".*.tmp"):
            try:
                pid = int(tmp.name.rsplit(".", 2)[-2])
                os.kill(pid, 0)
            except ProcessLookupError:
                tmp.unlink(missing_ok=True)
            except (ValueError, IndexError, PermissionError, OSError):
                continue  # not ours, or its writer is alive

    def send(self, msg: EmailMessage) -> None:
        # Named after the Message-ID: delivering the same message again (after a crash between
        # writing and marking it sent) replaces the file instead of adding a second one.
        message_id = str(msg["Message-ID"]).strip().strip("<>").split("@")[0]
        name = "".join(c if c.isalnum() or c in ".-_" else "_" for c in message_id)
        final = self.directory / f"{name}.eml"
        tmp = self.directory / f".{name}.{os.getpid()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(message_bytes(msg))
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, final)
            except BaseException:
                # A full disk (or any failure) leaves no half-written file behind: the mail is
                # still queued in the registry and is written whole on the next try.
                tmp.unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise _failed(
                f"Az e-mail nem írható ki ide: {self.directory} ({exc.strerror})",
                f"The e-mail cannot be written to {self.directory} ({exc.strerror})",
            ) from None


class SmtpTransport:
    """Sends through an SMTP server: STARTTLS, implicit TLS or plain, with optional login."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config

    def _tls_context(self) -> ssl.SSLContext:
        """Certificate and host name checked; against `ca_file` if set, else the system's CAs."""
        ca_file = self.config.ca_file
        try:
            return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        except (ssl.SSLError, OSError) as exc:
            # Checked when the config was read; this is the file changing since.
            raise _failed(
                f"A [mail] ca_file tanúsítványfájl nem olvasható: {ca_file} ({type(exc).__name__})",
                f"The [mail] ca_file certificate file cannot be read: {ca_file} "
                f"({type(exc).__name__})",
            ) from None

    def _password(self) -> str | None:
        if self.config.password_env is None:
            return None
        password = os.environ.get(self.config.password_env)
        if password is None:
            raise _failed(
                f"Az SMTP-jelszó környezeti változója ({self.config.password_env}) nincs "
                "beállítva.",
                f"The SMTP password's environment variable ({self.config.password_env}) is "
                "not set.",
            )
        return password

    def send(self, msg: EmailMessage) -> None:
        c = self.config
        host, port = c.host, c.effective_port
        password = self._password()
        context = self._tls_context()
        try:
            smtp: smtplib.SMTP
            if c.security is MailSecurity.TLS:
                smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
            else:
                smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
            with smtp:
                if c.security is MailSecurity.STARTTLS:
                    smtp.starttls(context=context)
                if c.username is not None:
                    _login(smtp, c.username, password or "")
                refused = smtp.send_message(msg)
            if refused:
                raise _failed(
                    "A levelezőkiszolgáló elutasította a címzettet.",
                    "The mail server refused the recipient.",
                )
        except smtplib.SMTPAuthenticationError:
            raise _failed(
                "A levelezőkiszolgáló nem fogadta el a bejelentkezést.",
                "The mail server did not accept the login.",
            ) from None
        except ssl.SSLCertVerificationError as exc:
            # Before any mail data is sent: the message and the login never left this machine.
            raise _failed(
                f"A levelezőkiszolgáló ({host}:{port}) tanúsítványa nem megbízható "
                f"({exc.verify_message}). Ellenőrizze a [mail] host és ca_file beállítást.",
                f"The mail server's ({host}:{port}) certificate is not trusted "
                f"({exc.verify_message}). Check the [mail] host and ca_file settings.",
            ) from None
        except smtplib.SMTPRecipientsRefused:
            raise _failed(
                "A levelezőkiszolgáló elutasította a címzettet.",
                "The mail server refused the recipient.",
            ) from None
        except (TimeoutError, smtplib.SMTPException, OSError, ssl.SSLError) as exc:
            reason = type(exc).__name__
            raise _failed(
                f"A levelezőkiszolgáló ({host}:{port}) nem érhető el vagy hibát jelzett "
                f"({reason}).",
                f"The mail server ({host}:{port}) cannot be reached or reported an error "
                f"({reason}).",
            ) from None


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    # One mechanism, tried once: smtplib's `login` falls through every mechanism after a
    # refusal, and some servers answer the second try by hanging up.
    smtp.ehlo_or_helo_if_needed()
    offered = smtp.esmtp_features.get("auth", "").upper().split()
    mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
    if mechanism is None:
        raise smtplib.SMTPNotSupportedError("the server offers no PLAIN or LOGIN authentication")
    smtp.user, smtp.password = username, password
    authobject = smtp.auth_plain if mechanism == "PLAIN" else smtp.auth_login
    smtp.auth(mechanism, authobject, initial_response_ok=True)


def transport_for(config: Config) -> MailTransportProtocol:
    """The transport the config asks for."""
    if config.mail.transport is MailTransport.SMTP:
        return SmtpTransport(config.mail)
    return FileTransport(config.outbox_dir)


def _content(part: object) -> str:
    if not isinstance(part, EmailMessage):
        return ""
    # On the wire lines end in CRLF; a reader wants plain newlines.
    return str(part.get_content()).replace("\r\n", "\n")


def read_file_outbox(config: Config) -> list[DeliveredMail]:
    """The mails in the file outbox, newest first. Unreadable files are skipped."""
    directory = config.outbox_dir
    if not directory.is_dir():
        return []
    mails: list[DeliveredMail] = []
    for path in directory.glob("*.eml"):
        try:
            msg = parse_message(path.read_bytes())
            received = parsedate_to_datetime(str(msg["Date"]))
        except (OSError, ValueError, TypeError):
            continue
        text_part = msg.get_body(preferencelist=("plain",))
        html_part = msg.get_body(preferencelist=("html",))
        text = _content(text_part)
        html_text = _content(html_part)
        mails.append(
            DeliveredMail(
                to=str(msg["To"]),
                subject=str(msg["Subject"]),
                text=text,
                html=html_text,
                received_at=received,
            )
        )
    mails.sort(key=lambda m: m.received_at, reverse=True)
    return mails
