"""`eid-card` command-line rules: validation, exit codes, and secrets never echoed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cardreader import errors
from cardreader.active_authentication import ActiveAuthenticationError
from cardreader.cli import ExitCode, exit_code, exit_code_for, parse_can, parse_mrz_key
from cardreader.document import ChipAuthentication
from cardreader.failures import CardFailure, chip_refusal
from cardreader.passive_auth import TrustStoreError
from cardreader.passwords import Can, MrzKey
from cardreader.virtual.profile import ProfileError as VirtualProfileError

REPO = Path(__file__).resolve().parents[2]


def eid_card(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cardreader", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("can", ["123456", "000000", "123 456"])
def test_a_can_is_six_digits_spaces_allowed(can: str) -> None:
    assert parse_can(can) == Can(can.replace(" ", ""))


@pytest.mark.parametrize("can", ["12345", "1234567", "12345a", "１２３４５６", "", "12-456"])
def test_a_can_that_is_not_six_digits_is_refused_without_echoing_it(can: str) -> None:
    with pytest.raises(errors.PasswordFormatError) as caught:
        parse_can(can)
    assert "6 digits" in str(caught.value)
    if can:
        assert can not in str(caught.value)
    assert exit_code_for(caught.value) is ExitCode.USAGE


def test_an_mrz_key_is_document_number_birth_and_expiry() -> None:
    assert parse_mrz_key("ha7654321, 870415 ,300101") == MrzKey("HA7654321", "870415", "300101")


@pytest.mark.parametrize(
    "key",
    ["HA7654321,870415", "HA7654321,870415,300101,1", "HA-7654321,870415,300101",
     "HA7654321,8704150,300101", "HA7654321,871315,300101", "HA7654321,870400,300101",
     ",870415,300101", "HA7654321,87041a,300101"],
)  # fmt: skip
def test_a_malformed_mrz_key_is_refused_without_echoing_it(key: str) -> None:
    with pytest.raises(errors.PasswordFormatError) as caught:
        parse_mrz_key(key)
    assert "HA7654321" not in str(caught.value)
    assert "870415" not in str(caught.value)
    assert exit_code_for(caught.value) is ExitCode.USAGE


def test_read_with_a_bad_mrz_key_names_the_option_but_not_the_key() -> None:
    done = eid_card("read", "--mrz-key", "HA7654321,871315,300101", "--virtual", "kovacs-eva")
    assert done.returncode == ExitCode.USAGE
    assert done.stderr.startswith("eid-card: --mrz-key: ")
    assert "HA7654321" not in done.stderr
    assert "871315" not in done.stderr


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.WrongPasswordError(retries_left=2), ExitCode.WRONG_PASSWORD),
        (errors.PasswordBlockedError(retries_left=0), ExitCode.PASSWORD_BLOCKED),
        (errors.PcscUnavailableError("x"), ExitCode.PCSC_UNAVAILABLE),
        (errors.NoReaderError("x"), ExitCode.NO_READER),
        (errors.NoCardError("x"), ExitCode.NO_CARD),
        (errors.CardRemovedError("x"), ExitCode.CARD_REMOVED),
        (errors.CardInUseError("x"), ExitCode.COMMUNICATION),
        (errors.NotAnEidError("x"), ExitCode.NOT_AN_EID),
        (errors.InvalidDocumentDataError("x"), ExitCode.INVALID_DOCUMENT),
        (errors.UnsupportedProtocolError("x"), ExitCode.UNSUPPORTED_CARD),
        (errors.SecureMessagingError("x"), ExitCode.COMMUNICATION),
        (errors.CardTimeoutError("x"), ExitCode.COMMUNICATION),
        (errors.ApduError(0x6F00), ExitCode.COMMUNICATION),
        (errors.MalformedResponseError("x"), ExitCode.COMMUNICATION),
        (errors.TransportError("x"), ExitCode.COMMUNICATION),
        (errors.CanNotAcceptedError(), ExitCode.WRONG_PASSWORD),
        (errors.ReadCancelledError("x"), ExitCode.COMMUNICATION),
        (errors.PasswordFormatError("x"), ExitCode.USAGE),
        (ActiveAuthenticationError("x"), ExitCode.CHIP_NOT_GENUINE),
        (VirtualProfileError("x"), ExitCode.BAD_PROFILE),
        (TrustStoreError("x"), ExitCode.USAGE),
        (RuntimeError("bug"), ExitCode.INTERNAL_ERROR),
    ],
)
def test_each_failure_class_has_its_own_exit_code(error: Exception, code: ExitCode) -> None:
    assert exit_code_for(error) is code


@pytest.mark.parametrize("kind", list(CardFailure))
def test_every_failure_kind_has_an_exit_code_that_says_it_failed(kind: CardFailure) -> None:
    code = exit_code(kind)
    assert code not in (ExitCode.OK, ExitCode.INTERNAL_ERROR, ExitCode.INTERRUPTED)


def test_the_exit_code_numbers_stay_as_documented() -> None:
    # A contract (README, docs, QA scripts): a number never changes meaning.
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "INTERNAL_ERROR": 1,
        "USAGE": 2,
        "WRONG_PASSWORD": 3,
        "PASSWORD_BLOCKED": 4,
        "PCSC_UNAVAILABLE": 5,
        "NO_READER": 6,
        "NO_CARD": 7,
        "CARD_REMOVED": 8,
        "NOT_AN_EID": 9,
        "COMMUNICATION": 10,
        "INVALID_DOCUMENT": 11,
        "UNSUPPORTED_CARD": 12,
        "BAD_PROFILE": 13,
        "CHIP_NOT_GENUINE": 14,
        "CHIP_NOT_PROVEN": 15,
        "INTERRUPTED": 130,
    }


@pytest.mark.parametrize(
    ("outcome", "required", "refusal"),
    [
        (ChipAuthentication.PASSED, False, None),
        (ChipAuthentication.PASSED, True, None),
        (ChipAuthentication.NOT_SUPPORTED, False, None),
        (ChipAuthentication.NOT_SUPPORTED, True, CardFailure.CHIP_PROOF_MISSING),
        (ChipAuthentication.FAILED, False, CardFailure.CHIP_NOT_GENUINE),
        (ChipAuthentication.FAILED, True, CardFailure.CHIP_NOT_GENUINE),
    ],
)
def test_a_chip_that_fails_is_always_refused_and_one_without_proof_only_where_required(
    outcome: ChipAuthentication, required: bool, refusal: CardFailure | None
) -> None:
    assert chip_refusal(outcome, required=required) is refusal


def test_exit_codes_are_distinct() -> None:
    values = [int(code) for code in ExitCode]
    assert len(values) == len(set(values))


def test_help_documents_every_exit_code() -> None:
    done = eid_card("read", "--help")
    assert done.returncode == 0
    for code in ExitCode:
        assert f"\n  {int(code):>3}  " in done.stdout, code


def test_read_with_a_bad_can_exits_with_usage_in_one_line_and_never_echoes_it() -> None:
    done = eid_card("read", "--can", "98765x", "--virtual", "kovacs-eva")
    assert done.returncode == ExitCode.USAGE
    assert done.stderr.strip().count("\n") == 0
    assert "98765x" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_read_takes_the_can_from_stdin_when_asked() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cardreader", "read", "--can", "-", "--virtual", "x"],
        input="12x\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=30,
        check=False,
    )
    assert done.returncode == ExitCode.USAGE
    assert "6 digits" in done.stderr
    assert "12x" not in done.stderr


def test_read_needs_exactly_one_password() -> None:
    done = eid_card("read", "--can", "123456", "--mrz-key", "A,870101,300101")
    assert done.returncode == ExitCode.USAGE
    assert "not allowed with" in done.stderr
    assert eid_card("read").returncode == ExitCode.USAGE


def test_emulate_refuses_a_bad_vpcd_address() -> None:
    done = eid_card("emulate", "--profile", "kovacs-eva", "--vpcd", "localhost:notaport")
    assert done.returncode == ExitCode.USAGE
    assert "--vpcd" in done.stderr
    assert "Traceback" not in done.stderr


def test_readers_without_a_pcsc_service_exits_with_its_code(tmp_path: Path) -> None:
    done = eid_card("readers", env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-such.comm")})
    assert done.returncode == ExitCode.PCSC_UNAVAILABLE
    assert done.stderr.startswith("eid-card: PC/SC service not running")
    assert done.stderr.count("\n") == 1


def test_read_of_a_virtual_card_prints_the_documented_json_object() -> None:
    done = eid_card("read", "--virtual", "kovacs-eva", "--can", "123456", "--json")
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert {
        "document_number", "document_code", "issuing_state", "surname", "given_names",
        "date_of_birth", "date_of_expiry", "access", "passive_authentication", "apdu_count",
        "seconds",
    } <= set(record)  # fmt: skip
    assert record["document_number"] == "201847KA"
    assert record["access"] == "PACE"
    assert record["passive_authentication"] == "valid"
    assert record["date_of_birth"] == "1985-03-14"
    assert "123456" not in done.stdout + done.stderr


def test_read_of_a_virtual_passport_with_the_mrz_key_uses_bac() -> None:
    done = eid_card(
        "read", "--virtual", "farkas-bence-passport", "--mrz-key", "HA7654321,870415,300101",
        "--json",
    )  # fmt: skip
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert (record["document_number"], record["access"]) == ("HA7654321", "BAC")


@pytest.mark.parametrize(
    ("profile", "code", "reason"),
    [
        ("kovacs-eva", ExitCode.OK, ""),
        ("qa-vanish", ExitCode.CARD_REMOVED, "the card was removed"),
        ("qa-bad-mac", ExitCode.COMMUNICATION, "MAC"),
        ("no-such-profile", ExitCode.BAD_PROFILE, "no virtual-card profile named"),
    ],
)
def test_read_failures_end_in_one_line_and_their_exit_code(
    profile: str, code: ExitCode, reason: str
) -> None:
    done = eid_card("read", "--virtual", profile, "--can", "-", stdin="123456\n")
    assert done.returncode == code, done.stderr
    if code is not ExitCode.OK:
        assert done.stderr.count("\n") == 1
        assert reason in done.stderr
        assert done.stdout == ""


def test_read_with_a_wrong_can_exits_with_its_code_and_the_tries_left() -> None:
    done = eid_card("read", "--virtual", "kovacs-eva", "--can", "-", "--json", stdin="654321\n")
    assert done.returncode == ExitCode.WRONG_PASSWORD
    assert done.stderr == "eid-card: wrong CAN or MRZ key (2 tries left)\n"
    assert "654321" not in done.stderr + done.stdout


def test_verbose_says_the_failure_kind_step_and_status_word_and_still_not_the_can() -> None:
    done = eid_card("-v", "read", "--virtual", "kovacs-eva", "--can", "-", stdin="654321\n")
    assert done.returncode == ExitCode.WRONG_PASSWORD
    assert "failure wrong-password at step access control, status word 63C2" in done.stderr
    assert "654321" not in done.stderr + done.stdout


def test_read_with_a_wrong_mrz_key_exits_with_the_wrong_password_code() -> None:
    done = eid_card(
        "read", "--virtual", "farkas-bence-passport", "--mrz-key", "-",
        stdin="HA7654321,870415,300102\n",
    )  # fmt: skip
    assert done.returncode == ExitCode.WRONG_PASSWORD
    assert done.stderr == "eid-card: the chip refused the MRZ key\n"


def test_read_checks_the_document_against_the_cscas_given_with_csca(tmp_path: Path) -> None:
    shipped = REPO / "resources" / "pki" / "csca"
    trusted = eid_card(
        "read", "--virtual", "kovacs-eva", "--can", "123456", "--json", "--csca", str(shipped)
    )
    assert trusted.returncode == 0, trusted.stderr
    assert json.loads(trusted.stdout)["passive_authentication"] == "valid"
    # A store without the issuer's CSCA: the data are read, the chain cannot be checked.
    untrusted = eid_card(
        "read", "--virtual", "kovacs-eva", "--can", "123456", "--json", "--csca", str(tmp_path)
    )
    assert untrusted.returncode == 0, untrusted.stderr
    assert json.loads(untrusted.stdout)["passive_authentication"] == "not-checked"


def test_a_missing_or_unreadable_csca_is_a_usage_error_naming_the_option(tmp_path: Path) -> None:
    missing = eid_card(
        "read", "--virtual", "kovacs-eva", "--can", "-", "--csca", str(tmp_path / "nope"),
        stdin="123456\n",
    )  # fmt: skip
    assert missing.returncode == 2
    assert missing.stderr.startswith("eid-card: --csca:")
    (tmp_path / "junk.pem").write_text("not a certificate", encoding="utf-8")
    junk = eid_card(
        "read", "--virtual", "kovacs-eva", "--can", "-", "--csca", str(tmp_path / "junk.pem"),
        stdin="123456\n",
    )  # fmt: skip
    assert junk.returncode == 2
    assert "--csca" in junk.stderr
    assert "123456" not in junk.stderr


def test_a_can_given_on_the_command_line_is_read_but_warned_about_on_stderr() -> None:
    done = eid_card("read", "--virtual", "kovacs-eva", "--can", "123456", "--json")
    assert done.returncode == ExitCode.OK, done.stderr
    warning = done.stderr.strip()
    assert warning.startswith("eid-card: warning: --can on the command line is visible")
    assert "--can -" in warning
    assert "123456" not in warning
    assert json.loads(done.stdout)["document_number"] == "201847KA"


def test_a_can_from_standard_input_gets_no_warning() -> None:
    done = eid_card("read", "--virtual", "kovacs-eva", "--can", "-", stdin="123456\n")
    assert done.returncode == ExitCode.OK, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("seconds", ["0", "-1", "abc", "3601"])
def test_a_read_timeout_that_is_not_a_sane_number_of_seconds_is_a_usage_error(
    seconds: str,
) -> None:
    done = eid_card(
        "read", "--virtual", "kovacs-eva", "--can", "-", "--timeout", seconds, stdin="123456\n"
    )
    assert done.returncode == ExitCode.USAGE
    assert "--timeout" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_read_slower_than_its_timeout_ends_with_the_communication_code() -> None:
    done = eid_card(
        "read", "--virtual", "qa-slow", "--can", "-", "--timeout", "0.5", stdin="123456\n"
    )
    assert done.returncode == ExitCode.COMMUNICATION
    assert done.stderr == "eid-card: the card read did not finish within 0.5 s\n"


@pytest.mark.parametrize(
    ("profile", "reason"),
    [
        ("qa-cloned-chip", "does not verify under the agreed keys"),
        ("qa-wrong-aa-signature", "AA"),
        ("qa-dg14-outside-sod", "passive authentication is invalid"),
    ],
)
def test_a_chip_that_fails_to_prove_itself_prints_failed_and_exits_with_its_code(
    profile: str, reason: str
) -> None:
    done = eid_card("read", "--virtual", profile, "--can", "-", "--json", stdin="123456\n")
    assert done.returncode == ExitCode.CHIP_NOT_GENUINE
    assert json.loads(done.stdout)["chip_authentication"] == "failed"
    assert done.stderr.count("\n") == 1
    assert reason in done.stderr


def test_require_chip_authentication_refuses_a_chip_that_offers_none(tmp_path: Path) -> None:
    from cardreader.virtual.profile import profiles_dir

    text = (profiles_dir() / "kovacs-eva.toml").read_text(encoding="utf-8")
    profile = tmp_path / "no-ca.toml"
    profile.write_text(text.replace('chip_authentication = "CA"', ""), encoding="utf-8")
    plain = eid_card("read", "--virtual", str(profile), "--can", "-", "--json", stdin="123456\n")
    assert plain.returncode == ExitCode.OK
    assert json.loads(plain.stdout)["chip_authentication"] == "not-supported"
    required = eid_card(
        "read", "--virtual", str(profile), "--can", "-", "--require-chip-authentication",
        stdin="123456\n",
    )  # fmt: skip
    assert required.returncode == ExitCode.CHIP_NOT_PROVEN
    assert required.stderr.count("\n") == 1
    assert "required" in required.stderr
