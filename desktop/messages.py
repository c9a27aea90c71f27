"""A user-facing message in both languages the app speaks, Hungarian first.

The registry has no Qt, so its messages cannot go through Qt Linguist; they carry both
languages and the UI picks one. Qt-side text uses `tr()` and the `.ts` files instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    hu: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.hu

    def __str__(self) -> str:
        return self.en
