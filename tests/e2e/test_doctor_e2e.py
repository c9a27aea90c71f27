"""`eid-card doctor` through a real private pcscd + vpcd: card, no card, no reader, no service."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cardreader.cli import ExitCode
from cardreader.virtual.profile import load_profile
from tests.e2e.pcscd_harness import REPO_ROOT, PrivatePcscd

pytestmark = pytest.mark.e2e


def doctor(pcscd: PrivatePcscd, *args: str) -> tuple[dict[str, object], str]:
    """The JSON object and the bilingual text of one diagnosis each."""
    as_json = pcscd.eid_card("doctor", "--json", *args)
    assert as_json.returncode == ExitCode.OK, as_json.stderr
    as_text = pcscd.eid_card("doctor", *args)
    assert as_text.returncode == ExitCode.OK, as_text.stderr
    return json.loads(as_json.stdout), as_text.stdout


def problem_kinds(record: dict[str, object]) -> list[str]:
    problems = record["problems"]
    assert isinstance(problems, list)
    return [p["kind"] for p in problems]


def reader(record: dict[str, object], index: int = 0) -> dict[str, object]:
    readers = record["readers"]
    assert isinstance(readers, list)
    found = readers[index]
    assert isinstance(found, dict)
    return found


def personal_data(profile_name: str) -> list[str]:
    """Everything on the card that identifies the person, in the forms a report could carry."""
    profile = load_profile(profile_name)
    doc = profile.document
    words = [doc.document_number, doc.surname, *doc.given_names.split()]
    words += [w.upper() for w in words]
    for day in (doc.date_of_birth, doc.date_of_expiry):
        words += [day.isoformat(), f"{day:%y%m%d}", f"{day:%Y%m%d}", f"{day:%d.%m.%Y}"]
    if profile.access.can:
        words.append(profile.access.can)
    words += [line for line in doc.mrz_lines()]
    return words


def assert_nothing_personal(text: str, profile_name: str) -> None:
    for datum in personal_data(profile_name):
        assert datum not in text, f"{datum!r} of {profile_name} is in the report"


def test_doctor_names_the_eid_on_the_reader_with_its_pace_parameters(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    record, text = doctor(pcscd)
    service = record["service"]
    assert isinstance(service, dict)
    assert service["running"] is True
    assert str(service["version"]).startswith("pcsc-lite ")
    first = reader(record)
    assert first["name"] == pcscd.readers[0]
    card = first["card"]
    assert isinstance(card, dict)
    assert card["kind"] == "emrtd-pace"
    assert card["interface"] == "contactless"
    assert card["pace"] == [
        {"protocol": "ECDH-GM-AES-CBC-CMAC-128", "parameters": "brainpoolP256r1", "supported": True}
    ]
    known = first["known"]
    assert isinstance(known, dict)
    assert known["name"] == "vsmartcard virtual reader (vpcd)"
    assert problem_kinds(record) == []
    assert "PACE: ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1" in text
    assert "elektronikus igazolvány (eMRTD), PACE-szel" in text
    assert "electronic ID document (eMRTD) with PACE" in text
    assert "No problem found." in text
    assert "Nem találtunk hibát." in text
    assert_nothing_personal(text + json.dumps(record, ensure_ascii=False), "kovacs-eva")


def test_doctor_tells_a_bac_only_passport_from_a_pace_card(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("farkas-bence-passport", slot=1)
    pcscd.wait_for_card(pcscd.readers[1])
    record, text = doctor(pcscd, "--reader", pcscd.readers[1])
    assert len(record["readers"]) == 1  # type: ignore[arg-type]
    card = reader(record)["card"]
    assert isinstance(card, dict)
    assert card["kind"] == "emrtd-bac"
    assert card["pace"] == []
    assert "BAC only (opens with the MRZ)" in text
    assert_nothing_personal(text + json.dumps(record), "farkas-bence-passport")


def test_doctor_without_a_card_says_to_put_the_card_flat_on_the_reader(pcscd: PrivatePcscd) -> None:
    record, text = doctor(pcscd)
    assert problem_kinds(record) == ["no-card"]
    assert "There is no card on the reader. Put the identity card flat on the reader" in text
    assert "Nincs kártya az olvasón. Tegye a személyi igazolványt laposan" in text
    assert "Card: no card" in text


def test_doctor_says_no_chip_answers_on_a_card_without_a_chip(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("qa-no-chip")
    pcscd.wait_for_card()
    record, text = doctor(pcscd)
    assert problem_kinds(record) == ["no-chip"]
    assert "No chip answers on the card on the reader" in text
    assert "issued before 2016" in text
    assert "2016 előtt kiadott" in text
    assert_nothing_personal(text + json.dumps(record), "qa-no-chip")


def test_doctor_says_a_foreign_chip_is_no_eid(pcscd: PrivatePcscd) -> None:
    pcscd.start_emulator("qa-foreign-card")
    pcscd.wait_for_card()
    record, text = doctor(pcscd)
    assert problem_kinds(record) == ["not-an-eid"]
    assert reader(record)["card"]["historical_bytes"] == b"QA-FOREIGN".hex().upper()  # type: ignore[index]
    assert "it is not an electronic identity card or passport" in text


def test_doctor_with_no_reader_or_an_unknown_one_says_to_plug_it_in(pcscd: PrivatePcscd) -> None:
    missing, missing_text = doctor(pcscd, "--reader", "Nowhere 00 00")
    assert problem_kinds(missing) == ["reader-not-found"]
    assert 'The reader "Nowhere 00 00" is not connected' in missing_text
    pcscd.detach_reader()
    record, text = doctor(pcscd)
    assert record["readers"] == []
    assert problem_kinds(record) == ["no-reader"]
    assert "No card reader is connected. Plug the reader in" in text
    assert "Nincs kártyaolvasó csatlakoztatva." in text


def test_doctor_with_pcscd_stopped_says_the_service_is_not_running(pcscd: PrivatePcscd) -> None:
    pcscd.stop()
    record, text = doctor(pcscd)
    service = record["service"]
    assert isinstance(service, dict)
    assert service["running"] is False
    assert problem_kinds(record) == ["service-down"]
    assert "PC/SC service: not running" in text
    assert "The PC/SC service (which runs the card readers) is not running. Start it" in text
    assert "A PC/SC szolgáltatás (a kártyaolvasók kezelője) nem fut." in text


MUTE_CARD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from cardreader.virtual.vpcd import Endpoint, VpcdBridge

    class Mute:
        atr = b""  # vpcd then blocks pcscd's calls on this reader
        def power_on(self): pass
        def power_off(self): pass
        def reset(self): pass
        def process(self, apdu): return b"\\x6d\\x00"

    VpcdBridge(Mute(), Endpoint.parse(sys.argv[1]), on_state=lambda t: print(t, flush=True)).run()
    """
)


def test_doctor_finishes_and_names_a_reader_that_hangs(pcscd: PrivatePcscd, tmp_path: Path) -> None:
    script = tmp_path / "mute_card.py"
    script.write_text(MUTE_CARD.format(root=str(REPO_ROOT)))
    card = pcscd.start_card([sys.executable, str(script), pcscd.vpcd_endpoint(0)])
    deadline = time.monotonic() + 10
    while "card inserted" not in card.log() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # pcscd's next presence poll (~0.4 s) meets the card
    done = pcscd.eid_card("doctor", "--json", timeout=40)
    assert done.returncode == ExitCode.OK, done.stderr
    record = json.loads(done.stdout)
    assert "reader-stuck" in problem_kinds(record)


FLOW = Path(__file__).with_name("diagnostics_flow.py")


def diagnostics_screen(pcscd: PrivatePcscd, tmp_path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(FLOW), str(tmp_path / "data"), str(tmp_path / "reports")],
        env=pcscd.env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


@pytest.mark.gui
def test_the_diagnostics_screen_names_the_card_and_saves_a_report_with_nothing_personal(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    seen = diagnostics_screen(pcscd, tmp_path)
    assert str(seen["summary"]).startswith("✔ Nem találtunk hibát")
    assert "Kártya: elektronikus igazolvány (eMRTD), PACE-szel" in str(seen["shown"])
    assert seen["focus_on_outcome"] is True
    saved = Path(str(seen["saved"]))
    report = saved.read_text(encoding="utf-8")
    assert "PACE: ECDH-GM-AES-CBC-CMAC-128, brainpoolP256r1" in report
    assert "Card: electronic ID document (eMRTD) with PACE" in report
    assert_nothing_personal(report, "kovacs-eva")


@pytest.mark.gui
def test_the_diagnostics_screen_says_the_service_is_down_when_pcscd_is_stopped(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    pcscd.stop()
    seen = diagnostics_screen(pcscd, tmp_path)
    assert str(seen["summary"]).startswith("⚠ A PC/SC szolgáltatás (a kártyaolvasók kezelője)")
    assert "PC/SC service: not running" in Path(str(seen["saved"])).read_text(encoding="utf-8")


@pytest.mark.parametrize("profile", ["qa-no-chip", "qa-foreign-card"])
def test_reading_a_card_that_is_no_emrtd_through_pcscd_exits_not_an_eid(
    pcscd: PrivatePcscd, profile: str
) -> None:
    pcscd.start_emulator(profile)
    pcscd.wait_for_card()
    done = pcscd.eid_card("read", "--can", "123456")
    assert done.returncode == ExitCode.NOT_AN_EID, done.stderr
    assert "not an eID" in done.stderr
