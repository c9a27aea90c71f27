"""Both resource locators find the shipped resources in a checkout, an installed wheel and a
frozen bundle, and agree with each other in each layout."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

import cardreader.resources
import desktop.resources
from tests.packaging.artifacts import REPO

LOCATORS = [cardreader.resources, desktop.resources]
ids = ["cardreader", "desktop"]


def load_copy(locator: ModuleType, site_packages: Path) -> ModuleType:
    """Load the locator's source as if installed under site_packages/<package>/resources.py."""
    package = locator.__name__.split(".")[0]
    target = site_packages / package / "resources.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    assert locator.__file__ is not None
    shutil.copy(locator.__file__, target)
    spec = importlib.util.spec_from_file_location(f"_copy_of_{package}_resources", target)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UGYFELKAPU_RESOURCES", raising=False)


@pytest.mark.parametrize("locator", LOCATORS, ids=ids)
def test_a_checkout_uses_the_resources_directory_beside_the_packages(locator: ModuleType) -> None:
    assert locator.resources_dir() == REPO / "resources"
    assert (locator.resources_dir() / "demo" / "citizens.csv").is_file()


@pytest.mark.parametrize("locator", LOCATORS, ids=ids)
def test_an_installed_wheel_uses_its_ugyfelkapu_resources_directory(
    locator: ModuleType, tmp_path: Path
) -> None:
    site_packages = tmp_path / "site-packages"
    (site_packages / "ugyfelkapu_resources").mkdir(parents=True)
    # A stray top-level `resources` from some other distribution must not be taken instead.
    (site_packages / "resources").mkdir()
    installed = load_copy(locator, site_packages)
    assert installed.resources_dir() == site_packages / "ugyfelkapu_resources"


@pytest.mark.parametrize("locator", LOCATORS, ids=ids)
def test_a_frozen_bundle_uses_the_resources_in_its_data_directory(
    locator: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert locator.resources_dir() == tmp_path / "resources"


@pytest.mark.parametrize("locator", LOCATORS, ids=ids)
def test_the_environment_override_wins_over_every_layout(
    locator: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", "/nonexistent", raising=False)
    monkeypatch.setenv("UGYFELKAPU_RESOURCES", str(tmp_path))
    assert locator.resources_dir() == tmp_path


def test_the_two_locators_are_the_same_code() -> None:
    # Duplicated only because cardreader may not import desktop: they must not drift apart.
    card_side = Path(cardreader.resources.__file__).read_text(encoding="utf-8")
    desktop_side = Path(desktop.resources.__file__).read_text(encoding="utf-8")
    assert card_side == desktop_side
