"""pandera models: the data rules of SPEC sections 4, 7 and 9, readable as a specification.

`schemas` imports nothing from `pipeline`: what both need (the NIP rule, the event
statuses) lives here, and `pipeline` imports it.
"""
