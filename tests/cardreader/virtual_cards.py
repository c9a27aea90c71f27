"""Helpers: virtual chips from the shipped profiles, with changes for one test."""

from __future__ import annotations

import dataclasses
from typing import Any

from cardreader.virtual.chip import VirtualChip
from cardreader.virtual.connection import VirtualTransport
from cardreader.virtual.profile import Profile, load_profile


def profile(name: str = "kovacs-eva", **changes: Any) -> Profile:
    """A shipped profile with some of its sections replaced (chip=..., faults=...)."""
    return dataclasses.replace(load_profile(name), **changes)


def transport(name: str = "kovacs-eva", **changes: Any) -> VirtualTransport:
    return VirtualTransport(VirtualChip(profile(name, **changes)))
