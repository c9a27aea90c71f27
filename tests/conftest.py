from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator

import pytest

from tests.postgresql import Server


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[Server]:
    """The private PostgreSQL cluster (or UGYFELKAPU_TEST_POSTGRESQL's server), started once
    per run on first use and stopped at the end."""
    server = Server()
    yield server
    server.close()


@pytest.fixture
def postgresql_url(postgresql_server: Server) -> Iterator[str]:
    """A new empty database for one test; dropped afterwards."""
    url = postgresql_server.create_database()
    yield url
    postgresql_server.drop_database(url)
