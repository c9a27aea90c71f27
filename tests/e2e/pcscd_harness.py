"""A private pcscd with vsmartcard's vpcd driver, for end-to-end, GUI and kiosk tests.

pcscd 1.9.9 has its socket fixed at /run/pcscd/pcscd.comm and loads every driver bundle under
/usr/lib/pcsc/drivers, so the system instance cannot be reused or shadowed by a second one
started plainly. This harness runs pcscd in a private mount namespace (``unshare --mount`` as
root, ``unshare --user --map-root-user --mount`` otherwise) with a test-owned directory bound
over /run and an empty one over /usr/lib/pcsc/drivers (no USB hot-plug), and a reader.conf for
a copy of the vpcd driver on free ports. Clients find it through PCSCLITE_CSOCK_NAME, which
pcsc-lite reads once per process: run PC/SC clients as subprocesses with `env()`.

Everything started here is torn down by PID. Use it as a context manager or call `close()`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
VPCD_DRIVER_DIR = Path("/usr/lib/pcsc/drivers/serial")
READER_NAME = "Virtual PCD"


def missing_components() -> str | None:
    """Why a private pcscd cannot run here (a missing binary or driver), or None."""
    for binary in ("pcscd", "unshare", "mount"):
        if shutil.which(binary) is None and not Path("/usr/sbin", binary).exists():
            return f"{binary} is not installed (Debian: pcscd, util-linux, mount)"
    if not sorted(VPCD_DRIVER_DIR.glob("libifdvpcd.so*")):
        return (
            f"the vpcd driver is not installed ({VPCD_DRIVER_DIR}/libifdvpcd.so*;"
            " Debian: vsmartcard-vpcd)"
        )
    return None


def _pcscd_binary() -> str:
    return shutil.which("pcscd") or "/usr/sbin/pcscd"


def _port_pair_is_free(port: int) -> bool:
    socks = []
    try:
        for p in (port, port + 1):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            socks.append(s)
            # vpcd listens on every interface, so the port must be free on all of them; the
            # socket is closed at once, nothing is served.
            s.bind(("0.0.0.0", p))  # noqa: S104
        return True
    except OSError:
        return False
    finally:
        for s in socks:
            s.close()


def free_port_pair() -> int:
    """A port P such that P and P+1 are both free (vpcd listens on both)."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port: int = s.getsockname()[1]
        if port < 65534 and _port_pair_is_free(port):
            return port
    raise RuntimeError("no two consecutive free TCP ports")


def _stop_pid(
    process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 5.0
) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, sig)
    try:
        process.wait(wait)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait(wait)


@dataclass
class Emulator:
    """A running `eid-card emulate` (or any other vpcd card process)."""

    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM) -> int:
        """Stop it (SIGTERM by default) and return its exit code."""
        _stop_pid(self.process, sig)
        return self.process.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


class PrivatePcscd:
    """One private pcscd with one vpcd entry: readers "<name> 00 00" (port P) and "00 01" (P+1)."""

    def __init__(self, workdir: Path, reader_name: str = READER_NAME, debug: bool = False):
        reason = missing_components()
        if reason:
            raise RuntimeError(reason)
        self.workdir = Path(workdir)
        self.reader_name = reader_name
        self.debug = debug or bool(os.environ.get("PCSCD_HARNESS_DEBUG"))
        self.run_dir = self.workdir / "run"
        self.empty_drivers = self.workdir / "drivers"
        self.conf_dir = self.workdir / "reader.conf.d"
        for d in (self.run_dir, self.empty_drivers, self.conf_dir):
            d.mkdir(parents=True, exist_ok=True)
        driver = sorted(VPCD_DRIVER_DIR.glob("libifdvpcd.so*"))[-1]
        self.driver = self.workdir / "libifdvpcd.so"
        shutil.copy2(driver.resolve(), self.driver)
        self.port = free_port_pair()
        self._write_conf()
        self.socket_path = self.run_dir / "pcscd" / "pcscd.comm"
        self.process: subprocess.Popen[bytes] | None = None
        self._emulators: list[Emulator] = []
        self._starts = 0

    # --- configuration ---------------------------------------------------------------------------
    def _write_conf(self) -> None:
        self.reader_attached = True
        (self.conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{self.reader_name}"\n'
            f"DEVICENAME /dev/null:0x{self.port:04X}\n"
            f"LIBPATH {self.driver}\n"
            f"CHANNELID 0x{self.port:04X}\n"
        )

    def detach_reader(self) -> None:
        """Unplug the virtual reader: restart pcscd without its entry.

        pcscd 1.9.9 cannot hot-plug serial (reader.conf) readers, so clients see the service
        drop for a moment, then a service with no reader.
        """
        (self.conf_dir / "vpcd").unlink()
        self.reader_attached = False
        self.restart()

    def attach_reader(self) -> None:
        """Plug the virtual reader back in (restarts pcscd with its entry)."""
        self._write_conf()
        self.restart()

    @property
    def readers(self) -> list[str]:
        """The two reader names this pcscd offers."""
        return [f"{self.reader_name} 00 00", f"{self.reader_name} 00 01"]

    def vpcd_endpoint(self, slot: int = 0) -> str:
        """HOST:PORT of reader `slot` (0 or 1) for `eid-card emulate --vpcd`."""
        return f"127.0.0.1:{self.port + slot}"

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a PC/SC client subprocess that talks to this pcscd."""
        env = dict(os.environ)
        env["PCSCLITE_CSOCK_NAME"] = str(self.socket_path)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONUNBUFFERED"] = "1"
        env.update(extra)
        return env

    # --- pcscd -----------------------------------------------------------------------------------
    def _namespace_command(self) -> list[str]:
        if os.geteuid() == 0:
            prefix = ["unshare", "--mount", "--propagation", "private"]
        else:
            prefix = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]
        flags = "--foreground --debug --apdu" if self.debug else "--foreground --info"
        script = (
            f'mount --bind "{self.run_dir}" /run'
            f' && mount --bind "{self.empty_drivers}" /usr/lib/pcsc/drivers'
            f' && exec "{_pcscd_binary()}" {flags} -c "{self.conf_dir}"'
        )
        return [*prefix, "sh", "-c", script]

    def start(self, timeout: float = 10.0) -> None:
        """Start pcscd and wait until its socket accepts clients."""
        if self.running():
            return
        self._starts += 1
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        log = open(self.workdir / f"pcscd-{self._starts}.log", "wb")  # noqa: SIM115
        # unshare execs sh, sh execs pcscd: the PID we hold is pcscd's own.
        self.process = subprocess.Popen(
            self._namespace_command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"pcscd exited with {self.process.returncode}:\n{self.log()}")
            ready = self.socket_path.exists() and self._socket_accepts()
            if ready and (not self.reader_attached or self._vpcd_listening()):
                return
            time.sleep(0.05)
        raise RuntimeError(f"pcscd did not become ready in {timeout} s:\n{self.log()}")

    def _socket_accepts(self) -> bool:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            try:
                s.connect(str(self.socket_path))
            except OSError:
                return False
        return True

    def _vpcd_listening(self) -> bool:
        # A TCP connect would count as a card insertion; read the listening table instead.
        wanted = {f"{self.port:04X}", f"{self.port + 1:04X}"}
        found: set[str] = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError), open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    local, state = fields[1], fields[3]
                    if state == "0A":  # LISTEN
                        found.add(local.rsplit(":", 1)[1])
        return wanted <= found

    def stop(self) -> None:
        """Stop pcscd (SIGTERM, then SIGKILL) by its PID; emulators keep running."""
        if self.process is not None:
            _stop_pid(self.process)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def log(self) -> str:
        """Everything pcscd printed in its most recent run."""
        path = self.workdir / f"pcscd-{self._starts}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # --- cards -----------------------------------------------------------------------------------
    def start_emulator(self, profile: str | Path, slot: int = 0) -> Emulator:
        """Run `eid-card emulate --profile PROFILE` on reader `slot`."""
        return self.start_card(
            [sys.executable, "-m", "cardreader", "emulate", "--profile", str(profile),
             "--vpcd", self.vpcd_endpoint(slot)]
        )  # fmt: skip

    def start_card(self, argv: Sequence[str]) -> Emulator:
        """Run any vpcd card process (e.g. a scripted test card) with this harness's env."""
        log_path = self.workdir / f"card-{len(self._emulators)}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                list(argv),
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=REPO_ROOT,
            )
        emulator = Emulator(process, log_path)
        self._emulators.append(emulator)
        return emulator

    def stop_emulator(self, emulator: Emulator) -> int:
        return emulator.stop()

    # --- clients ---------------------------------------------------------------------------------
    def eid_card(
        self, *args: str, timeout: float = 30.0, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `python -m cardreader ARGS` against this pcscd and capture its output."""
        return subprocess.run(
            [sys.executable, "-m", "cardreader", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            input=input,
            cwd=REPO_ROOT,
            check=False,
        )

    def wait_for_card(
        self, reader: str | None = None, present: bool = True, timeout: float = 10.0
    ) -> None:
        """Wait until the reader shows a card (or, with present=False, shows none)."""
        reader = reader or self.readers[0]
        code = (
            "import sys\nfrom cardreader.pcsc import PcscContext\n"
            "with PcscContext() as c:\n"
            f"    s = c.get_status_change([({reader!r}, 0)], 0)\n"
            "    sys.exit(0 if s and s[0].card_present else 3)\n"
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rc = subprocess.run(
                [sys.executable, "-c", code], env=self.env(), capture_output=True, check=False
            ).returncode
            if (rc == 0) == present:
                return
            time.sleep(0.1)
        state = "a card" if present else "no card"
        raise TimeoutError(f"{reader} did not show {state} within {timeout} s")

    # --- teardown --------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop every emulator and pcscd, by PID."""
        for emulator in self._emulators:
            emulator.stop()
        self.stop()

    def __enter__(self) -> PrivatePcscd:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def private_pcscd(workdir: Path, **kwargs: object) -> Iterator[PrivatePcscd]:
    """A started private pcscd, closed on exit."""
    harness = PrivatePcscd(workdir, **kwargs)  # type: ignore[arg-type]
    try:
        harness.start()
        yield harness
    finally:
        harness.close()
