"""Secure messaging (ICAO Doc 9303-11, 9.8): the protected channel after PACE or BAC.

Reader side, `SecureMessaging(inner, keys)` wraps any `ApduChannel` and is one itself:
every command goes out with its data encrypted in DO'87' (DO'85' for odd INS), the expected
length in DO'97' and a MAC in DO'8E'; every answer must carry DO'99' (the status word) and a
MAC that verifies. Any failure raises `SecureMessagingError` and kills the wrapper: each
later `transmit` raises too, because the send sequence counters of reader and chip can no
longer be trusted to agree. A plain 6987/6988 from the chip (it rejected our protection)
ends the session the same way. One exception: an extended-length command that the reader
refused before the chip saw it (`ExtendedLengthRefused`, `reached_card` false) is wrapped
again with the same counter in short form; one the chip answered with a plain 6700 ends the
session like any other plain answer to our protection.

Card side, `CardSecureMessaging(keys)` does the mirror image for the virtual chip:
`unwrap` a protected command, `wrap` a plain response.

Ciphers: 3DES (BAC, PACE-3DES: retail MAC, 8-byte SSC, IV of zeros) and AES-128/192/256
(PACE: AES-CMAC truncated to 8 bytes, 16-byte SSC, IV = E(KSenc, SSC)).
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cardreader import tlv
from cardreader.apdu import SW, Command, Response
from cardreader.apdu_session import ApduChannel, ExtendedLengthRefused
from cardreader.cipher import Cipher, cbc_decrypt, cbc_encrypt, ecb_encrypt_block, mac, pad, unpad
from cardreader.document import AccessProtocol
from cardreader.errors import CardError, SecureMessagingError
from cardreader.passwords import PasswordType
from cardreader.traffic_log import TRAFFIC

if TYPE_CHECKING:
    from cardreader.pace_cam import CamEvidence

logger = logging.getLogger(__name__)

# With short APDUs a protected READ BINARY answer must fit in 256 bytes: DO'87' (3 + 1 +
# padded data) + DO'99' (4) + DO'8E' (10). 0xDF bytes of plain data is the most that fits.
MAX_SHORT_READ = 0xDF

_SM_CLA = 0x0C
_DO85, _DO87, _DO8E, _DO97, _DO99 = 0x85, 0x87, 0x8E, 0x97, 0x99


@dataclass(frozen=True, repr=False)
class SessionKeys:
    """Session keys and the starting send sequence counter. The repr hides the keys."""

    cipher: Cipher
    k_enc: bytes
    k_mac: bytes
    ssc: int = 0

    def __post_init__(self) -> None:
        if len(self.k_enc) != self.cipher.key_length or len(self.k_mac) != self.cipher.key_length:
            raise ValueError(
                f"{self.cipher.value} session keys must be {self.cipher.key_length} bytes"
            )

    def __repr__(self) -> str:
        return f"SessionKeys(cipher={self.cipher.value}, keys hidden)"


@dataclass(frozen=True)
class ChannelInfo:
    """How the secure channel was opened, for the read result and the logs."""

    access: AccessProtocol
    cipher: Cipher
    password: PasswordType
    protocol_oid: str | None = None  # the PACEInfo protocol, None for BAC
    domain_parameters: str | None = None  # "brainpoolP256r1", "RFC 5114 2048/256", ...
    parameter_id: int | None = None
    # PACE-CAM: the chip's proof, checked once EF.DG14 has passed passive authentication.
    cam: CamEvidence | None = field(default=None, repr=False, compare=False)

    def describe(self) -> str:
        """A short phrase for logs: "PACE-CAN brainpoolP256r1 AES-128"."""
        parts = [f"{self.access.value}-{self.password.name}"]
        if self.domain_parameters:
            parts.append(self.domain_parameters)
        parts.append(self.cipher.value)
        return " ".join(parts)


class ProtectedCommandError(SecureMessagingError):
    """Card side: a protected command failed its checks; `sw` is what the chip answers
    (6987 data objects missing, 6988 data objects incorrect)."""

    def __init__(self, message: str, sw: int) -> None:
        super().__init__(message, sw=sw)
        self.sw: int = sw


class _Codec:
    """The cipher suite and the counter, shared by both sides."""

    def __init__(self, keys: SessionKeys) -> None:
        self.cipher = keys.cipher
        self._k_enc = keys.k_enc
        self._k_mac = keys.k_mac
        self._ssc = keys.ssc

    def step(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self.cipher.block_size))
        return self._ssc.to_bytes(self.cipher.block_size, "big")

    def step_back(self) -> None:
        """Undo one `step`: the command it counted never reached the chip."""
        self._ssc = (self._ssc - 1) % (1 << (8 * self.cipher.block_size))

    def _iv(self, ssc: bytes) -> bytes:
        if self.cipher is Cipher.DES3:
            return bytes(8)
        return ecb_encrypt_block(self.cipher, self._k_enc, ssc)

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return cbc_encrypt(
            self.cipher, self._k_enc, pad(data, self.cipher.block_size), self._iv(ssc)
        )

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        return unpad(cbc_decrypt(self.cipher, self._k_enc, data, self._iv(ssc)))

    def mac(self, ssc: bytes, data: bytes) -> bytes:
        return mac(self.cipher, self._k_mac, ssc + data)

    def padded_header(self, cla: int, cmd: Command) -> bytes:
        return pad(bytes((cla, cmd.ins, cmd.p1, cmd.p2)), self.cipher.block_size)


def _encode_le(le: int) -> bytes:
    if le <= 256:
        return bytes((le & 0xFF,))
    return (le & 0xFFFF).to_bytes(2, "big")


def _decode_le(value: bytes) -> int:
    if len(value) == 1:
        return value[0] or 256
    if len(value) == 2:
        return int.from_bytes(value, "big") or 65536
    raise ProtectedCommandError("DO'97' must hold one or two bytes", SW.SM_DATA_OBJECTS_INCORRECT)


def _is_success_or_warning(sw: int) -> bool:
    return sw == SW.OK or sw >> 8 in (0x62, 0x63)


class SecureMessaging:
    """Reader-side secure messaging over `inner`; an `ApduChannel` itself."""

    def __init__(
        self, inner: ApduChannel, keys: SessionKeys, info: ChannelInfo | None = None
    ) -> None:
        self._inner = inner
        self._codec = _Codec(keys)
        self._dead = False
        self.info = info
        self._rekeyed = False

    @property
    def extended_length(self) -> bool:
        return self._inner.extended_length

    @property
    def apdu_count(self) -> int:
        return self._inner.apdu_count

    @property
    def alive(self) -> bool:
        """False once the channel broke; a new PACE or BAC is needed."""
        return not self._dead

    def rekey(self, keys: SessionKeys) -> None:
        """Continue with new session keys and counter (Chip Authentication replaces them;
        the answer to the command that agreed them was still protected with the old ones)."""
        if self._dead:
            raise SecureMessagingError("the secure channel was closed after an error")
        self._codec = _Codec(keys)
        self._rekeyed = True

    @property
    def rekeyed(self) -> bool:
        """True once `rekey` replaced the keys access control agreed (Chip Authentication)."""
        return self._rekeyed

    def transmit(self, cmd: Command) -> Response:
        """Protect `cmd`, send it, verify and decrypt the answer."""
        if self._dead:
            raise SecureMessagingError("the secure channel was closed after an error")
        try:
            answer = self._send(cmd)
            response = self._unprotect(answer)
        except Exception as exc:
            # Whatever failed, the counters may now disagree: the channel is over.
            self._dead = True
            if isinstance(exc, SecureMessagingError):
                logger.debug("secure messaging failed: %s", exc)
            raise
        if logger.isEnabledFor(TRAFFIC):
            logger.log(
                TRAFFIC,
                "SM > %02X %02X %02X %02X Lc=%d Le=%s | < %d bytes %04X",
                cmd.cla, cmd.ins, cmd.p1, cmd.p2, len(cmd.data), cmd.le,
                len(response.data), response.sw,
            )  # fmt: skip
        return response

    def _send(self, cmd: Command) -> Response:
        protected = self._protect(cmd)
        try:
            return self._inner.transmit(protected)
        except ExtendedLengthRefused as refused:
            if refused.reached_card:
                # ICAO 9303-11 9.8: a plain answer to a protected command ends the session on
                # the chip's side (the virtual chip does so); whether this chip counted the
                # command is unknown, so no guess is sent after it.
                raise SecureMessagingError(
                    "the chip refused an extended-length protected command in plain; the "
                    "secure channel is over"
                ) from None
            logger.info("protected command sent again in short form with the same counter")
        # The reader refused the command before the chip saw it, so the chip has not counted
        # it: the same counter protects it again, now in short form (the inner channel turned
        # short). The same plain data under the same counter gives the same cryptogram.
        self._codec.step_back()
        return self._inner.transmit(self._protect(cmd))

    def _protect(self, cmd: Command) -> Command:
        codec = self._codec
        if cmd.le is not None and cmd.le > 256 and not self._inner.extended_length:
            # A short protected answer holds at most MAX_SHORT_READ plain bytes; the reader
            # reads on in chunks (after a fall-back to short APDUs mid-file, too).
            cmd = Command(cmd.cla, cmd.ins, cmd.p1, cmd.p2, cmd.data, MAX_SHORT_READ)
        if cmd.cla & _SM_CLA:
            raise ValueError("command is already marked as secure messaging")
        cla = cmd.cla | _SM_CLA
        ssc = codec.step()
        body = b""
        if cmd.data:
            cryptogram = codec.encrypt(ssc, cmd.data)
            if cmd.ins & 1:  # odd INS: BER-TLV plain data, no padding-content indicator
                body += tlv.encode(_DO85, cryptogram)
            else:
                body += tlv.encode(_DO87, b"\x01" + cryptogram)
        if cmd.le is not None:
            body += tlv.encode(_DO97, _encode_le(cmd.le))
        cc = codec.mac(ssc, codec.padded_header(cla, cmd) + body)
        body += tlv.encode(_DO8E, cc)
        extended = self._inner.extended_length and (
            len(body) > 255 or (cmd.le is not None and cmd.le > MAX_SHORT_READ)
        )
        return Command(cla, cmd.ins, cmd.p1, cmd.p2, body, 65536 if extended else 256)

    def _unprotect(self, answer: Response) -> Response:
        ssc = self._codec.step()
        if not answer.data:
            if answer.sw in (SW.SM_DATA_OBJECTS_MISSING, SW.SM_DATA_OBJECTS_INCORRECT):
                raise SecureMessagingError(
                    f"the chip rejected our secure messaging ({answer.sw:04X})"
                )
            if _is_success_or_warning(answer.sw):
                raise SecureMessagingError(f"unprotected {answer.sw:04X} in a secure session")
            # Chips may report an error (file not found, ...) without protection.
            return answer
        try:
            items = tlv.parse(answer.data)
        except CardError as exc:
            raise SecureMessagingError(f"protected answer does not parse: {exc}") from None
        tags = [item.tag for item in items]
        if tags not in ([_DO99, _DO8E], [_DO87, _DO99, _DO8E], [_DO85, _DO99, _DO8E]):
            raise SecureMessagingError(
                "protected answer has data objects " + " ".join(f"{t:02X}" for t in tags)
            )
        *covered, cc = items
        if len(cc.value) != 8:
            raise SecureMessagingError("DO'8E' of the answer is not 8 bytes")
        expected = self._codec.mac(ssc, b"".join(item.raw for item in covered))
        if not hmac.compare_digest(expected, cc.value):
            raise SecureMessagingError("the chip's answer failed its MAC check")
        status = covered[-1].value
        if len(status) != 2:
            raise SecureMessagingError("DO'99' of the answer is not 2 bytes")
        sw = int.from_bytes(status, "big")
        if answer.sw not in (SW.OK, sw):
            raise SecureMessagingError(
                f"protected status {sw:04X} differs from the plain one {answer.sw:04X}"
            )
        data = b""
        if len(covered) == 2:
            crypt = covered[0]
            if crypt.tag == _DO87:
                if not crypt.value or crypt.value[0] != 0x01:
                    raise SecureMessagingError("DO'87' lacks the padding-content indicator 01")
                data = self._codec.decrypt(ssc, crypt.value[1:])
            else:
                data = self._codec.decrypt(ssc, crypt.value)
        return Response(data, sw)


class CardSecureMessaging:
    """Chip-side secure messaging: unwrap protected commands, wrap responses.

    `corrupt_mac` (a QA fault) makes every wrapped response carry a wrong MAC.
    """

    def __init__(self, keys: SessionKeys, *, corrupt_mac: bool = False) -> None:
        self._codec = _Codec(keys)
        self.corrupt_mac = corrupt_mac

    def rekey(self, keys: SessionKeys) -> None:
        """Continue with new session keys (after the chip answered Chip Authentication)."""
        self._codec = _Codec(keys)

    def unwrap(self, cmd: Command) -> Command:
        """The plain command inside `cmd`; raises `ProtectedCommandError` with the SW to
        answer when `cmd` is not correctly protected."""
        codec = self._codec
        ssc = codec.step()
        if cmd.cla & _SM_CLA != _SM_CLA:
            raise ProtectedCommandError("command is not protected", SW.SM_DATA_OBJECTS_MISSING)
        try:
            items = tlv.parse(cmd.data)
        except CardError as exc:
            raise ProtectedCommandError(str(exc), SW.SM_DATA_OBJECTS_INCORRECT) from None
        if not items or items[-1].tag != _DO8E:
            raise ProtectedCommandError("DO'8E' is missing", SW.SM_DATA_OBJECTS_MISSING)
        *covered, cc = items
        tags = [item.tag for item in covered]
        if tags not in ([], [_DO97], [_DO87], [_DO85], [_DO87, _DO97], [_DO85, _DO97]):
            raise ProtectedCommandError(
                "unexpected data objects in the command", SW.SM_DATA_OBJECTS_INCORRECT
            )
        expected = codec.mac(
            ssc, codec.padded_header(cmd.cla, cmd) + b"".join(i.raw for i in covered)
        )
        if not hmac.compare_digest(expected, cc.value):
            raise ProtectedCommandError("command MAC does not verify", SW.SM_DATA_OBJECTS_INCORRECT)
        data = b""
        le: int | None = None
        try:
            for item in covered:
                if item.tag == _DO87:
                    if not item.value or item.value[0] != 0x01:
                        raise SecureMessagingError("DO'87' lacks the padding-content indicator")
                    data = codec.decrypt(ssc, item.value[1:])
                elif item.tag == _DO85:
                    data = codec.decrypt(ssc, item.value)
                else:
                    le = _decode_le(item.value)
        except ProtectedCommandError:
            raise
        except SecureMessagingError as exc:
            raise ProtectedCommandError(str(exc), SW.SM_DATA_OBJECTS_INCORRECT) from None
        return Command(cmd.cla & ~_SM_CLA & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, le)

    def wrap(self, response: Response) -> Response:
        """`response` protected: DO'87' (if data), DO'99', DO'8E'."""
        codec = self._codec
        ssc = codec.step()
        body = b""
        if response.data:
            body += tlv.encode(_DO87, b"\x01" + codec.encrypt(ssc, response.data))
        body += tlv.encode(_DO99, response.sw.to_bytes(2, "big"))
        cc = codec.mac(ssc, body)
        if self.corrupt_mac:
            cc = bytes((cc[0] ^ 0x01,)) + cc[1:]
        return Response(body + tlv.encode(_DO8E, cc), response.sw)
