"""The citizen import, in process: the fast path accepts exactly what the full check accepts."""

from __future__ import annotations

import csv
import hmac
import secrets
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.registry import citizens
from desktop.registry.citizens import HEADER, _check_row, _RowProblem, import_csv, import_rows
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
    except CitizenImportError as exc:  # a refusal is one of the two answers wanted
        assert exc.line == 2  # noqa: PT017
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
    assert len(stored[1]) == 32
    assert b"Abcdef12345" not in stored[1]
    assert list(stored[2:]) == GOOD[2:]


def test_a_row_with_the_wrong_number_of_fields_names_its_line() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    with pytest.raises(CitizenImportError) as exc:
        import_rows(conn, RegistryKeys(b"k" * 32), [GOOD, GOOD[:12]], first_line=10)
    assert exc.value.line == 11
    assert exc.value.field is None


def _with_document(number: int) -> list[str]:
    row = list(GOOD)
    row[0] = f"{number:06d}AB"
    return row


@settings(max_examples=100, deadline=None)
@given(
    existing=st.lists(st.integers(0, 30), max_size=6, unique=True),
    incoming=st.lists(st.integers(0, 30), max_size=25),
)
def test_rows_in_any_order_are_all_imported_or_the_first_repeated_line_is_named(
    existing: list[int], incoming: list[int]
) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    keys = RegistryKeys(b"k" * 32)
    import_rows(conn, keys, [_with_document(n) for n in existing])
    # What the import must do, told the plain way: the first number seen before is refused.
    seen, expected_line = set(existing), None
    for offset, number in enumerate(incoming):
        if number in seen:
            expected_line = 2 + offset
            break
        seen.add(number)

    conn.execute("BEGIN")
    try:
        count = import_rows(conn, keys, [_with_document(n) for n in incoming])
    except CitizenImportError as exc:
        conn.execute("ROLLBACK")
        assert (exc.line, exc.field) == (expected_line, "document_number")  # noqa: PT017
    else:
        conn.execute("COMMIT")
        assert expected_line is None
        assert count == len(incoming)
    stored = [r[0] for r in conn.execute("SELECT document_number FROM citizens")]
    wanted = existing if expected_line is not None else existing + incoming
    assert stored == sorted(f"{n:06d}AB" for n in wanted)
    # The load table is gone either way: a second import in this connection starts clean.
    assert conn.execute("SELECT count(*) FROM temp.sqlite_schema").fetchone()[0] == 0


def test_a_bad_row_after_rows_out_of_order_still_names_its_line_and_imports_nothing(
    tmp_path: Path,
) -> None:
    # Rising, then not: both ways of loading are in use before the bad row on line 6.
    rows = [_with_document(number) for number in (5, 9, 2, 7, 8)]
    rows[-1][10] = "N"
    path = tmp_path / "citizens.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([HEADER, *rows])
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    conn.execute("BEGIN")
    with pytest.raises(CitizenImportError) as exc:
        import_csv(conn, RegistryKeys(b"k" * 32), path)
    conn.execute("ROLLBACK")
    assert (exc.value.line, exc.value.field) == (6, "sex")
    assert conn.execute("SELECT count(*) FROM citizens").fetchone()[0] == 0


def test_a_repeated_document_is_named_by_its_line_in_the_file_even_after_a_blank_line(
    tmp_path: Path,
) -> None:
    first, second, again = _with_document(3), _with_document(1), _with_document(3)
    path = tmp_path / "citizens.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerows([HEADER, first])
        f.write("\n")  # a blank line is no row, but it is a line
        writer.writerows([second, again])
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    with pytest.raises(CitizenImportError) as exc:
        import_csv(conn, RegistryKeys(b"k" * 32), path)
    assert (exc.value.line, exc.value.field) == (5, "document_number")


@pytest.fixture(params=["in this process", "in a helper process"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the file read here and, again, by the helper process large files get."""
    if request.param == "in a helper process":
        monkeypatch.setattr(citizens, "HELPER_MIN_BYTES", 0)
    else:
        monkeypatch.setattr(citizens, "HELPER_MIN_BYTES", 1 << 62)
    return str(request.param)


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([HEADER, *rows])
    return path


def _registry() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    conn.execute("BEGIN")
    return conn


def test_a_file_imports_the_same_whichever_process_reads_it(reading: str, tmp_path: Path) -> None:
    numbers = [(n * 7919) % 5000 for n in range(5000)]  # a scrambled order
    conn = _registry()
    keys = RegistryKeys(b"k" * 32)
    assert import_csv(conn, keys, _csv(tmp_path / "c.csv", [_with_document(n) for n in numbers]))
    stored = conn.execute("SELECT document_number, registration_code_mac FROM citizens").fetchall()
    assert [d for d, _ in stored] == [f"{n:06d}AB" for n in range(5000)]
    assert {bytes(m) for _, m in stored} == {keys.mac(Purpose.REGISTRATION_CODE, GOOD[1])}


@pytest.mark.parametrize(
    ("change", "line", "field"),
    [
        ((4000, 10, "N"), 4002, "sex"),
        ((4000, 0, f"{(4000 * 7919) % 5000 - 1:06d}AB"), 4002, "document_number"),
    ],
)
def test_a_bad_or_repeated_row_is_named_whichever_process_reads_the_file(
    reading: str, tmp_path: Path, change: tuple[int, int, str], line: int, field: str
) -> None:
    numbers = [(n * 7919) % 5000 for n in range(5000)]
    rows = [_with_document(n) for n in numbers]
    at, column, value = change
    rows[at][column] = value
    conn = _registry()
    with pytest.raises(CitizenImportError) as exc:
        import_csv(conn, RegistryKeys(b"k" * 32), _csv(tmp_path / "c.csv", rows))
    conn.execute("ROLLBACK")
    assert (exc.value.line, exc.value.field) == (line, field)
    assert conn.execute("SELECT count(*) FROM citizens").fetchone()[0] == 0


def test_a_file_that_is_not_utf8_is_named_by_its_line_whichever_process_reads_it(
    reading: str, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "c.csv", [_with_document(n) for n in range(3)])
    path.write_bytes(path.read_bytes() + "999999ZZ,Kovács".encode("latin-1") + b"\n")
    with pytest.raises(CitizenImportError) as exc:
        import_csv(_registry(), RegistryKeys(b"k" * 32), path)
    assert exc.value.line == 5
    assert "UTF-8" in exc.value.message.en


def test_without_multiprocessing_a_large_file_is_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build without multiprocessing (or a system that cannot fork) must still import.
    monkeypatch.setattr(citizens, "HELPER_MIN_BYTES", 0)
    monkeypatch.setitem(sys.modules, "multiprocessing", None)  # `import` now fails
    assert not citizens._can_fork_helper()
    conn = _registry()
    path = _csv(tmp_path / "c.csv", [_with_document(n) for n in (3, 1, 2)])
    assert import_csv(conn, RegistryKeys(b"k" * 32), path) == 3
    assert conn.execute("SELECT count(*) FROM citizens").fetchone() == (3,)


def test_on_postgresql_rows_in_any_order_are_all_imported_or_the_first_repeated_line_is_named(
    postgresql_url: str,
) -> None:
    import psycopg

    from desktop.registry.citizens import copy_into_postgresql
    from desktop.registry.pg_migrations import migrate as migrate_pg

    keys = RegistryKeys(b"k" * 32)
    with psycopg.connect(postgresql_url, autocommit=True) as conn:
        migrate_pg(conn)

        @settings(max_examples=60, deadline=None)
        @given(
            existing=st.lists(st.integers(0, 30), max_size=6, unique=True),
            incoming=st.lists(st.integers(0, 30), max_size=25),
        )
        def check(existing: list[int], incoming: list[int]) -> None:
            conn.execute("TRUNCATE citizens CASCADE")
            with conn.transaction():
                copy_into_postgresql(conn, keys, [_with_document(n) for n in existing])
            seen, expected_line = set(existing), None
            for offset, number in enumerate(incoming):
                if number in seen:
                    expected_line = 2 + offset
                    break
                seen.add(number)
            try:
                with conn.transaction():
                    count = copy_into_postgresql(conn, keys, [_with_document(n) for n in incoming])
            except CitizenImportError as exc:  # a refusal is one of the two answers wanted
                assert (exc.line, exc.field) == (expected_line, "document_number")  # noqa: PT017
            else:
                assert expected_line is None
                assert count == len(incoming)
            stored = [
                r[0]
                for r in conn.execute(
                    "SELECT document_number FROM citizens ORDER BY document_number"
                )
            ]
            wanted = existing if expected_line is not None else existing + incoming
            assert stored == sorted(f"{n:06d}AB" for n in wanted)

        check()
