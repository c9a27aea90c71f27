"""The administrator's use cases: importing citizens, listing accounts, lifting locks, the
audit log. Apart from the person's (service.py); the same storage interface underneath."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from desktop.registry import rules
from desktop.registry.audit import AuditEntry, Event, Outcome
from desktop.registry.crypto import RegistryKeys
from desktop.registry.models import Person
from desktop.registry.storage import AccountSummary, RegistryStore, UnitOfWork


class Administration:
    def __init__(
        self, store: RegistryStore, keys: RegistryKeys, now: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._keys = keys
        self._now = now

    def import_citizens_csv(self, path: Path) -> int:
        """Import a citizen CSV all or nothing; returns the number of rows imported."""

        def audit(uow: UnitOfWork, count: int) -> None:
            detail = f"imported {count} citizens from {path.name}"
            uow.record(self._now(), Event.ADMIN, None, Outcome.OK, detail)

        return self._store.import_citizens(self._keys, path, audit)

    def import_citizen_rows(self, rows: Iterable[list[str]]) -> int:
        """Import rows in the CSV's column order, all or nothing."""

        def audit(uow: UnitOfWork, count: int) -> None:
            uow.record(self._now(), Event.ADMIN, None, Outcome.OK, f"imported {count} citizens")

        return self._store.import_citizens(self._keys, rows, audit)

    def citizen_count(self) -> int:
        return self._store.read(lambda uow: uow.citizen_count())

    def known_documents(self, document_numbers: Iterable[str]) -> set[str]:
        """Which of these document numbers are in the registry."""
        wanted = list(document_numbers)
        return self._store.read(lambda uow: uow.known_documents(wanted))

    def person(self, document_number: str) -> Person | None:
        """The registry's data for a document (admin and QA use; no secrets)."""
        found = self._store.read(lambda uow: uow.citizen(document_number))
        return found[1] if found else None

    def accounts(self) -> list[AccountSummary]:
        return self._store.read(lambda uow: uow.accounts())

    def unlock(self, document_number: str) -> bool:
        """Lift the verification lock of a document and the sign-in lock of its account.

        Returns whether anything was locked.
        """
        doc = rules.check_document_number(document_number)

        def run(uow: UnitOfWork) -> bool:
            unlocked = uow.unlock_document(doc)
            uow.record(self._now(), Event.ADMIN, doc, Outcome.OK, "unlock")
            return unlocked

        return self._store.write(run)

    def audit_entries(self, limit: int = 100) -> list[AuditEntry]:
        return self._store.read(lambda uow: uow.audit_entries(limit))

    def record_action(self, action: str, subject: str | None = None) -> None:
        self._store.write(
            lambda uow: uow.record(self._now(), Event.ADMIN, subject, Outcome.OK, action)
        )
