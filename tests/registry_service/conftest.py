"""Fixtures: an operator PKI, an SMTP server and a running service, all made by the test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.registry_service.harness import Pki, Service, Smtp, make_pki, smtp_server, write_config

GENEROUS = {"per_client_burst": 10_000, "per_client_rate": 10_000, "total_burst": 100_000,
            "total_rate": 100_000}  # fmt: skip


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def service(tmp_path: Path, pki: Pki, smtp: Smtp) -> Iterator[Service]:
    svc = write_config(tmp_path, pki, smtp.port, limits=GENEROUS)
    svc.start()
    yield svc
    svc.stop()
