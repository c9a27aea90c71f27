"""The version is written once, in pyproject.toml, and `ugyfelkapu --version` reports it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.version import UNKNOWN, _version_from_pyproject, version
from tests.packaging.artifacts import REPO, project_version


def test_a_source_checkout_reports_the_pyproject_version() -> None:
    assert version() == project_version()


def test_ugyfelkapu_version_prints_the_program_and_the_pyproject_version() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == f"ugyfelkapu {project_version()}"


def test_the_version_is_read_from_the_project_table(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.x]\nversion = "9"\n[project]\nname = "a"\nversion = "2.3.4rc1"\n')
    assert _version_from_pyproject(pyproject) == "2.3.4rc1"


def test_a_missing_or_damaged_pyproject_gives_an_unknown_version_not_a_crash(
    tmp_path: Path,
) -> None:
    assert _version_from_pyproject(tmp_path / "absent.toml") == UNKNOWN
    broken = tmp_path / "broken.toml"
    broken.write_text("[project\nversion = ")
    assert _version_from_pyproject(broken) == UNKNOWN
    no_version = tmp_path / "no_version.toml"
    no_version.write_text('[project]\nname = "a"\nversion = 3\n')
    assert _version_from_pyproject(no_version) == UNKNOWN
