"""The demo registry: the fictional citizens of `resources/demo/`, matching the virtual cards.

QA needs each demo citizen's CAN next to the registration code. The CAN belongs to the card,
so it is read from the card's profile in `resources/virtual-cards/` (TOML `[access] can`,
matched by `[document] document_number`); the table below is used only for a document whose
profile is not there.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.resources import resources_dir

if TYPE_CHECKING:
    from desktop.registry.service import RegistrationService

# The CANs printed on the demo cards (resources/demo/README.md).
_FALLBACK_CANS = {
    "201847KA": "123456",
    "318205BD": "482913",
    "574120CE": "739150",
    "609318HF": "951357",
    "095533AA": "246810",
}
EMBEDDED_DEFAULT = "201847KA"


@dataclass(frozen=True)
class DemoCitizen:
    document_number: str
    name: str
    can: str | None
    registration_code: str
    document_expiry: str


def demo_csv() -> Path:
    return resources_dir() / "demo" / "citizens.csv"


def card_cans(profiles_dir: Path | None = None) -> dict[str, str]:
    """CAN by document number, from the virtual-card profiles that exist."""
    directory = profiles_dir or resources_dir() / "virtual-cards"
    cans: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
        try:
            with path.open("rb") as f:
                profile = tomllib.load(f)
            number = profile["document"]["document_number"]
            can = profile["access"]["can"]
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
            continue
        if isinstance(number, str) and isinstance(can, str | int):
            cans[number] = str(can)
    return cans


def _rows() -> list[list[str]]:
    with demo_csv().open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return [r for r in rows[1:] if r]


def demo_citizens() -> list[DemoCitizen]:
    """Each demo citizen with the CAN of their card and their registration code."""
    cans = {**_FALLBACK_CANS, **card_cans()}
    return [
        DemoCitizen(
            document_number=r[0],
            name=f"{r[2]} {r[3]}",
            can=cans.get(r[0]),
            registration_code=r[1],
            document_expiry=r[12],
        )
        for r in _rows()
    ]


def seed_demo(service: RegistrationService) -> int:
    """Import the demo citizens not yet in the registry; returns how many were added."""
    rows = _rows()
    present = service.known_documents(r[0] for r in rows)
    missing = [r for r in rows if r[0] not in present]
    if not missing:
        return 0
    return service.import_citizen_rows(missing)


def seed_demo_if_empty(service: RegistrationService) -> bool:
    """On the embedded default's first start: fill an empty registry with the demo citizens."""
    if service.citizen_count() > 0:
        return False
    seed_demo(service)
    return True
