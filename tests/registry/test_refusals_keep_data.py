"""A refusal never destroys what the person had (issue 10, defect 5).

`register` used to delete the document's pending account before it checked the username; the
refusal committed (for its audit entry) and took the pending account, its activation code and
its queued e-mail with it.
"""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest

from desktop.config import Config
from desktop.messages import Message
from desktop.registry import RegistrationService, open_service, seed_demo
from desktop.registry.errors import MailDeliveryError, UsernameTaken
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.conftest import (
    EVA,
    GYORGY,
    PASSWORD,
    FakeClock,
    activation_code_from,
    query,
    totp_now,
)
from tests.registry.test_concurrency import seed, spawn
from tests.registry.worker import generated_citizen


def _code_mailed_to(service: RegistrationService, address: str) -> str:
    [mail] = [m for m in service.delivered_mail() if m.to == address]
    return activation_code_from(mail.text)


def _pending_rows(service: RegistrationService) -> list[tuple[str, str, str]]:
    return [(a.username, a.document_number, a.state) for a in service.accounts()]


def test_a_taken_username_leaves_the_persons_pending_account_code_and_mail_as_they_were(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*GYORGY), "NagyGyorgy", "nagy.gyorgy@example.hu")
    service.register(service.verify(*EVA), "KisAnna", "kis.anna@example.hu")
    mailed_code = _code_mailed_to(service, "kis.anna@example.hu")
    before = _pending_rows(service)

    with pytest.raises(UsernameTaken):
        service.register(service.verify(*EVA), "nagygyorgy", "kis.anna@example.hu")

    assert _pending_rows(service) == before
    assert sorted(m.to for m in service.delivered_mail()) == [
        "kis.anna@example.hu",
        "nagy.gyorgy@example.hu",
    ]
    # The code already mailed still activates the account.
    enrolment = service.activate("KisAnna", mailed_code, PASSWORD)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))


def test_a_taken_username_leaves_a_queued_activation_mail_in_the_outbox(
    config: Config, clock: FakeClock
) -> None:
    class Down:
        def send(self, msg: EmailMessage) -> None:
            raise MailDeliveryError(Message("A levelező nem elérhető.", "The mail server is down."))

    with open_service(config, clock=clock, password_params=FAST_FOR_TESTS, transport=Down()) as svc:
        seed_demo(svc)
        svc.register(svc.verify(*GYORGY), "NagyGyorgy", "nagy.gyorgy@example.hu")
        svc.register(svc.verify(*EVA), "KisAnna", "kis.anna@example.hu")
        queued = [q.recipient for q in svc.queued_mail()]
        assert "kis.anna@example.hu" in queued
        with pytest.raises(UsernameTaken):
            svc.register(svc.verify(*EVA), "NagyGyorgy", "kis.anna@example.hu")
        assert [q.recipient for q in svc.queued_mail()] == queued


def test_two_windows_of_one_person_a_taken_name_in_the_second_keeps_the_first_registration(
    service: RegistrationService, clock: FakeClock
) -> None:
    service.register(service.verify(*GYORGY), "NagyGyorgy", "nagy.gyorgy@example.hu")
    # Two windows (or two kiosks) verified the same card; the first registers, then the
    # second tries a name that is taken.
    first, second = service.verify(*EVA), service.verify(*EVA)
    service.register(first, "KisAnna", "kis.anna@example.hu")
    mailed_code = _code_mailed_to(service, "kis.anna@example.hu")
    with pytest.raises(UsernameTaken):
        service.register(second, "NagyGyorgy", "kis.anna@example.hu")
    enrolment = service.activate("KisAnna", mailed_code, PASSWORD)
    service.confirm_second_factor("KisAnna", totp_now(enrolment, clock()))


def test_the_person_may_register_again_under_their_own_pending_username(
    service: RegistrationService,
) -> None:
    service.register(service.verify(*EVA), "KisAnna", "kis.ana@example.hu")
    service.register(service.verify(*EVA), "kisanna", "kis.anna@example.hu")
    [account] = service.accounts()
    assert (account.username, account.email) == ("kisanna", "kis.anna@example.hu")


def test_processes_registering_one_document_with_free_and_taken_names_never_lose_it(
    config: Config,
) -> None:
    data_dir = config.data_dir
    seed(config, 2)
    taken_by_other = "Foglaltnev"
    with open_service(config, password_params=FAST_FOR_TESTS) as svc:
        other = generated_citizen(1)
        svc.register(svc.verify(other[0], other[1]), taken_by_other, "foglalt@example.hu")
    doc, code = generated_citizen(0)[:2]
    go = data_dir.parent / "go"
    # Four processes race on the one document, each alternating its own free name with the
    # taken one and ending with the taken one: whatever the interleaving, refusals come after
    # successes. A registration whose verification is older than another process's
    # registration of the document is refused too ("verify again"): it may not replace it.
    workers = []
    for own in ("Elsonev", "Masodiknev", "Harmadiknev", "Negyediknev"):
        tasks = [f"{doc}:{code}:{name}" for _ in range(4) for name in (own, taken_by_other)]
        workers.append(spawn(config, "contest", str(data_dir), str(go), ",".join(tasks)))
    time.sleep(0.8)
    go.touch()
    succeeded: set[str] = set()
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        for line in out.splitlines():
            name, outcome = line.split(" ", 1)
            assert outcome in ("ok", "taken", "refused"), line
            if outcome == "ok":
                succeeded.add(name)
            if name == taken_by_other:
                assert outcome != "ok", line
    assert succeeded

    # `query` reads either engine, whose parameter marks differ: the test's own values are
    # written into the SQL.
    [(account_id, username, state)] = query(
        config,
        f"SELECT id, username, state FROM accounts WHERE document_number = '{doc}'",  # noqa: S608
    )
    assert (username in succeeded, state) == (True, "pending")
    assert query(
        config, f"SELECT count(*) FROM activation_codes WHERE account_id = {account_id}"  # noqa: S608
    ) == [(1,)]
    [(mails,)] = query(config, f"SELECT count(*) FROM outbox WHERE account_id = {account_id}")  # noqa: S608
    assert mails >= 1
