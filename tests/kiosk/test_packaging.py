"""packaging/kiosk: the systemd unit that runs the kiosk inside cage, checked by systemd."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.systemd_units import needs_systemd_analyze, unit_settings, verify

KIOSK_DIR = Path(__file__).resolve().parents[2] / "packaging" / "kiosk"
UNIT = KIOSK_DIR / "ugyfelkapu-kiosk.service"


@needs_systemd_analyze
def test_systemd_analyze_accepts_the_kiosk_unit_without_complaint() -> None:
    if shutil.which("cage") is None:
        pytest.fail("cage is not installed (Debian package: cage); the unit's ExecStart needs it")
    done = verify(UNIT)
    assert done.returncode == 0, done.stderr
    assert UNIT.name not in done.stderr, done.stderr


@needs_systemd_analyze
def test_the_verification_would_catch_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / UNIT.name
    broken.write_text(UNIT.read_text().replace("Restart=always", "Restart=always\nRestartt=no"))
    done = verify(broken)
    assert "Unknown key 'Restartt'" in done.stderr


def test_the_unit_runs_the_app_in_kiosk_mode_inside_cage_and_restarts_it() -> None:
    s = unit_settings(UNIT)
    (exec_start,) = s["ExecStart"]
    assert exec_start.startswith("/usr/bin/cage ")
    assert " -- /usr/bin/ugyfelkapu --kiosk" in exec_start
    assert " -s" not in exec_start.split(" -- ")[0]  # no switching to another terminal
    assert s["Restart"] == ["always"]
    assert s["StartLimitIntervalSec"] == ["0"]


def test_the_unit_runs_as_a_dedicated_unprivileged_user_and_logs_to_the_journal() -> None:
    s = unit_settings(UNIT)
    assert s["User"] == ["ugyfelkapu-kiosk"]
    assert s["StandardOutput"] == ["journal"]
    assert s["StandardError"] == ["journal"]
    assert s["NoNewPrivileges"] == ["yes"]
    assert s["PAMName"] == ["ugyfelkapu-kiosk"]
    assert (KIOSK_DIR / "pam-ugyfelkapu-kiosk").exists()


def test_the_unit_switches_screen_blanking_off() -> None:
    (pre,) = unit_settings(UNIT)["ExecStartPre"]
    assert "--blank 0" in pre
    assert "--powerdown 0" in pre
    assert "--powersave off" in pre
