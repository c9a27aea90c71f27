"""Several processes registering at once, and processes killed mid-registration."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.config import Config
from desktop.registry import open_service
from desktop.registry.mail import parse_message
from desktop.registry.outbox import LEASE
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import REPO_ROOT, activation_code_from, query
from tests.registry.worker import REGISTRY_URL_ENV, generated_citizen, username_for

PROCESSES = 4
CONTESTED = 8
OWN = 4


def seed(config: Config, count: int) -> None:
    with open_service(config, password_params=FAST_FOR_TESTS) as svc:
        svc.import_citizen_rows(generated_citizen(i) for i in range(count))


def spawn(config: Config, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env[REGISTRY_URL_ENV] = config.registry.url or ""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.registry.worker", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_processes_racing_for_usernames_get_exactly_one_winner_each_and_no_lock_errors(
    tmp_path: Path, config: Config
) -> None:
    data_dir = config.data_dir
    per_process = CONTESTED + OWN
    seed(config, PROCESSES * per_process)
    go = tmp_path / "go"
    workers = []
    for p in range(PROCESSES):
        tasks = []
        for j in range(per_process):
            i = p * per_process + j
            c = generated_citizen(i)
            # The first CONTESTED usernames are the same in every process; the rest are own.
            name = f"Verseny{'abcdefgh'[j]}" if j < CONTESTED else username_for(i)
            tasks.append(f"{c[0]}:{c[1]}:{name}")
        workers.append(spawn(config, "contest", str(data_dir), str(go), ",".join(tasks)))
    time.sleep(0.8)  # let every process open the registry, then start them together
    go.touch()
    outcomes: dict[str, list[str]] = {}
    for w in workers:
        out, err = w.communicate(timeout=60)
        assert w.returncode == 0, err
        for line in out.splitlines():
            name, outcome = line.split(" ", 1)
            outcomes.setdefault(name, []).append(outcome)

    errors = [o for results in outcomes.values() for o in results if o.startswith("error")]
    assert errors == []
    for j in range(CONTESTED):
        results = outcomes[f"Verseny{'abcdefgh'[j]}"]
        assert sorted(results) == ["ok"] + ["taken"] * (PROCESSES - 1)
    own = [
        o for name, results in outcomes.items() if not name.startswith("Verseny") for o in results
    ]
    assert own == ["ok"] * (PROCESSES * OWN)

    assert query(config, "SELECT count(*) FROM accounts") == [(CONTESTED + PROCESSES * OWN,)]
    assert query(
        config, "SELECT count(*) FROM accounts a JOIN outbox o ON o.account_id = a.id"
    ) == [(CONTESTED + PROCESSES * OWN,)]


def test_killing_registering_processes_at_random_moments_never_leaves_an_account_without_its_mail(
    config: Config,
) -> None:
    data_dir = config.data_dir
    rounds, per_round = 10, 400
    seed(config, rounds * per_round)
    rng = random.Random(20260302)
    for r in range(rounds):
        worker = spawn(config, "loop", str(data_dir), str(r * per_round), str(per_round))
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.3))
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
        assert worker.returncode == -signal.SIGKILL, "the worker ran out of work before the kill"

    if config.registry.url is None:
        conn = sqlite3.connect(config.database_path)
        conn.execute("PRAGMA foreign_keys = ON")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()
    [(accounts,)] = query(config, "SELECT count(*) FROM accounts")
    assert accounts > rounds  # the kills landed mid-run, after some registrations
    for orphan_sql in (
        "SELECT count(*) FROM accounts a WHERE NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.account_id = a.id)",
        "SELECT count(*) FROM accounts a WHERE NOT EXISTS "
        "(SELECT 1 FROM activation_codes c WHERE c.account_id = a.id)",
        "SELECT count(*) FROM verifications v WHERE v.used_at IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM accounts a WHERE a.document_number = v.document_number)",
        "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND message_enc IS NULL",
    ):
        assert query(config, orphan_sql) == [(0,)], orphan_sql

    # Every delivered file is a whole message; every queued mail can still be delivered.
    outbox_dir = data_dir / "outbox"
    for eml in outbox_dir.glob("*.eml"):
        msg = parse_message(eml.read_bytes())
        body = msg.get_body(preferencelist=("plain",))
        assert body is not None
        activation_code_from(str(body.get_content()).replace("\r\n", "\n"))
    # A mail leased by a killed process waits for its lease to run out (so a live process
    # that is sending it right now is not doubled); after that, deliver sends it.
    later = datetime.now(UTC) + LEASE + timedelta(seconds=1)
    with open_service(config, clock=lambda: later, password_params=FAST_FOR_TESTS) as svc:
        svc.deliver_queued(force=True)
        assert svc.queued_mail() == []
    assert len(list(outbox_dir.glob("*.eml"))) == accounts
    assert list(outbox_dir.glob(".*.tmp")) == []  # half-written files of killed writers swept
