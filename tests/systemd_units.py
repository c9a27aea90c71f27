"""Checking systemd units shipped in packaging/ (the kiosk's and the registry service's)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (Debian package: systemd)",
)


def unit_settings(unit: Path) -> dict[str, list[str]]:
    """Every `Key=value` of the unit (keys may repeat, as in systemd)."""
    settings: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        key, _, value = line.partition("=")
        settings.setdefault(key, []).append(value)
    return settings


def verify(path: Path) -> subprocess.CompletedProcess[str]:
    """`systemd-analyze verify` on one unit file."""
    return subprocess.run(
        ["systemd-analyze", "verify", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
