"""The cross-checks skip only for a reason they can name: gcc or OpenPACE's headers missing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.crosscheck import openpace


def test_a_machine_without_libeac_dev_is_told_which_package_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(openpace, "HEADER", tmp_path / "eac.h")
    assert openpace.missing_tools() == (
        "OpenPACE's headers are not installed (Debian package libeac-dev)"
    )


def test_a_machine_without_gcc_is_told_which_package_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert openpace.missing_tools() == "gcc is not installed (Debian package gcc)"


def test_a_machine_with_both_builds_the_programs(tmp_path: Path) -> None:
    if openpace.missing_tools() is not None:
        pytest.skip(f"no OpenPACE cross-check: {openpace.missing_tools()}")
    for name in ("openpace_chip", "openpace_terminal"):
        assert openpace.build(tmp_path, name).is_file()
