"""The readers the diagnostics know by name (`resources/readers.toml`), matched by PC/SC name.

Each entry is a public fact with its source (the CCID driver's reader list, AusweisApp's
supported readers); the doctor shows the matching entry's verdict, note and driver advice.
"""

from __future__ import annotations

import enum
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cardreader.resources import resources_dir


class Verdict(enum.Enum):
    GOOD = "good"
    WORKS = "works"
    AVOID = "avoid"


class ReaderInterface(enum.Enum):
    CONTACT = "contact"
    CONTACTLESS = "contactless"
    DUAL = "dual"


@dataclass(frozen=True)
class KnownReader:
    name: str
    pattern: re.Pattern[str]
    interface: ReaderInterface
    verdict: Verdict
    note_hu: str
    note_en: str
    driver_hu: str
    driver_en: str
    sources: tuple[str, ...]


class ReaderListError(ValueError):
    """readers.toml does not parse or an entry lacks a key (the message names the entry)."""


_KEYS = ("name", "pattern", "interface", "verdict", "note_hu", "note_en", "driver_hu", "driver_en")


def parse_reader_list(text: str) -> tuple[KnownReader, ...]:
    """Parse and validate the reader list; any fault raises ReaderListError."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ReaderListError(f"readers.toml: {exc}") from None
    entries = raw.get("reader", [])
    if not isinstance(entries, list):
        raise ReaderListError("readers.toml: [[reader]] must be an array of tables")
    readers: list[KnownReader] = []
    for index, entry in enumerate(entries, 1):
        where = f"readers.toml entry {index}"
        if not isinstance(entry, dict):
            raise ReaderListError(f"{where}: not a table")
        for key in _KEYS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ReaderListError(f"{where}: {key} missing or empty")
        sources = entry.get("sources")
        if (
            not isinstance(sources, list)
            or not sources
            or not all(isinstance(s, str) for s in sources)
        ):
            raise ReaderListError(f"{where}: sources must name at least one public source")
        try:
            pattern = re.compile(entry["pattern"], re.IGNORECASE)
            interface = ReaderInterface(entry["interface"])
            verdict = Verdict(entry["verdict"])
        except (re.error, ValueError) as exc:
            raise ReaderListError(f"{where}: {exc}") from None
        readers.append(
            KnownReader(
                entry["name"],
                pattern,
                interface,
                verdict,
                entry["note_hu"],
                entry["note_en"],
                entry["driver_hu"],
                entry["driver_en"],
                tuple(sources),
            )
        )
    return tuple(readers)


def reader_list_path() -> Path:
    return resources_dir() / "readers.toml"


@functools.lru_cache(maxsize=1)
def known_readers() -> tuple[KnownReader, ...]:
    """The shipped list; empty (never an exception) when the file is missing or broken."""
    try:
        return parse_reader_list(reader_list_path().read_text(encoding="utf-8"))
    except (OSError, ReaderListError):
        return ()


def match_reader(
    pcsc_name: str, readers: tuple[KnownReader, ...] | None = None
) -> KnownReader | None:
    """The first entry whose pattern occurs in the PC/SC reader name, or None."""
    for known in known_readers() if readers is None else readers:
        if known.pattern.search(pcsc_name):
            return known
    return None
