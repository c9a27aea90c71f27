"""The service as the tests run it: `ugyfelkapu-registry serve`, with the demo citizens seeded
and Argon2 at its test cost (the production cost would make each activation ~0.5 s). With
UGYFELKAPU_TEST_MAIL_LEASE set, a mail leased by a killed process is free again after that many
seconds instead of two minutes, so a kill -9 test need not wait for it. With
UGYFELKAPU_TEST_SLOW_VERIFY set, every verify first sleeps that many seconds (the time limit).

    python -m tests.registry_service.serve_for_tests CONFIG
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from desktop.config import Config
from desktop.registry import RegistrationService, open_service, seed_demo_if_empty
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry_service import cli


def open_for_tests(config: Config) -> RegistrationService:
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo_if_empty(registry)
    slow = os.environ.get("UGYFELKAPU_TEST_SLOW_VERIFY")
    if slow:
        import time

        verify = registry.verify

        def slow_verify(*args: object, **kwargs: object) -> object:
            time.sleep(float(slow))
            return verify(*args, **kwargs)  # type: ignore[arg-type]

        registry.verify = slow_verify  # type: ignore[method-assign, assignment]
    return registry


if __name__ == "__main__":
    lease = os.environ.get("UGYFELKAPU_TEST_MAIL_LEASE")
    if lease:
        from desktop.registry import outbox

        outbox.LEASE = timedelta(seconds=float(lease))
    raise SystemExit(cli.serve(Path(sys.argv[1]), open_registry=open_for_tests))
