"""A registering process for the concurrency and crash tests (`python -m tests.registry.worker`).

worker contest DATA_DIR GO_FILE TASKS   register each "doc:code:username" of TASKS (comma
                                        separated) once GO_FILE exists; print one outcome
                                        line per task
worker verify-then DATA_DIR GO_FILE TASKS  verify every task first, then register them all
                                        once GO_FILE exists
worker wrong-codes DATA_DIR GO_FILE DOC N  try N wrong registration codes for DOC
worker deliver DATA_DIR GO_FILE         deliver every queued mail once GO_FILE exists
worker loop DATA_DIR FIRST COUNT        print "ready", then register generated citizens
                                        FIRST.. FIRST+COUNT-1 until killed

With REGISTRY_URL_ENV set, the registry is that PostgreSQL database (its key file in DATA_DIR).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from desktop.config import Config, RegistryConfig
from desktop.registry import RegistrationService, open_service
from desktop.registry.errors import (
    AlreadyRegistered,
    DocumentLocked,
    UsernameTaken,
    VerificationExpired,
    VerificationFailed,
)
from desktop.registry.passwords import FAST_FOR_TESTS

REGISTRY_URL_ENV = "UGYFELKAPU_TEST_REGISTRY_URL"


def open_registry(data_dir: Path) -> RegistrationService:
    url = os.environ.get(REGISTRY_URL_ENV) or None
    config = Config(data_dir=data_dir, registry=RegistryConfig(url=url))
    return open_service(config, password_params=FAST_FOR_TESTS)


def wait_for(go: Path) -> None:
    while not go.exists():
        time.sleep(0.005)


def generated_citizen(i: int) -> list[str]:
    """Citizen number i in the CSV's column order, with registration code `Code` + 7 digits."""
    return [
        f"{100000 + i:06d}GN",
        f"Code{i:07d}",
        "Teszt",
        f"Elek {i}",
        "Teszt",
        f"Elek {i}",
        "Minta Mária",
        "Budapest",
        "1980-01-01",
        "HUN",
        "M",
        f"1011 Budapest, Fő utca {i}.",
        "2035-01-01",
    ]


def username_for(i: int) -> str:
    # Letters only: the index spelled in letters a..j.
    return "Teszt" + "".join("abcdefghij"[int(d)] for d in str(i))


def contest(data_dir: Path, go: Path, tasks: list[str]) -> int:
    with open_registry(data_dir) as svc:
        wait_for(go)
        for task in tasks:
            doc, code, username = task.split(":")
            try:
                svc.register(svc.verify(doc, code), username, f"{username.lower()}@example.hu")
                outcome = "ok"
            except UsernameTaken:
                outcome = "taken"
            except VerificationExpired:
                outcome = "refused"  # another process registered the document meanwhile
            except Exception as exc:  # the test asserts there is none
                outcome = f"error {type(exc).__name__}: {exc}"
            print(f"{username} {outcome}", flush=True)
    return 0


def verify_then_register(data_dir: Path, go: Path, tasks: list[str]) -> int:
    """Verify first (a verification made before anyone registered), then race to register."""
    with open_registry(data_dir) as svc:
        verified = []
        for task in tasks:
            doc, code, username = task.split(":")
            verified.append((svc.verify(doc, code), username))
        print("ready", flush=True)
        wait_for(go)
        for verification, username in verified:
            try:
                svc.register(verification, username, f"{username.lower()}@example.hu")
                outcome = "ok"
            except UsernameTaken:
                outcome = "taken"
            except (VerificationExpired, AlreadyRegistered):
                outcome = "refused"
            except Exception as exc:  # the test asserts there is none
                outcome = f"error {type(exc).__name__}: {exc}"
            print(f"{username} {outcome}", flush=True)
    return 0


def wrong_codes(data_dir: Path, go: Path, doc: str, count: int) -> int:
    with open_registry(data_dir) as svc:
        print("ready", flush=True)
        wait_for(go)
        for _ in range(count):
            try:
                svc.verify(doc, "Wrongcode99")
                outcome = "ok"
            except VerificationFailed as exc:
                outcome = f"failed {exc.attempts_left}"
            except DocumentLocked:
                outcome = "locked"
            except Exception as exc:  # the test asserts there is none
                outcome = f"error {type(exc).__name__}: {exc}"
            print(outcome, flush=True)
    return 0


def deliver(data_dir: Path, go: Path) -> int:
    with open_registry(data_dir) as svc:
        print("ready", flush=True)
        wait_for(go)
        report = svc.deliver_queued(force=True)
        print(f"sent {report.sent}", flush=True)
    return 0


def loop(data_dir: Path, first: int, count: int) -> int:
    with open_registry(data_dir) as svc:
        print("ready", flush=True)
        for i in range(first, first + count):
            citizen = generated_citizen(i)
            try:
                svc.register(svc.verify(citizen[0], citizen[1]), username_for(i), "t@example.hu")
            except AlreadyRegistered:
                continue
    return 0


def main(argv: list[str]) -> int:
    mode, data_dir = argv[0], Path(argv[1])
    if mode == "contest":
        return contest(data_dir, Path(argv[2]), argv[3].split(","))
    if mode == "verify-then":
        return verify_then_register(data_dir, Path(argv[2]), argv[3].split(","))
    if mode == "wrong-codes":
        return wrong_codes(data_dir, Path(argv[2]), argv[3], int(argv[4]))
    if mode == "deliver":
        return deliver(data_dir, Path(argv[2]))
    if mode == "loop":
        return loop(data_dir, int(argv[2]), int(argv[3]))
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
