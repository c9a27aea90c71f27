"""Activation and recovery codes: how they are drawn and how what a person types is read.

A–Z and 2–9 without the easily confused I, O, 0 and 1: 32 symbols, 5 bits each, in groups
of four (`XXXX-XXXX-XXXX`).
"""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ACTIVATION_GROUPS = 3
RECOVERY_GROUPS = 4
GROUP = 4


def new_code(groups: int) -> str:
    """A random code like `XXXX-XXXX-XXXX` from CODE_ALPHABET, drawn with `secrets`."""
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(GROUP)) for _ in range(groups)
    )


def normalize_code(text: str) -> str:
    """Codes are accepted with or without dashes and spaces, in any case."""
    return "".join(c for c in text if c not in "- \t").upper()


def looks_like_code(value: str, groups: int) -> bool:
    """Whether a normalised `value` has the shape of a code of `groups` groups."""
    return len(value) == groups * GROUP and all(c in CODE_ALPHABET for c in value)
