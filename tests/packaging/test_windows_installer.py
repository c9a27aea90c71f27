"""The NSIS script compiles here (makensis) against a placeholder payload, and the installer
it makes carries the payload, the version and the application's name.

The real Windows installer is made by .github/workflows/installers.yml on a Windows runner.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.packaging.artifacts import REPO, project_version

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(120)]

NSI = REPO / "packaging" / "windows" / "ugyfelkapu.nsi"
PROGRAMS = ("ugyfelkapu.exe", "eid-card.exe", "ugyfelkapu-admin.exe")


def placeholder_payload(folder: Path) -> Path:
    """A folder shaped like the frozen bundle; the files only stand in for the real ones."""
    (folder / "_internal" / "resources").mkdir(parents=True)
    for program in PROGRAMS:
        (folder / program).write_bytes(b"MZ placeholder for " + program.encode())
    (folder / "_internal" / "resources" / "README.txt").write_text("placeholder\n")
    return folder


def icon(path: Path) -> Path:
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    image.fill(QColor("#2c66b0"))
    # PySide6's stub wants bytes for the format; the binding takes only str and refuses bytes.
    assert image.save(str(path), "ICO"), "Qt could not write an .ico"  # type: ignore[call-overload]
    return path


def makensis(tmp_path: Path, *defines: str) -> Path:
    version = project_version()
    out = tmp_path / f"ugyfelkapu-{version}-setup.exe"
    quad = ".".join((version.split("+")[0].split(".") + ["0"] * 4)[:4])
    argv = [
        "makensis", "-V2", "-WX",  # warnings are errors
        f"-DVERSION={version}", f"-DVERSION_QUAD={quad}",
        f"-DPAYLOAD={placeholder_payload(tmp_path / 'payload')}", f"-DOUTFILE={out}",
        *defines, str(NSI),
    ]  # fmt: skip
    ran = subprocess.run(argv, capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return out


def listing(installer: Path) -> str:
    return subprocess.run(
        ["7z", "l", str(installer)], check=True, capture_output=True, text=True
    ).stdout


def test_the_nsis_script_compiles_into_an_installer_carrying_the_payload(tmp_path: Path) -> None:
    installer = makensis(tmp_path)
    assert installer.read_bytes()[:2] == b"MZ"
    files = listing(installer)
    for program in PROGRAMS:
        assert program in files
    assert "_internal/resources/README.txt" in files
    assert "uninstall.exe" in files


def test_the_installer_carries_the_pyproject_version_and_the_app_name(tmp_path: Path) -> None:
    data = makensis(tmp_path).read_bytes()
    assert project_version().encode("utf-16-le") in data
    assert "Ügyfélkapu-regisztráció".encode("utf-16-le") in data


def test_the_nsis_script_takes_an_application_icon(tmp_path: Path) -> None:
    plain = makensis(tmp_path / "plain")
    with_icon = makensis(tmp_path / "icon", f"-DICON={icon(tmp_path / 'app.ico')}")
    assert with_icon.read_bytes() != plain.read_bytes()


def test_the_nsis_script_refuses_to_compile_without_a_version(tmp_path: Path) -> None:
    ran = subprocess.run(
        ["makensis", "-V2", f"-DPAYLOAD={placeholder_payload(tmp_path)}", str(NSI)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode != 0
    assert "define VERSION" in ran.stdout + ran.stderr
