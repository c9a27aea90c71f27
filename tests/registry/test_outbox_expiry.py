"""Undeliverable mail is not retried for ever: once the activation code it carries has expired
it is given up (kept, shown as such), and a resend queues a fresh one. Also the schema step that
brought this, from a registry made before it."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from desktop.registry import open_service, seed_demo
from desktop.registry.audit import Outcome
from desktop.registry.migrations import LATEST_VERSION, MIGRATIONS, _statements
from desktop.registry.models import MailStatus
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry.store import parse_ts, ts
from tests.registry.conftest import (
    EVA,
    GYORGY,
    PASSWORD,
    FakeClock,
    activation_code_from,
    query,
    run_module,
)
from tests.registry.test_smtp import SmtpServer, free_port, smtp_config

FIVE_DAYS = timedelta(days=5)


def test_mail_whose_code_expired_is_given_up_kept_and_a_resend_queues_a_fresh_one(
    tmp_path: Path, clock: FakeClock, registry_url: str | None
) -> None:
    port = free_port()  # the mail server is away for the whole five days
    config = smtp_config(tmp_path, port, registry_url)
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        registered_at = clock()
        pending = svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        assert pending.mail_status is MailStatus.QUEUED
        [waiting] = svc.queued_mail()
        assert waiting.code_expires_at == registered_at + FIVE_DAYS
        assert waiting.given_up_at is None

        # Still tried up to the last moment the code works.
        clock.now = registered_at + FIVE_DAYS
        report = svc.deliver_queued(force=True)
        assert (report.sent, report.failed, report.given_up) == (0, 1, 0)
        assert len(svc.queued_mail()) == 1

        clock.advance(seconds=1)
        # No longer waiting as soon as the code has expired, before any run marks it.
        assert svc.queued_mail() == []
        report = svc.deliver_queued(force=True)
        assert (report.sent, report.failed, report.given_up) == (0, 0, 1)
        [given_up] = svc.queued_mail(include_given_up=True)
        assert given_up.id == waiting.id
        assert given_up.given_up_at == clock()
        assert given_up.attempts == 2  # the two tries it had; giving up is not a try

        server = SmtpServer(port)
        server.start()
        try:
            # `deliver` skips it, even forced, with the server back.
            assert svc.deliver_queued(force=True) == type(report)(0, 0, 0)
            assert svc.deliverer.deliver(waiting.id) is False
            assert server.inbox.messages == []

            resent = svc.resend_activation("KisAnna")
            assert resent.mail_status is MailStatus.SENT
            assert resent.activation_expires_at == clock() + FIVE_DAYS
            [(_s, _r, msg)] = server.inbox.messages
        finally:
            server.stop()
        plain = msg.get_body(preferencelist=("plain",))
        assert plain is not None
        code = activation_code_from(plain.get_content().replace("\r\n", "\n"))
        svc.activate("KisAnna", code, PASSWORD)

        # The given-up row is still there, its body (which held the dead code) dropped.
        assert [q.id for q in svc.queued_mail(include_given_up=True)] == [waiting.id]
        assert query(
            config,
            "SELECT message_enc IS NULL, given_up_at IS NOT NULL, sent_at IS NULL "  # noqa: S608 - the test's own id
            f"FROM outbox WHERE id = {waiting.id}",
        ) in ([(1, 1, 1)], [(True, True, True)])
        entries = [
            e
            for e in svc.audit_entries(500)
            if e.event == "mail" and e.subject == f"outbox {waiting.id}"
        ]
        assert [e.outcome for e in entries][-1] == Outcome.GIVEN_UP.value
        assert "activation code expired" in (entries[-1].detail or "")
        assert "aktiváló kód lejárt" in (entries[-1].detail or "")


def test_a_single_delivery_of_an_expired_mail_gives_it_up_instead_of_sending(
    tmp_path: Path, clock: FakeClock, registry_url: str | None
) -> None:
    port = free_port()
    with open_service(
        smtp_config(tmp_path, port, registry_url), clock=clock, password_params=FAST_FOR_TESTS
    ) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*GYORGY), "SzaboGyorgy", "gyorgy@example.hu")
        [waiting] = svc.queued_mail()
        clock.advance(days=5, seconds=1)
        server = SmtpServer(port)
        server.start()
        try:
            assert svc.deliverer.deliver(waiting.id) is False
            assert server.inbox.messages == []
        finally:
            server.stop()
        [given_up] = svc.queued_mail(include_given_up=True)
        assert given_up.given_up_at == clock()


def test_admin_outbox_shows_given_up_mail_as_such_in_hungarian_and_english(
    tmp_path: Path,
) -> None:
    port = free_port()
    config = smtp_config(tmp_path, port)
    clock = FakeClock()
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        svc.register(svc.verify(*GYORGY), "SzaboGyorgy", "gyorgy@example.hu")
    # The admin command runs on the real clock: the first mail is made to look six days old.
    db = sqlite3.connect(config.database_path)
    old = clock() - timedelta(days=6)
    db.execute(
        "UPDATE outbox SET created_at = ?, code_expires_at = ? WHERE recipient = ?",
        (ts(old), ts(old + FIVE_DAYS), "kis.anna@example.hu"),
    )
    db.execute(
        "UPDATE outbox SET code_expires_at = ? WHERE recipient = ?",
        ("2999-01-01T00:00:00.000000Z", "gyorgy@example.hu"),
    )
    db.commit()
    db.close()

    listing = run_module("desktop.registry", "--db", str(config.database_path), "outbox")
    assert listing.returncode == 0, listing.stderr
    [anna] = [line for line in listing.stdout.splitlines() if "kis.anna@example.hu" in line]
    [gyorgy] = [line for line in listing.stdout.splitlines() if "gyorgy@example.hu" in line]
    assert "feladva / given up" in anna
    assert "activation code expired" in anna
    assert "given up" not in gyorgy
    assert "next " in gyorgy
    assert "1 levél vár / mails waiting" in listing.stdout
    assert "1 levél feladva / mails given up" in listing.stdout

    delivered = run_module("desktop.registry", "--db", str(config.database_path), "deliver")
    assert "feladva / given up: 0" in delivered.stdout  # already marked by the listing
    # Only Gyorgy's went (--db without a config: into the file outbox); Anna's stays given up.
    assert "elküldve / sent: 1, sikertelen / failed: 0" in delivered.stdout
    [eml] = (config.data_dir / "outbox").glob("*.eml")
    assert "gyorgy@example.hu" in eml.read_text()

    audit = run_module("desktop.registry", "--db", str(config.database_path), "audit")
    assert any(
        "given-up" in line and "activation code expired" in line
        for line in audit.stdout.splitlines()
    ), audit.stdout


def test_a_registry_of_the_first_schema_is_migrated_and_its_queued_mail_gets_an_expiry(
    tmp_path: Path,
) -> None:
    config = smtp_config(tmp_path, free_port())
    clock = FakeClock()
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        [queued] = svc.queued_mail()
    # Take the file back to schema 1, as a registry made before the give-up rule would be.
    db = sqlite3.connect(config.database_path, isolation_level=None)
    db.execute("DROP TABLE sign_in_attempts")  # schema 3's additions
    db.execute("DROP TABLE failure_windows")
    db.execute("ALTER TABLE activation_codes DROP COLUMN code_enc")
    db.execute("DROP INDEX outbox_queued")
    db.execute("ALTER TABLE outbox DROP COLUMN code_expires_at")
    db.execute("ALTER TABLE outbox DROP COLUMN given_up_at")
    db.execute("CREATE INDEX outbox_queued ON outbox(next_attempt_at) WHERE sent_at IS NULL")
    db.execute("PRAGMA user_version = 1")
    v1_schema = _schema(db)
    db.close()
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        fresh.execute(statement)
    assert v1_schema == _schema(fresh)  # really the first schema, not an approximation

    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        [migrated] = svc.queued_mail()
        assert migrated.code_expires_at == queued.created_at + FIVE_DAYS
        clock.advance(days=5, seconds=1)
        assert svc.deliver_queued(force=True).given_up == 1
    db = sqlite3.connect(config.database_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert parse_ts(db.execute("SELECT given_up_at FROM outbox").fetchone()[0]) == clock()
    db.close()


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    # ALTER TABLE leaves its own spacing in the stored CREATE statement: compare the columns.
    return [(name, " ".join((sql or "").split())) for name, sql in rows]


def test_a_resend_gives_up_the_undelivered_mail_whose_code_it_replaces(
    tmp_path: Path, clock: FakeClock, registry_url: str | None
) -> None:
    port = free_port()  # the mail server is away when the first mail is queued
    config = smtp_config(tmp_path, port, registry_url)
    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        [first] = svc.queued_mail()
        clock.advance(seconds=120)  # past the one-resend-a-minute limit
        server = SmtpServer(port)
        server.start()
        try:
            assert svc.resend_activation("KisAnna").mail_status is MailStatus.SENT
            # The first mail holds a code that no longer works: it must never go out now.
            assert svc.deliver_queued(force=True).sent == 0
            [(_s, _r, msg)] = server.inbox.messages
        finally:
            server.stop()
        [superseded] = svc.queued_mail(include_given_up=True)
        assert superseded.id == first.id
        assert superseded.given_up_at == clock()
        plain = msg.get_body(preferencelist=("plain",))
        assert plain is not None
        code = activation_code_from(plain.get_content().replace("\r\n", "\n"))
        assert svc.activate("KisAnna", code, PASSWORD).username == "KisAnna"
