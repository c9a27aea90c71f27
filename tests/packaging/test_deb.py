"""The .deb installs into a clean Debian 12, its programs work there, and purging leaves nothing."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging import program_checks
from tests.packaging.artifacts import Ran, deb
from tests.packaging.debian_root import CHROOT_ENV, DebianRoot, clean_debian_root

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(900)]

PACKAGE = "ugyfelkapu"
PROGRAMS = ("ugyfelkapu", "eid-card", "ugyfelkapu-admin", "ugyfelkapu-registry")


def control_field(package: Path, field: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(package), field], check=True, capture_output=True, text=True
    ).stdout.strip()


class InstalledRoot:
    def __init__(self, root: DebianRoot, before_install: set[str]) -> None:
        self.root = root
        self.before_install = before_install

    def run_program(self, argv: list[str]) -> Ran:
        return self.root.run(argv)

    def start_program(self, argv: list[str], log: Path) -> subprocess.Popen[bytes]:
        """Start argv inside the root; chroot execs it, so the PID is the program's own."""
        with log.open("wb") as out:
            return subprocess.Popen(
                ["chroot", str(self.root.path), *argv],
                env=CHROOT_ENV,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd="/",
            )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InstalledRoot]:
    package = deb()
    with clean_debian_root(tmp_path_factory.mktemp("debian")) as root:
        root.run(["apt-get", "update", "-qq"]).ok()
        # Dependencies first, so that the snapshot taken next differs from the one after the
        # purge only by what the package itself put there.
        depends = control_field(package, "Depends")
        root.run(["apt-get", "satisfy", "-y", "-qq", "--no-install-recommends", depends]).ok()
        before = root.file_tree()
        root.run(["dpkg", "--install", root.copy_in(package)]).ok()
        yield InstalledRoot(root, before)


def test_the_package_installs_its_programs_on_the_path(installed: InstalledRoot) -> None:
    for program in PROGRAMS:
        installed.root.run(["sh", "-c", f"command -v {program}"]).ok()


def test_ugyfelkapu_reports_the_pyproject_version(installed: InstalledRoot) -> None:
    program_checks.check_version(installed.run_program)


def test_eid_card_reads_the_demo_virtual_card(installed: InstalledRoot) -> None:
    program_checks.check_reads_demo_card(installed.run_program)


def test_the_wizard_shows_its_first_screen_offscreen(installed: InstalledRoot) -> None:
    program_checks.check_first_screen(installed.run_program)


def test_the_admin_tool_answers(installed: InstalledRoot) -> None:
    program_checks.check_admin_answers(installed.run_program)


def test_the_registry_service_serves_https_from_a_sqlite_registry(
    installed: InstalledRoot,
) -> None:
    workdir = installed.root.path / "tmp" / "registry-service"
    workdir.mkdir()
    # The config as the program inside the root sees it.
    config = "/" + (workdir / "server.toml").relative_to(installed.root.path).as_posix()
    program_checks.check_registry_serves(installed.start_program, workdir, config)


def test_the_service_setup_is_documentation_and_nothing_is_enabled(
    installed: InstalledRoot,
) -> None:
    doc = installed.root.path / "usr/share/doc" / PACKAGE / "server"
    unit = (doc / "ugyfelkapu-registry.service").read_text(encoding="utf-8")
    assert "ExecStart=/usr/bin/ugyfelkapu-registry serve" in unit
    for name in ("ugyfelkapu-registry.sysusers", "server.toml", "README.md"):
        assert (doc / name).is_file()
    enabled = list((installed.root.path / "etc/systemd/system").rglob("ugyfelkapu*"))
    assert not enabled, enabled
    assert not (installed.root.path / "etc/ugyfelkapu-registry").exists()


def test_purging_the_package_leaves_nothing_of_it(installed: InstalledRoot) -> None:
    added = installed.root.file_tree() - installed.before_install
    assert "/usr/lib/ugyfelkapu/ugyfelkapu" in added  # the comparison does see the package
    installed.root.run(["dpkg", "--purge", PACKAGE]).ok()
    left = installed.root.file_tree() - installed.before_install
    assert not left, f"left behind after purge: {sorted(left)[:20]}"
    assert not (installed.root.path / "usr/lib/ugyfelkapu").exists()
