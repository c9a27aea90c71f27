"""Fixtures for end-to-end tests through a private pcscd with the vpcd driver."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.pcscd_harness import PrivatePcscd, missing_components

SCRIPTED_CARD = Path(__file__).with_name("scripted_card.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePcscd]:
    """A started private pcscd with one vpcd entry (two readers); stopped after the test."""
    reason = missing_components()
    if reason:
        pytest.skip(f"private pcscd unavailable: {reason}")
    harness = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    try:
        harness.start()
        yield harness
    finally:
        harness.close()


def scripted_card_argv(harness: PrivatePcscd, *extra: str, slot: int = 0) -> list[str]:
    """Command line of the scripted test card on reader `slot` of `harness`."""
    return [sys.executable, str(SCRIPTED_CARD), "--vpcd", harness.vpcd_endpoint(slot), *extra]
