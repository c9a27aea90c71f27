"""`read_document`: from a transport and a password to the verified document data.

The read is a pipeline of named steps (`STEPS`) over one `ReadContext`, in as few APDUs as
a conforming chip allows:

1. EF.CardAccess: READ BINARY by short file identifier in the MF (no SELECT needed);
   present -> PACE with the strongest protocol it offers, absent -> SELECT the eMRTD
   application in plain and BAC;
2. access control: PACE or BAC, which opens secure messaging;
3. select eMRTD application under secure messaging (after PACE);
4. EF.DG1 by short file identifier: one command with extended length, else chunks of at
   most 0xDF bytes so that the protected answer fits a short response;
5. key files: EF.DG14 (Chip Authentication, PACE-CAM) and, when DG14 offers no Chip
   Authentication, EF.DG15 (Active Authentication);
6. EF.SOD;
7. passive authentication over every data group read;
8. chip proof, only when passive authentication is valid (`cardreader.chip_proof`):
   PACE-CAM's data checked against the DG14 key, or Chip Authentication (which re-keys the
   secure channel in place) and one protected command under the new keys, or Active
   Authentication.

Each step is a function of the context alone, so a test can prepare a context with the steps
before it and run one step. Each step names the part of the progress a person sees
(`ReadStep`); `PROGRESS` is derived from the list. A failure leaves as a `CardError` that
carries its kind, the step's name and the status word.

EF.COM is never read: DG1 and EF.SOD are mandatory in every eMRTD.
"""

from __future__ import annotations

import enum
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cardreader.apdu import SW, Command, Response
from cardreader.document import (
    AccessProtocol,
    Document,
    PassiveAuthentication,
    ReadResult,
    ReadStep,
)
from cardreader.errors import (
    ApduError,
    CanNotAcceptedError,
    CardError,
    MalformedResponseError,
    NotAnEidError,
    UnsupportedProtocolError,
)
from cardreader.transport import Transport

if TYPE_CHECKING:
    from cardreader.apdu_session import ApduChannel, ApduSession
    from cardreader.chip_proof import ChipProof
    from cardreader.passive_auth import TrustStore
    from cardreader.passwords import CardPassword
    from cardreader.read_limits import ReadLimits

log = logging.getLogger(__name__)

Progress = Callable[[ReadStep], None]

SFI_CARD_ACCESS = 0x1C
SFI_DG1 = 0x01
SFI_SOD = 0x1D
# Under secure messaging with short APDUs the protected answer (DO'87 padding, DO'99, DO'8E)
# must still fit in 256 bytes (FIELD-NOTES); a plain short read may take 256.
MAX_SM_SHORT_READ = 0xDF
MAX_PLAIN_SHORT_READ = 0x100
EXTENDED_READ = 0x10000
# READ BINARY with an offset in P1-P2 reaches 32767 bytes; EF.DG1 and EF.SOD are far smaller
# (EF.SOD with its Document Signer certificate is 2-5 KiB). A file announcing more is refused
# before its first chunk is asked for.
_MAX_OFFSET = 0x7FFF
MAX_FILE_BYTES = 0x7FFF


class _LazyLds:
    """`cardreader.lds`, imported on first use: the file codecs (`lds`, `tlv`) are not needed
    until a read starts, so importing this module stays cheap."""

    def __getattr__(self, name: str) -> Any:
        from cardreader import lds as module

        return getattr(module, name)


lds = _LazyLds()


@functools.lru_cache(maxsize=1)
def _default_trust_store() -> TrustStore:
    from cardreader.passive_auth import default_trust_store

    return default_trust_store()


def read_document(
    transport: Transport,
    password: CardPassword,
    *,
    trust_store: TrustStore | None = None,
    progress: Progress | None = None,
    read_sod: bool = True,
    limits: ReadLimits | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReadResult:
    """Open the chip with `password` (a `Can` or an `MrzKey`), read DG1 and EF.SOD, verify.

    `trust_store` holds the CSCA certificates for passive authentication (default: the ones
    shipped in resources/pki/csca). Raises a `CardError` subclass for every failure:
    `WrongPasswordError`, `CardRemovedError`, `SecureMessagingError`, `NotAnEidError`, ...

    The chip is untrusted: the read ends within `limits` (time per APDU, time in all, APDUs
    in all) with `CardTimeoutError` or `MalformedResponseError`, and `ReadCancelledError` as
    soon as `cancelled()` turns true. Whatever the chip's data make the parsing or the
    cryptography raise is turned into `MalformedResponseError` here, at one boundary.
    """
    from cardreader.read_limits import GuardedTransport

    guard = GuardedTransport(transport, limits, cancelled)
    report = _Reporter(progress)
    try:
        ctx = new_context(guard, password, trust_store=trust_store, read_sod=read_sod)
        return _read(ctx, report)
    except _ProgressFailed as exc:
        # The caller's own progress callback raised (e.g. its task was cancelled): not a
        # card fault, so it goes back unchanged.
        raise exc.original from None
    except CardError:
        raise
    except _data_failures() as exc:  # evaluated only when something was raised
        log.debug("card data could not be processed", exc_info=True)
        raise MalformedResponseError(
            f"the card's answer could not be processed ({type(exc).__name__})"
        ) from None
    finally:
        guard.release()


@functools.lru_cache(maxsize=1)
def _data_failures() -> tuple[type[BaseException], ...]:
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

    # What parsers (asn1crypto's errors are ValueErrors) and the cryptography raise on data
    # they cannot take. Not every Exception: an interrupt turned into an exception (the
    # CLI's SIGTERM) must stay what it is.
    return (
        ValueError,  # UnicodeError too
        TypeError,
        AttributeError,
        ArithmeticError,  # OverflowError, ZeroDivisionError
        LookupError,  # IndexError, KeyError
        RecursionError,
        InvalidSignature,
        UnsupportedAlgorithm,
    )


class _ProgressFailed(Exception):
    def __init__(self, original: BaseException) -> None:
        super().__init__("progress callback failed")
        self.original = original


class _Reporter:
    """The caller's progress callback, with its failures kept apart from the card's."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress

    def __call__(self, step: ReadStep) -> None:
        if self._progress is None:
            return
        try:
            self._progress(step)
        except Exception as exc:
            raise _ProgressFailed(exc) from exc


class ChannelKeys(enum.Enum):
    """Whose keys protect the channel. Chip Authentication re-keys the secure channel in
    place (`SecureMessaging.rekey`: the same channel object, new keys, the counter from zero),
    so every step after it talks under the keys only the genuine chip can know."""

    PLAIN = "plain"  # before access control
    ACCESS_CONTROL = "access-control"  # the keys PACE or BAC agreed
    CHIP_AUTHENTICATION = "chip-authentication"  # replaced by Chip Authentication


@dataclass(repr=False)
class ReadContext:
    """Everything one read has learned so far. Each step reads fields the earlier steps
    filled and fills its own; nothing else passes between steps. The repr names the state
    only: the password, the files and the document are personal."""

    session: ApduSession  # the plain channel; it counts every APDU of the read
    password: CardPassword
    trust_store: TrustStore | None = None
    read_sod: bool = True
    started: float = field(default_factory=time.perf_counter)
    # EF.CardAccess (None: the chip has none, a BAC-only document)
    card_access: bytes | None = None
    # access control
    channel: ApduChannel | None = None  # secure messaging over `session`
    access: AccessProtocol | None = None
    channel_keys: ChannelKeys = ChannelKeys.PLAIN
    # the files read, by data-group number (1, 14, 15), and what DG1 says
    data_groups: dict[int, bytes] = field(default_factory=dict)
    document: Document | None = None
    sod: bytes | None = None
    # passive authentication
    passive_authentication: PassiveAuthentication = PassiveAuthentication.NOT_CHECKED
    passive_authentication_detail: str = "EF.SOD was not read"
    sod_lists: frozenset[int] = frozenset()  # the data groups EF.SOD has hashes for
    # proof that the chip is genuine
    proof: ChipProof | None = None

    def __repr__(self) -> str:
        return (
            f"ReadContext(access={self.access}, keys={self.channel_keys.value}, "
            f"files={sorted(self.data_groups)}, apdus={self.session.apdu_count})"
        )

    def secure_channel(self) -> ApduChannel:
        """The channel access control opened (a step after access control needs it)."""
        if self.channel is None:
            raise RuntimeError("a step after access control ran before it")
        return self.channel

    def key_files(self) -> dict[int, bytes]:
        return {n: data for n, data in self.data_groups.items() if n in (14, 15)}

    def result(self) -> ReadResult:
        """The read's outcome, once every step has run."""
        if self.document is None or self.access is None or self.proof is None:
            raise RuntimeError("the read result was asked for before the last step")
        return ReadResult(
            document=self.document,
            access=self.access,
            passive_authentication=self.passive_authentication,
            passive_authentication_detail=self.passive_authentication_detail,
            apdu_count=self.session.apdu_count,
            seconds=time.perf_counter() - self.started,
            chip_authentication=self.proof.outcome,
            chip_authentication_method=self.proof.method,
            chip_authentication_detail=self.proof.detail,
        )


def new_context(
    transport: Transport,
    password: CardPassword,
    *,
    trust_store: TrustStore | None = None,
    read_sod: bool = True,
) -> ReadContext:
    """A context before the first step: a fresh APDU session over `transport`."""
    from cardreader.apdu_session import ApduSession

    return ReadContext(ApduSession(transport), password, trust_store, read_sod)


# --- the steps, in order -----------------------------------------------------------------------


def step_card_access(ctx: ReadContext) -> None:
    """EF.CardAccess from the MF. Without one, SELECT the eMRTD application in plain: BAC
    runs inside it (ICAO 9303-11, 4.3), and its answer tells a document without PACE from
    a card that is no eID at all."""
    ctx.card_access = _read_card_access(ctx.session)
    if ctx.card_access is None:
        _select_emrtd(ctx.session, plain=True)


def step_access_control(ctx: ReadContext) -> None:
    """PACE with the strongest protocol EF.CardAccess offers, else BAC: the secure channel."""
    ctx.session.start_access_control()
    ctx.channel, ctx.access = _open(ctx.session, ctx.password, ctx.card_access)
    ctx.channel_keys = ChannelKeys.ACCESS_CONTROL


def step_select_application(ctx: ReadContext) -> None:
    """SELECT the eMRTD application under secure messaging (after PACE, which runs in the
    MF; BAC already runs inside it)."""
    if ctx.access is AccessProtocol.PACE:
        _select_emrtd(ctx.secure_channel(), plain=False)


def step_dg1(ctx: ReadContext) -> None:
    """EF.DG1, the MRZ: the document's data, check digits verified."""
    from cardreader.mrz import parse_mrz

    dg1 = read_file(ctx.secure_channel(), SFI_DG1, "EF.DG1")
    ctx.data_groups[1] = dg1
    ctx.document = parse_mrz(lds.parse_dg1(dg1))


def step_key_files(ctx: ReadContext) -> None:
    """EF.DG14 (and EF.DG15 when DG14 offers no Chip Authentication): the keys the chip can
    prove itself with. Skipped with EF.SOD: a key no signature covers proves nothing."""
    from cardreader.chip_proof import read_key_files

    if not ctx.read_sod:
        return
    channel = ctx.secure_channel()
    info = getattr(channel, "info", None)
    ctx.data_groups.update(read_key_files(channel, pace_cam=getattr(info, "cam", None) is not None))


def step_sod(ctx: ReadContext) -> None:
    """EF.SOD: the issuer's signature over the hashes of the data groups."""
    if ctx.read_sod:
        ctx.sod = read_file(ctx.secure_channel(), SFI_SOD, "EF.SOD")


def step_passive_authentication(ctx: ReadContext) -> None:
    """Passive authentication over every data group read (no APDU)."""
    if ctx.sod is None:
        return
    outcome, detail, listed = _passive_authentication(ctx.sod, ctx.data_groups, ctx.trust_store)
    ctx.passive_authentication = outcome
    ctx.passive_authentication_detail = detail
    ctx.sod_lists = listed


def step_chip_proof(ctx: ReadContext) -> None:
    """Proof that the chip is genuine, only with a valid passive authentication over its key
    (`cardreader.chip_proof`); Chip Authentication re-keys the channel in place."""
    from cardreader.chip_proof import prove
    from cardreader.secure_messaging import SecureMessaging

    channel = ctx.secure_channel()
    ctx.proof = prove(channel, ctx.key_files(), ctx.passive_authentication, ctx.sod_lists)
    if isinstance(channel, SecureMessaging) and channel.rekeyed:
        ctx.channel_keys = ChannelKeys.CHIP_AUTHENTICATION


@dataclass(frozen=True)
class Step:
    """One named step of the read and the part of the progress a person sees it in."""

    name: str
    progress: ReadStep
    run: Callable[[ReadContext], None]


# The read, in order. Adding a step means adding it here; the progress the wizard shows is
# derived from this list (`PROGRESS`), so it cannot fall out of step with it.
STEPS: tuple[Step, ...] = (
    Step("EF.CardAccess", ReadStep.CONNECTING, step_card_access),
    Step("access control", ReadStep.SECURE_CHANNEL, step_access_control),
    Step("select eMRTD application", ReadStep.READING, step_select_application),
    Step("EF.DG1", ReadStep.READING, step_dg1),
    Step("key files", ReadStep.READING, step_key_files),
    Step("EF.SOD", ReadStep.READING, step_sod),
    Step("passive authentication", ReadStep.VERIFYING, step_passive_authentication),
    Step("chip proof", ReadStep.VERIFYING, step_chip_proof),
)

# The user-visible progress, in the order the steps report it (each once).
PROGRESS: tuple[ReadStep, ...] = tuple(dict.fromkeys(step.progress for step in STEPS))


def run_step(ctx: ReadContext, step: Step) -> None:
    """Run one step; a failure leaves as a `CardError` that names the step it happened in."""
    try:
        step.run(ctx)
    except CardError as exc:
        exc.at_step(step.name)
        log.info("read failed at %s: %s", step.name, exc.kind.value)
        raise
    except _data_failures() as exc:  # evaluated only when something was raised
        log.debug("card data could not be processed at %s", step.name, exc_info=True)
        raise MalformedResponseError(
            f"the card's answer could not be processed ({type(exc).__name__})", step=step.name
        ) from None


def _read(ctx: ReadContext, report: Progress) -> ReadResult:
    shown: ReadStep | None = None
    for step in STEPS:
        if step.progress is not shown:
            shown = step.progress
            report(shown)
        run_step(ctx, step)
    return ctx.result()


def _select_emrtd(channel: ApduChannel, *, plain: bool) -> None:
    selected = channel.transmit(Command(0x00, 0xA4, 0x04, 0x0C, lds.EMRTD_AID))
    if selected.sw == SW.OK:
        return
    if plain or selected.sw == SW.FILE_NOT_FOUND:
        raise NotAnEidError(
            "the card has no eMRTD application: it is not an eID or passport "
            f"({_describe(selected.sw)})"
        )
    raise ApduError(selected.sw, f"SELECT eMRTD application failed: {_describe(selected.sw)}")


def _open(
    session: ApduChannel, password: CardPassword, card_access: bytes | None
) -> tuple[ApduChannel, AccessProtocol]:
    from cardreader.bac import establish_bac
    from cardreader.pace import establish_pace
    from cardreader.passwords import MrzKey

    if card_access is not None:
        try:
            return establish_pace(session, password, card_access), AccessProtocol.PACE
        except UnsupportedProtocolError:
            # A chip that also does BAC may still be opened with the MRZ key (9303-11, 4.2).
            if not isinstance(password, MrzKey):
                raise
            log.info("no supported PACE protocol; trying BAC")
            _select_emrtd(session, plain=True)
    if not isinstance(password, MrzKey):
        raise CanNotAcceptedError()
    return establish_bac(session, password), AccessProtocol.BAC


def _read_card_access(session: ApduChannel) -> bytes | None:
    """EF.CardAccess from the MF, or None when the chip has none (a BAC-only chip)."""
    response = _read_sfi(session, SFI_CARD_ACCESS, EXTENDED_READ)
    if response.sw in (SW.SM_DATA_OBJECTS_MISSING, SW.SM_DATA_OBJECTS_INCORRECT):
        # A secure-messaging session of an earlier read was still open; that plain command
        # ended it, so the same command now gets a plain answer.
        response = _read_sfi(session, SFI_CARD_ACCESS, MAX_PLAIN_SHORT_READ)
    if response.sw == SW.FILE_NOT_FOUND:
        # Another application may have left a DF selected: look in the MF once more.
        mf = session.transmit(Command(0x00, 0xA4, 0x00, 0x0C))
        if mf.sw != SW.OK:
            return None
        response = _read_sfi(session, SFI_CARD_ACCESS, MAX_PLAIN_SHORT_READ)
        if response.sw == SW.FILE_NOT_FOUND:
            return None
    if response.sw in (SW.INCORRECT_P1P2, SW.FUNCTION_NOT_SUPPORTED, SW.COMMAND_NOT_ALLOWED):
        # No short-EF-identifier reads on this chip: SELECT by file identifier instead.
        selected = session.transmit(
            Command(0x00, 0xA4, 0x02, 0x0C, lds.FID_CARD_ACCESS.to_bytes(2, "big"))
        )
        if selected.sw == SW.FILE_NOT_FOUND:
            return None
        _require(selected, "SELECT EF.CardAccess")
        return _read_rest(session, b"", MAX_PLAIN_SHORT_READ, "EF.CardAccess")
    if response.sw not in (SW.OK, SW.END_OF_FILE_BEFORE_LE):
        # Whatever the reason, there is no EF.CardAccess to be had; the SELECT of the eMRTD
        # application that BAC starts with tells an old document from a card that is no eID.
        log.debug("no EF.CardAccess: %s", _describe(response.sw))
        return None
    return _read_rest(session, response.data, MAX_PLAIN_SHORT_READ, "EF.CardAccess")


def read_file(channel: ApduChannel, sfi: int, what: str) -> bytes:
    """Read a whole BER-TLV file by short EF identifier, in one command where possible."""
    chunk = EXTENDED_READ if channel.extended_length else MAX_SM_SHORT_READ
    first = _read_sfi(channel, sfi, chunk)
    if first.sw == SW.SECURITY_STATUS_NOT_SATISFIED:
        raise ApduError(first.sw, f"{what}: the chip refuses access")
    _require(first, f"READ BINARY {what}")
    return _read_rest(channel, first.data, chunk, what)


def _read_sfi(channel: ApduChannel, sfi: int, le: int) -> Response:
    return channel.transmit(Command(0x00, 0xB0, 0x80 | sfi, 0x00, le=le))


def _read_rest(channel: ApduChannel, data: bytes, chunk: int, what: str) -> bytes:
    """Complete a file whose first bytes are `data` (the TLV header tells its length)."""
    buffer = bytearray(data)
    total = _announced_length(buffer, what)
    while total is None or len(buffer) < total:
        offset = len(buffer)
        if offset > _MAX_OFFSET:
            raise MalformedResponseError(f"{what} is larger than READ BINARY can address")
        le = chunk if total is None else min(chunk, total - offset)
        response = channel.transmit(Command(0x00, 0xB0, offset >> 8, offset & 0xFF, le=le))
        _require(response, f"READ BINARY {what}")
        if not response.data:
            raise MalformedResponseError(f"{what} ends before its announced length")
        buffer += response.data
        if total is None:
            # Only the header (at most seven bytes) is looked at, so this stays linear.
            total = _announced_length(buffer, what)
    if total is None:  # pragma: no cover - the loop only ends with a total
        raise MalformedResponseError(f"{what} has no length")
    return bytes(buffer[:total])


def _announced_length(buffer: bytearray, what: str) -> int | None:
    from cardreader import tlv

    total: int | None = tlv.total_length(bytes(buffer[:8]))
    if total is None and len(buffer) >= 8:
        raise MalformedResponseError(f"{what} has no readable length")
    if total is not None and total > MAX_FILE_BYTES:
        raise MalformedResponseError(f"{what} announces {total} bytes, more than any eID file")
    return total


def _require(response: Response, what: str) -> None:
    if response.sw not in (SW.OK, SW.END_OF_FILE_BEFORE_LE):
        raise ApduError(response.sw, f"{what} failed: {_describe(response.sw)}")


def _describe(sw: int) -> str:
    from cardreader.apdu import describe_sw

    return describe_sw(sw)


def _passive_authentication(
    sod: bytes, data_groups: dict[int, bytes], trust_store: TrustStore | None
) -> tuple[PassiveAuthentication, str, frozenset[int]]:
    """Passive authentication over every data group read, and the numbers EF.SOD lists."""
    from cardreader.passive_auth import verify_sod
    from cardreader.sod import parse_sod

    try:
        store = trust_store if trust_store is not None else _default_trust_store()
        outcome, detail = verify_sod(sod, data_groups, store)
        return outcome, detail, frozenset(parse_sod(sod).data_group_hashes)
    except CardError as exc:
        # The data were read, but the signature over them cannot even be parsed.
        return PassiveAuthentication.INVALID, f"EF.SOD is unusable: {exc}", frozenset()
