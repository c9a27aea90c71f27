"""The checks every installed form of the application must pass.

`run_program` runs one of the installed programs by its command name (in a Debian root, in
a fresh venv, ...) and returns what it did; `start_program` starts one and leaves it running.
"""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.packaging.artifacts import (
    DEMO_CAN,
    DEMO_DOCUMENT_NUMBER,
    DEMO_PROFILE,
    Ran,
    project_version,
)
from tests.registry_service.harness import free_port, make_pki

RunProgram = Callable[[list[str]], Ran]
# Starts argv with its output going to the given log file; the caller stops it.
StartProgram = Callable[[list[str], Path], "subprocess.Popen[bytes]"]


def check_version(run_program: RunProgram) -> None:
    ran = run_program(["ugyfelkapu", "--version"]).ok()
    assert ran.stdout.strip() == f"ugyfelkapu {project_version()}"


def check_reads_demo_card(run_program: RunProgram) -> None:
    argv = ["eid-card", "read", "--virtual", DEMO_PROFILE, "--can", DEMO_CAN, "--json"]
    ran = run_program(argv).ok()
    assert json.loads(ran.stdout)["document_number"] == DEMO_DOCUMENT_NUMBER


def check_first_screen(run_program: RunProgram) -> None:
    ran = run_program(["ugyfelkapu", "--smoke-test"]).ok()
    assert "smoke-test: first screen shown:" in ran.stdout, ran.stdout + ran.stderr


def check_admin_answers(run_program: RunProgram) -> None:
    ran = run_program(["ugyfelkapu-admin", "--help"]).ok()
    assert "ugyfelkapu-admin" in ran.stdout


def check_registry_serves(start_program: StartProgram, workdir: Path, config_arg: str) -> None:
    """`ugyfelkapu-registry serve` answers over HTTPS with a SQLite registry, and stops on TERM.

    The PKI and config are written to `workdir` (on this machine); `config_arg` is the path
    under which the program sees `workdir/server.toml` (inside a chroot it differs). Paths in
    the config are relative to it, so they hold on both sides. uvicorn, starlette and fastapi
    import parts of themselves by name at run time: a frozen program lacking one fails here.
    """
    pki = make_pki(workdir / "pki")
    port = free_port()
    data_dir = workdir / "data"
    data_dir.mkdir()
    (workdir / "server.toml").write_text(
        "\n".join(
            [
                'data_dir = "data"',
                f'listen = "127.0.0.1:{port}"',
                "[tls]",
                f'cert = "{pki.server.cert.relative_to(workdir)}"',
                f'key = "{pki.server.key.relative_to(workdir)}"',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    log_path = workdir / "service.log"
    context = ssl.create_default_context(cafile=str(pki.ca.pem))
    url = f"https://127.0.0.1:{port}"
    process = start_program(["ugyfelkapu-registry", "serve", "--config", config_arg], log_path)
    try:
        with httpx.Client(base_url=url, verify=context, timeout=10) as client:
            health = _first_answer(client, "/health", process, log_path)
            assert health.status_code == 200, health.text
            assert health.json() == {"status": "ok"}
            document = client.get("/openapi.json")
            assert document.status_code == 200, document.text
            assert "/v1/verify" in document.json()["paths"]
            # A step that reads the SQLite registry the service opened in data_dir.
            free = client.post("/v1/username-check", json={"username": "kovacseva"})
            assert free.status_code == 200, free.text
            assert free.json() == {"available": True}
        assert any(data_dir.iterdir()), "the service kept no registry in its data_dir"
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(10)
    log = log_path.read_text(errors="replace")
    # uvicorn shuts down gracefully; the program then closes the registry and exits 0.
    assert process.returncode == 0, f"exit {process.returncode}\n{log}"
    assert "Application shutdown complete" in log, log


def _first_answer(
    client: httpx.Client, path: str, process: subprocess.Popen[bytes], log_path: Path
) -> httpx.Response:
    """GET `path` once the service listens (a frozen start in a chroot may take a while)."""
    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            raise AssertionError(f"the service exited ({process.returncode}):\n{log}")
        try:
            return client.get(path)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the service did not answer:\n{log_path.read_text(errors='replace')}"
                ) from None
            time.sleep(0.2)
