"""Read the document number (and the rest of the MRZ) from an eID chip over PC/SC.

Layers, bottom up: transport (PC/SC or the virtual chip) -> APDU session (GET RESPONSE,
wrong Le, extended length) -> secure messaging -> access control (PACE, BAC) -> LDS files
-> `read_document`. Nothing here imports Qt or SQL; heavy crypto imports are lazy so that
`import cardreader` stays cheap.
"""
