"""The virtual eID chip: an ICAO 9303 eMRTD built from a profile, answering APDUs like a card.

Files: the MF holds EF.CardAccess (011C) when the chip offers PACE; the eMRTD application
(AID A0000002471001) holds EF.COM (011E), EF.DG1 (0101), EF.DG14 (010E) and EF.DG15 (010F)
when the profile gives the chip Chip or Active Authentication keys, and EF.SOD (011D, signed
by the test Document Signer over every data group). Access control is a separate engine
(PACE, BAC, secure messaging: `cardreader.virtual.access.CardAccessControl`); this module
is the file system, the command dispatcher and the QA faults. `process` never raises (any
input gets a status word) except `ReaderFault`: a QA fault on the reader's side, which the
in-process transport and the vpcd bridge turn into a failed exchange.
"""

from __future__ import annotations

import enum
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cardreader import lds, tlv
from cardreader.apdu import SW, Command, Response
from cardreader.chip_authentication import CardChipAuthentication
from cardreader.errors import CardError
from cardreader.resources import resources_dir
from cardreader.virtual.chip_secrets import AA_HASH, chip_secrets
from cardreader.virtual.profile import Applet, ExtendedRefusal, Profile
from cardreader.virtual.reader_fault import ReaderFault

if TYPE_CHECKING:
    from cardreader.secure_messaging import SessionKeys

log = logging.getLogger(__name__)


def make_atr(*, extended_length: bool) -> bytes:
    """The chip's ATR: T=1, historical bytes in compact-TLV (ISO/IEC 7816-4, 8.1.1).

    They carry the "card capabilities" object: selection by DF name and file identifier,
    short EF identifiers, command chaining, and extended Lc/Le when the chip has them, which
    is how a PC/SC reader learns whether extended-length APDUs may be sent.
    """
    capabilities = 0x80 | (0x40 if extended_length else 0x00)
    historical = bytes((0x80, 0x73, 0x94, 0x01, capabilities))
    # TS, T0 (TD1 follows, K historical bytes), TD1 (TD2 follows, T=0), TD2 (T=1).
    body = bytes((0x3B, 0x80 | len(historical), 0x80, 0x01)) + historical
    return body + bytes((functools.reduce(lambda a, b: a ^ b, body[1:], 0),))  # TCK


# The ATR of a chip with extended length (every shipped profile): what a PC/SC monitor shows.
ATR = make_atr(extended_length=True)

MF_FID = 0x3F00
FID_DG14 = 0x010E
FID_DG15 = 0x010F
INS_INTERNAL_AUTHENTICATE = 0x88
# EF.COM: LDS 1.7, Unicode 4.0.0, DG1 present (readers need not read it; it is there for
# the ones that do).
_EF_COM = tlv.encode(
    0x60,
    tlv.encode(0x5F01, b"0107")
    + tlv.encode(0x5F36, b"040000")
    + tlv.encode(0x5C, bytes((lds.TAG_DG1,))),
)


class AccessEngine(Protocol):
    """The card side of PACE/BAC and secure messaging, as the chip drives it
    (`cardreader.virtual.access.CardAccessControl` is the real one)."""

    @property
    def card_access(self) -> bytes:
        """EF.CardAccess content for the PACE protocols offered (empty when none)."""
        ...

    @property
    def authenticated(self) -> bool:
        """Whether PACE or BAC succeeded and a secure-messaging session is open."""
        ...

    corrupt_mac: bool

    def handles(self, cmd: Command) -> bool:
        """Whether `cmd` is an access-control command (MSE, GENERAL AUTHENTICATE, ...)."""
        ...

    def handle(self, cmd: Command) -> Response:
        """Run one access-control step."""
        ...

    def unwrap(self, raw: Command) -> Command:
        """The plain command inside a protected one; raises `ProtectedCommandError`."""
        ...

    def wrap(self, resp: Response) -> Response:
        """The protected response for a plain one."""
        ...

    def reset(self) -> None:
        """End any session (power cycle, reset, SM error)."""
        ...

    def rekey(self, keys: SessionKeys) -> None:
        """Continue the open session with new keys (after Chip Authentication)."""
        ...


AccessFactory = Callable[[Profile], AccessEngine]


def default_access_factory(profile: Profile) -> AccessEngine:
    """The real access engine for this profile's chip: PACE-CAN/MRZ (generic or
    chip-authentication mapping) and/or BAC."""
    from cardreader.passwords import MrzKey
    from cardreader.virtual.access import CardAccessControl
    from cardreader.virtual.chip_secrets import chip_secrets, pace_infos

    doc = profile.document
    pace = pace_infos(profile) if profile.access.pace else None
    secrets = chip_secrets(profile)
    return CardAccessControl(
        can=profile.access.can,
        mrz_key=MrzKey(doc.document_number, doc.date_of_birth, doc.date_of_expiry),
        pace=pace,
        bac=profile.access.bac,
        cam_key=secrets.ca_key.private if secrets.ca_key is not None else None,
    )


class _Dir(enum.Enum):
    MF = "MF"
    EMRTD = "eMRTD"


@dataclass(frozen=True)
class _File:
    fid: int
    sfi: int
    content: bytes
    protected: bool


@functools.lru_cache(maxsize=1)
def _document_signer() -> tuple[bytes, object]:
    """The test Document Signer certificate (DER) and key, loaded once per process."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    directory = resources_dir() / "pki" / "test-ds"
    cert = x509.load_pem_x509_certificate((directory / "ds-cert.pem").read_bytes())
    key = serialization.load_pem_private_key((directory / "ds-key.pem").read_bytes(), password=None)
    return cert.public_bytes(serialization.Encoding.DER), key


@functools.lru_cache(maxsize=32)
def _signed_files(
    mrz: tuple[str, ...],
    others: tuple[tuple[int, bytes], ...] = (),
    unsigned: frozenset[int] = frozenset(),
) -> tuple[bytes, bytes]:
    """EF.DG1 and the EF.SOD over it and the `others` (number, content) data groups, except
    the `unsigned` ones (a QA fault). Cached: signing is the slow part of a new chip."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    from cardreader.sod import build_sod

    dg1 = lds.encode_dg1(mrz)
    cert, key = _document_signer()
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError("the test Document Signer key is not an EC key")

    def sign(data: bytes) -> bytes:
        # Deterministic (RFC 6979) so that a profile always gives the same EF.SOD.
        return key.sign(data, ec.ECDSA(hashes.SHA256(), deterministic_signing=True))

    groups = {1: dg1} | {n: content for n, content in others if n not in unsigned}
    return dg1, build_sod(groups, cert, sign)


class VirtualChip:
    """An eMRTD chip built from a `Profile`: feed it command APDUs, get response APDUs."""

    def __init__(
        self, profile: Profile, *, access_factory: AccessFactory = default_access_factory
    ) -> None:
        self.profile = profile
        self.atr = make_atr(extended_length=profile.chip.extended_length)
        if profile.chip.applet is not Applet.EMRTD:
            from cardreader.virtual.other_cards import atr_for

            self.atr = atr_for(profile.chip.applet)
        self.access = access_factory(profile)
        self.secrets = chip_secrets(profile)
        others = tuple(
            (number, content)
            for number, content in ((14, self.secrets.dg14), (15, self.secrets.dg15))
            if content is not None
        )
        unsigned = frozenset({14}) if profile.faults.dg14_outside_sod else frozenset()
        dg1, sod = _signed_files(profile.document.mrz_lines(), others, unsigned)
        self._chip_auth = (
            CardChipAuthentication(self.secrets.ca_key, self.secrets.ca_info)
            if self.secrets.ca_key is not None and self.secrets.ca_info is not None
            else None
        )
        self._mf: dict[int, _File] = {}
        card_access = self.access.card_access if profile.access.pace else b""
        if card_access:
            self._mf[lds.FID_CARD_ACCESS] = _File(lds.FID_CARD_ACCESS, 0x1C, card_access, False)
        self._app = {
            lds.FID_COM: _File(lds.FID_COM, 0x1E, _EF_COM, True),
            lds.FID_DG1: _File(lds.FID_DG1, 0x01, dg1, True),
            lds.FID_SOD: _File(lds.FID_SOD, 0x1D, sod, True),
        }
        if self.secrets.dg14 is not None:
            self._app[FID_DG14] = _File(FID_DG14, 0x0E, self.secrets.dg14, True)
        if self.secrets.dg15 is not None:
            self._app[FID_DG15] = _File(FID_DG15, 0x0F, self.secrets.dg15, True)
        self.apdu_count = 0
        self.protected_responses = 0
        self.present = True
        self._transient_error_pending = profile.faults.transient_error_at is not None
        self.powered = False
        self._dir = _Dir.MF
        self._ef: _File | None = None

    # --- the reader's side: power and APDUs ---------------------------------------------------
    def power_on(self) -> bytes:
        """Power the chip up (cold reset); returns the ATR."""
        self.powered = True
        self._reset_state()
        return self.atr

    def power_off(self) -> None:
        """Power down: every session ends."""
        self.powered = False
        self._reset_state()

    def reset(self) -> bytes:
        """Warm reset: sessions end, the MF is selected again; returns the ATR."""
        self.powered = True
        self._reset_state()
        return self.atr

    def _reset_state(self) -> None:
        self.access.reset()
        if self._chip_auth is not None:
            self._chip_auth.reset()
        self._dir = _Dir.MF
        self._ef = None

    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with response data + SW. Never raises."""
        faults = self.profile.faults
        if faults.delay_ms:
            time.sleep(faults.delay_ms / 1000)
        if not self.present:
            return b""
        if faults.refuse_extended_length is ExtendedRefusal.READER and _is_extended(apdu):
            raise ReaderFault("the reader refuses extended-length APDUs", card_reset=False)
        self.apdu_count += 1
        if self._transient_error_pending and self.apdu_count == faults.transient_error_at:
            self._transient_error_pending = False
            self._reset_state()
            raise ReaderFault("the card left the field for a moment", card_reset=True)
        try:
            answer = self._process(apdu)
        except Exception:  # a bug must not crash the card: answer like a confused chip
            log.exception("virtual chip failed on an APDU")
            self.access.reset()
            answer = SW.NO_PRECISE_DIAGNOSIS.to_bytes(2, "big")
        if faults.vanish_after_apdus is not None and self.apdu_count >= faults.vanish_after_apdus:
            self.present = False
        return answer

    @property
    def _takes_extended(self) -> bool:
        refused = self.profile.faults.refuse_extended_length is ExtendedRefusal.CARD
        return self.profile.chip.extended_length and not refused

    # --- dispatch ----------------------------------------------------------------------------
    def _process(self, raw: bytes) -> bytes:
        if self.profile.chip.applet is not Applet.EMRTD:
            from cardreader.virtual.other_cards import answer

            return answer(self.profile.chip.applet, raw)
        if len(raw) < 4:
            return _sw(SW.WRONG_LENGTH)
        if _is_extended(raw) and not self._takes_extended:
            if raw[0] & 0x0C:
                self.access.reset()  # an unusable protected command ends the session
            return _sw(SW.WRONG_LENGTH)
        try:
            cmd = Command.parse(raw)
        except CardError:
            return _sw(SW.WRONG_LENGTH)
        if cmd.cla == 0xFF or cmd.cla & 0xE0:
            return _sw(SW.CLA_NOT_SUPPORTED)
        if cmd.cla & 0x03:
            return _sw(SW.LOGICAL_CHANNEL_NOT_SUPPORTED)
        if self.access.handles(cmd):
            return self.access.handle(cmd).encode()
        if cmd.cla & 0x0C:
            return self._protected(cmd).encode()
        if self.access.authenticated:
            # A plain command ends the secure-messaging session (ICAO 9303-11, 9.8) and is
            # refused: after PACE/BAC everything must be protected.
            self.access.reset()
            return _sw(SW.SM_DATA_OBJECTS_MISSING)
        return self._dispatch(cmd).encode()

    def _protected(self, cmd: Command) -> Response:
        from cardreader.secure_messaging import ProtectedCommandError

        try:
            plain = self.access.unwrap(cmd)
        except ProtectedCommandError as exc:
            # The engine has ended the session; the refusal itself goes out in plain.
            return Response(b"", exc.sw)
        new_keys = None
        if self._chip_auth is not None and self._chip_auth.handles(plain):
            response, new_keys = self._chip_auth.handle(plain)
        elif plain.ins == INS_INTERNAL_AUTHENTICATE:
            response = self._internal_authenticate(plain)
        else:
            response = self._dispatch(plain)
        self.protected_responses += 1
        corrupt_after = self.profile.faults.corrupt_mac_after
        if corrupt_after is not None:
            self.access.corrupt_mac = self.protected_responses >= max(corrupt_after, 1)
        wrapped = self.access.wrap(response)
        if new_keys is not None:
            # The answer that agreed the keys still goes out under the old ones.
            self.access.rekey(new_keys)
        return wrapped

    def _internal_authenticate(self, cmd: Command) -> Response:
        """Active Authentication: sign the reader's challenge with the EF.DG15 key."""
        from cardreader.active_authentication import sign_ecdsa_plain, sign_rsa_9796

        secrets = self.secrets
        if (cmd.p1, cmd.p2) != (0x00, 0x00):
            return Response(b"", SW.INCORRECT_P1P2)
        if len(cmd.data) != 8:
            return Response(b"", SW.WRONG_DATA)
        if secrets.aa_rsa is not None:
            n, d = secrets.aa_rsa
            signature = sign_rsa_9796(n, d, cmd.data)
        elif secrets.aa_ecdsa is not None:
            key = secrets.aa_ecdsa
            signature = sign_ecdsa_plain(key.parameter_id, key.private, AA_HASH, cmd.data)
        else:
            return Response(b"", SW.INS_NOT_SUPPORTED)
        if self.profile.faults.wrong_aa_signature:
            signature = signature[:-1] + bytes((signature[-1] ^ 0x01,))
        return Response(signature, SW.OK)

    def _dispatch(self, cmd: Command) -> Response:
        if cmd.cla & 0x10:  # command chaining is for GENERAL AUTHENTICATE only
            return Response(b"", SW.FUNCTION_NOT_SUPPORTED)
        if cmd.ins == 0xA4:
            return self._select(cmd)
        if cmd.ins == 0xB0:
            return self._read_binary(cmd)
        return Response(b"", SW.INS_NOT_SUPPORTED)

    def _select(self, cmd: Command) -> Response:
        if cmd.p2 not in (0x0C, 0x00):
            return Response(b"", SW.INCORRECT_P1P2)
        if cmd.p1 == 0x04:  # by DF name
            if cmd.data != lds.EMRTD_AID:
                return Response(b"", SW.FILE_NOT_FOUND)
            self._dir, self._ef = _Dir.EMRTD, None
            return Response(b"", SW.OK)
        if cmd.p1 == 0x00:  # MF (no data, or 3F00)
            if cmd.data not in (b"", MF_FID.to_bytes(2, "big")):
                return self._select_ef(cmd)
            self._dir, self._ef = _Dir.MF, None
            return Response(b"", SW.OK)
        if cmd.p1 == 0x02:  # EF under the current DF
            return self._select_ef(cmd)
        return Response(b"", SW.INCORRECT_P1P2)

    def _select_ef(self, cmd: Command) -> Response:
        if len(cmd.data) != 2:
            return Response(b"", SW.WRONG_LENGTH)
        found = self._files().get(int.from_bytes(cmd.data, "big"))
        if found is None:
            return Response(b"", SW.FILE_NOT_FOUND)
        if found.protected and not self.access.authenticated:
            return Response(b"", SW.SECURITY_STATUS_NOT_SATISFIED)
        self._ef = found
        return Response(b"", SW.OK)

    def _files(self) -> dict[int, _File]:
        return self._mf if self._dir is _Dir.MF else self._app

    def _read_binary(self, cmd: Command) -> Response:
        if cmd.data:
            return Response(b"", SW.WRONG_LENGTH)
        if cmd.p1 & 0x80:  # short EF identifier in P1, offset in P2
            sfi = cmd.p1 & 0x1F
            if cmd.p1 & 0x60:
                return Response(b"", SW.INCORRECT_P1P2)
            target = next((f for f in self._files().values() if f.sfi == sfi), None)
            if target is None:
                return Response(b"", SW.FILE_NOT_FOUND)
            if target.protected and not self.access.authenticated:
                return Response(b"", SW.SECURITY_STATUS_NOT_SATISFIED)
            self._ef = target
            offset = cmd.p2
        else:
            if self._ef is None:
                return Response(b"", SW.COMMAND_NOT_ALLOWED)
            offset = (cmd.p1 << 8) | cmd.p2
        ef = self._ef
        if ef.protected and not self.access.authenticated:
            return Response(b"", SW.SECURITY_STATUS_NOT_SATISFIED)
        if cmd.le is None:
            return Response(b"", SW.WRONG_LENGTH)
        if offset >= len(ef.content):
            return Response(b"", SW.WRONG_P1P2)
        data = ef.content[offset : offset + cmd.le]
        # Le = 00 / 0000 means "up to 256 / 65536": the rest of a shorter file is a success;
        # an explicit Le beyond the end gets the rest with a warning (ISO 7816-4, 6282).
        if len(data) < cmd.le and cmd.le not in (256, 65536):
            return Response(data, SW.END_OF_FILE_BEFORE_LE)
        return Response(data, SW.OK)


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


def _is_extended(raw: bytes) -> bool:
    return len(raw) >= 7 and raw[4] == 0
