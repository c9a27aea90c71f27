"""Many processes on one registry: races for a username and a document, wrong codes and
sign-ins at once, two deliverers on one outbox (each on both stores: on PostgreSQL decided by
row locks and unique constraints); and PostgreSQL's own faults: a server restarted under load,
a newer schema, the password's variable, an unreachable server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from email.message import EmailMessage
from pathlib import Path

import pytest

from desktop.config import Config
from desktop.messages import Message
from desktop.registry import open_service, seed_demo
from desktop.registry.errors import MailDeliveryError, RegistryUnavailable
from desktop.registry.models import MailStatus
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.postgresql import Server
from tests.registry.conftest import EVA, REPO_ROOT, config_for, query
from tests.registry.worker import REGISTRY_URL_ENV, generated_citizen, username_for

RACERS = 8


@pytest.fixture
def pg_config(tmp_path: Path, postgresql_url: str) -> Config:
    return config_for(tmp_path / "data", postgresql_url)


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


def race(config: Config, tmp_path: Path, commands: list[list[str]]) -> list[str]:
    """Start the workers, wait until each says "ready", let them go at once; their lines."""
    go = tmp_path / "go"
    workers = [spawn(config, *command) for command in commands]
    for w in workers:
        assert w.stdout is not None
        ready = w.stdout.readline().strip()
        assert ready == "ready", (ready, w.stderr.read() if w.stderr else "")
    go.touch()
    lines: list[str] = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        lines += out.splitlines()
    return lines


def test_eight_processes_racing_for_one_username_get_one_winner_and_clear_refusals(
    config: Config, tmp_path: Path
) -> None:
    seed(config, RACERS)
    go = str(tmp_path / "go")
    commands = []
    for i in range(RACERS):
        c = generated_citizen(i)
        # The same name, in other cases of its Hungarian letters for half of them.
        name = "Őrségváros" if i % 2 else "őRSÉGVÁROS"
        commands.append(["verify-then", str(config.data_dir), go, f"{c[0]}:{c[1]}:{name}"])
    outcomes = [line.split(" ", 1)[1] for line in race(config, tmp_path, commands)]
    assert sorted(outcomes) == ["ok"] + ["taken"] * (RACERS - 1)
    assert query(config, "SELECT count(*) FROM accounts") == [(1,)]


def test_eight_processes_racing_for_one_document_get_one_winner_and_clear_refusals(
    config: Config, tmp_path: Path
) -> None:
    seed(config, 1)
    c = generated_citizen(0)
    go = str(tmp_path / "go")
    commands = [
        ["verify-then", str(config.data_dir), go, f"{c[0]}:{c[1]}:Versenyző{'abcdefgh'[i]}"]
        for i in range(RACERS)
    ]
    outcomes = [line.split(" ", 1)[1] for line in race(config, tmp_path, commands)]
    # Every verification was made before anyone registered: the first registration wins, and
    # a verification older than it may not replace it.
    assert sorted(outcomes) == ["ok"] + ["refused"] * (RACERS - 1)
    assert query(config, "SELECT count(*) FROM accounts") == [(1,)]
    assert query(config, "SELECT count(*) FROM outbox") == [(1,)]


def test_wrong_codes_from_several_processes_lock_the_document_at_exactly_the_fifth_failure(
    config: Config, tmp_path: Path
) -> None:
    seed(config, 1)
    doc = generated_citizen(0)[0]
    go = str(tmp_path / "go")
    processes, each = 4, 3
    commands = [["wrong-codes", str(config.data_dir), go, doc, str(each)] for _ in range(processes)]
    outcomes = race(config, tmp_path, commands)
    assert not [o for o in outcomes if o.startswith("error")]
    # Four failures counted one after another (none lost), the fifth locks, the rest are
    # refused as locked.
    assert Counter(outcomes) == Counter(
        ["failed 4", "failed 3", "failed 2", "failed 1"] + ["locked"] * (processes * each - 4)
    )
    locked = query(config, "SELECT count(*) FROM audit_log WHERE event = 'document-locked'")
    assert locked == [(1,)]


class _Unreachable:
    def send(self, msg: EmailMessage) -> None:
        raise MailDeliveryError(Message("A levelezőkiszolgáló nem érhető el.", "No mail server."))


def test_two_deliverers_on_one_outbox_send_every_mail_exactly_once(
    config: Config, tmp_path: Path
) -> None:
    count = 40
    seed(config, count)
    with open_service(config, password_params=FAST_FOR_TESTS, transport=_Unreachable()) as svc:
        for i in range(count):
            c = generated_citizen(i)
            pending = svc.register(svc.verify(c[0], c[1]), username_for(i), f"p{i}@example.hu")
            assert pending.mail_status is MailStatus.QUEUED
    go = str(tmp_path / "go")
    lines = race(config, tmp_path, [["deliver", str(config.data_dir), go]] * 2)
    sent = sum(int(line.split()[1]) for line in lines)
    assert sent == count
    recipients = Counter(
        line.split(":", 1)[1].strip()
        for eml in (config.outbox_dir).glob("*.eml")
        for line in eml.read_text().splitlines()
        if line.startswith("To:")
    )
    assert recipients == Counter({f"p{i}@example.hu": 1 for i in range(count)})
    assert query(config, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == [(0,)]


def test_a_server_restarted_under_load_gives_typed_unavailability_then_the_next_call_works(
    pg_config: Config, postgresql_server: Server
) -> None:
    if postgresql_server.cluster is None:
        pytest.skip("needs the private cluster: an existing server is not restarted by tests")
    with open_service(pg_config, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        stop = threading.Event()
        seen: list[BaseException] = []
        calls = [0]

        def load() -> None:
            while not stop.is_set():
                try:
                    svc.person(EVA[0])
                    svc.check_username("Terhelés")
                    calls[0] += 1
                except BaseException as exc:  # every kind is collected and checked below
                    seen.append(exc)
                    time.sleep(0.01)

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        postgresql_server.cluster.restart()
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join(timeout=60)
        assert calls[0] > 0
        assert {type(e) for e in seen} <= {RegistryUnavailable}, seen[:3]
        # Right after the restart the registry works, without reopening anything.
        assert svc.verify(*EVA).person.document_number == EVA[0]

        # While the server is down a call is refused with the typed error, in both languages
        # and without the url's details beyond host and database; once it is back, the next
        # call works.
        postgresql_server.cluster.stop()
        try:
            with pytest.raises(RegistryUnavailable) as exc:
                svc.person(EVA[0])
            assert "nyilvántartás" in exc.value.message.hu
            assert "registry" in exc.value.message.en
            assert exc.value.reason == "unavailable"
            assert exc.value.code == "registry-unavailable"
        finally:
            postgresql_server.cluster.start()
        person = svc.person(EVA[0])
        assert person is not None
        assert person.document_number == EVA[0]


def test_a_postgresql_registry_of_a_newer_schema_is_refused(pg_config: Config) -> None:
    open_service(pg_config, password_params=FAST_FOR_TESTS).close()
    assert pg_config.registry.url is not None
    import psycopg

    with psycopg.connect(pg_config.registry.url) as conn:
        conn.execute("UPDATE schema_version SET version = version + 1")
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(pg_config, password_params=FAST_FOR_TESTS)
    assert "newer version" in exc.value.message.en


def test_the_password_comes_from_the_variable_the_config_names_and_is_never_shown(
    pg_config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    named = replace(
        pg_config, registry=replace(pg_config.registry, password_env="UGYFELKAPU_TEST_DB_PW")
    )
    monkeypatch.delenv("UGYFELKAPU_TEST_DB_PW", raising=False)
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(named, password_params=FAST_FOR_TESTS)
    assert "UGYFELKAPU_TEST_DB_PW" in exc.value.message.en
    assert "UGYFELKAPU_TEST_DB_PW" in exc.value.message.hu
    monkeypatch.setenv("UGYFELKAPU_TEST_DB_PW", "titkos-jelszó-42")
    with open_service(named, password_params=FAST_FOR_TESTS) as svc:
        assert "titkos" not in svc.where
        assert svc.where.startswith("PostgreSQL ")


def test_an_unreachable_server_is_a_typed_unavailability_naming_no_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UGYFELKAPU_TEST_DB_PW", "titkos-jelszó-42")
    from desktop.config import RegistryConfig

    config = Config(
        data_dir=tmp_path / "data",
        registry=RegistryConfig(
            url=f"postgresql://nobody@/registry?host={tmp_path}",  # no server's socket here
            password_env="UGYFELKAPU_TEST_DB_PW",
        ),
    )
    with pytest.raises(RegistryUnavailable) as exc:
        open_service(config, password_params=FAST_FOR_TESTS)
    text = exc.value.message.en + exc.value.message.hu
    assert "registry" in exc.value.message.en
    assert "titkos" not in text


def test_wrong_sign_ins_on_several_connections_at_once_lock_the_account_at_exactly_the_fifth(
    config: Config,
) -> None:
    from desktop.registry.errors import AccountLocked, SignInFailed
    from tests.registry.conftest import FakeClock, register_active

    clock = FakeClock()
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        register_active(svc, clock)
        outcomes: list[str] = []
        lock = threading.Lock()
        together = threading.Barrier(4)

        def attempts() -> None:
            for _ in range(3):
                together.wait(timeout=30)  # each round starts on all four connections at once
                try:
                    svc.sign_in("KisAnna", "not the password at all", "000000")
                    outcome = "ok"
                except AccountLocked:
                    outcome = "locked"
                except SignInFailed:
                    outcome = "failed"
                except Exception as exc:  # the test asserts there is none
                    outcome = f"error {type(exc).__name__}"
                with lock:
                    outcomes.append(outcome)

        # The pool's four connections: four transactions at a time on the one account row.
        threads = [threading.Thread(target=attempts) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        # Four failures counted (none lost), the fifth locks, the rest find it locked.
        assert Counter(outcomes) == Counter({"failed": 4, "locked": 8})
        locks = [e for e in svc.audit_entries(1000) if e.event == "account-locked"]
        assert len(locks) == 1


def test_a_deadlock_between_two_units_of_work_is_run_again_and_reaches_no_caller(
    pg_config: Config,
) -> None:
    from typing import Any

    from desktop.registry.pg_store import PostgresStore

    store = PostgresStore(pg_config)
    try:
        store.write_sql(
            lambda conn: conn.execute("INSERT INTO meta (key, value) VALUES ('a', ''), ('b', '')")
        )
        both_hold_one = threading.Barrier(2)
        runs: Counter[str] = Counter()
        errors: list[BaseException] = []

        def crosswise(first: str, second: str) -> None:
            def unit(conn: Any) -> None:
                runs[first] += 1
                conn.execute("SELECT 1 FROM meta WHERE key = %s FOR UPDATE", (first,))
                if runs[first] == 1:
                    both_hold_one.wait(timeout=30)  # each holds its first row: now cross
                conn.execute("SELECT 1 FROM meta WHERE key = %s FOR UPDATE", (second,))

            try:
                store.write_sql(unit)
            except BaseException as exc:  # the test asserts there is none
                errors.append(exc)

        threads = [
            threading.Thread(target=crosswise, args=("a", "b")),
            threading.Thread(target=crosswise, args=("b", "a")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        # The server broke the deadlock by aborting one of them; that one ran again.
        assert sorted(runs.values()) == [1, 2]
    finally:
        store.close()
