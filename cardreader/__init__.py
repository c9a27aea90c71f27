"""Read the document number (and the rest of the MRZ) from an eID chip over PC/SC.

Layers, bottom up: transport (PC/SC or the virtual chip) -> APDU session (GET RESPONSE,
wrong Le, extended length) -> secure messaging -> access control (PACE, BAC) -> LDS files
-> `read_document`. Nothing here imports Qt or SQL; heavy crypto imports are lazy so that
`import cardreader` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cardreader.reader import read_document

__all__ = ["read_document"]


def __getattr__(name: str) -> Any:
    # Lazy: `import cardreader` must stay cheap (no cryptography, no asn1crypto).
    if name == "read_document":
        from cardreader.reader import read_document

        return read_document
    raise AttributeError(f"module 'cardreader' has no attribute {name!r}")
