from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crosscheck.openpace import OpenPaceChip, build, missing_tools


def _build(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    reason = missing_tools()
    if reason is not None:
        pytest.skip(f"no OpenPACE cross-check: {reason}")
    return build(tmp_path_factory.mktemp("openpace"), name)


@pytest.fixture(scope="session")
def openpace_chip_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OpenPACE chip program, compiled once per run (skips when gcc or libeac-dev is
    missing; `./dev` installs both)."""
    return _build(tmp_path_factory, "openpace_chip")


@pytest.fixture(scope="session")
def openpace_terminal_binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The OpenPACE terminal program, compiled once per run (skips like the chip)."""
    return _build(tmp_path_factory, "openpace_terminal")


@pytest.fixture
def chips(openpace_chip_binary: Path) -> Iterator[list[OpenPaceChip]]:
    """The OpenPACE chips a test starts (it appends them); all stopped after it."""
    started: list[OpenPaceChip] = []
    yield started
    for chip in started:
        chip.close()
