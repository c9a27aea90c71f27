"""The virtual chip's access control: the card side of PACE, BAC and secure messaging.

The chip (file system, profiles, faults) owns one `CardAccessControl` and routes every
command APDU through it. Interface:

```python
ac = CardAccessControl(can="123456", mrz_key=MrzKey(...), pace=[PaceInfo.ecdh_gm(...)],
                       bac=True, rng=os.urandom, max_retries=3)
ac.card_access          # EF.CardAccess content for the offered PaceInfos (b"" when none)
ac.process(cmd, files)  # the whole policy in one call, see below
# or piece by piece:
ac.handles(cmd)         # plain MSE:SET AT (C1 A4), GENERAL AUTHENTICATE, GET CHALLENGE,
                        # EXTERNAL/MUTUAL AUTHENTICATE
ac.handle(cmd)          # -> Response for one of those
ac.authenticated        # a secure channel is up; protocol is AccessProtocol.PACE / BAC
ac.unwrap(cmd)          # protected command -> plain; raises ProtectedCommandError (.sw)
ac.wrap(response)       # plain response -> protected
ac.reset()              # power cycle: channel and half-done protocols forgotten
ac.retries_left         # CAN tries left (a wrong CAN answers 63Cx; at 0 PACE-CAN is 6983)
ac.corrupt_mac = True   # QA fault: wrapped responses carry a wrong MAC
```

`process(cmd, files)` answers access-control commands itself; unwraps protected commands,
hands the plain command to `files` and wraps its answer; passes plain commands to `files`
unchanged (a plain command while a channel is up closes the channel first, as real chips
do). `files` must refuse data groups while `ac.authenticated` is False (6982). A broken
protected command is answered 6987/6988 in plain and ends the channel.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cardreader import bac, pace, tlv
from cardreader.apdu import SW, Command, Response
from cardreader.card_access import Mapping, PaceInfo, decode_oid, supports
from cardreader.cipher import Cipher
from cardreader.document import AccessProtocol
from cardreader.domain_parameters import STANDARD_PARAMETERS, PaceGroup
from cardreader.errors import CardError, MalformedResponseError
from cardreader.passwords import Can, CardPassword, MrzKey, PasswordType
from cardreader.secure_messaging import CardSecureMessaging, ProtectedCommandError, SessionKeys
from cardreader.security_infos import encode_card_access

logger = logging.getLogger(__name__)

INS_GET_CHALLENGE = 0x84
INS_MUTUAL_AUTHENTICATE = 0x82


@dataclass
class _PaceRun:
    """A PACE run between MSE:SET AT and the last GENERAL AUTHENTICATE."""

    info: PaceInfo
    password: CardPassword
    cipher: Cipher
    group: PaceGroup
    step: int = 1
    s: int = 0
    mapped: PaceGroup | None = None
    pk_picc: Any = None
    pk_pcd: Any = None
    keys: SessionKeys | None = None
    sk_map: int = 0


def alg_is_cam(info: PaceInfo) -> bool:
    """Whether `info` names PACE with chip-authentication mapping."""
    alg = info.algorithm
    return alg is not None and alg.mapping is Mapping.CHIP_AUTHENTICATION


def _answer(sw: int, data: bytes = b"") -> Response:
    return Response(data, sw)


class CardAccessControl:
    """PACE and BAC as a chip runs them, plus the chip's side of secure messaging."""

    def __init__(
        self,
        *,
        can: str | Can | None,
        mrz_key: MrzKey | None,
        pace: Sequence[PaceInfo] | None,
        bac: bool,
        rng: Callable[[int], bytes] = os.urandom,
        max_retries: int = 3,
        cam_key: int | None = None,
    ) -> None:
        self._can = Can(can) if isinstance(can, str) else can
        self._mrz_key = mrz_key
        self._pace_infos = tuple(pace or ())
        unsupported = [i for i in self._pace_infos if not supports(i)]
        if unsupported:
            raise ValueError(f"the virtual chip cannot run PACE with {unsupported}")
        self._bac = bac
        if bac and mrz_key is None:
            raise ValueError("BAC needs the MRZ key")
        self._rng = rng
        # PACE-CAM: the chip's static Chip Authentication private key (its public key is
        # in EF.DG14).
        self._cam_key = cam_key
        self._max_retries = max_retries
        self.retries_left = max_retries
        self.card_access = encode_card_access(self._pace_infos)
        self.protocol: AccessProtocol | None = None
        self._corrupt_mac = False
        self._sm: CardSecureMessaging | None = None
        self._run: _PaceRun | None = None
        self._rnd_ic: bytes | None = None

    # --- state -------------------------------------------------------------------------------
    @property
    def authenticated(self) -> bool:
        """Whether a secure channel is up."""
        return self._sm is not None

    @property
    def corrupt_mac(self) -> bool:
        return self._corrupt_mac

    @corrupt_mac.setter
    def corrupt_mac(self, value: bool) -> None:
        self._corrupt_mac = value
        if self._sm is not None:
            self._sm.corrupt_mac = value

    def reset(self) -> None:
        """Forget the channel and any half-done protocol (the retry counter persists)."""
        self._end_session()
        self._run = None
        self._rnd_ic = None

    def rekey(self, keys: SessionKeys) -> None:
        """Switch the open channel to new session keys (Chip Authentication)."""
        if self._sm is not None:
            self._sm.rekey(keys)

    def _end_session(self) -> None:
        self._sm = None
        self.protocol = None

    def _open_session(self, keys: SessionKeys, protocol: AccessProtocol) -> None:
        self._sm = CardSecureMessaging(keys, corrupt_mac=self._corrupt_mac)
        self.protocol = protocol

    # --- dispatch ----------------------------------------------------------------------------
    def handles(self, cmd: Command) -> bool:
        """Whether `cmd` is a plain access-control command this engine answers."""
        if cmd.cla & 0x0C:
            return False
        return (
            (cmd.ins == pace.INS_MSE and (cmd.p1, cmd.p2) == (0xC1, 0xA4))
            or cmd.ins == pace.INS_GENERAL_AUTHENTICATE
            or cmd.ins == INS_GET_CHALLENGE
            or cmd.ins == INS_MUTUAL_AUTHENTICATE
        )

    def handle(self, cmd: Command) -> Response:
        """Answer one access-control command (see `handles`)."""
        # Access-control commands arrive in plain: any open channel ends here.
        self._end_session()
        try:
            if cmd.ins == pace.INS_MSE:
                return self._mse_set_at(cmd)
            if cmd.ins == pace.INS_GENERAL_AUTHENTICATE:
                return self._general_authenticate(cmd)
            if cmd.ins == INS_GET_CHALLENGE:
                return self._get_challenge(cmd)
            if cmd.ins == INS_MUTUAL_AUTHENTICATE:
                return self._external_authenticate(cmd)
        except CardError as exc:  # malformed data objects, bad points
            logger.debug("access control command refused: %s", exc)
            self._run = None
            return _answer(SW.WRONG_DATA)
        return _answer(SW.INS_NOT_SUPPORTED)

    def unwrap(self, raw: Command) -> Command:
        """The plain command inside a protected one; on failure the channel ends and
        `ProtectedCommandError.sw` is the status word to answer."""
        if self._sm is None:
            raise ProtectedCommandError("no secure channel", SW.SM_DATA_OBJECTS_MISSING)
        try:
            return self._sm.unwrap(raw)
        except ProtectedCommandError:
            self._end_session()
            raise

    def wrap(self, resp: Response) -> Response:
        """Protect a response for the open channel."""
        if self._sm is None:
            raise ProtectedCommandError("no secure channel", SW.SM_DATA_OBJECTS_MISSING)
        return self._sm.wrap(resp)

    def process(self, cmd: Command, files: Callable[[Command], Response]) -> Response:
        """Route one command: access control here, the rest to `files` (see module doc)."""
        if self.handles(cmd):
            return self.handle(cmd)
        if cmd.cla & 0x0C:
            try:
                plain = self.unwrap(cmd)
            except ProtectedCommandError as exc:
                logger.debug("protected command refused: %s", exc)
                return _answer(exc.sw)
            return self.wrap(files(plain))
        if self._sm is not None:
            self._end_session()
        return files(cmd)

    # --- PACE --------------------------------------------------------------------------------
    def _mse_set_at(self, cmd: Command) -> Response:
        self._run = None
        items = tlv.parse(cmd.data)
        oid_bytes, ref = tlv.find(items, 0x80), tlv.find(items, 0x83)
        if oid_bytes is None or ref is None or len(ref) != 1:
            return _answer(SW.WRONG_DATA)
        oid = decode_oid(oid_bytes)
        wanted_id = tlv.find(items, 0x84)
        offers = [
            i
            for i in self._pace_infos
            if i.protocol == oid
            and (wanted_id is None or bytes((i.parameter_id or 0,)) == wanted_id)
        ]
        if not offers:
            return _answer(SW.WRONG_DATA)
        password: CardPassword | None
        if ref[0] == PasswordType.CAN:
            password = self._can
            if password is not None and self.retries_left == 0:
                return _answer(SW.AUTHENTICATION_METHOD_BLOCKED)
        elif ref[0] == PasswordType.MRZ:
            password = self._mrz_key
        else:
            password = None
        if password is None:
            return _answer(SW.REFERENCE_DATA_NOT_FOUND)
        info = offers[0]
        alg = info.algorithm
        if alg is None or info.parameter_id is None:  # __init__ refuses such offers
            raise RuntimeError(f"the virtual chip offers PACE {info.protocol} it cannot run")
        group = STANDARD_PARAMETERS[info.parameter_id].group()
        self._run = _PaceRun(info, password, alg.cipher, group)
        return _answer(SW.OK)

    def _general_authenticate(self, cmd: Command) -> Response:
        run = self._run
        if run is None:
            return _answer(SW.CONDITIONS_NOT_SATISFIED)
        last = run.step == 4
        if cmd.cla != (0x00 if last else pace.CLA_CHAINING):
            self._run = None
            return _answer(SW.CONDITIONS_NOT_SATISFIED)
        inner = tlv.parse(tlv.parse_one(cmd.data, pace.TAG_DYNAMIC_AUTHENTICATION_DATA))
        if run.step == 1:
            if inner:
                return self._fail_run(SW.WRONG_DATA)
            s = self._rng(16)
            run.s = int.from_bytes(s, "big")
            z = pace.encrypt_nonce(run.cipher, pace.password_key(run.password, run.cipher), s)
            run.step = 2
            return _answer(SW.OK, pace.dynamic_data(pace.TAG_NONCE, z))
        if run.step == 2:
            pk_map_pcd = run.group.decode(self._only(inner, pace.TAG_MAP_PCD))
            sk_map = run.group.random_private(self._rng)
            run.sk_map = sk_map
            pk_map = run.group.public(sk_map)
            run.mapped = run.group.mapped(run.s, run.group.multiply(pk_map_pcd, sk_map))
            run.step = 3
            return _answer(SW.OK, pace.dynamic_data(pace.TAG_MAP_PICC, run.group.encode(pk_map)))
        mapped = run.mapped
        if mapped is None:  # step 2 maps the group before any later step
            raise RuntimeError("PACE step without a mapped group")
        if run.step == 3:
            run.pk_pcd = mapped.decode(self._only(inner, pace.TAG_EPH_PCD))
            sk = mapped.random_private(self._rng)
            run.pk_picc = mapped.public(sk)
            if mapped.same(run.pk_pcd, run.pk_picc):
                return self._fail_run(SW.WRONG_DATA)
            shared = mapped.shared_secret(mapped.multiply(run.pk_pcd, sk))
            run.keys = pace.session_keys(shared, run.cipher)
            run.step = 4
            return _answer(SW.OK, pace.dynamic_data(pace.TAG_EPH_PICC, mapped.encode(run.pk_picc)))
        keys = run.keys
        if keys is None:  # step 3 derives the keys before step 4
            raise RuntimeError("PACE step 4 without session keys")
        token = self._only(inner, pace.TAG_TOKEN_PCD)
        expected = pace.authentication_token(keys, run.info.protocol, mapped, run.pk_picc)
        self._run = None
        if not hmac.compare_digest(token, expected):
            return self._wrong_password(run.password)
        if run.password.password_type is PasswordType.CAN:
            self.retries_left = self._max_retries
        t_picc = pace.authentication_token(keys, run.info.protocol, mapped, run.pk_pcd)
        answer = tlv.encode(pace.TAG_TOKEN_PICC, t_picc)
        if alg_is_cam(run.info) and self._cam_key is not None:
            from cardreader import pace_cam

            if run.info.parameter_id is None:  # __init__ refuses such offers
                raise RuntimeError("the virtual chip offers PACE-CAM without parameters")
            ca_data = pace_cam.chip_ca_data(run.info.parameter_id, self._cam_key, run.sk_map)
            encrypted = pace_cam.encrypt_ca_data(keys.cipher, keys.k_enc, ca_data)
            answer += tlv.encode(pace_cam.TAG_CA_DATA, encrypted)
        self._open_session(keys, AccessProtocol.PACE)
        return _answer(SW.OK, tlv.encode(pace.TAG_DYNAMIC_AUTHENTICATION_DATA, answer))

    @staticmethod
    def _only(items: list[tlv.Tlv], tag: int) -> bytes:
        if len(items) != 1 or items[0].tag != tag:
            raise MalformedResponseError(f"expected data object {tag:02X}")
        return items[0].value

    def _fail_run(self, sw: int) -> Response:
        self._run = None
        return _answer(sw)

    def _wrong_password(self, password: CardPassword) -> Response:
        if password.password_type is PasswordType.CAN:
            self.retries_left = max(0, self.retries_left - 1)
            return _answer(0x63C0 | self.retries_left)
        return _answer(SW.AUTHENTICATION_FAILED)

    # --- BAC ---------------------------------------------------------------------------------
    def _get_challenge(self, cmd: Command) -> Response:
        if not self._bac:
            return _answer(SW.INS_NOT_SUPPORTED)
        if cmd.le != 8 or cmd.data:
            return _answer(SW.WRONG_LENGTH)
        self._rnd_ic = self._rng(8)
        return _answer(SW.OK, self._rnd_ic)

    def _external_authenticate(self, cmd: Command) -> Response:
        rnd_ic, self._rnd_ic = self._rnd_ic, None
        if not self._bac or self._mrz_key is None:
            return _answer(SW.INS_NOT_SUPPORTED)
        if rnd_ic is None:
            return _answer(SW.CONDITIONS_NOT_SATISFIED)
        if len(cmd.data) != 40:
            return _answer(SW.WRONG_LENGTH)
        keys = bac.document_keys(self._mrz_key)
        plain = bac.open_sealed(keys, cmd.data)
        if plain is None or not hmac.compare_digest(plain[8:16], rnd_ic):
            return _answer(SW.AUTHENTICATION_FAILED)
        rnd_ifd, k_ifd = plain[:8], plain[16:32]
        k_ic = self._rng(16)
        answer = bac.seal(keys, rnd_ic + rnd_ifd + k_ic)
        self._open_session(bac.session_keys(k_ifd, k_ic, rnd_ic, rnd_ifd), AccessProtocol.BAC)
        return _answer(SW.OK, answer)
