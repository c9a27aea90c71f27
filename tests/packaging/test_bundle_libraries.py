"""The packaging's Debian package lists cover every library the bundle links from the system.

A library that the bundle links but does not carry must come from a package that
packaging/linux/packages.sh installs: otherwise the build works only on a machine where
something else installed it, and dpkg-shlibdeps fails on a fresh one. These tests run the
check that build-deb runs on the unpacked .deb, and show that it names a missing package.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.packaging.artifacts import REPO, deb, freeze_python

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(300)]

CHECK = REPO / "packaging" / "linux" / "bundle_libraries.py"


def packaging_list(name: str) -> list[str]:
    """A bash array of packaging/linux/packages.sh, as the build scripts see it."""
    out = subprocess.run(
        ["bash", "-c", f'source packaging/linux/packages.sh; printf "%s\\n" "${{{name}[@]}}"'],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


@pytest.fixture(scope="module")
def installed_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("deb")
    subprocess.run(["dpkg-deb", "-x", str(deb()), str(root)], check=True)
    return root / "usr" / "lib" / "ugyfelkapu"


def run_check(libdir: Path, packages: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [freeze_python(), str(CHECK), str(libdir), *packages],
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_every_library_the_shipped_bundle_links_comes_from_a_listed_package(
    installed_tree: Path,
) -> None:
    listed = packaging_list("FREEZE_PACKAGES") + packaging_list("BUNDLE_LIBRARIES")
    result = run_check(installed_tree, listed)
    assert result.returncode == 0, result.stderr


def test_the_check_names_the_package_a_list_misses(installed_tree: Path) -> None:
    listed = [
        p
        for p in packaging_list("FREEZE_PACKAGES") + packaging_list("BUNDLE_LIBRARIES")
        if p not in {"libwayland-cursor0", "libwayland-egl1"}
    ]
    result = run_check(installed_tree, listed)
    assert result.returncode == 1
    assert "libwayland-cursor.so.0" in result.stderr
    assert "add libwayland-cursor0" in result.stderr
    assert "add libwayland-egl1" in result.stderr
