"""Installer checks run only when packaging/test-packages asks for them.

They need the artefacts that script builds (and root, for chroot), so the README's test
command leaves them out; the script sets UGYFELKAPU_PACKAGING_TESTS=1.
"""

from __future__ import annotations

import os

import pytest

from tests.packaging.artifacts import Venv, install_wheel_in_fresh_venv

OPT_IN = "UGYFELKAPU_PACKAGING_TESTS"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(OPT_IN) == "1":
        return
    kept = [item for item in items if item.get_closest_marker("packaging") is None]
    deselected = [item for item in items if item.get_closest_marker("packaging") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """The wheel installed in a new venv, as `pipx install` would do it."""
    return install_wheel_in_fresh_venv(tmp_path_factory.mktemp("wheel"))
