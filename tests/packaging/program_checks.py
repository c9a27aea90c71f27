"""The three checks every installed form of the application must pass.

`run_program` runs one of the installed programs by its command name (in a Debian root, in
a fresh venv, ...) and returns what it did.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.packaging.artifacts import (
    DEMO_CAN,
    DEMO_DOCUMENT_NUMBER,
    DEMO_PROFILE,
    Ran,
    project_version,
)

RunProgram = Callable[[list[str]], Ran]


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
