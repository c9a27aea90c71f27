"""Proof that the chip is genuine, bound to passive authentication.

Passive authentication shows the data were signed by the issuer; it does not show the chip
is the one the issuer made, because data and EF.SOD copy onto any chip. The chip proves that
by using a private key whose public key the issuer signed: EF.DG14 (Chip Authentication, or
PACE-CAM) or EF.DG15 (Active Authentication). Such a proof counts only when that public key
is itself covered by a valid passive authentication: otherwise a copy with its own key pair
in a forged DG14 would pass (the lesson of gmrtd issue 349). Hence the order in
`cardreader.reader`:

1. `read_key_files`: EF.DG14 (and EF.DG15 when DG14 offers no Chip Authentication key);
2. passive authentication over DG1 and those files together;
3. `prove`: with a valid passive authentication only, PACE-CAM's data are checked against the
   DG14 key, or Chip Authentication runs and one more protected command must verify under
   the new keys, or Active Authentication signs a fresh challenge.

The outcome is `ChipAuthentication.PASSED` / `FAILED` / `NOT_SUPPORTED` with the method
and a one-line detail that never holds key material, challenges or cryptograms.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from cardreader.apdu import SW, Command, Response
from cardreader.apdu_session import ApduChannel
from cardreader.document import ChipAuthentication, ChipAuthenticationMethod, PassiveAuthentication
from cardreader.errors import (
    ApduError,
    CardError,
    MalformedResponseError,
    SecureMessagingError,
    TransportError,
    UnsupportedProtocolError,
)
from cardreader.secure_messaging import SecureMessaging

log = logging.getLogger(__name__)

SFI_DG14 = 0x0E
SFI_DG15 = 0x0F
EXTENDED_READ = 0x10000
MAX_SM_SHORT_READ = 0xDF


@dataclass(frozen=True)
class ChipProof:
    """The verdict on the chip, for the read result."""

    outcome: ChipAuthentication
    method: ChipAuthenticationMethod | None
    detail: str


def _read_optional(channel: ApduChannel, sfi: int, what: str) -> bytes | None:
    """A data group by short EF identifier, or None when the chip has no such file."""
    from cardreader.reader import _read_rest

    chunk = EXTENDED_READ if channel.extended_length else MAX_SM_SHORT_READ
    first = channel.transmit(Command(0x00, 0xB0, 0x80 | sfi, 0x00, le=chunk))
    if first.sw in (SW.FILE_NOT_FOUND, SW.SECURITY_STATUS_NOT_SATISFIED):
        return None
    if first.sw not in (SW.OK, SW.END_OF_FILE_BEFORE_LE):
        raise ApduError(first.sw, f"READ BINARY {what} failed ({first.sw:04X})")
    return _read_rest(channel, first.data, chunk, what)


def read_key_files(channel: ApduChannel, *, pace_cam: bool) -> dict[int, bytes]:
    """EF.DG14, and EF.DG15 unless DG14 already offers Chip Authentication (or PACE-CAM
    ran): the files whose keys the chip can prove itself with. Data-group number -> bytes."""
    from cardreader.security_infos import parse_dg14

    files: dict[int, bytes] = {}
    dg14 = _read_optional(channel, SFI_DG14, "EF.DG14")
    if dg14 is not None:
        files[14] = dg14
        try:
            if parse_dg14(dg14).chip_authentication_pair() is not None or pace_cam:
                return files
        except (MalformedResponseError, UnsupportedProtocolError):
            return files  # judged after passive authentication
    dg15 = _read_optional(channel, SFI_DG15, "EF.DG15")
    if dg15 is not None:
        files[15] = dg15
    return files


def prove(
    channel: ApduChannel,
    files: dict[int, bytes],
    passive: PassiveAuthentication,
    listed: frozenset[int],
    *,
    rng: Callable[[int], bytes] = os.urandom,
) -> ChipProof:
    """Run the strongest proof the chip offers, if passive authentication allows it.

    `files` are the key files read (see `read_key_files`), `listed` the data-group numbers
    EF.SOD has hashes for. Transport failures (card removed, timeout) propagate; every
    other failure of the protocol is a `FAILED` verdict.
    """
    from cardreader.security_infos import parse_dg14, parse_dg15

    info = getattr(channel, "info", None)
    cam = getattr(info, "cam", None)
    method = _method(files, cam is not None)
    if method is None:
        missing = sorted(n for n in (14, 15) if n in listed and n not in files)
        if missing:
            return ChipProof(
                ChipAuthentication.FAILED,
                None,
                f"EF.SOD lists DG{missing[0]} but the chip does not give it",
            )
        return ChipProof(
            ChipAuthentication.NOT_SUPPORTED, None, "the chip offers no chip authentication"
        )
    if passive is PassiveAuthentication.INVALID:
        return ChipProof(
            ChipAuthentication.FAILED,
            method,
            "passive authentication is invalid, so the chip's key is not the issuer's",
        )
    if passive is not PassiveAuthentication.VALID:
        return ChipProof(
            ChipAuthentication.NOT_SUPPORTED,
            method,
            "no trusted passive authentication covers the chip's key",
        )
    try:
        if method is ChipAuthenticationMethod.PACE_CAM:
            from cardreader import pace_cam

            if cam is None:  # _method chose PACE-CAM because the channel has its data
                raise RuntimeError("PACE-CAM chosen without PACE-CAM data")
            keys = parse_dg14(files[14]).chip_keys
            if not keys:
                raise pace_cam.PaceCamError("EF.DG14 holds no chip key")
            key = next((k for k in keys if k.parameter_id == cam.parameter_id), keys[0])
            pace_cam.verify(cam, key)
        elif method is ChipAuthenticationMethod.CA:
            from cardreader.chip_authentication import chip_authenticate

            pair = parse_dg14(files[14]).chip_authentication_pair()
            if pair is None:
                raise MalformedResponseError("EF.DG14 offers no Chip Authentication key")
            if not isinstance(channel, SecureMessaging):
                raise SecureMessagingError("Chip Authentication needs a secure channel")
            chip_authenticate(channel, pair[0], pair[1], rng=rng)
            _confirm(channel)
        else:
            from cardreader.active_authentication import internal_authenticate

            infos = parse_dg14(files[14]) if 14 in files else None
            aa_info = (
                infos.active_authentication[0] if infos and infos.active_authentication else None
            )
            internal_authenticate(channel, parse_dg15(files[15]), aa_info, rng=rng)
    except TransportError:
        raise
    except UnsupportedProtocolError as exc:
        # Well-formed, but on parameters or an algorithm this reader cannot check.
        log.info("chip authentication (%s) not possible: %s", method.value, exc)
        return ChipProof(ChipAuthentication.NOT_SUPPORTED, method, f"{method.value}: {exc}")
    except CardError as exc:
        log.info("chip authentication (%s) failed: %s", method.value, type(exc).__name__)
        return ChipProof(ChipAuthentication.FAILED, method, _failure_detail(method, exc))
    return ChipProof(
        ChipAuthentication.PASSED,
        method,
        f"{method.value} verified with the chip key that passive authentication covers",
    )


def _method(files: dict[int, bytes], cam: bool) -> ChipAuthenticationMethod | None:
    from cardreader.security_infos import parse_dg14

    if 14 in files:
        if cam:
            return ChipAuthenticationMethod.PACE_CAM
        try:
            if parse_dg14(files[14]).chip_authentication_pair() is not None:
                return ChipAuthenticationMethod.CA
        except UnsupportedProtocolError:
            pass
        except MalformedResponseError:
            if 15 not in files:
                return ChipAuthenticationMethod.CA  # a broken DG14 fails, never "not offered"
    if 15 in files:
        from cardreader.security_infos import parse_dg15

        try:
            parse_dg15(files[15])
        except UnsupportedProtocolError:
            return None  # a key this reader cannot use: no proof offered to it
        except MalformedResponseError:
            pass  # a broken DG15 fails, never "not offered"
        return ChipAuthenticationMethod.AA
    return None


def _confirm(channel: SecureMessaging) -> None:
    """One protected command under the new keys: only the genuine chip's answer verifies."""
    from cardreader.lds import EMRTD_AID

    answer: Response = channel.transmit(Command(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
    if answer.sw != SW.OK:
        raise ApduError(answer.sw, "the chip did not answer under the new keys")


def _failure_detail(method: ChipAuthenticationMethod, exc: CardError) -> str:
    if isinstance(exc, SecureMessagingError):
        return f"{method.value}: the chip's answer does not verify under the agreed keys"
    if isinstance(exc, MalformedResponseError):
        return f"{method.value}: the chip's key file or answer is malformed"
    if isinstance(exc, ApduError):
        return f"{method.value}: the chip refused ({exc.sw:04X})"
    return f"{method.value}: the chip's proof does not verify"
