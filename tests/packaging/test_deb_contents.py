"""What the .deb holds and declares, checked on the built file (no installation needed)."""

from __future__ import annotations

import subprocess

import pytest

from tests.packaging.artifacts import deb, project_version
from tests.packaging.test_deb import PROGRAMS, control_field

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(300)]

APP_ID = "hu.ugyfelkapu_eid.ugyfelkapu"
# The PostgreSQL client (psycopg with its own libpq) and the registry service with its web stack
# (FastAPI, uvicorn, pydantic, httpx) joined the bundle: measured in a clean Debian 12 root,
# the .deb is 35.4 MiB and installs 143.5 MiB (it was 29.5 and 118.1). The service on the PATH
# with multiprocessing (uvicorn imports it) kept: 35.5 MiB and 144.1 MiB.
MAX_DEB_BYTES = 40 * 1024 * 1024
MAX_INSTALLED_KIB = 160 * 1024


def contents() -> dict[str, str]:
    """Path in the package -> the `ls -l` style line dpkg-deb prints for it."""
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb())], check=True, capture_output=True, text=True
    ).stdout
    entries = {}
    for line in listing.splitlines():
        path = line.split(None, 5)[5].split(" -> ")[0].removeprefix(".")
        entries[path.rstrip("/") or "/"] = line
    return entries


def test_the_deb_is_named_for_the_pyproject_version_and_the_architecture() -> None:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()
    assert deb().name == f"ugyfelkapu_{project_version()}_{arch}.deb"
    assert control_field(deb(), "Version") == project_version()


def test_the_bundle_lives_in_usr_lib_with_launchers_in_usr_bin() -> None:
    entries = contents()
    for program in PROGRAMS:
        assert f"/usr/lib/ugyfelkapu/{program}" in entries
        assert entries[f"/usr/bin/{program}"].endswith(f"-> ../lib/ugyfelkapu/{program}")
        assert f"/usr/share/man/man1/{program}.1.gz" in entries
    assert any(p.startswith("/usr/lib/ugyfelkapu/_internal/resources/") for p in entries)


def test_the_desktop_integration_files_are_where_desktops_look() -> None:
    entries = contents()
    assert f"/usr/share/applications/{APP_ID}.desktop" in entries
    assert f"/usr/share/metainfo/{APP_ID}.metainfo.xml" in entries
    assert f"/usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg" in entries
    for size in (16, 32, 48, 64, 128, 256):
        assert f"/usr/share/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in entries
    assert "/usr/share/doc/ugyfelkapu/copyright" in entries
    assert "/usr/share/doc/ugyfelkapu/changelog.gz" in entries
    # The kiosk unit's Documentation= link resolves.
    assert "/usr/share/doc/ugyfelkapu/kiosk/README.md" in entries
    assert "/usr/share/doc/ugyfelkapu/kiosk/ugyfelkapu-kiosk.service" in entries
    # The registry service's unit points at its guide here; an office installs both by hand.
    for name in (
        "README.md", "ugyfelkapu-registry.service", "ugyfelkapu-registry.sysusers", "server.toml"
    ):  # fmt: skip
        assert f"/usr/share/doc/ugyfelkapu/server/{name}" in entries
    assert not any(p.startswith(("/lib/systemd", "/usr/lib/systemd", "/etc/")) for p in entries)


def test_the_deb_depends_on_pc_sc_and_the_graphics_and_font_libraries() -> None:
    depends = {
        alt.split()[0] for alt in control_field(deb(), "Depends").replace("|", ",").split(",")
    }
    needed = {"pcscd", "libpcsclite1", "libegl1", "libgl1", "libfontconfig1", "fonts-dejavu-core"}
    assert needed <= depends
    assert control_field(deb(), "Recommends") == "libccid"


def test_the_deb_and_the_installed_bundle_stay_within_their_size_budgets() -> None:
    assert deb().stat().st_size <= MAX_DEB_BYTES
    assert int(control_field(deb(), "Installed-Size")) <= MAX_INSTALLED_KIB


def test_lintian_finds_nothing_beyond_the_documented_overrides() -> None:
    ran = subprocess.run(
        ["lintian", "--fail-on", "error,warning", str(deb())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
