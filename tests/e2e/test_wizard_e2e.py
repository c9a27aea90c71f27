"""The wizard, card to sign-in, through a real private pcscd + vpcd and `eid-card emulate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.pcscd_harness import REPO_ROOT, PrivatePcscd

pytestmark = [pytest.mark.e2e, pytest.mark.gui]

FLOW = Path(__file__).with_name("wizard_flow.py")


def test_the_whole_registration_runs_on_a_card_in_a_real_reader(
    pcscd: PrivatePcscd, tmp_path: Path
) -> None:
    pcscd.start_emulator("kovacs-eva")
    pcscd.wait_for_card()
    done = subprocess.run(
        [sys.executable, str(FLOW), str(tmp_path / "data")],
        env=pcscd.env(QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["status"] == f"Kártya az olvasón: {pcscd.readers[0]}."
    assert seen["read_steps"][:3] == [
        "Kapcsolódás a kártyához…",
        "Biztonságos csatorna…",
        "Adatok olvasása…",
    ]
    assert seen["document"] == "201847KA"
    assert seen["from_card"] is True
    assert "Sikeres bejelentkezés" in seen["signed_in"]
