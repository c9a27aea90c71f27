"""A registering process for the concurrency and crash tests (`python -m tests.registry.worker`).

worker contest DATA_DIR GO_FILE TASKS   register each "doc:code:username" of TASKS (comma
                                        separated) once GO_FILE exists; print one outcome
                                        line per task
worker loop DATA_DIR FIRST COUNT        print "ready", then register generated citizens
                                        FIRST.. FIRST+COUNT-1 until killed
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from desktop.config import Config
from desktop.registry import open_service
from desktop.registry.errors import AlreadyRegistered, UsernameTaken
from desktop.registry.passwords import FAST_FOR_TESTS


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
    with open_service(Config(data_dir=data_dir), password_params=FAST_FOR_TESTS) as svc:
        while not go.exists():
            time.sleep(0.005)
        for task in tasks:
            doc, code, username = task.split(":")
            try:
                svc.register(svc.verify(doc, code), username, f"{username.lower()}@example.hu")
                outcome = "ok"
            except UsernameTaken:
                outcome = "taken"
            except Exception as exc:  # the test asserts there is none
                outcome = f"error {type(exc).__name__}: {exc}"
            print(f"{username} {outcome}", flush=True)
    return 0


def loop(data_dir: Path, first: int, count: int) -> int:
    with open_service(Config(data_dir=data_dir), password_params=FAST_FOR_TESTS) as svc:
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
    if mode == "loop":
        return loop(data_dir, int(argv[2]), int(argv[3]))
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
