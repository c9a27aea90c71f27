"""`eid-card`: list readers, read an eID document, emulate one on vpcd, watch readers.

Every expected failure ends in one line on stderr and its own exit code (see `ExitCode`, also
printed by `eid-card --help`); tracebacks are kept for bugs. The CAN and the MRZ key are never
printed, logged or put into an error message.
"""

from __future__ import annotations

import argparse
import enum
import json
import logging
import queue
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NoReturn, assert_never

from cardreader import errors
from cardreader.failures import CardFailure, chip_refusal
from cardreader.read_limits import ReadLimits

if TYPE_CHECKING:
    from cardreader.document import ReadResult
    from cardreader.passive_auth import TrustStore
    from cardreader.passwords import CardPassword
    from cardreader.transport import Transport
    from cardreader.virtual.chip import VirtualChip

log = logging.getLogger("cardreader.cli")


class ExitCode(enum.IntEnum):
    """Exit status of `eid-card`, one per class of failure (documented in --help)."""

    OK = 0
    INTERNAL_ERROR = 1
    USAGE = 2
    WRONG_PASSWORD = 3
    PASSWORD_BLOCKED = 4
    PCSC_UNAVAILABLE = 5
    NO_READER = 6
    NO_CARD = 7
    CARD_REMOVED = 8
    NOT_AN_EID = 9
    COMMUNICATION = 10
    INVALID_DOCUMENT = 11
    UNSUPPORTED_CARD = 12
    BAD_PROFILE = 13
    CHIP_NOT_GENUINE = 14
    CHIP_NOT_PROVEN = 15
    INTERRUPTED = 130


_EXIT_HELP = {
    ExitCode.OK: "success",
    ExitCode.INTERNAL_ERROR: "unexpected internal error (a bug: please report it)",
    ExitCode.USAGE: "bad command line (e.g. a CAN that is not 6 digits)",
    ExitCode.WRONG_PASSWORD: "wrong CAN or MRZ key",
    ExitCode.PASSWORD_BLOCKED: "the chip blocked the CAN / MRZ key after too many tries",
    ExitCode.PCSC_UNAVAILABLE: "the PC/SC service is not running",
    ExitCode.NO_READER: "no card reader (or not the named one)",
    ExitCode.NO_CARD: "no card in the reader",
    ExitCode.CARD_REMOVED: "the card was removed during the read",
    ExitCode.NOT_AN_EID: "the card is not an electronic ID or passport",
    ExitCode.COMMUNICATION: "communication with the card failed (timeout, broken secure channel)",
    ExitCode.INVALID_DOCUMENT: "the chip's data are invalid (e.g. an MRZ check digit)",
    ExitCode.UNSUPPORTED_CARD: "the chip offers only protocols this program does not speak",
    ExitCode.BAD_PROFILE: "the virtual-card profile is missing or invalid",
    ExitCode.CHIP_NOT_GENUINE: "the chip failed to prove it is genuine (chip authentication "
    "failed: a copied or altered chip)",
    ExitCode.CHIP_NOT_PROVEN: "chip authentication was required but the chip offers none "
    "that passive authentication covers",
    ExitCode.INTERRUPTED: "interrupted (Ctrl+C or SIGTERM)",
}


def exit_code(kind: CardFailure) -> ExitCode:
    """The exit code for each kind of card failure (mypy checks that none is left out)."""
    match kind:
        case CardFailure.PASSWORD_FORMAT | CardFailure.TRUST_STORE:
            # Both are what was given on the command line (a CAN, --csca).
            return ExitCode.USAGE
        case CardFailure.WRONG_PASSWORD | CardFailure.CAN_NOT_ACCEPTED:
            return ExitCode.WRONG_PASSWORD
        case CardFailure.PASSWORD_BLOCKED:
            return ExitCode.PASSWORD_BLOCKED
        case CardFailure.PCSC_UNAVAILABLE:
            return ExitCode.PCSC_UNAVAILABLE
        case CardFailure.NO_READER:
            return ExitCode.NO_READER
        case CardFailure.NO_CARD:
            return ExitCode.NO_CARD
        case CardFailure.CARD_REMOVED:
            return ExitCode.CARD_REMOVED
        case CardFailure.CARD_IN_USE:
            # No number of its own: the exit codes are a contract, and the words say more.
            return ExitCode.COMMUNICATION
        case CardFailure.NOT_AN_EID:
            return ExitCode.NOT_AN_EID
        case CardFailure.INVALID_DOCUMENT:
            return ExitCode.INVALID_DOCUMENT
        case CardFailure.UNSUPPORTED_PROTOCOL:
            return ExitCode.UNSUPPORTED_CARD
        case (
            CardFailure.COMMUNICATION
            | CardFailure.TIMEOUT
            | CardFailure.SECURE_MESSAGING
            | CardFailure.MALFORMED_ANSWER
            | CardFailure.CANCELLED
        ):
            return ExitCode.COMMUNICATION
        case CardFailure.CHIP_NOT_GENUINE:
            return ExitCode.CHIP_NOT_GENUINE
        case CardFailure.CHIP_PROOF_MISSING:
            return ExitCode.CHIP_NOT_PROVEN
        case CardFailure.VIRTUAL_CARD_PROFILE:
            return ExitCode.BAD_PROFILE
        case _:
            assert_never(kind)


def exit_code_for(error: Exception) -> ExitCode:
    """The exit code for a card-layer failure (its kind's); any other error is a bug."""
    if isinstance(error, errors.CardError):
        return exit_code(error.kind)
    return ExitCode.INTERNAL_ERROR


class UsageError(Exception):
    """Bad command-line input; the message names the option, never its secret value."""


class ProfileError(Exception):
    """The virtual-card profile could not be loaded (wraps `cardreader.errors.ProfileError`)."""


class _Interrupted(Exception):
    """SIGTERM, turned into an exception so that `finally` blocks run."""


# --- passwords ---------------------------------------------------------------------------------
def parse_can(text: str) -> CardPassword:
    """The CAN as typed (spaces allowed, as some cards print it in groups)."""
    from cardreader.passwords import Can

    return Can(text.replace(" ", ""))


def parse_mrz_key(text: str) -> CardPassword:
    """`DOCNO,YYMMDD,YYMMDD`: document number, date of birth, date of expiry."""
    from cardreader.passwords import MrzKey

    return MrzKey.parse(text)


def _read_secret_from_stdin(option: str) -> str:
    line = sys.stdin.readline()
    if not line:
        raise UsageError(f"{option} -: nothing on standard input")
    return line.strip()


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("seconds must be more than 0 and at most 3600")
    return value


def _warn_secret_on_command_line(option: str) -> None:
    # Every user of the machine can read another's command line (`ps`, /proc/PID/cmdline).
    _say(
        f"eid-card: warning: {option} on the command line is visible to other users of this "
        f"computer; give {option} - and type it or pipe it in instead"
    )


def _password(args: argparse.Namespace) -> CardPassword:
    """The password from --can / --mrz-key ('-' reads it from stdin, out of `ps`' sight)."""
    try:
        if args.can is not None:
            can = _read_secret_from_stdin("--can") if args.can == "-" else args.can
            password = parse_can(can)
        else:
            key = _read_secret_from_stdin("--mrz-key") if args.mrz_key == "-" else args.mrz_key
            password = parse_mrz_key(key)
    except errors.PasswordFormatError as exc:
        option = "--can" if args.can is not None else "--mrz-key"
        raise UsageError(f"{option}: {exc}") from exc
    if "-" not in (args.can, args.mrz_key):
        # Warned once the value is known to be a password: a refused one gets one line only.
        _warn_secret_on_command_line("--can" if args.can is not None else "--mrz-key")
    return password


# --- commands ----------------------------------------------------------------------------------
def cmd_readers(_args: argparse.Namespace) -> ExitCode:
    from cardreader.pcsc import list_readers

    readers = list_readers()
    if not readers:
        raise errors.NoReaderError("no card reader is connected")
    for reader in readers:
        print(reader)
    return ExitCode.OK


def _open_transport(args: argparse.Namespace) -> Transport:
    if args.virtual:
        from cardreader.virtual.connection import VirtualTransport

        return VirtualTransport(_load_chip(args.virtual))
    from cardreader import pcsc

    reader = args.reader or pcsc.first_reader_with_card()
    return pcsc.connect(reader)


def _load_chip(profile: str) -> VirtualChip:
    from cardreader.virtual.chip import VirtualChip
    from cardreader.virtual.profile import ProfileError as BadProfile
    from cardreader.virtual.profile import load_profile

    try:
        return VirtualChip(load_profile(profile))
    except BadProfile as exc:
        raise ProfileError(f"virtual-card profile {profile!r}: {_one_line(str(exc))}") from exc


def result_record(result: ReadResult) -> dict[str, object]:
    """The `--json` object (keys as in DESIGN.md, plus nationality, sex and the PA detail)."""
    doc = result.document
    return {
        "document_number": doc.document_number,
        "document_code": doc.document_code,
        "issuing_state": doc.issuing_state,
        "surname": doc.surname,
        "given_names": doc.given_names,
        "nationality": doc.nationality,
        "sex": doc.sex,
        "date_of_birth": doc.date_of_birth.isoformat(),
        "date_of_expiry": doc.date_of_expiry.isoformat(),
        "access": result.access.value,
        "passive_authentication": result.passive_authentication.value,
        "passive_authentication_detail": result.passive_authentication_detail,
        "chip_authentication": result.chip_authentication.value,
        "chip_authentication_method": (
            result.chip_authentication_method.value
            if result.chip_authentication_method is not None
            else None
        ),
        "chip_authentication_detail": result.chip_authentication_detail,
        "apdu_count": result.apdu_count,
        "seconds": round(result.seconds, 4),
    }


def _trust_store(paths: Sequence[str] | None) -> TrustStore | None:
    """The CSCAs named by --csca (files or directories), or None for the shipped ones."""
    if not paths:
        return None
    from cardreader.passive_auth import TrustStore, TrustStoreError

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"--csca: no such file or directory: {missing[0]}")
    try:
        return TrustStore.from_paths(Path(p) for p in paths)
    except TrustStoreError as exc:
        raise UsageError(f"--csca: {_one_line(str(exc))}") from exc


def cmd_read(args: argparse.Namespace) -> ExitCode:
    password = _password(args)
    trust_store = _trust_store(args.csca)
    from cardreader.reader import read_document

    transport = _open_transport(args)
    try:
        result = read_document(
            transport,
            password,
            trust_store=trust_store,
            limits=ReadLimits(total_seconds=args.timeout),
        )
    finally:
        transport.close()
    record = result_record(result)
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
    else:
        width = max(len(k) for k in record)
        for key, value in record.items():
            print(f"{key.replace('_', ' '):<{width}}  {value}")
    return _chip_verdict(result, required=args.require_chip_authentication)


def _chip_verdict(result: ReadResult, *, required: bool) -> ExitCode:
    """A failed chip authentication is always refused; a missing one when it is required.
    The record is printed either way (it says why); the reason goes to stderr."""
    refusal = chip_refusal(result.chip_authentication, required=required)
    detail = _one_line(result.chip_authentication_detail)
    match refusal:
        case None:
            return ExitCode.OK
        case CardFailure.CHIP_NOT_GENUINE:
            _say(f"eid-card: the chip is not genuine: {detail}")
        case _:
            _say(f"eid-card: chip authentication is required but not possible: {detail}")
    return exit_code(refusal)


def cmd_emulate(args: argparse.Namespace) -> ExitCode:
    from cardreader.virtual.vpcd import BridgeEnd, Endpoint, VpcdBridge

    try:
        endpoint = Endpoint.parse(args.vpcd)
    except ValueError as exc:
        raise UsageError(f"--vpcd: {exc}") from exc
    chip = _load_chip(args.profile)
    bridge = VpcdBridge(chip, endpoint, on_state=lambda text: _say(text))

    def stop(_signum: int, _frame: FrameType | None) -> None:
        bridge.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    end = bridge.run()
    if end is BridgeEnd.CARD_REMOVED:
        _say(f"the virtual card left the reader after {bridge.apdu_count} APDUs (fault profile)")
    return ExitCode.OK


def cmd_doctor(args: argparse.Namespace) -> ExitCode:
    """Describe the PC/SC service, the readers and the cards; exit 0 whenever it could look."""
    from cardreader.doctor import diagnose
    from cardreader.doctor_words import render_report, to_json

    diagnosis = diagnose(args.reader)
    if args.json:
        print(json.dumps(to_json(diagnosis), ensure_ascii=False))
    else:
        print(render_report(diagnosis), end="")
    return ExitCode.OK


def cmd_monitor(_args: argparse.Namespace) -> ExitCode:
    from cardreader.monitor import MonitorEvent, ReaderMonitor

    events: queue.Queue[MonitorEvent] = queue.Queue()
    monitor = ReaderMonitor(events.put)
    monitor.start()
    try:
        while True:
            try:
                event = events.get(timeout=0.5)
            except queue.Empty:
                continue
            print(event.describe(), flush=True)
    except (KeyboardInterrupt, _Interrupted):
        return ExitCode.OK
    finally:
        monitor.stop()


# --- parser and main ---------------------------------------------------------------------------
def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's own messages never contain option values we treat as secret: the CAN
        # and MRZ key are plain strings here and validated after parsing.
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The `eid-card` argument parser (exit codes in the epilog)."""
    codes = "\n".join(f"  {int(code):>3}  {text}" for code, text in _EXIT_HELP.items())
    parser = _Parser(
        prog="eid-card",
        description="Read the Hungarian eID card (or an ICAO passport) over PC/SC, "
        "or emulate one on a vpcd virtual reader.",
        epilog=f"exit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log to stderr (-vv: APDUs too, at level TRAFFIC)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("readers", help="list PC/SC readers, one per line")

    read = sub.add_parser(
        "read",
        help="read the document",
        epilog=f"exit codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    password = read.add_mutually_exclusive_group(required=True)
    password.add_argument(
        "--can",
        metavar="CAN",
        help="the 6-digit CAN (PACE); '-' (recommended) reads it from stdin, out of `ps`' sight",
    )
    password.add_argument(
        "--mrz-key",
        metavar="DOCNO,YYMMDD,YYMMDD",
        help="document number, birth date, expiry date (BAC or PACE-MRZ); '-' reads stdin",
    )
    source = read.add_mutually_exclusive_group()
    source.add_argument(
        "--reader", metavar="NAME", help="PC/SC reader (default: first with a card)"
    )
    source.add_argument("--virtual", metavar="PROFILE", help="read a virtual card in process")
    read.add_argument("--json", action="store_true", help="print one JSON object")
    read.add_argument(
        "--require-chip-authentication",
        action="store_true",
        help="also refuse a chip that offers no chip authentication (a failed one is always "
        "refused)",
    )
    read.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=ReadLimits().total_seconds,
        metavar="SECONDS",
        help="give up when the whole read takes longer (default %(default)g)",
    )
    read.add_argument(
        "--csca",
        action="append",
        metavar="PATH",
        help="trusted CSCA certificate file or directory for passive authentication "
        "(repeatable; default: the ones shipped with the program)",
    )

    emulate = sub.add_parser("emulate", help="attach a virtual card to a vpcd reader")
    emulate.add_argument("--profile", required=True, metavar="PROFILE", help="TOML profile or name")
    emulate.add_argument(
        "--vpcd", default="127.0.0.1:35963", metavar="HOST:PORT", help="where vpcd listens"
    )

    sub.add_parser("monitor", help="print reader and card events until interrupted")

    doctor = sub.add_parser(
        "doctor",
        help="describe the PC/SC service, readers and card in words (nothing personal)",
    )
    doctor.add_argument("--reader", metavar="NAME", help="look at this reader only")
    doctor.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


_COMMANDS = {
    "readers": cmd_readers,
    "read": cmd_read,
    "emulate": cmd_emulate,
    "monitor": cmd_monitor,
    "doctor": cmd_doctor,
}


def _raise_interrupted(_signum: int, _frame: FrameType | None) -> None:
    raise _Interrupted


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `eid-card` and `python -m cardreader`."""
    args = build_parser().parse_args(argv)
    if args.verbose:
        from cardreader.traffic_log import TRAFFIC

        level = TRAFFIC if args.verbose > 1 else logging.DEBUG
        logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return int(_COMMANDS[args.command](args))
    except UsageError as exc:
        _say(f"eid-card: {exc}")
        return ExitCode.USAGE
    except ProfileError as exc:
        _say(f"eid-card: {exc}")
        return ExitCode.BAD_PROFILE
    except errors.CardError as exc:
        _say(f"eid-card: {_one_line(str(exc))}")
        # Where it failed, for -v and a support request (the message above never has secrets).
        sw = f"{exc.sw:04X}" if exc.sw is not None else "none"
        log.info("failure %s at step %s, status word %s", exc.kind.value, exc.step, sw)
        return exit_code_for(exc)
    except (KeyboardInterrupt, _Interrupted):
        _say("eid-card: interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "card error"


if __name__ == "__main__":
    raise SystemExit(main())
