"""Where the packaging tests find what packaging/test-packages built, and how to run programs.

The artefacts are built before pytest runs (building is the driver's job, so a failed build
reads as a build failure); a missing one fails the test that needs it with the command to run.
"""

from __future__ import annotations

import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO_PROFILE = "kovacs-eva"
DEMO_CAN = "123456"
DEMO_DOCUMENT_NUMBER = "201847KA"
BUILD_HINT = "build the installers first: packaging/test-packages (or packaging/linux/build-deb)"


def project_version() -> str:
    """The version written in pyproject.toml: the one every artefact must carry."""
    with (REPO / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert isinstance(version, str)
    return version


def dist_dir() -> Path:
    return Path(os.environ.get("UGYFELKAPU_DIST", REPO / "dist"))


def build_dir() -> Path:
    return Path(os.environ.get("UGYFELKAPU_BUILD", REPO / "build" / "packaging"))


def cache_dir() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(os.environ.get("UGYFELKAPU_PACKAGING_CACHE", default / "ugyfelkapu-packaging"))


def require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: {BUILD_HINT}")
    return path


def wheel() -> Path:
    return require(dist_dir() / f"ugyfelkapu_eid-{project_version()}-py3-none-any.whl")


def sdist() -> Path:
    return require(dist_dir() / f"ugyfelkapu_eid-{project_version()}.tar.gz")


def deb() -> Path:
    found = sorted(dist_dir().glob("ugyfelkapu_*.deb"))
    if not found:
        pytest.fail(f"no ugyfelkapu_*.deb in {dist_dir()}: {BUILD_HINT}")
    return found[-1]


def bundle() -> Path:
    return require(build_dir() / "bundle" / "ugyfelkapu")


def freeze_python() -> str:
    """The interpreter the bundle was frozen with (used for the fresh venv too)."""
    return os.environ.get("UGYFELKAPU_FREEZE_PYTHON", "/usr/bin/python3")


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str

    def ok(self) -> Ran:
        assert self.returncode == 0, f"exit {self.returncode}\n{self.stdout}\n{self.stderr}"
        return self


def run(argv: list[str], env: dict[str, str] | None = None, timeout: float = 180) -> Ran:
    """Run a program with a clean environment (no PYTHONPATH: the artefact must stand alone)."""
    base = {
        "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
        "LANG": "C.UTF-8",
        "HOME": os.environ.get("HOME", "/root"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.run(
        argv,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd="/",
        check=False,
    )
    return Ran(proc.returncode, proc.stdout, proc.stderr)


@dataclass(frozen=True)
class Venv:
    """A virtual environment with the wheel installed, and a home of its own for the app."""

    path: Path
    home: Path

    def run_program(self, argv: list[str]) -> Ran:
        program, *args = argv
        return run([str(self.path / "bin" / program), *args], env={"HOME": str(self.home)})

    def start_program(self, argv: list[str], log: Path) -> subprocess.Popen[bytes]:
        """Start one of the venv's programs (clean environment) with its output in `log`."""
        program, *args = argv
        with log.open("wb") as out:
            return subprocess.Popen(
                [str(self.path / "bin" / program), *args],
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.home)},
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd="/",
            )


def install_wheel_in_fresh_venv(base: Path) -> Venv:
    """Make a venv of the freezing interpreter under base and pip-install the wheel into it."""
    venv = base / "venv"
    run([freeze_python(), "-m", "venv", str(venv)]).ok()
    run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel())], timeout=600
    ).ok()
    home = base / "home"
    home.mkdir(exist_ok=True)
    return Venv(venv, home)
