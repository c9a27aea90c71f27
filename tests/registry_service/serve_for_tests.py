"""The service as the tests run it: `ugyfelkapu-registry serve`, with the demo citizens seeded
and Argon2 at its test cost (the production cost would make each activation ~0.5 s).

    python -m tests.registry_service.serve_for_tests CONFIG
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.config import Config
from desktop.registry import RegistrationService, open_service, seed_demo_if_empty
from desktop.registry.passwords import FAST_FOR_TESTS
from desktop.registry_service import cli


def open_for_tests(config: Config) -> RegistrationService:
    registry = open_service(config, password_params=FAST_FOR_TESTS)
    seed_demo_if_empty(registry)
    return registry


if __name__ == "__main__":
    raise SystemExit(cli.serve(Path(sys.argv[1]), open_registry=open_for_tests))
