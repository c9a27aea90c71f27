"""Generated citizens for the registry benchmarks: deterministic, valid, any number of them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from desktop.registry.citizens import HEADER

SERIES = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
FAMILY = [
    "Nagy",
    "Kovács",
    "Tóth",
    "Szabó",
    "Horváth",
    "Varga",
    "Kiss",
    "Molnár",
    "Németh",
    "Farkas",
]
GIVEN = ["Anna", "Éva", "Zsófia", "Péter", "László", "Gábor", "Ildikó", "Ödön", "Győző", "Ágnes"]
PLACES = ["Budapest", "Debrecen", "Szeged", "Miskolc", "Pécs", "Győr", "Nyíregyháza", "Eger"]


def document_number(i: int, shuffled: bool, count: int = 1_000_000) -> str:
    """The `i`-th of `count` document numbers: in key (text) order, or scrambled."""
    if shuffled:
        serial, series = i % 1_000_000, i // 1_000_000
        # 7919 is prime to 10**6: a permutation of the serials, so keys arrive in random order.
        serial = (serial * 7919 + 12345) % 1_000_000
    else:
        # Key order is the serial first, then the series letters.
        series_count = -(-count // 1_000_000)
        serial, series = i // series_count, i % series_count
    return f"{serial:06d}{SERIES[series]}"


def registration_code(i: int) -> str:
    return f"R{i:010d}"


def rows(count: int, *, shuffled: bool = True) -> Iterator[list[str]]:
    """`count` citizens in the CSV's column order."""
    for i in range(count):
        family = FAMILY[i % 10]
        given = GIVEN[(i // 10) % 10]
        yield [
            document_number(i, shuffled, count),
            registration_code(i),
            family,
            given,
            family,
            given,
            f"{FAMILY[(i // 7) % 10]} {GIVEN[(i // 3) % 10]}",
            PLACES[i % 8],
            f"{1940 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "HUN",
            "MF"[i % 2],
            f"{1000 + i % 9000} {PLACES[(i // 8) % 8]}, Fő utca {1 + i % 200}.",
            f"{2027 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}",
        ]


def write_csv(path: Path, count: int, *, shuffled: bool = True) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows(count, shuffled=shuffled))
