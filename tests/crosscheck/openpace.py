"""OpenPACE's libeac as the chip or the terminal: builds `openpace_chip.c` and
`openpace_terminal.c` with gcc against Debian's libeac-dev and talks to them one hex line per
APDU: the chip as an `ApduChannel` for our reader, the terminal against our virtual chip.

The build happens once per test run, in a temporary directory. When gcc or the libeac headers
are missing the tests that need it skip, naming the Debian package to install (`./dev`
installs both, so a full setup runs them).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from cardreader.apdu import Command, Response

HERE = Path(__file__).parent
HEADER = Path("/usr/include/eac/eac.h")
# An answer to one line takes microseconds; seconds mean the chip program is stuck.
TIMEOUT_S = 30


class HarnessError(RuntimeError):
    """The OpenPACE chip program failed to start or stopped answering."""


def missing_tools() -> str | None:
    """Why the harness cannot be built here, or None when it can."""
    if shutil.which("gcc") is None:
        return "gcc is not installed (Debian package gcc)"
    if not HEADER.exists():
        return "OpenPACE's headers are not installed (Debian package libeac-dev)"
    return None


def build(directory: Path, name: str) -> Path:
    """Compile `name`.c (openpace_chip, openpace_terminal) into `directory`; return its path."""
    binary = directory / name
    result = subprocess.run(
        [
            "gcc",
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-O1",
            "-o",
            str(binary),
            str(HERE / f"{name}.c"),
            "-leac",
            "-lcrypto",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise HarnessError(f"gcc failed:\n{result.stderr}")
    return binary


class OpenPaceChip:
    """A running OpenPACE chip; an `ApduChannel` for our reader code.

    `pace_oid` / `parameter_id` / `password`: the PACE protocol it runs, with the CAN or
    "MRZ:" and an ID card's first two MRZ lines as password; `ca_oid` /
    `ca_parameter_id`: the Chip Authentication it offers (its static key is OpenPACE's own,
    see `ca_public`).
    """

    def __init__(
        self,
        binary: Path,
        pace_oid: str,
        parameter_id: int,
        password: str,
        *,
        ca_oid: str | None = None,
        ca_parameter_id: int | None = None,
        extended_length: bool = True,
    ) -> None:
        args = [str(binary), pace_oid, str(parameter_id), password]
        if ca_oid is not None:
            args += [ca_oid, str(ca_parameter_id)]
        self._extended = extended_length
        self._count = 0
        self._stderr: str | None = None
        self._process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = self._line()
        if first != "ready":
            raise HarnessError(f"OpenPACE chip did not start: {first!r} {self.close()}")

    def _line(self) -> str:
        stdout = self._process.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise HarnessError(f"OpenPACE chip stopped: {self.close()}")
        return line.strip()

    def _ask(self, line: str) -> str:
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(line + "\n")
        stdin.flush()
        return self._line()

    @property
    def extended_length(self) -> bool:
        return self._extended

    @property
    def apdu_count(self) -> int:
        return self._count

    def transmit(self, cmd: Command) -> Response:
        self._count += 1
        return Response.parse(bytes.fromhex(self._ask(cmd.encode(self._extended).hex())))

    # --- what OpenPACE computed, for comparison -------------------------------------------
    def keys(self) -> tuple[bytes, bytes]:
        """The chip's current secure-messaging keys (k_enc, k_mac)."""
        k_enc, k_mac = self._ask("#keys").split()
        return bytes.fromhex(k_enc), bytes.fromhex(k_mac)

    def shared_secret(self) -> bytes:
        """The shared secret of the chip's last key agreement."""
        return bytes.fromhex(self._ask("#secret"))

    def ca_public(self) -> bytes:
        """The chip's static Chip Authentication public key (uncompressed point / DH value)."""
        return bytes.fromhex(self._ask("#ca-public"))

    def last_command(self) -> tuple[bytes, bytes, int]:
        """The last command the chip received inside secure messaging, unprotected:
        (INS P1 P2, data, Le or 0)."""
        header, data, le = [*self._ask("#last").split(" "), "", ""][:3]
        return bytes.fromhex(header), bytes.fromhex(data), int(le or 0)

    def close(self) -> str:
        """Stop the program; return what it said on stderr (its reasons for refusing).
        Closing again returns the same text."""
        if self._stderr is not None:
            return self._stderr
        process = self._process
        if process.stdin and not process.stdin.closed:
            process.stdin.close()
        try:
            process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._stderr = process.stderr.read() if process.stderr else ""
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()
        return self._stderr


def run_terminal(
    binary: Path, args: list[str], chip: Callable[[bytes], bytes]
) -> dict[str, list[str]]:
    """Run OpenPACE's terminal program (`openpace_terminal.c`) against `chip` (command APDU in,
    response APDU out); return its results by name ("pace-keys": [k_enc, k_mac], ...).
    Raises `HarnessError` with OpenPACE's reason when the run fails."""
    process = subprocess.Popen(
        [str(binary), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdin, stdout = process.stdin, process.stdout
    assert stdin is not None
    assert stdout is not None
    results: dict[str, list[str]] = {}
    try:
        for raw in stdout:
            kind, _, rest = raw.strip().partition(" ")
            if kind == ">":
                stdin.write(chip(bytes.fromhex(rest)).hex() + "\n")
                stdin.flush()
            elif kind == "=":
                name, *values = rest.split(" ")
                results[name] = values
            elif kind == "!":
                raise HarnessError(f"OpenPACE terminal: {rest}")
        if "done" not in results:
            stderr = process.stderr.read() if process.stderr else ""
            raise HarnessError(f"OpenPACE terminal stopped early: {stderr}")
        return results
    finally:
        stdin.close()
        try:
            process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stdout.close()
        if process.stderr:
            process.stderr.close()
