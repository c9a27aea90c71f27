"""The contract's seam: importing the contract costs no backend; `opening` opens the embedded
registry only when called, and what it opens keeps the contract (real SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import Config
from desktop.registration import RegistrationService, VerificationFailed, error_from_wire
from desktop.registration.opening import (
    input_rules,
    open_mail_queue,
    open_registry,
    read_file_outbox,
)

REPO = Path(__file__).resolve().parents[2]
BACKEND = ["desktop.registry", "sqlite3", "cryptography", "email_validator", "smtplib", "argon2"]
# Demo citizen Éva (resources/demo/citizens.csv).
EVA_DOCUMENT = "201847KA"


def _modules_after(statement: str) -> set[str]:
    probe = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def _backend_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == b or m.startswith(b + ".") for b in BACKEND))


def test_importing_the_whole_contract_and_its_seam_loads_no_backend() -> None:
    modules = _modules_after(
        "import desktop.registration as r\n"
        "from desktop.registration import errors, limits, mail, models, opening, protocols, words\n"
        "[getattr(r, name) for name in r.__all__]"
    )
    assert "desktop.registration.opening" in modules
    assert _backend_in(modules) == []


def test_the_config_no_longer_imports_the_registry() -> None:
    modules = _modules_after("import desktop.config")
    assert _backend_in(modules) == []


def test_the_probe_sees_the_backend_when_it_is_imported() -> None:
    # The check above is only worth something if it would see the backend.
    assert "desktop.registry" in _backend_in(_modules_after("import desktop.registry.models"))


def test_the_seam_opens_a_registry_that_keeps_the_contract(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path)
    registry: RegistrationService = open_registry(config, seed_demo=True)
    try:
        with pytest.raises(VerificationFailed) as refused:
            registry.verify(EVA_DOCUMENT, "Q4mT7xR2kWX")
        assert refused.value.attempts_left == 4
        again = error_from_wire(json.loads(json.dumps(refused.value.to_wire())))
        assert isinstance(again, VerificationFailed)
        assert again.message == refused.value.message
        verification = registry.verify(EVA_DOCUMENT, "Q4mT7xR2kW9")
        assert verification.person.document_number == EVA_DOCUMENT
        assert registry.deliver_queued().sent == 0
    finally:
        registry.close()
    queue = open_mail_queue(config)
    try:
        assert list(queue.queued_mail()) == []
    finally:
        queue.close()
    assert read_file_outbox(config) == []


def test_the_input_rules_are_reached_through_the_seam() -> None:
    rules = input_rules()
    assert not all(check.ok for check in rules.username_checklist("ab"))
    assert all(check.ok for check in rules.username_checklist("KisAnna"))
    assert rules.password_assessment("nyári almafa kék villamos").acceptable
    assert rules.check_email("anna@example.hu") == "anna@example.hu"
