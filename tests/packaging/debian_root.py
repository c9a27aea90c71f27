"""A throw-away Debian 12 minbase root to install the .deb into, entered with chroot.

packaging/linux/clean-debian-root unpacks it (debootstrap once, then a cached tarball). The
root gets /proc and /dev for the programs, the host's resolv.conf to reach apt's mirror, a
policy-rc.d so that no service (pcscd) is started, and a package cache kept between runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.packaging.artifacts import REPO, Ran, cache_dir, run

# Changed by apt and dpkg themselves, by the programs' runs (HOME is under /tmp) or mounted.
NOT_PACKAGE_STATE = (
    "/proc", "/dev", "/sys", "/run", "/tmp", "/var/tmp", "/var/cache", "/var/lib/apt",
    "/var/lib/dpkg", "/var/log", "/root",
)  # fmt: skip
CHROOT_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "LANG": "C.UTF-8",
    "HOME": "/tmp/home",
    "DEBIAN_FRONTEND": "noninteractive",
    "QT_QPA_PLATFORM": "offscreen",
}


class DebianRoot:
    """A Debian root directory with commands run inside it as root."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def run(self, argv: list[str], timeout: float = 600) -> Ran:
        return run(["chroot", str(self.path), *argv], env=CHROOT_ENV, timeout=timeout)

    def copy_in(self, source: Path) -> str:
        """Copy a file into the root's /tmp and return its path as seen inside."""
        shutil.copy2(source, self.path / "tmp" / source.name)
        return f"/tmp/{source.name}"

    def file_tree(self) -> set[str]:
        """Every path in the root outside NOT_PACKAGE_STATE, as seen inside the root."""
        found: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(self.path):
            inside = "/" + os.path.relpath(dirpath, self.path).removeprefix(".").lstrip("/")
            dirnames[:] = [
                d for d in dirnames if not f"{inside.rstrip('/')}/{d}".startswith(NOT_PACKAGE_STATE)
            ]
            for name in dirnames + filenames:
                found.add(f"{inside.rstrip('/')}/{name}")
        return found


@contextmanager
def clean_debian_root(workdir: Path) -> Iterator[DebianRoot]:
    """Unpack a clean root under workdir, mount what programs need, and undo it all after."""
    path = workdir / "root"
    subprocess.run(
        [str(REPO / "packaging" / "linux" / "clean-debian-root"), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    archives = cache_dir() / "apt-archives"
    (archives / "partial").mkdir(parents=True, exist_ok=True)
    mounts = [
        (["mount", "-t", "proc", "proc"], path / "proc"),
        (["mount", "--rbind", "/dev"], path / "dev"),
        (["mount", "--bind", str(archives)], path / "var/cache/apt/archives"),
    ]
    mounted: list[Path] = []
    try:
        for command, target in mounts:
            subprocess.run([*command, str(target)], check=True)
            mounted.append(target)
        shutil.copy2("/etc/resolv.conf", path / "etc" / "resolv.conf")
        policy = path / "usr/sbin/policy-rc.d"
        policy.write_text("#!/bin/sh\n# no services in a test root\nexit 101\n")
        policy.chmod(0o755)
        (path / "tmp" / "home").mkdir(parents=True, exist_ok=True)
        yield DebianRoot(path)
    finally:
        for target in reversed(mounted):
            subprocess.run(["umount", "--recursive", "--lazy", str(target)], check=False)
        shutil.rmtree(path, ignore_errors=True)
