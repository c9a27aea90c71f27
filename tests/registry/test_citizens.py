"""The citizen import, in process: the fast path accepts exactly what the full check accepts."""

from __future__ import annotations

import hmac
import secrets
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.registry.citizens import HEADER, _check_row, _RowProblem, import_rows
from desktop.registry.crypto import Purpose, RegistryKeys
from desktop.registry.errors import CitizenImportError
from desktop.registry.migrations import migrate

GOOD = [
    "123456AB",
    "Abcdef12345",
    "Kőműves",
    "Kelemen Ödön",
    "Kőműves",
    "Kelemen Ödön",
    "Fűzfa Tünde",
    "Győr",
    "1990-07-21",
    "HUN",
    "M",
    "9021 Győr, Baross Gábor út 21.",
    "2032-01-15",
]


def test_bulk_keyed_hash_equals_hmac_sha256() -> None:
    keys = RegistryKeys(secrets.token_bytes(32))
    bulk = keys.bulk_mac(Purpose.REGISTRATION_CODE)
    for value in ("Q4mT7xR2kW9", "", "x" * 100, "Ő"):
        assert bulk(value.encode()) == keys.mac(Purpose.REGISTRATION_CODE, value)
        assert keys.mac(Purpose.REGISTRATION_CODE, value) != keys.mac(
            Purpose.ACTIVATION_CODE, value
        )
    assert len(bulk(b"a")) == 32
    assert not hmac.compare_digest(bulk(b"a"), bulk(b"b"))


def _accepted_by_full_check(row: list[str]) -> bool:
    try:
        _check_row(row)
    except _RowProblem:
        return False
    return True


def _accepted_by_import(row: list[str]) -> bool:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    try:
        import_rows(conn, RegistryKeys(b"k" * 32), [row])
    except CitizenImportError as exc:
        assert exc.line == 2
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(HEADER) - 1),
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(
            [
                "",
                " ",
                "\t",
                "\u00a0",
                "\u00ad",
                "a\x1fb",
                "2024-02-30",
                "2024-02-29",
                "20240229",
                "hun",
                "HUN",
                "X",
                "N",
                "A" * 201,
                "ÁÉÍÓÖŐÚÜŰ",
                "Кovács",
            ]
        ),
    ),
)
def test_a_row_is_imported_exactly_when_the_full_check_accepts_it(column: int, value: str) -> None:
    row = list(GOOD)
    row[column] = value
    assert _accepted_by_import(row) == _accepted_by_full_check(row)


def test_an_imported_row_is_readable_back_and_its_code_is_only_a_hash() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    assert import_rows(conn, RegistryKeys(b"k" * 32), [GOOD, []]) == 1
    stored = conn.execute("SELECT * FROM citizens").fetchone()
    assert stored[0] == "123456AB"
    assert len(stored[1]) == 32 and b"Abcdef12345" not in stored[1]
    assert list(stored[2:]) == GOOD[2:]


def test_a_row_with_the_wrong_number_of_fields_names_its_line() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    with pytest.raises(CitizenImportError) as exc:
        import_rows(conn, RegistryKeys(b"k" * 32), [GOOD, GOOD[:12]], first_line=10)
    assert exc.value.line == 11 and exc.value.field is None
