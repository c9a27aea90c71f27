"""The layers are enforced by import-linter (`lint-imports`, contracts in pyproject.toml): the
project keeps them, and a forbidden import added to a copy of the project breaks the named one."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import desktop

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

OUTSIDE = "Outside the registry, only its contract is imported"
CONTRACT = "The contract imports no backend"
CARD = "The card layer imports nothing from the application"
REGISTRY = "The registry imports no Qt and no card layer"
CLIENT = "The registry client knows the service only by its API"
SERVICE = "The registry service imports no Qt, no card layer and no application above it"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first: the copy, not the editable install, is what gets analysed.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],  # reads the contracts from root/pyproject.toml
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _contracts() -> list[dict[str, object]]:
    with (REPO / "pyproject.toml").open("rb") as f:
        return list(tomllib.load(f)["tool"]["importlinter"]["contracts"])


def test_the_project_keeps_every_import_contract() -> None:
    done = _lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    for contract in _contracts():
        assert f"{contract['name']} KEPT" in done.stdout


def test_every_part_of_desktop_but_the_registry_is_held_to_the_contract() -> None:
    # A new module or package under desktop/ must join the list, or it could import internals.
    # The registry service serves the backend, so it alone (beside the backend) may import it.
    (outside,) = [c for c in _contracts() if c["name"] == OUTSIDE]
    parts = {f"desktop.{m.name}" for m in pkgutil.iter_modules(desktop.__path__)}
    listed = outside["source_modules"]
    assert isinstance(listed, list)
    assert set(listed) == parts - {"desktop.registry", "desktop.registry_service"}


@pytest.mark.parametrize(
    ("module", "forbidden", "broken"),
    [
        ("desktop/wizard/pages/start.py", "from desktop.registry import rules", OUTSIDE),
        # The contract and the client use the config: its import reaches the backend from all.
        ("desktop/config.py", "import desktop.registry.errors", (OUTSIDE, CONTRACT, CLIENT)),
        ("desktop/registry_client/client.py", "import desktop.registry_service.wire", CLIENT),
        (
            "desktop/registry_client/client.py",
            "from desktop.registry import rules",
            # The contract's seam opens the client, so the contract reaches the backend too.
            (OUTSIDE, CONTRACT, CLIENT),
        ),
        ("desktop/registry_service/app.py", "from PySide6 import QtCore", SERVICE),
        ("desktop/registry_service/tls.py", "import desktop.wizard.engine", SERVICE),
        ("desktop/kiosk/mail_queue.py", "from desktop.registry.outbox import Outbox", OUTSIDE),
        # The client is built on the contract's records: what they import, it imports.
        ("desktop/registration/models.py", "import sqlite3", (CONTRACT, CLIENT)),
        ("desktop/registration/errors.py", "import email_validator", CONTRACT),
        ("cardreader/errors.py", "import desktop.messages", CARD),
        # The service serves the registry: what the registry imports, the service imports.
        ("desktop/registry/audit.py", "from PySide6 import QtCore", (REGISTRY, SERVICE)),
        ("desktop/registry/audit.py", "import cardreader.errors", (REGISTRY, SERVICE)),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, forbidden: str, broken: str | tuple[str, ...]
) -> None:
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("cardreader", "desktop"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=skip)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / module).open("a", encoding="utf-8") as f:
        f.write(f"\n{forbidden}  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode != 0, done.stdout
    names = {str(c["name"]) for c in _contracts()}
    expected = {broken} if isinstance(broken, str) else set(broken)
    assert {n for n in names if f"{n} BROKEN" in done.stdout} == expected
    assert {n for n in names if f"{n} KEPT" in done.stdout} == names - expected
