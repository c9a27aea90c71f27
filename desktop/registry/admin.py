"""`ugyfelkapu-admin`: look after the registry from a terminal.

Every command opens the registry the way the app does (`open_service`), with the database
from `--db PATH` (a SQLite file) or `--db postgresql://…` (the password then comes from libpq's
PGPASSWORD or ~/.pgpass, never from the command line), or from the config. Failures print one
clear line (Hungarian, then English) on stderr and exit non-zero; nothing secret is printed
except by `demo`, whose registration codes are the demo data's own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.config import Config, config_from_mapping, load_config
from desktop.messages import Message
from desktop.registry import demo
from desktop.registry.errors import RegistrationError
from desktop.registry.service import RegistrationService

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ugyfelkapu-admin",
        description="Az Ügyfélkapu-nyilvántartás kezelése / Administer the Ügyfélkapu registry",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--config", metavar="FILE", type=Path, help="TOML config file")
    where.add_argument(
        "--db",
        metavar="PATH|URL",
        help="the registry database file, or a postgresql:// url (no password in it)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("init", help="create (or migrate) the registry and its secret key")
    imp = sub.add_parser("import-citizens", help="import a citizen CSV, all or nothing")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    sub.add_parser("demo", help="import the demo citizens; print document, CAN and code")
    sub.add_parser("accounts", help="list accounts (no secrets)")
    sub.add_parser("outbox", help="list mail waiting to be delivered")
    sub.add_parser("deliver", help="deliver all waiting mail now")
    unlock = sub.add_parser("unlock", help="lift the locks on a document and its account")
    unlock.add_argument("document_number", metavar="DOCNO")
    sub.add_parser(
        "kiosk-pin",
        help="read an attendant PIN (twice on a terminal, once from a pipe) and print its "
        "Argon2id hash for [kiosk] attendant_pin_hash",
    )
    certs = sub.add_parser(
        "kiosk-cert", help="the operator's kiosk certificates: init-ca, issue, revoke, list"
    )
    certs.add_argument("action", choices=["init-ca", "issue", "revoke", "list"])
    certs.add_argument("name", nargs="?", help="the kiosk's name (issue, revoke) or the CA's")
    certs.add_argument("--ca-dir", type=Path, required=True, metavar="DIR", help="the CA's files")
    certs.add_argument("--out", type=Path, metavar="DIR", help="where issue writes NAME.crt/.key")
    certs.add_argument("--days", type=int, default=None, help="validity in days")
    cp = sub.add_parser(
        "copy-from-sqlite",
        help="copy a SQLite registry (and its key) into the empty PostgreSQL registry named by "
        "--db or the config; refused when the target is not empty",
    )
    cp.add_argument("file", type=Path, metavar="REGISTRY.sqlite3")
    aud = sub.add_parser("audit", help="show the audit log, newest last")
    aud.add_argument("--limit", type=int, default=100, help="how many entries (default 100)")
    return p


def _open(args: argparse.Namespace) -> RegistrationService:
    from desktop.registry import open_service

    return open_service(_config(args))


def _config(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    if args.db is not None and args.db.startswith(("postgresql://", "postgres://")):
        # Checked like the config's own `[registry] url`: a password in it is refused.
        registry = config_from_mapping({"registry": {"url": args.db}}).registry
        config = replace(config, registry=registry)
    elif args.db is not None:
        db = Path(args.db).resolve()
        config = replace(config, data_dir=db.parent, database=db)
    return config


def _copy_from_sqlite(args: argparse.Namespace) -> int:
    from desktop.registry.copy_registry import copy_sqlite_to_postgresql

    counts = copy_sqlite_to_postgresql(args.file.resolve(), _config(args))
    for table, n in counts.items():
        _print(f"{table}: {n}")
    _print("A nyilvántartás átmásolva / The registry was copied")
    return EXIT_OK


def _print(*lines: str) -> None:
    for line in lines:
        print(line)


def _kiosk_pin() -> int:
    import getpass

    # The kiosk's own policy and hashing (no Qt in that module), so the command accepts
    # exactly the PINs the kiosk does.
    from desktop.kiosk.pin import PinFormatError, hash_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("PIN: ")
        if getpass.getpass("PIN újra / again: ") != pin:
            _fail(Message("A két PIN nem egyezik.", "The two PINs differ."))
            return EXIT_FAILED
    else:
        pin = sys.stdin.readline().strip()
    try:
        _print(hash_pin(pin))
    except PinFormatError as exc:
        _fail(exc.message)
        return EXIT_FAILED
    return EXIT_OK


def _kiosk_cert(args: argparse.Namespace) -> int:
    from desktop.registry_service import kiosk_certs

    try:
        return _kiosk_cert_action(args, kiosk_certs)
    except kiosk_certs.KioskCertError as exc:
        _fail(exc.message)
        return EXIT_FAILED


def _kiosk_cert_action(args: argparse.Namespace, kiosk_certs: Any) -> int:
    ca_dir: Path = args.ca_dir
    if args.action == "list":
        for c in kiosk_certs.listing(ca_dir):
            state = f"visszavonva / revoked {c.revoked_at:%Y-%m-%d %H:%M}" if c.revoked_at else "ok"
            _print(f"{c.name:<24} {c.serial:x}  until {c.not_after:%Y-%m-%d}  {state}")
        return EXIT_OK
    if not args.name:
        _fail(Message("Adja meg a nevet.", "Give the name."))
        return EXIT_USAGE
    if args.action == "init-ca":
        cert = kiosk_certs.init_ca(ca_dir, args.name, **({"days": args.days} if args.days else {}))
        _print(f"A kiadó kész / The CA is ready: {cert} ([tls] client_ca)")
        _print(f"Visszavonási lista / Revocation list: {ca_dir / kiosk_certs.CRL} ([tls] revoked)")
    elif args.action == "issue":
        out = args.out or Path.cwd()
        cert, key = kiosk_certs.issue(
            ca_dir, args.name, out, **({"days": args.days} if args.days else {})
        )
        _print(f"{cert}", f"{key}", "([registry] client_cert, client_key)")
    else:
        serial = kiosk_certs.revoke(ca_dir, args.name)
        _print(
            f"visszavonva / revoked: {args.name} ({serial:x}); "
            f"{ca_dir / kiosk_certs.CRL} frissítve / updated"
        )
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Run one parsed command; returns the exit code."""
    if args.command == "kiosk-pin":
        return _kiosk_pin()  # needs no registry
    if args.command == "kiosk-cert":
        return _kiosk_cert(args)  # needs no registry either
    if args.command == "copy-from-sqlite":
        return _copy_from_sqlite(args)  # before the target is opened (and given a key)
    with _open(args) as service:
        cmd = args.command
        if cmd == "init":
            service.record_admin_action("init")
            _print(f"A nyilvántartás kész / The registry is ready: {service.where}")
        elif cmd == "import-citizens":
            count = service.import_citizens_csv(args.file)
            _print(f"{count} polgár betöltve / {count} citizens imported")
        elif cmd == "demo":
            added = demo.seed_demo(service)
            _print(f"{added} bemutató polgár betöltve / {added} demo citizens imported", "")
            _print("document   CAN     registration code  name")
            for c in demo.demo_citizens():
                note = " (lejárt / expired)" if c.document_number == "095533AA" else ""
                if c.document_number == demo.EMBEDDED_DEFAULT:
                    note = " (alapértelmezett / embedded default)"
                _print(
                    f"{c.document_number:<10} {c.can or '-':<7} {c.registration_code:<18} "
                    f"{c.name}{note}"
                )
            service.record_admin_action("demo")
        elif cmd == "accounts":
            accounts = service.accounts()
            _print("username             document  state      created (UTC)     e-mail")
            for a in accounts:
                lock = f"  locked until {a.locked_until:%Y-%m-%d %H:%M}" if a.locked_until else ""
                _print(
                    f"{a.username:<20} {a.document_number:<9} {a.state:<10} "
                    f"{a.created_at:%Y-%m-%d %H:%M}  {a.email}{lock}"
                )
            _print(f"{len(accounts)} fiók / accounts")
        elif cmd == "outbox":
            listed = service.queued_mail(include_given_up=True)
            for q in listed:
                if q.given_up_at is not None:
                    state = (
                        f"feladva / given up {q.given_up_at:%Y-%m-%d %H:%M} UTC "
                        "(az aktiváló kód lejárt / activation code expired)"
                    )
                else:
                    state = f"next {q.next_attempt_at:%Y-%m-%d %H:%M:%S} UTC"
                _print(
                    f"#{q.id} to {q.recipient}  queued {q.created_at:%Y-%m-%d %H:%M} UTC  "
                    f"attempts {q.attempts}  {state}"
                    + (f"  last error: {q.last_error}" if q.last_error else "")
                )
            given_up = sum(1 for q in listed if q.given_up_at is not None)
            _print(f"{len(listed) - given_up} levél vár / mails waiting")
            if given_up:
                _print(f"{given_up} levél feladva / mails given up")
        elif cmd == "deliver":
            report = service.deliver_queued(force=True)
            _print(
                f"elküldve / sent: {report.sent}, sikertelen / failed: {report.failed}, "
                f"feladva / given up: {report.given_up}"
            )
            service.record_admin_action(
                f"deliver: sent {report.sent}, failed {report.failed}, given up {report.given_up}"
            )
            if report.failed:
                return EXIT_FAILED
        elif cmd == "unlock":
            changed = service.unlock(args.document_number)
            _print("feloldva / unlocked" if changed else "nem volt zárolva / was not locked")
        elif cmd == "audit":
            for e in service.audit_entries(args.limit):
                _print(
                    f"{e.at:%Y-%m-%d %H:%M:%S} {e.event:<18} {e.outcome:<8} "
                    f"{e.subject or '-'}" + (f"  ({e.detail})" if e.detail else "")
                )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """The `ugyfelkapu-admin` entry point."""
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except RegistrationError as exc:
        _fail(exc.message)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # The terminal or pipe we print to went away, or a file the command names failed.
        _fail(
            Message(
                f"Be- vagy kimeneti hiba: {exc.strerror or type(exc).__name__}",
                f"Input or output error: {exc.strerror or type(exc).__name__}",
            )
        )
        return EXIT_FAILED
    except Exception as exc:
        # Every failure is one clear message, no traceback; only the type, because the text of
        # an unexpected error could carry a row of data.
        _fail(
            Message(
                f"Váratlan hiba ({type(exc).__name__}). A félbemaradt lépés nem került be.",
                f"Unexpected error ({type(exc).__name__}). The step that failed was undone.",
            )
        )
        return EXIT_FAILED


def _fail(message: Message) -> None:
    print(f"hiba: {message.hu}\nerror: {message.en}", file=sys.stderr)
