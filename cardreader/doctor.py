"""`eid-card doctor`: what is wrong between this computer and the card, found out and named.

It asks the PC/SC service (running? which version?), every reader (vendor and version where
PC/SC tells, the part 10 features: PIN pad, PACE in the reader, the largest APDU; what the
shipped reader list knows about it) and the card on it (its ATR decoded; then, in plain
commands that need no password, whether it is an eMRTD with PACE or BAC and which PACE
parameters EF.CardAccess offers, or whether no chip answers at all). It reads no data group
and asks for no CAN, so nothing in a diagnosis is personal: a report can go to support as is.

The model is frozen dataclasses; `cardreader.doctor_words` turns it into Hungarian and
English text and JSON. Problems are a closed set (`ProblemKind`), each with what to do.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from typing import TypeVar

from cardreader.apdu import SW, Command
from cardreader.atr import AtrInfo, decode_atr
from cardreader.errors import (
    CardError,
    CardRemovedError,
    MalformedResponseError,
    NoCardError,
    NoReaderError,
    PcscUnavailableError,
    TransportError,
)
from cardreader.known_readers import KnownReader, Verdict, match_reader
from cardreader.reader_features import ReaderCapabilities, capabilities
from cardreader.transport import Transport

log = logging.getLogger(__name__)

DISTRIBUTION = "ugyfelkapu-eid"
_SFI_CARD_ACCESS = 0x1C


class CardKind(enum.Enum):
    """What is on a reader, as far as commands without a password can tell."""

    NONE = "none"  # no card on the reader
    MUTE = "mute"  # a card is sensed but gives no answer to reset
    EMRTD_PACE = "emrtd-pace"  # an eMRTD offering PACE (EF.CardAccess)
    EMRTD_BAC = "emrtd-bac"  # an eMRTD without EF.CardAccess: BAC with the MRZ key
    NO_CHIP_ANSWER = "no-chip-answer"  # an ATR, but no application answers any SELECT
    NOT_EMRTD = "not-emrtd"  # a chip answers, but it has no eMRTD application
    IN_USE = "in-use"  # another program holds the card exclusively
    UNREADABLE = "unreadable"  # the exchange failed (the card moved, the reader erred)


@dataclass(frozen=True)
class PaceOffer:
    """One PACEInfo from EF.CardAccess, named: protocol, domain parameters, usable here."""

    protocol: str
    parameters: str
    supported: bool


@dataclass(frozen=True)
class CardReport:
    kind: CardKind
    atr: AtrInfo | None = None
    pace: tuple[PaceOffer, ...] = ()
    # One technical line for support (status words, a PC/SC code); never personal.
    detail: str = ""


@dataclass(frozen=True)
class ReaderReport:
    name: str
    vendor: str | None = None
    ifd_version: int | None = None
    capabilities: ReaderCapabilities = field(default_factory=lambda: ReaderCapabilities(False))
    known: KnownReader | None = None
    card: CardReport = field(default_factory=lambda: CardReport(CardKind.NONE))
    unreachable: str | None = None
    # The reader (or its driver) did not answer a PC/SC call in time.
    stuck: bool = False

    @property
    def extended_length(self) -> bool | None:
        """Whether extended APDUs reach the card: the reader's and the card's word together."""
        reader = self.capabilities.extended_length
        card = self.card.atr.extended_length if self.card.atr is not None else None
        if reader is False or card is False:
            return False
        if reader is None and card is None:
            return None
        return True


@dataclass(frozen=True)
class Environment:
    app: str
    python: str
    qt: str
    os: str


class ProblemKind(enum.Enum):
    SERVICE_DOWN = "service-down"
    NO_READER = "no-reader"
    READER_NOT_FOUND = "reader-not-found"
    NO_CARD = "no-card"
    CARD_MUTE = "card-mute"
    NO_CHIP = "no-chip"
    NOT_AN_EID = "not-an-eid"
    CARD_IN_USE = "card-in-use"
    CARD_UNREADABLE = "card-unreadable"
    PACE_UNSUPPORTED = "pace-unsupported"
    READER_NOT_RECOMMENDED = "reader-not-recommended"
    READER_STUCK = "reader-stuck"


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    reader: str = ""


@dataclass(frozen=True)
class Diagnosis:
    service_running: bool
    service_version: str | None
    environment: Environment
    readers: tuple[ReaderReport, ...] = ()
    requested_reader: str | None = None
    service_detail: str = ""
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the card ------------------------------------------------------------------------------
def _pace_offers(card_access: bytes) -> tuple[PaceOffer, ...]:
    from cardreader.card_access import supports
    from cardreader.domain_parameters import STANDARD_PARAMETERS
    from cardreader.security_infos import parse_card_access

    offers = []
    for info in parse_card_access(card_access):
        algorithm = info.algorithm
        protocol = algorithm.name if algorithm is not None else info.protocol
        domain = (
            STANDARD_PARAMETERS.get(info.parameter_id) if info.parameter_id is not None else None
        )
        if domain is not None:
            parameters = domain.name
        elif info.parameter_id is not None:
            parameters = f"parameterId {info.parameter_id}"
        else:
            parameters = "-"
        offers.append(PaceOffer(protocol, parameters, supports(info)))
    return tuple(offers)


def probe_card(transport: Transport, atr: bytes | None = None) -> CardReport:
    """Tell what the card on `transport` is, with plain commands that need no password.

    READ BINARY of EF.CardAccess by short identifier (present: PACE), else SELECT of the eMRTD
    application (answered: BAC), else SELECT of the MF (answered: some other chip), else no
    chip answers. The card is left as found: no session is opened.
    """
    from cardreader.apdu_session import ApduSession
    from cardreader.lds import EMRTD_AID

    info = decode_atr(atr) if atr is not None else None
    session = ApduSession(transport)
    steps: list[str] = []
    try:
        read = session.transmit(Command(0x00, 0xB0, 0x80 | _SFI_CARD_ACCESS, 0x00, le=0x100))
        steps.append(f"EF.CardAccess {read.sw:04X}")
        if read.sw in (SW.OK, SW.END_OF_FILE_BEFORE_LE) and read.data:
            try:
                offers = _pace_offers(read.data)
            except MalformedResponseError as exc:
                return CardReport(CardKind.EMRTD_PACE, info, (), f"EF.CardAccess: {exc}")
            if offers:
                return CardReport(CardKind.EMRTD_PACE, info, offers, ", ".join(steps))
        selected = session.transmit(Command(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        steps.append(f"SELECT eMRTD {selected.sw:04X}")
        if selected.sw == SW.OK:
            return CardReport(CardKind.EMRTD_BAC, info, (), ", ".join(steps))
        master = session.transmit(Command(0x00, 0xA4, 0x00, 0x0C))
        steps.append(f"SELECT MF {master.sw:04X}")
        if master.sw == SW.OK or (info is not None and info.storage_card):
            return CardReport(CardKind.NOT_EMRTD, info, (), ", ".join(steps))
        return CardReport(CardKind.NO_CHIP_ANSWER, info, (), ", ".join(steps))
    except CardRemovedError as exc:
        return CardReport(CardKind.UNREADABLE, info, (), _one_line(exc))
    except CardError as exc:
        return CardReport(CardKind.UNREADABLE, info, (), _one_line(exc))


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__


# --- PC/SC ---------------------------------------------------------------------------------
def pcscd_version() -> str | None:
    """pcsc-lite's version from `pcscd --version` where the daemon is installed, else None."""
    binary = shutil.which("pcscd") or next(
        (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if os.access(p, os.X_OK)), None
    )
    if binary is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - the installed pcscd, a fixed argument, no shell
            [binary, "--version"], capture_output=True, text=True, timeout=3, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"version (\d+(?:\.\d+)+)", done.stdout + done.stderr)
    return f"pcsc-lite {found.group(1)}" if found else None


def _card_on(context: object, reader: str, state_bits: int, atr: bytes) -> CardReport:
    from cardreader import pcsc

    if not state_bits & pcsc.SCARD_STATE_PRESENT:
        return CardReport(CardKind.NONE)
    if state_bits & pcsc.SCARD_STATE_MUTE or not atr:
        return CardReport(CardKind.MUTE, decode_atr(atr) if atr else None)
    try:
        transport = pcsc.connect(reader)
    except NoCardError:
        return CardReport(CardKind.NONE)
    except (PcscUnavailableError, NoReaderError):
        raise
    except TransportError as exc:
        kind = CardKind.IN_USE if "another program" in str(exc) else CardKind.MUTE
        return CardReport(kind, decode_atr(atr), (), _one_line(exc))
    try:
        return probe_card(transport, transport.atr or atr)
    finally:
        with contextlib.suppress(CardError):
            transport.close()


def _reader_report(context: object, reader: str, state_bits: int, atr: bytes) -> ReaderReport:
    from cardreader import pcsc

    if not isinstance(context, pcsc.PcscContext):
        raise TypeError("reader reports need a PC/SC context")
    attributes = pcsc.reader_attributes(context, reader)
    caps = capabilities(attributes.features, attributes.properties)
    return ReaderReport(
        name=reader,
        vendor=attributes.vendor,
        ifd_version=attributes.ifd_version,
        capabilities=caps,
        known=match_reader(reader),
        card=_card_on(context, reader, state_bits, atr),
        unreachable=attributes.unreachable,
    )


def environment(app: str | None = None, qt: str | None = None) -> Environment:
    """Versions of the app, Python, Qt and the OS (the GUI passes the Qt it runs on)."""
    if app is None:
        try:
            app = metadata.version(DISTRIBUTION)
        except metadata.PackageNotFoundError:
            app = "unknown"
    if qt is None:
        qt = "-"
        for dist in ("PySide6-Essentials", "PySide6"):
            try:
                qt = f"PySide6 {metadata.version(dist)}"
                break
            except metadata.PackageNotFoundError:
                continue
    system = platform.platform(terse=False)
    if sys.platform.startswith("linux"):
        try:
            pretty = platform.freedesktop_os_release().get("PRETTY_NAME")
        except OSError:
            pretty = None
        if pretty:
            system = f"{pretty} ({platform.release()}, {platform.machine()})"
    return Environment(
        app, f"{platform.python_implementation()} {platform.python_version()}", qt, system
    )


#: A reader (or its driver) that hangs in a PC/SC call must not hang the whole diagnosis:
#: seen with vpcd when a virtual card answers the ATR request with nothing.
READER_DEADLINE_SECONDS = 8.0

_T = TypeVar("_T")


def _with_deadline(work: Callable[[], _T], seconds: float) -> _T | None:
    """Run `work` on a daemon thread; its result, its exception, or None after `seconds`.

    PC/SC calls cannot be interrupted: a stuck one is left behind on its thread.
    """
    outcome: list[_T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=run, name="doctor-reader", daemon=True)
    thread.start()
    thread.join(seconds)
    if failure:
        raise failure[0]
    return outcome[0] if outcome else None


def diagnose(reader: str | None = None, *, env: Environment | None = None) -> Diagnosis:
    """Look at the PC/SC service, the readers (or the one named) and their cards."""
    from cardreader import pcsc

    env = env or environment()
    version = pcscd_version()
    try:
        context = pcsc.PcscContext()
    except PcscUnavailableError as exc:
        return _with_problems(Diagnosis(False, version, env, (), reader, _one_line(exc)))
    stuck = False
    try:
        names = context.list_readers()
        wanted = [n for n in names if reader is None or n == reader]
        states = (context.get_status_change([(n, 0) for n in wanted], 0) or []) if wanted else []
        by_name = {s.reader: s for s in states}
        reports: list[ReaderReport] = []
        stuck = False
        for name in wanted:
            state = by_name.get(name)
            if stuck:
                # The service serialises calls on one context: after one stuck call every
                # further one would wait behind it.
                reports.append(_stuck_reader(name, "not examined: an earlier reader hung"))
                continue
            atr = state.atr if state else b""
            bits = state.event_state if state else 0

            def examine(name: str = name, bits: int = bits, atr: bytes = atr) -> ReaderReport:
                return _reader_report(context, name, bits, atr)

            try:
                report = _with_deadline(examine, READER_DEADLINE_SECONDS)
            except NoReaderError:
                continue  # unplugged while we looked
            if report is None:
                stuck = True
                report = _stuck_reader(name, f"no answer within {READER_DEADLINE_SECONDS:g} s")
            reports.append(report)
        return _with_problems(Diagnosis(True, version, env, tuple(reports), reader))
    except PcscUnavailableError as exc:
        return _with_problems(Diagnosis(False, version, env, (), reader, _one_line(exc)))
    finally:
        if not stuck:  # releasing a context a call hangs in would hang too
            context.close()


def _stuck_reader(name: str, detail: str) -> ReaderReport:
    return ReaderReport(
        name,
        known=match_reader(name),
        card=CardReport(CardKind.UNREADABLE, detail=detail),
        unreachable=detail,
        stuck=True,
    )


_CARD_PROBLEMS = {
    CardKind.MUTE: ProblemKind.CARD_MUTE,
    CardKind.NO_CHIP_ANSWER: ProblemKind.NO_CHIP,
    CardKind.NOT_EMRTD: ProblemKind.NOT_AN_EID,
    CardKind.IN_USE: ProblemKind.CARD_IN_USE,
    CardKind.UNREADABLE: ProblemKind.CARD_UNREADABLE,
}


def find_problems(diagnosis: Diagnosis) -> tuple[Problem, ...]:
    """The problems a diagnosis shows, most fundamental first."""
    if not diagnosis.service_running:
        return (Problem(ProblemKind.SERVICE_DOWN),)
    if not diagnosis.readers:
        if diagnosis.requested_reader:
            return (Problem(ProblemKind.READER_NOT_FOUND, diagnosis.requested_reader),)
        return (Problem(ProblemKind.NO_READER),)
    problems: list[Problem] = []
    for report in diagnosis.readers:
        if report.known is not None and report.known.verdict is Verdict.AVOID:
            problems.append(Problem(ProblemKind.READER_NOT_RECOMMENDED, report.name))
        if report.stuck:
            problems.append(Problem(ProblemKind.READER_STUCK, report.name))
            continue
        card_problem = _CARD_PROBLEMS.get(report.card.kind)
        if card_problem is not None:
            problems.append(Problem(card_problem, report.name))
        if report.card.kind is CardKind.EMRTD_PACE and not any(
            o.supported for o in report.card.pace
        ):
            problems.append(Problem(ProblemKind.PACE_UNSUPPORTED, report.name))
    if all(r.card.kind is CardKind.NONE for r in diagnosis.readers):
        problems.append(Problem(ProblemKind.NO_CARD))
    return tuple(problems)


def _with_problems(diagnosis: Diagnosis) -> Diagnosis:
    from dataclasses import replace

    return replace(diagnosis, problems=find_problems(diagnosis))
