"""A kiosk attendant's approval of typing the document ID is in the audit log, and the admin
CLI lists it."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.config import Config
from desktop.registration.models import ManualEntryReason
from desktop.registry import open_service
from desktop.registry.passwords import FAST_FOR_TESTS
from tests.registry.test_admin import admin


@pytest.mark.parametrize("reason", list(ManualEntryReason))
def test_an_approval_is_audited_with_its_reason_and_no_subject_but_the_kiosk(
    tmp_path: Path, reason: ManualEntryReason
) -> None:
    config = Config(data_dir=tmp_path / "data")
    with open_service(config, password_params=FAST_FOR_TESTS) as svc:
        svc.record_manual_entry_allowed(reason)
        entries = [e for e in svc.audit_entries() if e.event == "manual-entry-allowed"]
    assert [(e.subject, e.outcome, e.detail) for e in entries] == [("kiosk", "ok", reason.value)]
    code, out, _err = admin(config.data_dir / "registry.sqlite3", "audit")
    assert code == 0
    assert "manual-entry-allowed" in out
    assert reason.value in out
