"""`ugyfelkapu --kiosk` as a process: starts locked down, and stops cleanly when systemd says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]


def start_app(*args: str, tmp_path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path / "data"), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )


def wait_started(process: subprocess.Popen[str], timeout: float = 30) -> list[str]:
    assert process.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "kiosk started" in line:
            return lines
    process.kill()
    pytest.fail("the kiosk did not start: " + "".join(lines))


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _out, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("the kiosk did not stop on SIGTERM")
    return process.returncode, err


def test_ugyfelkapu_kiosk_starts_the_kiosk_and_sigterm_stops_it_cleanly(tmp_path: Path) -> None:
    app = start_app("--kiosk", tmp_path=tmp_path)
    started = wait_started(app)
    assert any("no attendant PIN configured" in line for line in started)
    code, rest = stop(app)
    assert code == 0, rest
    assert "the system ended kiosk mode" in rest
    assert "Traceback" not in "".join(started) + rest


def test_kiosk_enabled_in_the_config_starts_kiosk_mode_without_the_flag(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'data_dir = "{tmp_path / "data"}"\n[kiosk]\nenabled = true\n')
    app = start_app("--config", str(config), tmp_path=tmp_path)
    wait_started(app)
    code, rest = stop(app)
    assert code == 0, rest


def test_a_bad_kiosk_setting_stops_the_start_with_a_message_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_seconds = 2\n")
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--config", str(config), "--kiosk"],
        env=dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "kiosk.idle_seconds" in done.stderr
    assert "Traceback" not in done.stderr
