"""The lengths a person is told before typing: part of the contract, so any client can say them.

`desktop.registry.rules` enforces them; the wizard shows them in its hints.
"""

from __future__ import annotations

USERNAME_MIN = 4
USERNAME_MAX = 64
PASSWORD_MIN = 12
PASSWORD_MAX = 128
# A document ID: six digits, then two letters (201847KA).
DOCUMENT_NUMBER_DIGITS = 6
DOCUMENT_NUMBER_LETTERS = 2
DOCUMENT_NUMBER_LENGTH = DOCUMENT_NUMBER_DIGITS + DOCUMENT_NUMBER_LETTERS
REGISTRATION_CODE_LENGTH = 11
