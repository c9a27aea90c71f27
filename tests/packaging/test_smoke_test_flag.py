"""`ugyfelkapu --smoke-test` exits 0 once the first screen is drawn, and fails if none is."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.packaging.artifacts import REPO

ENV = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}


@pytest.mark.gui
def test_the_wizard_reports_its_first_screen_and_exits(tmp_path: object) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke-test"],
        env={**ENV, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    assert "smoke-test: first screen shown:" in ran.stdout


@pytest.mark.gui
def test_the_probe_fails_when_no_screen_appears() -> None:
    program = (
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.smoke_test import FirstScreenProbe\n"
        "app = QApplication([])\n"
        "probe = FirstScreenProbe(app, deadline_seconds=0.3)\n"
        "raise SystemExit(app.exec())\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program], env=ENV, capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 3
    assert "no screen was shown in time" in ran.stderr
